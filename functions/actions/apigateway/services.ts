// API Gateway services (apigateway 2018-08-08): CreateService, DescribeService, ModifyService,
// DeleteService, ReleaseService, UnReleaseService. A service created without InstanceId is on the shared instance.
import { ApiError } from "../../errors";
import { apiGatewayRegistry, channelObject, serviceObject } from "../../objects/names";
import type { ServiceRecord } from "../../objects/records";
import { ENVIRONMENTS } from "../../objects/service-object";
import { SDK_SCHEMAS } from "../../protocol/schemas.generated";
import { isoTime, unwrap, type ActionContext, type ActionDef, type Params } from "../context";
import { checkCreateTags, dropTags, saveTags, tagSetsOf } from "../tag/tags";
import { regionVpc } from "../vpc/views";
import { apiIdStatusWire } from "./api-fields";
import { unbindIfUnused } from "./apis";
import { loadExclusiveInstance } from "./exclusive-instances";

const S = SDK_SCHEMAS.apigateway!;
const V = "2018-08-08";

/** loadService reports a service of the caller's account and region, or throws InvalidService. */
export async function loadService(ctx: ActionContext, id: string) {
  const d = /^service-[a-z0-9]{8}$/.test(id) ? await serviceObject(ctx.env, id).describe() : null;
  if (!d || d.service.account !== ctx.account || d.service.region !== ctx.region) {
    throw new ApiError("ResourceNotFound.InvalidService", `The service ${JSON.stringify(id)} does not exist in ${ctx.region}.`);
  }
  return d;
}

/** environment reports an environment name, or throws NotInOptions. */
export function environment(value: string): string {
  if (!(ENVIRONMENTS as readonly string[]).includes(value)) {
    throw new ApiError("InvalidParameterValue.NotInOptions", `The parameter \`EnvironmentName\` must be one of ${ENVIRONMENTS.join(", ")}.`);
  }
  return value;
}

/** subDomain reports the service's default (outer) host name. */
export function subDomain(s: ServiceRecord): string {
  return `${s.serviceId}-${s.account}.${s.region}.apigateway.myqcloud.com`;
}

/** A service's tag resource name is qcs::apigw:<region>:uin/<account>:service/<id>, as Terraform writes it. */
export const SERVICE_TAGS = ["apigw", "service"] as const;

const PROTOCOLS = ["http", "https", "http&https"];
const NET_TYPES = ["INNER", "OUTER"];

function protocolOf(value: string): string {
  if (!PROTOCOLS.includes(value)) throw new ApiError("InvalidParameterValue.NotInOptions", "The parameter `Protocol` must be http, https or http&https.");
  return value;
}

function netTypesOf(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  const list = [...new Set(value as string[])];
  for (const [i, t] of list.entries()) {
    if (!NET_TYPES.includes(t)) throw new ApiError("InvalidParameterValue.NotInOptions", `The parameter \`NetTypes.${i}\` must be INNER or OUTER; got ${JSON.stringify(t)}.`);
  }
  return list;
}

async function checkServiceVpc(ctx: ActionContext, vpcId: unknown): Promise<void> {
  if (vpcId !== undefined && !(await regionVpc(ctx, vpcId as string))) {
    throw new ApiError("InvalidParameterValue.InvalidVpcConfig", `The VPC ${JSON.stringify(vpcId)} does not exist in ${ctx.region}.`);
  }
}

async function create(p: Params, ctx: ActionContext) {
  const protocol = protocolOf(p.Protocol as string);
  const ipVersion = (p.IpVersion as string | undefined) ?? "IPv4";
  if (ipVersion !== "IPv4" && ipVersion !== "IPv6") throw new ApiError("InvalidParameterValue.NotInOptions", "The parameter `IpVersion` must be IPv4 or IPv6.");
  const instance = p.InstanceId !== undefined ? await loadExclusiveInstance(ctx, p.InstanceId as string) : undefined;
  await checkServiceVpc(ctx, p.UniqVpcId);
  const tags = p.Tags as { Key: string; Value?: string }[] | undefined;
  const tagPairs = await checkCreateTags(ctx, tags);
  const svc: ServiceRecord = {
    serviceId: ctx.newId("service"),
    account: ctx.account,
    region: ctx.region,
    name: p.ServiceName as string,
    description: (p.ServiceDesc as string | undefined) ?? "",
    protocol,
    netTypes: netTypesOf(p.NetTypes) ?? ["OUTER"],
    ipVersion,
    ...(instance ? { instanceId: instance.instanceId, instanceName: instance.name, instanceVpcId: instance.vpcId } : {}),
    ...(p.UniqVpcId ? { vpcId: p.UniqVpcId as string } : {}),
    createdAt: ctx.now(),
  };
  unwrap(await serviceObject(ctx.env, svc.serviceId).init(svc));
  await apiGatewayRegistry(ctx.env, ctx.account, ctx.region).add("service", svc.serviceId);
  await saveTags(ctx, ...SERVICE_TAGS, svc.serviceId, tagPairs);
  return {
    ServiceId: svc.serviceId,
    ServiceName: svc.name,
    ServiceDesc: svc.description,
    OuterSubDomain: subDomain(svc),
    InnerSubDomain: "",
    CreatedTime: isoTime(svc.createdAt),
    NetTypes: svc.netTypes,
    IpVersion: ipVersion,
  };
}

async function describe(p: Params, ctx: ActionContext) {
  const d = await loadService(ctx, p.ServiceId as string);
  const s = d.service;
  return {
    ServiceId: s.serviceId,
    AvailableEnvironments: d.releases.map((r) => r.environment),
    ServiceName: s.name,
    ServiceDesc: s.description,
    Protocol: s.protocol,
    CreatedTime: isoTime(s.createdAt),
    ModifiedTime: isoTime(s.modifiedAt ?? s.createdAt),
    NetTypes: s.netTypes,
    InternalSubDomain: "",
    OuterSubDomain: subDomain(s),
    InnerHttpPort: 0,
    InnerHttpsPort: 0,
    ApiTotalCount: d.apis.length,
    ApiIdStatusSet: d.apis.map((a) => apiIdStatusWire(s, a)),
    UsagePlanTotalCount: 0,
    UsagePlanList: [],
    IpVersion: s.ipVersion ?? "IPv4",
    Tags: (await tagSetsOf(ctx, ...SERVICE_TAGS, [s.serviceId])).get(s.serviceId) ?? [],
    InstanceId: s.instanceId ?? "",
    InstanceName: s.instanceName ?? "",
    SetType: s.instanceId ? "exclusive" : "shared",
    DeploymentType: s.instanceId ? "exclusive" : "shared",
    UniqVpcId: s.vpcId ?? s.instanceVpcId ?? "",
  };
}

async function modify(p: Params, ctx: ActionContext) {
  const { service } = await loadService(ctx, p.ServiceId as string);
  const netTypes = netTypesOf(p.NetTypes);
  const dropped = netTypes ? service.netTypes.filter((t) => !netTypes.includes(t)) : [];
  if (dropped.length) throw new ApiError("UnsupportedOperation.ReduceNetTypes", `The service ${service.serviceId} cannot drop the network type(s) ${dropped.join(", ")}.`);
  await checkServiceVpc(ctx, p.UniqVpcId);
  const patch = {
    ...(p.ServiceName !== undefined ? { name: p.ServiceName as string } : {}),
    ...(p.ServiceDesc !== undefined ? { description: p.ServiceDesc as string } : {}),
    ...(p.Protocol !== undefined ? { protocol: protocolOf(p.Protocol as string) } : {}),
    ...(netTypes ? { netTypes } : {}),
    ...(p.UniqVpcId !== undefined ? { vpcId: p.UniqVpcId as string } : {}),
  };
  if (!(await serviceObject(ctx.env, service.serviceId).modify(patch, ctx.now()))) throw new ApiError("ResourceNotFound.InvalidService", `The service ${service.serviceId} does not exist.`);
  return {};
}

async function remove(p: Params, ctx: ActionContext) {
  const id = p.ServiceId as string;
  await loadService(ctx, id);
  const gone = unwrap(await serviceObject(ctx.env, id).destroy(id));
  for (const a of gone.apis) if (a.backend.upstreamId) await channelObject(ctx.env, ctx.account, a.backend.upstreamId).unbind(a.apiId);
  await apiGatewayRegistry(ctx.env, ctx.account, ctx.region).remove("service", id);
  await dropTags(ctx, ...SERVICE_TAGS, id);
  return { Result: true };
}

async function release(p: Params, ctx: ActionContext) {
  await loadService(ctx, p.ServiceId as string);
  const r = await serviceObject(ctx.env, p.ServiceId as string).release(environment(p.EnvironmentName as string), p.ReleaseDesc as string, ctx.now());
  if (!r) throw new ApiError("ResourceNotFound.InvalidService", `The service ${p.ServiceId} does not exist.`);
  return { Result: { ReleaseDesc: r.description, ReleaseVersion: r.version } };
}

async function unrelease(p: Params, ctx: ActionContext) {
  await loadService(ctx, p.ServiceId as string);
  const env = environment(p.EnvironmentName as string);
  // Tencent answers Result true for an environment that is not released (Terraform's destroy
  // unreleases all three environments and needs that), so an unreleased environment is a no-op
  const was = (await serviceObject(ctx.env, p.ServiceId as string).unrelease(env)) ?? [];
  for (const a of was) if (a.backend.upstreamId) await unbindIfUnused(ctx, p.ServiceId as string, a.apiId, a.backend.upstreamId);
  return { Result: true };
}

/** SERVICE_ACTIONS is the service table (apigateway 2018-08-08). */
export const SERVICE_ACTIONS: Record<string, ActionDef> = {
  CreateService: { product: "apigateway", version: V, shape: S.CreateService!, handler: create },
  DescribeService: { product: "apigateway", version: V, shape: S.DescribeService!, handler: describe },
  ModifyService: { product: "apigateway", version: V, shape: S.ModifyService!, handler: modify },
  DeleteService: { product: "apigateway", version: V, shape: S.DeleteService!, handler: remove },
  ReleaseService: { product: "apigateway", version: V, shape: S.ReleaseService!, handler: release },
  UnReleaseService: { product: "apigateway", version: V, shape: S.UnReleaseService!, handler: unrelease },
};
