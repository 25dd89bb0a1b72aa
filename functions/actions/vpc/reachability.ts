// Extension actions (vpc 2017-03-12): ExportNetworkPlan reports the live state of the caller's
// region as a network plan document; AnalyzeReachability traces one flow over it with policy-core,
// with the same explanation codes the core gives anywhere else. Reads only.
import { ApiError } from "../../errors";
import { apiGatewayRegistry, ccnRegistry, channelObject, firewallRegistry, instanceObject, regionDirectory, serviceObject } from "../../objects/names";
import type { InstanceRecord, RuleRecord } from "../../objects/records";
import { withPolicy } from "../../policy/core";
import type { Hop, NetworkPlan, PlanRule, Trace } from "../../../policy-core/bindings/index";
import type { ActionContext, ActionDef, Params } from "../context";
import { regionVpcs } from "./views";
import { mapLimit } from "../fan-out";

const V = "2017-03-12";

const rule = (r: RuleRecord): PlanRule => ({ action: r.action, protocol: r.protocol, port: r.port, cidr: r.cidr, ...(r.description ? { description: r.description } : {}) });

/** exportPlan reports the region's live VPCs, subnets, filters, instances, links, CCNs and channels as a plan. */
export async function exportPlan(ctx: ActionContext): Promise<NetworkPlan> {
  const { env, account, region } = ctx;
  const fw = firewallRegistry(env, account, region);
  const apigw = apiGatewayRegistry(env, account, region);
  const [vpcs, groups, bindings, acls, subnetAcls, instanceIds, ccns, exclusiveInstances, serviceIds, channelIds] = await Promise.all([
    regionVpcs(ctx), fw.securityGroups(), fw.bindings(), fw.acls(), fw.subnetAcls(),
    regionDirectory(env, account, region).instanceIds(), ccnRegistry(env, account).list(),
    apigw.instances(), apigw.ids("service"), apigw.ids("channel"),
  ]);
  const vpcIds = new Set(vpcs.map((v) => v.vpc.vpcId));
  const described = (await mapLimit(instanceIds, (id) => instanceObject(env, account, id).describe())) as (InstanceRecord | null)[];
  const instances = described.filter((r): r is InstanceRecord => r !== null && r.region === region && r.state !== "TERMINATING");
  const services = (await mapLimit(serviceIds, (id) => serviceObject(env, id).describe())).filter((s) => s !== null);
  const channels = (await mapLimit(channelIds, (id) => channelObject(env, account, id).describe(ctx.now()))).filter((c) => c !== null);
  const serviceSet = new Set(services.map((s) => s.service.serviceId));
  return {
    version: 1,
    region,
    vpcs: vpcs.map((v) => ({ id: v.vpc.vpcId, name: v.vpc.name, region: v.vpc.region, cidrs: [v.vpc.cidrBlock] })),
    subnets: vpcs.flatMap((v) =>
      v.subnets.map((s) => ({
        id: s.subnetId, name: s.name, vpcId: s.vpcId, cidr: s.cidrBlock, zone: s.zone, routeTableId: v.vpc.routeTableId,
        ...(subnetAcls[s.subnetId] ? { networkAclId: subnetAcls[s.subnetId] } : {}),
      })),
    ),
    routeTables: vpcs.map((v) => ({
      id: v.vpc.routeTableId, vpcId: v.vpc.vpcId, main: true,
      routes: v.routes.filter((r) => r.enabled !== false).map((r) => ({ destination: r.destination, gatewayType: r.gatewayType, gatewayId: r.gatewayId })),
    })),
    securityGroups: groups.map((g) => ({ id: g.securityGroupId, name: g.name, ingress: g.ingress.map(rule), egress: g.egress.map(rule) })),
    networkAcls: acls.filter((a) => vpcIds.has(a.vpcId)).map((a) => ({ id: a.networkAclId, name: a.name, vpcId: a.vpcId, inbound: a.inbound.map(rule), outbound: a.outbound.map(rule) })),
    instances: instances.map((r) => ({
      id: r.instanceId, name: r.name, network: r.network, region: r.region, ip: r.privateIp,
      ...(r.network === "vpc" ? { vpcId: r.vpcId, subnetId: r.subnetId } : {}),
      securityGroupIds: bindings[r.instanceId] ?? [],
    })),
    classicLinks: vpcs.flatMap((v) => v.links.map((l) => ({ vpcId: v.vpc.vpcId, instanceId: l.instanceId }))).filter((l) => instances.some((i) => i.instanceId === l.instanceId)),
    ccns: ccns
      .map((c) => ({ id: c.ccnId, name: c.name, vpcIds: c.vpcs.map((v) => v.vpcId).filter((id) => vpcIds.has(id)) }))
      .filter((c) => c.vpcIds.length > 0),
    // the plan document names exclusive instances gatewayInstances (a public format)
    gatewayInstances: exclusiveInstances.filter((x) => vpcIds.has(x.vpcId)).map((x) => ({ id: x.instanceId, name: x.name, vpcId: x.vpcId })),
    services: services.map((s) => ({
      id: s.service.serviceId, name: s.service.name,
      ...(s.service.instanceId && exclusiveInstances.some((x) => x.instanceId === s.service.instanceId && vpcIds.has(x.vpcId)) ? { gatewayInstanceId: s.service.instanceId } : {}),
    })),
    channels: channels
      .filter((c) => vpcIds.has(c.channel.vpcId))
      .map((c) => ({
        id: c.channel.upstreamId, name: c.channel.name, vpcId: c.channel.vpcId,
        serviceIds: [...new Set(c.bindings.map((b) => b.serviceId))].filter((id) => serviceSet.has(id)),
        nodes: c.channel.nodes.map((n) => ({ host: n.host, port: n.port, weight: n.weight })),
      })),
  };
}

async function exportNetworkPlan(_p: Params, ctx: ActionContext) {
  return { Plan: await exportPlan(ctx) };
}

function hopWire(h: Hop) {
  return { Component: h.component, Id: h.id, RuleIndex: h.ruleIndex, Passed: h.passed, Code: h.code, InstanceId: h.instanceId, Detail: h.detail };
}

function traceWire(t: Trace) {
  return {
    Verdict: t.verdict,
    Disposition: t.disposition,
    DeliveredTo: t.deliveredTo,
    Explanations: t.explanations.map((e) => ({ Code: e.code, Rule: e.rule, ObjectId: e.objectId, RuleIndex: e.ruleIndex, Message: e.message })),
    ForwardPath: t.forward.map(hopWire),
    ReturnPath: t.return.map(hopWire),
  };
}

const FIELD = { source: "Source", destination: "Destination", protocol: "Protocol", port: "Port", sourcePort: "SourcePort", service: "Source", channel: "Destination" } as const;

async function analyzeReachability(p: Params, ctx: ActionContext) {
  const source = p.Source as string;
  const destination = p.Destination as string;
  const port = p.Port;
  if (port !== undefined && typeof port !== "number" && typeof port !== "string") {
    throw new ApiError("InvalidParameter", "The parameter `Port` must be a number or a string.");
  }
  const sourcePort = p.SourcePort as number | undefined;
  const plan = await exportPlan(ctx);
  for (const [field, v] of [["Source", source], ["Destination", destination]] as const) {
    const known = [...(plan.instances ?? []), ...(plan.services ?? []), ...(plan.channels ?? [])].some((o) => o.id === v);
    const kind = /^([a-z]+)-[a-z0-9]{8}$/.exec(v)?.[1];
    if (known || !kind) continue;
    if (["ins", "service", "upstream"].includes(kind)) throw new ApiError("ResourceNotFound", `The parameter \`${field}\` names ${v}, which does not exist in ${ctx.region}.`);
    throw new ApiError("InvalidParameterValue", `The parameter \`${field}\` (${v}) must be an instance id, an IPv4 address, or a service id (Source) with a channel id (Destination).`);
  }
  const answer = await withPolicy((core) => {
    const loaded = core.plan(plan);
    if (!loaded.ok) return { issues: loaded.issues };
    const channel = /^service-/.test(source) || /^upstream-/.test(destination);
    return channel
      ? loaded.plan.traceChannel(source, destination)
      : loaded.plan.trace({ source, destination, protocol: p.Protocol as string, port: port as number | string | undefined, sourcePort });
  });
  if ("issues" in answer) throw new ApiError("InternalError", `The live state did not load as a plan: ${answer.issues.map((i) => `${i.path} ${i.message}`).join("; ")}.`);
  if (!answer.ok) {
    throw new ApiError("InvalidParameterValue", `The parameter \`${FIELD[answer.error.field]}\` is not valid: ${answer.error.message}.`);
  }
  return traceWire(answer.trace);
}

const EXPORT_SHAPE = {} as const;
const ANALYZE_SHAPE = {
  Source: { kind: "string", required: true },
  Destination: { kind: "string", required: true },
  Protocol: { kind: "string" },
  Port: { kind: "any" },
  SourcePort: { kind: "number" },
} as const;

/** REACHABILITY_ACTIONS are this service's extension actions on the vpc 2017-03-12 endpoint. */
export const REACHABILITY_ACTIONS: Record<string, ActionDef> = {
  ExportNetworkPlan: { product: "vpc", version: V, shape: EXPORT_SHAPE, handler: exportNetworkPlan },
  AnalyzeReachability: { product: "vpc", version: V, shape: ANALYZE_SHAPE, handler: analyzeReachability },
};
