// Terraform-phase conformance: each tencentcloud resource's calls per phase, transcribed from the
// provider (tencentcloudstack/terraform-provider-tencentcloud, tencentcloud/services/vpc, ccn, cvm)
// as data, replayed through the official SDK. apply (Create, Read), update (one change, Read), plan
// (Read equals what was configured), destroy (Delete, then Read says gone as the provider reads
// it). Every reply is checked against the SDK model; `needs` are fields the provider reads without a nil check.
import { beforeAll, describe, expect, inject, it } from "vitest";
import { expectResponseShape } from "../helpers/response-shape";
import { sdkClients } from "../helpers/sdk";

const REGION = "ap-nanjing";
const ZONE = `${REGION}-1`;

type Product = "vpc" | "cvm" | "tag";
type State = Record<string, string>;
type Reply = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** One call of a phase: the action, its parameters from the state so far, what it must show. */
interface Step {
  call: string;
  product?: Product;
  params: (s: State) => Record<string, unknown>;
  /** Codes the provider reads as "already gone" on this call. */
  gone?: string[];
  /** Reply paths the provider dereferences without a nil check. */
  needs?: string[];
  /** Record ids from the reply into the state. */
  keep?: (r: Reply, s: State) => void;
  /** What the reply must say (plan: equals the configuration; destroy: gone). */
  check?: (r: Reply, s: State) => void;
}

interface Resource {
  name: string;
  source: string;
  /** Resources this one needs, created before apply and removed after destroy. */
  setup?: Step[];
  apply: Step[];
  update: Step[];
  plan: Step[];
  destroy: Step[];
  teardown?: Step[];
}

const tagsRead = (prefix: string, idKey: string, want: [string, string][]): Step => ({
  call: "DescribeResourceTagsByResourceIds", product: "tag",
  params: (s) => ({ ServiceType: "vpc", ResourcePrefix: prefix, ResourceIds: [s[idKey]], ResourceRegion: REGION, Limit: 100, Offset: 0 }),
  needs: ["Tags.*.TagKey", "Tags.*.TagValue"],
  check: (r) => expect(r.Tags.map((t: Reply) => [t.TagKey, t.TagValue])).toEqual(want),
});

// ---- tencentcloud_vpc (resource_tc_vpc.go) ----
const VPC_NEEDS = ["VpcSet.*.VpcId", "VpcSet.*.VpcName", "VpcSet.*.CidrBlock", "VpcSet.*.IsDefault", "VpcSet.*.EnableMulticast", "VpcSet.*.CreatedTime", "VpcSet.*.DnsServerSet", "VpcSet.*.DomainName", "VpcSet.*.TagSet", "VpcSet.*.AssistantCidrSet"];
const RTB_NEEDS = ["RouteTableSet.*.RouteTableId", "RouteTableSet.*.VpcId", "RouteTableSet.*.RouteTableName", "RouteTableSet.*.Main", "RouteTableSet.*.CreatedTime", "RouteTableSet.*.AssociationSet", "RouteTableSet.*.RouteSet.*.RouteId", "RouteTableSet.*.RouteSet.*.DestinationCidrBlock", "RouteTableSet.*.RouteSet.*.GatewayType", "RouteTableSet.*.RouteSet.*.GatewayId", "RouteTableSet.*.RouteSet.*.RouteDescription", "RouteTableSet.*.RouteSet.*.Enabled", "RouteTableSet.*.RouteSet.*.RouteType", "RouteTableSet.*.RouteSet.*.RouteTableId", "RouteTableSet.*.RouteSet.*.RouteItemId"];
const readVpc = (name: string, dns: string[], tags: [string, string][]): Step[] => [
  {
    call: "DescribeVpcs", params: (s) => ({ VpcIds: [s.vpc] }), needs: VPC_NEEDS,
    check: (r) => expect(r.VpcSet[0]).toMatchObject({ VpcName: name, CidrBlock: "10.61.0.0/16", EnableMulticast: false, DnsServerSet: dns, TagSet: tags.map(([Key, Value]) => ({ Key, Value })) }),
  },
  { call: "DescribeRouteTables", params: (s) => ({ Filters: [{ Name: "vpc-id", Values: [s.vpc] }, { Name: "association.main", Values: ["true"] }] }), needs: RTB_NEEDS },
];
const vpcResource: Resource = {
  name: "tencentcloud_vpc", source: "tencentcloud/services/vpc/resource_tc_vpc.go",
  apply: [
    { call: "CreateVpc", params: () => ({ VpcName: "tf-vpc", CidrBlock: "10.61.0.0/16", EnableMulticast: "false", DnsServers: ["119.29.29.29", "8.8.8.8"], Tags: [{ Key: "env", Value: "test" }] }), needs: ["Vpc.VpcId", "Vpc.CidrBlock"], keep: (r, s) => (s.vpc = r.Vpc.VpcId) },
    ...readVpc("tf-vpc", ["119.29.29.29", "8.8.8.8"], [["env", "test"]]),
  ],
  update: [
    { call: "ModifyVpcAttribute", params: (s) => ({ VpcId: s.vpc, VpcName: "tf-vpc-2", EnableMulticast: "false", DnsServers: ["119.29.29.29"], DomainName: "" }) },
    { call: "ModifyResourceTags", product: "tag", params: (s) => ({ Resource: `qcs::vpc:${REGION}:uin/:vpc/${s.vpc}`, ReplaceTags: [{ TagKey: "env", TagValue: "prod" }] }) },
    ...readVpc("tf-vpc-2", ["119.29.29.29"], [["env", "prod"]]),
  ],
  plan: readVpc("tf-vpc-2", ["119.29.29.29"], [["env", "prod"]]),
  destroy: [
    { call: "DeleteVpc", params: (s) => ({ VpcId: s.vpc }), gone: ["ResourceNotFound"] },
    { call: "DescribeVpcs", params: (s) => ({ VpcIds: [s.vpc] }), check: (r) => expect(r.VpcSet).toEqual([]) },
  ],
};

// ---- tencentcloud_subnet (resource_tc_subnet.go) ----
const SUBNET_NEEDS = ["SubnetSet.*.VpcId", "SubnetSet.*.SubnetId", "SubnetSet.*.SubnetName", "SubnetSet.*.CidrBlock", "SubnetSet.*.Zone", "SubnetSet.*.RouteTableId", "SubnetSet.*.IsDefault", "SubnetSet.*.EnableBroadcast", "SubnetSet.*.AvailableIpAddressCount", "SubnetSet.*.CreatedTime", "SubnetSet.*.TotalIpAddressCount", "SubnetSet.*.TagSet"];
const readSubnet = (name: string, tags: [string, string][]): Step[] => [
  { call: "DescribeSubnets", params: (s) => ({ SubnetIds: [s.subnet] }), needs: SUBNET_NEEDS, check: (r, s) => expect(r.SubnetSet[0]).toMatchObject({ SubnetName: name, CidrBlock: "10.62.1.0/24", Zone: ZONE, VpcId: s.vpc, EnableBroadcast: false }) },
  tagsRead("subnet", "subnet", tags),
];
const vpcFor = (cidr: string): Step => ({ call: "CreateVpc", params: () => ({ VpcName: "tf-parent", CidrBlock: cidr }), keep: (r, s) => (s.vpc = r.Vpc.VpcId) });
const dropVpc: Step = { call: "DeleteVpc", params: (s) => ({ VpcId: s.vpc }) };
const subnetResource: Resource = {
  name: "tencentcloud_subnet", source: "tencentcloud/services/vpc/resource_tc_subnet.go",
  setup: [vpcFor("10.62.0.0/16")],
  apply: [
    { call: "CreateSubnet", params: (s) => ({ VpcId: s.vpc, SubnetName: "tf-subnet", CidrBlock: "10.62.1.0/24", Zone: ZONE, Tags: [{ Key: "tier", Value: "web" }] }), needs: ["Subnet.SubnetId"], keep: (r, s) => (s.subnet = r.Subnet.SubnetId) },
    { call: "ModifySubnetAttribute", params: (s) => ({ SubnetId: s.subnet, SubnetName: "tf-subnet", EnableBroadcast: "false" }) },
    ...readSubnet("tf-subnet", [["tier", "web"]]),
  ],
  update: [
    { call: "ModifySubnetAttribute", params: (s) => ({ SubnetId: s.subnet, SubnetName: "tf-subnet-2", EnableBroadcast: "false" }) },
    { call: "ModifyResourceTags", product: "tag", params: (s) => ({ Resource: `qcs::vpc:${REGION}:uin/:subnet/${s.subnet}`, ReplaceTags: [{ TagKey: "tier", TagValue: "app" }] }) },
    ...readSubnet("tf-subnet-2", [["tier", "app"]]),
  ],
  plan: readSubnet("tf-subnet-2", [["tier", "app"]]),
  destroy: [
    { call: "DeleteSubnet", params: (s) => ({ SubnetId: s.subnet }), gone: ["ResourceNotFound"] },
    { call: "DescribeSubnets", params: (s) => ({ SubnetIds: [s.subnet] }), check: (r) => expect(r.SubnetSet).toEqual([]) },
    tagsRead("subnet", "subnet", []),
  ],
  teardown: [dropVpc],
};

// ---- tencentcloud_security_group (resource_tc_security_group.go) ----
const readSg = (name: string, desc: string): Step[] => [
  { call: "DescribeSecurityGroups", params: (s) => ({ SecurityGroupIds: [s.sg] }), gone: ["ResourceNotFound"], needs: ["SecurityGroupSet.*.SecurityGroupId", "SecurityGroupSet.*.SecurityGroupName", "SecurityGroupSet.*.SecurityGroupDesc", "SecurityGroupSet.*.ProjectId"], check: (r) => expect(r.SecurityGroupSet[0]).toMatchObject({ SecurityGroupName: name, SecurityGroupDesc: desc }) },
  tagsRead("sg", "sg", [["team", "net"]]),
];
const sgResource: Resource = {
  name: "tencentcloud_security_group", source: "tencentcloud/services/vpc/resource_tc_security_group.go",
  apply: [
    { call: "CreateSecurityGroup", params: () => ({ GroupName: "tf-sg", GroupDescription: "made by terraform", ProjectId: "0", Tags: [{ Key: "team", Value: "net" }] }), needs: ["SecurityGroup.SecurityGroupId"], keep: (r, s) => (s.sg = r.SecurityGroup.SecurityGroupId) },
    ...readSg("tf-sg", "made by terraform"),
  ],
  update: [{ call: "ModifySecurityGroupAttribute", params: (s) => ({ SecurityGroupId: s.sg, GroupName: "tf-sg-2", GroupDescription: "changed" }) }, ...readSg("tf-sg-2", "changed")],
  plan: readSg("tf-sg-2", "changed"),
  destroy: [
    { call: "DescribeSecurityGroupAssociationStatistics", params: (s) => ({ SecurityGroupIds: [s.sg] }), needs: ["SecurityGroupAssociationStatisticsSet.*.CVM", "SecurityGroupAssociationStatisticsSet.*.CDB", "SecurityGroupAssociationStatisticsSet.*.ENI", "SecurityGroupAssociationStatisticsSet.*.SG", "SecurityGroupAssociationStatisticsSet.*.CLB"], check: (r) => expect(r.SecurityGroupAssociationStatisticsSet[0].TotalCount).toBe(0) },
    { call: "DeleteSecurityGroup", params: (s) => ({ SecurityGroupId: s.sg }) },
    { call: "DescribeSecurityGroups", params: (s) => ({ SecurityGroupIds: [s.sg] }), gone: ["ResourceNotFound"], check: (r) => expect(r.SecurityGroupSet).toEqual([]) },
  ],
};

// ---- tencentcloud_security_group_rule_set (resource_tc_security_group_rule_set.go) ----
const rule = (Action: string, Protocol: string, Port: string, CidrBlock: string, PolicyDescription = "") => ({ Action, Protocol, Port, CidrBlock, PolicyDescription });
const readRules = (ingress: Reply[], egress: Reply[]): Step => ({
  call: "DescribeSecurityGroupPolicies", params: (s) => ({ SecurityGroupId: s.sg }),
  needs: ["SecurityGroupPolicySet.Version", "SecurityGroupPolicySet.Ingress", "SecurityGroupPolicySet.Egress", "SecurityGroupPolicySet.PolicyStatistics.IngressIPv4TotalCount"],
  check: (r) => {
    const pick = (l: Reply[]) => l.map(({ Action, Protocol, Port, CidrBlock, PolicyDescription }) => ({ Action, Protocol, Port, CidrBlock, PolicyDescription }));
    expect(pick(r.SecurityGroupPolicySet.Ingress)).toEqual(ingress);
    expect(pick(r.SecurityGroupPolicySet.Egress)).toEqual(egress);
  },
});
const IN1 = [rule("ACCEPT", "TCP", "22", "10.0.0.0/8", "ssh"), rule("DROP", "ALL", "ALL", "0.0.0.0/0")];
const IN2 = [rule("ACCEPT", "TCP", "80,443", "0.0.0.0/0", "web")];
const OUT = [rule("ACCEPT", "ALL", "ALL", "0.0.0.0/0")];
const ruleSetResource: Resource = {
  name: "tencentcloud_security_group_rule_set", source: "tencentcloud/services/vpc/resource_tc_security_group_rule_set.go",
  setup: [{ call: "CreateSecurityGroup", params: () => ({ GroupName: "tf-rules", GroupDescription: "" }), keep: (r, s) => (s.sg = r.SecurityGroup.SecurityGroupId) }],
  apply: [{ call: "ModifySecurityGroupPolicies", params: (s) => ({ SecurityGroupId: s.sg, SecurityGroupPolicySet: { Ingress: IN1, Egress: OUT } }) }, readRules(IN1, OUT)],
  // The provider sends the next version (current + 1) and only the changed direction.
  update: [{ call: "ModifySecurityGroupPolicies", params: () => ({}), keep: () => undefined }, readRules(IN2, OUT)],
  plan: [readRules(IN2, OUT)],
  destroy: [{ call: "ModifySecurityGroupPolicies", params: (s) => ({ SecurityGroupId: s.sg, SecurityGroupPolicySet: { Version: "0", Ingress: [], Egress: [] } }) }, readRules([], [])],
  teardown: [{ call: "DeleteSecurityGroup", params: (s) => ({ SecurityGroupId: s.sg }) }],
};
ruleSetResource.update[0] = { call: "ModifySecurityGroupPolicies", params: (s) => ({ SecurityGroupId: s.sg, SortPolicys: true, SecurityGroupPolicySet: { Version: String(Number(s.version) + 1), Ingress: IN2 } }) };
ruleSetResource.apply[1] = { ...readRules(IN1, OUT), keep: (r, s) => (s.version = r.SecurityGroupPolicySet.Version) };

// ---- tencentcloud_vpc_acl (resource_tc_vpc_acl.go) ----
const entry = (Protocol: string, Port: string, CidrBlock: string, Action: string) => ({ Protocol, Port, CidrBlock, Action, Description: "" });
const readAcl = (name: string): Step[] => [
  { call: "DescribeNetworkAcls", params: (s) => ({ NetworkAclIds: [s.acl] }), gone: ["ResourceNotFound"], needs: ["NetworkAclSet.*.NetworkAclId", "NetworkAclSet.*.VpcId", "NetworkAclSet.*.NetworkAclName", "NetworkAclSet.*.IngressEntries", "NetworkAclSet.*.EgressEntries"], check: (r, s) => {
    expect(r.NetworkAclSet[0]).toMatchObject({ NetworkAclName: name, VpcId: s.vpc });
    expect(r.NetworkAclSet[0].IngressEntries.map((e: Reply) => [e.Protocol, e.Port, e.CidrBlock, e.Action])).toEqual([["TCP", "80", "0.0.0.0/0", "ACCEPT"]]);
  } },
  tagsRead("acl", "acl", [["a", "b"]]),
];
const aclResource: Resource = {
  name: "tencentcloud_vpc_acl", source: "tencentcloud/services/vpc/resource_tc_vpc_acl.go",
  setup: [vpcFor("10.63.0.0/16")],
  apply: [
    { call: "CreateNetworkAcl", params: (s) => ({ VpcId: s.vpc, NetworkAclName: "tf-acl", Tags: [{ Key: "a", Value: "b" }] }), needs: ["NetworkAcl.NetworkAclId"], keep: (r, s) => (s.acl = r.NetworkAcl.NetworkAclId) },
    { call: "ModifyNetworkAclEntries", params: (s) => ({ NetworkAclId: s.acl, NetworkAclEntrySet: { Ingress: [entry("TCP", "80", "0.0.0.0/0", "ACCEPT")], Egress: [entry("ALL", "ALL", "0.0.0.0/0", "ACCEPT")] } }) },
    ...readAcl("tf-acl"),
  ],
  update: [{ call: "ModifyNetworkAclAttribute", params: (s) => ({ NetworkAclId: s.acl, NetworkAclName: "tf-acl-2" }) }, ...readAcl("tf-acl-2")],
  plan: readAcl("tf-acl-2"),
  destroy: [
    readAcl("tf-acl-2")[0]!,
    { call: "DeleteNetworkAcl", params: (s) => ({ NetworkAclId: s.acl }), gone: ["ResourceNotFound"] },
    { call: "DescribeNetworkAcls", params: (s) => ({ NetworkAclIds: [s.acl] }), gone: ["ResourceNotFound"], check: (r) => expect(r.NetworkAclSet).toEqual([]) },
  ],
  teardown: [dropVpc],
};

// ---- tencentcloud_vpc_acl_attachment (resource_tc_vpc_acl_attachment.go) ----
const attachedSubnets = (want: string[]): Step => ({
  call: "DescribeNetworkAcls", params: (s) => ({ NetworkAclIds: [s.acl] }), gone: ["ResourceNotFound"], needs: ["NetworkAclSet.*.SubnetSet"],
  check: (r, s) => expect(r.NetworkAclSet[0].SubnetSet.map((x: Reply) => x.SubnetId)).toEqual(want.map((k) => s[k])),
});
const aclAttachmentResource: Resource = {
  name: "tencentcloud_vpc_acl_attachment", source: "tencentcloud/services/vpc/resource_tc_vpc_acl_attachment.go",
  setup: [
    vpcFor("10.64.0.0/16"),
    { call: "CreateSubnet", params: (s) => ({ VpcId: s.vpc, SubnetName: "a", CidrBlock: "10.64.1.0/24", Zone: ZONE }), keep: (r, s) => (s.subnet = r.Subnet.SubnetId) },
    { call: "CreateSubnet", params: (s) => ({ VpcId: s.vpc, SubnetName: "b", CidrBlock: "10.64.2.0/24", Zone: ZONE }), keep: (r, s) => (s.subnet2 = r.Subnet.SubnetId) },
    { call: "CreateNetworkAcl", params: (s) => ({ VpcId: s.vpc, NetworkAclName: "tf-att" }), keep: (r, s) => (s.acl = r.NetworkAcl.NetworkAclId) },
  ],
  apply: [{ call: "AssociateNetworkAclSubnets", params: (s) => ({ NetworkAclId: s.acl, SubnetIds: [s.subnet] }) }, attachedSubnets(["subnet"])],
  // ForceNew: the provider detaches, then attaches the new subnet.
  update: [
    { call: "DisassociateNetworkAclSubnets", params: (s) => ({ NetworkAclId: s.acl, SubnetIds: [s.subnet] }) },
    { call: "AssociateNetworkAclSubnets", params: (s) => ({ NetworkAclId: s.acl, SubnetIds: [s.subnet2] }) },
    attachedSubnets(["subnet2"]),
  ],
  plan: [attachedSubnets(["subnet2"])],
  destroy: [{ call: "DisassociateNetworkAclSubnets", params: (s) => ({ NetworkAclId: s.acl, SubnetIds: [s.subnet2] }) }, attachedSubnets([])],
  teardown: [
    { call: "DeleteNetworkAcl", params: (s) => ({ NetworkAclId: s.acl }) },
    { call: "DeleteSubnet", params: (s) => ({ SubnetId: s.subnet }) },
    { call: "DeleteSubnet", params: (s) => ({ SubnetId: s.subnet2 }) },
    dropVpc,
  ],
};

// ---- tencentcloud_route_table_entry (resource_tc_route_table_entry.go) ----
const readEntry = (enabled: boolean): Step => ({
  call: "DescribeRouteTables", params: (s) => ({ RouteTableIds: [s.rtb] }), needs: RTB_NEEDS,
  check: (r, s) => {
    const route = r.RouteTableSet[0].RouteSet.find((x: Reply) => String(x.RouteId) === s.route);
    expect(route).toMatchObject({ DestinationCidrBlock: "192.168.0.0/24", GatewayType: "VPN", GatewayId: "vpngw-tf000001", RouteDescription: "to office", Enabled: enabled });
  },
});
const routeEntryResource: Resource = {
  name: "tencentcloud_route_table_entry", source: "tencentcloud/services/vpc/resource_tc_route_table_entry.go",
  setup: [vpcFor("10.65.0.0/16"), { call: "DescribeRouteTables", params: (s) => ({ Filters: [{ Name: "vpc-id", Values: [s.vpc] }] }), keep: (r, s) => (s.rtb = r.RouteTableSet[0].RouteTableId) }],
  apply: [
    {
      call: "CreateRoutes", params: (s) => ({ RouteTableId: s.rtb, Routes: [{ DestinationCidrBlock: "192.168.0.0/24", GatewayType: "VPN", GatewayId: "vpngw-tf000001", RouteDescription: "to office" }] }),
      needs: ["TotalCount", "RouteTableSet.*.RouteSet.*.RouteId"],
      check: (r) => {
        expect(r.TotalCount).toBe(1);
        expect(r.RouteTableSet[0].RouteSet).toHaveLength(1); // exactly the route created (provider PR #2808)
      },
      keep: (r, s) => (s.route = String(r.RouteTableSet[0].RouteSet[0].RouteId)),
    },
    readEntry(true),
  ],
  update: [{ call: "DisableRoutes", params: (s) => ({ RouteTableId: s.rtb, RouteIds: [Number(s.route)] }) }, readEntry(false)],
  plan: [readEntry(false)],
  destroy: [
    { call: "DeleteRoutes", params: (s) => ({ RouteTableId: s.rtb, Routes: [{ RouteId: Number(s.route) }] }), gone: ["ResourceNotFound"] },
    { call: "DescribeRouteTables", params: (s) => ({ RouteTableIds: [s.rtb] }), check: (r, s) => expect(r.RouteTableSet[0].RouteSet.some((x: Reply) => String(x.RouteId) === s.route)).toBe(false) },
  ],
  teardown: [dropVpc],
};

// ---- tencentcloud_ccn and tencentcloud_ccn_attachment (services/ccn) ----
const CCN_NEEDS = ["CcnSet.*.CcnId", "CcnSet.*.CcnName", "CcnSet.*.CcnDescription", "CcnSet.*.State", "CcnSet.*.QosLevel", "CcnSet.*.InstanceChargeType", "CcnSet.*.BandwidthLimitType", "CcnSet.*.CreateTime", "CcnSet.*.InstanceCount", "CcnSet.*.TagSet"];
const readCcn = (name: string, desc: string, tags: [string, string][]): Step[] => [
  { call: "DescribeCcns", params: (s) => ({ CcnIds: [s.ccn] }), needs: CCN_NEEDS, check: (r) => expect(r.CcnSet[0]).toMatchObject({ CcnName: name, CcnDescription: desc, QosLevel: "AU" }) },
  tagsRead("ccn", "ccn", tags),
];
const ccnResource: Resource = {
  name: "tencentcloud_ccn", source: "tencentcloud/services/ccn/resource_tc_ccn.go",
  apply: [
    { call: "CreateCcn", params: () => ({ CcnName: "tf-ccn", CcnDescription: "made", QosLevel: "AU", InstanceChargeType: "POSTPAID", Tags: [{ Key: "k", Value: "v" }] }), needs: ["Ccn.CcnId", "Ccn.CcnName", "Ccn.CcnDescription", "Ccn.State", "Ccn.QosLevel", "Ccn.CreateTime", "Ccn.InstanceCount"], keep: (r, s) => (s.ccn = r.Ccn.CcnId) },
    ...readCcn("tf-ccn", "made", [["k", "v"]]),
  ],
  update: [{ call: "ModifyCcnAttribute", params: (s) => ({ CcnId: s.ccn, CcnName: "tf-ccn-2", CcnDescription: "changed" }) }, ...readCcn("tf-ccn-2", "changed", [["k", "v"]])],
  plan: readCcn("tf-ccn-2", "changed", [["k", "v"]]),
  destroy: [
    readCcn("tf-ccn-2", "changed", [["k", "v"]])[0]!,
    { call: "DeleteCcn", params: (s) => ({ CcnId: s.ccn }) },
    { call: "DescribeCcns", params: (s) => ({ CcnIds: [s.ccn] }), check: (r) => expect(r.CcnSet).toEqual([]) },
    tagsRead("ccn", "ccn", []),
  ],
};
const ATTACHED_NEEDS = ["InstanceSet.*.CcnId", "InstanceSet.*.InstanceType", "InstanceSet.*.InstanceId", "InstanceSet.*.InstanceRegion", "InstanceSet.*.State", "InstanceSet.*.AttachedTime", "InstanceSet.*.CidrBlock", "InstanceSet.*.Description"];
const readAttached = (desc: string | null): Step[] => [
  { call: "DescribeCcns", params: (s) => ({ CcnIds: [s.ccn] }), needs: CCN_NEEDS },
  {
    call: "DescribeCcnAttachedInstances", params: (s) => ({ CcnId: s.ccn }), needs: ATTACHED_NEEDS,
    check: (r, s) => expect(r.InstanceSet.map((x: Reply) => [x.InstanceId, x.Description])).toEqual(desc === null ? [] : [[s.vpc, desc]]),
  },
  { call: "DescribeCcnRoutes", params: (s) => ({ CcnId: s.ccn }), needs: ["RouteSet"], check: (r) => expect(r.RouteSet.map((x: Reply) => x.DestinationCidrBlock)).toEqual(desc === null ? [] : ["10.66.0.0/16"]) },
];
const ccnAttachmentResource: Resource = {
  name: "tencentcloud_ccn_attachment", source: "tencentcloud/services/ccn/resource_tc_ccn_attachment.go",
  setup: [vpcFor("10.66.0.0/16"), { call: "CreateCcn", params: () => ({ CcnName: "tf-att" }), keep: (r, s) => (s.ccn = r.Ccn.CcnId) }],
  apply: [
    { call: "DescribeCcns", params: (s) => ({ CcnIds: [s.ccn] }), needs: CCN_NEEDS },
    { call: "AttachCcnInstances", params: (s) => ({ CcnId: s.ccn, Instances: [{ InstanceId: s.vpc, InstanceRegion: REGION, InstanceType: "VPC", Description: "first" }] }) },
    ...readAttached("first"),
  ],
  update: [{ call: "ModifyCcnAttachedInstancesAttribute", params: (s) => ({ CcnId: s.ccn, Instances: [{ InstanceId: s.vpc, InstanceRegion: REGION, InstanceType: "VPC", Description: "second" }] }) }, ...readAttached("second")],
  plan: readAttached("second"),
  destroy: [
    { call: "DescribeCcns", params: (s) => ({ CcnIds: [s.ccn] }), needs: CCN_NEEDS },
    { call: "DetachCcnInstances", params: (s) => ({ CcnId: s.ccn, Instances: [{ InstanceId: s.vpc, InstanceRegion: REGION, InstanceType: "VPC" }] }) },
    ...readAttached(null),
  ],
  teardown: [{ call: "DeleteCcn", params: (s) => ({ CcnId: s.ccn }) }, dropVpc],
};

// ---- tencentcloud_instance, name and security groups (cvm; resource_tc_instance.go) ----
const readInstance = (name: string, sgKey: string): Step => ({
  call: "DescribeInstances", product: "cvm", params: (s) => ({ InstanceIds: [s.ins] }),
  needs: ["InstanceSet.*.InstanceId", "InstanceSet.*.InstanceName", "InstanceSet.*.InstanceState", "InstanceSet.*.Placement.Zone", "InstanceSet.*.SecurityGroupIds", "InstanceSet.*.VirtualPrivateCloud.VpcId", "InstanceSet.*.Tags"],
  check: (r, s) => expect(r.InstanceSet[0]).toMatchObject({ InstanceName: name, SecurityGroupIds: [s[sgKey]], Tags: [{ Key: "role", Value: "tf" }] }),
});
const instanceResource: Resource = {
  name: "tencentcloud_instance (name, security groups, tags)", source: "tencentcloud/services/cvm/resource_tc_instance.go",
  setup: [
    { call: "CreateSecurityGroup", params: () => ({ GroupName: "tf-ins-a", GroupDescription: "" }), keep: (r, s) => (s.sgA = r.SecurityGroup.SecurityGroupId) },
    { call: "CreateSecurityGroup", params: () => ({ GroupName: "tf-ins-b", GroupDescription: "" }), keep: (r, s) => (s.sgB = r.SecurityGroup.SecurityGroupId) },
  ],
  apply: [
    { call: "RunInstances", product: "cvm", params: (s) => ({ Placement: { Zone: ZONE }, InstanceName: "tf-ins", SecurityGroupIds: [s.sgA], TagSpecification: [{ ResourceType: "instance", Tags: [{ Key: "role", Value: "tf" }] }] }), needs: ["InstanceIdSet"], keep: (r, s) => (s.ins = r.InstanceIdSet[0]) },
    readInstance("tf-ins", "sgA"),
  ],
  update: [{ call: "ModifyInstancesAttribute", product: "cvm", params: (s) => ({ InstanceIds: [s.ins], InstanceName: "tf-ins-2", SecurityGroups: [s.sgB] }) }, readInstance("tf-ins-2", "sgB")],
  plan: [readInstance("tf-ins-2", "sgB")],
  destroy: [
    { call: "TerminateInstances", product: "cvm", params: (s) => ({ InstanceIds: [s.ins] }), gone: ["InvalidInstanceId.NotFound"] },
    { call: "DescribeInstances", product: "cvm", params: (s) => ({ InstanceIds: [s.ins] }), check: (r) => expect(r.InstanceSet).toEqual([]) },
  ],
  teardown: [{ call: "DeleteSecurityGroup", params: (s) => ({ SecurityGroupId: s.sgA }) }, { call: "DeleteSecurityGroup", params: (s) => ({ SecurityGroupId: s.sgB }) }],
};

const RESOURCES = [vpcResource, subnetResource, sgResource, ruleSetResource, aclResource, aclAttachmentResource, routeEntryResource, ccnResource, ccnAttachmentResource, instanceResource];

let clients: Record<Product, { request(action: string, params: unknown): Promise<unknown> }>;
beforeAll(() => {
  const { vpc, cvm, tag } = sdkClients(inject("devPort"), REGION);
  clients = { vpc, cvm, tag };
});

/** run replays one step as the provider makes it and checks the reply's shape and content. */
async function run(step: Step, s: State, phase: string): Promise<void> {
  const product = step.product ?? "vpc";
  let reply: Reply;
  try {
    reply = (await clients[product].request(step.call, step.params(s))) as Reply;
  } catch (e) {
    const code = (e as { code?: string }).code ?? "";
    if (phase === "destroy" && step.gone?.includes(code)) return; // the provider reads this as gone
    throw new Error(`${phase} ${step.call}: ${code} ${(e as Error).message}`);
  }
  expectResponseShape(product, step.call, reply, { present: step.needs ?? [] });
  step.keep?.(reply, s);
  step.check?.(reply, s);
}

describe.each(RESOURCES.map((r) => [r.name, r] as const))("%s", (_name, res) => {
  it(`apply, update, plan with no change, destroy (phases from ${res.source})`, async () => {
    const s: State = {};
    for (const step of res.setup ?? []) await run(step, s, "setup");
    for (const phase of ["apply", "update", "plan", "destroy"] as const) {
      for (const step of res[phase]) await run(step, s, phase);
    }
    for (const step of res.teardown ?? []) await run(step, s, "teardown");
  });
});

describe("destroy paths that depend on error codes", () => {
  it("DeleteVpc refuses with ResourceInUse while a subnet remains, and deletes after DeleteSubnet", async () => {
    const s: State = {};
    await run(vpcFor("10.67.0.0/16"), s, "setup");
    const sub = (await clients.vpc.request("CreateSubnet", { VpcId: s.vpc, SubnetName: "x", CidrBlock: "10.67.1.0/24", Zone: ZONE })) as Reply;
    const err = (await clients.vpc.request("DeleteVpc", { VpcId: s.vpc }).then(() => null, (e) => e)) as { code: string; message: string } | null;
    expect(err?.code).toBe("ResourceInUse");
    expect(err?.message).toMatch(sub.Subnet.SubnetId);
    await clients.vpc.request("DeleteSubnet", { SubnetId: sub.Subnet.SubnetId });
    await clients.vpc.request("DeleteVpc", { VpcId: s.vpc });
  });

  it.each([
    ["DeleteSubnet", { SubnetId: "subnet-00000000" }],
    ["DeleteVpc", { VpcId: "vpc-00000000" }],
    ["DeleteNetworkAcl", { NetworkAclId: "acl-00000000" }],
    ["DeleteRoutes", { RouteTableId: "rtb-00000000", Routes: [{ RouteId: 9 }] }],
    ["DisassociateNetworkAclSubnets", { NetworkAclId: "acl-00000000", SubnetIds: ["subnet-00000000"] }],
  ])("%s of something gone answers ResourceNotFound (what the provider's Delete reads as gone)", async (action, params) => {
    const err = (await clients.vpc.request(action, params).then(() => null, (e) => e)) as { code: string } | null;
    expect(err?.code).toBe("ResourceNotFound");
  });

  it("DeleteSubnet refuses with ResourceInUse while an instance holds an address, and the ACL binding goes with the subnet", async () => {
    const s: State = {};
    await run(vpcFor("10.68.0.0/16"), s, "setup");
    const sub = ((await clients.vpc.request("CreateSubnet", { VpcId: s.vpc, SubnetName: "x", CidrBlock: "10.68.1.0/24", Zone: ZONE })) as Reply).Subnet.SubnetId;
    const acl = ((await clients.vpc.request("CreateNetworkAcl", { VpcId: s.vpc, NetworkAclName: "x" })) as Reply).NetworkAcl.NetworkAclId;
    await clients.vpc.request("AssociateNetworkAclSubnets", { NetworkAclId: acl, SubnetIds: [sub] });
    const ins = ((await clients.cvm.request("RunInstances", { Placement: { Zone: ZONE }, VirtualPrivateCloud: { VpcId: s.vpc, SubnetId: sub } })) as Reply).InstanceIdSet[0];
    const err = (await clients.vpc.request("DeleteSubnet", { SubnetId: sub }).then(() => null, (e) => e)) as { code: string } | null;
    expect(err?.code).toBe("ResourceInUse");
    await clients.cvm.request("TerminateInstances", { InstanceIds: [ins] });
    await clients.vpc.request("DeleteSubnet", { SubnetId: sub });
    await clients.vpc.request("DeleteNetworkAcl", { NetworkAclId: acl }); // no longer bound
    await clients.vpc.request("DeleteVpc", { VpcId: s.vpc });
  });
});
