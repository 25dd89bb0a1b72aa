// SDK conformance for the lifecycle actions the Terraform phases do not reach: one-rule edits of
// security groups (ReplaceSecurityGroupPolicy, DeleteSecurityGroupPolicies by index and by match),
// ReplaceRoutes and EnableRoutes, and their errors. Every reply is checked against the SDK model.
import { beforeAll, describe, expect, inject, it } from "vitest";
import { expectResponseShape } from "../helpers/response-shape";
import { clients, expectCode } from "../helpers/sdk";

const REGION = "ap-mumbai";
let c: ReturnType<typeof clients>;
beforeAll(() => {
  c = clients(inject("devPort"), REGION);
});

const r = (Action: string, Protocol: string, Port: string, CidrBlock: string) => ({ Action, Protocol, Port, CidrBlock });
async function rules(sg: string) {
  const set = (await c.vpc.DescribeSecurityGroupPolicies({ SecurityGroupId: sg })).SecurityGroupPolicySet!;
  return { version: set.Version!, ingress: set.Ingress!.map((x) => [x.Action, x.Protocol, x.Port, x.CidrBlock]) };
}

describe("security-group rule edits", () => {
  let sg: string;
  beforeAll(async () => {
    sg = (await c.vpc.CreateSecurityGroup({ GroupName: "edits", GroupDescription: "" })).SecurityGroup!.SecurityGroupId!;
    await c.vpc.CreateSecurityGroupPolicies({ SecurityGroupId: sg, SecurityGroupPolicySet: { Ingress: [r("ACCEPT", "TCP", "22", "10.0.0.0/8"), r("ACCEPT", "TCP", "80", "0.0.0.0/0"), r("DROP", "ALL", "ALL", "0.0.0.0/0")] } });
  });

  it("ReplaceSecurityGroupPolicy replaces the rule at PolicyIndex, or the one OriginalSecurityGroupPolicySet matches", async () => {
    const a = await c.vpc.ReplaceSecurityGroupPolicy({ SecurityGroupId: sg, SecurityGroupPolicySet: { Ingress: [{ ...r("ACCEPT", "TCP", "443", "0.0.0.0/0"), PolicyIndex: 1 }] } });
    expectResponseShape("vpc", "ReplaceSecurityGroupPolicy", a);
    expect((await rules(sg)).ingress[1]).toEqual(["ACCEPT", "TCP", "443", "0.0.0.0/0"]);
    await c.vpc.ReplaceSecurityGroupPolicy({ SecurityGroupId: sg, SecurityGroupPolicySet: { Ingress: [r("ACCEPT", "TCP", "2222", "10.0.0.0/8")] }, OriginalSecurityGroupPolicySet: { Ingress: [r("ACCEPT", "TCP", "22", "10.0.0.0/8")] } });
    expect((await rules(sg)).ingress[0]).toEqual(["ACCEPT", "TCP", "2222", "10.0.0.0/8"]);
    await expectCode(c.vpc.ReplaceSecurityGroupPolicy({ SecurityGroupId: sg, SecurityGroupPolicySet: { Ingress: [{ ...r("ACCEPT", "TCP", "1", "0.0.0.0/0"), PolicyIndex: 9 }] } }), "InvalidParameterValue.Range");
    await expectCode(c.vpc.ReplaceSecurityGroupPolicy({ SecurityGroupId: sg, SecurityGroupPolicySet: { Ingress: [r("ACCEPT", "TCP", "1", "0.0.0.0/0")] }, OriginalSecurityGroupPolicySet: { Ingress: [r("ACCEPT", "UDP", "53", "1.1.1.1/32")] } }), "ResourceNotFound");
  });

  it("DeleteSecurityGroupPolicies removes by PolicyIndex or by matching the rule, under the Version guard", async () => {
    const before = await rules(sg);
    await expectCode(c.vpc.DeleteSecurityGroupPolicies({ SecurityGroupId: sg, SecurityGroupPolicySet: { Version: String(Number(before.version) - 1), Ingress: [{ PolicyIndex: 0 }] } }), "UnsupportedOperation.VersionMismatch");
    const d = await c.vpc.DeleteSecurityGroupPolicies({ SecurityGroupId: sg, SecurityGroupPolicySet: { Version: before.version, Ingress: [{ PolicyIndex: 0 }] } });
    expectResponseShape("vpc", "DeleteSecurityGroupPolicies", d);
    await c.vpc.DeleteSecurityGroupPolicies({ SecurityGroupId: sg, SecurityGroupPolicySet: { Ingress: [r("DROP", "ALL", "ALL", "0.0.0.0/0")] } });
    expect((await rules(sg)).ingress).toEqual([["ACCEPT", "TCP", "443", "0.0.0.0/0"]]);
    await expectCode(c.vpc.DeleteSecurityGroupPolicies({ SecurityGroupId: sg, SecurityGroupPolicySet: { Ingress: [{ PolicyIndex: 5 }] } }), "InvalidParameterValue.Range");
    await expectCode(c.vpc.DeleteSecurityGroupPolicies({ SecurityGroupId: sg, SecurityGroupPolicySet: {} }), "MissingParameter");
  });

  it("ModifySecurityGroupPolicies keeps a direction it is not given and clears one given empty", async () => {
    await c.vpc.ModifySecurityGroupPolicies({ SecurityGroupId: sg, SecurityGroupPolicySet: { Egress: [r("ACCEPT", "ALL", "ALL", "0.0.0.0/0")] } });
    expect((await rules(sg)).ingress).toEqual([["ACCEPT", "TCP", "443", "0.0.0.0/0"]]);
    await c.vpc.ModifySecurityGroupPolicies({ SecurityGroupId: sg, SecurityGroupPolicySet: { Ingress: [] } });
    expect((await rules(sg)).ingress).toEqual([]);
    await expectCode(c.vpc.ModifySecurityGroupPolicies({ SecurityGroupId: sg, SecurityGroupPolicySet: { Ingress: [{ ...r("ACCEPT", "TCP", "22", "0.0.0.0/0"), PolicyIndex: 0 }] } }), "InvalidParameterValue", /PolicyIndex/);
  });
});

describe("route replacement and switching", () => {
  it("ReplaceRoutes swaps a route in place (same id), EnableRoutes turns a disabled one back on; Local routes are untouchable", async () => {
    const vpcId = (await c.vpc.CreateVpc({ VpcName: "routes", CidrBlock: "10.70.0.0/16" })).Vpc!.VpcId!;
    const rtb = (await c.vpc.DescribeRouteTables({ Filters: [{ Name: "vpc-id", Values: [vpcId] }] })).RouteTableSet![0]!.RouteTableId!;
    const made = await c.vpc.CreateRoutes({ RouteTableId: rtb, Routes: [{ DestinationCidrBlock: "172.16.0.0/16", GatewayType: "VPN", GatewayId: "vpngw-00000001" }] });
    const id = made.RouteTableSet![0]!.RouteSet![0]!.RouteId!;
    const rep = await c.vpc.ReplaceRoutes({ RouteTableId: rtb, Routes: [{ RouteId: id, DestinationCidrBlock: "172.17.0.0/16", GatewayType: "NAT", GatewayId: "nat-00000001", RouteDescription: "moved" }] });
    expectResponseShape("vpc", "ReplaceRoutes", rep, { present: ["OldRouteSet.*.RouteId", "NewRouteSet.*.RouteId"] });
    expect(rep.OldRouteSet![0]).toMatchObject({ RouteId: id, DestinationCidrBlock: "172.16.0.0/16" });
    expect(rep.NewRouteSet![0]).toMatchObject({ RouteId: id, DestinationCidrBlock: "172.17.0.0/16", GatewayType: "NAT", RouteDescription: "moved" });
    await c.vpc.DisableRoutes({ RouteTableId: rtb, RouteIds: [id] });
    const en = await c.vpc.EnableRoutes({ RouteTableId: rtb, RouteIds: [id] });
    expectResponseShape("vpc", "EnableRoutes", en);
    const table = (await c.vpc.DescribeRouteTables({ RouteTableIds: [rtb] })).RouteTableSet![0]!;
    expect(table.RouteSet!.find((x) => x.RouteId === id)).toMatchObject({ Enabled: true, DestinationCidrBlock: "172.17.0.0/16" });
    await expectCode(c.vpc.DeleteRoutes({ RouteTableId: rtb, Routes: [{ RouteId: 1 }] as never }), "ResourceNotFound", /Local routes/);
    await expectCode(c.vpc.ReplaceRoutes({ RouteTableId: rtb, Routes: [{ RouteId: id, DestinationCidrBlock: "10.70.1.0/24", GatewayType: "VPN", GatewayId: "vpngw-1" }] }), "InvalidParameterValue.VpcCidrConflict");
    const del = await c.vpc.DeleteRoutes({ RouteTableId: rtb, Routes: [{ DestinationCidrBlock: "172.17.0.0/16" }] as never });
    expectResponseShape("vpc", "DeleteRoutes", del);
    expect(del.RouteSet!.map((x) => x.RouteId)).toEqual([id]);
    await c.vpc.DeleteVpc({ VpcId: vpcId });
  });
});

describe("attribute errors", () => {
  it.each([
    ["ModifyVpcAttribute", { VpcId: "vpc-00000000", VpcName: "x" }, "ResourceNotFound"],
    ["ModifySubnetAttribute", { SubnetId: "subnet-00000000", SubnetName: "x" }, "ResourceNotFound"],
    ["ModifyNetworkAclAttribute", { NetworkAclId: "acl-00000000", NetworkAclName: "x" }, "ResourceNotFound"],
    ["ModifySecurityGroupAttribute", { SecurityGroupId: "sg-00000000", GroupName: "x" }, "ResourceNotFound"],
    ["ModifyCcnAttribute", { CcnId: "ccn-00000000", CcnName: "x" }, "ResourceNotFound"],
    ["ModifyVpcAttribute", { VpcId: "vpc-1", VpcName: "x" }, "InvalidParameterValue.Malformed"],
  ])("%s %j answers %s", async (action, params, code) => {
    await expectCode(c.vpc.request(action, params), code);
  });

  it("ModifyVpcAttribute checks DnsServers and EnableMulticast", async () => {
    const vpcId = (await c.vpc.CreateVpc({ VpcName: "attrs", CidrBlock: "10.71.0.0/16" })).Vpc!.VpcId!;
    await expectCode(c.vpc.ModifyVpcAttribute({ VpcId: vpcId, DnsServers: ["1.2.3"] }), "InvalidParameterValue.Malformed", /DnsServers.0/);
    await expectCode(c.vpc.ModifyVpcAttribute({ VpcId: vpcId, EnableMulticast: "maybe" }), "InvalidParameterValue");
    await expectCode(c.vpc.ModifyVpcAttribute({ VpcId: vpcId, VpcName: "" }), "InvalidParameterValue");
    await c.vpc.ModifyVpcAttribute({ VpcId: vpcId, EnableMulticast: "true", DomainName: "corp.local" });
    expect((await c.vpc.DescribeVpcs({ VpcIds: [vpcId] })).VpcSet![0]).toMatchObject({ EnableMulticast: true, DomainName: "corp.local", VpcName: "attrs" });
    await c.vpc.DeleteVpc({ VpcId: vpcId });
  });
});

describe("security groups of instances", () => {
  it("DisassociateSecurityGroups undoes AssociateSecurityGroups, one group per call, all instances or none", async () => {
    const sg = async (name: string) => (await c.vpc.CreateSecurityGroup({ GroupName: name, GroupDescription: "" })).SecurityGroup!.SecurityGroupId!;
    const [a, b] = [await sg("bind-a"), await sg("bind-b")];
    const ins = (await c.cvm.RunInstances({ Placement: { Zone: `${REGION}-1` }, InstanceCount: 2 })).InstanceIdSet!;
    const groups = async () => (await c.cvm.DescribeInstances({ InstanceIds: ins })).InstanceSet!.map((x) => [x.InstanceId, x.SecurityGroupIds]);
    await c.cvm.AssociateSecurityGroups({ SecurityGroupIds: [a, b], InstanceIds: ins });
    await c.cvm.DisassociateSecurityGroups({ SecurityGroupIds: [a], InstanceIds: [ins[0]!] }).then((r) => expectResponseShape("cvm", "DisassociateSecurityGroups", r));
    expect(await groups()).toEqual(expect.arrayContaining([[ins[0], [b]], [ins[1], [a, b]]]));
    // ins[0] no longer has a: the call is refused and ins[1] keeps a too.
    await expectCode(c.cvm.DisassociateSecurityGroups({ SecurityGroupIds: [a], InstanceIds: ins }), "FailedOperation.SecurityGroupActionFailed", new RegExp(ins[0]!));
    expect(await groups()).toEqual(expect.arrayContaining([[ins[1], [a, b]]]));
    await expectCode(c.cvm.DisassociateSecurityGroups({ SecurityGroupIds: [a, b], InstanceIds: [ins[1]!] }), "InvalidParameterValue", /one security group/);
    await expectCode(c.cvm.DisassociateSecurityGroups({ SecurityGroupIds: ["sg-00000000"], InstanceIds: [ins[1]!] }), "ResourceNotFound");
    await expectCode(c.cvm.DisassociateSecurityGroups({ SecurityGroupIds: ["sg-1"], InstanceIds: [ins[1]!] }), "InvalidParameterValue.Malformed", /SecurityGroupIds/);
    await expectCode(c.cvm.DisassociateSecurityGroups({ SecurityGroupIds: [a], InstanceIds: ["ins-00000000"] }), "InvalidInstanceId.NotFound");
    await c.cvm.TerminateInstances({ InstanceIds: ins });
    for (const g of [a, b]) await c.vpc.DeleteSecurityGroup({ SecurityGroupId: g });
  });
});
