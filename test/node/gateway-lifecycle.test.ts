// SDK conformance for the API Gateway lifecycle actions (issue 9): ModifyService, the listings,
// environments and release history, UpdateService, throttling strategies, usage-plan reads,
// ModifyExclusiveInstance and DeleteExclusiveInstance; what CreateApi/ModifyApi send comes back
// from DescribeApi; and every apigateway action's reply checked against the SDK's Response model.
// Region ap-seoul's API Gateway resources belong to this file.
import { beforeAll, describe, expect, inject, it } from "vitest";
import { SDK_SCHEMAS } from "../../functions/protocol/schemas.generated";
import { callWithHost } from "../helpers/channel-gateway";
import { channelName, gatewayClient, instanceRequest, makeNetwork, type GatewayClient, type Network } from "../helpers/gateway-control";
import { clients, expectCode, sdkClients } from "../helpers/sdk";
import { ShapeLog } from "../helpers/shape-coverage";

const REGION = "ap-seoul";
const ZONE = `${REGION}-1`;

let gw: GatewayClient;
let raw: GatewayClient;
let port: number;
let net: Network;
/** Every reply of the wrapped clients is checked against the SDK model of its action's Response, at once. */
const log = new ShapeLog({}, true);
const shapeChecked = (client: GatewayClient): GatewayClient => log.wrap(client, "apigateway");

/** call sends a GET to a released API of the gateway and reports status and text. */
const call = (path: string) => callWithHost(port, path, `127.0.0.1:${port}`);

const mockApi = (serviceId: string, path: string, message: string) => ({
  ServiceId: serviceId, ServiceType: "MOCK", ServiceTimeout: 5, Protocol: "HTTP", RequestConfig: { Path: path, Method: "GET" }, ServiceMockReturnMessage: message,
});

beforeAll(async () => {
  port = inject("devPort");
  raw = gatewayClient(port, REGION);
  gw = shapeChecked(raw);
  net = await makeNetwork(clients(port, REGION).vpc, 41, ZONE);
});

describe("what CreateApi and ModifyApi send, DescribeApi returns", () => {
  const sent = {
    ApiName: "all_fields", ApiDesc: "every kept field", ApiType: "NORMAL", AuthType: "SECRET", EnableCORS: true, IsDebugAfterCharge: true, IsBase64Encoded: true,
    ApiBusinessType: "NORMAL", AuthRelationApiId: "", ResponseType: "XML", ResponseSuccessExample: "<ok/>", ResponseFailExample: "<no/>",
    ResponseErrorCodes: [{ Code: 1001, Msg: "bad", Desc: "a bad call", ConvertedCode: 400, NeedConvert: true }],
    RequestParameters: [{ Name: "id", Position: "PATH", Type: "string", DefaultValue: "", Required: true, Desc: "the id" }, { Name: "x-trace", Position: "HEADER", Type: "string", DefaultValue: "none", Required: false, Desc: "" }],
    ConstantParameters: [{ Name: "from", Desc: "origin", Position: "HEADER", DefaultValue: "gateway" }],
    ServiceParameters: [{ Name: "id", Position: "PATH", RelevantRequestParameterPosition: "PATH", RelevantRequestParameterName: "id", DefaultValue: "", RelevantRequestParameterDesc: "the id" }],
  };

  it("CreateApi: every field comes back as sent, with the HTTP backend", async () => {
    const { ServiceId } = await gw.CreateService({ ServiceName: "fields", Protocol: "http" });
    const r = await gw.CreateApi({ ServiceId: ServiceId!, ServiceType: "HTTP", ServiceTimeout: 20, Protocol: "HTTP", RequestConfig: { Path: "/items/{id}", Method: "GET" }, ServiceConfig: { Url: "http://10.41.1.9:80", Path: "/i/{id}", Method: "GET" }, ...sent });
    const d = await gw.DescribeApi({ ServiceId: ServiceId!, ApiId: r.Result!.ApiId! });
    expect(d.Result).toMatchObject({ ...sent, ServiceTimeout: 20, ServiceType: "HTTP", ServiceConfig: { Url: "http://10.41.1.9:80", Path: "/i/{id}", Method: "GET" }, RequestConfig: { Path: "/items/{id}", Method: "GET" } });
    const s = await gw.DescribeService({ ServiceId: ServiceId! });
    expect(s.ApiIdStatusSet?.[0]).toMatchObject({ ApiDesc: "every kept field", AuthType: "SECRET", ApiType: "NORMAL", IsDebugAfterCharge: true, ApiBusinessType: "NORMAL", UniqVpcId: "", AuthRelationApiId: "", TokenLocation: "" });
  });

  it("ModifyApi replaces the definition: fields it leaves out return to Tencent's defaults", async () => {
    const { ServiceId } = await gw.CreateService({ ServiceName: "fields2", Protocol: "http" });
    const r = await gw.CreateApi({ ...mockApi(ServiceId!, "/m", "one"), ...sent });
    await gw.ModifyApi({ ...mockApi(ServiceId!, "/m", "two"), ApiId: r.Result!.ApiId!, AuthType: "NONE", EnableCORS: false });
    const d = (await gw.DescribeApi({ ServiceId: ServiceId!, ApiId: r.Result!.ApiId! })).Result!;
    expect(d).toMatchObject({ AuthType: "NONE", EnableCORS: false, RequestParameters: [], ConstantParameters: [], ResponseType: "", IsDebugAfterCharge: false, ServiceMockReturnMessage: "two", ApiName: "all_fields" });
  });

  it.each([
    ["AuthType", { AuthType: "PASSWORD" }, "InvalidParameterValue.NotInOptions", /`AuthType`/],
    ["ApiType", { ApiType: "ODD" }, "InvalidParameterValue.NotInOptions", /`ApiType`/],
    ["a nameless request parameter", { RequestParameters: [{ Position: "QUERY" }] }, "InvalidParameterValue.InvalidRequestParameters", /RequestParameters\.0\.Name/],
    ["a request parameter position", { RequestParameters: [{ Name: "a", Position: "COOKIE" }] }, "InvalidParameterValue.NotInOptions", /RequestParameters\.0\.Position/],
    ["a repeated request parameter", { RequestParameters: [{ Name: "a", Position: "QUERY" }, { Name: "a", Position: "query" }] }, "InvalidParameterValue.InvalidRequestParameters", /twice/],
  ])("CreateApi refuses %s", async (_what, over, code, message) => {
    const { ServiceId } = await gw.CreateService({ ServiceName: "bad_fields", Protocol: "http" });
    await expectCode(raw.CreateApi({ ...mockApi(ServiceId!, "/b", "x"), ...over } as never), code, message);
  });
});

describe("services: ModifyService, listings, environments", () => {
  let svc: string;
  beforeAll(async () => {
    svc = (await gw.CreateService({ ServiceName: "listed", Protocol: "http", NetTypes: ["OUTER"], Tags: [{ Key: "k", Value: "v" }] })).ServiceId!;
  });

  it("ModifyService changes name, description, protocol and adds a network type; DescribeService shows them", async () => {
    await gw.ModifyService({ ServiceId: svc, ServiceName: "listed2", ServiceDesc: "new", Protocol: "https", NetTypes: ["OUTER", "INNER"] });
    const d = await gw.DescribeService({ ServiceId: svc });
    expect(d).toMatchObject({ ServiceName: "listed2", ServiceDesc: "new", Protocol: "https", NetTypes: ["OUTER", "INNER"], Tags: [{ Key: "k", Value: "v" }] });
    expect(d.ModifiedTime! >= d.CreatedTime!).toBe(true);
  });

  it.each([
    ["dropping a network type", { NetTypes: ["INNER"] }, "UnsupportedOperation.ReduceNetTypes", /OUTER/],
    ["an unknown protocol", { Protocol: "ftp" }, "InvalidParameterValue.NotInOptions", /`Protocol`/],
    ["an unknown network type", { NetTypes: ["OUTER", "INNER", "EDGE"] }, "InvalidParameterValue.NotInOptions", /NetTypes\.2/],
    ["an unknown VPC", { UniqVpcId: "vpc-00000000" }, "InvalidParameterValue.InvalidVpcConfig", /vpc-00000000/],
  ])("ModifyService refuses %s", async (_what, over, code, message) => {
    await expectCode(raw.ModifyService({ ServiceId: svc, ...over }), code, message);
  });

  it("ModifyService of an unknown service is ResourceNotFound.InvalidService", async () => {
    await expectCode(raw.ModifyService({ ServiceId: "service-00000000", ServiceName: "x" }), "ResourceNotFound.InvalidService", /service-00000000/);
  });

  it("DescribeServicesStatus filters by ServiceId and ServiceName and pages", async () => {
    const byId = await gw.DescribeServicesStatus({ Filters: [{ Name: "ServiceId", Values: [svc] }] });
    expect(byId.Result?.ServiceSet?.map((s) => s.ServiceId)).toEqual([svc]);
    expect(byId.Result?.ServiceSet?.[0]).toMatchObject({ ServiceName: "listed2", Protocol: "https", Tags: [{ Key: "k", Value: "v" }], SetType: "shared" });
    const byName = await gw.DescribeServicesStatus({ Filters: [{ Name: "ServiceName", Values: ["listed2"] }], Limit: 1, Offset: 0 });
    expect(byName.Result?.TotalCount).toBe(1);
    await expectCode(raw.DescribeServicesStatus({ Filters: [{ Name: "Colour", Values: ["x"] }] }), "InvalidParameterValue.InvalidFilterNotSupportedName", /Colour/);
  });

  it("DescribeApisStatus lists the APIs with every required field and filters by ApiPath (the toolkit's lookup)", async () => {
    const a = (await gw.CreateApi(mockApi(svc, "/alpha", "a"))).Result!.ApiId!;
    const b = (await gw.CreateApi(mockApi(svc, "/beta", "b"))).Result!.ApiId!;
    const all = await gw.DescribeApisStatus({ ServiceId: svc, Limit: 100, Offset: 0 });
    expect(all.Result?.ApiIdStatusSet?.map((x) => x.ApiId)).toEqual([a, b]);
    const beta = await gw.DescribeApisStatus({ ServiceId: svc, Filters: [{ Name: "ApiPath", Values: ["/beta"] }] });
    expect(beta.Result?.ApiIdStatusSet?.map((x) => x.ApiId)).toEqual([b]);
    await expectCode(raw.DescribeApisStatus({ ServiceId: "service-00000000" }), "ResourceNotFound.InvalidService");
  });

  it("DescribeServiceSubDomains: no custom domain is bound; DescribeServiceEnvironmentList: three environments, released ones with their version", async () => {
    expect((await gw.DescribeServiceSubDomains({ ServiceId: svc })).Result).toEqual({ TotalCount: 0, DomainSet: [] });
    const rel = await gw.ReleaseService({ ServiceId: svc, EnvironmentName: "test", ReleaseDesc: "v1" });
    const list = (await gw.DescribeServiceEnvironmentList({ ServiceId: svc })).Result!;
    expect(list.TotalCount).toBe(3);
    const byName = Object.fromEntries(list.EnvironmentList!.map((e) => [e.EnvironmentName, e]));
    expect(byName.test).toMatchObject({ Status: 1, VersionName: rel.Result!.ReleaseVersion });
    expect(byName.test!.Url).toMatch(new RegExp(`^${svc}-\\d+\\.${REGION}\\.apigateway\\.myqcloud\\.com/test$`));
    expect(byName.release).toMatchObject({ Status: 0, VersionName: "" });
    await gw.UnReleaseService({ ServiceId: svc, EnvironmentName: "test" });
  });
});

describe("release history and UpdateService", () => {
  let svc: string;
  let api: string;
  let v1: string;
  let v2: string;
  beforeAll(async () => {
    svc = (await gw.CreateService({ ServiceName: "versions", Protocol: "http" })).ServiceId!;
    api = (await gw.CreateApi(mockApi(svc, "/v", "version one"))).Result!.ApiId!;
    v1 = (await gw.ReleaseService({ ServiceId: svc, EnvironmentName: "release", ReleaseDesc: "one" })).Result!.ReleaseVersion!;
    await gw.ModifyApi({ ...mockApi(svc, "/v", "version two"), ApiId: api });
    v2 = (await gw.ReleaseService({ ServiceId: svc, EnvironmentName: "release", ReleaseDesc: "two" })).Result!.ReleaseVersion!;
  });

  it("DescribeServiceReleaseVersion lists every version, newest first; the history of an environment has release times", async () => {
    const versions = (await gw.DescribeServiceReleaseVersion({ ServiceId: svc })).Result!;
    expect(versions.VersionList).toEqual([{ VersionName: v2, VersionDesc: "two" }, { VersionName: v1, VersionDesc: "one" }]);
    const h = (await gw.DescribeServiceEnvironmentReleaseHistory({ ServiceId: svc, EnvironmentName: "release" })).Result!;
    expect(h.VersionList?.map((x) => x.VersionName)).toEqual([v2, v1]);
    expect(h.VersionList?.[0]?.ReleaseTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect((await gw.DescribeServiceEnvironmentReleaseHistory({ ServiceId: svc, EnvironmentName: "prepub" })).Result?.TotalCount).toBe(0);
  });

  it("UpdateService puts version one back online: the released API answers as it did then", async () => {
    expect((await call(`/${svc}/release/v`)).text).toBe("version two");
    expect((await gw.UpdateService({ ServiceId: svc, EnvironmentName: "release", VersionName: v1, UpdateDesc: "roll back" })).Result).toBe(true);
    expect((await call(`/${svc}/release/v`)).text).toBe("version one");
    const env = (await gw.DescribeServiceEnvironmentList({ ServiceId: svc })).Result!.EnvironmentList!.find((e) => e.EnvironmentName === "release");
    expect(env?.VersionName).toBe(v1);
  });

  it("UpdateService refuses an unknown version and an unknown environment", async () => {
    await expectCode(raw.UpdateService({ ServiceId: svc, EnvironmentName: "release", VersionName: "20200101000000-none" }), "InvalidParameterValue", /VersionName/);
    await expectCode(raw.UpdateService({ ServiceId: svc, EnvironmentName: "live", VersionName: v1 }), "InvalidParameterValue.NotInOptions", /`EnvironmentName`/);
  });
});

describe("throttling strategies and usage plans", () => {
  let svc: string;
  let api: string;
  beforeAll(async () => {
    svc = (await gw.CreateService({ ServiceName: "throttled", Protocol: "http" })).ServiceId!;
    api = (await gw.CreateApi(mockApi(svc, "/t", "t"))).Result!.ApiId!;
  });

  it("unset strategies read as Tencent's defaults: 5000 for the service, -1 (none) for an API", async () => {
    const s = (await gw.DescribeServiceEnvironmentStrategy({ ServiceId: svc })).Result!;
    expect(s.EnvironmentList?.map((e) => [e.EnvironmentName, e.Strategy, e.MaxStrategy])).toEqual([["release", 5000, 5000], ["prepub", 5000, 5000], ["test", 5000, 5000]]);
    const a = (await gw.DescribeApiEnvironmentStrategy({ ServiceId: svc, ApiId: api })).Result!;
    expect(a.ApiEnvironmentStrategySet?.[0]?.EnvironmentStrategySet).toEqual([{ EnvironmentName: "release", Quota: -1 }, { EnvironmentName: "prepub", Quota: -1 }, { EnvironmentName: "test", Quota: -1 }]);
  });

  it("ModifyServiceEnvironmentStrategy and ModifyApiEnvironmentStrategy are kept and read back", async () => {
    expect((await gw.ModifyServiceEnvironmentStrategy({ ServiceId: svc, Strategy: 300, EnvironmentNames: ["release", "test"] })).Result).toBe(true);
    expect((await gw.ModifyApiEnvironmentStrategy({ ServiceId: svc, Strategy: 20, EnvironmentName: "prepub", ApiIds: [api] })).Result).toBe(true);
    const s = (await gw.DescribeServiceEnvironmentStrategy({ ServiceId: svc })).Result!;
    expect(s.EnvironmentList?.map((e) => e.Strategy)).toEqual([300, 5000, 300]);
    const a = (await gw.DescribeApiEnvironmentStrategy({ ServiceId: svc, EnvironmentNames: ["prepub"] })).Result!;
    expect(a.ApiEnvironmentStrategySet).toEqual([{ ApiId: api, ApiName: "", Path: "/t", Method: "GET", EnvironmentStrategySet: [{ EnvironmentName: "prepub", Quota: 20 }] }]);
  });

  it.each([
    ["a strategy of 0", () => raw.ModifyServiceEnvironmentStrategy({ ServiceId: svc, Strategy: 0, EnvironmentNames: ["release"] }), "InvalidParameterValue.RangeExceeded", /`Strategy`/],
    ["a strategy above 5000", () => raw.ModifyApiEnvironmentStrategy({ ServiceId: svc, Strategy: 5001, EnvironmentName: "release", ApiIds: [api] }), "InvalidParameterValue.RangeExceeded", /5000/],
    ["an unknown environment", () => raw.ModifyServiceEnvironmentStrategy({ ServiceId: svc, Strategy: 10, EnvironmentNames: ["staging"] }), "InvalidParameterValue.NotInOptions", /`EnvironmentName`/],
    ["an API of another service", () => raw.ModifyApiEnvironmentStrategy({ ServiceId: svc, Strategy: 10, EnvironmentName: "release", ApiIds: ["api-00000000"] }), "ResourceNotFound.InvalidApi", /api-00000000/],
    ["no API ids", () => raw.ModifyApiEnvironmentStrategy({ ServiceId: svc, Strategy: 10, EnvironmentName: "release", ApiIds: [] }), "MissingParameter", /ApiIds/],
  ])("strategies refuse %s", async (_what, run, code, message) => {
    await expectCode(run(), code, message);
  });

  it("usage-plan reads answer empty lists for a service (none can be bound here) and ResourceNotFound.InvalidService for an unknown one", async () => {
    expect((await gw.DescribeServiceUsagePlan({ ServiceId: svc })).Result).toEqual({ TotalCount: 0, ServiceUsagePlanList: [] });
    expect((await gw.DescribeApiUsagePlan({ ServiceId: svc })).Result).toEqual({ TotalCount: 0, ApiUsagePlanList: [] });
    await expectCode(raw.DescribeApiUsagePlan({ ServiceId: "service-00000000" }), "ResourceNotFound.InvalidService");
  });

  it("DeleteApi forgets the API's strategies", async () => {
    await gw.DeleteApi({ ServiceId: svc, ApiId: api });
    expect((await gw.DescribeApiEnvironmentStrategy({ ServiceId: svc })).Result).toEqual({ TotalCount: 0, ApiEnvironmentStrategySet: [] });
  });
});

describe("dedicated instances: ModifyExclusiveInstance and DeleteExclusiveInstance (extension)", () => {
  it("ModifyExclusiveInstance renames the instance and reports the detail", async () => {
    const id = (await gw.CreateExclusiveInstances(instanceRequest(net, ZONE))).Result!;
    const r = await gw.ModifyExclusiveInstance({ InstanceId: id, InstanceName: "renamed", InstanceDescription: "desc" });
    expect(r.Result).toMatchObject({ InstanceId: id, InstanceName: "renamed", InstanceDescription: "desc" });
    expect((await gw.DescribeExclusiveInstanceDetail({ InstanceId: id })).Result).toMatchObject({ InstanceName: "renamed" });
    const listed = (await gw.DescribeExclusiveInstances({ Limit: 10, Offset: 0, Filters: [{ Name: "InstanceId", Values: [id] }] })).Result as unknown as { TotalCount?: number };
    expect(listed.TotalCount).toBe(1);
    await raw.request("DeleteExclusiveInstance", { InstanceId: id });
  });

  it("DeleteExclusiveInstance is refused while a service is on the instance, then removes it", async () => {
    const id = (await gw.CreateExclusiveInstances(instanceRequest(net, ZONE))).Result!;
    const svc = (await gw.CreateService({ ServiceName: channelName("on_instance"), Protocol: "http", InstanceId: id })).ServiceId!;
    await expectCode(raw.request("DeleteExclusiveInstance", { InstanceId: id }), "ResourceInUse", new RegExp(svc));
    await gw.DeleteService({ ServiceId: svc });
    expect(await raw.request("DeleteExclusiveInstance", { InstanceId: id })).toMatchObject({ Result: true });
    await expectCode(raw.DescribeExclusiveInstanceDetail({ InstanceId: id }), "FailedOperation.InstanceNotExist", new RegExp(id));
    await expectCode(raw.request("DeleteExclusiveInstance", { InstanceId: id }), "FailedOperation.InstanceNotExist", new RegExp(id));
  });
});

describe("Tags through the tag product", () => {
  it("a channel's CreateUpstream Tags and a later ModifyResourceTags both show in DescribeUpstreams and the tag product", async () => {
    const tag = sdkClients(port, REGION).tag;
    const u = (await gw.CreateUpstream({ UpstreamName: channelName("tagged"), Scheme: "HTTP", Algorithm: "ROUND-ROBIN", UniqVpcId: net.vpcId, Nodes: [{ Host: "10.41.1.21", Port: 80, Weight: 1 }], Tags: [{ Key: "team", Value: "edge" }] })).UpstreamId!;
    await tag.ModifyResourceTags({ Resource: `qcs::apigateway:${REGION}:uin/:upstreamId/${u}`, ReplaceTags: [{ TagKey: "owner", TagValue: "ops" }] });
    const d = await gw.DescribeUpstreams({ Limit: 10, Offset: 0, Filters: [{ Name: "UpstreamId", Values: [u] }] });
    expect(d.Result?.UpstreamSet?.[0]?.Tags).toEqual(expect.arrayContaining([{ Key: "team", Value: "edge" }, { Key: "owner", Value: "ops" }]));
    await gw.DeleteUpstream({ UpstreamId: u });
    const left = await tag.DescribeResourceTagsByResourceIds({ ServiceType: "apigateway", ResourcePrefix: "upstreamId", ResourceIds: [u], ResourceRegion: REGION });
    expect(left.Tags).toEqual([]);
  });

  it("a bad CreateService tag creates nothing", async () => {
    const before = (await gw.DescribeServicesStatus({ Limit: 100, Offset: 0 })).Result!.TotalCount;
    await expectCode(raw.CreateService({ ServiceName: "badtag", Protocol: "http", Tags: [{ Key: "qcloud:x", Value: "v" }] }), "InvalidParameter.ReservedTagKey");
    expect((await gw.DescribeServicesStatus({ Limit: 100, Offset: 0 })).Result!.TotalCount).toBe(before);
  });
});

describe("response shapes", () => {
  it("the channel actions' replies match their models too", async () => {
    const u = await gw.CreateUpstream({ UpstreamName: channelName("shape"), Scheme: "HTTP", Algorithm: "ROUND-ROBIN", UniqVpcId: net.vpcId, Nodes: [{ Host: "10.41.1.20", Port: 80, Weight: 1 }] });
    await gw.DescribeUpstreams({ Limit: 10, Offset: 0, Filters: [{ Name: "UpstreamId", Values: [u.UpstreamId!] }] });
    await gw.ModifyUpstream({ UpstreamId: u.UpstreamId!, UpstreamDescription: "x" });
    await gw.DescribeUpstreamBindApis({ UpstreamId: u.UpstreamId!, Limit: 10, Offset: 0 });
    await gw.DeleteUpstream({ UpstreamId: u.UpstreamId! });
    const s = (await gw.CreateService({ ServiceName: "shape_end", Protocol: "http" })).ServiceId!;
    await gw.DeleteService({ ServiceId: s });
  });
});

describe("coverage", () => {
  it("every apigateway action the service offers (the generated schema table) had its reply checked above", () => {
    expect([...log.checked.apigateway].sort()).toEqual(Object.keys(SDK_SCHEMAS.apigateway!).sort());
  });
});
