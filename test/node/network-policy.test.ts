// SDK conformance: security groups (CreateSecurityGroup, DescribeSecurityGroups,
// CreateSecurityGroupPolicies, DescribeSecurityGroupPolicies, DeleteSecurityGroup), their use by
// instances (RunInstances SecurityGroupIds, AssociateSecurityGroups, DescribeInstances) and network
// ACLs (CreateNetworkAcl, ModifyNetworkAclEntries, AssociateNetworkAclSubnets, DescribeNetworkAcls,
// DeleteNetworkAcl, DescribeSubnets' NetworkAclId). Region sa-saopaulo belongs to this file.
import { beforeAll, describe, expect, inject, it } from "vitest";
import { ALLOW_ALL, makeAcl, makeSecurityGroup, rule, runHost, VpcLab, type WireRule } from "../helpers/network";
import { instance, ipValue, makeSubnet, makeVpc, type Clients } from "../helpers/resources";
import { clients, expectCode } from "../helpers/sdk";

const REGION = "sa-saopaulo";
const ZONE = `${REGION}-1`;
const TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

let c: Clients;
let lab: VpcLab;
/** A second VPC of the region (for "another VPC's subnet"). */
let otherVpc: string;
let otherSubnet: string;

beforeAll(async () => {
  c = clients(inject("devPort"), REGION);
  lab = await VpcLab.create(c, ZONE, 1);
  otherVpc = await makeVpc(c.vpc, "10.2.0.0/16");
  otherSubnet = await makeSubnet(c.vpc, otherVpc, "10.2.1.0/24", ZONE);
});

/** policies reports a group's policy set. */
async function policies(sgId: string) {
  const r = await c.vpc.DescribeSecurityGroupPolicies({ SecurityGroupId: sgId });
  return r.SecurityGroupPolicySet!;
}

/** short reports rules as [Protocol, Port, CidrBlock, Action] in PolicyIndex order. */
function short(list: { PolicyIndex?: number; Protocol?: string; Port?: string; CidrBlock?: string; Action?: string }[] | undefined) {
  (list ?? []).forEach((r, i) => expect(r.PolicyIndex).toBe(i));
  return (list ?? []).map((r) => [r.Protocol, r.Port, r.CidrBlock, r.Action]);
}

/** groupsOf reports the SecurityGroupIds DescribeInstances shows for an instance. */
async function groupsOf(id: string): Promise<string[]> {
  const r = await c.cvm.DescribeInstances({ InstanceIds: [id] });
  expect(r.InstanceSet).toHaveLength(1);
  return r.InstanceSet![0]!.SecurityGroupIds ?? [];
}

describe("CreateSecurityGroup and DescribeSecurityGroups", () => {
  it("creates an empty group and lists it by id and by name", async () => {
    const name = `web-${Date.now().toString(36)}`;
    const r = await c.vpc.CreateSecurityGroup({ GroupName: name, GroupDescription: "front end" });
    expect(r.SecurityGroup).toMatchObject({ SecurityGroupName: name, SecurityGroupDesc: "front end", ProjectId: "0", IsDefault: false });
    const id = r.SecurityGroup!.SecurityGroupId!;
    expect(id).toMatch(/^sg-[a-z0-9]{8}$/);
    expect(r.SecurityGroup!.CreatedTime).toMatch(TIME);
    const byId = await c.vpc.DescribeSecurityGroups({ SecurityGroupIds: [id] });
    expect(byId.TotalCount).toBe(1);
    expect(byId.SecurityGroupSet![0]).toMatchObject({ SecurityGroupId: id, SecurityGroupName: name });
    const byName = await c.vpc.DescribeSecurityGroups({ Filters: [{ Name: "security-group-name", Values: [name] }] });
    expect(byName.SecurityGroupSet!.map((g) => g.SecurityGroupId)).toEqual([id]);
    expect(await policies(id)).toMatchObject({ Version: "0", Ingress: [], Egress: [] });
    const far = await clients(inject("devPort"), "ap-guangzhou").vpc.DescribeSecurityGroups({ SecurityGroupIds: [id] });
    expect(far.TotalCount).toBe(0);
  });

  it.each([
    ["an empty GroupName", () => c.vpc.CreateSecurityGroup({ GroupName: "", GroupDescription: "x" }), "InvalidParameterValue", /`GroupName` must not be empty/],
    ["a GroupName of 61 characters", () => c.vpc.CreateSecurityGroup({ GroupName: "g".repeat(61), GroupDescription: "x" }), "InvalidParameterValue.TooLong", /`GroupName`/],
    ["no GroupDescription", () => c.vpc.CreateSecurityGroup({ GroupName: "g" } as never), "MissingParameter", /`GroupDescription`/],
    ["a malformed id to describe", () => c.vpc.DescribeSecurityGroups({ SecurityGroupIds: ["sg-1"] }), "InvalidParameterValue.Malformed", /`SecurityGroupIds\.0`/],
    ["an unknown filter", () => c.vpc.DescribeSecurityGroups({ Filters: [{ Name: "vpc-id", Values: ["x"] }] }), "InvalidParameter.FilterInvalidKey", /vpc-id/],
  ])("refuses %s", async (_what, call, code, message) => {
    await expectCode(call(), code, message);
  });
});

describe("CreateSecurityGroupPolicies and DescribeSecurityGroupPolicies", () => {
  it("appends rules in order, upper-cases the protocol, reports Port ALL when absent and bumps Version", async () => {
    const sg = await makeSecurityGroup(c.vpc);
    await c.vpc.CreateSecurityGroupPolicies({
      SecurityGroupId: sg,
      SecurityGroupPolicySet: { Ingress: [{ ...rule("ACCEPT", "tcp", "80,443", "10.0.0.0/8"), PolicyDescription: "web" }, rule("DROP", "ALL", "", "0.0.0.0/0")] },
    });
    const set = await policies(sg);
    expect(set.Version).toBe("1");
    expect(short(set.Ingress)).toEqual([
      ["TCP", "80,443", "10.0.0.0/8", "ACCEPT"],
      ["ALL", "ALL", "0.0.0.0/0", "DROP"],
    ]);
    expect(set.Ingress![0]).toMatchObject({ PolicyDescription: "web", SecurityGroupId: sg });
    expect(set.Ingress![0]!.ModifyTime).toMatch(TIME);
    expect(set.Egress).toEqual([]);
    await c.vpc.CreateSecurityGroupPolicies({ SecurityGroupId: sg, SecurityGroupPolicySet: { Egress: [rule("ACCEPT", "udp", "53", "10.1.0.0/16")] } });
    const after = await policies(sg);
    expect(after.Version).toBe("2");
    expect(short(after.Egress)).toEqual([["UDP", "53", "10.1.0.0/16", "ACCEPT"]]);
    expect(after.PolicyStatistics).toEqual({ IngressIPv4TotalCount: 2, IngressIPv6TotalCount: 0, EgressIPv4TotalCount: 1, EgressIPv6TotalCount: 0 });
  });

  it("inserts at PolicyIndex, shifting the later rules", async () => {
    const sg = await makeSecurityGroup(c.vpc, { ingress: [rule("ACCEPT", "TCP", "22", "10.0.0.0/8"), rule("ACCEPT", "TCP", "80", "10.0.0.0/8")] });
    await c.vpc.CreateSecurityGroupPolicies({ SecurityGroupId: sg, SecurityGroupPolicySet: { Ingress: [{ ...rule("DROP", "TCP", "80", "10.9.0.0/16"), PolicyIndex: 1 }] } });
    await c.vpc.CreateSecurityGroupPolicies({ SecurityGroupId: sg, SecurityGroupPolicySet: { Ingress: [{ ...rule("ACCEPT", "ICMP", "", "0.0.0.0/0"), PolicyIndex: 0 }] } });
    await c.vpc.CreateSecurityGroupPolicies({ SecurityGroupId: sg, SecurityGroupPolicySet: { Ingress: [{ ...rule("DROP", "ALL", "", "0.0.0.0/0"), PolicyIndex: 4 }] } });
    expect(short((await policies(sg)).Ingress)).toEqual([
      ["ICMP", "ALL", "0.0.0.0/0", "ACCEPT"],
      ["TCP", "22", "10.0.0.0/8", "ACCEPT"],
      ["TCP", "80", "10.9.0.0/16", "DROP"],
      ["TCP", "80", "10.0.0.0/8", "ACCEPT"],
      ["ALL", "ALL", "0.0.0.0/0", "DROP"],
    ]);
    await expectCode(
      c.vpc.CreateSecurityGroupPolicies({ SecurityGroupId: sg, SecurityGroupPolicySet: { Ingress: [{ ...rule("DROP", "ALL", "", "0.0.0.0/0"), PolicyIndex: 6 }] } }),
      "InvalidParameterValue.Range",
      /PolicyIndex 6 is past the end of the ingress rules \(5\)/,
    );
  });

  it("takes the current Version and refuses a stale one with UnsupportedOperation.VersionMismatch", async () => {
    const sg = await makeSecurityGroup(c.vpc, { egress: ALLOW_ALL });
    await c.vpc.CreateSecurityGroupPolicies({ SecurityGroupId: sg, SecurityGroupPolicySet: { Version: "1", Ingress: [rule("ACCEPT", "TCP", "22", "10.0.0.0/8")] } });
    await expectCode(
      c.vpc.CreateSecurityGroupPolicies({ SecurityGroupId: sg, SecurityGroupPolicySet: { Version: "1", Ingress: [rule("ACCEPT", "TCP", "80", "10.0.0.0/8")] } }),
      "UnsupportedOperation.VersionMismatch",
      new RegExp(`${sg} is at version 2, not 1`),
    );
    const set = await policies(sg);
    expect(set.Version).toBe("2");
    expect(short(set.Ingress)).toEqual([["TCP", "22", "10.0.0.0/8", "ACCEPT"]]);
  });

  it.each([
    ["both directions in one request", { Ingress: [rule("ACCEPT", "TCP", "22", "10.0.0.0/8")], Egress: ALLOW_ALL }, "InvalidParameter", /one direction/],
    ["no rules", {}, "MissingParameter", /`SecurityGroupPolicySet\.Ingress` or `\.Egress`/],
    ["rules with different PolicyIndex", { Ingress: [{ ...ALLOW_ALL[0]!, PolicyIndex: 0 }, { ...ALLOW_ALL[0]!, PolicyIndex: 1 }] }, "InvalidParameterValue", /same PolicyIndex/],
    ["a negative PolicyIndex", { Ingress: [{ ...ALLOW_ALL[0]!, PolicyIndex: -1 }] }, "InvalidParameterValue.Range", /`SecurityGroupPolicySet\.Ingress\.0\.PolicyIndex`/],
    ["a Version that is not a number", { Version: "v1", Ingress: ALLOW_ALL }, "InvalidParameterValue", /`SecurityGroupPolicySet\.Version`/],
  ])("refuses %s", async (_what, set, code, message) => {
    const sg = await makeSecurityGroup(c.vpc);
    await expectCode(c.vpc.CreateSecurityGroupPolicies({ SecurityGroupId: sg, SecurityGroupPolicySet: set as never }), code, message);
    expect(await policies(sg)).toMatchObject({ Version: "0", Ingress: [], Egress: [] });
  });

  const BAD: [string, "Ingress" | "Egress", WireRule[], string, string][] = [
    ["a port range without an end", "Ingress", [rule("ACCEPT", "TCP", "80-", "10.0.0.0/8")], "Ingress.0.Port", '("80-")'],
    ["port 0", "Ingress", [rule("ACCEPT", "TCP", "0", "10.0.0.0/8")], "Ingress.0.Port", '("0")'],
    ["a port above 65535", "Ingress", [rule("ACCEPT", "UDP", "65536", "10.0.0.0/8")], "Ingress.0.Port", '("65536")'],
    ["a reversed port range", "Ingress", [rule("ACCEPT", "TCP", "9000-8000", "10.0.0.0/8")], "Ingress.0.Port", '("9000-8000")'],
    ["a port with a leading zero", "Ingress", [rule("ACCEPT", "TCP", "080", "10.0.0.0/8")], "Ingress.0.Port", '("080")'],
    ["a port with ICMP", "Egress", [rule("ACCEPT", "ICMP", "80", "10.0.0.0/8")], "Egress.0.Port", '("80")'],
    ["a port with ALL", "Egress", [rule("ACCEPT", "ALL", "22", "10.0.0.0/8")], "Egress.0.Port", '("22")'],
    ["protocol SCTP", "Ingress", [rule("ACCEPT", "SCTP", "", "10.0.0.0/8")], "Ingress.0.Protocol", '("SCTP")'],
    ["action ALLOW", "Ingress", [rule("ALLOW", "TCP", "22", "10.0.0.0/8")], "Ingress.0.Action", '("ALLOW")'],
    ["a CIDR with host bits set", "Ingress", [rule("ACCEPT", "TCP", "22", "10.0.0.1/8")], "Ingress.0.CidrBlock", '("10.0.0.1/8")'],
    ["a CIDR with a leading zero", "Ingress", [rule("ACCEPT", "TCP", "22", "010.0.0.0/8")], "Ingress.0.CidrBlock", '("010.0.0.0/8")'],
    ["a prefix of 33", "Egress", [rule("ACCEPT", "TCP", "22", "10.0.0.0/33")], "Egress.0.CidrBlock", '("10.0.0.0/33")'],
    ["an address of three parts", "Egress", [rule("ACCEPT", "TCP", "22", "10.0.0/24")], "Egress.0.CidrBlock", '("10.0.0/24")'],
    ["a bad second rule", "Egress", [...ALLOW_ALL, rule("DROP", "TCP", "1-2-3", "10.0.0.0/8")], "Egress.1.Port", '("1-2-3")'],
  ];

  it.each(BAD)("refuses %s with InvalidParameterValue naming the field, adding nothing", async (_what, dir, rules, path, value) => {
    const sg = await makeSecurityGroup(c.vpc);
    const p = c.vpc.CreateSecurityGroupPolicies({ SecurityGroupId: sg, SecurityGroupPolicySet: { [dir]: rules } });
    const quoted = value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    await expectCode(p, "InvalidParameterValue", new RegExp(`^The parameter \`SecurityGroupPolicySet\\.${path.replace(/\./g, "\\.")}\` ${quoted} is not valid: .+\\.$`));
    expect(await policies(sg)).toMatchObject({ Version: "0", Ingress: [], Egress: [] });
  });

  it.each([
    ["no CidrBlock", { Protocol: "TCP", Port: "22", Action: "ACCEPT" }, "MissingParameter", /`SecurityGroupPolicySet\.Ingress\.0\.CidrBlock`/],
    ["no Action", { Protocol: "TCP", Port: "22", CidrBlock: "10.0.0.0/8" }, "MissingParameter", /`SecurityGroupPolicySet\.Ingress\.0\.Action`/],
    ["an Ipv6CidrBlock", { ...rule("ACCEPT", "TCP", "22", "10.0.0.0/8"), Ipv6CidrBlock: "::/0" }, "InvalidParameterValue", /`SecurityGroupPolicySet\.Ingress\.0\.Ipv6CidrBlock` is not supported/],
  ])("refuses a rule with %s", async (_what, r, code, message) => {
    const sg = await makeSecurityGroup(c.vpc);
    await expectCode(c.vpc.CreateSecurityGroupPolicies({ SecurityGroupId: sg, SecurityGroupPolicySet: { Ingress: [r] } }), code, message);
  });

  it("accepts ports ALL, 80, 8000-9000 and 80,443 and a 0.0.0.0/n source", async () => {
    const sg = await makeSecurityGroup(c.vpc, {
      ingress: [rule("ACCEPT", "TCP", "ALL", "0.0.0.0/16"), rule("ACCEPT", "TCP", "80", "10.0.0.0/8"), rule("ACCEPT", "UDP", "8000-9000", "192.168.0.0/16"), rule("ACCEPT", "TCP", "80,443", "172.16.0.1/32")],
    });
    expect(short((await policies(sg)).Ingress).map((r) => r[1])).toEqual(["ALL", "80", "8000-9000", "80,443"]);
  });

  it.each([
    ["an unknown group", "sg-00000000", "ResourceNotFound", /sg-00000000 does not exist in sa-saopaulo/],
    ["a malformed group id", "sg-1", "InvalidParameterValue.Malformed", /`SecurityGroupId`/],
  ])("refuses %s", async (_what, id, code, message) => {
    await expectCode(c.vpc.CreateSecurityGroupPolicies({ SecurityGroupId: id, SecurityGroupPolicySet: { Ingress: ALLOW_ALL } }), code, message);
    await expectCode(c.vpc.DescribeSecurityGroupPolicies({ SecurityGroupId: id }), code, message);
  });
});

describe("security groups on instances", () => {
  let known: string;
  let host: string;
  beforeAll(async () => {
    known = await makeSecurityGroup(c.vpc);
    host = (await runHost(c.cvm, ZONE, lab.vpcId, (await lab.subnet()).id)).id;
  });

  it("RunInstances binds SecurityGroupIds and AssociateSecurityGroups appends groups in order, once each", async () => {
    const s = await lab.subnet();
    const [g1, g2, g3] = [await makeSecurityGroup(c.vpc), await makeSecurityGroup(c.vpc), await makeSecurityGroup(c.vpc)];
    const h = await runHost(c.cvm, ZONE, lab.vpcId, s.id, [g1!]);
    expect(await groupsOf(h.id)).toEqual([g1]);
    const r = await c.cvm.AssociateSecurityGroups({ SecurityGroupIds: [g3!, g2!, g1!], InstanceIds: [h.id] });
    expect(r.RequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await groupsOf(h.id)).toEqual([g1, g3, g2]);
    const [classic] = (await c.cvm.RunInstances({ Placement: { Zone: ZONE } })).InstanceIdSet!;
    await c.cvm.AssociateSecurityGroups({ SecurityGroupIds: [g2!], InstanceIds: [classic!] });
    expect(await groupsOf(classic!)).toEqual([g2]);
  });

  it.each([
    ["an unknown group", () => ({ SecurityGroupIds: [known, "sg-00000000"], InstanceIds: [host] }), "ResourceNotFound", /`SecurityGroupIds\.1` names the security group sg-00000000/],
    ["a malformed group id", () => ({ SecurityGroupIds: ["sg_1"], InstanceIds: [host] }), "InvalidParameterValue.Malformed", /`SecurityGroupIds\.0`/],
    ["an unknown instance", () => ({ SecurityGroupIds: [known], InstanceIds: ["ins-00000000"] }), "InvalidInstanceId.NotFound", /ins-00000000/],
    ["no groups", () => ({ SecurityGroupIds: [], InstanceIds: [host] }), "MissingParameter", /`SecurityGroupIds\.0`/],
  ])("AssociateSecurityGroups refuses %s and binds nothing", async (_what, params, code, message) => {
    await expectCode(c.cvm.AssociateSecurityGroups(params()), code, message);
    expect(await groupsOf(host)).toEqual([]);
  });

  it("RunInstances with an unknown group is refused and runs nothing", async () => {
    const before = (await c.cvm.DescribeInstances({})).TotalCount;
    await expectCode(c.cvm.RunInstances({ Placement: { Zone: ZONE }, SecurityGroupIds: ["sg-00000000"] }), "ResourceNotFound", /`SecurityGroupIds\.0`/);
    expect((await c.cvm.DescribeInstances({})).TotalCount).toBe(before);
  });

  it("DeleteSecurityGroup is refused with ResourceInUse while an instance uses the group, and works after TerminateInstances", async () => {
    const sg = await makeSecurityGroup(c.vpc);
    const h = await runHost(c.cvm, ZONE, lab.vpcId, (await lab.subnet()).id, [sg]);
    await expectCode(c.vpc.DeleteSecurityGroup({ SecurityGroupId: sg }), "ResourceInUse", new RegExp(`${sg} is bound to ${h.id}`));
    expect((await c.vpc.DescribeSecurityGroups({ SecurityGroupIds: [sg] })).TotalCount).toBe(1);
    await c.cvm.TerminateInstances({ InstanceIds: [h.id] });
    await c.vpc.DeleteSecurityGroup({ SecurityGroupId: sg });
    expect((await c.vpc.DescribeSecurityGroups({ SecurityGroupIds: [sg] })).TotalCount).toBe(0);
    await expectCode(c.vpc.DeleteSecurityGroup({ SecurityGroupId: sg }), "ResourceNotFound", new RegExp(sg));
    await expectCode(c.vpc.DescribeSecurityGroupPolicies({ SecurityGroupId: sg }), "ResourceNotFound", new RegExp(sg));
  });
});

describe("VPC instances", () => {
  it("take distinct host addresses of their subnet and report VpcId and SubnetId", async () => {
    const s = await lab.subnet();
    const hosts = [await lab.host(s.id), await lab.host(s.id)];
    const low = ipValue(s.cidr.split("/")[0]!);
    for (const h of hosts) {
      expect(ipValue(h.ip) - low, h.ip).toBeGreaterThan(1); // not the network address nor the gateway (.1)
      expect(ipValue(h.ip) - low, h.ip).toBeLessThan(255); // not the broadcast address of the /24
      expect(await instance(c.cvm, h.id)).toMatchObject({ VpcId: lab.vpcId, SubnetId: s.id, Zone: ZONE });
    }
    expect(hosts[0]!.ip).not.toBe(hosts[1]!.ip);
  });
});

describe("network ACLs", () => {
  it("CreateNetworkAcl makes an empty ACL of the VPC; DescribeNetworkAcls finds it by id, VPC and name", async () => {
    const name = `acl-${Date.now().toString(36)}`;
    const r = await c.vpc.CreateNetworkAcl({ VpcId: lab.vpcId, NetworkAclName: name });
    const id = r.NetworkAcl!.NetworkAclId!;
    expect(id).toMatch(/^acl-[a-z0-9]{8}$/);
    expect(r.NetworkAcl).toMatchObject({ VpcId: lab.vpcId, NetworkAclName: name, SubnetSet: [], IngressEntries: [], EgressEntries: [] });
    for (const q of [{ NetworkAclIds: [id] }, { Filters: [{ Name: "network-acl-name", Values: [name] }] }, { Filters: [{ Name: "network-acl-id", Values: [id] }] }]) {
      const d = await c.vpc.DescribeNetworkAcls(q);
      expect(d.NetworkAclSet!.map((a) => a.NetworkAclId)).toEqual([id]);
    }
    const inVpc = await c.vpc.DescribeNetworkAcls({ Filters: [{ Name: "vpc-id", Values: [lab.vpcId] }], Limit: 100 });
    expect(inVpc.NetworkAclSet!.map((a) => a.NetworkAclId)).toContain(id);
    expect(inVpc.NetworkAclSet!.every((a) => a.VpcId === lab.vpcId)).toBe(true);
  });

  it.each([
    ["an unknown VPC", { VpcId: "vpc-00000000", NetworkAclName: "a" }, "ResourceNotFound", /vpc-00000000/],
    ["a malformed VPC id", { VpcId: "vpc-1", NetworkAclName: "a" }, "InvalidParameterValue.Malformed", /`VpcId`/],
    ["an empty name", { VpcId: "@", NetworkAclName: "" }, "InvalidParameterValue", /`NetworkAclName` must not be empty/],
    ["a five-tuple ACL", { VpcId: "@", NetworkAclName: "a", NetworkAclType: "QUINTUPLE" }, "InvalidParameterValue", /`NetworkAclType`/],
  ])("CreateNetworkAcl refuses %s", async (_what, params, code, message) => {
    const p = { ...params, VpcId: params.VpcId === "@" ? lab.vpcId : params.VpcId };
    await expectCode(c.vpc.CreateNetworkAcl(p as never), code, message);
  });

  it("ModifyNetworkAclEntries replaces only the directions given; entries carry Priority and Description", async () => {
    const id = await makeAcl(c.vpc, lab.vpcId, { inbound: ALLOW_ALL, outbound: ALLOW_ALL });
    await c.vpc.ModifyNetworkAclEntries({
      NetworkAclId: id,
      NetworkAclEntrySet: { Ingress: [{ ...rule("ACCEPT", "tcp", "22", "10.0.0.0/8"), Description: "ssh" }, rule("DROP", "ALL", "", "0.0.0.0/0")] },
    });
    const [a] = (await c.vpc.DescribeNetworkAcls({ NetworkAclIds: [id] })).NetworkAclSet!;
    expect(a!.IngressEntries!.map((e) => [e.Priority, e.Protocol, e.Port, e.CidrBlock, e.Action, e.Description])).toEqual([
      [1, "TCP", "22", "10.0.0.0/8", "ACCEPT", "ssh"],
      [2, "ALL", "ALL", "0.0.0.0/0", "DROP", ""],
    ]);
    expect(a!.EgressEntries!.map((e) => [e.Protocol, e.Port, e.CidrBlock, e.Action])).toEqual([["ALL", "ALL", "0.0.0.0/0", "ACCEPT"]]);
    await c.vpc.ModifyNetworkAclEntries({ NetworkAclId: id, NetworkAclEntrySet: { Egress: [] } });
    const [b] = (await c.vpc.DescribeNetworkAcls({ NetworkAclIds: [id] })).NetworkAclSet!;
    expect(b!.EgressEntries).toEqual([]);
    expect(b!.IngressEntries).toHaveLength(2);
  });

  it.each([
    ["a malformed port", { Egress: [...ALLOW_ALL, rule("ACCEPT", "TCP", "80-", "10.0.0.0/8")] }, "InvalidParameterValue", /`NetworkAclEntrySet\.Egress\.1\.Port` \("80-"\) is not valid/],
    ["a CIDR with host bits", { Ingress: [rule("ACCEPT", "TCP", "22", "10.0.0.1/8")] }, "InvalidParameterValue", /`NetworkAclEntrySet\.Ingress\.0\.CidrBlock` \("10\.0\.0\.1\/8"\) is not valid/],
    ["action PERMIT", { Ingress: [rule("PERMIT", "TCP", "22", "10.0.0.0/8")] }, "InvalidParameterValue", /`NetworkAclEntrySet\.Ingress\.0\.Action` \("PERMIT"\)/],
    ["no entry set", undefined, "MissingParameter", /`NetworkAclEntrySet`/],
  ])("ModifyNetworkAclEntries refuses %s and keeps the entries", async (_what, set, code, message) => {
    const id = await makeAcl(c.vpc, lab.vpcId, { inbound: ALLOW_ALL, outbound: ALLOW_ALL });
    await expectCode(c.vpc.ModifyNetworkAclEntries({ NetworkAclId: id, ...(set ? { NetworkAclEntrySet: set } : {}) } as never), code, message);
    const [a] = (await c.vpc.DescribeNetworkAcls({ NetworkAclIds: [id] })).NetworkAclSet!;
    expect([a!.IngressEntries!.length, a!.EgressEntries!.length]).toEqual([1, 1]);
  });

  it("AssociateNetworkAclSubnets binds subnets, DescribeSubnets reports the ACL, and re-associating moves a subnet", async () => {
    const [s1, s2] = [await lab.subnet(), await lab.subnet()];
    const first = await makeAcl(c.vpc, lab.vpcId, {}, [s1.id, s2.id]);
    const second = await makeAcl(c.vpc, lab.vpcId);
    const subnetsOf = async (acl: string) => (await c.vpc.DescribeNetworkAcls({ NetworkAclIds: [acl] })).NetworkAclSet![0]!.SubnetSet!.map((s) => s.SubnetId).sort();
    expect(await subnetsOf(first)).toEqual([s1.id, s2.id].sort());
    const d = await c.vpc.DescribeSubnets({ SubnetIds: [s1.id, s2.id] });
    expect(d.SubnetSet!.map((s) => s.NetworkAclId)).toEqual([first, first]);
    await c.vpc.AssociateNetworkAclSubnets({ NetworkAclId: second, SubnetIds: [s2.id] });
    expect(await subnetsOf(first)).toEqual([s1.id]);
    expect(await subnetsOf(second)).toEqual([s2.id]);
    expect((await c.vpc.DescribeSubnets({ SubnetIds: [s2.id] })).SubnetSet![0]!.NetworkAclId).toBe(second);
    const bare = await lab.subnet();
    expect((await c.vpc.DescribeSubnets({ SubnetIds: [bare.id] })).SubnetSet![0]!.NetworkAclId).toBe("");
  });

  it.each([
    ["a subnet of another VPC", () => [otherSubnet], "UnsupportedOperation.VpcMismatch", () => new RegExp(`${otherSubnet} is in ${otherVpc}`)],
    ["an unknown subnet", () => ["subnet-00000000"], "ResourceNotFound", () => /subnet-00000000 does not exist/],
    ["a malformed subnet id", () => ["subnet-1"], "InvalidParameterValue.Malformed", () => /`SubnetIds\.0`/],
  ])("AssociateNetworkAclSubnets refuses %s", async (_what, ids, code, message) => {
    const acl = await makeAcl(c.vpc, lab.vpcId);
    await expectCode(c.vpc.AssociateNetworkAclSubnets({ NetworkAclId: acl, SubnetIds: ids() }), code, message());
    expect((await c.vpc.DescribeNetworkAcls({ NetworkAclIds: [acl] })).NetworkAclSet![0]!.SubnetSet).toEqual([]);
  });

  it.each([
    ["NetworkAclIds and Filters together", { NetworkAclIds: ["acl-00000000"], Filters: [{ Name: "vpc-id", Values: ["vpc-00000000"] }] }, "InvalidParameter", /cannot be given together/],
    ["an unknown filter", { Filters: [{ Name: "subnet-id", Values: ["x"] }] }, "InvalidParameter.FilterInvalidKey", /subnet-id/],
    ["a malformed id", { NetworkAclIds: ["acl-1"] }, "InvalidParameterValue.Malformed", /`NetworkAclIds\.0`/],
  ])("DescribeNetworkAcls refuses %s", async (_what, params, code, message) => {
    await expectCode(c.vpc.DescribeNetworkAcls(params), code, message);
  });

  it("an ACL bound to a subnet of a VPC that DeleteVpc removed can still be deleted (or DeleteVpc refuses first)", async () => {
    const v = await makeVpc(c.vpc, "10.3.0.0/16");
    const acl = await makeAcl(c.vpc, v, { inbound: ALLOW_ALL }, [await makeSubnet(c.vpc, v, "10.3.1.0/24", ZONE)]);
    const err = (await c.vpc.DeleteVpc({ VpcId: v }).then(() => null, (e: { code?: string }) => e)) as { code?: string } | null;
    if (err) expect(err.code).toBe("ResourceInUse");
    else await c.vpc.DeleteNetworkAcl({ NetworkAclId: acl });
  });

  it("DeleteNetworkAcl is refused with ResourceInUse while a subnet uses the ACL, then deletes it", async () => {
    const s = await lab.subnet();
    const acl = await makeAcl(c.vpc, lab.vpcId, {}, [s.id]);
    await expectCode(c.vpc.DeleteNetworkAcl({ NetworkAclId: acl }), "ResourceInUse", new RegExp(`${acl} is bound to ${s.id}`));
    await makeAcl(c.vpc, lab.vpcId, {}, [s.id]);
    await c.vpc.DeleteNetworkAcl({ NetworkAclId: acl });
    expect((await c.vpc.DescribeNetworkAcls({ Filters: [{ Name: "network-acl-id", Values: [acl] }] })).TotalCount).toBe(0);
    await expectCode(c.vpc.DeleteNetworkAcl({ NetworkAclId: acl }), "ResourceNotFound", new RegExp(acl));
    await expectCode(c.vpc.ModifyNetworkAclEntries({ NetworkAclId: acl, NetworkAclEntrySet: { Ingress: ALLOW_ALL } }), "ResourceNotFound", new RegExp(acl));
  });
});
