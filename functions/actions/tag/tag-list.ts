// The tag product's tag list and one-tag bindings (tag 2018-08-13), the actions
// tencent-component-toolkit's Tag module calls: DescribeTags, CreateTag, DeleteTag,
// AttachResourcesTag, DetachResourcesTag. A tag (key:value) is in the account's list once
// CreateTag or any binding (TagResources, ModifyResourceTags, a create action's Tags) made it, and
// stays there after its resources are gone until DeleteTag removes it, as on Tencent.
import { ApiError, raise } from "../../errors";
import { tagRegistry } from "../../objects/names";
import type { TagTarget } from "../../objects/records";
import { SDK_SCHEMAS } from "../../protocol/schemas.generated";
import type { ActionContext, ActionDef, Params } from "../context";
import { checkResourceIds, checkPrefix, checkServiceType, checkTag, paging, regionParam } from "./rules";

const S = SDK_SCHEMAS.tag!;
const V = "2018-08-13";

/** MAX_ATTACH_IDS is AttachResourcesTag's and DetachResourcesTag's limit of resource ids per call. */
const MAX_ATTACH_IDS = 50;

async function describeTags(p: Params, ctx: ActionContext) {
  const { offset, limit } = paging(p, 1000);
  // The model: Offset "must be a multiple of Limit".
  if (offset % limit !== 0) throw new ApiError("InvalidParameterValue.OffsetInvalid", `\`Offset\` (${offset}) must be a multiple of \`Limit\` (${limit}).`);
  const tagKeys = (p.TagKeys as string[] | undefined) ?? [];
  const key = p.TagKey as string | undefined;
  const value = p.TagValue as string | undefined;
  // TagKey and TagValue come together or not at all; TagKeys, when given, is used instead of TagKey.
  if (tagKeys.length === 0 && key !== undefined && value === undefined) throw new ApiError("MissingParameter", "`TagKey` is given without `TagValue`; give both or neither.");
  if (tagKeys.length === 0 && key === undefined && value !== undefined) throw new ApiError("MissingParameter", "`TagValue` is given without `TagKey`; give both or neither.");
  const uin = p.CreateUin as number | undefined;
  if (uin !== undefined && (!Number.isInteger(uin) || uin <= 0)) throw new ApiError("InvalidParameterValue.UinInvalid", `\`CreateUin\` (${uin}) is not an account id.`);
  const show = p.ShowProject as number | undefined;
  if (show !== undefined && show !== 0 && show !== 1) throw new ApiError("InvalidParameterValue", "`ShowProject` takes 0 or 1.");
  const keys = tagKeys.length > 0 ? new Set(tagKeys) : key !== undefined ? new Set([key]) : undefined;
  // Every tag here was created by the account itself (no sub-accounts), and no project tags exist.
  const rows = uin !== undefined && String(uin) !== ctx.account
    ? []
    : (await tagRegistry(ctx.env, ctx.account).tagList()).filter((r) => (!keys || keys.has(r.key)) && (value === undefined || r.value === value));
  return {
    TotalCount: rows.length,
    Offset: offset,
    Limit: limit,
    Tags: rows.slice(offset, offset + limit).map((r) => ({ TagKey: r.key, TagValue: r.value, CanDelete: r.bound ? 0 : 1, Category: "Custom" })),
  };
}

async function createTag(p: Params, ctx: ActionContext) {
  const t = checkTag(p.TagKey as string, p.TagValue as string, "TagKey", { valueRequired: true });
  const r = await tagRegistry(ctx.env, ctx.account).createTag(t.key, t.value);
  if (!r.ok) raise(r);
  return {};
}

async function deleteTag(p: Params, ctx: ActionContext) {
  const t = checkTag(p.TagKey as string, p.TagValue as string, "TagKey", { valueRequired: true, reservedAllowed: true });
  const r = await tagRegistry(ctx.env, ctx.account).deleteTag(t.key, t.value);
  if (!r.ok) raise(r);
  return {};
}

/** targetsOf reports the resources named by ServiceType, ResourceRegion, ResourcePrefix and ResourceIds. */
/** The service types of the regional resources this service keeps. */
const REGIONAL = new Set(["vpc", "cvm", "apigw", "apigateway"]);

function targetsOf(p: Params): TagTarget[] {
  const service = checkServiceType(p.ServiceType as string);
  const prefix = checkPrefix(p.ResourcePrefix as string | undefined, service);
  const ids = checkResourceIds(p.ResourceIds as string[], MAX_ATTACH_IDS);
  const region = regionParam((p.ResourceRegion as string | undefined) ?? "", "ResourceRegion");
  // The resources this service keeps live in a region; without one the binding would name none of them.
  if (region === "" && REGIONAL.has(service)) {
    throw new ApiError("InvalidParameterValue.RegionInvalid", `The parameter \`ResourceRegion\` is required for ${service} resources, which live in a region.`);
  }
  return [...new Set(ids)].map((id) => ({ service, region, prefix, id }));
}

async function attachResourcesTag(p: Params, ctx: ActionContext) {
  const targets = targetsOf(p);
  const t = checkTag(p.TagKey as string, p.TagValue as string, "TagKey");
  const r = await tagRegistry(ctx.env, ctx.account).attach(targets, t.key, t.value);
  if (!r.ok) raise(r);
  return {};
}

async function detachResourcesTag(p: Params, ctx: ActionContext) {
  const targets = targetsOf(p);
  const t = checkTag(p.TagKey as string, "", "TagKey", { reservedAllowed: true });
  const r = await tagRegistry(ctx.env, ctx.account).detach(targets, t.key);
  if (!r.ok) raise(r);
  return {};
}

const def = (handler: ActionDef["handler"], name: string): ActionDef => ({ product: "tag", version: V, shape: S[name]!, handler, regionless: true });

/** TAG_LIST_ACTIONS are the tag list's and the one-tag bindings' actions. */
export const TAG_LIST_ACTIONS: Record<string, ActionDef> = {
  DescribeTags: def(describeTags, "DescribeTags"),
  CreateTag: def(createTag, "CreateTag"),
  DeleteTag: def(deleteTag, "DeleteTag"),
  AttachResourcesTag: def(attachResourcesTag, "AttachResourcesTag"),
  DetachResourcesTag: def(detachResourcesTag, "DetachResourcesTag"),
};
