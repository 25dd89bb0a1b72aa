// The tag product (tag 2018-08-13): ModifyResourceTags, TagResources, UnTagResources,
// DescribeResourceTagsByResourceIds, DescribeResourcesByTags; and saveTags/tagSetOf/dropTags, which
// the other products' create, describe and delete actions use to keep and show their `Tags`.
import { ApiError, raise } from "../../errors";
import { tagRegistry } from "../../objects/names";
import type { TagRow, TagTarget } from "../../objects/records";
import { canonicalRegion } from "../../protocol/regions";
import { SDK_SCHEMAS } from "../../protocol/schemas.generated";
import type { ActionContext, ActionDef, Params } from "../context";

const S = SDK_SCHEMAS.tag!;
const V = "2018-08-13";

const RESERVED = /^(qcloud|tencent|project)/i;
const KEY_CHARS = /^[\p{L}\p{N} +\-=._:/@()]+$/u;
const VALUE_CHARS = /^[\p{L}\p{N} +\-=._:/@()]*$/u;

/** checkTag reports a tag key and value checked as Tencent's tag product checks them, or throws naming the field. */
function checkTag(key: string, value: string, path: string): { key: string; value: string } {
  if (key === "") throw new ApiError("InvalidParameterValue.TagKeyEmpty", `The tag key \`${path}\` must not be empty.`);
  if (key.length > 127) throw new ApiError("InvalidParameterValue.TagKeyLengthExceeded", `The tag key \`${path}\` must be at most 127 characters.`);
  if (!KEY_CHARS.test(key)) throw new ApiError("InvalidParameterValue.TagKeyCharacterIllegal", `The tag key \`${path}\` (${JSON.stringify(key)}) may hold letters, digits, spaces and + - = . _ : / @ ( ) only.`);
  if (RESERVED.test(key)) throw new ApiError("InvalidParameter.ReservedTagKey", `The tag key \`${path}\` (${JSON.stringify(key)}) starts with a reserved prefix (qcloud, tencent, project).`);
  if (value.length > 255) throw new ApiError("InvalidParameterValue.TagValueLengthExceeded", `The tag value of \`${path}\` must be at most 255 characters.`);
  if (!VALUE_CHARS.test(value)) throw new ApiError("InvalidParameterValue.TagValueCharacterIllegal", `The tag value of \`${path}\` (${JSON.stringify(value)}) may hold letters, digits, spaces and + - = . _ : / @ ( ) only.`);
  return { key, value };
}

function checkTagList(list: { key: string; value: string }[], field: string): { key: string; value: string }[] {
  const out = list.map((t, i) => checkTag(t.key, t.value, `${field}.${i}`));
  const dup = out.find((t, i) => out.findIndex((u) => u.key === t.key) !== i);
  if (dup) throw new ApiError("InvalidParameterValue.TagKeyDuplicate", `The tag key ${JSON.stringify(dup.key)} appears more than once in \`${field}\`.`);
  return out;
}

/**
 * parseResource reports the parts of a six-segment resource name
 * (qcs::<service>:<region>:uin/<account>:<prefix>/<id>; the account may be left empty), or throws.
 */
function parseResource(name: string, account: string, field: string): TagTarget {
  const bad = (why: string) => new ApiError("InvalidParameterValue.ResourceDescriptionError", `The parameter \`${field}\` (${JSON.stringify(name)}) is not a six-segment resource name qcs::service:region:uin/account:prefix/id: ${why}.`);
  const parts = name.split(":");
  if (parts.length !== 6 || parts[0] !== "qcs" || parts[1] !== "") throw bad("it must have six segments, starting qcs::");
  const [, , service, region, owner, res] = parts as [string, string, string, string, string, string];
  if (!/^[a-z][a-z0-9]*$/.test(service)) throw bad("the service type is missing");
  if (region !== "" && !canonicalRegion(region)) throw bad(`the region ${region} is unknown`);
  const m = /^uin\/(\d*)$/.exec(owner);
  if (!m) throw bad("the fifth segment must be uin/<account>");
  if (m[1] !== "" && m[1] !== account) throw bad(`the account ${m[1]} is not the caller's (${account})`);
  const slash = res.indexOf("/");
  if (slash <= 0 || slash === res.length - 1) throw bad("the last segment must be <prefix>/<id>");
  return { service, region: region === "" ? "" : canonicalRegion(region)!, prefix: res.slice(0, slash), id: res.slice(slash + 1) };
}

async function apply(ctx: ActionContext, targets: TagTarget[], set: { key: string; value: string }[], remove: string[]): Promise<void> {
  const r = await tagRegistry(ctx.env, ctx.account).modify(targets, set, remove);
  if (!r.ok) raise(r);
}

/**
 * saveTags keeps the `Tags` a create action received ({Key, Value} pairs, as vpc and cvm models
 * have them) on the new resource, after checking them as the tag product does.
 */
export async function saveTags(ctx: ActionContext, service: string, prefix: string, id: string, tags: { Key: string; Value?: string }[] | undefined, field = "Tags"): Promise<void> {
  if (!tags || tags.length === 0) return;
  const list = checkTagList(tags.map((t) => ({ key: t.Key, value: t.Value ?? "" })), field);
  await apply(ctx, [{ service, region: ctx.region, prefix, id }], list, []);
}

/** checkCreateTags checks a create action's `Tags` before anything is created (so a bad tag creates nothing). */
export function checkCreateTags(tags: { Key: string; Value?: string }[] | undefined, field = "Tags"): void {
  if (tags) checkTagList(tags.map((t) => ({ key: t.Key, value: t.Value ?? "" })), field);
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
  if (list.length > 10) throw new ApiError("InvalidParameterValue.ResourceLimitExceeded", "`ResourceList` takes at most 10 resources.");
  return list.map((r, i) => parseResource(r, ctx.account, `ResourceList.${i}`));
}

async function tagResources(p: Params, ctx: ActionContext) {
  const targets = resourceList(p.ResourceList as string[], ctx);
  const tags = p.Tags as WireTag[];
  if (tags.length === 0 || tags.length > 10) throw new ApiError("InvalidParameterValue", "`Tags` takes 1 to 10 tags.");
  await apply(ctx, targets, checkTagList(tags.map((t) => ({ key: t.TagKey, value: t.TagValue })), "Tags"), []);
  return { FailedResources: [] };
}

async function unTagResources(p: Params, ctx: ActionContext) {
  const targets = resourceList(p.ResourceList as string[], ctx);
  const keys = p.TagKeys as string[];
  if (keys.length === 0 || keys.length > 10) throw new ApiError("InvalidParameterValue", "`TagKeys` takes 1 to 10 keys.");
  await apply(ctx, targets, [], keys);
  return { FailedResources: [] };
}

function paging(p: Params, max: number): { offset: number; limit: number } {
  const offset = (p.Offset as number | undefined) ?? 0;
  const limit = (p.Limit as number | undefined) ?? 15;
  if (!Number.isInteger(offset) || offset < 0) throw new ApiError("InvalidParameterValue.OffsetInvalid", "`Offset` must be a whole number >= 0.");
  if (!Number.isInteger(limit) || limit < 1 || limit > max) throw new ApiError("InvalidParameterValue.LimitInvalid", `\`Limit\` must be 1 to ${max}.`);
  return { offset, limit };
}

function regionParam(region: string, field: string): string {
  if (region === "") return "";
  const r = canonicalRegion(region);
  if (!r) throw new ApiError("InvalidParameterValue.RegionInvalid", `The parameter \`${field}\` (${JSON.stringify(region)}) is not a region.`);
  return r;
}

async function describeByIds(p: Params, ctx: ActionContext) {
  const ids = p.ResourceIds as string[];
  if (ids.length === 0 || ids.length > 50) throw new ApiError("InvalidParameterValue", "`ResourceIds` takes 1 to 50 ids.");
  const { offset, limit } = paging(p, 1000);
  const region = regionParam(p.ResourceRegion as string, "ResourceRegion");
  const rows = await tagRegistry(ctx.env, ctx.account).tagsOf(p.ServiceType as string, region, p.ResourcePrefix as string, ids);
  return {
    TotalCount: rows.length,
    Offset: offset,
    Limit: limit,
    Tags: rows.slice(offset, offset + limit).map((r) => ({ TagKey: r.key, TagValue: r.value, ResourceId: r.id, TagKeyMd5: "", TagValueMd5: "", ServiceType: r.service, Category: "Custom" })),
  };
}

async function describeByTags(p: Params, ctx: ActionContext) {
  const filters = p.TagFilters as { TagKey: string; TagValue?: string[] }[];
  if (filters.length === 0 || filters.length > 6) throw new ApiError("InvalidParameterValue", "`TagFilters` takes 1 to 6 filters.");
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
};
