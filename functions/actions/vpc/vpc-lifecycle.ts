// The rest of the VPC, subnet and route lifecycle (vpc 2017-03-12): ModifyVpcAttribute,
// ModifySubnetAttribute, DeleteSubnet, DeleteRoutes, ReplaceRoutes, DisableRoutes, EnableRoutes.
import { ApiError } from "../../errors";
import { firewallRegistry, vpcObject } from "../../objects/names";
import type { RouteRecord } from "../../objects/records";
import type { Shape } from "../../protocol/schema";
import { SDK_SCHEMAS } from "../../protocol/schemas.generated";
import { checkId, tencentTime, unwrap, type ActionContext, type ActionDef, type Params } from "../context";
import { dropTags } from "../tag/tags";
import { regionVpc, regionVpcs } from "./views";
import { checkRoutes, routeTableVpc, routeTableWire, vpcSettings, type WireRoute } from "./vpcs";

const S = SDK_SCHEMAS.vpc!;
const V = "2017-03-12";

function checkName(name: unknown, field: string): string | undefined {
  if (name === undefined) return undefined;
  const n = name as string;
  if (n.length === 0) throw new ApiError("InvalidParameterValue", `The parameter \`${field}\` must not be empty.`);
  if (n.length > 60) throw new ApiError("InvalidParameterValue.TooLong", `The parameter \`${field}\` must be at most 60 characters.`);
  return n;
}

async function modifyVpcAttribute(p: Params, ctx: ActionContext) {
  const id = checkId(p.VpcId as string, "vpc", "VpcId");
  if (!(await regionVpc(ctx, id))) throw new ApiError("ResourceNotFound", `The VPC ${id} does not exist.`);
  const name = checkName(p.VpcName, "VpcName");
  unwrap(await vpcObject(ctx.env, ctx.account, id).updateVpc({ name, ...(await vpcSettings(p)) }));
  return {};
}

/** subnetOf reports the VPC view holding a subnet of the caller's region, or throws ResourceNotFound. */
async function subnetOf(ctx: ActionContext, subnetId: string) {
  checkId(subnetId, "subnet", "SubnetId");
  const v = (await regionVpcs(ctx)).find((x) => x.subnets.some((s) => s.subnetId === subnetId));
  if (!v) throw new ApiError("ResourceNotFound", `The subnet ${subnetId} does not exist.`);
  return v;
}

async function modifySubnetAttribute(p: Params, ctx: ActionContext) {
  const v = await subnetOf(ctx, p.SubnetId as string);
  const name = checkName(p.SubnetName, "SubnetName");
  let enableBroadcast: boolean | undefined;
  if (p.EnableBroadcast !== undefined) {
    if (!/^(true|false)$/.test(p.EnableBroadcast as string)) throw new ApiError("InvalidParameterValue", "The parameter `EnableBroadcast` must be \"true\" or \"false\".");
    enableBroadcast = p.EnableBroadcast === "true";
  }
  unwrap(await vpcObject(ctx.env, ctx.account, v.vpc.vpcId).updateSubnet(p.SubnetId as string, { name, enableBroadcast }));
  return {};
}

async function deleteSubnet(p: Params, ctx: ActionContext) {
  const id = p.SubnetId as string;
  const v = await subnetOf(ctx, id);
  unwrap(await vpcObject(ctx.env, ctx.account, v.vpc.vpcId).deleteSubnet(id));
  // A deleted subnet leaves its network ACL and its tags.
  await firewallRegistry(ctx.env, ctx.account, ctx.region).forgetSubnet(id);
  await dropTags(ctx, "vpc", "subnet", id);
  return {};
}

function routeIdsOf(list: unknown, field: string): number[] {
  const ids = (list as unknown[]).map((x, i) => {
    const n = typeof x === "string" && /^\d{1,15}$/.test(x) ? Number(x) : x;
    if (typeof n !== "number" || !Number.isInteger(n) || n < 0) throw new ApiError("InvalidParameter", `The parameter \`${field}.${i}\` must be a route id (a whole number).`);
    return n;
  });
  if (ids.length === 0) throw new ApiError("MissingParameter", `The request is missing a required parameter \`${field}.0\`.`);
  return [...new Set(ids)];
}

function routeWire(r: RouteRecord, routeTableId: string) {
  return {
    DestinationCidrBlock: r.destination, GatewayType: r.gatewayType, GatewayId: r.gatewayId, RouteId: r.routeId,
    RouteDescription: r.description, Enabled: r.enabled ?? true, RouteType: "USER", RouteTableId: routeTableId,
    DestinationIpv6CidrBlock: "", RouteItemId: `rti-${r.routeId.toString(36).padStart(8, "0")}`, PublishedToVbc: false,
    CreatedTime: tencentTime(r.createdAt),
  };
}

/** Route ids named by `Routes.N.RouteId`, or else found by destination (DeleteRoutes accepts both). */
function idsOfRoutes(wire: WireRoute[], have: RouteRecord[]): number[] {
  if (wire.length === 0) throw new ApiError("MissingParameter", "The request is missing a required parameter `Routes.0`.");
  return wire.map((r, i) => {
    if (r.RouteId !== undefined) return r.RouteId;
    const hit = have.find((h) => h.destination === r.DestinationCidrBlock && (!r.GatewayType || h.gatewayType === r.GatewayType));
    if (!hit) throw new ApiError("ResourceNotFound", `The route \`Routes.${i}\` (${r.DestinationCidrBlock ?? "no destination"}) does not exist in the route table.`);
    return hit.routeId;
  });
}

async function deleteRoutes(p: Params, ctx: ActionContext) {
  const v = await routeTableVpc(ctx, p.RouteTableId as string);
  const ids = idsOfRoutes((p.Routes as WireRoute[] | undefined) ?? [], v.routes);
  const gone = unwrap(await vpcObject(ctx.env, ctx.account, v.vpc.vpcId).deleteRoutes(ids));
  return { RouteSet: gone.routes.map((r) => routeWire(r, v.vpc.routeTableId)) };
}

async function replaceRoutes(p: Params, ctx: ActionContext) {
  const v = await routeTableVpc(ctx, p.RouteTableId as string);
  const wire = p.Routes as WireRoute[];
  wire.forEach((r, i) => {
    if (r.RouteId === undefined) throw new ApiError("MissingParameter", `The request is missing a required parameter \`Routes.${i}.RouteId\`.`);
  });
  const checked = await checkRoutes(wire, v.vpc, ctx.now());
  const next = checked.map((r, i) => ({ ...r, routeId: wire[i]!.RouteId! }));
  const done = unwrap(await vpcObject(ctx.env, ctx.account, v.vpc.vpcId).replaceRoutes(next));
  return { OldRouteSet: done.old.map((r) => routeWire(r, v.vpc.routeTableId)), NewRouteSet: done.routes.map((r) => routeWire(r, v.vpc.routeTableId)) };
}

function switchRoutes(enabled: boolean) {
  return async (p: Params, ctx: ActionContext) => {
    const v = await routeTableVpc(ctx, p.RouteTableId as string);
    let ids: number[];
    if (p.RouteItemIds !== undefined) {
      const items = p.RouteItemIds as string[];
      ids = items.map((item, i) => {
        const hit = routeTableWire(v).RouteSet.find((r) => r.RouteItemId === item && r.RouteType === "USER");
        if (!hit) throw new ApiError("ResourceNotFound", `The route \`RouteItemIds.${i}\` (${item}) does not exist in the route table.`);
        return hit.RouteId;
      });
    } else ids = routeIdsOf(p.RouteIds ?? [], "RouteIds");
    unwrap(await vpcObject(ctx.env, ctx.account, v.vpc.vpcId).setRoutesEnabled(ids, enabled));
    return {};
  };
}

const def = (name: string, handler: ActionDef["handler"], shape: Shape = S[name]!): ActionDef => ({ product: "vpc", version: V, shape, handler });

/** relaxed reports a shape whose nested fields are all optional (DeleteRoutes names a route by RouteId alone, as Terraform's provider does). */
function relaxed(shape: Shape): Shape {
  const out: Shape = {};
  for (const [k, f] of Object.entries(shape)) {
    out[k] = { ...f, ...(f.fields ? { fields: relaxed(f.fields) } : {}), ...(f.items ? { items: { ...f.items, ...(f.items.fields ? { fields: relaxed(f.items.fields) } : {}) } } : {}) };
    if (f.kind !== "object" && !f.items && k !== "RouteTableId") out[k]!.required = false;
  }
  return out;
}

/** VPC_LIFECYCLE_ACTIONS completes the VPC, subnet and route-table lifecycle. */
export const VPC_LIFECYCLE_ACTIONS: Record<string, ActionDef> = {
  ModifyVpcAttribute: def("ModifyVpcAttribute", modifyVpcAttribute),
  ModifySubnetAttribute: def("ModifySubnetAttribute", modifySubnetAttribute),
  DeleteSubnet: def("DeleteSubnet", deleteSubnet),
  DeleteRoutes: def("DeleteRoutes", deleteRoutes, relaxed(S.DeleteRoutes!)),
  ReplaceRoutes: def("ReplaceRoutes", replaceRoutes),
  DisableRoutes: def("DisableRoutes", switchRoutes(false)),
  EnableRoutes: def("EnableRoutes", switchRoutes(true)),
};
