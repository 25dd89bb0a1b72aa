// The one door to policy-core for the Worker, Node and the browser: typed results and reasons
// over the raw wasm exports. It decides nothing itself; every rule is answered by the wasm.
import type { instantiate } from "../build/policy-core.js";

/** CoreExports is the adapted export object that the raw bindings' `instantiate` resolves to. */
export type CoreExports = Awaited<ReturnType<typeof instantiate>>;

/** Status numbers returned by the wasm; a test checks they equal the wasm's exported globals. */
export const STATUS = {
  OK: 0,
  EMPTY: 1,
  BAD_CHAR: 2,
  BAD_PARTS: 3,
  LEADING_ZERO: 4,
  OCTET_RANGE: 5,
  MISSING_PREFIX: 6,
  BAD_PREFIX: 7,
  HOST_BITS_SET: 8,
  TOO_LONG: 9,
  CL_NOT_TEN: 20,
  CL_SECOND_OCTET: 21,
  CL_PREFIX_TOO_SHORT: 22,
  VPC_NOT_PRIVATE: 30,
  VPC_PREFIX_RANGE: 31,
  CLASSIC_IP_IN_VPC_RANGE: 40,
} as const;

export type StatusName = keyof typeof STATUS;

const REASONS: Record<number, string> = {
  [STATUS.EMPTY]: "it is empty",
  [STATUS.BAD_CHAR]: "only decimal digits, dots and one '/' are allowed",
  [STATUS.BAD_PARTS]: "an IPv4 address has exactly four dot-separated decimal parts",
  [STATUS.LEADING_ZERO]: "a part has a leading zero (octal-looking forms are refused)",
  [STATUS.OCTET_RANGE]: "each part must be 0-255",
  [STATUS.MISSING_PREFIX]: "a CIDR needs a '/prefix'",
  [STATUS.BAD_PREFIX]: "the prefix length must be a plain decimal 0-32",
  [STATUS.HOST_BITS_SET]: "host bits are set beyond the prefix length",
  [STATUS.TOO_LONG]: "it is too long",
  [STATUS.CL_NOT_TEN]: "ClassicLink needs a VPC CIDR inside 10.[0-47].0.0/16: the first octet is not 10",
  [STATUS.CL_SECOND_OCTET]: "ClassicLink needs a VPC CIDR inside 10.[0-47].0.0/16: the second octet is above 47",
  [STATUS.CL_PREFIX_TOO_SHORT]: "ClassicLink needs a VPC CIDR inside 10.[0-47].0.0/16: the prefix is shorter than /16",
  [STATUS.VPC_NOT_PRIVATE]: "a VPC CIDR must lie inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16",
  [STATUS.VPC_PREFIX_RANGE]: "a VPC CIDR must be /12 to /28",
  [STATUS.CLASSIC_IP_IN_VPC_RANGE]:
    "a classic-network IP must lie in 10.48.0.0-10.255.255.255 (10.0-47.x.x belongs to linkable VPCs)",
};

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

/** reasonOf reports the human reason for a status code. */
export function reasonOf(status: number): string {
  return REASONS[status] ?? `unknown status ${status}`;
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
}
