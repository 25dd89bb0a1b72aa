// Service listings and release history (apigateway 2018-08-08): DescribeServicesStatus,
// DescribeApisStatus, DescribeServiceSubDomains, DescribeServiceEnvironmentList,
// DescribeServiceReleaseVersion, DescribeServiceEnvironmentReleaseHistory, UpdateService.
import { ApiError } from "../../errors";
import { apiGatewayRegistry, channelObject, serviceObject } from "../../objects/names";
import type { ReleaseRecord, ServiceRecord } from "../../objects/records";
import { ENVIRONMENTS } from "../../objects/service-object";
import { SDK_SCHEMAS } from "../../protocol/schemas.generated";
import { filterMap, isoTime, matches, page, unwrap, type ActionContext, type ActionDef, type Params } from "../context";
import { apisStatusWire } from "./api-fields";
import { unbindIfUnused } from "./apis";
import { tagSetsOf } from "../tag/tags";
import { environment, loadService, SERVICE_TAGS, subDomain } from "./services";
import { mapLimit } from "../fan-out";

const S = SDK_SCHEMAS.apigateway!;
const V = "2018-08-08";
const FILTER_CODE = "InvalidParameterValue.InvalidFilterNotSupportedName";

function serviceWire(s: ServiceRecord, releases: ReleaseRecord[], tags: { Key: string; Value: string }[]) {
  return {
    InnerHttpsPort: 0,
    ServiceDesc: s.description,
    Protocol: s.protocol,
    ModifiedTime: isoTime(s.modifiedAt ?? s.createdAt),
    NetTypes: s.netTypes,
    ExclusiveSetName: "",
    ServiceId: s.serviceId,
    IpVersion: s.ipVersion ?? "IPv4",
    AvailableEnvironments: releases.map((r) => r.environment),
    ServiceName: s.name,
    OuterSubDomain: subDomain(s),
    CreatedTime: isoTime(s.createdAt),
    InnerHttpPort: 0,
    InnerSubDomain: "",
    TradeIsolateStatus: 0,
    Tags: tags,
    InstanceId: s.instanceId ?? "",
    SetType: s.instanceId ? "exclusive" : "shared",
    DeploymentType: s.instanceId ? "exclusive" : "shared",
  };
}

async function servicesStatus(p: Params, ctx: ActionContext) {
  const f = filterMap(p.Filters, ["ServiceId", "ServiceName", "IpVersion", "InstanceId"], FILTER_CODE);
  const { offset, limit } = page(p.Offset, p.Limit);
  const ids = await apiGatewayRegistry(ctx.env, ctx.account, ctx.region).ids("service");
  const all = (await mapLimit(ids, (id) => serviceObject(ctx.env, id).describe())).filter(
    (d): d is NonNullable<typeof d> =>
      d !== null &&
      matches(f, "ServiceId", d.service.serviceId) &&
      matches(f, "ServiceName", d.service.name) &&
      matches(f, "IpVersion", d.service.ipVersion ?? "IPv4") &&
      matches(f, "InstanceId", d.service.instanceId ?? ""),
  );
  const shown = all.slice(offset, offset + limit);
  const tags = await tagSetsOf(ctx, ...SERVICE_TAGS, shown.map((d) => d.service.serviceId));
  return { Result: { TotalCount: all.length, ServiceSet: shown.map((d) => serviceWire(d.service, d.releases, tags.get(d.service.serviceId) ?? [])) } };
}

function has(filters: Map<string, string[]>, name: string, value: string): boolean {
  const want = filters.get(name);
  return !want || want.some((w) => value.toLowerCase().includes(w.toLowerCase()));
}

async function apisStatus(p: Params, ctx: ActionContext) {
  const d = await loadService(ctx, p.ServiceId as string);
  const f = filterMap(p.Filters, ["ApiId", "ApiName", "ApiPath", "ApiType", "AuthType"], FILTER_CODE);
  const { offset, limit } = page(p.Offset, p.Limit);
  const rows = [...d.apis]
    .sort((a, b) => a.createdAt - b.createdAt || (a.apiId < b.apiId ? -1 : 1))
    .map((a) => apisStatusWire(d.service, a))
    .filter((a) => matches(f, "ApiId", a.ApiId) && has(f, "ApiName", a.ApiName) && has(f, "ApiPath", a.Path) && matches(f, "ApiType", a.ApiType) && matches(f, "AuthType", a.AuthType));
  return { Result: { TotalCount: rows.length, ApiIdStatusSet: rows.slice(offset, offset + limit) } };
}

async function subDomains(p: Params, ctx: ActionContext) {
  await loadService(ctx, p.ServiceId as string);
  page(p.Offset, p.Limit);
  // custom domains are bound with BindSubDomain, which this service does not offer: none exist
  return { Result: { TotalCount: 0, DomainSet: [] } };
}

/** environmentRows reports the three environments of a service with their release state. */
export function environmentRows(s: ServiceRecord, releases: ReleaseRecord[]) {
  return ENVIRONMENTS.map((env) => {
    const r = releases.find((x) => x.environment === env);
    return { EnvironmentName: env, Url: `${subDomain(s)}/${env}`, Status: r ? 1 : 0, VersionName: r?.version ?? "", release: r };
  });
}

async function environmentList(p: Params, ctx: ActionContext) {
  const d = await loadService(ctx, p.ServiceId as string);
  const { offset, limit } = page(p.Offset, p.Limit);
  const rows = environmentRows(d.service, d.releases).map(({ release, ...e }) => ({ ...e, CreateTime: release ? isoTime(release.releasedAt) : "" }));
  return { Result: { TotalCount: rows.length, EnvironmentList: rows.slice(offset, offset + limit) } };
}

async function history(ctx: ActionContext, serviceId: string) {
  const d = await loadService(ctx, serviceId);
  const l = await serviceObject(ctx.env, serviceId).lifecycle();
  return { d, history: [...(l?.history ?? [])].reverse() };
}

async function releaseVersions(p: Params, ctx: ActionContext) {
  const { history: h } = await history(ctx, p.ServiceId as string);
  const { offset, limit } = page(p.Offset, p.Limit);
  const seen = new Set<string>();
  const rows = h.filter((r) => !seen.has(r.version) && seen.add(r.version)).map((r) => ({ VersionName: r.version, VersionDesc: r.description }));
  return { Result: { TotalCount: rows.length, VersionList: rows.slice(offset, offset + limit) } };
}

async function releaseHistory(p: Params, ctx: ActionContext) {
  const env = p.EnvironmentName !== undefined ? environment(p.EnvironmentName as string) : undefined;
  const { history: h } = await history(ctx, p.ServiceId as string);
  const { offset, limit } = page(p.Offset, p.Limit);
  const rows = h.filter((r) => !env || r.environment === env).map((r) => ({ VersionName: r.version, VersionDesc: r.description, ReleaseTime: isoTime(r.releasedAt) }));
  return { Result: { TotalCount: rows.length, VersionList: rows.slice(offset, offset + limit) } };
}

async function updateService(p: Params, ctx: ActionContext) {
  const env = environment(p.EnvironmentName as string);
  const d = await loadService(ctx, p.ServiceId as string);
  const svc = serviceObject(ctx.env, d.service.serviceId);
  const target = (await svc.lifecycle())?.history.find((h) => h.version === p.VersionName);
  if (!target) throw new ApiError("InvalidParameterValue", `The parameter \`VersionName\` (${JSON.stringify(p.VersionName)}) is not a release version of ${d.service.serviceId}.`);
  // the version's channels learn of their APIs again before the release points at them (CH5)
  for (const a of target.apis) {
    if (a.backend.upstreamId) {
      unwrap(await channelObject(ctx.env, ctx.account, a.backend.upstreamId).bind({ apiId: a.apiId, serviceId: d.service.serviceId, apiName: a.name, serviceName: d.service.name, bindTime: ctx.now() }));
    }
  }
  const before = d.releases.find((r) => r.environment === env);
  unwrap(await svc.switchVersion(env, target.version, ctx.now()));
  for (const a of before?.apis ?? []) if (a.backend.upstreamId) await unbindIfUnused(ctx, d.service.serviceId, a.apiId, a.backend.upstreamId);
  return { Result: true };
}

/** SERVICE_READ_ACTIONS lists services, APIs, environments and releases (apigateway 2018-08-08). */
export const SERVICE_READ_ACTIONS: Record<string, ActionDef> = {
  DescribeServicesStatus: { product: "apigateway", version: V, shape: S.DescribeServicesStatus!, handler: servicesStatus },
  DescribeApisStatus: { product: "apigateway", version: V, shape: S.DescribeApisStatus!, handler: apisStatus },
  DescribeServiceSubDomains: { product: "apigateway", version: V, shape: S.DescribeServiceSubDomains!, handler: subDomains },
  DescribeServiceEnvironmentList: { product: "apigateway", version: V, shape: S.DescribeServiceEnvironmentList!, handler: environmentList },
  DescribeServiceReleaseVersion: { product: "apigateway", version: V, shape: S.DescribeServiceReleaseVersion!, handler: releaseVersions },
  DescribeServiceEnvironmentReleaseHistory: { product: "apigateway", version: V, shape: S.DescribeServiceEnvironmentReleaseHistory!, handler: releaseHistory },
  UpdateService: { product: "apigateway", version: V, shape: S.UpdateService!, handler: updateService },
};
