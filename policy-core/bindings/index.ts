// The one door to policy-core for the Worker, Node and the browser: typed results and reasons
// over the raw wasm exports. It decides nothing itself; every rule is answered by the wasm.
import type { instantiate } from "../build/policy-core.js";
import { ruleFieldName } from "./boundary";
import { STATUS, reasonOf, statusName, type StatusName } from "./reasons";
import { checkChannelUse, loadPlan, type ChannelUse, type Explanation, type LoadOptions, type LoadedPlan, type Trace } from "./plan";
import type { PlanIssue } from "./plan-doc";

export { STATUS, reasonOf, statusName, type StatusName } from "./reasons";
export * from "./boundary";
export * from "./codes";
export * from "./plan-doc";
export * from "./plan";
export { getAt, parsePath } from "./plan-issues";

/** CoreExports is the adapted export object that the raw bindings' `instantiate` resolves to. */
export type CoreExports = Awaited<ReturnType<typeof instantiate>>;

/** Parsed is the wasm's whole answer to one address or CIDR parse (status, range, blamed part). */
type Parsed = ReturnType<CoreExports["readCidr"]>;

/**
 * A Verdict reports whether an input passed a rule, and if not, the status and the reason; a
 * parse failure also names the offending part of the input and where it starts (`at`, from 0),
 * and `detail` says it all in one line, as Go's net/netip errors do.
 */
export type Verdict =
  | { ok: true; status: 0 }
  | { ok: false; status: number; statusName: StatusName; reason: string; part?: string; at?: number; detail?: string };

/** A rule in its canonical form, as Tencent lists it (ACCEPT/DROP, TCP/UDP/ICMP/ALL, port ALL when none). */
export interface CanonicalRule {
  action: "ACCEPT" | "DROP";
  protocol: string;
  port: string;
  cidr: string;
}

/** A Range is an IPv4 range [start, end] as unsigned 32-bit integers, with its prefix length. */
export interface Range {
  start: number;
  end: number;
  prefix: number;
}

function verdict(status: number): Verdict {
  if (status === 0) return { ok: true, status: 0 };
  return { ok: false, status, statusName: statusName(status), reason: reasonOf(status) };
}

/** parsed reports a parse's verdict; a failure names the part of the input the wasm blamed. */
function parsed(p: Parsed, input: string): Verdict {
  const v = verdict(p.status);
  if (v.ok) return v;
  const part = input.slice(p.errFrom, p.errTo);
  return { ...v, part, at: p.errFrom, detail: `${JSON.stringify(input)}: ${v.reason} (${part ? `${JSON.stringify(part)} at ${p.errFrom}` : `at ${p.errFrom}`})` };
}

/** formatIpv4 renders an unsigned 32-bit address as a dotted quad. */
export function formatIpv4(value: number): string {
  return [24, 16, 8, 0].map((s) => (value >>> s) & 0xff).join(".");
}

/** PolicyCore wraps one wasm instance; every method is answered by the wasm. */
export class PolicyCore {
  constructor(private readonly x: CoreExports) {}

  /** parseIpv4 reports the address as a u32, or the reason it is not a strict IPv4 address. */
  parseIpv4(s: string): { ok: true; value: number } | (Verdict & { ok: false }) {
    const p = this.x.readIpv4(s);
    if (p.status !== 0) return parsed(p, s) as Verdict & { ok: false };
    return { ok: true, value: p.start };
  }

  /** parseCidr reports the CIDR's range, or why it is not a strict, host-bit-free CIDR. */
  parseCidr(s: string): ({ ok: true } & Range) | (Verdict & { ok: false; masked?: Range }) {
    const p = this.x.readCidr(s);
    const range = { start: p.start, end: p.end, prefix: p.prefix };
    if (p.status === 0) return { ok: true, ...range };
    const v = parsed(p, s) as Verdict & { ok: false; masked?: Range };
    if (p.status === STATUS.HOST_BITS_SET) v.masked = range;
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

  /** plan checks and loads a network plan document; problems come back with their JSON paths (every stage's with `everyIssue`). */
  plan(doc: unknown, opts: LoadOptions = {}): { ok: true; plan: LoadedPlan } | { ok: false; issues: PlanIssue[] } {
    return loadPlan(this.x, doc, opts);
  }

  /** channelUse reports whether a service may call through a channel (rules CH2 and CH6). */
  channelUse(q: ChannelUse): { ok: true; trace: Trace } | { ok: false; explanation: Explanation } {
    return checkChannelUse(this.x, q);
  }

  /**
   * checkRule checks one security-group or ACL rule; on failure it names the field
   * (action, protocol, port or cidr) with the reason.
   */
  checkRule(r: { action: string; protocol: string; port?: string; cidr: string }): { ok: true; rule: CanonicalRule } | { ok: false; field: "action" | "protocol" | "port" | "cidr"; reason: string } {
    const c = this.x.checkRule(r.action, r.protocol, r.port ?? "", r.cidr);
    if (c.status !== 0) return { ok: false, field: ruleFieldName(c.field), reason: reasonOf(c.status) };
    const [action, protocol, port] = c.canonical.split(" ") as [CanonicalRule["action"], string, string];
    return { ok: true, rule: { action, protocol, port, cidr: r.cidr } };
  }

  /** format renders an unsigned 32-bit address as a dotted quad (the wasm's formatting). */
  format(value: number): string {
    return this.x.formatIpv4(value >>> 0);
  }

  /** subnetSize reports whether a subnet CIDR is strict and no smaller than a /29. */
  subnetSize(cidr: string): Verdict {
    const p = this.x.readCidr(cidr);
    return p.status !== 0 ? parsed(p, cidr) : verdict(this.x.subnetSize(cidr));
  }

  /** subnetHost reports whether an address may be given to an instance of the subnet. */
  subnetHost(cidr: string, ip: string): Verdict {
    return verdict(this.x.subnetHost(cidr, ip));
  }

  /** subnetHostAt reports the k-th (from 0) address a subnet gives out, or null past its last one. */
  subnetHostAt(cidr: string, k: number): string | null {
    return this.x.subnetHostAt(cidr, k) || null;
  }

  /** classicAddressAt reports the classic address a random u32 picks for a new instance, or null when it is no host address. */
  classicAddressAt(n: number): string | null {
    return this.x.classicAddressAt(n >>> 0) || null;
  }

  /** nodeHost reports whether a channel node's host is a strict IPv4 address or a host name. */
  nodeHost(host: string): Verdict & { address?: boolean } {
    const v = verdict(this.x.nodeHost(host));
    return v.ok ? { ...v, address: this.x.nodeHostIsAddress(host) } : v;
  }

  /** nodePort reports whether a channel node's port is a whole number 0-65535. */
  nodePort(port: number): Verdict {
    return verdict(typeof port === "number" ? this.x.nodePort(port) : STATUS.NODE_PORT_RANGE);
  }
}
