// VPC actions: CreateVpc, DescribeVpcs, DeleteVpc, DescribeVpcLimits, DescribeRouteTables,
// CreateRoutes, CreateSubnet, DescribeSubnets. Parse, call objects, shape the API 3.0 reply.
import { ApiError } from "../../errors";
import { MAX_LINKS_PER_VPC } from "../../objects/vpc-object";
import { vpcQuota } from "../../objects/region-directory";
import { apiGatewayRegistry, ccnRegistry, firewallRegistry, regionDirectory, vpcObject } from "../../objects/names";
import type { RouteRecord, SubnetRecord, VpcRecord } from "../../objects/records";
import { withPolicy } from "../../policy/core";
import { SDK_SCHEMAS } from "../../protocol/schemas.generated";
import { checkId, checkIds, checkZone, filterMap, matches, page, tencentTime, unwrap, type ActionContext, type ActionDef, type Params } from "../context";
import { checkCreateTags, dropTags, saveTags, tagSetsOf } from "../tag/tags";
import { regionVpcs, type VpcView } from "./views";

const S = SDK_SCHEMAS.vpc!;
const V = "2017-03-12";

/** limits reports the quota types DescribeVpcLimits answers: the ones this service enforces. */
export function limits(ctx: ActionContext): Record<string, number> {
  return { "vpc-max-basic-network-interconnections": MAX_LINKS_PER_VPC, "appid-max-vpcs": vpcQuota(ctx.env) };
}

/** DEFAULT_DNS are the DNS servers a VPC gets when none are given (Tencent's). */
const DEFAULT_DNS = ["183.60.83.19", "183.60.82.98"];

/** vpcWire renders a VPC as the Vpc model, with its tags. */
function vpcWire(v: VpcRecord, tags: { Key: string; Value: string }[] = []) {
  return {
    VpcName: v.name,
    VpcId: v.vpcId,
    CidrBlock: v.cidrBlock,
    IsDefault: false,
    EnableMulticast: v.enableMulticast ?? false,
    CreatedTime: tencentTime(v.createdAt),
    DnsServerSet: v.dnsServers ?? DEFAULT_DNS,
    DomainName: v.domainName ?? "",
    DhcpOptionsId: "",
    EnableDhcp: true,
    Ipv6CidrBlock: "",
    TagSet: tags,
    AssistantCidrSet: [],
    EnableRouteVpcPublish: false,
    Ipv6CidrBlockSet: [],
    EnableRouteVpcPublishIpv6: false,
  };
}

/** vpcSettings checks CreateVpc's and ModifyVpcAttribute's EnableMulticast, DnsServers and DomainName. */
export async function vpcSettings(p: Params): Promise<Pick<VpcRecord, "enableMulticast" | "dnsServers" | "domainName">> {
  const out: Pick<VpcRecord, "enableMulticast" | "dnsServers" | "domainName"> = {};
  if (p.EnableMulticast !== undefined) {
    if (!/^(true|false)$/.test(p.EnableMulticast as string)) throw new ApiError("InvalidParameterValue", "The parameter `EnableMulticast` must be \"true\" or \"false\".");
    out.enableMulticast = p.EnableMulticast === "true";
  }
  if (p.DnsServers !== undefined) {
    const dns = p.DnsServers as string[];
    if (dns.length > 4) throw new ApiError("InvalidParameterValue.LimitExceeded", "The parameter `DnsServers` takes at most 4 addresses.");
    const bad = await withPolicy((core) => dns.findIndex((d) => !core.parseIpv4(d).ok));
    if (bad >= 0) throw new ApiError("InvalidParameterValue.Malformed", `The parameter \`DnsServers.${bad}\` (${JSON.stringify(dns[bad])}) is not an IPv4 address.`);
    out.dnsServers = dns;
  }
  if (p.DomainName !== undefined) {
    if ((p.DomainName as string).length > 60) throw new ApiError("InvalidParameterValue.TooLong", "The parameter `DomainName` must be at most 60 characters.");
    out.domainName = p.DomainName as string;
  }
  return out;
}

/** subnetSizes reports how many addresses each subnet CIDR spans (policy-core parses them, in one call). */
function subnetSizes(cidrs: string[]): Promise<number[]> {
  return withPolicy((core) =>
    cidrs.map((c) => {
      const r = core.parseCidr(c);
      return r.ok ? r.end - r.start + 1 : 0;
    }),
  );
}

/** subnetWire renders a subnet as the Subnet model. */
function subnetWire(s: SubnetRecord, vpc: VpcRecord, size: number, aclId = "", tags: { Key: string; Value: string }[] = []) {
  const total = Math.max(size - 3, 0);
  return {
    VpcId: s.vpcId,
    SubnetId: s.subnetId,
    SubnetName: s.name,
    CidrBlock: s.cidrBlock,
    IsDefault: false,
    EnableBroadcast: s.enableBroadcast ?? false,
    Zone: s.zone,
    RouteTableId: vpc.routeTableId,
    CreatedTime: tencentTime(s.createdAt),
    AvailableIpAddressCount: total - Object.keys(s.usedIps).length,
    Ipv6CidrBlock: "",
    NetworkAclId: aclId,
    IsRemoteVpcSnat: false,
    TotalIpAddressCount: total,
    TagSet: tags,
  };
}

async function createVpc(p: Params, ctx: ActionContext) {
  const name = p.VpcName as string;
  if (name.length === 0) throw new ApiError("InvalidParameterValue", "The parameter `VpcName` must not be empty.");
  if (name.length > 60) throw new ApiError("InvalidParameterValue.TooLong", "The parameter `VpcName` must be at most 60 characters.");
  const cidr = p.CidrBlock as string;
  const verdict = await withPolicy((core) => ({ parsed: core.parseCidr(cidr), vpc: core.vpcCidr(cidr) }));
  if (!verdict.parsed.ok) throw new ApiError("InvalidParameterValue.Malformed", `The parameter \`CidrBlock\` (${cidr}) is not a valid CIDR: ${verdict.parsed.reason}.`);
  if (!verdict.vpc.ok) throw new ApiError("InvalidParameterValue.Range", `The parameter \`CidrBlock\` (${cidr}) cannot be a VPC: ${verdict.vpc.reason}.`);
  const settings = await vpcSettings(p);
  const tags = p.Tags as { Key: string; Value?: string }[] | undefined;
  const tagPairs = await checkCreateTags(ctx, tags);
  const dir = regionDirectory(ctx.env, ctx.account, ctx.region);
  for (let attempt = 0; ; attempt++) {
    const vpc: VpcRecord = { vpcId: ctx.newId("vpc"), name, cidrBlock: cidr, region: ctx.region, routeTableId: ctx.newId("rtb"), createdAt: ctx.now(), ...settings };
    const made = await dir.createVpc(ctx.account, vpc);
    if (made.ok) {
      await saveTags(ctx, "vpc", "vpc", vpc.vpcId, tagPairs);
      return { Vpc: vpcWire(made.vpc, (await tagSetsOf(ctx, "vpc", "vpc", [vpc.vpcId])).get(vpc.vpcId)) };
    }
    if (made.code !== "ResourceInUse" || attempt >= 3) unwrap(made);
  }
}

async function describeVpcs(p: Params, ctx: ActionContext) {
  const ids = p.VpcIds ? checkIds(p.VpcIds as string[], "vpc", "VpcIds") : undefined;
  const f = filterMap(p.Filters, ["vpc-name", "vpc-id", "cidr-block", "is-default"]);
  const { offset, limit } = page(p.Offset, p.Limit);
  const all = (await regionVpcs(ctx)).filter(
    ({ vpc }) =>
      (!ids || ids.includes(vpc.vpcId)) &&
      matches(f, "vpc-id", vpc.vpcId) &&
      matches(f, "vpc-name", vpc.name) &&
      matches(f, "cidr-block", vpc.cidrBlock) &&
      matches(f, "is-default", "false"),
  );
  const shown = all.slice(offset, offset + limit);
  const tags = await tagSetsOf(ctx, "vpc", "vpc", shown.map((v) => v.vpc.vpcId));
  return { TotalCount: all.length, VpcSet: shown.map((v) => vpcWire(v.vpc, tags.get(v.vpc.vpcId))) };
}

async function deleteVpc(p: Params, ctx: ActionContext) {
  const id = checkId(p.VpcId as string, "vpc", "VpcId");
  const ccn = await ccnRegistry(ctx.env, ctx.account).ccnOf(id);
  if (ccn) throw new ApiError("ResourceInUse", `The VPC ${id} is attached to the CCN ${ccn}; detach it first.`);
  const exclusive = (await apiGatewayRegistry(ctx.env, ctx.account, ctx.region).instances()).find((i) => i.vpcId === id);
  if (exclusive) throw new ApiError("ResourceInUse", `The API Gateway dedicated instance ${exclusive.instanceId} runs in the VPC ${id}.`);
  const acls = (await firewallRegistry(ctx.env, ctx.account, ctx.region).acls()).filter((a) => a.vpcId === id);
  if (acls.length) throw new ApiError("ResourceInUse", `The VPC ${id} still has the network ACL(s) ${acls.map((a) => a.networkAclId).join(", ")}; delete them first.`);
  unwrap(await regionDirectory(ctx.env, ctx.account, ctx.region).deleteVpc(ctx.account, id));
  await dropTags(ctx, "vpc", "vpc", id);
  return {};
}

async function describeVpcLimits(p: Params, ctx: ActionContext) {
  const LIMITS = limits(ctx);
  const types = p.LimitTypes as string[];
  if (types.length > 100) throw new ApiError("InvalidParameterValue.LimitExceeded", "The parameter `LimitTypes` takes at most 100 types.");
  types.forEach((t, i) => {
    if (!Object.hasOwn(LIMITS, t)) {
      throw new ApiError("InvalidParameterValue", `The parameter \`LimitTypes.${i}\` (${JSON.stringify(t)}) is not a limit this service enforces; known: ${Object.keys(LIMITS).join(", ")}.`);
    }
  });
  return { VpcLimitSet: types.map((t) => ({ LimitType: t, LimitValue: LIMITS[t] })) };
}

/** routeTableWire renders a VPC's default route table as the RouteTable model. */
export function routeTableWire(v: VpcView) {
  const links = [...v.links].sort((a, b) => a.routeId - b.routeId);
  const local = (dest: string, desc: string, id: number, created: number) => ({
    DestinationCidrBlock: dest,
    GatewayType: "LOCAL",
    GatewayId: "Local",
    RouteId: id,
    RouteDescription: desc,
    Enabled: true,
    RouteType: "LOCAL",
    RouteTableId: v.vpc.routeTableId,
    DestinationIpv6CidrBlock: "",
    RouteItemId: `rti-${id.toString(36).padStart(8, "0")}`,
    PublishedToVbc: false,
    CreatedTime: tencentTime(created),
  });
  const custom = v.routes.map((r) => ({
    ...local(r.destination, r.description, r.routeId, r.createdAt),
    GatewayType: r.gatewayType,
    GatewayId: r.gatewayId,
    RouteType: "USER",
    Enabled: r.enabled ?? true,
  }));
  return {
    VpcId: v.vpc.vpcId,
    RouteTableId: v.vpc.routeTableId,
    RouteTableName: "default",
    AssociationSet: v.subnets.map((s) => ({ SubnetId: s.subnetId, RouteTableId: v.vpc.routeTableId })),
    RouteSet: [
      local(v.vpc.cidrBlock, "Local route of the VPC", 1, v.vpc.createdAt),
      ...links.map((l) => local(`${l.ip}/32`, `ClassicLink ${l.instanceId}`, l.routeId, l.createdAt)),
      ...custom,
    ],
    Main: true,
    CreatedTime: tencentTime(v.vpc.createdAt),
    TagSet: [],
    LocalCidrForCcn: [],
  };
}

async function describeRouteTables(p: Params, ctx: ActionContext) {
  const ids = p.RouteTableIds ? checkIds(p.RouteTableIds as string[], "rtb", "RouteTableIds") : undefined;
  const f = filterMap(p.Filters, ["route-table-id", "route-table-name", "vpc-id", "association.main"]);
  const { offset, limit } = page(p.Offset, p.Limit);
  const all = (await regionVpcs(ctx)).filter(
    ({ vpc }) =>
      (!ids || ids.includes(vpc.routeTableId)) &&
      matches(f, "route-table-id", vpc.routeTableId) &&
      matches(f, "route-table-name", "default") &&
      matches(f, "vpc-id", vpc.vpcId) &&
      matches(f, "association.main", "true"),
  );
  return { TotalCount: all.length, RouteTableSet: all.slice(offset, offset + limit).map(routeTableWire) };
}

/** A route as the Route model carries it in CreateRoutes, ReplaceRoutes and DeleteRoutes. */
export type WireRoute = { DestinationCidrBlock?: string; GatewayType?: string; GatewayId?: string; RouteDescription?: string; RouteId?: number };

/** checkRoutes reports wire routes as records (without ids), every field checked by policy-core, or throws naming the field. */
export async function checkRoutes(wire: WireRoute[], vpc: VpcRecord, now: number): Promise<Omit<RouteRecord, "routeId">[]> {
  if (!wire.length) throw new ApiError("MissingParameter", "The request is missing a required parameter `Routes.0`.");
  const routes = [];
  for (const [i, r] of wire.entries()) {
    const at = `Routes.${i}`;
    for (const f of ["DestinationCidrBlock", "GatewayType", "GatewayId"] as const) {
      if (r[f] === undefined) throw new ApiError("MissingParameter", `The request is missing a required parameter \`${at}.${f}\`.`);
    }
    const dest = r.DestinationCidrBlock!;
    const verdict = await withPolicy((core) => ({
      cidr: core.parseCidr(dest),
      route: core.checkRoute(dest, r.GatewayType!),
      local: core.contains(vpc.cidrBlock, dest),
    }));
    if (!verdict.cidr.ok) throw new ApiError("InvalidParameterValue.Malformed", `The parameter \`${at}.DestinationCidrBlock\` (${dest}) is not a valid CIDR: ${verdict.cidr.reason}.`);
    if (!verdict.route.ok) throw new ApiError("InvalidParameterValue", `The parameter \`${at}.GatewayType\` (${JSON.stringify(r.GatewayType)}) is not valid: ${verdict.route.reason}.`);
    if (verdict.local) throw new ApiError("InvalidParameterValue.VpcCidrConflict", `The parameter \`${at}.DestinationCidrBlock\` (${dest}) lies inside the VPC's own CIDR ${vpc.cidrBlock}, which the Local route holds.`);
    if (!r.GatewayId || r.GatewayId.length > 64) throw new ApiError("InvalidParameterValue", `The parameter \`${at}.GatewayId\` must name the gateway (1-64 characters).`);
    routes.push({ destination: dest, gatewayType: r.GatewayType!, gatewayId: r.GatewayId, description: (r.RouteDescription ?? "").slice(0, 100), createdAt: now });
  }
  return routes;
}

/** routeTableVpc reports the VPC whose default route table has this id, or throws ResourceNotFound. */
export async function routeTableVpc(ctx: ActionContext, id: string): Promise<VpcView> {
  const rtb = checkId(id, "rtb", "RouteTableId");
  const v = (await regionVpcs(ctx)).find((x) => x.vpc.routeTableId === rtb);
  if (!v) throw new ApiError("ResourceNotFound", `The route table ${rtb} does not exist.`);
  return v;
}

async function createRoutes(p: Params, ctx: ActionContext) {
  const v = await routeTableVpc(ctx, p.RouteTableId as string);
  const routes = await checkRoutes(p.Routes as WireRoute[], v.vpc, ctx.now());
  const made = unwrap(await vpcObject(ctx.env, ctx.account, v.vpc.vpcId).addRoutes(routes));
  const after = (await regionVpcs(ctx, [v.vpc.vpcId]))[0]!;
  // Exactly the routes this call created (the provider reads the new route's id from here).
  const table = routeTableWire(after);
  const ids = new Set(made.routes.map((r) => r.routeId));
  return { TotalCount: made.routes.length, RouteTableSet: [{ ...table, RouteSet: table.RouteSet.filter((r) => ids.has(r.RouteId)) }] };
}

async function createSubnet(p: Params, ctx: ActionContext) {
  const vpcId = checkId(p.VpcId as string, "vpc", "VpcId");
  const name = p.SubnetName as string;
  if (name.length === 0) throw new ApiError("InvalidParameterValue", "The parameter `SubnetName` must not be empty.");
  if (name.length > 60) throw new ApiError("InvalidParameterValue.TooLong", "The parameter `SubnetName` must be at most 60 characters.");
  const zone = checkZone(p.Zone as string, ctx.region, "Zone");
  const vpc = vpcObject(ctx.env, ctx.account, vpcId);
  const d = await vpc.describe();
  if (!d || d.vpc.region !== ctx.region) throw new ApiError("ResourceNotFound", `The VPC ${vpcId} does not exist.`);
  const tags = p.Tags as { Key: string; Value?: string }[] | undefined;
  const tagPairs = await checkCreateTags(ctx, tags);
  const made = unwrap(
    await vpc.createSubnet({ subnetId: ctx.newId("subnet"), vpcId, name, cidrBlock: p.CidrBlock as string, zone, createdAt: ctx.now() }),
  );
  await saveTags(ctx, "vpc", "subnet", made.subnet.subnetId, tagPairs);
  const [size] = await subnetSizes([made.subnet.cidrBlock]);
  return { Subnet: subnetWire(made.subnet, d.vpc, size!, "", (await tagSetsOf(ctx, "vpc", "subnet", [made.subnet.subnetId])).get(made.subnet.subnetId)) };
}

async function describeSubnets(p: Params, ctx: ActionContext) {
  const ids = p.SubnetIds ? checkIds(p.SubnetIds as string[], "subnet", "SubnetIds") : undefined;
  const f = filterMap(p.Filters, ["subnet-id", "vpc-id", "cidr-block", "zone", "subnet-name"]);
  const { offset, limit } = page(p.Offset, p.Limit);
  const acls = await firewallRegistry(ctx.env, ctx.account, ctx.region).subnetAcls();
  const matched = (await regionVpcs(ctx)).flatMap((v) =>
    v.subnets
      .filter(
        (s) =>
          (!ids || ids.includes(s.subnetId)) &&
          matches(f, "subnet-id", s.subnetId) &&
          matches(f, "vpc-id", s.vpcId) &&
          matches(f, "cidr-block", s.cidrBlock) &&
          matches(f, "zone", s.zone) &&
          matches(f, "subnet-name", s.name),
      )
      .map((s) => ({ s, vpc: v.vpc })),
  );
  const shown = matched.slice(offset, offset + limit);
  const sizes = await subnetSizes(shown.map(({ s }) => s.cidrBlock));
  const tags = await tagSetsOf(ctx, "vpc", "subnet", shown.map(({ s }) => s.subnetId));
  return { TotalCount: matched.length, SubnetSet: shown.map(({ s, vpc }, i) => subnetWire(s, vpc, sizes[i]!, acls[s.subnetId], tags.get(s.subnetId))) };
}

/** VPC_ACTIONS is the vpc 2017-03-12 resource table, keyed by the exact Action name. */
export const VPC_ACTIONS: Record<string, ActionDef> = {
  CreateVpc: { product: "vpc", version: V, shape: S.CreateVpc!, handler: createVpc },
  DescribeVpcs: { product: "vpc", version: V, shape: S.DescribeVpcs!, handler: describeVpcs },
  DeleteVpc: { product: "vpc", version: V, shape: S.DeleteVpc!, handler: deleteVpc },
  DescribeVpcLimits: { product: "vpc", version: V, shape: S.DescribeVpcLimits!, handler: describeVpcLimits },
  DescribeRouteTables: { product: "vpc", version: V, shape: S.DescribeRouteTables!, handler: describeRouteTables },
  CreateRoutes: { product: "vpc", version: V, shape: S.CreateRoutes!, handler: createRoutes },
  CreateSubnet: { product: "vpc", version: V, shape: S.CreateSubnet!, handler: createSubnet },
  DescribeSubnets: { product: "vpc", version: V, shape: S.DescribeSubnets!, handler: describeSubnets },
};
