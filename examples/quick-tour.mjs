// A quick tour with the official Tencent Cloud SDK against the local service:
// create a VPC and two classic instances, link them (ClassicLink), read the task, the links and
// the route table, then detach. Run: node examples/quick-tour.mjs (after `npm run dev`).
import tencentcloud from "tencentcloud-sdk-nodejs";

delete process.env.http_proxy;
const endpoint = process.env.TC_ENDPOINT ?? "127.0.0.1:8787";
const config = {
  credential: {
    secretId: process.env.TC_SECRET_ID ?? "AKIDLOCALDEVELOPMENT0000000000000000",
    secretKey: process.env.TC_SECRET_KEY ?? "LocalDevelopmentSecretKey000000000",
  },
  region: "ap-guangzhou",
  profile: { httpProfile: { endpoint, protocol: "http://", reqTimeout: 10 } },
};
const vpc = new tencentcloud.vpc.v20170312.Client(config);
const cvm = new tencentcloud.cvm.v20170312.Client(config);

const { Vpc } = await vpc.CreateVpc({ VpcName: "tour", CidrBlock: "10.1.0.0/16" });
console.log("VPC", Vpc.VpcId, Vpc.CidrBlock);
const { InstanceIdSet } = await cvm.RunInstances({ Placement: { Zone: "ap-guangzhou-3" }, InstanceCount: 2, InstanceName: "classic" });
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
await cvm.TerminateInstances({ InstanceIds: InstanceIdSet });
await vpc.DeleteVpc({ VpcId: Vpc.VpcId });
console.log("cleaned up");
