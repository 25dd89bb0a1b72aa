// The tag product (tag 2018-08-13): ModifyResourceTags, TagResources, UnTagResources,
// DescribeResourceTagsByResourceIds, DescribeResourcesByTags (the tag list and one-tag bindings
// are in tag-list.ts); and saveTags/tagSetOf/dropTags, which
// the other products' create, describe and delete actions use to keep and show their `Tags`.
import { ApiError, raise } from "../../errors";
import { tagRegistry } from "../../objects/names";
import type { TagRow, TagTarget } from "../../objects/records";
import { SDK_SCHEMAS } from "../../protocol/schemas.generated";
import type { ActionContext, ActionDef, Params } from "../context";
import { checkResourceIds, checkPrefix, checkServiceType, checkTagList, paging, parseResource, regionParam } from "./rules";
import { TAG_LIST_ACTIONS } from "./tag-list";

const S = SDK_SCHEMAS.tag!;
const V = "2018-08-13";

type Pair = { key: string; value: string };

async function apply(ctx: ActionContext, targets: TagTarget[], set: { key: string; value: string }[], remove: string[], checked = false): Promise<void> {
  const r = await tagRegistry(ctx.env, ctx.account).modify(targets, set, remove, checked);
  if (!r.ok) raise(r);
}

/**
 * checkCreateTags checks a create action's `Tags` before anything is created, the tag list's
 * limits included, so a bad tag creates nothing; it reports the pairs for saveTags.
 */
export async function checkCreateTags(ctx: ActionContext, tags: { Key: string; Value?: string }[] | undefined, field = "Tags"): Promise<Pair[]> {
  if (!tags || tags.length === 0) return [];
  const pairs = checkTagList(tags.map((t) => ({ key: t.Key, value: t.Value ?? "" })), field);
  const fits = await tagRegistry(ctx.env, ctx.account).checkList(pairs);
  if (!fits.ok) raise(fits);
  return pairs;
}

/**
 * saveTags binds the pairs checkCreateTags reported to the new resource; checked before it was
 * made, they skip the list limits here, so binding cannot fail and leave the resource untagged.
 */
export async function saveTags(ctx: ActionContext, service: string, prefix: string, id: string, pairs: Pair[]): Promise<void> {
  if (pairs.length) await apply(ctx, [{ service, region: ctx.region, prefix, id }], pairs, [], true);
}

/** tagSetsOf reports each resource's tags as {Key, Value} pairs (the vpc and cvm TagSet form). */
export async function tagSetsOf(ctx: ActionContext, service: string, prefix: string, ids: string[]): Promise<Map<string, { Key: string; Value: string }[]>> {
  const rows = await tagRegistry(ctx.env, ctx.account).tagsOf(service, ctx.region, prefix, ids);
  const out = new Map<string, { Key: string; Value: string }[]>(ids.map((id) => [id, []]));
  for (const r of rows) out.get(r.id)?.push({ Key: r.key, Value: r.value });
  return out;
}

/** dropTags forgets the tags of a deleted resource. */
export async function dropTags(ctx: ActionContext, service: string, prefix: string, id: string): Promise<void> {
  await tagRegistry(ctx.env, ctx.account).drop({ service, region: ctx.region, prefix, id });
}

type WireTag = { TagKey: string; TagValue: string };

async function modifyResourceTags(p: Params, ctx: ActionContext) {
  const target = parseResource(p.Resource as string, ctx.account, "Resource");
  const replace = p.ReplaceTags as WireTag[] | undefined;
  const del = p.DeleteTags as { TagKey: string }[] | undefined;
  if (!replace && !del) throw new ApiError("MissingParameter", "The request must carry `ReplaceTags` or `DeleteTags`.");
  if (replace?.length === 0 || del?.length === 0) throw new ApiError("InvalidParameterValue", "`ReplaceTags` and `DeleteTags` may be left out but must not be empty lists.");
  const set = checkTagList((replace ?? []).map((t) => ({ key: t.TagKey, value: t.TagValue })), "ReplaceTags");
  const remove = (del ?? []).map((t) => t.TagKey);
  const both = remove.find((k) => set.some((s) => s.key === k));
  if (both !== undefined) throw new ApiError("InvalidParameterValue.DeleteTagsParamError", `The tag key ${JSON.stringify(both)} is in both \`ReplaceTags\` and \`DeleteTags\`.`);
  await apply(ctx, [target], set, remove);
  return {};
}

function resourceList(list: string[], ctx: ActionContext): TagTarget[] {
  if (list.length === 0) throw new ApiError("MissingParameter", "The request is missing a required parameter `ResourceList.0`.");
  if (list.length > 10) throw new ApiError("LimitExceeded.ResourceNumPerRequest", "`ResourceList` takes at most 10 resources.");
  return list.map((r, i) => parseResource(r, ctx.account, `ResourceList.${i}`));
}

async function tagResources(p: Params, ctx: ActionContext) {
  const targets = resourceList(p.ResourceList as string[], ctx);
  const tags = p.Tags as WireTag[];
  if (tags.length === 0) throw new ApiError("MissingParameter", "The request is missing a required parameter `Tags.0`.");
  if (tags.length > 10) throw new ApiError("LimitExceeded.TagNumPerRequest", "`Tags` takes at most 10 tags.");
  // TagResources lists TagValueEmpty (the create-action Tags and ModifyResourceTags do not).
  await apply(ctx, targets, checkTagList(tags.map((t) => ({ key: t.TagKey, value: t.TagValue })), "Tags", { valueRequired: true }), []);
  return { FailedResources: [] };
}

async function unTagResources(p: Params, ctx: ActionContext) {
  const targets = resourceList(p.ResourceList as string[], ctx);
  const keys = p.TagKeys as string[];
  if (keys.length === 0) throw new ApiError("MissingParameter", "The request is missing a required parameter `TagKeys.0`.");
  if (keys.length > 10) throw new ApiError("LimitExceeded.TagNumPerRequest", "`TagKeys` takes at most 10 keys.");
  await apply(ctx, targets, [], keys);
  return { FailedResources: [] };
}

async function describeByIds(p: Params, ctx: ActionContext) {
  const service = checkServiceType(p.ServiceType as string);
  const prefix = checkPrefix(p.ResourcePrefix as string, service);
  const ids = checkResourceIds(p.ResourceIds as string[], 50);
  const { offset, limit } = paging(p, 1000);
  const region = regionParam(p.ResourceRegion as string, "ResourceRegion");
  const rows = await tagRegistry(ctx.env, ctx.account).tagsOf(service, region, prefix, ids);
  return {
    TotalCount: rows.length,
    Offset: offset,
    Limit: limit,
    Tags: rows.slice(offset, offset + limit).map((r) => ({ TagKey: r.key, TagValue: r.value, ResourceId: r.id, TagKeyMd5: "", TagValueMd5: "", ServiceType: r.service, Category: "Custom" })),
  };
}

async function describeByTags(p: Params, ctx: ActionContext) {
  const filters = p.TagFilters as { TagKey: string; TagValue?: string[] }[];
  if (filters.length === 0) throw new ApiError("InvalidParameterValue.TagFilters", "`TagFilters` takes 1 to 6 filters.");
  if (filters.length > 6) throw new ApiError("InvalidParameterValue.TagFiltersLengthExceeded", "`TagFilters` takes at most 6 filters.");
  const { offset, limit } = paging(p, 200);
  const region = p.ResourceRegion === undefined ? undefined : regionParam(p.ResourceRegion as string, "ResourceRegion");
  const byResource = new Map<string, { t: TagRow; tags: { key: string; value: string }[] }>();
  for (const r of await tagRegistry(ctx.env, ctx.account).all(region)) {
    const k = `${r.service}:${r.region}:${r.prefix}/${r.id}`;
    const e = byResource.get(k) ?? { t: r, tags: [] };
    e.tags.push({ key: r.key, value: r.value });
    byResource.set(k, e);
  }
  const want = (e: { t: TagRow; tags: { key: string; value: string }[] }) =>
    (p.ServiceType === undefined || e.t.service === p.ServiceType) &&
    (p.ResourcePrefix === undefined || e.t.prefix === p.ResourcePrefix) &&
    (p.ResourceId === undefined || e.t.id === p.ResourceId) &&
    filters.every((f) => e.tags.some((t) => t.key === f.TagKey && (!f.TagValue?.length || f.TagValue.includes(t.value))));
  const rows = [...byResource.values()].filter(want);
  return {
    TotalCount: rows.length,
    Offset: offset,
    Limit: limit,
    Rows: rows.slice(offset, offset + limit).map((e) => ({
      ResourceRegion: e.t.region,
      ServiceType: e.t.service,
      ResourcePrefix: e.t.prefix,
      ResourceId: e.t.id,
      Tags: e.tags.map((t) => ({ TagKey: t.key, TagValue: t.value })),
    })),
  };
}

const def = (handler: ActionDef["handler"], name: string): ActionDef => ({ product: "tag", version: V, shape: S[name]!, handler, regionless: true });

/** TAG_ACTIONS are the tag product's actions. */
export const TAG_ACTIONS: Record<string, ActionDef> = {
  ModifyResourceTags: def(modifyResourceTags, "ModifyResourceTags"),
  TagResources: def(tagResources, "TagResources"),
  UnTagResources: def(unTagResources, "UnTagResources"),
  DescribeResourceTagsByResourceIds: def(describeByIds, "DescribeResourceTagsByResourceIds"),
  DescribeResourcesByTags: def(describeByTags, "DescribeResourcesByTags"),
  ...TAG_LIST_ACTIONS,
};
