// Sets up what the bench calls through the service, with the official SDK: a VPC, subnet,
// dedicated instance, service, a channel over the given nodes (weights 5,1,1), a GET API bound to
// it (`/bench` -> node `/backend`), the same with UpstreamHost set (`/socket`: the socket client), a
// MOCK API (`/mock`) and a release.
import { localCredentials } from "../dev-server.mjs";

/** localCredential reads the first "SecretId:SecretKey[:Account]" pair of .dev.vars' TC_CREDENTIALS. */
function localCredential(root) {
  const [secretId, secretKey] = localCredentials(root).split(",")[0].trim().split(":");
  return { secretId, secretKey };
}

/** setUpChannel builds the gateway on the service at 127.0.0.1:port and reports { channelUrl, socketUrl, mockUrl }. */
export async function setUpChannel(root, port, nodes, weights = [5, 1, 1]) {
  const { default: tencentcloud } = await import("tencentcloud-sdk-nodejs");
  const config = { credential: localCredential(root), region: "ap-guangzhou", profile: { httpProfile: { endpoint: `127.0.0.1:${port}`, protocol: "http://", reqTimeout: 20 } } };
  const vpc = new tencentcloud.vpc.v20170312.Client(config);
  const apigw = new tencentcloud.apigateway.v20180808.Client(config);
  const step = async (what, p) => {
    try {
      return await p;
    } catch (e) {
      throw new Error(`set-up step ${what} failed: ${e?.code ? `${e.code}: ` : ""}${e?.message ?? e}`);
    }
  };
  const { Vpc } = await step("CreateVpc", vpc.CreateVpc({ VpcName: "bench", CidrBlock: "10.9.0.0/16" }));
  const { Subnet } = await step("CreateSubnet", vpc.CreateSubnet({ VpcId: Vpc.VpcId, SubnetName: "bench-gw", CidrBlock: "10.9.1.0/24", Zone: "ap-guangzhou-3" }));
  const { Result: instanceId } = await step(
    "CreateExclusiveInstances",
    apigw.CreateExclusiveInstances({
      Zones: ["ap-guangzhou-3"], InstanceType: "professional", NetworkConfig: { InternetMaxBandwidthOut: 10 },
      VpcConfig: { UniqVpcId: Vpc.VpcId, UniqSubnetId: Subnet.SubnetId }, PayMode: "POSTPAID",
    }),
  );
  const { ServiceId } = await step("CreateService", apigw.CreateService({ ServiceName: "bench", Protocol: "http", InstanceId: instanceId }));
  const { UpstreamId } = await step(
    "CreateUpstream",
    apigw.CreateUpstream({
      UpstreamName: "bench_channel", Scheme: "HTTP", Algorithm: "ROUND-ROBIN", UniqVpcId: Vpc.VpcId, Retries: 2,
      Nodes: nodes.map((n, i) => ({ Host: "127.0.0.1", Port: n.port, Weight: weights[i] })),
    }),
  );
  // the same nodes with UpstreamHost set: fetch() cannot send that Host, so these calls take the socket client
  const { UpstreamId: socketUpstream } = await step(
    "CreateUpstream (UpstreamHost)",
    apigw.CreateUpstream({
      UpstreamName: "bench_socket", Scheme: "HTTP", Algorithm: "ROUND-ROBIN", UniqVpcId: Vpc.VpcId, Retries: 2, UpstreamHost: "bench.example",
      Nodes: nodes.map((n, i) => ({ Host: "127.0.0.1", Port: n.port, Weight: weights[i] })),
    }),
  );
  const api = { ServiceId, ServiceTimeout: 10, Protocol: "HTTP" };
  await step("CreateApi (socket)", apigw.CreateApi({ ...api, ServiceType: "UPSTREAM", RequestConfig: { Path: "/socket", Method: "GET" }, ServiceConfig: { UpstreamId: socketUpstream, Path: "/backend" } }));
  await step("CreateApi", apigw.CreateApi({ ...api, ServiceType: "UPSTREAM", RequestConfig: { Path: "/bench", Method: "GET" }, ServiceConfig: { UpstreamId, Path: "/backend" } }));
  await step("CreateApi (mock)", apigw.CreateApi({ ...api, ServiceType: "MOCK", RequestConfig: { Path: "/mock", Method: "GET" }, ServiceMockReturnMessage: "ok mock\n" }));
  await step("ReleaseService", apigw.ReleaseService({ ServiceId, EnvironmentName: "release", ReleaseDesc: "bench" }));
  const base = `http://127.0.0.1:${port}/${ServiceId}/release`;
  return { channelUrl: `${base}/bench`, socketUrl: `${base}/socket`, mockUrl: `${base}/mock`, upstreamId: UpstreamId };
}
