// The rest of the CCN lifecycle (vpc 2017-03-12): ModifyCcnAttribute, DescribeCcnAttachedInstances,
// ModifyCcnAttachedInstancesAttribute, DescribeCcnRoutes (one route per attached VPC CIDR).
import { ApiError } from "../../errors";
import type { CcnRecord } from "../../objects/records";
import { ccnRegistry, vpcObject } from "../../objects/names";
import { SDK_SCHEMAS } from "../../protocol/schemas.generated";
import { checkId, checkIds, filterMap, matches, tencentTime, unwrap, type ActionContext, type ActionDef, type Params } from "../context";

const S = SDK_SCHEMAS.vpc!;
const V = "2017-03-12";

async function loadCcn(ctx: ActionContext, id: string): Promise<CcnRecord> {
  checkId(id, "ccn", "CcnId");
  const c = (await ccnRegistry(ctx.env, ctx.account).list()).find((x) => x.ccnId === id);
  if (!c) throw new ApiError("ResourceNotFound", `The CCN ${id} does not exist.`);
  return c;
}

async function modifyCcnAttribute(p: Params, ctx: ActionContext) {
  const c = await loadCcn(ctx, p.CcnId as string);
  const name = p.CcnName as string | undefined;
  const description = p.CcnDescription as string | undefined;
  if (name === undefined && description === undefined) throw new ApiError("MissingParameter", "The request must carry `CcnName` or `CcnDescription`.");
  if (name !== undefined && (name.length === 0 || name.length > 60)) throw new ApiError("InvalidParameterValue", "The parameter `CcnName` must be 1 to 60 characters.");
  if (description !== undefined && description.length > 100) throw new ApiError("InvalidParameterValue", "The parameter `CcnDescription` must be at most 100 characters.");
  unwrap(await ccnRegistry(ctx.env, ctx.account).update(c.ccnId, { name, description }));
  return {};
}

/** attachedRows reports every VPC attached to the given CCNs, with the VPC's name and CIDR. */
async function attachedRows(ctx: ActionContext, ccns: CcnRecord[]) {
  const rows = [];
  for (const c of ccns) {
    for (const a of c.vpcs) {
      const v = await vpcObject(ctx.env, ctx.account, a.vpcId).describe();
      rows.push({ c, a, name: v?.vpc.name ?? "", cidr: v?.vpc.cidrBlock ?? "" });
    }
  }
  return rows;
}

function window(p: Params): { offset: number; limit: number } {
  const offset = (p.Offset as number | undefined) ?? 0;
  const limit = (p.Limit as number | undefined) ?? 20;
  if (!Number.isInteger(offset) || offset < 0) throw new ApiError("InvalidParameterValue.Range", "The parameter `Offset` must be a whole number >= 0.");
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw new ApiError("InvalidParameterValue.Range", "The parameter `Limit` must be 1 to 100.");
  return { offset, limit };
}

async function describeAttached(p: Params, ctx: ActionContext) {
  const f = filterMap(p.Filters, ["ccn-id", "instance-type", "instance-region", "instance-id"]);
  const { offset, limit } = window(p);
  let ccns: CcnRecord[] = await ccnRegistry(ctx.env, ctx.account).list();
  if (p.CcnId !== undefined) ccns = [await loadCcn(ctx, p.CcnId as string)];
  const rows = (await attachedRows(ctx, ccns)).filter(
    ({ c, a }) => matches(f, "ccn-id", c.ccnId) && matches(f, "instance-type", "VPC") && matches(f, "instance-region", a.region) && matches(f, "instance-id", a.vpcId),
  );
  if (p.OrderDirection === "DESC") rows.reverse();
  return {
    TotalCount: rows.length,
    InstanceSet: rows.slice(offset, offset + limit).map(({ c, a, name, cidr }) => ({
      CcnId: c.ccnId, InstanceType: "VPC", InstanceId: a.vpcId, InstanceName: name, InstanceRegion: a.region, InstanceUin: ctx.account,
      CidrBlock: cidr ? [cidr] : [], State: "ACTIVE", AttachedTime: tencentTime(a.attachedAt), CcnUin: ctx.account,
      InstanceArea: "", Description: a.description ?? "", RouteTableId: "", RouteTableName: "", AliasType: "", AliasInstanceId: "",
    })),
  };
}

async function modifyAttachedAttribute(p: Params, ctx: ActionContext) {
  const c = await loadCcn(ctx, p.CcnId as string);
  const list = p.Instances as { InstanceId: string; InstanceRegion: string; InstanceType: string; Description?: string }[];
  if (!list.length) throw new ApiError("MissingParameter", "The request is missing a required parameter `Instances.0`.");
  const descriptions: Record<string, string> = {};
  list.forEach((x, i) => {
    checkId(x.InstanceId, "vpc", `Instances.${i}.InstanceId`);
    if (x.Description !== undefined) {
      if (x.Description.length > 100) throw new ApiError("InvalidParameterValue", `The parameter \`Instances.${i}.Description\` must be at most 100 characters.`);
      descriptions[x.InstanceId] = x.Description;
    }
  });
  unwrap(await ccnRegistry(ctx.env, ctx.account).update(c.ccnId, { vpcDescriptions: descriptions }));
  return {};
}

/** ccnRouteId is a route's stable id, derived from the CCN and the VPC (ccnr- and 8 characters). */
function ccnRouteId(ccnId: string, vpcId: string): string {
  let h = 2166136261;
  for (const ch of `${ccnId}/${vpcId}`) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  return `ccnr-${h.toString(36).padStart(8, "0").slice(-8)}`;
}

async function describeCcnRoutes(p: Params, ctx: ActionContext) {
  const c = await loadCcn(ctx, p.CcnId as string);
  const ids = p.RouteIds ? checkIds(p.RouteIds as string[], "ccnr", "RouteIds") : undefined;
  const f = filterMap(p.Filters, ["route-id", "cidr-block", "instance-type", "instance-region", "instance-id", "route-table-id"]);
  const { offset, limit } = window(p);
  const routes = (await attachedRows(ctx, [c]))
    .filter((r) => r.cidr)
    .map(({ a, name, cidr }) => ({
      RouteId: ccnRouteId(c.ccnId, a.vpcId), DestinationCidrBlock: cidr, InstanceType: "VPC", InstanceId: a.vpcId, InstanceName: name,
      InstanceRegion: a.region, UpdateTime: tencentTime(a.attachedAt), Enabled: true, InstanceUin: ctx.account, ExtraState: "Running",
      IsBgp: false, RoutePriority: 0, InstanceExtraName: "", AliasType: "", AliasInstanceId: "", RouteTableId: "", AsPath: "",
    }))
    .filter(
      (r) =>
        (!ids || ids.includes(r.RouteId)) && matches(f, "route-id", r.RouteId) && matches(f, "cidr-block", r.DestinationCidrBlock) &&
        matches(f, "instance-type", "VPC") && matches(f, "instance-region", r.InstanceRegion) && matches(f, "instance-id", r.InstanceId) && matches(f, "route-table-id", ""),
    );
  return { TotalCount: routes.length, RouteSet: routes.slice(offset, offset + limit) };
}

const def = (name: string, handler: ActionDef["handler"]): ActionDef => ({ product: "vpc", version: V, shape: S[name]!, handler });

/** CCN_LIFECYCLE_ACTIONS completes the CCN lifecycle. */
export const CCN_LIFECYCLE_ACTIONS: Record<string, ActionDef> = {
  ModifyCcnAttribute: def("ModifyCcnAttribute", modifyCcnAttribute),
  DescribeCcnAttachedInstances: def("DescribeCcnAttachedInstances", describeAttached),
  ModifyCcnAttachedInstancesAttribute: def("ModifyCcnAttachedInstancesAttribute", modifyAttachedAttribute),
  DescribeCcnRoutes: def("DescribeCcnRoutes", describeCcnRoutes),
};
