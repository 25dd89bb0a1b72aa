// Reachability on the live service, with the official SDK alone: a VPC with a subnet and an ACL,
// a VPC instance and two classic instances (one linked), security groups, then the extension
// actions AnalyzeReachability and ExportNetworkPlan. Run: node examples/reachability-tour.mjs
// (after `npm run dev`).
import tencentcloud from "tencentcloud-sdk-nodejs";

import { config } from "./config.mjs";

const vpc = new tencentcloud.vpc.v20170312.Client(config("ap-guangzhou"));
const cvm = new tencentcloud.cvm.v20170312.Client(config("ap-guangzhou"));
const zone = "ap-guangzhou-3";

// Everything made here is removed at the end (in reverse order), even when a step fails.
const undo = [];
const { Vpc } = await vpc.CreateVpc({ VpcName: "reach", CidrBlock: "10.2.0.0/16" });
undo.push(() => vpc.DeleteVpc({ VpcId: Vpc.VpcId }));
try {
const { Subnet } = await vpc.CreateSubnet({ VpcId: Vpc.VpcId, SubnetName: "app", CidrBlock: "10.2.1.0/24", Zone: zone });
undo.push(() => vpc.DeleteSubnet({ SubnetId: Subnet.SubnetId }));
const { SecurityGroup: web } = await vpc.CreateSecurityGroup({ GroupName: "web", GroupDescription: "ssh and http in" });
undo.push(() => vpc.DeleteSecurityGroup({ SecurityGroupId: web.SecurityGroupId }));
await vpc.CreateSecurityGroupPolicies({
  SecurityGroupId: web.SecurityGroupId,
  SecurityGroupPolicySet: {
    Ingress: [
      { Protocol: "TCP", Port: "22,80", CidrBlock: "10.0.0.0/8", Action: "ACCEPT" },
      { Protocol: "ALL", CidrBlock: "0.0.0.0/0", Action: "DROP" },
    ],
  },
});
await vpc.CreateSecurityGroupPolicies({
  SecurityGroupId: web.SecurityGroupId,
  SecurityGroupPolicySet: { Egress: [{ Protocol: "ALL", CidrBlock: "0.0.0.0/0", Action: "ACCEPT" }] },
});
const [app] = (await cvm.RunInstances({
  Placement: { Zone: zone }, InstanceName: "app", SecurityGroupIds: [web.SecurityGroupId],
  VirtualPrivateCloud: { VpcId: Vpc.VpcId, SubnetId: Subnet.SubnetId },
})).InstanceIdSet;
undo.push(() => cvm.TerminateInstances({ InstanceIds: [app] }));
const [linked, lonely] = (await cvm.RunInstances({ Placement: { Zone: zone }, InstanceCount: 2, InstanceName: "classic" })).InstanceIdSet;
undo.push(() => cvm.TerminateInstances({ InstanceIds: [linked, lonely] })); // ends the link too
await cvm.AssociateSecurityGroups({ SecurityGroupIds: [web.SecurityGroupId], InstanceIds: [linked] });
await vpc.AttachClassicLinkVpc({ VpcId: Vpc.VpcId, InstanceIds: [linked] });

const { NetworkAcl } = await vpc.CreateNetworkAcl({ VpcId: Vpc.VpcId, NetworkAclName: "app-acl" });
undo.push(() => vpc.DeleteNetworkAcl({ NetworkAclId: NetworkAcl.NetworkAclId }));
await vpc.ModifyNetworkAclEntries({
  NetworkAclId: NetworkAcl.NetworkAclId,
  NetworkAclEntrySet: {
    Ingress: [{ Protocol: "TCP", Port: "22", CidrBlock: "10.0.0.0/8", Action: "ACCEPT" }],
    Egress: [{ Protocol: "TCP", Port: "1024-65535", CidrBlock: "10.0.0.0/8", Action: "ACCEPT" }],
  },
});
await vpc.AssociateNetworkAclSubnets({ NetworkAclId: NetworkAcl.NetworkAclId, SubnetIds: [Subnet.SubnetId] });
undo.push(() => vpc.DisassociateNetworkAclSubnets({ NetworkAclId: NetworkAcl.NetworkAclId, SubnetIds: [Subnet.SubnetId] }));

const ask = async (Source, Destination, Protocol, Port) => {
  const r = await vpc.request("AnalyzeReachability", { Source, Destination, Protocol, Port });
  const why = r.Explanations.map((e) => `${e.Code} ${e.Rule} ${e.ObjectId ?? ""}${e.RuleIndex === null ? "" : ` rule ${e.RuleIndex}`}`).join("; ");
  console.log(`${Source} -> ${Destination} ${Protocol}/${Port}: ${r.Verdict} ${r.Disposition}${why ? ` (${why})` : ""}`);
  console.log(`   path: ${r.ForwardPath.map((h) => h.Component + (h.Id ? `:${h.Id}` : "")).join(" > ")}`);
};
await ask(linked, app, "TCP", 22);
await ask(linked, app, "TCP", 80);
await ask(lonely, app, "TCP", 22);
await ask(app, lonely, "TCP", 22);

try {
  await vpc.CreateSecurityGroupPolicies({
    SecurityGroupId: web.SecurityGroupId,
    SecurityGroupPolicySet: { Ingress: [{ Protocol: "TCP", Port: "80-", CidrBlock: "10.0.0.0/8", Action: "ACCEPT" }] },
  });
} catch (e) {
  console.log("expected error:", e.code, "-", e.message);
}

const { Plan } = await vpc.request("ExportNetworkPlan", {});
console.log(`plan v${Plan.version}: ${Plan.vpcs.length} VPC(s), ${Plan.instances.length} instance(s), ${Plan.securityGroups.length} security group(s), ${Plan.classicLinks.length} link(s)`);
} finally {
  for (const step of undo.reverse()) await step();
  console.log("cleaned up");
}
