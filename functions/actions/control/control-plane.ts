// The control plane for tests (extension actions, vpc 2017-03-12, signed like any call):
// ResetState forgets everything of the caller's account (or one region); SeedNetworkPlan builds a
// region from a plan document (version 1) in one call, through the same actions a client would use
// (load balancers excepted: the live service keeps none).
import { ApiError } from "../../errors";
import { apiGatewayRegistry, ccnRegistry, firewallRegistry, regionDirectory, tagRegistry, vpcObject } from "../../objects/names";
import { checkPlanShape, type NetworkPlan, type PlanRule } from "../../../policy-core/bindings/plan-doc";
import { REGIONS } from "../../protocol/regions";
import { checkShape, type Shape } from "../../protocol/schema";
import type { ActionContext, ActionDef, Params } from "../context";
import { ACTIONS } from "../registry";

const V = "2017-03-12";

/**
 * wipeRegion forgets every resource of one account in one region. The region's directory and
 * API Gateway registry wipe the objects they list themselves, so this request makes a few calls only.
 */
async function wipeRegion(ctx: ActionContext, region: string): Promise<void> {
  const { env, account } = ctx;
  const dir = regionDirectory(env, account, region);
  while ((await dir.wipe()) > 0);
  await firewallRegistry(env, account, region).wipe();
  await apiGatewayRegistry(env, account, region).wipe(account);
}

async function resetState(p: Params, ctx: ActionContext) {
  const scope = (p.Scope as string | undefined) ?? "ACCOUNT";
  if (scope !== "ACCOUNT" && scope !== "REGION") throw new ApiError("InvalidParameterValue.NotInOptions", "The parameter `Scope` must be ACCOUNT or REGION.");
  const regions = scope === "REGION" ? [ctx.region] : [...REGIONS];
  for (const r of regions) await wipeRegion(ctx, r);
  await ccnRegistry(ctx.env, ctx.account).wipe(scope === "REGION" ? ctx.region : undefined);
  await tagRegistry(ctx.env, ctx.account).reset(scope === "REGION" ? ctx.region : undefined);
  return { Scope: scope, Regions: regions };
}

/** invoke runs one action as a client call would (its parameter shape checked), under a fresh request id. */
async function invoke(ctx: ActionContext, product: string, action: string, params: Record<string, unknown>, at: string): Promise<Record<string, unknown>> {
  const def = ACTIONS[action]!.find((d) => d.product === product)!;
  try {
    return await def.handler(checkShape(params, def.shape, "json"), { ...ctx, requestId: crypto.randomUUID() });
  } catch (e) {
    if (e instanceof ApiError) throw new ApiError(e.code, `${at}: ${e.message}`);
    throw e;
  }
}

const wireRule = (r: PlanRule, descriptionField: "PolicyDescription" | "Description") => ({
  Action: r.action, Protocol: r.protocol, ...(r.port !== undefined ? { Port: r.port } : {}), CidrBlock: r.cidr,
  ...(r.description !== undefined ? { [descriptionField]: r.description } : {}),
});

/** refuseUnmodelled throws for the parts of a plan the live service cannot hold. */
function refuseUnmodelled(plan: NetworkPlan, region: string): void {
  if (plan.region !== undefined && plan.region !== region) throw new ApiError("InvalidParameterValue", `Plan.region is ${plan.region}, but the call is for ${region}.`);
  if ((plan.loadBalancers ?? []).length) throw new ApiError("UnsupportedOperation", "Plan.loadBalancers: the live service keeps no load balancers; seed the plan without them.");
  (plan.gatewayInstances ?? []).forEach((g, i) => {
    if (!(plan.subnets ?? []).some((s) => s.vpcId === g.vpcId)) {
      throw new ApiError("InvalidParameterValue", `Plan.gatewayInstances[${i}]: a dedicated instance is created in a subnet; the plan has none in ${g.vpcId}.`);
    }
  });
  plan.vpcs.forEach((v, i) => {
    if ((v.region ?? region) !== region) throw new ApiError("InvalidParameterValue", `Plan.vpcs[${i}].region is ${v.region}; a seed builds one region (${region}).`);
    if (v.cidrs.length !== 1) throw new ApiError("UnsupportedOperation", `Plan.vpcs[${i}].cidrs: the live service keeps one CIDR per VPC.`);
  });
  (plan.routeTables ?? []).forEach((t, i) => {
    if (t.main === false) throw new ApiError("UnsupportedOperation", `Plan.routeTables[${i}]: the live service keeps one (main) route table per VPC.`);
  });
  (plan.instances ?? []).forEach((x, i) => {
    if ((x.region ?? region) !== region) throw new ApiError("InvalidParameterValue", `Plan.instances[${i}].region is ${x.region}; a seed builds one region (${region}).`);
  });
}

/**
 * LiveIds maps each plan object to the id its create call gave it, per plan list: a plan's ids are
 * unique within their list only and may be any string (`__proto__` included), so one Map a list.
 */
class LiveIds {
  private readonly lists = new Map<string, Map<string, string>>();

  set(list: string, planId: string, id: string): void {
    if (!this.lists.has(list)) this.lists.set(list, new Map());
    this.lists.get(list)!.set(planId, id);
  }

  get(list: string, planId: string): string {
    const id = this.lists.get(list)?.get(planId);
    if (id === undefined) throw new ApiError("InvalidParameterValue", `Plan.${list}: ${planId} was not created before it is used.`);
    return id;
  }

  entries(): { List: string; PlanId: string; Id: string }[] {
    return [...this.lists].flatMap(([List, m]) => [...m].map(([PlanId, Id]) => ({ List, PlanId, Id })));
  }
}

/** seed creates the plan's objects in dependency order and reports each one's live id. */
async function seed(plan: NetworkPlan, ctx: ActionContext): Promise<LiveIds> {
  const ids = new LiveIds();
  for (const [i, v] of plan.vpcs.entries()) {
    const r = await invoke(ctx, "vpc", "CreateVpc", { VpcName: v.name ?? v.id, CidrBlock: v.cidrs[0] }, `Plan.vpcs[${i}]`);
    ids.set("vpcs", v.id, (r.Vpc as { VpcId: string }).VpcId);
  }
  for (const [i, t] of (plan.routeTables ?? []).entries()) {
    const d = await vpcObject(ctx.env, ctx.account, ids.get("vpcs", t.vpcId)).describe();
    if (!d) throw new ApiError("ResourceNotFound", `Plan.routeTables[${i}]: the VPC ${t.vpcId} is gone.`);
    ids.set("routeTables", t.id, d.vpc.routeTableId);
    if (!t.routes.length) continue;
    const routes = t.routes.map((r) => ({ DestinationCidrBlock: r.destination, GatewayType: r.gatewayType, GatewayId: r.gatewayId ?? `${r.gatewayType.toLowerCase()}-gw` }));
    await invoke(ctx, "vpc", "CreateRoutes", { RouteTableId: d.vpc.routeTableId, Routes: routes }, `Plan.routeTables[${i}]`);
  }
  for (const [i, s] of (plan.subnets ?? []).entries()) {
    const r = await invoke(ctx, "vpc", "CreateSubnet", { VpcId: ids.get("vpcs", s.vpcId), SubnetName: s.name ?? s.id, CidrBlock: s.cidr, Zone: s.zone ?? `${ctx.region}-1` }, `Plan.subnets[${i}]`);
    ids.set("subnets", s.id, (r.Subnet as { SubnetId: string }).SubnetId);
  }
  for (const [i, g] of (plan.securityGroups ?? []).entries()) {
    const r = await invoke(ctx, "vpc", "CreateSecurityGroup", { GroupName: g.name ?? g.id, GroupDescription: "" }, `Plan.securityGroups[${i}]`);
    const id = (r.SecurityGroup as { SecurityGroupId: string }).SecurityGroupId;
    ids.set("securityGroups", g.id, id);
    const set = { ...(g.ingress.length ? { Ingress: g.ingress.map((x) => wireRule(x, "PolicyDescription")) } : {}), ...(g.egress.length ? { Egress: g.egress.map((x) => wireRule(x, "PolicyDescription")) } : {}) };
    if (g.ingress.length || g.egress.length) await invoke(ctx, "vpc", "ModifySecurityGroupPolicies", { SecurityGroupId: id, SecurityGroupPolicySet: set }, `Plan.securityGroups[${i}]`);
  }
  for (const [i, a] of (plan.networkAcls ?? []).entries()) {
    const r = await invoke(ctx, "vpc", "CreateNetworkAcl", { VpcId: ids.get("vpcs", a.vpcId), NetworkAclName: a.name ?? a.id }, `Plan.networkAcls[${i}]`);
    const id = (r.NetworkAcl as { NetworkAclId: string }).NetworkAclId;
    ids.set("networkAcls", a.id, id);
    const set = { Ingress: a.inbound.map((x) => wireRule(x, "Description")), Egress: a.outbound.map((x) => wireRule(x, "Description")) };
    await invoke(ctx, "vpc", "ModifyNetworkAclEntries", { NetworkAclId: id, NetworkAclEntrySet: set }, `Plan.networkAcls[${i}]`);
    const subnets = (plan.subnets ?? []).filter((s) => s.networkAclId === a.id).map((s) => ids.get("subnets", s.id));
    if (subnets.length) await invoke(ctx, "vpc", "AssociateNetworkAclSubnets", { NetworkAclId: id, SubnetIds: subnets }, `Plan.networkAcls[${i}]`);
  }
  for (const [i, x] of (plan.instances ?? []).entries()) {
    const at = `Plan.instances[${i}]`;
    const subnet = x.network === "vpc" ? (plan.subnets ?? []).find((s) => s.id === x.subnetId) : undefined;
    if (x.network === "vpc" && !subnet) throw new ApiError("InvalidParameterValue", `${at}: a VPC instance needs its subnetId.`);
    const params: Record<string, unknown> = {
      Placement: { Zone: subnet?.zone ?? `${ctx.region}-1` }, InstanceName: x.name ?? x.id,
      ...(x.securityGroupIds?.length ? { SecurityGroupIds: x.securityGroupIds.map((g) => ids.get("securityGroups", g)) } : {}),
      ...(subnet ? { VirtualPrivateCloud: { VpcId: ids.get("vpcs", x.vpcId!), SubnetId: ids.get("subnets", subnet.id), PrivateIpAddresses: [x.ip] } } : {}),
    };
    const r = await invoke(ctx, "cvm", "RunInstances", params, at);
    const id = (r.InstanceIdSet as string[])[0]!;
    ids.set("instances", x.id, id);
    if (x.network === "classic") await invoke(ctx, "cvm", "ModifyClassicInstancePrivateIp", { InstanceId: id, PrivateIpAddress: x.ip }, at);
  }
  for (const [i, l] of (plan.classicLinks ?? []).entries()) {
    await invoke(ctx, "vpc", "AttachClassicLinkVpc", { VpcId: ids.get("vpcs", l.vpcId), InstanceIds: [ids.get("instances", l.instanceId)] }, `Plan.classicLinks[${i}]`);
  }
  for (const [i, c] of (plan.ccns ?? []).entries()) {
    const r = await invoke(ctx, "vpc", "CreateCcn", { CcnName: c.name ?? c.id }, `Plan.ccns[${i}]`);
    const id = (r.Ccn as { CcnId: string }).CcnId;
    ids.set("ccns", c.id, id);
    const instances = c.vpcIds.map((v) => ({ InstanceId: ids.get("vpcs", v), InstanceRegion: ctx.region, InstanceType: "VPC" }));
    if (instances.length) await invoke(ctx, "vpc", "AttachCcnInstances", { CcnId: id, Instances: instances }, `Plan.ccns[${i}]`);
  }
  await seedGateway(plan, ctx, ids);
  return ids;
}

/**
 * seedGateway creates the plan's API Gateway part: dedicated instances (in the first subnet of
 * their VPC), services, channels, and for each service a channel lists one API bound to it (the
 * binding is what the plan's serviceIds mean, and what ExportNetworkPlan reads back).
 */
async function seedGateway(plan: NetworkPlan, ctx: ActionContext, ids: LiveIds): Promise<void> {
  for (const [i, g] of (plan.gatewayInstances ?? []).entries()) {
    const subnet = (plan.subnets ?? []).find((s) => s.vpcId === g.vpcId)!;
    const r = await invoke(ctx, "apigateway", "CreateExclusiveInstances", {
      Zones: [subnet.zone ?? `${ctx.region}-1`], InstanceType: "professional", PayMode: "POSTPAID", InstanceName: g.name ?? g.id,
      NetworkConfig: { InternetMaxBandwidthOut: 10 }, VpcConfig: { UniqVpcId: ids.get("vpcs", g.vpcId), UniqSubnetId: ids.get("subnets", subnet.id) },
    }, `Plan.gatewayInstances[${i}]`);
    ids.set("gatewayInstances", g.id, r.Result as string);
  }
  for (const [i, s] of (plan.services ?? []).entries()) {
    const r = await invoke(ctx, "apigateway", "CreateService", {
      ServiceName: s.name ?? s.id, Protocol: "http", ...(s.gatewayInstanceId ? { InstanceId: ids.get("gatewayInstances", s.gatewayInstanceId) } : {}),
    }, `Plan.services[${i}]`);
    ids.set("services", s.id, r.ServiceId as string);
  }
  for (const [i, c] of (plan.channels ?? []).entries()) {
    const at = `Plan.channels[${i}]`;
    const r = await invoke(ctx, "apigateway", "CreateUpstream", {
      UpstreamName: c.name ?? c.id, Scheme: "HTTP", Algorithm: "ROUND-ROBIN", UniqVpcId: ids.get("vpcs", c.vpcId),
      Nodes: (c.nodes ?? []).map((n) => ({ Host: n.host, Port: n.port, Weight: n.weight })),
    }, at);
    const id = r.UpstreamId as string;
    ids.set("channels", c.id, id);
    // One binding per service, however often the plan names it.
    for (const [k, serviceId] of [...new Set(c.serviceIds ?? [])].entries()) {
      await invoke(ctx, "apigateway", "CreateApi", {
        ServiceId: ids.get("services", serviceId), ServiceType: "UPSTREAM", Protocol: "HTTP", ServiceTimeout: 15, ApiName: `seed_${i}_${k}`,
        RequestConfig: { Path: `/seed/channel-${i}`, Method: "ANY" }, ServiceConfig: { UpstreamId: id, Path: "/", Method: "ANY" },
      }, `${at}.serviceIds[${(c.serviceIds ?? []).indexOf(serviceId)}]`);
    }
  }
}

async function seedNetworkPlan(p: Params, ctx: ActionContext) {
  const plan = p.Plan as NetworkPlan;
  if (plan === null || typeof plan !== "object" || Array.isArray(plan)) throw new ApiError("InvalidParameter", "The parameter `Plan` must be an object (a plan document).");
  const issues = checkPlanShape(plan);
  if (issues.length) throw new ApiError("InvalidParameterValue", `The parameter \`Plan\` is not a plan document: ${issues.slice(0, 5).map((i) => `${i.path} ${i.message}`).join("; ")}.`);
  refuseUnmodelled(plan, ctx.region);
  const clean = p.ResetRegion === true;
  if (clean) await resetState({ Scope: "REGION" }, ctx);
  let ids: LiveIds;
  try {
    ids = await seed(plan, ctx);
  } catch (e) {
    // With ResetRegion the region was empty before: leave it empty again, not half-built.
    if (clean) await resetState({ Scope: "REGION" }, ctx);
    throw e;
  }
  return { IdSet: ids.entries() };
}

const RESET_SHAPE: Shape = { Scope: { kind: "string" } };
const SEED_SHAPE: Shape = { Plan: { kind: "any", required: true }, ResetRegion: { kind: "boolean" } };

/** CONTROL_PLANE_ACTIONS are the test control plane's extension actions. */
export const CONTROL_PLANE_ACTIONS: Record<string, ActionDef> = {
  ResetState: { product: "vpc", version: V, shape: RESET_SHAPE, handler: resetState },
  SeedNetworkPlan: { product: "vpc", version: V, shape: SEED_SHAPE, handler: seedNetworkPlan },
};
