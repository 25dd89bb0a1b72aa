// VPC channel tour with the official SDK: a dedicated gateway instance, a service on it, a
// channel over three local HTTP servers (weights 5, 1, 1), an API bound to it, a release, and
// calls through the gateway. Run: node examples/channel-tour.mjs (after `npm run dev`).
import { createServer } from "node:http";
import tencentcloud from "tencentcloud-sdk-nodejs";

import { config, port } from "./config.mjs";

// The tour has a region of its own, so that it can start from and leave a clean region (ResetState).
const REGION = "ap-singapore";
const ZONE = `${REGION}-3`;
const vpc = new tencentcloud.vpc.v20170312.Client(config(REGION));
const apigw = new tencentcloud.apigateway.v20180808.Client(config(REGION));
await vpc.request("ResetState", { Scope: "REGION" }); // what an interrupted earlier run left

// three real backends on 127.0.0.1 that say who they are
const servers = await Promise.all(
  ["a", "b", "c"].map(
    (name) =>
      new Promise((resolve) => {
        const s = createServer((req, res) => res.end(`${name} ${req.method} ${req.url}\n`));
        s.listen(0, "127.0.0.1", () => resolve({ name, s, port: s.address().port }));
      }),
  ),
);

const { Vpc } = await vpc.CreateVpc({ VpcName: "channels", CidrBlock: "10.2.0.0/16" });
const { Subnet } = await vpc.CreateSubnet({ VpcId: Vpc.VpcId, SubnetName: "gw", CidrBlock: "10.2.1.0/24", Zone: ZONE });
const { Result: instanceId } = await apigw.CreateExclusiveInstances({
  Zones: [ZONE], InstanceType: "professional", NetworkConfig: { InternetMaxBandwidthOut: 10 },
  VpcConfig: { UniqVpcId: Vpc.VpcId, UniqSubnetId: Subnet.SubnetId }, PayMode: "POSTPAID",
});
const { ServiceId } = await apigw.CreateService({ ServiceName: "tour", Protocol: "http", InstanceId: instanceId });
const { UpstreamId } = await apigw.CreateUpstream({
  UpstreamName: "tour_channel", Scheme: "HTTP", Algorithm: "ROUND-ROBIN", UniqVpcId: Vpc.VpcId, Retries: 2,
  Nodes: servers.map((x, i) => ({ Host: "127.0.0.1", Port: x.port, Weight: [5, 1, 1][i] })),
});
const { Result: api } = await apigw.CreateApi({
  ServiceId, ServiceType: "UPSTREAM", ServiceTimeout: 5, Protocol: "HTTP",
  RequestConfig: { Path: "/hello", Method: "GET" }, ServiceConfig: { UpstreamId, Path: "/backend" },
});
await apigw.ReleaseService({ ServiceId, EnvironmentName: "release", ReleaseDesc: "first" });
console.log(`service ${ServiceId}, channel ${UpstreamId}, api ${api.ApiId}`);

const url = `http://127.0.0.1:${port}/${ServiceId}/release/hello`;
console.log(`curl ${url}`);
const seen = [];
for (let i = 0; i < 7; i++) seen.push((await (await fetch(url)).text()).split(" ")[0]);
console.log("7 calls went to", seen.join(" "), "(weights 5,1,1: expected a a b a c a a)");
const binds = await apigw.DescribeUpstreamBindApis({ UpstreamId, Limit: 10, Offset: 0 });
console.log("bound APIs", binds.Result.BindApiSet.map((b) => b.ApiId));
try {
  await apigw.DeleteUpstream({ UpstreamId });
} catch (e) {
  console.log("expected error:", e.code);
}
if (process.argv.includes("--keep")) {
  console.log("servers stay up; Ctrl-C to stop");
} else {
  for (const x of servers) x.s.close();
  await apigw.UnReleaseService({ ServiceId, EnvironmentName: "release" });
  await apigw.DeleteApi({ ServiceId, ApiId: api.ApiId });
  await apigw.DeleteUpstream({ UpstreamId });
  await apigw.DeleteService({ ServiceId });
  // The dedicated instance (and so its VPC) goes with the region's reset.
  await vpc.request("ResetState", { Scope: "REGION" });
  console.log("cleaned up");
}
