// What every action handler receives, and the small input helpers they share (ids, filters,
// paging, names). Handlers never see Hono's context or the raw request.
import type { Env } from "../env";
import { ApiError, raise, type Failure } from "../errors";
import type { CrashPoint } from "../objects/task-object";
import type { Shape } from "../protocol/schema";

/** ActionContext is the verified caller, the region, and the injected clock and id source. */
export interface ActionContext {
  env: Env;
  api: "v3" | "v2";
  account: string;
  region: string;
  requestId: string;
  /** Milliseconds since the epoch (pinned in tests). */
  now(): number;
  /** A new resource id: prefix + "-" + 8 lowercase alphanumerics. */
  newId(prefix: string): string;
  /** Tests only (FAULT_INJECTION=1): stop the task after this step, as a crash would. */
  crashAfter?: CrashPoint;
}

/** An action: which product and version it belongs to, its parameter shape and its handler. */
export interface ActionDef {
  product: "vpc" | "cvm" | "apigateway" | "tag";
  /** The product needs no X-TC-Region (the tag product: resources name their own region). */
  regionless?: boolean;
  version: string;
  shape: Shape;
  handler(params: Params, ctx: ActionContext): Promise<Record<string, unknown>>;
}

/** Params are the checked parameters of one call. */
export type Params = Record<string, unknown>;

const ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

/** randomId reports prefix + "-" + 8 random lowercase alphanumerics, like Tencent's ids. */
export function randomId(prefix: string): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  let s = "";
  for (const b of bytes) s += ALPHABET[b % ALPHABET.length];
  return `${prefix}-${s}`;
}

type IdCode = "InvalidParameterValue.Malformed" | "InvalidInstanceId.Malformed";

function checkOne(id: string, prefix: string, path: string, code: IdCode): string {
  if (!new RegExp(`^${prefix}-[a-z0-9]{8}$`).test(id)) {
    throw new ApiError(code, `The parameter \`${path}\` (${JSON.stringify(id)}) is not a valid ${prefix} id (${prefix}- and 8 lowercase letters or digits).`);
  }
  return id;
}

/** checkIds reports the ids de-duplicated in order, or throws Malformed naming the bad one. */
export function checkIds(ids: string[], prefix: string, field: string, code: IdCode = "InvalidParameterValue.Malformed"): string[] {
  ids.forEach((id, i) => checkOne(id, prefix, `${field}.${i}`, code));
  return [...new Set(ids)];
}

/** checkId reports one id, or throws Malformed naming the field. */
export function checkId(id: string, prefix: string, field: string, code: IdCode = "InvalidParameterValue.Malformed"): string {
  return checkOne(id, prefix, field, code);
}

/** Filter is Tencent's {Name, Values} pair. */
export interface Filter {
  Name: string;
  Values: string[];
}

/**
 * filterMap reports the filters by name (values of one name are ORed, names are ANDed), or
 * throws InvalidParameter.FilterInvalidKey for a name the action does not support.
 */
export function filterMap(
  filters: unknown,
  allowed: string[],
  code: "InvalidParameter.FilterInvalidKey" | "InvalidParameterValue.InvalidFilterNotSupportedName" = "InvalidParameter.FilterInvalidKey",
): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [i, f] of ((filters as Filter[] | undefined) ?? []).entries()) {
    if (!allowed.includes(f.Name)) {
      throw new ApiError(code, `The filter \`Filters.${i}.Name\` (${JSON.stringify(f.Name)}) is not supported; use one of ${allowed.join(", ")}.`);
    }
    out.set(f.Name, [...(out.get(f.Name) ?? []), ...f.Values]);
  }
  return out;
}

/** matches reports whether a value passes a filter (absent filter: always). */
export function matches(filters: Map<string, string[]>, name: string, value: string | undefined): boolean {
  const want = filters.get(name);
  return !want || (value !== undefined && want.includes(value));
}

/**
 * page reports offset and limit from numbers or numeric strings: offset >= 0, 1 <= limit <= max,
 * or throws InvalidParameterValue.Range / .LimitExceeded naming the field.
 */
export function page(offset: unknown, limit: unknown, max = 100, def = 20): { offset: number; limit: number } {
  const num = (v: unknown, name: string, d: number) => {
    if (v === undefined) return d;
    const n = typeof v === "number" ? v : /^\d{1,9}$/.test(String(v)) ? Number(v) : NaN;
    if (!Number.isInteger(n) || n < 0) throw new ApiError("InvalidParameterValue.Range", `The parameter \`${name}\` must be a whole number >= 0; got ${JSON.stringify(v)}.`);
    return n;
  };
  const o = num(offset, "Offset", 0);
  const l = num(limit, "Limit", def);
  if (l < 1) throw new ApiError("InvalidParameterValue.Range", `The parameter \`Limit\` must be at least 1; got ${l}.`);
  if (l > max) throw new ApiError("InvalidParameterValue.LimitExceeded", `The parameter \`Limit\` must be at most ${max}; got ${l}.`);
  return { offset: o, limit: l };
}

/** unwrap returns the value of a successful object call or throws its Failure as an ApiError. */
export function unwrap<R extends { ok: boolean }>(r: R): Exclude<R, { ok: false }> {
  if (!r.ok) raise(r as unknown as Failure);
  return r as Exclude<R, { ok: false }>;
}

/** tencentTime renders milliseconds as Tencent's VPC "YYYY-MM-DD hh:mm:ss" (UTC). */
export function tencentTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace("T", " ");
}

/** isoTime renders milliseconds as ISO 8601 UTC without fractions ("2026-11-22T12:00:00Z"). */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19) + "Z";
}

/** checkZone reports the zone if it belongs to the region ("ap-guangzhou-3"), else throws. */
export function checkZone(zone: string, region: string, field: string): string {
  if (!new RegExp(`^${region}-\\d{1,2}$`).test(zone)) {
    throw new ApiError("InvalidParameterValue.Zone", `The parameter \`${field}\` (${JSON.stringify(zone)}) is not a zone of ${region} (like ${region}-3).`);
  }
  return zone;
}
