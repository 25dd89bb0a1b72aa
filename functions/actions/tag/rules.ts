// The tag product's rules, as Tencent's tag docs state them (651/13354 use limits and each
// action's error list): tag keys and values, six-segment resource names, the one-service
// resource lists of AttachResourcesTag/DetachResourcesTag, paging. Pure: no I/O.
import { ApiError } from "../../errors";
import type { TagTarget } from "../../objects/records";
import { canonicalRegion } from "../../protocol/regions";

// Reserved key prefixes: the error text of InvalidParameter.ReservedTagKey names qcloud, tencent
// and project; the use-limits page names qcs:, project and 项目. Both sets are refused.
const RESERVED = /^(qcloud|tencent|project|qcs:|项目)/i;
// Letters (Chinese included), digits, inner spaces, + - = . _ : / @ ( ) [ ] , ; > < and the
// Chinese-mode ＋ － ＝ ／ ＠ （ ） 【 】 ：; never a space at either end.
const CHARS = /^[\p{L}\p{N} +\-=._:/@()[\],;><＋－＝／＠（）【】：]*$/u;
const EDGE_SPACE = /^\s|\s$/;
const CHARS_TEXT = "letters, digits, inner spaces and + - = . _ : / @ ( ) [ ] , ; > < (or ＋ － ＝ ／ ＠ （ ） 【 】 ：)";

/**
 * Options of checkTag: whether an empty value is refused (CreateTag, DeleteTag, TagResources list
 * TagValueEmpty), and whether a reserved key passes (DeleteTag and DetachResourcesTag do not list
 * ReservedTagKey: such a tag cannot exist, so they answer that it is not there).
 */
interface TagCheck {
  valueRequired?: boolean;
  reservedAllowed?: boolean;
}

/** checkTag reports a tag key and value checked as Tencent's tag product checks them, or throws naming the field. */
export function checkTag(key: string, value: string, path: string, opts: TagCheck = {}): { key: string; value: string } {
  if (key === "") throw new ApiError("InvalidParameterValue.TagKeyEmpty", `The tag key \`${path}\` must not be empty.`);
  if ([...key].length > 127) throw new ApiError("InvalidParameterValue.TagKeyLengthExceeded", `The tag key \`${path}\` must be at most 127 characters.`);
  if (!CHARS.test(key) || EDGE_SPACE.test(key)) throw new ApiError("InvalidParameterValue.TagKeyCharacterIllegal", `The tag key \`${path}\` (${JSON.stringify(key)}) may hold ${CHARS_TEXT} only.`);
  if (RESERVED.test(key) && !opts.reservedAllowed) throw new ApiError("InvalidParameter.ReservedTagKey", `The tag key \`${path}\` (${JSON.stringify(key)}) starts with a reserved prefix (qcloud, tencent, project, qcs:, 项目).`);
  if (value === "" && opts.valueRequired) throw new ApiError("InvalidParameterValue.TagValueEmpty", `The tag value of \`${path}\` must not be empty.`);
  if ([...value].length > 255) throw new ApiError("InvalidParameterValue.TagValueLengthExceeded", `The tag value of \`${path}\` must be at most 255 characters.`);
  if (!CHARS.test(value) || EDGE_SPACE.test(value)) throw new ApiError("InvalidParameterValue.TagValueCharacterIllegal", `The tag value of \`${path}\` (${JSON.stringify(value)}) may hold ${CHARS_TEXT} only.`);
  return { key, value };
}

/** checkTagList checks each tag and refuses one key given twice. */
export function checkTagList(list: { key: string; value: string }[], field: string, opts: TagCheck = {}): { key: string; value: string }[] {
  const out = list.map((t, i) => checkTag(t.key, t.value, `${field}.${i}`, opts));
  const dup = out.find((t, i) => out.findIndex((u) => u.key === t.key) !== i);
  if (dup) throw new ApiError("InvalidParameterValue.TagKeyDuplicate", `The tag key ${JSON.stringify(dup.key)} appears more than once in \`${field}\`.`);
  return out;
}

/**
 * parseResource reports the parts of a six-segment resource name
 * (qcs::<service>:<region>:uin/<account>:<prefix>/<id>; the account may be left empty), or throws.
 */
export function parseResource(name: string, account: string, field: string): TagTarget {
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

/** regionParam reports a canonical region ("" for a resource without one), or throws RegionInvalid. */
export function regionParam(region: string, field: string): string {
  if (region === "") return "";
  const r = canonicalRegion(region);
  if (!r) throw new ApiError("InvalidParameterValue.RegionInvalid", `The parameter \`${field}\` (${JSON.stringify(region)}) is not a region.`);
  return r;
}

/** checkServiceType refuses a service type that cannot be a name's third segment. */
export function checkServiceType(service: string): string {
  if (!/^[a-z][a-z0-9]*$/.test(service)) throw new ApiError("InvalidParameterValue.ServiceTypeInvalid", `The parameter \`ServiceType\` (${JSON.stringify(service)}) is not a service type (lower-case letters and digits, e.g. cvm, vpc, apigw).`);
  return service;
}

/** checkPrefix refuses a resource prefix that cannot be the part before "/" of a name's last segment (only cos goes without). */
export function checkPrefix(prefix: string | undefined, service: string): string {
  if ((prefix === undefined || prefix === "") && service === "cos") return "";
  if (prefix === undefined || !/^[A-Za-z][A-Za-z0-9_-]*$/.test(prefix)) throw new ApiError("InvalidParameterValue.ResourcePrefixInvalid", `The parameter \`ResourcePrefix\` (${JSON.stringify(prefix ?? "")}) is not a resource prefix (e.g. instance, vpc, subnet, service); only cos buckets go without one.`);
  return prefix;
}

/** checkResourceIds refuses an empty list, more than max ids, or an id that is empty or holds spaces. */
export function checkResourceIds(ids: string[], max: number): string[] {
  if (ids.length === 0) throw new ApiError("MissingParameter", "The request is missing a required parameter `ResourceIds.0`.");
  if (ids.length > max) throw new ApiError("LimitExceeded.ResourceNumPerRequest", `\`ResourceIds\` takes at most ${max} ids.`);
  ids.forEach((id, i) => {
    if (id === "" || /\s/.test(id)) throw new ApiError("InvalidParameterValue.ResourceIdInvalid", `The parameter \`ResourceIds.${i}\` (${JSON.stringify(id)}) is not a resource id.`);
  });
  return ids;
}

/** paging reports Offset and Limit (default 0 and 15), refusing a negative offset or a limit outside 1..max. */
export function paging(p: Record<string, unknown>, max: number): { offset: number; limit: number } {
  const offset = (p.Offset as number | undefined) ?? 0;
  const limit = (p.Limit as number | undefined) ?? 15;
  if (!Number.isInteger(offset) || offset < 0) throw new ApiError("InvalidParameterValue.OffsetInvalid", "`Offset` must be a whole number >= 0.");
  if (!Number.isInteger(limit) || limit < 1 || limit > max) throw new ApiError("InvalidParameterValue", `\`Limit\` must be 1 to ${max}.`);
  return { offset, limit };
}
