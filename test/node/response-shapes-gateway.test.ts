// Response shapes, apigateway 2018-08-08 and tag 2018-08-13: a dedicated instance, a service on
// it, a channel, MOCK, HTTP and channel-bound APIs, releases, strategies and tags built and removed
// through the official SDK, every successful reply checked against the SDK's .d.ts model of its
// Response type, and a final check that every apigateway and tag action the service registers
// with a model had its reply checked. Region ap-jakarta.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { makeNetwork, type Network } from "../helpers/gateway-control";
import { sdkClients } from "../helpers/sdk";
import { ShapeLog, coverageSuite } from "../helpers/shape-coverage";

const REGION = "ap-jakarta";
const ZONE = `${REGION}-1`;

// Reply paths Terraform or the component toolkit read without a nil check (see real-clients.md).
const PRESENT: Record<string, string[]> = {
  CreateExclusiveInstances: ["Result"],
  CreateService: ["ServiceId", "OuterSubDomain"],
  DescribeService: ["ServiceId", "ServiceName", "Protocol", "OuterSubDomain", "InternalSubDomain", "NetTypes", "ApiIdStatusSet.*.ApiId"],
  DescribeServicesStatus: ["Result.TotalCount", "Result.ServiceSet.*.ServiceId", "Result.ServiceSet.*.ServiceName", "Result.ServiceSet.*.Protocol"],
  CreateApi: ["Result.ApiId"],
  DescribeApi: ["Result.ApiId", "Result.RequestConfig.Path", "Result.RequestConfig.Method", "Result.ServiceType"],
  DescribeApisStatus: ["Result.TotalCount", "Result.ApiIdStatusSet.*.ApiId", "Result.ApiIdStatusSet.*.Path", "Result.ApiIdStatusSet.*.Method"],
  ReleaseService: ["Result.ReleaseVersion"],
  UnReleaseService: ["Result"],
  DeleteService: ["Result"],
  CreateUpstream: ["UpstreamId"],
  DescribeUpstreams: ["Result.TotalCount", "Result.UpstreamSet.*.UpstreamId", "Result.UpstreamSet.*.Nodes"],
  DescribeUpstreamBindApis: ["Result.TotalCount", "Result.BindApiSet"],
  DescribeServiceEnvironmentList: ["Result.EnvironmentList.*.EnvironmentName", "Result.EnvironmentList.*.Status"],
  DescribeServiceEnvironmentStrategy: ["Result.EnvironmentList.*.EnvironmentName", "Result.EnvironmentList.*.Strategy"],
  DescribeServiceUsagePlan: ["Result"],
  DescribeApiUsagePlan: ["Result"],
  DescribeResourceTagsByResourceIds: ["Tags.*.TagKey", "Tags.*.TagValue", "Tags.*.ResourceId"],
  DescribeResourcesByTags: ["Rows.*.ResourceId", "Rows.*.Tags"],
};

const log = new ShapeLog(PRESENT);
let port: number;
let gw: ReturnType<typeof sdkClients>["apigateway"];
let tag: ReturnType<typeof sdkClients>["tag"];
let net: Network;
const made = { instance: "", service: "", upstream: "", apis: [] as string[] };

beforeAll(async () => {
  port = inject("devPort");
  const c = sdkClients(port, REGION);
  gw = log.wrap(c.apigateway, "apigateway");
  tag = log.wrap(c.tag, "tag");
  net = await makeNetwork(c.vpc, 45, ZONE);
});

afterAll(async () => {
  // cleanup after a failure part-way (each step ignores what is already gone)
  const c = sdkClients(port, REGION);
  const quiet = (p: Promise<unknown>) => p.catch(() => undefined);
  if (made.service) {
    for (const env of ["release", "prepub", "test"]) await quiet(c.apigateway.UnReleaseService({ ServiceId: made.service, EnvironmentName: env }));
    for (const api of made.apis) await quiet(c.apigateway.DeleteApi({ ServiceId: made.service, ApiId: api }));
    await quiet(c.apigateway.DeleteService({ ServiceId: made.service }));
  }
  if (made.upstream) await quiet(c.apigateway.DeleteUpstream({ UpstreamId: made.upstream }));
  if (made.instance) await quiet(c.apigateway.request("DeleteExclusiveInstance", { InstanceId: made.instance }));
  await quiet(c.vpc.DeleteSubnet({ SubnetId: net.subnetId }));
  await quiet(c.vpc.DeleteVpc({ VpcId: net.vpcId }));
});

const mockApi = (path: string, message: string) => ({
  ServiceId: made.service, ServiceType: "MOCK", ServiceTimeout: 5, Protocol: "HTTP", RequestConfig: { Path: path, Method: "GET" }, ServiceMockReturnMessage: message,
});

describe("apigateway and tag replies against the SDK models", () => {
  it("dedicated instance: create, list, detail, modify", async () => {
    made.instance = (await gw.CreateExclusiveInstances({
      Zones: [ZONE], InstanceType: "professional", InstanceName: "shapes", NetworkConfig: { InternetMaxBandwidthOut: 10 },
      VpcConfig: { UniqVpcId: net.vpcId, UniqSubnetId: net.subnetId }, PayMode: "POSTPAID",
    })).Result!;
    await gw.DescribeExclusiveInstances({ Limit: 10, Offset: 0, Filters: [{ Name: "InstanceId", Values: [made.instance] }] });
    await gw.DescribeExclusiveInstanceDetail({ InstanceId: made.instance });
    await gw.ModifyExclusiveInstance({ InstanceId: made.instance, InstanceName: "shapes-2", InstanceDescription: "renamed" });
  });

  it("service: create on the instance, describe, modify, listings", async () => {
    made.service = (await gw.CreateService({
      ServiceName: "shapes", ServiceDesc: "shape checks", Protocol: "http", NetTypes: ["OUTER"], InstanceId: made.instance, Tags: [{ Key: "suite", Value: "shapes" }],
    })).ServiceId!;
    await gw.ModifyService({ ServiceId: made.service, ServiceName: "shapes_2", Protocol: "http&https", NetTypes: ["OUTER", "INNER"] });
    await gw.DescribeService({ ServiceId: made.service });
    await gw.DescribeServicesStatus({ Limit: 20, Offset: 0, Filters: [{ Name: "ServiceId", Values: [made.service] }] });
    await gw.DescribeServiceSubDomains({ ServiceId: made.service });
  });

  it("channel: create with health checks, describe, modify", async () => {
    made.upstream = (await gw.CreateUpstream({
      UpstreamName: "shapes", UpstreamDescription: "two nodes", Scheme: "HTTP", Algorithm: "ROUND-ROBIN", UniqVpcId: net.vpcId, Retries: 2,
      Nodes: [{ Host: "10.45.1.10", Port: 8080, Weight: 10 }, { Host: "10.45.1.11", Port: 8080, Weight: 5 }],
      HealthChecker: { EnableActiveCheck: false, EnablePassiveCheck: true, HealthyHttpStatus: "200", UnhealthyHttpStatus: "500,502", TcpFailureThreshold: 3, TimeoutThreshold: 3, HttpFailureThreshold: 3, UnhealthyTimeout: 30 },
      Tags: [{ Key: "suite", Value: "shapes" }],
    })).UpstreamId!;
    const configured = await gw.DescribeUpstreams({ Limit: 10, Offset: 0, Filters: [{ Name: "UpstreamId", Values: [made.upstream] }] });
    // As sent, and no ActiveRequestHeader that was not (Terraform's provider cannot store one).
    expect(configured.Result!.UpstreamSet![0]!.HealthChecker).toMatchObject({ EnablePassiveCheck: true, UnhealthyHttpStatus: "500,502", UnhealthyTimeout: 30 });
    expect(configured.Result!.UpstreamSet![0]!.HealthChecker).not.toHaveProperty("ActiveRequestHeader");
    await gw.ModifyUpstream({ UpstreamId: made.upstream, UpstreamDescription: "changed", Nodes: [{ Host: "10.45.1.10", Port: 8080, Weight: 10 }] });
    const plain = (await gw.CreateUpstream({ UpstreamName: "plain", Scheme: "HTTP", Algorithm: "ROUND-ROBIN", UniqVpcId: net.vpcId, Nodes: [{ Host: "10.45.1.12", Port: 80, Weight: 1 }] })).UpstreamId!;
    // No health checks configured: null, as the model's comment allows (no health_checker drift).
    const bare = await gw.DescribeUpstreams({ Limit: 10, Offset: 0, Filters: [{ Name: "UpstreamId", Values: [plain] }] });
    expect(bare.Result!.UpstreamSet![0]!.HealthChecker).toBeNull();
    await gw.DeleteUpstream({ UpstreamId: plain });
  });

  it("APIs: MOCK, HTTP and channel-bound; describe, list, modify, bindings", async () => {
    made.apis.push((await gw.CreateApi({ ...mockApi("/mock", "hello"), ApiName: "mock", AuthType: "NONE" })).Result!.ApiId!);
    made.apis.push((await gw.CreateApi({
      ServiceId: made.service, ServiceType: "HTTP", ServiceTimeout: 15, Protocol: "HTTP", ApiName: "http", RequestConfig: { Path: "/items/{id}", Method: "GET" },
      ServiceConfig: { Url: "http://10.45.1.20:80", Path: "/i/{id}", Method: "GET" },
      RequestParameters: [{ Name: "id", Position: "PATH", Type: "string", DefaultValue: "", Required: true, Desc: "the id" }],
      ServiceParameters: [{ Name: "id", Position: "PATH", RelevantRequestParameterPosition: "PATH", RelevantRequestParameterName: "id", DefaultValue: "", RelevantRequestParameterDesc: "" }],
      ResponseErrorCodes: [{ Code: 1001, Msg: "bad", Desc: "", ConvertedCode: 400, NeedConvert: true }],
    })).Result!.ApiId!);
    made.apis.push((await gw.CreateApi({
      ServiceId: made.service, ServiceType: "UPSTREAM", ServiceTimeout: 5, Protocol: "HTTP", ApiName: "channel", RequestConfig: { Path: "/ch", Method: "GET" },
      ServiceConfig: { UpstreamId: made.upstream, Path: "/backend", Method: "GET" },
    })).Result!.ApiId!);
    for (const api of made.apis) await gw.DescribeApi({ ServiceId: made.service, ApiId: api });
    await gw.ModifyApi({ ...mockApi("/mock", "hello again"), ApiId: made.apis[0]!, ApiName: "mock", AuthType: "NONE" });
    await gw.DescribeApisStatus({ ServiceId: made.service, Limit: 100, Offset: 0 });
    await gw.DescribeService({ ServiceId: made.service });
    const bound = await gw.DescribeUpstreamBindApis({ UpstreamId: made.upstream, Limit: 10, Offset: 0 });
    expect(bound.Result?.BindApiSet?.map((b) => b.ApiId)).toEqual([made.apis[2]]);
  });

  it("releases: release, environments, versions, history, update, unrelease", async () => {
    const v1 = (await gw.ReleaseService({ ServiceId: made.service, EnvironmentName: "release", ReleaseDesc: "one" })).Result!.ReleaseVersion!;
    await gw.ReleaseService({ ServiceId: made.service, EnvironmentName: "release", ReleaseDesc: "two" });
    await gw.DescribeServiceEnvironmentList({ ServiceId: made.service });
    await gw.DescribeServiceReleaseVersion({ ServiceId: made.service });
    await gw.DescribeServiceEnvironmentReleaseHistory({ ServiceId: made.service, EnvironmentName: "release" });
    await gw.UpdateService({ ServiceId: made.service, EnvironmentName: "release", VersionName: v1, UpdateDesc: "back to one" });
    const env = (await gw.DescribeServiceEnvironmentList({ ServiceId: made.service })).Result!.EnvironmentList!.find((e) => e.EnvironmentName === "release");
    expect(env?.VersionName).toBe(v1);
    await gw.DescribeService({ ServiceId: made.service });
    await gw.UnReleaseService({ ServiceId: made.service, EnvironmentName: "release" });
  });

  it("strategies and usage plans", async () => {
    await gw.DescribeServiceEnvironmentStrategy({ ServiceId: made.service });
    await gw.ModifyServiceEnvironmentStrategy({ ServiceId: made.service, Strategy: 300, EnvironmentNames: ["release", "test"] });
    await gw.DescribeApiEnvironmentStrategy({ ServiceId: made.service });
    await gw.ModifyApiEnvironmentStrategy({ ServiceId: made.service, Strategy: 20, EnvironmentName: "prepub", ApiIds: [made.apis[0]!] });
    await gw.DescribeApiEnvironmentStrategy({ ServiceId: made.service, EnvironmentNames: ["prepub"] });
    await gw.DescribeServiceEnvironmentStrategy({ ServiceId: made.service });
    await gw.DescribeServiceUsagePlan({ ServiceId: made.service, Limit: 100, Offset: 0 });
    await gw.DescribeApiUsagePlan({ ServiceId: made.service, Limit: 100, Offset: 0 });
  });

  it("tags of the service and the channel through the tag product", async () => {
    // Services are tagged as apigw resources, channels as apigateway ones (as Terraform's provider names them).
    const service = `qcs::apigw:${REGION}:uin/:service/${made.service}`;
    const channel = `qcs::apigateway:${REGION}:uin/:upstreamId/${made.upstream}`;
    await tag.ModifyResourceTags({ Resource: service, ReplaceTags: [{ TagKey: "owner", TagValue: "ops" }], DeleteTags: [{ TagKey: "none" }] });
    const byId = await tag.DescribeResourceTagsByResourceIds({ ServiceType: "apigw", ResourcePrefix: "service", ResourceIds: [made.service], ResourceRegion: REGION, Limit: 100, Offset: 0 });
    expect(byId.Tags?.map((t) => [t.TagKey, t.TagValue])).toEqual(expect.arrayContaining([["owner", "ops"]]));
    expect((await gw.DescribeService({ ServiceId: made.service })).Tags?.map((t) => [t.Key, t.Value])).toEqual(expect.arrayContaining([["owner", "ops"]]));
    await tag.TagResources({ ResourceList: [service, channel], Tags: [{ TagKey: "marker", TagValue: "shapes" }] });
    const found = await tag.DescribeResourcesByTags({ TagFilters: [{ TagKey: "marker", TagValue: ["shapes"] }], Limit: 10, Offset: 0 });
    expect(found.Rows?.map((r) => r.ResourceId).sort()).toEqual([made.service, made.upstream].sort());
    await tag.UnTagResources({ ResourceList: [service, channel], TagKeys: ["marker"] });
    // The tag list the component toolkit drives: create, list, bind, unbind, delete.
    await tag.CreateTag({ TagKey: "toolkit", TagValue: "shapes" });
    await tag.DescribeTags({ TagKey: "toolkit", TagValue: "shapes", Limit: 15, Offset: 0 });
    const bound = { ServiceType: "apigw", ResourcePrefix: "service", ResourceRegion: REGION, ResourceIds: [made.service], TagKey: "toolkit" };
    await tag.AttachResourcesTag({ ...bound, TagValue: "shapes" });
    await tag.DetachResourcesTag(bound);
    await tag.DeleteTag({ TagKey: "toolkit", TagValue: "shapes" });
    await gw.DescribeUpstreams({ Limit: 10, Offset: 0, Filters: [{ Name: "UpstreamId", Values: [made.upstream] }] });
    await gw.DescribeServicesStatus({ Limit: 20, Offset: 0 });
  });

  it("teardown: APIs, service, channel; the dedicated instance goes with the extension action", async () => {
    for (const api of made.apis) await gw.DeleteApi({ ServiceId: made.service, ApiId: api });
    made.apis = [];
    await gw.DeleteService({ ServiceId: made.service });
    made.service = "";
    await gw.DeleteUpstream({ UpstreamId: made.upstream });
    made.upstream = "";
    expect(await gw.request("DeleteExclusiveInstance", { InstanceId: made.instance })).toMatchObject({ Result: true });
    made.instance = "";
  });
});

coverageSuite(log, ["apigateway", "tag"]);
