// SDK conformance: the CVM resources of cvm 2017-03-12 that ClassicLink needs (RunInstances,
// DescribeInstances, Stop/Start, ResetInstance, ResetInstancesType, TerminateInstances) and the
// extension action ModifyClassicInstancePrivateIp, with their effect on links (CL12-CL14).
// Region ap-nanjing belongs to this file.
import { beforeAll, describe, expect, inject, it } from "vitest";
import { clients, expectCode } from "../helpers/sdk";
import {
  attach,
  CLASSIC_HIGH,
  CLASSIC_LOW,
  describeInstances,
  instance,
  ipValue,
  linkedTo,
  linkOf,
  makeClassic,
  makeSubnet,
  makeVpc,
  makeVpcInstance,
  routesOf,
  type Clients,
} from "../helpers/resources";

const REGION = "ap-nanjing";
const ZONE = `${REGION}-1`;

let c: Clients;
beforeAll(() => {
  c = clients(inject("devPort"), REGION);
});

/** modifyIp calls the extension action through the SDK's generic request on the cvm client. */
function modifyIp(instanceId: string, ip: string): Promise<{ RequestId?: string }> {
  return c.cvm.request("ModifyClassicInstancePrivateIp", { InstanceId: instanceId, PrivateIpAddress: ip }) as Promise<{ RequestId?: string }>;
}

let ipSeq = 0;
/** freshIp reports a classic IP in 10.200.x.y that this run has not handed out yet. */
function freshIp(): string {
  ipSeq += 1;
  return `10.200.${(Date.now() >> 8) & 0xff}.${(ipSeq % 250) + 2}`;
}

describe("RunInstances", () => {
  it("gives 100 classic instances unique private IPs in 10.48.0.0-10.255.255.255", async () => {
    const r = await c.cvm.RunInstances({ Placement: { Zone: ZONE }, InstanceCount: 100 });
    const ids = r.InstanceIdSet!;
    expect(ids).toHaveLength(100);
    expect(new Set(ids).size).toBe(100);
    for (const id of ids) expect(id).toMatch(/^ins-[a-z0-9]{8}$/);
    const seen = await describeInstances(c.cvm, ids);
    expect(seen.map((i) => i.InstanceId).sort()).toEqual([...ids].sort());
    const ips = seen.map((i) => i.PrivateIp);
    expect(new Set(ips).size).toBe(100);
    for (const ip of ips) {
      expect(ip).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
      expect(ipValue(ip)).toBeGreaterThanOrEqual(CLASSIC_LOW);
      expect(ipValue(ip)).toBeLessThanOrEqual(CLASSIC_HIGH);
    }
    for (const i of seen) expect(i).toMatchObject({ InstanceState: "RUNNING", VpcId: "", SubnetId: "", Zone: ZONE });
    await c.cvm.TerminateInstances({ InstanceIds: ids });
  });

  it("gives an instance with VirtualPrivateCloud an IP inside its subnet", async () => {
    const vpcId = await makeVpc(c.vpc, "10.20.0.0/16");
    const subnetId = await makeSubnet(c.vpc, vpcId, "10.20.1.0/24", ZONE);
    const r = await c.cvm.RunInstances({ Placement: { Zone: ZONE }, VirtualPrivateCloud: { VpcId: vpcId, SubnetId: subnetId }, InstanceCount: 3 });
    const seen = await describeInstances(c.cvm, r.InstanceIdSet!);
    expect(seen).toHaveLength(3);
    for (const i of seen) expect(i).toMatchObject({ VpcId: vpcId, SubnetId: subnetId, Zone: ZONE });
    // The lowest free host addresses: never the network address, the gateway .1 or the broadcast.
    expect(seen.map((i) => i.PrivateIp).sort()).toEqual(["10.20.1.2", "10.20.1.3", "10.20.1.4"]);
  });

  it("creates no instance when the subnet has fewer free addresses than InstanceCount", async () => {
    const vpcId = await makeVpc(c.vpc, "10.19.0.0/16");
    const subnetId = await makeSubnet(c.vpc, vpcId, "10.19.0.0/28", ZONE);
    await expectCode(
      c.cvm.RunInstances({ Placement: { Zone: ZONE }, VirtualPrivateCloud: { VpcId: vpcId, SubnetId: subnetId }, InstanceCount: 14 }),
      "InvalidParameterValue",
      /no free IP left/,
    );
    const inSubnet = await c.cvm.DescribeInstances({ Filters: [{ Name: "subnet-id", Values: [subnetId] }], Limit: 100 });
    expect(inSubnet.TotalCount).toBe(0);
    const s = await c.vpc.DescribeSubnets({ SubnetIds: [subnetId] });
    expect(s.SubnetSet?.[0]).toMatchObject({ TotalIpAddressCount: 13, AvailableIpAddressCount: 13 });
    await c.vpc.DeleteSubnet({ SubnetId: subnetId });
    await c.vpc.DeleteVpc({ VpcId: vpcId });
  });

  it("takes the requested VirtualPrivateCloud.PrivateIpAddresses", async () => {
    const vpcId = await makeVpc(c.vpc, "10.21.0.0/16");
    const subnetId = await makeSubnet(c.vpc, vpcId, "10.21.1.0/24", ZONE);
    const r = await c.cvm.RunInstances({
      Placement: { Zone: ZONE },
      VirtualPrivateCloud: { VpcId: vpcId, SubnetId: subnetId, PrivateIpAddresses: ["10.21.1.77"] },
    });
    expect((await instance(c.cvm, r.InstanceIdSet![0]!)).PrivateIp).toBe("10.21.1.77");
  });

  it.each([
    ["101 instances", { Placement: { Zone: ZONE }, InstanceCount: 101 }, "InvalidParameterValue.Range", /`InstanceCount` must be a whole number from 1 to 100; got 101/],
    ["0 instances", { Placement: { Zone: ZONE }, InstanceCount: 0 }, "InvalidParameterValue.Range", /`InstanceCount`/],
    ["no Placement", { InstanceCount: 1 }, "MissingParameter", /`Placement.Zone`/],
    ["a Placement without Zone", { Placement: { ProjectId: 0 } }, "MissingParameter", /`Placement.Zone`/],
    ["a zone of another region", { Placement: { Zone: "ap-guangzhou-3" } }, "InvalidParameterValue.Zone", /"ap-guangzhou-3"\) is not a zone of ap-nanjing/],
    ["a zone that is no zone", { Placement: { Zone: "ap-nanjing" } }, "InvalidParameterValue.Zone", /`Placement.Zone`/],
    ["a malformed VirtualPrivateCloud.VpcId", { Placement: { Zone: ZONE }, VirtualPrivateCloud: { VpcId: "vpc-1", SubnetId: "subnet-12345678" } }, "InvalidParameterValue.Malformed", /`VirtualPrivateCloud.VpcId`/],
    ["an unknown VPC", { Placement: { Zone: ZONE }, VirtualPrivateCloud: { VpcId: "vpc-00000000", SubnetId: "subnet-00000000" } }, "InvalidParameterValue", /vpc-00000000 does not exist/],
    ["an unknown Placement field", { Placement: { Zone: ZONE, Floor: 3 } }, "UnknownParameter", /`Placement.Floor`/],
    ["a string InstanceCount", { Placement: { Zone: ZONE }, InstanceCount: "2" }, "InvalidParameter", /`InstanceCount` must be a number/],
  ])("refuses %s", async (_what, params, code, message) => {
    await expectCode(c.cvm.RunInstances(params as never), code, message);
  });

  it("refuses a subnet that is not in the VPC", async () => {
    const vpcId = await makeVpc(c.vpc, "10.22.0.0/16");
    await expectCode(
      c.cvm.RunInstances({ Placement: { Zone: ZONE }, VirtualPrivateCloud: { VpcId: vpcId, SubnetId: "subnet-00000000" } }),
      "InvalidParameterValue",
      /subnet-00000000 does not exist in/,
    );
  });

  it("answers DryRun with DryRunOperation and creates nothing", async () => {
    const before = (await c.cvm.DescribeInstances({ Limit: 1 })).TotalCount!;
    await expectCode(c.cvm.RunInstances({ Placement: { Zone: ZONE }, DryRun: true }), "DryRunOperation", /DryRun/);
    expect((await c.cvm.DescribeInstances({ Limit: 1 })).TotalCount).toBe(before);
  });
});

describe("DescribeInstances", () => {
  let ids: string[];
  let vpcIns: string;
  let vpcId: string;
  beforeAll(async () => {
    ids = await makeClassic(c.cvm, ZONE, 3);
    vpcId = await makeVpc(c.vpc, "10.23.0.0/16");
    const subnetId = await makeSubnet(c.vpc, vpcId, "10.23.0.0/24", ZONE);
    vpcIns = await makeVpcInstance(c.cvm, ZONE, vpcId, subnetId);
  });

  it("lists only the instances named in InstanceIds", async () => {
    const r = await c.cvm.DescribeInstances({ InstanceIds: [ids[2]!, ids[0]!] });
    expect(r.TotalCount).toBe(2);
    expect(r.InstanceSet?.map((i) => i.InstanceId).sort()).toEqual([ids[0], ids[2]].sort());
    expect(r.InstanceSet?.[0]).toMatchObject({ InstanceState: "RUNNING", Placement: { Zone: ZONE } });
  });

  it.each([
    ["instance-id", () => [ids[1]!], () => [ids[1]!]],
    ["vpc-id", () => [vpcId], () => [vpcIns]],
    ["instance-state", () => ["RUNNING"], () => [...ids, vpcIns]],
  ])("filters by %s", async (name, values, expected) => {
    const r = await c.cvm.DescribeInstances({ Filters: [{ Name: name, Values: values() }], Limit: 100 });
    const mine = [...ids, vpcIns];
    const got = (r.InstanceSet ?? []).map((i) => i.InstanceId!).filter((id) => mine.includes(id));
    expect(got.sort()).toEqual(expected().sort());
  });

  it("filters by private-ip-address", async () => {
    const ip = (await instance(c.cvm, ids[0]!)).PrivateIp;
    const r = await c.cvm.DescribeInstances({ Filters: [{ Name: "private-ip-address", Values: [ip] }] });
    expect(r.TotalCount).toBe(1);
    expect(r.InstanceSet?.[0]?.InstanceId).toBe(ids[0]);
  });

  it("pages with Offset and Limit", async () => {
    const all = await c.cvm.DescribeInstances({ InstanceIds: ids });
    expect(all.TotalCount).toBe(3);
    const page = await c.cvm.DescribeInstances({ InstanceIds: ids, Offset: 1, Limit: 1 });
    expect(page.TotalCount).toBe(3);
    expect(page.InstanceSet?.map((i) => i.InstanceId)).toEqual([all.InstanceSet![1]!.InstanceId]);
    const total = await c.cvm.DescribeInstances({ Limit: 1 });
    expect(total.InstanceSet).toHaveLength(1);
    expect(total.TotalCount).toBeGreaterThanOrEqual(4);
  });

  it.each([
    ["InstanceIds and Filters together", () => ({ InstanceIds: [ids[0]], Filters: [{ Name: "zone", Values: [ZONE] }] }), "InvalidParameter", /cannot be given together/],
    ["a malformed instance id", () => ({ InstanceIds: ["ins-1"] }), "InvalidInstanceId.Malformed", /`InstanceIds.0` \("ins-1"\)/],
    ["an unknown filter name", () => ({ Filters: [{ Name: "colour", Values: ["red"] }] }), "InvalidParameter.FilterInvalidKey", /"colour"/],
    ["Limit 101", () => ({ Limit: 101 }), "InvalidParameterValue.LimitExceeded", /`Limit` must be at most 100/],
    ["a string Limit", () => ({ Limit: "10" }), "InvalidParameter", /`Limit` must be a number/],
  ])("refuses %s", async (_what, params, code, message) => {
    await expectCode(c.cvm.DescribeInstances(params() as never), code, message);
  });
});

describe("StopInstances and StartInstances", () => {
  it("stop and start instances, keeping their link", async () => {
    const vpcId = await makeVpc(c.vpc, "10.24.0.0/16");
    const ids = await makeClassic(c.cvm, ZONE, 2);
    await attach(c.vpc, vpcId, [ids[0]!]);
    await c.cvm.StopInstances({ InstanceIds: ids });
    expect((await describeInstances(c.cvm, ids)).map((i) => i.InstanceState)).toEqual(["STOPPED", "STOPPED"]);
    expect(await linkedTo(c.vpc, vpcId)).toEqual([ids[0]]);
    await c.cvm.StartInstances({ InstanceIds: [ids[1]!] });
    expect((await instance(c.cvm, ids[1]!)).InstanceState).toBe("RUNNING");
    expect((await instance(c.cvm, ids[0]!)).InstanceState).toBe("STOPPED");
    await c.cvm.StartInstances({ InstanceIds: [ids[0]!] });
    expect((await instance(c.cvm, ids[0]!)).InstanceState).toBe("RUNNING");
    expect(await linkedTo(c.vpc, vpcId)).toEqual([ids[0]]);
  });

  it.each([
    ["StopInstances", "STOPPED", "UnsupportedOperation.InstanceStateStopped"],
    ["StartInstances", "RUNNING", "UnsupportedOperation.InstanceStateRunning"],
  ] as const)("%s refuses a batch with one instance already %s and changes none of it", async (action, already, code) => {
    const [fresh, done] = await makeClassic(c.cvm, ZONE, 2);
    await c.cvm.StopInstances({ InstanceIds: action === "StopInstances" ? [done!] : [fresh!] });
    // StopInstances: fresh RUNNING, done STOPPED. StartInstances: fresh STOPPED, done RUNNING.
    const before = (await describeInstances(c.cvm, [fresh!, done!])).map((i) => [i.InstanceId, i.InstanceState]);
    expect(Object.fromEntries(before)[done!]).toBe(already);
    await expectCode(c.cvm[action]({ InstanceIds: [fresh!, done!] }), code, new RegExp(`${done} is ${already}`));
    const after = (await describeInstances(c.cvm, [fresh!, done!])).map((i) => [i.InstanceId, i.InstanceState]);
    expect(after).toEqual(before);
  });

  it("refuses to stop a stopped instance with UnsupportedOperation.InstanceStateStopped", async () => {
    const [id] = await makeClassic(c.cvm, ZONE);
    await c.cvm.StopInstances({ InstanceIds: [id!] });
    await expectCode(c.cvm.StopInstances({ InstanceIds: [id!] }), "UnsupportedOperation.InstanceStateStopped", new RegExp(`${id} is STOPPED`));
    expect((await instance(c.cvm, id!)).InstanceState).toBe("STOPPED");
  });

  it("refuses to start a running instance with UnsupportedOperation.InstanceStateRunning", async () => {
    const [id] = await makeClassic(c.cvm, ZONE);
    await expectCode(c.cvm.StartInstances({ InstanceIds: [id!] }), "UnsupportedOperation.InstanceStateRunning", new RegExp(`${id} is RUNNING`));
  });

  it.each([
    ["an unknown instance", ["ins-00000000"], "InvalidInstanceId.NotFound", /ins-00000000 does not exist/],
    ["a malformed instance id", ["ins-0"], "InvalidInstanceId.Malformed", /`InstanceIds.0`/],
    ["an empty list", [], "MissingParameter", /`InstanceIds.0`/],
  ])("refuses %s", async (_what, list, code, message) => {
    await expectCode(c.cvm.StopInstances({ InstanceIds: list }), code, message);
  });
});

describe("ResetInstance", () => {
  it("changes the image and keeps the ClassicLink (CL13)", async () => {
    const vpcId = await makeVpc(c.vpc, "10.25.0.0/16");
    const [id] = await makeClassic(c.cvm, ZONE);
    const before = await instance(c.cvm, id!);
    await attach(c.vpc, vpcId, [id!]);
    await c.cvm.ResetInstance({ InstanceId: id!, ImageId: "img-22trbn9x" });
    const after = await instance(c.cvm, id!);
    expect(after.ImageId).toBe("img-22trbn9x");
    expect(after.PrivateIp).toBe(before.PrivateIp);
    expect(await linkedTo(c.vpc, vpcId)).toEqual([id]);
    expect((await routesOf(c.vpc, vpcId)).map((x) => x.dest)).toContain(`${before.PrivateIp}/32`);
  });

  it("refuses an unknown instance", async () => {
    await expectCode(c.cvm.ResetInstance({ InstanceId: "ins-00000000" }), "InvalidInstanceId.NotFound", /ins-00000000/);
  });
});

describe("ResetInstancesType", () => {
  it("changes the type of a running instance with ForceStop and keeps the ClassicLink (CL13)", async () => {
    const vpcId = await makeVpc(c.vpc, "10.26.0.0/16");
    const [id] = await makeClassic(c.cvm, ZONE);
    await attach(c.vpc, vpcId, [id!]);
    await expectCode(
      c.cvm.ResetInstancesType({ InstanceIds: [id!], InstanceType: "S5.LARGE8" }),
      "UnsupportedOperation.InstanceStateRunning",
      /stop it first or set ForceStop/,
    );
    await c.cvm.ResetInstancesType({ InstanceIds: [id!], InstanceType: "S5.LARGE8", ForceStop: true });
    const after = await instance(c.cvm, id!);
    expect(after).toMatchObject({ InstanceType: "S5.LARGE8", InstanceState: "STOPPED" });
    expect(await linkedTo(c.vpc, vpcId)).toEqual([id]);
  });

  it("changes the type of a stopped instance without ForceStop", async () => {
    const [id] = await makeClassic(c.cvm, ZONE);
    await c.cvm.StopInstances({ InstanceIds: [id!] });
    await c.cvm.ResetInstancesType({ InstanceIds: [id!], InstanceType: "SA2.MEDIUM2" });
    expect((await instance(c.cvm, id!)).InstanceType).toBe("SA2.MEDIUM2");
  });
});

describe("TerminateInstances", () => {
  it("unlinks the instance (CL14): gone from the links, the route table and the listing, and the VPC can be deleted", async () => {
    const vpcId = await makeVpc(c.vpc, "10.27.0.0/16");
    const ids = await makeClassic(c.cvm, ZONE, 2);
    const ip0 = (await instance(c.cvm, ids[0]!)).PrivateIp;
    await attach(c.vpc, vpcId, ids);
    expect(await linkedTo(c.vpc, vpcId)).toEqual([...ids].sort());

    const r = await c.cvm.TerminateInstances({ InstanceIds: [ids[0]!] });
    expect(r.RequestId).toBeTruthy();
    expect(await linkedTo(c.vpc, vpcId)).toEqual([ids[1]]);
    expect(await linkOf(c.vpc, ip0, ids[0]!)).toBeUndefined();
    expect((await routesOf(c.vpc, vpcId)).map((x) => x.dest)).not.toContain(`${ip0}/32`);
    expect(await describeInstances(c.cvm, [ids[0]!])).toEqual([]);
    await expectCode(c.vpc.DeleteVpc({ VpcId: vpcId }), "ResourceInUse", /1 ClassicLink/);

    await c.cvm.TerminateInstances({ InstanceIds: [ids[1]!] });
    expect(await linkedTo(c.vpc, vpcId)).toEqual([]);
    expect(await routesOf(c.vpc, vpcId)).toEqual([{ dest: "10.27.0.0/16", type: "LOCAL" }]);
    await c.vpc.DeleteVpc({ VpcId: vpcId });
    expect((await c.vpc.DescribeVpcs({ VpcIds: [vpcId] })).TotalCount).toBe(0);
  });

  it("runs as a task whose RequestId DescribeVpcTaskResult reports as SUCCESS", async () => {
    const [id] = await makeClassic(c.cvm, ZONE);
    const r = await c.cvm.TerminateInstances({ InstanceIds: [id!] });
    const t = await c.vpc.DescribeVpcTaskResult({ TaskId: r.RequestId! });
    expect(t.Status).toBe("SUCCESS");
  });

  it("frees a VPC instance's subnet address so the VPC can be deleted", async () => {
    const vpcId = await makeVpc(c.vpc, "10.28.0.0/16");
    const subnetId = await makeSubnet(c.vpc, vpcId, "10.28.0.0/24", ZONE);
    const id = await makeVpcInstance(c.cvm, ZONE, vpcId, subnetId);
    await c.cvm.TerminateInstances({ InstanceIds: [id] });
    const s = await c.vpc.DescribeSubnets({ SubnetIds: [subnetId] });
    expect(s.SubnetSet?.[0]?.AvailableIpAddressCount).toBe(s.SubnetSet?.[0]?.TotalIpAddressCount);
    await c.vpc.DeleteSubnet({ SubnetId: subnetId });
    await c.vpc.DeleteVpc({ VpcId: vpcId });
  });

  it.each([
    ["an unknown instance", ["ins-00000000"], "InvalidInstanceId.NotFound", /ins-00000000 does not exist/],
    ["a malformed instance id", ["instance-1"], "InvalidInstanceId.Malformed", /`InstanceIds.0`/],
  ])("refuses %s", async (_what, list, code, message) => {
    await expectCode(c.cvm.TerminateInstances({ InstanceIds: list }), code, message);
  });

  it("refuses an already terminated instance", async () => {
    const [id] = await makeClassic(c.cvm, ZONE);
    await c.cvm.TerminateInstances({ InstanceIds: [id!] });
    await expectCode(c.cvm.TerminateInstances({ InstanceIds: [id!] }), "InvalidInstanceId.NotFound", id);
  });
});

describe("ModifyClassicInstancePrivateIp", () => {
  it("changes the private IP and removes the ClassicLink (CL12)", async () => {
    const vpcId = await makeVpc(c.vpc, "10.29.0.0/16");
    const [id] = await makeClassic(c.cvm, ZONE);
    const oldIp = (await instance(c.cvm, id!)).PrivateIp;
    await attach(c.vpc, vpcId, [id!]);
    expect((await routesOf(c.vpc, vpcId)).map((x) => x.dest)).toContain(`${oldIp}/32`);

    const ip = freshIp();
    const r = await modifyIp(id!, ip);
    expect(r.RequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect((await instance(c.cvm, id!)).PrivateIp).toBe(ip);
    expect(await linkedTo(c.vpc, vpcId)).toEqual([]);
    expect(await linkOf(c.vpc, oldIp, id!)).toBeUndefined();
    expect(await linkOf(c.vpc, ip, id!)).toBeUndefined();
    expect(await routesOf(c.vpc, vpcId)).toEqual([{ dest: "10.29.0.0/16", type: "LOCAL" }]);
    const t = await c.vpc.DescribeVpcTaskResult({ TaskId: r.RequestId! });
    expect(t.Status).toBe("SUCCESS");

    // The instance is free again: it can be linked anew, now under its new IP.
    await attach(c.vpc, vpcId, [id!]);
    expect(await linkOf(c.vpc, ip, id!)).toBe(vpcId);
    expect((await routesOf(c.vpc, vpcId)).map((x) => x.dest)).toEqual(["10.29.0.0/16", `${ip}/32`]);
  });

  it("releases the old IP for another instance", async () => {
    const [a, b] = await makeClassic(c.cvm, ZONE, 2);
    const oldIp = (await instance(c.cvm, a!)).PrivateIp;
    await modifyIp(a!, freshIp());
    await modifyIp(b!, oldIp);
    expect((await instance(c.cvm, b!)).PrivateIp).toBe(oldIp);
  });

  it.each([
    ["an IP in 10.0-10.47 (the VPC range)", "10.47.255.1", "InvalidParameterValue.Range", /\(10\.47\.255\.1\) cannot be used: a classic-network IP must lie in 10\.48\.0\.0-10\.255\.255\.255/],
    ["an IP outside 10.0.0.0/8", "192.168.1.10", "InvalidParameterValue.Range", /192\.168\.1\.10/],
    ["an IP with a leading zero", "10.48.0.01", "InvalidParameterValue.Malformed", /\(10\.48\.0\.01\) is not a valid IPv4 address/],
    ["an IP with three parts", "10.48.1", "InvalidParameterValue.Malformed", /not a valid IPv4 address/],
    ["an IP with a part above 255", "10.48.256.1", "InvalidParameterValue.Malformed", /0-255/],
  ])("refuses %s", async (_what, ip, code, message) => {
    const [id] = await makeClassic(c.cvm, ZONE);
    await expectCode(modifyIp(id!, ip), code, message);
  });

  it("refuses the IP the instance already has, and one another instance holds", async () => {
    const [a, b] = await makeClassic(c.cvm, ZONE, 2);
    const ipA = (await instance(c.cvm, a!)).PrivateIp;
    await expectCode(modifyIp(a!, ipA), "InvalidParameterValue", /already has the IP/);
    await expectCode(modifyIp(b!, ipA), "InvalidParameterValue", new RegExp(`already used by ${a}`));
    expect((await instance(c.cvm, b!)).PrivateIp).not.toBe(ipA);
  });

  it("refuses a VPC instance with UnsupportedOperation.InvalidInstanceState", async () => {
    const vpcId = await makeVpc(c.vpc, "10.30.0.0/16");
    const subnetId = await makeSubnet(c.vpc, vpcId, "10.30.0.0/24", ZONE);
    const id = await makeVpcInstance(c.cvm, ZONE, vpcId, subnetId);
    await expectCode(modifyIp(id, freshIp()), "UnsupportedOperation.InvalidInstanceState", /VPC instance/);
  });

  it.each([
    ["an unknown instance", { InstanceId: "ins-00000000", PrivateIpAddress: "10.200.0.9" }, "InvalidInstanceId.NotFound", /ins-00000000/],
    ["a malformed instance id", { InstanceId: "ins-x", PrivateIpAddress: "10.200.0.9" }, "InvalidInstanceId.Malformed", /`InstanceId`/],
    ["no PrivateIpAddress", { InstanceId: "ins-00000000" }, "MissingParameter", /`PrivateIpAddress`/],
    ["an unknown field", { InstanceId: "ins-00000000", PrivateIpAddress: "10.200.0.9", Force: true }, "UnknownParameter", /`Force`/],
  ])("refuses %s", async (_what, params, code, message) => {
    await expectCode(c.cvm.request("ModifyClassicInstancePrivateIp", params), code, message);
  });
});
