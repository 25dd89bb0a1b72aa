// SDK conformance: the VPC resources of vpc 2017-03-12 (CreateVpc, DescribeVpcs, DeleteVpc,
// DescribeVpcLimits, DescribeRouteTables, CreateSubnet, DescribeSubnets) through the official SDK.
// Region ap-shanghai belongs to this file (ap-seoul to the VPC quota test).
import { beforeAll, describe, expect, inject, it } from "vitest";
import { clients, expectCode } from "../helpers/sdk";
import { attach, makeClassic, makeSubnet, makeVpc, instance, routesOf, uniqueName, type Clients } from "../helpers/resources";

const REGION = "ap-shanghai";
const ZONE = `${REGION}-2`;

let c: Clients;
beforeAll(() => {
  c = clients(inject("devPort"), REGION);
});

describe("CreateVpc", () => {
  it("creates a VPC with the given name and CIDR", async () => {
    const name = uniqueName("create");
    const r = await c.vpc.CreateVpc({ VpcName: name, CidrBlock: "10.3.0.0/16" });
    expect(r.RequestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(r.Vpc).toMatchObject({ VpcName: name, CidrBlock: "10.3.0.0/16", IsDefault: false });
    expect(r.Vpc?.VpcId).toMatch(/^vpc-[a-z0-9]{8}$/);
    expect(r.Vpc?.CreatedTime).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    const listed = await c.vpc.DescribeVpcs({ VpcIds: [r.Vpc!.VpcId!] });
    expect(listed.VpcSet?.[0]).toMatchObject({ VpcId: r.Vpc!.VpcId, VpcName: name, CidrBlock: "10.3.0.0/16" });
  });

  it.each(["172.16.0.0/12", "192.168.0.0/28", "10.0.0.0/12"])("accepts the private CIDR %s", async (cidr) => {
    const r = await c.vpc.CreateVpc({ VpcName: uniqueName("ok"), CidrBlock: cidr });
    expect(r.Vpc?.CidrBlock).toBe(cidr);
    await c.vpc.DeleteVpc({ VpcId: r.Vpc!.VpcId! });
  });

  it.each([
    ["a CIDR with a leading zero", { VpcName: "bad", CidrBlock: "10.0.0.01/16" }, "InvalidParameterValue.Malformed", /`CidrBlock` \(10\.0\.0\.01\/16\) is not a valid CIDR: .*leading zero/],
    ["a CIDR with host bits set", { VpcName: "bad", CidrBlock: "10.0.0.1/16" }, "InvalidParameterValue.Malformed", /host bits/],
    ["a CIDR without a prefix", { VpcName: "bad", CidrBlock: "10.0.0.0" }, "InvalidParameterValue.Malformed", /\/prefix/],
    ["a public CIDR", { VpcName: "bad", CidrBlock: "8.8.0.0/16" }, "InvalidParameterValue.Range", /10\.0\.0\.0\/8, 172\.16\.0\.0\/12 or 192\.168\.0\.0\/16/],
    ["a /8", { VpcName: "bad", CidrBlock: "10.0.0.0/8" }, "InvalidParameterValue.Range", /\/12 to \/28/],
    ["a /29", { VpcName: "bad", CidrBlock: "10.0.0.0/29" }, "InvalidParameterValue.Range", /\/12 to \/28/],
    ["a VpcName of 61 characters", { VpcName: "n".repeat(61), CidrBlock: "10.0.0.0/16" }, "InvalidParameterValue.TooLong", /`VpcName` must be at most 60/],
    ["an empty VpcName", { VpcName: "", CidrBlock: "10.0.0.0/16" }, "InvalidParameterValue", /`VpcName` must not be empty/],
    ["no CidrBlock", { VpcName: "bad" }, "MissingParameter", /missing a required parameter `CidrBlock`/],
    ["no VpcName", { CidrBlock: "10.0.0.0/16" }, "MissingParameter", /`VpcName`/],
    ["an unknown field", { VpcName: "bad", CidrBlock: "10.0.0.0/16", Colour: "red" }, "UnknownParameter", /`Colour` is not recognized/],
    ["a number for CidrBlock", { VpcName: "bad", CidrBlock: 5 }, "InvalidParameter", /`CidrBlock` must be a string; got a number/],
  ])("refuses %s", async (_what, params, code, message) => {
    await expectCode(c.vpc.CreateVpc(params as never), code, message);
  });

  it("accepts a VpcName of exactly 60 characters", async () => {
    const r = await c.vpc.CreateVpc({ VpcName: "n".repeat(60), CidrBlock: "10.4.0.0/16" });
    expect(r.Vpc?.VpcName).toBe("n".repeat(60));
    await c.vpc.DeleteVpc({ VpcId: r.Vpc!.VpcId! });
  });
});

describe("CreateVpc quota", () => {
  it("refuses one VPC more than appid-max-vpcs (20 by default) with LimitExceeded, and frees room on delete", async () => {
    const other = clients(inject("devPort"), "ap-seoul");
    const limits = await other.vpc.DescribeVpcLimits({ LimitTypes: ["appid-max-vpcs"] });
    const quota = limits.VpcLimitSet![0]!.LimitValue!;
    expect(limits.VpcLimitSet![0]!.LimitType).toBe("appid-max-vpcs");
    expect(quota).toBeGreaterThanOrEqual(20);
    // other files keep VPCs of their own in this region: fill only what is left of the quota
    const held = (await other.vpc.DescribeVpcs({})).TotalCount!;
    const ids: string[] = [];
    for (let i = held; i < quota; i++) ids.push(await makeVpc(other.vpc, `10.${i % 200}.0.0/16`));
    await expectCode(other.vpc.CreateVpc({ VpcName: "one more", CidrBlock: "10.250.0.0/16" }), "LimitExceeded", new RegExp(`${quota} of ${quota} VPCs`));
    await other.vpc.DeleteVpc({ VpcId: ids[0]! });
    ids[0] = await makeVpc(other.vpc, "10.250.0.0/16");
    for (const id of ids) await other.vpc.DeleteVpc({ VpcId: id });
  });
});

describe("DescribeVpcs", () => {
  let a: string;
  let b: string;
  const nameA = uniqueName("desc-a");
  const nameB = uniqueName("desc-b");
  beforeAll(async () => {
    a = await makeVpc(c.vpc, "10.31.0.0/16", nameA);
    b = await makeVpc(c.vpc, "172.31.0.0/16", nameB);
  });

  it("lists only the VPCs named in VpcIds", async () => {
    const r = await c.vpc.DescribeVpcs({ VpcIds: [b] });
    expect(r.TotalCount).toBe(1);
    expect(r.VpcSet?.map((v) => v.VpcId)).toEqual([b]);
    const both = await c.vpc.DescribeVpcs({ VpcIds: [a, b] });
    expect(both.VpcSet?.map((v) => v.VpcId).sort()).toEqual([a, b].sort());
  });

  it.each([
    ["vpc-id", () => [a], () => [a]],
    ["vpc-name", () => [nameB], () => [b]],
    ["cidr-block", () => ["10.31.0.0/16"], () => [a]],
    ["vpc-id (values ORed)", () => [a, b], () => [a, b]],
  ])("filters by %s", async (name, values, expected) => {
    const filterName = name.split(" ")[0]!;
    const r = await c.vpc.DescribeVpcs({ Filters: [{ Name: filterName, Values: values() }], Limit: "100" });
    const got = (r.VpcSet ?? []).map((v) => v.VpcId).filter((id) => id === a || id === b);
    expect(got.sort()).toEqual(expected().sort());
    expect(r.TotalCount).toBe(r.VpcSet?.length);
  });

  it("ANDs filters of different names", async () => {
    const r = await c.vpc.DescribeVpcs({
      Filters: [
        { Name: "vpc-id", Values: [a, b] },
        { Name: "cidr-block", Values: ["172.31.0.0/16"] },
      ],
    });
    expect(r.VpcSet?.map((v) => v.VpcId)).toEqual([b]);
    const none = await c.vpc.DescribeVpcs({ Filters: [{ Name: "vpc-id", Values: [a] }, { Name: "vpc-name", Values: [nameB] }] });
    expect(none.TotalCount).toBe(0);
    expect(none.VpcSet).toEqual([]);
  });

  it.each([
    ["strings", "0", "20", "1", "1"],
    ["numbers", 0, 20, 1, 1],
  ])("pages with Offset and Limit given as %s", async (_kind, o0, l20, o1, l1) => {
    const all = await c.vpc.DescribeVpcs({ Offset: o0, Limit: l20 } as never);
    expect(all.TotalCount).toBeGreaterThanOrEqual(2);
    expect(all.VpcSet!.length).toBe(Math.min(all.TotalCount!, 20));
    const second = await c.vpc.DescribeVpcs({ Offset: o1, Limit: l1 } as never);
    expect(second.TotalCount).toBe(all.TotalCount);
    expect(second.VpcSet?.map((v) => v.VpcId)).toEqual([all.VpcSet![1]!.VpcId]);
  });

  it("lists VPCs in creation order and defaults to 20 per page", async () => {
    const r = await c.vpc.DescribeVpcs({});
    expect(r.VpcSet!.length).toBe(Math.min(r.TotalCount!, 20));
    const ids = r.VpcSet!.map((v) => v.VpcId);
    expect(ids.indexOf(a)).toBeLessThan(ids.indexOf(b));
  });

  it.each([
    ["Limit 101", { Limit: "101" }, "InvalidParameterValue.LimitExceeded", /`Limit` must be at most 100; got 101/],
    ["Limit 101 as a number", { Limit: 101 }, "InvalidParameterValue.LimitExceeded", /`Limit` must be at most 100/],
    ["a negative Offset", { Offset: "-1" }, "InvalidParameterValue.Range", /`Offset`/],
    ["a non-numeric Limit", { Limit: "ten" }, "InvalidParameterValue.Range", /`Limit`/],
    ["an unknown filter name", { Filters: [{ Name: "colour", Values: ["red"] }] }, "InvalidParameter.FilterInvalidKey", /`Filters.0.Name` \("colour"\) is not supported/],
    ["Filters Values that are not a list", { Filters: [{ Name: "vpc-id", Values: "vpc-12345678" }] }, "InvalidParameter.FilterValuesNotList", /`Filters.0.Values`/],
    // page() in functions/actions/context.ts documents "1 <= limit <= max" and Range otherwise.
    ["Limit 0", { Limit: "0" }, "InvalidParameterValue.Range", /`Limit`/],
    ["a malformed VpcIds entry", { VpcIds: ["vpc-12345678", "vpc-XY"] }, "InvalidParameterValue.Malformed", /`VpcIds.1` \("vpc-XY"\)/],
  ])("refuses %s", async (_what, params, code, message) => {
    await expectCode(c.vpc.DescribeVpcs(params as never), code, message);
  });
});

describe("DeleteVpc", () => {
  it("deletes a VPC so that it is no longer listed", async () => {
    const id = await makeVpc(c.vpc, "10.32.0.0/16");
    const r = await c.vpc.DeleteVpc({ VpcId: id });
    expect(r.RequestId).toBeTruthy();
    const after = await c.vpc.DescribeVpcs({ VpcIds: [id] });
    expect(after.TotalCount).toBe(0);
    await expectCode(c.vpc.DeleteVpc({ VpcId: id }), "ResourceNotFound", id);
  });

  it("refuses with ResourceInUse while a classic instance is linked, and deletes after detach", async () => {
    const id = await makeVpc(c.vpc, "10.33.0.0/16");
    const [ins] = await makeClassic(c.cvm, ZONE);
    await attach(c.vpc, id, [ins!]);
    await expectCode(c.vpc.DeleteVpc({ VpcId: id }), "ResourceInUse", /still has 1 ClassicLink/);
    expect((await c.vpc.DescribeVpcs({ VpcIds: [id] })).TotalCount).toBe(1);
    await c.vpc.DetachClassicLinkVpc({ VpcId: id, InstanceIds: [ins!] });
    await c.vpc.DeleteVpc({ VpcId: id });
    expect((await c.vpc.DescribeVpcs({ VpcIds: [id] })).TotalCount).toBe(0);
    await c.cvm.TerminateInstances({ InstanceIds: [ins!] });
  });

  it("refuses with ResourceInUse while an instance uses one of its subnets", async () => {
    const id = await makeVpc(c.vpc, "10.34.0.0/16");
    const subnet = await makeSubnet(c.vpc, id, "10.34.1.0/24", ZONE);
    const r = await c.cvm.RunInstances({ Placement: { Zone: ZONE }, VirtualPrivateCloud: { VpcId: id, SubnetId: subnet } });
    await expectCode(c.vpc.DeleteVpc({ VpcId: id }), "ResourceInUse", /instances in its subnets/);
    await c.cvm.TerminateInstances({ InstanceIds: r.InstanceIdSet! });
    await c.vpc.DeleteSubnet({ SubnetId: subnet });
    await c.vpc.DeleteVpc({ VpcId: id });
  });

  it.each([
    ["an unknown VPC", "vpc-00000000", "ResourceNotFound", /vpc-00000000 does not exist/],
    ["a malformed id", "vpc-123", "InvalidParameterValue.Malformed", /`VpcId` \("vpc-123"\) is not a valid vpc id/],
    ["an id with capitals", "vpc-ABCDEFGH", "InvalidParameterValue.Malformed", /`VpcId`/],
  ])("refuses %s", async (_what, id, code, message) => {
    await expectCode(c.vpc.DeleteVpc({ VpcId: id }), code, message);
  });

  it("does not delete a VPC of another region", async () => {
    const id = await makeVpc(c.vpc, "10.35.0.0/16");
    const other = clients(inject("devPort"), "ap-hongkong");
    await expectCode(other.vpc.DeleteVpc({ VpcId: id }), "ResourceNotFound", id);
    expect((await c.vpc.DescribeVpcs({ VpcIds: [id] })).TotalCount).toBe(1);
    await c.vpc.DeleteVpc({ VpcId: id });
  });
});

describe("DescribeVpcLimits", () => {
  it("reports 100 ClassicLinks per VPC", async () => {
    const r = await c.vpc.DescribeVpcLimits({ LimitTypes: ["vpc-max-basic-network-interconnections"] });
    expect(r.VpcLimitSet).toEqual([{ LimitType: "vpc-max-basic-network-interconnections", LimitValue: 100 }]);
  });

  it("refuses an unknown limit type with InvalidParameterValue", async () => {
    await expectCode(
      c.vpc.DescribeVpcLimits({ LimitTypes: ["vpc-max-basic-network-interconnections", "vpc-max-unicorns"] }),
      "InvalidParameterValue",
      /`LimitTypes.1` \("vpc-max-unicorns"\)/,
    );
  });

  it("refuses a missing LimitTypes with MissingParameter", async () => {
    await expectCode(c.vpc.DescribeVpcLimits({} as never), "MissingParameter", /`LimitTypes`/);
  });
});

describe("DescribeRouteTables", () => {
  it("lists the Local route of the VPC CIDR and one /32 Local route per linked instance (CL9)", async () => {
    const id = await makeVpc(c.vpc, "10.36.0.0/16");
    const before = await routesOf(c.vpc, id);
    expect(before).toEqual([{ dest: "10.36.0.0/16", type: "LOCAL" }]);

    const ids = await makeClassic(c.cvm, ZONE, 2);
    const ips = await Promise.all(ids.map(async (i) => (await instance(c.cvm, i)).PrivateIp));
    await attach(c.vpc, id, ids);
    const linked = await routesOf(c.vpc, id);
    expect(linked[0]).toEqual({ dest: "10.36.0.0/16", type: "LOCAL" });
    expect(linked.slice(1).map((x) => x.dest).sort()).toEqual(ips.map((ip) => `${ip}/32`).sort());
    expect(linked.every((x) => x.type === "LOCAL")).toBe(true);

    await c.vpc.DetachClassicLinkVpc({ VpcId: id, InstanceIds: [ids[0]!] });
    expect(await routesOf(c.vpc, id)).toEqual([
      { dest: "10.36.0.0/16", type: "LOCAL" },
      { dest: `${ips[1]}/32`, type: "LOCAL" },
    ]);
    await c.vpc.DetachClassicLinkVpc({ VpcId: id, InstanceIds: [ids[1]!] });
    expect(await routesOf(c.vpc, id)).toEqual([{ dest: "10.36.0.0/16", type: "LOCAL" }]);
    await c.cvm.TerminateInstances({ InstanceIds: ids });
    await c.vpc.DeleteVpc({ VpcId: id });
  });

  it("keeps each route's RouteId and RouteItemId when another link's route is removed", async () => {
    const id = await makeVpc(c.vpc, "10.42.0.0/16");
    const [first] = await makeClassic(c.cvm, ZONE);
    const [second] = await makeClassic(c.cvm, ZONE);
    await attach(c.vpc, id, [first!]);
    await attach(c.vpc, id, [second!]);
    const table = async () => (await c.vpc.DescribeRouteTables({ Filters: [{ Name: "vpc-id", Values: [id] }] })).RouteTableSet![0]!.RouteSet!;
    const before = await table();
    expect(before).toHaveLength(3);
    expect(new Set(before.map((r) => r.RouteId)).size).toBe(3);
    expect(new Set(before.map((r) => r.RouteItemId)).size).toBe(3);
    const secondRoute = before.find((r) => r.RouteDescription === `ClassicLink ${second}`)!;
    await c.vpc.DetachClassicLinkVpc({ VpcId: id, InstanceIds: [first!] });
    const after = await table();
    expect(after).toHaveLength(2);
    const still = after.find((r) => r.RouteDescription === `ClassicLink ${second}`)!;
    expect({ RouteId: still.RouteId, RouteItemId: still.RouteItemId }).toEqual({ RouteId: secondRoute.RouteId, RouteItemId: secondRoute.RouteItemId });
  });

  it("finds the route table by RouteTableIds and associates the VPC's subnets", async () => {
    const id = await makeVpc(c.vpc, "10.37.0.0/16");
    const subnet = await makeSubnet(c.vpc, id, "10.37.2.0/24", ZONE);
    const byVpc = await c.vpc.DescribeRouteTables({ Filters: [{ Name: "vpc-id", Values: [id] }] });
    const table = byVpc.RouteTableSet![0]!;
    expect(table).toMatchObject({ VpcId: id, Main: true });
    expect(table.RouteTableId).toMatch(/^rtb-[a-z0-9]{8}$/);
    expect(table.AssociationSet?.map((x) => x.SubnetId)).toEqual([subnet]);
    const byId = await c.vpc.DescribeRouteTables({ RouteTableIds: [table.RouteTableId!] });
    expect(byId.TotalCount).toBe(1);
    expect(byId.RouteTableSet?.[0]?.VpcId).toBe(id);
  });

  it("refuses an unknown filter name", async () => {
    await expectCode(c.vpc.DescribeRouteTables({ Filters: [{ Name: "gateway", Values: ["x"] }] }), "InvalidParameter.FilterInvalidKey", /"gateway"/);
  });
});

describe("CreateSubnet", () => {
  let vpcId: string;
  beforeAll(async () => {
    vpcId = await makeVpc(c.vpc, "10.38.0.0/16");
  });

  it("creates a subnet inside the VPC", async () => {
    const name = uniqueName("subnet");
    const r = await c.vpc.CreateSubnet({ VpcId: vpcId, SubnetName: name, CidrBlock: "10.38.1.0/24", Zone: ZONE });
    expect(r.Subnet).toMatchObject({ VpcId: vpcId, SubnetName: name, CidrBlock: "10.38.1.0/24", Zone: ZONE, TotalIpAddressCount: 253, AvailableIpAddressCount: 253 });
    expect(r.Subnet?.SubnetId).toMatch(/^subnet-[a-z0-9]{8}$/);
  });

  it.each([
    ["a CIDR overlapping another subnet", { CidrBlock: "10.38.1.128/25" }, "InvalidParameterValue", /overlaps subnet-[a-z0-9]{8} \(10\.38\.1\.0\/24\)/],
    ["a CIDR outside the VPC", { CidrBlock: "10.39.0.0/24" }, "InvalidParameterValue", /not inside the VPC's 10\.38\.0\.0\/16/],
    ["a CIDR wider than the VPC", { CidrBlock: "10.38.0.0/15" }, "InvalidParameterValue", /not inside/],
    ["a CIDR smaller than /29", { CidrBlock: "10.38.3.0/30" }, "InvalidParameterValue", /smaller than \/29/],
    ["a malformed CIDR", { CidrBlock: "10.38.2.0/33" }, "InvalidParameterValue", /not a valid CIDR/],
    ["a zone of another region", { Zone: "ap-guangzhou-3" }, "InvalidParameterValue.Zone", /"ap-guangzhou-3"\) is not a zone of ap-shanghai/],
    ["a malformed VpcId", { VpcId: "vpc-1" }, "InvalidParameterValue.Malformed", /`VpcId`/],
    ["an unknown VPC", { VpcId: "vpc-00000000" }, "ResourceNotFound", /vpc-00000000 does not exist/],
    ["no Zone", { Zone: undefined }, "MissingParameter", /`Zone`/],
  ])("refuses %s", async (_what, patch, code, message) => {
    const params = { VpcId: vpcId, SubnetName: "bad", CidrBlock: "10.38.200.0/24", Zone: ZONE, ...patch };
    await expectCode(c.vpc.CreateSubnet(params as never), code, message);
  });
});

describe("DescribeSubnets", () => {
  it("lists a VPC's subnets by vpc-id and by SubnetIds", async () => {
    const vpcId = await makeVpc(c.vpc, "10.40.0.0/16");
    const s1 = await makeSubnet(c.vpc, vpcId, "10.40.1.0/24", ZONE);
    const s2 = await makeSubnet(c.vpc, vpcId, "10.40.2.0/26", ZONE);
    const byVpc = await c.vpc.DescribeSubnets({ Filters: [{ Name: "vpc-id", Values: [vpcId] }] });
    expect(byVpc.TotalCount).toBe(2);
    expect(byVpc.SubnetSet?.map((s) => [s.SubnetId, s.CidrBlock, s.VpcId])).toEqual([
      [s1, "10.40.1.0/24", vpcId],
      [s2, "10.40.2.0/26", vpcId],
    ]);
    const byId = await c.vpc.DescribeSubnets({ SubnetIds: [s2] });
    expect(byId.SubnetSet?.map((s) => s.SubnetId)).toEqual([s2]);
    const byCidr = await c.vpc.DescribeSubnets({ Filters: [{ Name: "vpc-id", Values: [vpcId] }, { Name: "cidr-block", Values: ["10.40.2.0/26"] }] });
    expect(byCidr.SubnetSet?.map((s) => s.SubnetId)).toEqual([s2]);
    const paged = await c.vpc.DescribeSubnets({ Filters: [{ Name: "vpc-id", Values: [vpcId] }], Offset: "1", Limit: "1" });
    expect(paged.TotalCount).toBe(2);
    expect(paged.SubnetSet?.map((s) => s.SubnetId)).toEqual([s2]);
  });

  it("counts the addresses used by instances in the subnet", async () => {
    const vpcId = await makeVpc(c.vpc, "10.41.0.0/16");
    const s = await makeSubnet(c.vpc, vpcId, "10.41.0.0/28", ZONE);
    await c.cvm.RunInstances({ Placement: { Zone: ZONE }, VirtualPrivateCloud: { VpcId: vpcId, SubnetId: s }, InstanceCount: 2 });
    const r = await c.vpc.DescribeSubnets({ SubnetIds: [s] });
    expect(r.SubnetSet?.[0]).toMatchObject({ TotalIpAddressCount: 13, AvailableIpAddressCount: 11 });
  });

  it("refuses an unknown filter name", async () => {
    await expectCode(c.vpc.DescribeSubnets({ Filters: [{ Name: "colour", Values: ["red"] }] }), "InvalidParameter.FilterInvalidKey", /"colour"/);
  });
});
