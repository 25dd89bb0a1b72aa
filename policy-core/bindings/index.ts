// The one door to policy-core for the Worker, Node and the browser: typed results and reasons
// over the raw wasm exports. It decides nothing itself; every rule is answered by the wasm.
import type { instantiate } from "../build/policy-core.js";
import { STATUS, reasonOf, type StatusName } from "./reasons";
import { checkChannelUse, loadPlan, type ChannelUse, type Explanation, type LoadedPlan, type Trace } from "./plan";
import type { PlanIssue } from "./plan-doc";

export { STATUS, reasonOf, type StatusName } from "./reasons";
export * from "./codes";
export * from "./plan-doc";
export * from "./plan";

/** CoreExports is the adapted export object that the raw bindings' `instantiate` resolves to. */
export type CoreExports = Awaited<ReturnType<typeof instantiate>>;

/** A Verdict reports whether an input passed a rule, and if not, the status and the reason. */
export type Verdict =
  | { ok: true; status: 0 }
  | { ok: false; status: number; statusName: StatusName; reason: string };

/** A Range is an IPv4 range [start, end] as unsigned 32-bit integers, with its prefix length. */
export interface Range {
  start: number;
  end: number;
  prefix: number;
}

function statusName(status: number): StatusName {
  const hit = (Object.keys(STATUS) as StatusName[]).find((k) => STATUS[k] === status);
  return hit ?? "BAD_CHAR";
}

function verdict(status: number): Verdict {
  if (status === 0) return { ok: true, status: 0 };
  return { ok: false, status, statusName: statusName(status), reason: reasonOf(status) };
}

/** formatIpv4 renders an unsigned 32-bit address as a dotted quad. */
export function formatIpv4(value: number): string {
  return [24, 16, 8, 0].map((s) => (value >>> s) & 0xff).join(".");
}

/** PolicyCore wraps one wasm instance; every method is answered by the wasm. */
export class PolicyCore {
  constructor(private readonly x: CoreExports) {}

  private range(): Range {
    return { start: this.x.rStartValue(), end: this.x.rEndValue(), prefix: this.x.rPrefixValue() };
  }

  /** parseIpv4 reports the address as a u32, or the reason it is not a strict IPv4 address. */
  parseIpv4(s: string): { ok: true; value: number } | (Verdict & { ok: false }) {
    const st = this.x.parseIpv4(s);
    if (st !== 0) return verdict(st) as Verdict & { ok: false };
    return { ok: true, value: this.x.rStartValue() };
  }

  /** parseCidr reports the CIDR's range, or why it is not a strict, host-bit-free CIDR. */
  parseCidr(s: string): ({ ok: true } & Range) | (Verdict & { ok: false; masked?: Range }) {
    const st = this.x.parseCidr(s);
    if (st === 0) return { ok: true, ...this.range() };
    const v = verdict(st) as Verdict & { ok: false; masked?: Range };
    if (st === STATUS.HOST_BITS_SET) v.masked = this.range();
    return v;
  }

  /** classicLinkCidr reports whether a VPC CIDR may take part in ClassicLink (rule CL6). */
  classicLinkCidr(s: string): Verdict {
    return verdict(this.x.classicLinkCidr(s));
  }

  /** vpcCidr reports whether a CIDR is one Tencent accepts for a VPC (/12-/28, RFC 1918). */
  vpcCidr(s: string): Verdict {
    return verdict(this.x.vpcCidr(s));
  }

  /** classicIp reports whether an address may be a classic-network private IP. */
  classicIp(s: string): Verdict {
    return verdict(this.x.classicIp(s));
  }

  /** containsIp reports whether the CIDR holds the address (null when either is malformed). */
  containsIp(cidr: string, ip: string): boolean | null {
    const r = this.x.cidrContainsIp(cidr, ip);
    return r < 0 ? null : r === 1;
  }

  /** overlaps reports whether two CIDRs share an address (null when either is malformed). */
  overlaps(a: string, b: string): boolean | null {
    const r = this.x.cidrOverlaps(a, b);
    return r < 0 ? null : r === 1;
  }

  /** contains reports whether inner lies wholly inside outer (null when either is malformed). */
  contains(outer: string, inner: string): boolean | null {
    const r = this.x.cidrContains(outer, inner);
    return r < 0 ? null : r === 1;
  }

  /** parsePorts reports whether s is a Tencent port field (ALL, 80, 8000-9000, 80,443). */
  parsePorts(s: string): Verdict {
    return verdict(this.x.parsePorts(s));
  }

  /** checkRoute reports whether a route's destination is a strict CIDR and its gateway type one the core knows. */
  checkRoute(destination: string, gatewayType: string): Verdict {
    return verdict(this.x.routeCheck(destination, gatewayType));
  }

  /** plan checks and loads a network plan document; problems come back with their JSON paths. */
  plan(doc: unknown): { ok: true; plan: LoadedPlan } | { ok: false; issues: PlanIssue[] } {
    return loadPlan(this.x, doc);
  }

  /** channelUse reports whether a service may call through a channel (rules CH2 and CH6). */
  channelUse(q: ChannelUse): { ok: true; trace: Trace } | { ok: false; explanation: Explanation } {
    return checkChannelUse(this.x, q);
  }

  /**
   * checkRule checks one security-group or ACL rule; on failure it names the field
   * (action, protocol, port or cidr) with the reason.
   */
  checkRule(r: { action: string; protocol: string; port?: string; cidr: string }): { ok: true } | { ok: false; field: "action" | "protocol" | "port" | "cidr"; reason: string } {
    this.x.ruleListReset();
    const st = this.x.ruleListAdd(r.action, r.protocol, r.port ?? "", r.cidr);
    if (st === 0) return { ok: true };
    const field = (["action", "action", "protocol", "port", "cidr"] as const)[this.x.ruleFieldValue()] ?? "action";
    return { ok: false, field, reason: reasonOf(st) };
  }
}
