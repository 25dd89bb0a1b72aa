// Terraform conformance for the API Gateway resources: each phase (apply, plan, update, destroy)
// replays the calls tencentcloudstack/terraform-provider-tencentcloud makes, transcribed below as
// data from tencentcloud/services/apigateway/resource_tc_api_gateway_{service,api,upstream,
// service_release}.go and the provider's service_tencentcloud_api_gateway.go / TagService. Every
// reply is checked against the SDK's Response model and the paths the provider reads without a
// nil check. Region ap-chongqing's API Gateway resources belong to this file.
import { beforeAll, describe, expect, inject, it } from "vitest";
import { makeVpc } from "../helpers/resources";
import { clients } from "../helpers/sdk";
import { expectCalls, newState, phaseClients, run, tagRead, tagsOf, type State, type Step } from "../helpers/terraform-phases";

const REGION = "ap-chongqing";
const ENVS = ["test", "release", "prepub"]; // API_GATEWAY_SERVICE_ENVS, in the provider's order
const QUOTA_MAX = 5000; // the provider reads a strategy of -1 as QUOTA_MAX

let c: ReturnType<typeof phaseClients>;
let vpcId: string;

beforeAll(async () => {
  const port = inject("devPort");
  c = phaseClients(port, REGION);
  vpcId = await makeVpc(clients(port, REGION).vpc, "10.40.0.0/16");
});

const ag = (action: string, params: Step["params"], more: Partial<Step> = {}): Step => ({ product: "apigateway", action, params, ...more });
const tagWrite = (service: string, prefix: string, idKey: string, replace: (s: State) => Record<string, string>, remove: (s: State) => string[] = () => []): Step => ({
  product: "tag",
  action: "ModifyResourceTags",
  params: (s) => {
    const r = Object.entries(replace(s));
    const d = remove(s);
    if (!r.length && !d.length) return null; // the provider calls ModifyTags only when tags are set or changed
    return {
      Resource: `qcs::${service}:${REGION}:uin/:${prefix}/${s[idKey]}`,
      ...(r.length ? { ReplaceTags: r.map(([TagKey, TagValue]) => ({ TagKey, TagValue })) } : {}),
      ...(d.length ? { DeleteTags: d.map((TagKey) => ({ TagKey })) } : {}),
    };
  },
});
const limit = (v: number) => (v === -1 ? QUOTA_MAX : v);

// ---------------------------------------------------------------- tencentcloud_api_gateway_service
type ServiceConfig = { service_name: string; protocol: string; service_desc: string; net_type: string[]; ip_version: string; release_limit?: number; tags: Record<string, string> };

const SERVICE_READ: Step[] = [
  ag("DescribeService", (s) => ({ ServiceId: s.serviceId }), { gone: ["ResourceNotFound.InvalidService"] }),
  ag("DescribeServiceUsagePlan", (s) => ({ ServiceId: s.serviceId, Limit: 100, Offset: 0 }), { needs: ["Result", "Result.ServiceUsagePlanList.*.UsagePlanId", "Result.ServiceUsagePlanList.*.UsagePlanName"] }),
  ag("DescribeApiUsagePlan", (s) => ({ ServiceId: s.serviceId, Limit: 100, Offset: 0 }), { needs: ["Result", "Result.ApiUsagePlanList.*.UsagePlanId"] }),
  ag("DescribeServiceEnvironmentStrategy", (s) => ({ ServiceId: s.serviceId, Limit: 100, Offset: 0 }), { needs: ["Result.EnvironmentList.*.EnvironmentName", "Result.EnvironmentList.*.Strategy"] }),
  tagRead("apigw", "service", "serviceId", REGION),
];

function serviceSteps(cfg: () => ServiceConfig, old: () => ServiceConfig | null) {
  const strategy = (env: string, key: "release_limit") =>
    ag("ModifyServiceEnvironmentStrategy", () => {
      const v = cfg()[key];
      return v && v !== old()?.[key] ? { ServiceId: serviceState.serviceId, Strategy: v, EnvironmentNames: [env] } : null;
    });
  const tags = tagWrite("apigw", "service", "serviceId", () => Object.fromEntries(Object.entries(cfg().tags).filter(([k, v]) => old()?.tags[k] !== v)), () => Object.keys(old()?.tags ?? {}).filter((k) => !(k in cfg().tags)));
  return {
    apply: [
      ag("CreateService", () => ({ ServiceName: cfg().service_name, Protocol: cfg().protocol, ServiceDesc: cfg().service_desc, IpVersion: cfg().ip_version, NetTypes: cfg().net_type }), {
        needs: ["ServiceId"],
        keep: (r, s) => (s.serviceId = r.ServiceId),
      }),
      ag("DescribeService", (s) => ({ ServiceId: s.serviceId })), // "wait service create ok"
      strategy("release", "release_limit"),
      tags,
      ...SERVICE_READ,
    ],
    update: [
      ag("ModifyService", (s) => ({ ServiceId: s.serviceId, ServiceName: cfg().service_name, Protocol: cfg().protocol, ServiceDesc: cfg().service_desc, NetTypes: cfg().net_type })),
      strategy("release", "release_limit"),
      tags,
      ...SERVICE_READ,
    ],
    destroy: [
      tagWrite("apigw", "service", "serviceId", () => ({}), () => Object.keys(cfg().tags)),
      ...ENVS.map((env) => ag("UnReleaseService", (s) => ({ ServiceId: s.serviceId, EnvironmentName: env }), { needs: ["Result"] })),
      ag("DeleteService", (s) => ({ ServiceId: s.serviceId }), { needs: ["Result"] }),
      ...SERVICE_READ,
    ],
  };
}

/** serviceRead is what resourceTencentCloudAPIGatewayServiceRead sets from the replies. */
function serviceRead(s: State) {
  const d = s.replies.DescribeService!;
  const envs = (s.replies.DescribeServiceEnvironmentStrategy!.Result as { EnvironmentList: { EnvironmentName: string; Strategy: number }[] }).EnvironmentList;
  return {
    service_name: d.ServiceName,
    protocol: d.Protocol,
    service_desc: d.ServiceDesc,
    net_type: [...(d.NetTypes as string[])].sort(),
    ip_version: d.IpVersion,
    release_limit: limit(envs.find((e) => e.EnvironmentName === "release")!.Strategy),
    tags: tagsOf(s),
  };
}

const serviceState = newState();
let serviceCfg: ServiceConfig = { service_name: "tf_service", protocol: "http&https", service_desc: "made by terraform", net_type: ["INNER", "OUTER"], ip_version: "IPv4", release_limit: 500, tags: { team: "edge", env: "ci" } };
let serviceOld: ServiceConfig | null = null;
const service = serviceSteps(() => serviceCfg, () => serviceOld);

describe("tencentcloud_api_gateway_service", () => {
  it("apply: CreateService, then Read finds it as configured", async () => {
    const called = await run(c, service.apply, serviceState);
    expectCalls(called, ["CreateService", "DescribeService", "ModifyServiceEnvironmentStrategy", "ModifyResourceTags", ...SERVICE_READ.map((s) => s.action)]);
    expect(serviceState.gone).toBe(false);
    expect(serviceRead(serviceState)).toEqual({ ...serviceCfg, net_type: [...serviceCfg.net_type].sort() });
  });

  it("plan with no change: Read equals the configuration", async () => {
    await run(c, SERVICE_READ, serviceState);
    expect(serviceRead(serviceState)).toEqual({ ...serviceCfg, net_type: [...serviceCfg.net_type].sort() });
  });

  it("update: ModifyService (and strategy, tags), then the change reads back", async () => {
    serviceOld = serviceCfg;
    serviceCfg = { ...serviceCfg, service_name: "tf_service_2", service_desc: "changed", protocol: "https", release_limit: 800, tags: { team: "edge", owner: "ops" } };
    const called = await run(c, service.update, serviceState);
    expectCalls(called, ["ModifyService", "ModifyServiceEnvironmentStrategy", "ModifyResourceTags", ...SERVICE_READ.map((s) => s.action)]);
    expect(serviceRead(serviceState)).toEqual({ ...serviceCfg, net_type: [...serviceCfg.net_type].sort() });
    serviceOld = serviceCfg;
  });

  it("destroy: UnReleaseService of all three (never released) environments and DeleteService succeed; Read says gone", async () => {
    const called = await run(c, service.destroy, serviceState);
    expectCalls(called, ["ModifyResourceTags", "UnReleaseService", "UnReleaseService", "UnReleaseService", "DeleteService", "DescribeService"]);
    expect(serviceState.gone).toBe(true);
    const tags = await c.tag.DescribeResourceTagsByResourceIds({ ServiceType: "apigw", ResourcePrefix: "service", ResourceIds: [serviceState.serviceId as string], ResourceRegion: REGION });
    expect(tags.Tags).toEqual([]);
  });
});

// ------------------------------------------------------------------ tencentcloud_api_gateway_api
type ApiConfig = {
  api_name: string; api_desc: string; auth_type: string; protocol: string; enable_cors: boolean; request_config_path: string; request_config_method: string;
  request_parameters: { name: string; position: string; type: string; desc: string; default_value: string; required: boolean }[];
  service_config_type: string; service_config_timeout: number; service_config_url: string; service_config_path: string; service_config_method: string;
  response_type: string; response_success_example: string; response_fail_example: string; release_limit?: number;
};

function apiRequest(cfg: ApiConfig, s: State) {
  return {
    ServiceId: s.serviceId,
    ApiName: cfg.api_name,
    ApiDesc: cfg.api_desc,
    ApiType: "NORMAL",
    AuthType: cfg.auth_type,
    Protocol: cfg.protocol,
    EnableCORS: cfg.enable_cors,
    RequestConfig: { Path: cfg.request_config_path, Method: cfg.request_config_method },
    RequestParameters: cfg.request_parameters.map((p) => ({ Name: p.name, Position: p.position, Type: p.type, Required: p.required, Desc: p.desc, DefaultValue: p.default_value })),
    ServiceType: cfg.service_config_type,
    ServiceTimeout: cfg.service_config_timeout,
    ServiceConfig: { Url: cfg.service_config_url, Path: cfg.service_config_path, Method: cfg.service_config_method },
    ResponseType: cfg.response_type,
    ResponseSuccessExample: cfg.response_success_example,
    ResponseFailExample: cfg.response_fail_example,
  };
}

const API_READ: Step[] = [
  ag("DescribeApi", (s) => ({ ServiceId: s.serviceId, ApiId: s.apiId }), { gone: ["ResourceNotFound.InvalidService", "ResourceNotFound.InvalidApi"], needs: ["Result.RequestConfig.Path", "Result.RequestConfig.Method"] }),
  ag("DescribeApiEnvironmentStrategy", (s) => ({ ServiceId: s.serviceId, ApiId: s.apiId, Limit: 100, Offset: 0 }), {
    needs: ["Result.ApiEnvironmentStrategySet.*.EnvironmentStrategySet.*.EnvironmentName", "Result.ApiEnvironmentStrategySet.*.EnvironmentStrategySet.*.Quota"],
  }),
];

/** apiRead is what resourceTencentCloudAPIGatewayAPIRead sets from the replies. */
function apiRead(s: State) {
  const r = s.replies.DescribeApi!.Result as Record<string, any>;
  const set = (s.replies.DescribeApiEnvironmentStrategy!.Result as { ApiEnvironmentStrategySet: { EnvironmentStrategySet: { EnvironmentName: string; Quota: number }[] }[] }).ApiEnvironmentStrategySet;
  return {
    api_name: r.ApiName, api_desc: r.ApiDesc, auth_type: r.AuthType, protocol: r.Protocol, enable_cors: r.EnableCORS,
    request_config_path: r.RequestConfig.Path, request_config_method: r.RequestConfig.Method,
    request_parameters: (r.RequestParameters as Record<string, unknown>[]).map((p) => ({ name: p.Name, position: p.Position, type: p.Type, desc: p.Desc, default_value: p.DefaultValue, required: p.Required })),
    service_config_type: r.ServiceType, service_config_timeout: r.ServiceTimeout,
    service_config_url: r.ServiceConfig.Url, service_config_path: r.ServiceConfig.Path, service_config_method: r.ServiceConfig.Method,
    response_type: r.ResponseType, response_success_example: r.ResponseSuccessExample, response_fail_example: r.ResponseFailExample,
    release_limit: limit(set[0]!.EnvironmentStrategySet.find((e) => e.EnvironmentName === "release")!.Quota),
  };
}

const apiState = newState();
let apiCfg: ApiConfig = {
  api_name: "tf_api", api_desc: "an API", auth_type: "NONE", protocol: "HTTP", enable_cors: true, request_config_path: "/tf/{id}", request_config_method: "GET",
  request_parameters: [{ name: "id", position: "PATH", type: "string", desc: "the id", default_value: "", required: true }, { name: "q", position: "QUERY", type: "int", desc: "page", default_value: "1", required: false }],
  service_config_type: "HTTP", service_config_timeout: 15, service_config_url: "http://10.40.1.10:8080", service_config_path: "/backend/{id}", service_config_method: "GET",
  response_type: "JSON", response_success_example: '{"ok":true}', response_fail_example: '{"ok":false}', release_limit: 100,
};

const apiApply: Step[] = [
  ag("DescribeService", (s) => ({ ServiceId: s.serviceId })),
  ag("CreateApi", (s) => apiRequest(apiCfg, s), { needs: ["Result.ApiId"], keep: (r, s) => (s.apiId = (r.Result as { ApiId: string }).ApiId) }),
  ag("ModifyApiEnvironmentStrategy", (s) => (apiCfg.release_limit ? { ServiceId: s.serviceId, Strategy: apiCfg.release_limit, EnvironmentName: "release", ApiIds: [s.apiId] } : null)),
  ...API_READ,
];
const apiUpdate: Step[] = [ag("ModifyApi", (s) => ({ ...apiRequest(apiCfg, s), ApiId: s.apiId })), ...API_READ];
const apiDestroy: Step[] = [
  ...ENVS.map((env) => ag("ModifyApiEnvironmentStrategy", (s) => ({ ServiceId: s.serviceId, Strategy: -1, EnvironmentName: env, ApiIds: [s.apiId] }))),
  ag("DeleteApi", (s) => ({ ServiceId: s.serviceId, ApiId: s.apiId }), { needs: ["Result"] }),
  ...API_READ,
];

describe("tencentcloud_api_gateway_api", () => {
  beforeAll(async () => {
    apiState.serviceId = (await c.apigateway.CreateService({ ServiceName: "tf_api_host", Protocol: "http" })).ServiceId;
  });

  it("apply: DescribeService, CreateApi, the release limit; Read returns every field as configured", async () => {
    expectCalls(await run(c, apiApply, apiState), ["DescribeService", "CreateApi", "ModifyApiEnvironmentStrategy", "DescribeApi", "DescribeApiEnvironmentStrategy"]);
    expect(apiRead(apiState)).toEqual(apiCfg);
  });

  it("plan with no change: Read equals the configuration", async () => {
    await run(c, API_READ, apiState);
    expect(apiRead(apiState)).toEqual(apiCfg);
  });

  it("update: ModifyApi replaces the definition, and the change reads back", async () => {
    apiCfg = { ...apiCfg, api_desc: "changed", enable_cors: false, request_config_method: "POST", request_parameters: [apiCfg.request_parameters[0]!], service_config_timeout: 30, response_type: "TEXT" };
    expectCalls(await run(c, apiUpdate, apiState), ["ModifyApi", "DescribeApi", "DescribeApiEnvironmentStrategy"]);
    expect(apiRead(apiState)).toEqual(apiCfg);
  });

  it("destroy: the strategies are reset to -1 in the three environments, DeleteApi, and Read says gone", async () => {
    expectCalls(await run(c, apiDestroy, apiState), ["ModifyApiEnvironmentStrategy", "ModifyApiEnvironmentStrategy", "ModifyApiEnvironmentStrategy", "DeleteApi", "DescribeApi"]);
    expect(apiState.gone).toBe(true);
    expect((await c.apigateway.DeleteService({ ServiceId: apiState.serviceId as string })).Result).toBe(true);
  });
});

// ------------------------------------------------------------- tencentcloud_api_gateway_upstream
type HealthConfig = { enable_active_check: boolean; enable_passive_check: boolean; healthy_http_status: string; unhealthy_http_status: string; tcp_failure_threshold: number; timeout_threshold: number; http_failure_threshold: number; unhealthy_timeout: number };
type UpstreamConfig = { upstream_name: string; upstream_description: string; scheme: string; algorithm: string; retries: number; upstream_host: string; upstream_type: string; nodes: { host: string; port: number; weight: number }[]; health_checker: HealthConfig; tags: Record<string, string> };
const healthRequest = (h: HealthConfig) => ({
  EnableActiveCheck: h.enable_active_check, EnablePassiveCheck: h.enable_passive_check, HealthyHttpStatus: h.healthy_http_status, UnhealthyHttpStatus: h.unhealthy_http_status,
  TcpFailureThreshold: h.tcp_failure_threshold, TimeoutThreshold: h.timeout_threshold, HttpFailureThreshold: h.http_failure_threshold, UnhealthyTimeout: h.unhealthy_timeout,
});

const UPSTREAM_READ: Step[] = [
  ag("DescribeUpstreams", (s) => ({ Limit: 100, Offset: 0, Filters: [{ Name: "UpstreamId", Values: [s.upstreamId] }] }), {
    needs: ["Result"],
    keep: (r, s) => (s.gone = ((r.Result as { UpstreamSet: unknown[] }).UpstreamSet ?? []).length === 0),
  }),
  tagRead("apigateway", "upstreamId", "upstreamId", REGION),
];

function upstreamRead(s: State) {
  const u = (s.replies.DescribeUpstreams!.Result as { UpstreamSet: Record<string, any>[] }).UpstreamSet[0]!;
  return {
    upstream_name: u.UpstreamName, upstream_description: u.UpstreamDescription, scheme: u.Scheme, algorithm: u.Algorithm, retries: u.Retries, upstream_host: u.UpstreamHost,
    upstream_type: u.UpstreamType, nodes: (u.Nodes as Record<string, unknown>[]).map((n) => ({ host: n.Host, port: n.Port, weight: n.Weight })),
    health_checker: {
      enable_active_check: u.HealthChecker.EnableActiveCheck, enable_passive_check: u.HealthChecker.EnablePassiveCheck, healthy_http_status: u.HealthChecker.HealthyHttpStatus,
      unhealthy_http_status: u.HealthChecker.UnhealthyHttpStatus, tcp_failure_threshold: u.HealthChecker.TcpFailureThreshold, timeout_threshold: u.HealthChecker.TimeoutThreshold,
      http_failure_threshold: u.HealthChecker.HttpFailureThreshold, unhealthy_timeout: u.HealthChecker.UnhealthyTimeout,
    },
    tags: tagsOf(s),
  };
}

const upstreamState = newState();
let upstreamCfg: UpstreamConfig = { upstream_name: "tf_upstream", upstream_description: "a channel", scheme: "HTTP", algorithm: "ROUND-ROBIN", retries: 3, upstream_host: "backend.internal", upstream_type: "IP_PORT", nodes: [{ host: "10.40.1.5", port: 8080, weight: 10 }],
  health_checker: { enable_active_check: false, enable_passive_check: true, healthy_http_status: "200", unhealthy_http_status: "500,502,503,504", tcp_failure_threshold: 5, timeout_threshold: 5, http_failure_threshold: 3, unhealthy_timeout: 30 },
  tags: { owner: "tf" } };
let upstreamOld: UpstreamConfig | null = null;
const upstreamRequest = (cfg: UpstreamConfig) => ({
  Scheme: cfg.scheme, Algorithm: cfg.algorithm, UniqVpcId: vpcId, UpstreamName: cfg.upstream_name, UpstreamDescription: cfg.upstream_description, UpstreamType: cfg.upstream_type,
  Retries: cfg.retries, UpstreamHost: cfg.upstream_host, Nodes: cfg.nodes.map((n) => ({ Host: n.host, Port: n.port, Weight: n.weight })), HealthChecker: healthRequest(cfg.health_checker),
});
const upstreamTags = tagWrite("apigateway", "upstreamId", "upstreamId", () => Object.fromEntries(Object.entries(upstreamCfg.tags).filter(([k, v]) => upstreamOld?.tags[k] !== v)), () => Object.keys(upstreamOld?.tags ?? {}).filter((k) => !(k in upstreamCfg.tags)));

describe("tencentcloud_api_gateway_upstream", () => {
  it("apply: CreateUpstream, its tags, then Read finds it as configured", async () => {
    const apply = [ag("CreateUpstream", () => upstreamRequest(upstreamCfg), { needs: ["UpstreamId"], keep: (r, s) => (s.upstreamId = r.UpstreamId) }), upstreamTags, ...UPSTREAM_READ];
    expectCalls(await run(c, apply, upstreamState), ["CreateUpstream", "ModifyResourceTags", "DescribeUpstreams", "DescribeResourceTagsByResourceIds"]);
    expect(upstreamRead(upstreamState)).toEqual(upstreamCfg);
  });

  it("plan with no change: Read equals the configuration", async () => {
    await run(c, UPSTREAM_READ, upstreamState);
    expect(upstreamRead(upstreamState)).toEqual(upstreamCfg);
  });

  it("update: ModifyUpstream with the changed fields, and the change reads back", async () => {
    upstreamOld = upstreamCfg;
    upstreamCfg = { ...upstreamCfg, upstream_description: "changed", retries: 5, health_checker: { ...upstreamCfg.health_checker, http_failure_threshold: 10 }, nodes: [{ host: "10.40.1.5", port: 8080, weight: 10 }, { host: "10.40.1.6", port: 8081, weight: 20 }], tags: { owner: "ops" } };
    const update = [
      ag("ModifyUpstream", (s) => ({ UpstreamId: s.upstreamId, UpstreamDescription: upstreamCfg.upstream_description, UpstreamType: upstreamCfg.upstream_type, Retries: upstreamCfg.retries, Nodes: upstreamRequest(upstreamCfg).Nodes, HealthChecker: healthRequest(upstreamCfg.health_checker) })),
      upstreamTags,
      ...UPSTREAM_READ,
    ];
    expectCalls(await run(c, update, upstreamState), ["ModifyUpstream", "ModifyResourceTags", "DescribeUpstreams", "DescribeResourceTagsByResourceIds"]);
    expect(upstreamRead(upstreamState)).toEqual(upstreamCfg);
  });

  it("destroy: DeleteUpstream, and Read finds no channel and no tags", async () => {
    expectCalls(await run(c, [ag("DeleteUpstream", (s) => ({ UpstreamId: s.upstreamId })), ...UPSTREAM_READ], upstreamState), ["DeleteUpstream", "DescribeUpstreams", "DescribeResourceTagsByResourceIds"]);
    expect(upstreamState.gone).toBe(true);
    expect(tagsOf(upstreamState)).toEqual({});
  });
});

// ------------------------------------------------------ tencentcloud_api_gateway_service_release
const releaseState = newState();
const releaseCfg = { environment_name: "prepub", release_desc: "first release" };

const RELEASE_READ: Step[] = [
  ag("DescribeServiceEnvironmentReleaseHistory", (s) => ({ ServiceId: s.serviceId, EnvironmentName: releaseCfg.environment_name, Limit: 100, Offset: 0 }), {
    gone: ["ResourceNotFound.InvalidService"],
    needs: ["Result", "Result.VersionList.*.VersionName"],
  }),
];
const releaseApply: Step[] = [
  ag("DescribeService", (s) => ({ ServiceId: s.serviceId }), { needs: ["ApiTotalCount"] }),
  ag("ReleaseService", (s) => ({ ServiceId: s.serviceId, EnvironmentName: releaseCfg.environment_name, ReleaseDesc: releaseCfg.release_desc }), {
    needs: ["Result.ReleaseVersion"],
    keep: (r, s) => (s.version = (r.Result as { ReleaseVersion: string }).ReleaseVersion),
  }),
  ag("DescribeService", (s) => ({ ServiceId: s.serviceId }), { needs: ["AvailableEnvironments"] }),
  ...RELEASE_READ,
];

function releaseRead(s: State) {
  const list = (s.replies.DescribeServiceEnvironmentReleaseHistory!.Result as { VersionList: { VersionName: string; VersionDesc: string }[] }).VersionList;
  const v = list.find((x) => x.VersionName === s.version);
  return v ? { environment_name: releaseCfg.environment_name, release_desc: v.VersionDesc } : null;
}

describe("tencentcloud_api_gateway_service_release", () => {
  beforeAll(async () => {
    releaseState.serviceId = (await c.apigateway.CreateService({ ServiceName: "tf_release_host", Protocol: "http" })).ServiceId;
    const api = await c.apigateway.CreateApi({ ServiceId: releaseState.serviceId as string, ServiceType: "MOCK", ServiceTimeout: 5, Protocol: "HTTP", RequestConfig: { Path: "/r", Method: "GET" }, ServiceMockReturnMessage: "ok" });
    releaseState.apiId = api.Result!.ApiId;
  });

  it("apply: ReleaseService, the environment is available, and the release history has the version", async () => {
    expectCalls(await run(c, releaseApply, releaseState), ["DescribeService", "ReleaseService", "DescribeService", "DescribeServiceEnvironmentReleaseHistory"]);
    expect(releaseState.replies.DescribeService!.AvailableEnvironments).toContain("prepub");
    expect(releaseRead(releaseState)).toEqual(releaseCfg);
  });

  it("plan with no change: the release history still has the version", async () => {
    await run(c, RELEASE_READ, releaseState);
    expect(releaseRead(releaseState)).toEqual(releaseCfg);
  });

  it("update (ForceNew): UnReleaseService, then a new release reads back with a new version", async () => {
    const first = releaseState.version;
    expectCalls(await run(c, [ag("UnReleaseService", (s) => ({ ServiceId: s.serviceId, EnvironmentName: releaseCfg.environment_name }), { needs: ["Result"] }), ...releaseApply], releaseState), [
      "UnReleaseService", "DescribeService", "ReleaseService", "DescribeService", "DescribeServiceEnvironmentReleaseHistory",
    ]);
    expect(releaseState.version).not.toBe(first);
    expect(releaseRead(releaseState)).toEqual(releaseCfg);
  });

  it("destroy: UnReleaseService, and DescribeService no longer lists the environment", async () => {
    const destroy = [ag("UnReleaseService", (s) => ({ ServiceId: s.serviceId, EnvironmentName: releaseCfg.environment_name }), { needs: ["Result"] }), ag("DescribeService", (s) => ({ ServiceId: s.serviceId }), { gone: ["ResourceNotFound.InvalidService"] })];
    expectCalls(await run(c, destroy, releaseState), ["UnReleaseService", "DescribeService"]);
    expect(releaseState.replies.DescribeService!.AvailableEnvironments).not.toContain("prepub");
    await c.apigateway.DeleteApi({ ServiceId: releaseState.serviceId as string, ApiId: releaseState.apiId as string });
    await c.apigateway.DeleteService({ ServiceId: releaseState.serviceId as string });
  });
});

describe("after every destroy", () => {
  it("nothing of the run is left in the region (DescribeServicesStatus, DescribeUpstreams)", async () => {
    const ids = [serviceState.serviceId, apiState.serviceId, releaseState.serviceId] as string[];
    const s = await c.apigateway.DescribeServicesStatus({ Limit: 100, Offset: 0, Filters: [{ Name: "ServiceId", Values: ids }] });
    expect(s.Result?.TotalCount).toBe(0);
    const u = await c.apigateway.DescribeUpstreams({ Limit: 100, Offset: 0, Filters: [{ Name: "UpstreamId", Values: [upstreamState.upstreamId as string] }] });
    expect(u.Result?.TotalCount).toBe(0);
  });
});
