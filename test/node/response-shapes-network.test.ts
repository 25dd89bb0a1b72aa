// Response shapes, vpc 2017-03-12 and cvm 2017-03-12: a realistic network (VPC, subnet, routes,
// security groups, ACLs, instances, ClassicLink, CCN) built and removed through the official SDK,
// every successful reply checked against the SDK's .d.ts model of its Response type, and a final
// check that every vpc and cvm action the service registers with a model had its reply checked.
// Region eu-frankfurt (shared with channel-requests, which keeps no VPC of its own past its run).
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { sdkClients } from "../helpers/sdk";
import { ShapeLog, coverageSuite } from "../helpers/shape-coverage";

const REGION = "eu-frankfurt";
const ZONE = `${REGION}-1`;

// Reply paths Terraform or the component toolkit read without a nil check (see real-clients.md).
const PRESENT: Record<string, string[]> = {
  CreateVpc: ["Vpc.VpcId", "Vpc.CidrBlock"],
  DescribeVpcs: ["TotalCount", "VpcSet.*.VpcId", "VpcSet.*.VpcName", "VpcSet.*.CidrBlock", "VpcSet.*.IsDefault", "VpcSet.*.EnableMulticast", "VpcSet.*.CreatedTime", "VpcSet.*.DnsServerSet", "VpcSet.*.DomainName", "VpcSet.*.TagSet"],
  CreateSubnet: ["Subnet.SubnetId"],
  DescribeSubnets: ["SubnetSet.*.VpcId", "SubnetSet.*.SubnetId", "SubnetSet.*.SubnetName", "SubnetSet.*.CidrBlock", "SubnetSet.*.Zone", "SubnetSet.*.RouteTableId", "SubnetSet.*.IsDefault", "SubnetSet.*.EnableBroadcast", "SubnetSet.*.AvailableIpAddressCount", "SubnetSet.*.CreatedTime", "SubnetSet.*.TagSet"],
  DescribeVpcLimits: ["VpcLimitSet.*.LimitType", "VpcLimitSet.*.LimitValue"],
  DescribeRouteTables: ["TotalCount", "RouteTableSet.*.RouteTableId", "RouteTableSet.*.VpcId", "RouteTableSet.*.Main", "RouteTableSet.*.RouteSet.*.RouteId", "RouteTableSet.*.RouteSet.*.DestinationCidrBlock", "RouteTableSet.*.RouteSet.*.GatewayType", "RouteTableSet.*.RouteSet.*.GatewayId"],
  CreateRoutes: ["TotalCount", "RouteTableSet.*.RouteSet.*.RouteId"],
  CreateSecurityGroup: ["SecurityGroup.SecurityGroupId"],
  DescribeSecurityGroups: ["SecurityGroupSet.*.SecurityGroupId", "SecurityGroupSet.*.SecurityGroupName", "SecurityGroupSet.*.SecurityGroupDesc", "SecurityGroupSet.*.ProjectId"],
  DescribeSecurityGroupPolicies: ["SecurityGroupPolicySet.Version", "SecurityGroupPolicySet.Ingress", "SecurityGroupPolicySet.Egress", "SecurityGroupPolicySet.PolicyStatistics.IngressIPv4TotalCount"],
  DescribeSecurityGroupAssociationStatistics: ["SecurityGroupAssociationStatisticsSet.*.CVM", "SecurityGroupAssociationStatisticsSet.*.TotalCount"],
  CreateNetworkAcl: ["NetworkAcl.NetworkAclId"],
  DescribeNetworkAcls: ["NetworkAclSet.*.NetworkAclId", "NetworkAclSet.*.VpcId", "NetworkAclSet.*.NetworkAclName", "NetworkAclSet.*.IngressEntries", "NetworkAclSet.*.EgressEntries", "NetworkAclSet.*.SubnetSet"],
  DescribeClassicLinkInstances: ["TotalCount", "ClassicLinkInstanceSet.*.VpcId", "ClassicLinkInstanceSet.*.InstanceId"],
  DescribeVpcTaskResult: ["Status"],
  CreateCcn: ["Ccn.CcnId", "Ccn.CcnName", "Ccn.State", "Ccn.CreateTime", "Ccn.InstanceCount"],
  DescribeCcns: ["TotalCount", "CcnSet.*.CcnId", "CcnSet.*.CcnName", "CcnSet.*.CcnDescription", "CcnSet.*.State", "CcnSet.*.QosLevel", "CcnSet.*.CreateTime", "CcnSet.*.InstanceCount", "CcnSet.*.TagSet"],
  DescribeCcnAttachedInstances: ["InstanceSet.*.CcnId", "InstanceSet.*.InstanceType", "InstanceSet.*.InstanceId", "InstanceSet.*.InstanceRegion", "InstanceSet.*.State", "InstanceSet.*.CidrBlock"],
  DescribeCcnRoutes: ["RouteSet"],
  RunInstances: ["InstanceIdSet"],
  DescribeInstances: ["TotalCount", "InstanceSet.*.InstanceId", "InstanceSet.*.InstanceName", "InstanceSet.*.InstanceState", "InstanceSet.*.Placement.Zone", "InstanceSet.*.PrivateIpAddresses", "InstanceSet.*.SecurityGroupIds"],
};

const log = new ShapeLog(PRESENT);
let vpc: ReturnType<typeof sdkClients>["vpc"];
let cvm: ReturnType<typeof sdkClients>["cvm"];
const made = { vpcId: "", subnetId: "", rtb: "", sg: "", sg2: "", acl: "", ccn: "", classic: [] as string[], vpcIns: "" };

beforeAll(() => {
  const c = sdkClients(inject("devPort"), REGION);
  vpc = log.wrap(c.vpc, "vpc");
  cvm = log.wrap(c.cvm, "cvm");
});

afterAll(async () => {
  // cleanup after a failure part-way (each step ignores what is already gone)
  const c = sdkClients(inject("devPort"), REGION);
  const quiet = (p: Promise<unknown>) => p.catch(() => undefined);
  const ins = [...made.classic, made.vpcIns].filter(Boolean);
  if (ins.length) await quiet(c.cvm.TerminateInstances({ InstanceIds: ins }));
  if (made.ccn) await quiet(c.vpc.DeleteCcn({ CcnId: made.ccn }));
  if (made.acl) await quiet(c.vpc.DeleteNetworkAcl({ NetworkAclId: made.acl }));
  for (const sg of [made.sg, made.sg2].filter(Boolean)) await quiet(c.vpc.DeleteSecurityGroup({ SecurityGroupId: sg }));
  if (made.subnetId) await quiet(c.vpc.DeleteSubnet({ SubnetId: made.subnetId }));
  if (made.vpcId) await quiet(c.vpc.DeleteVpc({ VpcId: made.vpcId }));
});

const tcp = (port: string, cidr: string, action = "ACCEPT") => ({ Protocol: "TCP", Port: port, CidrBlock: cidr, Action: action });

describe("vpc and cvm replies against the SDK models", () => {
  it("VPC, subnet, route table and routes", async () => {
    made.vpcId = (await vpc.CreateVpc({ VpcName: "shapes", CidrBlock: "10.44.0.0/16", DnsServers: ["119.29.29.29"], Tags: [{ Key: "suite", Value: "shapes" }] })).Vpc!.VpcId!;
    expect((await vpc.DescribeVpcs({ VpcIds: [made.vpcId] })).VpcSet).toHaveLength(1);
    await vpc.DescribeVpcs({ Filters: [{ Name: "vpc-name", Values: ["shapes"] }], Limit: "10", Offset: "0" });
    await vpc.ModifyVpcAttribute({ VpcId: made.vpcId, VpcName: "shapes-2", DnsServers: ["119.29.29.29", "8.8.8.8"] });
    await vpc.DescribeVpcLimits({ LimitTypes: ["appid-max-vpcs", "vpc-max-basic-network-interconnections"] });
    made.subnetId = (await vpc.CreateSubnet({ VpcId: made.vpcId, SubnetName: "shapes", CidrBlock: "10.44.1.0/24", Zone: ZONE, Tags: [{ Key: "tier", Value: "web" }] })).Subnet!.SubnetId!;
    await vpc.DescribeSubnets({ SubnetIds: [made.subnetId] });
    await vpc.ModifySubnetAttribute({ SubnetId: made.subnetId, SubnetName: "shapes-2", EnableBroadcast: "true" });
    made.rtb = (await vpc.DescribeRouteTables({ Filters: [{ Name: "vpc-id", Values: [made.vpcId] }] })).RouteTableSet![0]!.RouteTableId!;
    const created = await vpc.CreateRoutes({ RouteTableId: made.rtb, Routes: [{ DestinationCidrBlock: "172.16.0.0/16", GatewayType: "VPN", GatewayId: "vpngw-00000001", RouteDescription: "to the office" }] });
    const routeId = created.RouteTableSet![0]!.RouteSet!.find((r) => r.DestinationCidrBlock === "172.16.0.0/16")!.RouteId!;
    await vpc.DisableRoutes({ RouteTableId: made.rtb, RouteIds: [routeId] });
    await vpc.EnableRoutes({ RouteTableId: made.rtb, RouteIds: [routeId] });
    await vpc.ReplaceRoutes({ RouteTableId: made.rtb, Routes: [{ RouteId: routeId, DestinationCidrBlock: "172.17.0.0/16", GatewayType: "NAT", GatewayId: "nat-00000001" }] });
    await vpc.DescribeRouteTables({ RouteTableIds: [made.rtb] });
    await vpc.DeleteRoutes({ RouteTableId: made.rtb, Routes: [{ RouteId: routeId }] as never });
  });

  it("security groups and their rules", async () => {
    made.sg = (await vpc.CreateSecurityGroup({ GroupName: "shapes", GroupDescription: "web", Tags: [{ Key: "suite", Value: "shapes" }] })).SecurityGroup!.SecurityGroupId!;
    made.sg2 = (await vpc.CreateSecurityGroup({ GroupName: "shapes-b", GroupDescription: "" })).SecurityGroup!.SecurityGroupId!;
    await vpc.CreateSecurityGroupPolicies({ SecurityGroupId: made.sg, SecurityGroupPolicySet: { Ingress: [tcp("22", "10.0.0.0/8"), tcp("80", "0.0.0.0/0")] } });
    await vpc.CreateSecurityGroupPolicies({ SecurityGroupId: made.sg, SecurityGroupPolicySet: { Egress: [{ Protocol: "ALL", CidrBlock: "0.0.0.0/0", Action: "ACCEPT" }] } });
    const set = (await vpc.DescribeSecurityGroupPolicies({ SecurityGroupId: made.sg })).SecurityGroupPolicySet!;
    expect(set.Ingress).toHaveLength(2);
    await vpc.ReplaceSecurityGroupPolicy({ SecurityGroupId: made.sg, SecurityGroupPolicySet: { Ingress: [{ ...tcp("443", "0.0.0.0/0"), PolicyIndex: 1 }] } });
    await vpc.DeleteSecurityGroupPolicies({ SecurityGroupId: made.sg, SecurityGroupPolicySet: { Ingress: [{ PolicyIndex: 0 }] } });
    await vpc.ModifySecurityGroupPolicies({ SecurityGroupId: made.sg, SecurityGroupPolicySet: { Ingress: [tcp("22", "10.44.0.0/16"), tcp("443", "0.0.0.0/0")] } });
    await vpc.DescribeSecurityGroupPolicies({ SecurityGroupId: made.sg });
    await vpc.ModifySecurityGroupAttribute({ SecurityGroupId: made.sg, GroupName: "shapes-2", GroupDescription: "web, changed" });
    await vpc.DescribeSecurityGroups({ SecurityGroupIds: [made.sg, made.sg2] });
    await vpc.DescribeSecurityGroups({ Filters: [{ Name: "security-group-name", Values: ["shapes-2"] }], Limit: "10", Offset: "0" });
    await vpc.DescribeSecurityGroupAssociationStatistics({ SecurityGroupIds: [made.sg] });
  });

  it("network ACLs", async () => {
    made.acl = (await vpc.CreateNetworkAcl({ VpcId: made.vpcId, NetworkAclName: "shapes", Tags: [{ Key: "suite", Value: "shapes" }] })).NetworkAcl!.NetworkAclId!;
    await vpc.ModifyNetworkAclEntries({ NetworkAclId: made.acl, NetworkAclEntrySet: { Ingress: [{ ...tcp("22", "10.0.0.0/8"), Description: "ssh" }], Egress: [{ Protocol: "ALL", CidrBlock: "0.0.0.0/0", Action: "ACCEPT" }] } });
    await vpc.AssociateNetworkAclSubnets({ NetworkAclId: made.acl, SubnetIds: [made.subnetId] });
    await vpc.DescribeNetworkAcls({ NetworkAclIds: [made.acl] });
    await vpc.DescribeNetworkAcls({ Filters: [{ Name: "vpc-id", Values: [made.vpcId] }], Limit: 20, Offset: 0 });
    await vpc.ModifyNetworkAclAttribute({ NetworkAclId: made.acl, NetworkAclName: "shapes-2" });
    await vpc.DescribeSubnets({ Filters: [{ Name: "vpc-id", Values: [made.vpcId] }] });
    await vpc.DisassociateNetworkAclSubnets({ NetworkAclId: made.acl, SubnetIds: [made.subnetId] });
    await vpc.DeleteNetworkAcl({ NetworkAclId: made.acl });
    made.acl = "";
  });

  it("instances: run, describe, power, reset, security groups, attributes", async () => {
    made.classic = (await cvm.RunInstances({ Placement: { Zone: ZONE }, InstanceCount: 2, InstanceName: "classic" })).InstanceIdSet!;
    made.vpcIns = (await cvm.RunInstances({
      Placement: { Zone: ZONE }, VirtualPrivateCloud: { VpcId: made.vpcId, SubnetId: made.subnetId }, SecurityGroupIds: [made.sg],
      InstanceName: "in-vpc", TagSpecification: [{ ResourceType: "instance", Tags: [{ Key: "role", Value: "web" }] }],
    })).InstanceIdSet![0]!;
    const all = await cvm.DescribeInstances({ InstanceIds: [...made.classic, made.vpcIns] });
    expect(all.TotalCount).toBe(3);
    await cvm.DescribeInstances({ Filters: [{ Name: "zone", Values: [ZONE] }], Limit: 100, Offset: 0 });
    await cvm.StopInstances({ InstanceIds: [made.vpcIns] });
    await cvm.ResetInstancesType({ InstanceIds: [made.vpcIns], InstanceType: "S5.LARGE8" });
    await cvm.StartInstances({ InstanceIds: [made.vpcIns] });
    await cvm.ResetInstance({ InstanceId: made.vpcIns, ImageId: "img-22trbn9x" });
    await cvm.AssociateSecurityGroups({ SecurityGroupIds: [made.sg2], InstanceIds: [made.vpcIns] });
    await cvm.DisassociateSecurityGroups({ SecurityGroupIds: [made.sg2], InstanceIds: [made.vpcIns] });
    await cvm.ModifyInstancesAttribute({ InstanceIds: [made.vpcIns], InstanceName: "in-vpc-2", SecurityGroups: [made.sg, made.sg2] });
    const one = (await cvm.DescribeInstances({ InstanceIds: [made.vpcIns] })).InstanceSet![0]!;
    expect(one).toMatchObject({ InstanceName: "in-vpc-2", InstanceType: "S5.LARGE8", InstanceState: "RUNNING" });
    await vpc.DescribeSecurityGroupAssociationStatistics({ SecurityGroupIds: [made.sg, made.sg2] });
  });

  it("ClassicLink: attach, task result, links, detach", async () => {
    const attach = await vpc.AttachClassicLinkVpc({ VpcId: made.vpcId, InstanceIds: made.classic });
    let task = await vpc.DescribeVpcTaskResult({ TaskId: attach.RequestId! });
    for (let i = 0; i < 50 && task.Status === "RUNNING"; i++) task = await vpc.DescribeVpcTaskResult({ TaskId: attach.RequestId! });
    expect(task.Status).toBe("SUCCESS");
    const links = await vpc.DescribeClassicLinkInstances({ Filters: [{ Name: "vpc-id", Values: [made.vpcId] }], Limit: "100", Offset: "0" });
    expect(links.TotalCount).toBe(2);
    await vpc.DescribeRouteTables({ RouteTableIds: [made.rtb] });
    await vpc.DescribeVpcs({ VpcIds: [made.vpcId] });
    const detach = await vpc.DetachClassicLinkVpc({ VpcId: made.vpcId, InstanceIds: [made.classic[0]!] });
    await vpc.DescribeVpcTaskResult({ TaskId: detach.RequestId! });
  });

  it("CCN: create, attach, describe, modify, detach, delete", async () => {
    made.ccn = (await vpc.CreateCcn({ CcnName: "shapes", CcnDescription: "made", QosLevel: "AU", InstanceChargeType: "POSTPAID", Tags: [{ Key: "suite", Value: "shapes" }] })).Ccn!.CcnId!;
    await vpc.AttachCcnInstances({ CcnId: made.ccn, Instances: [{ InstanceId: made.vpcId, InstanceRegion: REGION, InstanceType: "VPC", Description: "first" }] });
    await vpc.DescribeCcns({ CcnIds: [made.ccn] });
    await vpc.DescribeCcns({ Filters: [{ Name: "ccn-name", Values: ["shapes"] }], Limit: 10, Offset: 0 });
    await vpc.DescribeCcnAttachedInstances({ CcnId: made.ccn });
    await vpc.ModifyCcnAttachedInstancesAttribute({ CcnId: made.ccn, Instances: [{ InstanceId: made.vpcId, InstanceRegion: REGION, InstanceType: "VPC", Description: "second" }] });
    expect((await vpc.DescribeCcnRoutes({ CcnId: made.ccn })).RouteSet?.length).toBeGreaterThan(0);
    await vpc.ModifyCcnAttribute({ CcnId: made.ccn, CcnName: "shapes-2", CcnDescription: "changed" });
    await vpc.DetachCcnInstances({ CcnId: made.ccn, Instances: [{ InstanceId: made.vpcId, InstanceRegion: REGION, InstanceType: "VPC" }] });
    await vpc.DeleteCcn({ CcnId: made.ccn });
    made.ccn = "";
  });

  it("teardown: terminate, delete groups, subnet and VPC", async () => {
    await cvm.TerminateInstances({ InstanceIds: [...made.classic, made.vpcIns] });
    made.classic = [];
    made.vpcIns = "";
    await vpc.DeleteSecurityGroup({ SecurityGroupId: made.sg });
    await vpc.DeleteSecurityGroup({ SecurityGroupId: made.sg2 });
    made.sg = made.sg2 = "";
    await vpc.DeleteSubnet({ SubnetId: made.subnetId });
    made.subnetId = "";
    await vpc.DeleteVpc({ VpcId: made.vpcId });
    made.vpcId = "";
  });
});

coverageSuite(log, ["vpc", "cvm"]);
