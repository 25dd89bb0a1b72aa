// Gateway services (apigateway 2018-08-08): CreateService, DescribeService, DeleteService,
// ReleaseService, UnReleaseService. A service created without InstanceId is on the shared instance.
import { ApiError } from "../../errors";
import { gatewayRegistry, serviceObject, upstreamObject } from "../../objects/names";
import type { ServiceRecord } from "../../objects/records";
import { ENVIRONMENTS } from "../../objects/service-object";
import { SDK_SCHEMAS } from "../../protocol/schemas.generated";
import { isoTime, unwrap, type ActionContext, type ActionDef, type Params } from "../context";
import { regionVpc } from "../vpc/views";
import { unbindIfUnused } from "./apis";
import { loadGatewayInstance } from "./instances";

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

function environment(value: string): string {
  if (!(ENVIRONMENTS as readonly string[]).includes(value)) {
    throw new ApiError("InvalidParameterValue.NotInOptions", `The parameter \`EnvironmentName\` must be one of ${ENVIRONMENTS.join(", ")}.`);
  }
  return value;
}

function subDomain(s: ServiceRecord): string {
  return `${s.serviceId}-${s.account}.${s.region}.apigateway.myqcloud.com`;
}

async function create(p: Params, ctx: ActionContext) {
  const protocol = p.Protocol as string;
  if (!["http", "https", "http&https"].includes(protocol)) throw new ApiError("InvalidParameterValue.NotInOptions", "The parameter `Protocol` must be http, https or http&https.");
  const instance = p.InstanceId !== undefined ? await loadGatewayInstance(ctx, p.InstanceId as string) : undefined;
  if (p.UniqVpcId !== undefined) {
    if (!(await regionVpc(ctx, p.UniqVpcId as string))) throw new ApiError("InvalidParameterValue.InvalidVpcConfig", `The VPC ${JSON.stringify(p.UniqVpcId)} does not exist in ${ctx.region}.`);
  }
  const svc: ServiceRecord = {
    serviceId: ctx.newId("service"),
    account: ctx.account,
    region: ctx.region,
    name: p.ServiceName as string,
    description: (p.ServiceDesc as string | undefined) ?? "",
    protocol,
    netTypes: (p.NetTypes as string[] | undefined) ?? ["OUTER"],
    ...(instance ? { instanceId: instance.instanceId, instanceName: instance.name, instanceVpcId: instance.vpcId } : {}),
    ...(p.UniqVpcId ? { vpcId: p.UniqVpcId as string } : {}),
    createdAt: ctx.now(),
  };
  unwrap(await serviceObject(ctx.env, svc.serviceId).init(svc));
  await gatewayRegistry(ctx.env, ctx.account, ctx.region).add("service", svc.serviceId);
  return {
    ServiceId: svc.serviceId,
    ServiceName: svc.name,
    ServiceDesc: svc.description,
    OuterSubDomain: subDomain(svc),
    InnerSubDomain: "",
    CreatedTime: isoTime(svc.createdAt),
    NetTypes: svc.netTypes,
    IpVersion: "IPv4",
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
    ModifiedTime: isoTime(s.createdAt),
    NetTypes: s.netTypes,
    InternalSubDomain: "",
    OuterSubDomain: subDomain(s),
    InnerHttpPort: 0,
    InnerHttpsPort: 0,
    ApiTotalCount: d.apis.length,
    ApiIdStatusSet: d.apis.map((a) => ({ ServiceId: s.serviceId, ApiId: a.apiId, ApiName: a.name, Path: a.path, Method: a.method, Protocol: a.protocol, CreatedTime: isoTime(a.createdAt), ModifiedTime: isoTime(a.modifiedAt) })),
    UsagePlanTotalCount: 0,
    UsagePlanList: [],
    IpVersion: "IPv4",
    Tags: [],
    InstanceId: s.instanceId ?? "",
    InstanceName: s.instanceName ?? "",
    SetType: s.instanceId ? "exclusive" : "shared",
    DeploymentType: s.instanceId ? "exclusive" : "shared",
    UniqVpcId: s.vpcId ?? s.instanceVpcId ?? "",
  };
}

async function remove(p: Params, ctx: ActionContext) {
  const id = p.ServiceId as string;
  await loadService(ctx, id);
  const gone = unwrap(await serviceObject(ctx.env, id).destroy(id));
  for (const a of gone.apis) if (a.backend.upstreamId) await upstreamObject(ctx.env, ctx.account, a.backend.upstreamId).unbind(a.apiId);
  await gatewayRegistry(ctx.env, ctx.account, ctx.region).remove("service", id);
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
  const was = await serviceObject(ctx.env, p.ServiceId as string).unrelease(env);
  if (!was) throw new ApiError("FailedOperation", `The service ${p.ServiceId} is not released to ${env}.`);
  for (const a of was) if (a.backend.upstreamId) await unbindIfUnused(ctx, p.ServiceId as string, a.apiId, a.backend.upstreamId);
  return { Result: true };
}

/** SERVICE_ACTIONS is the service table (apigateway 2018-08-08). */
export const SERVICE_ACTIONS: Record<string, ActionDef> = {
  CreateService: { product: "apigateway", version: V, shape: S.CreateService!, handler: create },
  DescribeService: { product: "apigateway", version: V, shape: S.DescribeService!, handler: describe },
  DeleteService: { product: "apigateway", version: V, shape: S.DeleteService!, handler: remove },
  ReleaseService: { product: "apigateway", version: V, shape: S.ReleaseService!, handler: release },
  UnReleaseService: { product: "apigateway", version: V, shape: S.UnReleaseService!, handler: unrelease },
};
