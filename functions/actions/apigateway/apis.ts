// APIs of an API Gateway service (apigateway 2018-08-08): CreateApi, ModifyApi, DescribeApi,
// DeleteApi. An API whose backend is a VPC channel is bound to it (CH3), only on an exclusive
// instance (CH2). The channel learns the binding first, so its delete guard (CH5) errs safe.
import { ApiError } from "../../errors";
import { channelObject, serviceObject } from "../../objects/names";
import type { ApiBackend, ApiRecord, ServiceRecord } from "../../objects/records";
import { withPolicy } from "../../policy/core";
import { SDK_SCHEMAS } from "../../protocol/schemas.generated";
import { isoTime, unwrap, type ActionContext, type ActionDef, type Params } from "../context";
import { apiInfoWire, keptFields } from "./api-fields";
import { loadService } from "./services";
import { loadChannel } from "./channels";

const S = SDK_SCHEMAS.apigateway!;
const V = "2018-08-08";
const METHODS = ["GET", "POST", "PUT", "DELETE", "HEAD", "PATCH", "OPTIONS", "ANY"];
const CHANNEL_TYPES = ["UPSTREAM", "HTTP", "VPC"];

type WireServiceConfig = { Product?: string; UniqVpcId?: string; Url?: string; Path?: string; Method?: string; UpstreamId?: string };

function requestConfig(rc: { Path: string; Method: string }): { path: string; method: string } {
  if (!/^\/[A-Za-z0-9_\-./{}~]*$/.test(rc.Path) || rc.Path.length > 1024) {
    throw new ApiError("InvalidParameterValue.InvalidApiRequestConfig", `The parameter \`RequestConfig.Path\` (${JSON.stringify(rc.Path)}) must start with / and use only URL path characters.`);
  }
  const method = rc.Method.toUpperCase();
  if (!METHODS.includes(method)) throw new ApiError("InvalidParameterValue.InvalidApiRequestConfig", `The parameter \`RequestConfig.Method\` must be one of ${METHODS.join(", ")}.`);
  return { path: rc.Path, method };
}

/** backendPathOf checks ServiceConfig.Path: a URL path (RFC 3986 characters, `{name}` parameters), never CR/LF or spaces. */
function backendPathOf(path: string | undefined): string | undefined {
  if (path === undefined || path === "") return undefined;
  if (path.length > 1024 || !/^\/[A-Za-z0-9\-._~%!$&'()*+,;=:@/{}]*$/.test(path) || /%(?![0-9A-Fa-f]{2})/.test(path)) {
    throw new ApiError("InvalidParameterValue.InvalidBackendPath", `The parameter \`ServiceConfig.Path\` (${JSON.stringify(path)}) must start with / and use only URL path characters.`);
  }
  return path;
}

async function backendOf(p: Params, ctx: ActionContext, service: ServiceRecord): Promise<ApiBackend> {
  const type = (p.ServiceType as string).toUpperCase();
  const sc = (p.ServiceConfig as WireServiceConfig | undefined) ?? {};
  const path = backendPathOf(sc.Path);
  const wantsChannel = sc.UpstreamId !== undefined && (CHANNEL_TYPES.includes(type) || sc.Product === "upstream");
  if ((type === "UPSTREAM" || type === "VPC") && !sc.UpstreamId) {
    throw new ApiError("MissingParameter", "The request is missing a required parameter `ServiceConfig.UpstreamId`: the backend is a VPC channel.");
  }
  if (wantsChannel) {
    const channel = await loadChannel(ctx, sc.UpstreamId!, "ServiceConfig.UpstreamId");
    // CH2 is decided now; CH6 (VPCs joined by a CCN) is decided per call by the data plane.
    const use = await withPolicy((core) =>
      core.channelUse({ gatewayVpcId: service.instanceId ? (service.instanceVpcId ?? "") : null, channelVpcId: channel.channel.vpcId, ccns: [] }),
    );
    if (!use.ok && use.explanation.code === "SHARED_INSTANCE") {
      throw new ApiError(
        "UnsupportedOperation",
        `VPC channels serve only APIs of services on a dedicated instance (rule CH2); the service ${service.serviceId} is on the shared instance.`,
      );
    }
    const method = sc.Method ? requestConfig({ Path: "/", Method: sc.Method }).method : undefined;
    return {
      serviceType: type,
      product: sc.Product ?? "upstream",
      upstreamId: sc.UpstreamId,
      ...(sc.UniqVpcId ? { uniqVpcId: sc.UniqVpcId } : {}),
      ...(path ? { path } : {}),
      ...(method ? { method } : {}),
    };
  }
  if (type === "HTTP") {
    let url: URL | null = null;
    try {
      url = sc.Url ? new URL(sc.Url) : null;
    } catch {
      url = null;
    }
    if (!url || (url.protocol !== "http:" && url.protocol !== "https:")) {
      throw new ApiError("InvalidParameterValue.InvalidServiceConfig", "An HTTP backend needs `ServiceConfig.Url` as http(s)://host[:port], or `ServiceConfig.UpstreamId` for a VPC channel.");
    }
    return { serviceType: type, url: url.origin, ...(sc.Url !== url.origin ? { urlAsSent: sc.Url } : {}), path: path ?? "/", method: sc.Method ? sc.Method.toUpperCase() : undefined };
  }
  if (type === "MOCK") return { serviceType: type, mockReturn: (p.ServiceMockReturnMessage as string | undefined) ?? "" };
  throw new ApiError("InvalidParameterValue.InvalidServiceType", `The ServiceType ${JSON.stringify(p.ServiceType)} is not supported here; use UPSTREAM, VPC or HTTP (with a VPC channel or a URL) or MOCK.`);
}

function timeout(v: unknown): number {
  const n = v as number;
  if (!Number.isInteger(n) || n < 1 || n > 3600) throw new ApiError("InvalidParameterValue.RangeExceeded", `The parameter \`ServiceTimeout\` must be 1 to 3600 seconds; got ${n}.`);
  return n;
}

/** unbindIfUnused drops a channel's binding of an API unless the API (now or released) still sends to it. */
export async function unbindIfUnused(ctx: ActionContext, serviceId: string, apiId: string, channelId: string): Promise<void> {
  if (!(await serviceObject(ctx.env, serviceId).usesChannel(apiId, channelId))) await channelObject(ctx.env, ctx.account, channelId).unbind(apiId);
}

function binding(ctx: ActionContext, service: ServiceRecord, api: ApiRecord) {
  return { apiId: api.apiId, serviceId: service.serviceId, apiName: api.name, serviceName: service.name, bindTime: ctx.now() };
}

async function save(ctx: ActionContext, service: ServiceRecord, api: ApiRecord, previous: ApiRecord | null): Promise<void> {
  const b = api.backend.upstreamId;
  const old = previous?.backend.upstreamId;
  // the channel learns of the API before the API points at it, so its delete guard errs safe
  if (b) unwrap(await channelObject(ctx.env, ctx.account, b).bind(binding(ctx, service, api)));
  const put = await serviceObject(ctx.env, service.serviceId).putApi(api);
  if (!put.ok) {
    if (b && b === old) await channelObject(ctx.env, ctx.account, b).bind(binding(ctx, service, previous!));
    else if (b) await unbindIfUnused(ctx, service.serviceId, api.apiId, b);
    unwrap(put);
  }
  if (old && old !== b) await unbindIfUnused(ctx, service.serviceId, api.apiId, old);
}

async function create(p: Params, ctx: ActionContext) {
  const { service } = await loadService(ctx, p.ServiceId as string);
  if ((p.Protocol as string).toUpperCase() !== "HTTP") throw new ApiError("InvalidParameterValue.NotInOptions", "The parameter `Protocol` must be HTTP (WEBSOCKET is not supported here).");
  const rc = requestConfig(p.RequestConfig as { Path: string; Method: string });
  const now = ctx.now();
  const api: ApiRecord = {
    apiId: ctx.newId("api"),
    name: (p.ApiName as string | undefined) ?? "",
    description: (p.ApiDesc as string | undefined) ?? "",
    protocol: "HTTP",
    ...rc,
    timeoutSeconds: timeout(p.ServiceTimeout),
    backend: await backendOf(p, ctx, service),
    createdAt: now,
    modifiedAt: now,
    fields: keptFields(p),
  };
  await save(ctx, service, api, null);
  return { Result: { ApiId: api.apiId, Path: api.path, Method: api.method, CreatedTime: isoTime(now) } };
}

async function findApi(ctx: ActionContext, serviceId: string, apiId: string) {
  const d = await loadService(ctx, serviceId);
  const api = d.apis.find((a) => a.apiId === apiId);
  if (!api) throw new ApiError("ResourceNotFound.InvalidApi", `The API ${JSON.stringify(apiId)} does not exist in ${serviceId}.`);
  return { service: d.service, api };
}

async function modify(p: Params, ctx: ActionContext) {
  const { service, api: previous } = await findApi(ctx, p.ServiceId as string, p.ApiId as string);
  const api: ApiRecord = {
    ...previous,
    name: (p.ApiName as string | undefined) ?? previous.name,
    description: (p.ApiDesc as string | undefined) ?? previous.description,
    ...requestConfig(p.RequestConfig as { Path: string; Method: string }),
    timeoutSeconds: p.ServiceTimeout !== undefined ? timeout(p.ServiceTimeout) : previous.timeoutSeconds,
    backend: await backendOf(p, ctx, service),
    modifiedAt: ctx.now(),
    // ModifyApi replaces the API's definition (ModifyApiIncrement is Tencent's partial update)
    fields: keptFields(p),
  };
  await save(ctx, service, api, previous);
  return {};
}

async function describe(p: Params, ctx: ActionContext) {
  const d = await loadService(ctx, p.ServiceId as string);
  const api = d.apis.find((a) => a.apiId === p.ApiId);
  if (!api) throw new ApiError("ResourceNotFound.InvalidApi", `The API ${JSON.stringify(p.ApiId)} does not exist in ${d.service.serviceId}.`);
  const environments = d.releases.filter((r) => r.apis.some((a) => a.apiId === api.apiId)).map((r) => r.environment);
  return { Result: apiInfoWire(d.service, api, environments) };
}

async function remove(p: Params, ctx: ActionContext) {
  const { service, api } = await findApi(ctx, p.ServiceId as string, p.ApiId as string);
  await serviceObject(ctx.env, service.serviceId).deleteApi(api.apiId);
  if (api.backend.upstreamId) await unbindIfUnused(ctx, service.serviceId, api.apiId, api.backend.upstreamId);
  return { Result: true };
}

/** API_ACTIONS is the API table (apigateway 2018-08-08). */
export const API_ACTIONS: Record<string, ActionDef> = {
  CreateApi: { product: "apigateway", version: V, shape: S.CreateApi!, handler: create },
  ModifyApi: { product: "apigateway", version: V, shape: S.ModifyApi!, handler: modify },
  DescribeApi: { product: "apigateway", version: V, shape: S.DescribeApi!, handler: describe },
  DeleteApi: { product: "apigateway", version: V, shape: S.DeleteApi!, handler: remove },
};
