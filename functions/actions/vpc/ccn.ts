// Cloud Connect Network actions (vpc 2017-03-12), the minimum rule CH6 needs: CreateCcn,
// AttachCcnInstances, DetachCcnInstances, DescribeCcns, DeleteCcn. VPC instances only.
import { ApiError } from "../../errors";
import { ccnRegistry, vpcObject } from "../../objects/names";
import type { CcnRecord } from "../../objects/records";
import { canonicalRegion } from "../../protocol/regions";
import { SDK_SCHEMAS } from "../../protocol/schemas.generated";
import { checkCreateTags, dropTags, saveTags, tagSetsOf } from "../tag/tags";
import { checkId, checkIds, filterMap, matches, page, tencentTime, unwrap, type ActionContext, type ActionDef, type Params } from "../context";

const S = SDK_SCHEMAS.vpc!;
const V = "2017-03-12";

/** ccnWire renders a CCN as the CCN model, with its tags. */
function ccnWire(c: CcnRecord, tags: { Key: string; Value: string }[] = []) {
  return {
    CcnId: c.ccnId,
    CcnName: c.name,
    CcnDescription: c.description,
    InstanceCount: c.vpcs.length,
    CreateTime: tencentTime(c.createdAt),
    State: "AVAILABLE",
    QosLevel: c.qosLevel,
    InstanceChargeType: c.chargeType,
    BandwidthLimitType: "OUTER_REGION_LIMIT",
    TagSet: tags,
  };
}

type WireInstance = { InstanceId: string; InstanceRegion: string; InstanceType: string; Description?: string };

async function vpcs(ctx: ActionContext, list: WireInstance[]): Promise<{ vpcId: string; region: string; description?: string }[]> {
  if (list.length === 0) throw new ApiError("MissingParameter", "The request is missing a required parameter `Instances.0`.");
  const out: { vpcId: string; region: string; description?: string }[] = [];
  for (const [i, x] of list.entries()) {
    if (list.findIndex((y) => y.InstanceId === x.InstanceId) !== i) {
      throw new ApiError("InvalidParameterValue.Duplicate", `The VPC ${x.InstanceId} is listed more than once in \`Instances\`.`);
    }
    if (x.InstanceType !== "VPC") throw new ApiError("InvalidParameterValue.NotInOptions", `The parameter \`Instances.${i}.InstanceType\` must be VPC here.`);
    const region = canonicalRegion(x.InstanceRegion);
    if (!region) throw new ApiError("InvalidParameterValue", `The parameter \`Instances.${i}.InstanceRegion\` (${JSON.stringify(x.InstanceRegion)}) is not a region.`);
    checkId(x.InstanceId, "vpc", `Instances.${i}.InstanceId`);
    const v = await vpcObject(ctx.env, ctx.account, x.InstanceId).describe();
    if (!v || v.vpc.region !== region) throw new ApiError("ResourceNotFound", `The VPC ${x.InstanceId} does not exist in ${region}.`);
    out.push({ vpcId: x.InstanceId, region, ...(x.Description !== undefined ? { description: x.Description } : {}) });
  }
  return out;
}

async function create(p: Params, ctx: ActionContext) {
  const c: CcnRecord = {
    ccnId: ctx.newId("ccn"),
    name: p.CcnName as string,
    description: (p.CcnDescription as string | undefined) ?? "",
    qosLevel: (p.QosLevel as string | undefined) ?? "AU",
    chargeType: (p.InstanceChargeType as string | undefined) ?? "POSTPAID",
    createdAt: ctx.now(),
    vpcs: [],
  };
  const tags = p.Tags as { Key: string; Value?: string }[] | undefined;
  const tagPairs = await checkCreateTags(ctx, tags);
  if (!(await ccnRegistry(ctx.env, ctx.account).create(c))) throw new ApiError("InternalError", "A CCN id clashed; retry.");
  await saveTags(ctx, "vpc", "ccn", c.ccnId, tagPairs);
  return { Ccn: ccnWire(c, (await tagSetsOf(ctx, "vpc", "ccn", [c.ccnId])).get(c.ccnId)) };
}

async function attach(p: Params, ctx: ActionContext) {
  const id = checkId(p.CcnId as string, "ccn", "CcnId");
  unwrap(await ccnRegistry(ctx.env, ctx.account).attach(id, await vpcs(ctx, p.Instances as WireInstance[]), ctx.now()));
  return {};
}

async function detach(p: Params, ctx: ActionContext) {
  const id = checkId(p.CcnId as string, "ccn", "CcnId");
  const list = (p.Instances as WireInstance[]).map((x, i) => checkId(x.InstanceId, "vpc", `Instances.${i}.InstanceId`));
  if (new Set(list).size !== list.length) throw new ApiError("InvalidParameterValue.Duplicate", "A VPC is listed more than once in `Instances`.");
  unwrap(await ccnRegistry(ctx.env, ctx.account).detach(id, list));
  return {};
}

async function describe(p: Params, ctx: ActionContext) {
  const ids = p.CcnIds ? checkIds(p.CcnIds as string[], "ccn", "CcnIds") : undefined;
  const f = filterMap(p.Filters, ["ccn-id", "ccn-name", "ccn-description", "state"]);
  const { offset, limit } = page(p.Offset, p.Limit);
  const all = (await ccnRegistry(ctx.env, ctx.account).list()).filter(
    (c) => (!ids || ids.includes(c.ccnId)) && matches(f, "ccn-id", c.ccnId) && matches(f, "ccn-name", c.name) && matches(f, "ccn-description", c.description) && matches(f, "state", "AVAILABLE"),
  );
  const shown = all.slice(offset, offset + limit);
  const tags = await tagSetsOf(ctx, "vpc", "ccn", shown.map((c) => c.ccnId));
  return { TotalCount: all.length, CcnSet: shown.map((c) => ccnWire(c, tags.get(c.ccnId))) };
}

async function remove(p: Params, ctx: ActionContext) {
  const id = checkId(p.CcnId as string, "ccn", "CcnId");
  unwrap(await ccnRegistry(ctx.env, ctx.account).remove(id));
  await dropTags(ctx, "vpc", "ccn", id);
  return {};
}

/** CCN_ACTIONS is the CCN table (vpc 2017-03-12). */
export const CCN_ACTIONS: Record<string, ActionDef> = {
  CreateCcn: { product: "vpc", version: V, shape: S.CreateCcn!, handler: create },
  AttachCcnInstances: { product: "vpc", version: V, shape: S.AttachCcnInstances!, handler: attach },
  DetachCcnInstances: { product: "vpc", version: V, shape: S.DetachCcnInstances!, handler: detach },
  DescribeCcns: { product: "vpc", version: V, shape: S.DescribeCcns!, handler: describe },
  DeleteCcn: { product: "vpc", version: V, shape: S.DeleteCcn!, handler: remove },
};
