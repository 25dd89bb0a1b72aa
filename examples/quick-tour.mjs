// A quick tour with the official Tencent Cloud SDK against the local service:
// create a VPC and two classic instances, link them (ClassicLink), read the task, the links and
// the route table, then detach. Run: node examples/quick-tour.mjs (after `npm run dev`).
import tencentcloud from "tencentcloud-sdk-nodejs";

import { config } from "./config.mjs";

const vpc = new tencentcloud.vpc.v20170312.Client(config("ap-guangzhou"));
const cvm = new tencentcloud.cvm.v20170312.Client(config("ap-guangzhou"));

const { Vpc } = await vpc.CreateVpc({ VpcName: "tour", CidrBlock: "10.1.0.0/16" });
console.log("VPC", Vpc.VpcId, Vpc.CidrBlock);
let InstanceIdSet = [];
try {
InstanceIdSet = (await cvm.RunInstances({ Placement: { Zone: "ap-guangzhou-3" }, InstanceCount: 2, InstanceName: "classic" })).InstanceIdSet;
console.log("classic instances", InstanceIdSet);

const attach = await vpc.AttachClassicLinkVpc({ VpcId: Vpc.VpcId, InstanceIds: InstanceIdSet });
const task = await vpc.DescribeVpcTaskResult({ TaskId: attach.RequestId });
console.log("attach task", attach.RequestId, task.Status);

const links = await vpc.DescribeClassicLinkInstances({ Filters: [{ Name: "vpc-id", Values: [Vpc.VpcId] }] });
console.log("links", links.TotalCount, links.ClassicLinkInstanceSet);

const { RouteTableSet } = await vpc.DescribeRouteTables({ Filters: [{ Name: "vpc-id", Values: [Vpc.VpcId] }] });
console.log("Local routes", RouteTableSet[0].RouteSet.map((r) => `${r.DestinationCidrBlock} (${r.RouteDescription})`));

try {
  await vpc.AttachClassicLinkVpc({ VpcId: "vpc-00000000", InstanceIds: InstanceIdSet });
} catch (e) {
  console.log("expected error:", e.code, "-", e.message);
}

await vpc.DetachClassicLinkVpc({ VpcId: Vpc.VpcId, InstanceIds: InstanceIdSet });
console.log("after detach", (await vpc.DescribeClassicLinkInstances({ Filters: [{ Name: "vpc-id", Values: [Vpc.VpcId] }] })).TotalCount);
} finally {
  // Clean up even when a step failed: terminating ends any link, then the VPC can go.
  if (InstanceIdSet.length) await cvm.TerminateInstances({ InstanceIds: InstanceIdSet });
  await vpc.DeleteVpc({ VpcId: Vpc.VpcId });
  console.log("cleaned up");
}
