// SDK conformance: the ClassicLink actions of vpc 2017-03-12 (AttachClassicLinkVpc,
// DetachClassicLinkVpc, DescribeClassicLinkInstances, DescribeVpcTaskResult) and rules CL2-CL6.
// Regions ap-beijing (most tests), ap-chongqing (CIDR rule) and ap-chengdu (the "other region")
// belong to this file.
import { beforeAll, describe, expect, inject, it } from "vitest";
import { clients, expectCode } from "../helpers/sdk";
import {
  attach,
  instance,
  linkedTo,
  linkOf,
  makeClassic,
  makeSubnet,
  makeVpc,
  makeVpcInstance,
  routesOf,
  type Clients,
} from "../helpers/resources";

const REGION = "ap-beijing";
const ZONE = `${REGION}-3`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let c: Clients;
/** A VPC that no test links anything to, and a classic instance that no test links. */
let sharedVpc: string;
let shared: string;
beforeAll(async () => {
  c = clients(inject("devPort"), REGION);
  sharedVpc = await makeVpc(c.vpc, "10.11.0.0/16");
  shared = (await makeClassic(c.cvm, ZONE))[0]!;
});

/** hundredAndOne reports 101 well-formed instance ids. */
function hundredAndOne(): string[] {
  return Array.from({ length: 101 }, (_, i) => `ins-${String(i).padStart(8, "0")}`);
}

describe("AttachClassicLinkVpc", () => {
  it("links classic instances and its RequestId is a task that DescribeVpcTaskResult reports SUCCESS", async () => {
    const vpcId = await makeVpc(c.vpc, "10.1.0.0/16");
    const ids = await makeClassic(c.cvm, ZONE, 2);
    const r = await c.vpc.AttachClassicLinkVpc({ VpcId: vpcId, InstanceIds: ids });
    expect(r.RequestId).toMatch(UUID);
    expect(Object.keys(r)).toEqual(["RequestId"]);
    const t = await c.vpc.DescribeVpcTaskResult({ TaskId: r.RequestId! });
    expect(t.Status).toBe("SUCCESS");
    expect(t.RequestId).not.toBe(r.RequestId);
    expect(await linkedTo(c.vpc, vpcId)).toEqual([...ids].sort());
  });

  it("re-attaching an instance to the VPC it is linked to succeeds and changes nothing", async () => {
    const vpcId = await makeVpc(c.vpc, "10.2.0.0/16");
    const ids = await makeClassic(c.cvm, ZONE, 2);
    await attach(c.vpc, vpcId, ids);
    const before = await c.vpc.DescribeRouteTables({ Filters: [{ Name: "vpc-id", Values: [vpcId] }] });
    const again = await attach(c.vpc, vpcId, [ids[1]!, ids[0]!, ids[0]!]);
    expect((await c.vpc.DescribeVpcTaskResult({ TaskId: again })).Status).toBe("SUCCESS");
    expect(await linkedTo(c.vpc, vpcId)).toEqual([...ids].sort());
    const after = await c.vpc.DescribeRouteTables({ Filters: [{ Name: "vpc-id", Values: [vpcId] }] });
    expect(after.RouteTableSet).toEqual(before.RouteTableSet);
  });

  it("links a stopped classic instance", async () => {
    const vpcId = await makeVpc(c.vpc, "10.3.0.0/16");
    const [id] = await makeClassic(c.cvm, ZONE);
    await c.cvm.StopInstances({ InstanceIds: [id!] });
    await attach(c.vpc, vpcId, [id!]);
    expect(await linkedTo(c.vpc, vpcId)).toEqual([id]);
  });

  it("refuses an instance linked to another VPC with ClassicInstanceIdAlreadyExists (CL4)", async () => {
    const a = await makeVpc(c.vpc, "10.4.0.0/16");
    const b = await makeVpc(c.vpc, "10.5.0.0/16");
    const [id] = await makeClassic(c.cvm, ZONE);
    await attach(c.vpc, a, [id!]);
    await expectCode(
      c.vpc.AttachClassicLinkVpc({ VpcId: b, InstanceIds: [id!] }),
      "UnsupportedOperation.ClassicInstanceIdAlreadyExists",
      new RegExp(`${id} is already linked to ${a}`),
    );
    expect(await linkedTo(c.vpc, a)).toEqual([id]);
    expect(await linkedTo(c.vpc, b)).toEqual([]);
    // After a detach from the first VPC, the second one can take it.
    await c.vpc.DetachClassicLinkVpc({ VpcId: a, InstanceIds: [id!] });
    await attach(c.vpc, b, [id!]);
    expect(await linkedTo(c.vpc, b)).toEqual([id]);
  });

  it("refuses a VPC-network instance with UnsupportedOperation.InvalidInstanceState (CL3)", async () => {
    const vpcId = await makeVpc(c.vpc, "10.6.0.0/16");
    const subnetId = await makeSubnet(c.vpc, vpcId, "10.6.1.0/24", ZONE);
    const vpcIns = await makeVpcInstance(c.cvm, ZONE, vpcId, subnetId);
    await expectCode(
      c.vpc.AttachClassicLinkVpc({ VpcId: vpcId, InstanceIds: [vpcIns] }),
      "UnsupportedOperation.InvalidInstanceState",
      new RegExp(`${vpcIns} is in the VPC network`),
    );
    expect(await linkedTo(c.vpc, vpcId)).toEqual([]);
  });

  it("refuses an instance of another region with UnsupportedOperation.InstanceMismatch (CL2)", async () => {
    const other = clients(inject("devPort"), "ap-chengdu");
    const vpcId = await makeVpc(c.vpc, "10.7.0.0/16");
    const [foreign] = await makeClassic(other.cvm, "ap-chengdu-1");
    await expectCode(
      c.vpc.AttachClassicLinkVpc({ VpcId: vpcId, InstanceIds: [foreign!] }),
      "UnsupportedOperation.InstanceMismatch",
      new RegExp(`${foreign} is in ap-chengdu but the VPC ${vpcId} is in ap-beijing`),
    );
    expect(await linkedTo(c.vpc, vpcId)).toEqual([]);
    // Asked in the instance's region, the VPC is not there at all.
    await expectCode(other.vpc.AttachClassicLinkVpc({ VpcId: vpcId, InstanceIds: [foreign!] }), "ResourceNotFound", vpcId);
  });

  it("refuses a terminated instance with ResourceNotFound", async () => {
    const vpcId = await makeVpc(c.vpc, "10.19.0.0/16");
    const [id] = await makeClassic(c.cvm, ZONE);
    await c.cvm.TerminateInstances({ InstanceIds: [id!] });
    await expectCode(c.vpc.AttachClassicLinkVpc({ VpcId: vpcId, InstanceIds: [id!] }), "ResourceNotFound", new RegExp(`${id} does not exist`));
    await c.vpc.DeleteVpc({ VpcId: vpcId });
  });

  it("links nothing when one instance of a batch of 3 is unknown", async () => {
    const vpcId = await makeVpc(c.vpc, "10.8.0.0/16");
    const good = await makeClassic(c.cvm, ZONE, 2);
    await expectCode(
      c.vpc.AttachClassicLinkVpc({ VpcId: vpcId, InstanceIds: [...good, "ins-00000000"] }),
      "ResourceNotFound",
      /ins-00000000 does not exist/,
    );
    expect(await linkedTo(c.vpc, vpcId)).toEqual([]);
    expect(await routesOf(c.vpc, vpcId)).toEqual([{ dest: "10.8.0.0/16", type: "LOCAL" }]);
    // Nothing stays locked: the same instances link at once.
    await attach(c.vpc, vpcId, good);
    expect(await linkedTo(c.vpc, vpcId)).toEqual([...good].sort());
  });

  it("links nothing when one instance of a batch of 3 is linked elsewhere, and its task is FAILED", async () => {
    const vpcId = await makeVpc(c.vpc, "10.9.0.0/16");
    const elsewhere = await makeVpc(c.vpc, "10.10.0.0/16");
    const ids = await makeClassic(c.cvm, ZONE, 3);
    await attach(c.vpc, elsewhere, [ids[2]!]);
    const err = await c.vpc.AttachClassicLinkVpc({ VpcId: vpcId, InstanceIds: ids }).then(
      () => null,
      (e: { code?: string; requestId?: string }) => e,
    );
    expect(err?.code).toBe("UnsupportedOperation.ClassicInstanceIdAlreadyExists");
    expect(err?.requestId).toMatch(UUID);
    expect(await linkedTo(c.vpc, vpcId)).toEqual([]);
    expect(await linkedTo(c.vpc, elsewhere)).toEqual([ids[2]]);
    const t = await c.vpc.DescribeVpcTaskResult({ TaskId: err!.requestId! });
    expect(t.Status).toBe("FAILED");
    expect(t.Output).toMatch(/^UnsupportedOperation\.ClassicInstanceIdAlreadyExists: /);
    await attach(c.vpc, vpcId, [ids[0]!, ids[1]!]);
    expect(await linkedTo(c.vpc, vpcId)).toEqual([ids[0]!, ids[1]!].sort());
  });

  it.each([
    ["an unknown VPC", () => ({ VpcId: "vpc-00000000", InstanceIds: [shared] }), "ResourceNotFound", /vpc-00000000 does not exist/],
    ["an unknown instance", () => ({ VpcId: sharedVpc, InstanceIds: ["ins-00000000"] }), "ResourceNotFound", /ins-00000000 does not exist/],
    ["a malformed VpcId", () => ({ VpcId: "vpc_12345678", InstanceIds: [shared] }), "InvalidParameterValue.Malformed", /`VpcId` \("vpc_12345678"\)/],
    ["a malformed instance id", () => ({ VpcId: sharedVpc, InstanceIds: [shared, "ins-1234567"] }), "InvalidParameterValue.Malformed", /`InstanceIds.1` \("ins-1234567"\)/],
    ["more than 100 InstanceIds", () => ({ VpcId: sharedVpc, InstanceIds: hundredAndOne() }), "InvalidParameterValue.LimitExceeded", /at most 100 ids; got 101/],
    ["an empty InstanceIds", () => ({ VpcId: sharedVpc, InstanceIds: [] }), "MissingParameter", /`InstanceIds.0`/],
    ["no VpcId", () => ({ InstanceIds: [shared] }), "MissingParameter", /`VpcId`/],
    ["an InstanceIds that is not a list", () => ({ VpcId: sharedVpc, InstanceIds: shared }), "InvalidParameter", /`InstanceIds` must be an array/],
  ])("refuses %s", async (_what, params, code, message) => {
    await expectCode(c.vpc.AttachClassicLinkVpc(params() as never), code, message);
    expect(await linkedTo(c.vpc, sharedVpc)).toEqual([]);
  });
});

describe("AttachClassicLinkVpc CIDR rule (CL6)", () => {
  let cq: Clients;
  beforeAll(() => {
    cq = clients(inject("devPort"), "ap-chongqing");
  });

  it.each(["10.48.0.0/16", "10.255.0.0/16", "172.16.0.0/16", "192.168.0.0/24", "10.0.0.0/12", "10.0.0.0/15"])(
    "refuses a VPC of %s with UnsupportedOperation.CIDRUnSupportedClassicLink",
    async (cidr) => {
      const vpcId = await makeVpc(cq.vpc, cidr);
      const [id] = await makeClassic(cq.cvm, "ap-chongqing-1");
      await expectCode(
        cq.vpc.AttachClassicLinkVpc({ VpcId: vpcId, InstanceIds: [id!] }),
        "UnsupportedOperation.CIDRUnSupportedClassicLink",
        new RegExp(`\\(${cidr.replace(/\./g, "\\.")}\\) cannot use ClassicLink: ClassicLink needs a VPC CIDR inside 10\\.\\[0-47\\]\\.0\\.0/16`),
      );
      expect(await linkedTo(cq.vpc, vpcId)).toEqual([]);
      await cq.vpc.DeleteVpc({ VpcId: vpcId });
      // The refused instance is free to link elsewhere.
      const ok = await makeVpc(cq.vpc, "10.46.0.0/16");
      await attach(cq.vpc, ok, [id!]);
      await cq.vpc.DetachClassicLinkVpc({ VpcId: ok, InstanceIds: [id!] });
      await cq.vpc.DeleteVpc({ VpcId: ok });
    },
  );

  it.each(["10.47.0.0/16", "10.5.1.0/24", "10.0.0.0/16", "10.47.255.240/28"])("accepts a VPC of %s", async (cidr) => {
    const vpcId = await makeVpc(cq.vpc, cidr);
    const [id] = await makeClassic(cq.cvm, "ap-chongqing-1");
    await attach(cq.vpc, vpcId, [id!]);
    expect(await linkedTo(cq.vpc, vpcId)).toEqual([id]);
  });
});

describe("AttachClassicLinkVpc limit (CL5)", () => {
  it("fills a VPC with 100 links, refuses the 101st with LimitExceeded and links nothing", async () => {
    const vpcId = await makeVpc(c.vpc, "10.12.0.0/16");
    const hundred = await makeClassic(c.cvm, ZONE, 100);
    await attach(c.vpc, vpcId, hundred);
    expect(await linkedTo(c.vpc, vpcId)).toEqual([...hundred].sort());
    expect((await routesOf(c.vpc, vpcId)).length).toBe(101);

    const extra = await makeClassic(c.cvm, ZONE, 3);
    const extraIp = (await instance(c.cvm, extra[0]!)).PrivateIp;
    await expectCode(
      c.vpc.AttachClassicLinkVpc({ VpcId: vpcId, InstanceIds: [extra[0]!] }),
      "LimitExceeded",
      /has 100 of 100 ClassicLinks in use; linking 1 more would pass the limit, so none were linked/,
    );
    expect((await linkedTo(c.vpc, vpcId)).length).toBe(100);
    expect(await linkOf(c.vpc, extraIp, extra[0]!)).toBeUndefined();

    // Re-attaching linked instances to a full VPC is not a new link.
    await attach(c.vpc, vpcId, hundred.slice(0, 5));

    // Two free places do not take a batch of three, and none of the three is linked.
    await c.vpc.DetachClassicLinkVpc({ VpcId: vpcId, InstanceIds: hundred.slice(0, 2) });
    await expectCode(c.vpc.AttachClassicLinkVpc({ VpcId: vpcId, InstanceIds: extra }), "LimitExceeded", /98 of 100.*linking 3 more/);
    expect((await linkedTo(c.vpc, vpcId)).length).toBe(98);
    await attach(c.vpc, vpcId, extra.slice(0, 2));
    const all = await linkedTo(c.vpc, vpcId);
    expect(all.length).toBe(100);
    expect(all).toEqual(expect.arrayContaining(extra.slice(0, 2)));

    // The third one was never locked: it links to another VPC.
    const other = await makeVpc(c.vpc, "10.13.0.0/16");
    await attach(c.vpc, other, [extra[2]!]);
    expect(await linkedTo(c.vpc, other)).toEqual([extra[2]]);

    const paged = await c.vpc.DescribeClassicLinkInstances({ Filters: [{ Name: "vpc-id", Values: [vpcId] }], Offset: "90", Limit: "20" });
    expect(paged.TotalCount).toBe(100);
    expect(paged.ClassicLinkInstanceSet).toHaveLength(10);
  });
});

describe("DetachClassicLinkVpc", () => {
  it("unlinks an instance; its RequestId is a task reported SUCCESS", async () => {
    const vpcId = await makeVpc(c.vpc, "10.14.0.0/16");
    const ids = await makeClassic(c.cvm, ZONE, 2);
    await attach(c.vpc, vpcId, ids);
    const r = await c.vpc.DetachClassicLinkVpc({ VpcId: vpcId, InstanceIds: [ids[0]!] });
    expect(r.RequestId).toMatch(UUID);
    expect((await c.vpc.DescribeVpcTaskResult({ TaskId: r.RequestId! })).Status).toBe("SUCCESS");
    expect(await linkedTo(c.vpc, vpcId)).toEqual([ids[1]]);
    await expectCode(c.vpc.DetachClassicLinkVpc({ VpcId: vpcId, InstanceIds: [ids[0]!] }), "ResourceNotFound", new RegExp(`${ids[0]} is not linked to the VPC ${vpcId}`));
  });

  it.each([
    ["an instance that is not linked", () => ({ VpcId: sharedVpc, InstanceIds: [shared] }), "ResourceNotFound", /is not linked to the VPC/],
    ["an unknown instance", () => ({ VpcId: sharedVpc, InstanceIds: ["ins-00000000"] }), "ResourceNotFound", /ins-00000000 does not exist/],
    ["an unknown VPC", () => ({ VpcId: "vpc-00000000", InstanceIds: [shared] }), "ResourceNotFound", /vpc-00000000 does not exist/],
    ["a malformed VpcId", () => ({ VpcId: "vpc-", InstanceIds: [shared] }), "InvalidParameterValue.Malformed", /`VpcId`/],
    ["a malformed instance id", () => ({ VpcId: sharedVpc, InstanceIds: ["INS-12345678"] }), "InvalidParameterValue.Malformed", /`InstanceIds.0`/],
    ["more than 100 InstanceIds", () => ({ VpcId: sharedVpc, InstanceIds: hundredAndOne() }), "InvalidParameterValue.LimitExceeded", /at most 100/],
  ])("refuses %s", async (_what, params, code, message) => {
    await expectCode(c.vpc.DetachClassicLinkVpc(params() as never), code, message);
  });

  it("refuses an instance linked to another VPC and leaves that link", async () => {
    const a = await makeVpc(c.vpc, "10.15.0.0/16");
    const [id] = await makeClassic(c.cvm, ZONE);
    await attach(c.vpc, a, [id!]);
    await expectCode(c.vpc.DetachClassicLinkVpc({ VpcId: sharedVpc, InstanceIds: [id!] }), "ResourceNotFound", /is not linked/);
    expect(await linkedTo(c.vpc, a)).toEqual([id]);
  });
});

describe("DescribeClassicLinkInstances", () => {
  let v1: string;
  let v2: string;
  let ins1: string[];
  let ins2: string[];
  let ips: Record<string, string>;
  beforeAll(async () => {
    v1 = await makeVpc(c.vpc, "10.16.0.0/16");
    v2 = await makeVpc(c.vpc, "10.17.0.0/16");
    ins1 = await makeClassic(c.cvm, ZONE, 3);
    ins2 = await makeClassic(c.cvm, ZONE, 1);
    await attach(c.vpc, v1, ins1);
    await attach(c.vpc, v2, ins2);
    ips = {};
    for (const id of [...ins1, ...ins2]) ips[id] = (await instance(c.cvm, id)).PrivateIp;
  });

  it("filters by vpc-id", async () => {
    const r = await c.vpc.DescribeClassicLinkInstances({ Filters: [{ Name: "vpc-id", Values: [v1] }] });
    expect(r.TotalCount).toBe(3);
    expect(r.ClassicLinkInstanceSet).toEqual([...ins1].sort().map((id) => ({ VpcId: v1, InstanceId: id })));
    const both = await c.vpc.DescribeClassicLinkInstances({ Filters: [{ Name: "vpc-id", Values: [v1, v2] }] });
    expect(both.TotalCount).toBe(4);
    expect(both.ClassicLinkInstanceSet?.filter((l) => l.VpcId === v2)).toEqual([{ VpcId: v2, InstanceId: ins2[0] }]);
  });

  it("filters by vm-ip", async () => {
    const r = await c.vpc.DescribeClassicLinkInstances({ Filters: [{ Name: "vm-ip", Values: [ips[ins2[0]!]!, ips[ins1[1]!]!] }] });
    expect(r.TotalCount).toBe(2);
    expect(r.ClassicLinkInstanceSet?.map((l) => `${l.VpcId}/${l.InstanceId}`).sort()).toEqual([`${v2}/${ins2[0]}`, `${v1}/${ins1[1]}`].sort());
  });

  it("ANDs vpc-id and vm-ip", async () => {
    const hit = await c.vpc.DescribeClassicLinkInstances({
      Filters: [
        { Name: "vpc-id", Values: [v1] },
        { Name: "vm-ip", Values: [ips[ins1[0]!]!] },
      ],
    });
    expect(hit.ClassicLinkInstanceSet).toEqual([{ VpcId: v1, InstanceId: ins1[0] }]);
    const miss = await c.vpc.DescribeClassicLinkInstances({
      Filters: [
        { Name: "vpc-id", Values: [v2] },
        { Name: "vm-ip", Values: [ips[ins1[0]!]!] },
      ],
    });
    expect(miss).toMatchObject({ TotalCount: 0, ClassicLinkInstanceSet: [] });
  });

  it("pages with Offset and Limit given as strings", async () => {
    const all = await c.vpc.DescribeClassicLinkInstances({ Filters: [{ Name: "vpc-id", Values: [v1] }], Offset: "0", Limit: "20" });
    const page = await c.vpc.DescribeClassicLinkInstances({ Filters: [{ Name: "vpc-id", Values: [v1] }], Offset: "1", Limit: "1" });
    expect(page.TotalCount).toBe(3);
    expect(page.ClassicLinkInstanceSet).toEqual([all.ClassicLinkInstanceSet![1]]);
    const past = await c.vpc.DescribeClassicLinkInstances({ Filters: [{ Name: "vpc-id", Values: [v1] }], Offset: "3", Limit: "20" });
    expect(past).toMatchObject({ TotalCount: 3, ClassicLinkInstanceSet: [] });
  });

  it("pages with Offset and Limit given as numbers", async () => {
    const page = await c.vpc.DescribeClassicLinkInstances({ Filters: [{ Name: "vpc-id", Values: [v1] }], Offset: 2, Limit: 5 } as never);
    expect(page.TotalCount).toBe(3);
    expect(page.ClassicLinkInstanceSet).toHaveLength(1);
  });

  it("lists without filters every link of the region and nothing of another region", async () => {
    const pairs: string[] = [];
    const first = await c.vpc.DescribeClassicLinkInstances({});
    expect(first.ClassicLinkInstanceSet!.length).toBe(Math.min(first.TotalCount!, 20));
    for (let offset = 0; offset < first.TotalCount!; offset += 100) {
      const r = await c.vpc.DescribeClassicLinkInstances({ Offset: String(offset), Limit: "100" });
      expect(r.TotalCount).toBe(first.TotalCount);
      pairs.push(...r.ClassicLinkInstanceSet!.map((l) => `${l.VpcId}/${l.InstanceId}`));
    }
    expect(pairs.length).toBe(first.TotalCount);
    expect(new Set(pairs).size).toBe(pairs.length);
    for (const id of ins1) expect(pairs).toContain(`${v1}/${id}`);
    expect(pairs).toContain(`${v2}/${ins2[0]}`);
    const other = await clients(inject("devPort"), "ap-chengdu").vpc.DescribeClassicLinkInstances({ Filters: [{ Name: "vpc-id", Values: [v1] }] });
    expect(other.TotalCount).toBe(0);
  });

  it.each([
    ["Limit 101", { Limit: "101" }, "InvalidParameterValue.LimitExceeded", /`Limit` must be at most 100; got 101/],
    ["a negative Offset", { Offset: "-5" }, "InvalidParameterValue.Range", /`Offset`/],
    ["an unknown filter name", { Filters: [{ Name: "instance-id", Values: ["ins-12345678"] }] }, "InvalidParameter.FilterInvalidKey", /"instance-id"\) is not supported; use one of vpc-id, vm-ip/],
    ["Filters Values that are not a list", { Filters: [{ Name: "vm-ip", Values: "10.48.0.1" }] }, "InvalidParameter.FilterValuesNotList", /`Filters.0.Values` must be a list/],
  ])("refuses %s", async (_what, params, code, message) => {
    await expectCode(c.vpc.DescribeClassicLinkInstances(params as never), code, message);
  });
});

describe("DescribeVpcTaskResult", () => {
  it.each([
    ["an unknown task id", "00000000-0000-4000-8000-000000000000", "ResourceNotFound", /task 00000000-0000-4000-8000-000000000000 does not exist in ap-beijing/],
    ["a malformed task id", "abc", "InvalidParameterValue.Malformed", /`TaskId` \("abc"\) is not a task id/],
  ])("refuses %s", async (_what, taskId, code, message) => {
    await expectCode(c.vpc.DescribeVpcTaskResult({ TaskId: taskId }), code, message);
  });

  it("does not find a task from another region", async () => {
    const vpcId = await makeVpc(c.vpc, "10.18.0.0/16");
    const [id] = await makeClassic(c.cvm, ZONE);
    const task = await attach(c.vpc, vpcId, [id!]);
    await expectCode(clients(inject("devPort"), "ap-chengdu").vpc.DescribeVpcTaskResult({ TaskId: task }), "ResourceNotFound", task);
  });
});
