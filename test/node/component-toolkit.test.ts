// The real tencent-component-toolkit (what Serverless Framework deploys Tencent resources with),
// unmodified, deploys, redeploys and removes an API Gateway service with a MOCK and an HTTP API,
// and a VPC with a subnet, each with its `tags` input (the toolkit's Tag module: DescribeTags,
// CreateTag, AttachResourcesTag, DetachResourcesTag, DescribeResourceTagsByResourceIds), against the running service. The toolkit has no endpoint option and speaks https to
// <product>.tencentcloudapi.com: it runs in a child process whose --require hook resolves those
// names to 127.0.0.1 and sends port 443 to a TLS front (self-signed, NODE_TLS_REJECT_UNAUTHORIZED=0
// for that child only) that forwards to `wrangler dev`. Region ap-hongkong's services belong here.
import { spawn } from "node:child_process";
import { createServer, type Server } from "node:http";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { proxyFreeEnv } from "../../scripts/dev-server.mjs";
import { callWithHost } from "../helpers/channel-gateway";
import { gatewayClient, type GatewayClient } from "../helpers/gateway-control";
import { clients, expectCode, LOCAL_CREDENTIAL, sdkClients } from "../helpers/sdk";
import { startTlsFront, type TlsFront } from "../helpers/tls-front";

const REGION = "ap-hongkong";
const ROOT = process.cwd();

let port: number;
let front: TlsFront;
let backend: Server;
let backendPort: number;
let gw: GatewayClient;

type Outputs = { serviceId: string; created: boolean; environment: string; apiList: { apiId: string; path: string; method: string; created?: boolean }[]; error?: { message: string } };

type VpcOutputs = { region: string; zone: string; vpcId: string; vpcName: string; subnetId: string; subnetName: string; tags?: { key: string; value: string }[] };

type Tags = { key: string; value: string }[];
const uniq = () => Math.random().toString(36).slice(2, 10).padEnd(8, "0");
const tagClient = () => sdkClients(port, REGION).tag;

/** boundTags reports a resource's tags as the SDK's DescribeResourceTagsByResourceIds answers them, sorted. */
async function boundTags(service: string, prefix: string, id: string): Promise<string[][]> {
  const r = await tagClient().DescribeResourceTagsByResourceIds({ ServiceType: service, ResourcePrefix: prefix, ResourceIds: [id], ResourceRegion: REGION, Limit: 100 });
  return (r.Tags ?? []).map((t) => [t.TagKey!, t.TagValue!]).sort();
}

/**
 * dropTagList checks that no resource carries any tag of the given keys any more and deletes
 * those keys' tags from the account's tag list (the toolkit creates them and, as on Tencent,
 * never deletes them), so that nothing of the run is left.
 */
async function dropTagList(keys: string[]): Promise<void> {
  const t = tagClient();
  for (const k of keys) expect((await t.DescribeResourcesByTags({ TagFilters: [{ TagKey: k }] })).TotalCount, k).toBe(0);
  const list = await t.DescribeTags({ TagKeys: keys, Limit: 1000 });
  expect(list.Tags!.every((x) => x.CanDelete === 1)).toBe(true);
  for (const x of list.Tags!) await t.DeleteTag({ TagKey: x.TagKey!, TagValue: x.TagValue! });
  expect((await t.DescribeTags({ TagKeys: keys, Limit: 1000 })).TotalCount).toBe(0);
}

/** toolkit runs the toolkit's Apigw or Vpc .deploy or .remove in a child process and reports its outputs. */
function toolkit<T = Outputs>(op: "deploy" | "remove", inputs: unknown, component: "Apigw" | "Vpc" = "Apigw"): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--require", join(ROOT, "test/helpers/tencentcloudapi-hook.cjs"), join(ROOT, "test/helpers/toolkit-component.cjs"), component, op, REGION, JSON.stringify(inputs)], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
      env: proxyFreeEnv({ TENCENTCLOUDAPI_TLS_PORT: String(front.port), NODE_TLS_REJECT_UNAUTHORIZED: "0", TC_SECRET_ID: LOCAL_CREDENTIAL.secretId, TC_SECRET_KEY: LOCAL_CREDENTIAL.secretKey }),
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), 50_000);
    child.on("close", () => {
      clearTimeout(timer);
      const line = out.split("\n").find((l) => l.startsWith("RESULT "));
      if (!line) return reject(new Error(`the toolkit printed no result\n${out}\n${err}`));
      const r = JSON.parse(line.slice(7)) as T & { error?: { message: string } };
      if (r?.error) return reject(new Error(`the toolkit failed: ${r.error.message}\n${out}\n${err}`));
      // The toolkit logs and swallows a failed tag call ("[TAG] ...", or the ApiError of type
      // API_TAG_<action> that Tag.deploy prints); here either fails the run.
      if (out.includes("[TAG]") || out.includes("API_TAG_")) return reject(new Error(`the toolkit's tag calls failed\n${out}\n${err}`));
      resolve(r);
    });
  });
}

/** call sends a GET to a released API of the gateway and reports status and text. */
const call = (path: string) => callWithHost(port, path, `127.0.0.1:${port}`);

beforeAll(async () => {
  port = inject("devPort");
  gw = gatewayClient(port, REGION);
  front = await startTlsFront(port, join(ROOT, ".tmp"));
  backend = createServer((req, res) => res.end(`backend saw ${req.method} ${req.url}`));
  await new Promise<void>((r) => backend.listen(0, "127.0.0.1", r));
  backendPort = (backend.address() as { port: number }).port;
});

afterAll(async () => {
  await front?.stop();
  await new Promise<void>((r) => (backend ? backend.close(() => r()) : r()));
});

const endpoints = () => [
  { path: "/mock", method: "GET", apiName: "mock_api", serviceType: "MOCK", serviceMockReturnMessage: "hello from mock" },
  { path: "/http", method: "GET", apiName: "http_api", serviceType: "HTTP", serviceTimeout: 10, serviceConfig: { url: `http://127.0.0.1:${backendPort}`, path: "/origin", method: "GET" } },
];

describe("tencent-component-toolkit Apigw", () => {
  let first: Outputs;
  let second: Outputs;
  const run = uniq();
  const keys = [`svc-env-${run}`, `svc-team-${run}`, `svc-owner-${run}`];
  const firstTags: Tags = [{ key: keys[0]!, value: "dev" }, { key: keys[1]!, value: "net" }];
  const secondTags: Tags = [{ key: keys[0]!, value: "prod" }, { key: keys[2]!, value: "alice" }];

  it("deploy creates the service, both APIs and the release (CreateService, DescribeApisStatus, CreateApi, DescribeServiceSubDomains, ReleaseService)", async () => {
    first = await toolkit("deploy", { serviceName: "toolkit_svc", serviceDesc: "deployed by the toolkit", protocols: ["http", "https"], environment: "release", endpoints: endpoints(), tags: firstTags });
    expect(first.serviceId).toMatch(/^service-[a-z0-9]{8}$/);
    expect(first.created).toBe(true);
    expect(first.apiList.map((a) => a.path).sort()).toEqual(["/http", "/mock"]);
    const d = await gw.DescribeService({ ServiceId: first.serviceId });
    expect(d).toMatchObject({ ServiceName: "toolkit_svc", ServiceDesc: "deployed by the toolkit", Protocol: "http&https", AvailableEnvironments: ["release"], ApiTotalCount: 2 });
    const mock = first.apiList.find((a) => a.path === "/mock")!;
    const api = await gw.DescribeApi({ ServiceId: first.serviceId, ApiId: mock.apiId });
    expect(api.Result).toMatchObject({ ServiceType: "MOCK", AuthType: "NONE", ResponseType: "HTML", ApiBusinessType: "NORMAL", EnableCORS: false, ServiceTimeout: 15 });
  });

  it("deploy's `tags` are bound to the service (DescribeTags, CreateTag, AttachResourcesTag) and shown by the SDK", async () => {
    expect((first as Outputs & { tags?: Tags }).tags).toEqual(firstTags);
    expect(await boundTags("apigw", "service", first.serviceId)).toEqual([[keys[0], "dev"], [keys[1], "net"]]);
    expect((await gw.DescribeService({ ServiceId: first.serviceId })).Tags).toEqual([{ Key: keys[0], Value: "dev" }, { Key: keys[1], Value: "net" }]);
  });

  it("the released MOCK and HTTP APIs answer through the gateway", async () => {
    expect(await call(`/${first.serviceId}/release/mock`)).toEqual({ status: 200, text: "hello from mock" });
    const h = await call(`/${first.serviceId}/release/http`);
    expect(h.status).toBe(200);
    expect(h.text).toBe("backend saw GET /origin");
  });

  it("a redeploy with the serviceId updates the service and its APIs in place (DescribeService, ModifyService, ModifyApi)", async () => {
    const changed = endpoints().map((e) => (e.serviceType === "MOCK" ? { ...e, serviceMockReturnMessage: "changed mock" } : e));
    second = await toolkit("deploy", { serviceId: first.serviceId, serviceName: "toolkit_svc", serviceDesc: "redeployed", protocols: ["http", "https"], environment: "release", endpoints: changed, oldState: first, tags: secondTags });
    expect(second.serviceId).toBe(first.serviceId);
    expect(second.apiList.map((a) => a.apiId).sort()).toEqual(first.apiList.map((a) => a.apiId).sort());
    expect((await gw.DescribeService({ ServiceId: first.serviceId })).ServiceDesc).toBe("redeployed");
    expect(await call(`/${first.serviceId}/release/mock`)).toEqual({ status: 200, text: "changed mock" });
    // Changed tags: a changed value is detached and attached again, a dropped key detached, a new one attached.
    expect(await boundTags("apigw", "service", first.serviceId)).toEqual([[keys[2], "alice"], [keys[0], "prod"]].sort());
  });

  it("remove unreleases, deletes the APIs and the service; afterwards nothing of the run is left", async () => {
    await toolkit("remove", { ...second, created: true });
    await expectCode(gw.DescribeService({ ServiceId: first.serviceId }), "ResourceNotFound.InvalidService");
    const left = await gw.DescribeServicesStatus({ Limit: 100, Offset: 0, Filters: [{ Name: "ServiceName", Values: ["toolkit_svc"] }] });
    expect(left.Result?.TotalCount).toBe(0);
    expect((await call(`/${first.serviceId}/release/mock`)).status).toBe(404);
    // Remove detaches the service's tags first (DescribeService's Tags), and the service is gone.
    expect(await boundTags("apigw", "service", first.serviceId)).toEqual([]);
    await dropTagList(keys);
  });
});

describe("tencent-component-toolkit Vpc", () => {
  const vpcClient = () => clients(port, REGION).vpc;
  const run = uniq();
  const keys = [`vpc-env-${run}`, `vpc-team-${run}`];
  const inputs = { zone: `${REGION}-2`, vpcName: "toolkit_vpc", subnetName: "toolkit_subnet", cidrBlock: "10.31.0.0/16", dnsServers: ["119.29.29.29"], domainName: "toolkit.local", tags: [{ key: keys[0]!, value: "dev" }] };
  let first: VpcOutputs;

  it("deploy creates the VPC and a subnet (CreateVpc, CreateSubnet)", async () => {
    first = await toolkit<VpcOutputs>("deploy", inputs, "Vpc");
    expect(first).toMatchObject({ region: REGION, zone: inputs.zone, vpcName: "toolkit_vpc", subnetName: "toolkit_subnet" });
    expect(first.vpcId).toMatch(/^vpc-[a-z0-9]{8}$/);
    expect(first.subnetId).toMatch(/^subnet-[a-z0-9]{8}$/);
    const v = await vpcClient().DescribeVpcs({ VpcIds: [first.vpcId] });
    expect(v.VpcSet?.[0]).toMatchObject({ VpcName: "toolkit_vpc", CidrBlock: "10.31.0.0/16", DnsServerSet: ["119.29.29.29"], DomainName: "toolkit.local" });
    const s = await vpcClient().DescribeSubnets({ SubnetIds: [first.subnetId] });
    expect(s.SubnetSet?.[0]).toMatchObject({ VpcId: first.vpcId, SubnetName: "toolkit_subnet", CidrBlock: "10.31.0.0/16", Zone: inputs.zone, EnableBroadcast: false });
    // `tags` go on the VPC and (no `subnetTags` given) on the subnet.
    expect(first.tags).toEqual(inputs.tags);
    expect(v.VpcSet?.[0]?.TagSet).toEqual([{ Key: keys[0], Value: "dev" }]);
    expect(s.SubnetSet?.[0]?.TagSet).toEqual([{ Key: keys[0], Value: "dev" }]);
  });

  it("a redeploy with the ids renames both in place (DescribeVpcs, ModifyVpcAttribute, DescribeSubnets, ModifySubnetAttribute)", async () => {
    const tags = [{ key: keys[0]!, value: "prod" }, { key: keys[1]!, value: "net" }];
    const again = await toolkit<VpcOutputs>("deploy", { ...inputs, vpcId: first.vpcId, subnetId: first.subnetId, vpcName: "toolkit_vpc2", subnetName: "toolkit_subnet2", enableSubnetBroadcast: true, tags, subnetTags: [{ key: keys[1]!, value: "subnet" }] }, "Vpc");
    expect(again).toMatchObject({ vpcId: first.vpcId, subnetId: first.subnetId, vpcName: "toolkit_vpc2", subnetName: "toolkit_subnet2" });
    const v = await vpcClient().DescribeVpcs({ VpcIds: [first.vpcId] });
    expect(v.VpcSet?.[0]).toMatchObject({ VpcName: "toolkit_vpc2", DnsServerSet: ["119.29.29.29"], DomainName: "toolkit.local" });
    const s = await vpcClient().DescribeSubnets({ SubnetIds: [first.subnetId] });
    expect(s.SubnetSet?.[0]).toMatchObject({ SubnetName: "toolkit_subnet2", EnableBroadcast: true });
    const all = await vpcClient().DescribeVpcs({ Filters: [{ Name: "vpc-name", Values: ["toolkit_vpc", "toolkit_vpc2"] }] });
    expect(all.TotalCount).toBe(1);
    // Changed tags on the VPC; the subnet takes `subnetTags` instead (its old key detached).
    expect(await boundTags("vpc", "vpc", first.vpcId)).toEqual([[keys[0], "prod"], [keys[1], "net"]]);
    expect(await boundTags("vpc", "subnet", first.subnetId)).toEqual([[keys[1], "subnet"]]);
    expect(v.VpcSet?.[0]?.TagSet).toEqual([{ Key: keys[0], Value: "prod" }, { Key: keys[1], Value: "net" }]);
  });

  it("remove deletes the subnet and the VPC (DeleteSubnet, DeleteVpc); afterwards nothing of the run is left", async () => {
    await toolkit("remove", { vpcId: first.vpcId, subnetId: first.subnetId }, "Vpc");
    expect(await vpcClient().DescribeVpcs({ VpcIds: [first.vpcId] })).toMatchObject({ TotalCount: 0, VpcSet: [] });
    expect(await vpcClient().DescribeSubnets({ SubnetIds: [first.subnetId] })).toMatchObject({ TotalCount: 0, SubnetSet: [] });
    expect((await vpcClient().DescribeSubnets({ Filters: [{ Name: "vpc-id", Values: [first.vpcId] }] })).TotalCount).toBe(0);
    expect((await vpcClient().DescribeVpcs({ Filters: [{ Name: "vpc-name", Values: ["toolkit_vpc", "toolkit_vpc2"] }] })).TotalCount).toBe(0);
    // The deleted VPC and subnet lost their tags.
    expect(await boundTags("vpc", "vpc", first.vpcId)).toEqual([]);
    expect(await boundTags("vpc", "subnet", first.subnetId)).toEqual([]);
    await dropTagList(keys);
  });
});
