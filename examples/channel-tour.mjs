// VPC channel tour with the official SDK: a dedicated gateway instance, a service on it, a
// channel over three local HTTP servers (weights 5, 1, 1), an API bound to it, a release, and
// calls through the gateway. Run: node examples/channel-tour.mjs (after `npm run dev`).
import { createServer } from "node:http";
import tencentcloud from "tencentcloud-sdk-nodejs";

import { config, port } from "./config.mjs";

// The tour has a region of its own and removes everything it made (in reverse order, in `finally`,
// also after an error): the release, the API, the channel, the service, the dedicated instance
// (DeleteExclusiveInstance, an extension action), the subnet and the VPC.
const REGION = "ap-singapore";
const ZONE = `${REGION}-3`;
const vpc = new tencentcloud.vpc.v20170312.Client(config(REGION));
const apigw = new tencentcloud.apigateway.v20180808.Client(config(REGION));
const keep = process.argv.includes("--keep");
const undo = []; // what to call to remove each thing made, newest last

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
undo.push(() => Promise.all(servers.map((x) => new Promise((r) => x.s.close(r)))));

try {
  const { Vpc } = await vpc.CreateVpc({ VpcName: "channels", CidrBlock: "10.2.0.0/16" });
  undo.push(() => vpc.DeleteVpc({ VpcId: Vpc.VpcId }));
  const { Subnet } = await vpc.CreateSubnet({ VpcId: Vpc.VpcId, SubnetName: "gw", CidrBlock: "10.2.1.0/24", Zone: ZONE });
  undo.push(() => vpc.DeleteSubnet({ SubnetId: Subnet.SubnetId }));
  const { Result: instanceId } = await apigw.CreateExclusiveInstances({
    Zones: [ZONE], InstanceType: "professional", NetworkConfig: { InternetMaxBandwidthOut: 10 },
    VpcConfig: { UniqVpcId: Vpc.VpcId, UniqSubnetId: Subnet.SubnetId }, PayMode: "POSTPAID",
  });
  undo.push(() => apigw.request("DeleteExclusiveInstance", { InstanceId: instanceId }));
  const { ServiceId } = await apigw.CreateService({ ServiceName: "tour", Protocol: "http", InstanceId: instanceId });
  undo.push(() => apigw.DeleteService({ ServiceId }));
  const { UpstreamId } = await apigw.CreateUpstream({
    UpstreamName: "tour_channel", Scheme: "HTTP", Algorithm: "ROUND-ROBIN", UniqVpcId: Vpc.VpcId, Retries: 2,
    Nodes: servers.map((x, i) => ({ Host: "127.0.0.1", Port: x.port, Weight: [5, 1, 1][i] })),
  });
  undo.push(() => apigw.DeleteUpstream({ UpstreamId }));
  const { Result: api } = await apigw.CreateApi({
    ServiceId, ServiceType: "UPSTREAM", ServiceTimeout: 5, Protocol: "HTTP",
    RequestConfig: { Path: "/hello", Method: "GET" }, ServiceConfig: { UpstreamId, Path: "/backend" },
  });
  undo.push(() => apigw.DeleteApi({ ServiceId, ApiId: api.ApiId }));
  await apigw.ReleaseService({ ServiceId, EnvironmentName: "release", ReleaseDesc: "first" });
  undo.push(() => apigw.UnReleaseService({ ServiceId, EnvironmentName: "release" }));
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
  if (keep) console.log("servers stay up and nothing is removed; Ctrl-C to stop");
} finally {
  if (!keep) {
    const failed = [];
    for (const step of undo.reverse()) await step().catch((e) => failed.push(`${e.code}: ${e.message}`));
    if (failed.length) {
      console.log("clean-up failed:", failed.join("; "));
      process.exitCode = 1;
    } else console.log("cleaned up");
  }
}
