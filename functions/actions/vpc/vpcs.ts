// VPC actions: CreateVpc, DescribeVpcs, DeleteVpc, DescribeVpcLimits, DescribeRouteTables,
// CreateRoutes, CreateSubnet, DescribeSubnets. Parse, call objects, shape the API 3.0 reply.
import { ApiError } from "../../errors";
import { MAX_LINKS_PER_VPC } from "../../objects/vpc-object";
import { vpcQuota } from "../../objects/region-directory";
import { ccnRegistry, firewallRegistry, gatewayRegistry, regionDirectory, vpcObject } from "../../objects/names";
import type { SubnetRecord, VpcRecord } from "../../objects/records";
import { withPolicy } from "../../policy/core";
import { SDK_SCHEMAS } from "../../protocol/schemas.generated";
import { checkId, checkIds, checkZone, filterMap, matches, page, tencentTime, unwrap, type ActionContext, type ActionDef, type Params } from "../context";
import { regionVpcs, type VpcView } from "./views";

const S = SDK_SCHEMAS.vpc!;
const V = "2017-03-12";

/** limits reports the quota types DescribeVpcLimits answers: the ones this service enforces. */
export function limits(ctx: ActionContext): Record<string, number> {
  return { "vpc-max-basic-network-interconnections": MAX_LINKS_PER_VPC, "appid-max-vpcs": vpcQuota(ctx.env) };
}

function vpcWire(v: VpcRecord) {
  return {
    VpcName: v.name,
    VpcId: v.vpcId,
    CidrBlock: v.cidrBlock,
    IsDefault: false,
    EnableMulticast: false,
    CreatedTime: tencentTime(v.createdAt),
    DnsServerSet: ["183.60.83.19", "183.60.82.98"],
    DomainName: "",
    DhcpOptionsId: "",
    EnableDhcp: true,
    Ipv6CidrBlock: "",
    TagSet: [],
    AssistantCidrSet: [],
  };
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

function subnetWire(s: SubnetRecord, vpc: VpcRecord, size: number, aclId = "") {
  const total = Math.max(size - 3, 0);
  return {
    VpcId: s.vpcId,
    SubnetId: s.subnetId,
    SubnetName: s.name,
    CidrBlock: s.cidrBlock,
    IsDefault: false,
    EnableBroadcast: false,
    Zone: s.zone,
    RouteTableId: vpc.routeTableId,
    CreatedTime: tencentTime(s.createdAt),
    AvailableIpAddressCount: total - Object.keys(s.usedIps).length,
    Ipv6CidrBlock: "",
    NetworkAclId: aclId,
    IsRemoteVpcSnat: false,
    TotalIpAddressCount: total,
    TagSet: [],
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
  const dir = regionDirectory(ctx.env, ctx.account, ctx.region);
  for (let attempt = 0; ; attempt++) {
    const vpc: VpcRecord = { vpcId: ctx.newId("vpc"), name, cidrBlock: cidr, region: ctx.region, routeTableId: ctx.newId("rtb"), createdAt: ctx.now() };
    const made = await dir.createVpc(ctx.account, vpc);
    if (made.ok) return { Vpc: vpcWire(made.vpc) };
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
  return { TotalCount: all.length, VpcSet: all.slice(offset, offset + limit).map((v) => vpcWire(v.vpc)) };
}

async function deleteVpc(p: Params, ctx: ActionContext) {
  const id = checkId(p.VpcId as string, "vpc", "VpcId");
  const ccn = await ccnRegistry(ctx.env, ctx.account).ccnOf(id);
  if (ccn) throw new ApiError("ResourceInUse", `The VPC ${id} is attached to the CCN ${ccn}; detach it first.`);
  const gw = (await gatewayRegistry(ctx.env, ctx.account, ctx.region).instances()).find((i) => i.vpcId === id);
  if (gw) throw new ApiError("ResourceInUse", `The API Gateway dedicated instance ${gw.instanceId} runs in the VPC ${id}.`);
  const acls = (await firewallRegistry(ctx.env, ctx.account, ctx.region).acls()).filter((a) => a.vpcId === id);
  if (acls.length) throw new ApiError("ResourceInUse", `The VPC ${id} still has the network ACL(s) ${acls.map((a) => a.networkAclId).join(", ")}; delete them first.`);
  unwrap(await regionDirectory(ctx.env, ctx.account, ctx.region).deleteVpc(ctx.account, id));
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

function routeTableWire(v: VpcView) {
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

async function createRoutes(p: Params, ctx: ActionContext) {
  const rtb = checkId(p.RouteTableId as string, "rtb", "RouteTableId");
  const v = (await regionVpcs(ctx)).find((x) => x.vpc.routeTableId === rtb);
  if (!v) throw new ApiError("ResourceNotFound", `The route table ${rtb} does not exist.`);
  const wire = p.Routes as { DestinationCidrBlock: string; GatewayType: string; GatewayId: string; RouteDescription?: string }[];
  if (!wire.length) throw new ApiError("MissingParameter", "The request is missing a required parameter `Routes.0`.");
  const routes = [];
  for (const [i, r] of wire.entries()) {
    const at = `Routes.${i}`;
    const verdict = await withPolicy((core) => ({
      cidr: core.parseCidr(r.DestinationCidrBlock),
      route: core.checkRoute(r.DestinationCidrBlock, r.GatewayType),
      local: core.contains(v.vpc.cidrBlock, r.DestinationCidrBlock),
    }));
    if (!verdict.cidr.ok) throw new ApiError("InvalidParameterValue.Malformed", `The parameter \`${at}.DestinationCidrBlock\` (${r.DestinationCidrBlock}) is not a valid CIDR: ${verdict.cidr.reason}.`);
    if (!verdict.route.ok) throw new ApiError("InvalidParameterValue", `The parameter \`${at}.GatewayType\` (${JSON.stringify(r.GatewayType)}) is not valid: ${verdict.route.reason}.`);
    if (verdict.local) throw new ApiError("InvalidParameterValue.VpcCidrConflict", `The parameter \`${at}.DestinationCidrBlock\` (${r.DestinationCidrBlock}) lies inside the VPC's own CIDR ${v.vpc.cidrBlock}, which the Local route holds.`);
    if (!r.GatewayId || r.GatewayId.length > 64) throw new ApiError("InvalidParameterValue", `The parameter \`${at}.GatewayId\` must name the gateway (1-64 characters).`);
    routes.push({ destination: r.DestinationCidrBlock, gatewayType: r.GatewayType, gatewayId: r.GatewayId, description: (r.RouteDescription ?? "").slice(0, 100), createdAt: ctx.now() });
  }
  unwrap(await vpcObject(ctx.env, ctx.account, v.vpc.vpcId).addRoutes(routes));
  const after = (await regionVpcs(ctx, [v.vpc.vpcId]))[0]!;
  return { TotalCount: 1, RouteTableSet: [routeTableWire(after)] };
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
  const made = unwrap(
    await vpc.createSubnet({ subnetId: ctx.newId("subnet"), vpcId, name, cidrBlock: p.CidrBlock as string, zone, createdAt: ctx.now() }),
  );
  const [size] = await subnetSizes([made.subnet.cidrBlock]);
  return { Subnet: subnetWire(made.subnet, d.vpc, size!) };
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
  const sizes = await subnetSizes(matched.map(({ s }) => s.cidrBlock));
  const all = matched.map(({ s, vpc }, i) => subnetWire(s, vpc, sizes[i]!, acls[s.subnetId]));
  return { TotalCount: all.length, SubnetSet: all.slice(offset, offset + limit) };
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
