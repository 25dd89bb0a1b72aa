// A slow, obviously-correct reference for policy-core's flow rules, written independently of the
// wasm: port fields are split and matched with regular expressions, a rule's ports are a list of
// [lo, hi] pairs, addresses are BigInt ranges from ./reference, and longest-prefix match and
// shadowing are answered by brute force. It answers "accepted or not" and indices only; the
// wasm's choice among refusal statuses is pinned by the tables in flow.test.ts.
import { refParseCidr, refParseIpv4 } from "./reference";

/** A port number as Tencent writes it: plain decimal, no sign, no leading zero. */
const PORT = /^[1-9][0-9]{0,4}$/;

/** A port set: null is ALL, otherwise inclusive [lo, hi] pairs. */
export type RefPorts = [number, number][] | null;

/** refParsePorts reports the port set a Tencent port field names, or undefined if it is invalid. */
export function refParsePorts(s: string): RefPorts | undefined {
  if (s === "" || s.toUpperCase() === "ALL") return null;
  if (s.length > 255) return undefined; // the core's length guard
  const out: [number, number][] = [];
  for (const item of s.split(",")) {
    const ends = item.split("-");
    if (ends.length > 2) return undefined;
    const nums = ends.map((e) => (PORT.test(e) ? Number(e) : NaN));
    if (nums.some((n) => !(n >= 1 && n <= 65535))) return undefined;
    const lo = nums[0]!;
    const hi = nums[nums.length - 1]!;
    if (lo > hi) return undefined;
    out.push([lo, hi]);
  }
  return out;
}

/** Protocol names a rule may carry; a flow carries one of the first three. */
export type RefProtocol = "TCP" | "UDP" | "ICMP" | "ALL";

/** refProtocol reports the upper-case protocol name, or undefined. */
export function refProtocol(s: string): RefProtocol | undefined {
  const u = s.toUpperCase();
  return u === "TCP" || u === "UDP" || u === "ICMP" || u === "ALL" ? u : undefined;
}

/** A parsed rule: accept or drop, protocol, ports, and the peer range [start, end]. */
export interface RefRule {
  accept: boolean;
  protocol: RefProtocol;
  ports: RefPorts;
  start: bigint;
  end: bigint;
}

const LAST = 2n ** 32n - 1n;

/** refParseRule reports the rule, or undefined when any field is invalid. */
export function refParseRule(action: string, protocol: string, port: string, cidr: string): RefRule | undefined {
  const a = action.toUpperCase();
  if (a !== "ACCEPT" && a !== "DROP") return undefined;
  const p = refProtocol(protocol);
  if (!p) return undefined;
  const ports = refParsePorts(port);
  if (ports === undefined) return undefined;
  if (ports !== null && (p === "ICMP" || p === "ALL")) return undefined;
  let start: bigint;
  let end: bigint;
  if (!cidr.includes("/")) {
    const v = refParseIpv4(cidr);
    if (v === null) return undefined;
    start = v;
    end = v;
  } else {
    const c = refParseCidr(cidr);
    if (!c || c.hostBits) return undefined;
    [start, end] = c.start === 0n ? [0n, LAST] : [c.start, c.end]; // 0.0.0.0/n is everything
  }
  return { accept: a === "ACCEPT", protocol: p, ports, start, end };
}

/** A flow as a rule sees it; "OTHER" stands for any IP protocol but TCP, UDP and ICMP. */
export interface RefFlow {
  protocol: "TCP" | "UDP" | "ICMP" | "OTHER";
  port: number;
  peer: bigint;
}

/** refMatches reports whether a rule matches a flow. */
export function refMatches(r: RefRule, f: RefFlow): boolean {
  if (r.protocol !== "ALL" && r.protocol !== f.protocol) return false;
  if (f.peer < r.start || f.peer > r.end) return false;
  if (f.protocol !== "TCP" && f.protocol !== "UDP") return true;
  return r.ports === null || r.ports.some(([lo, hi]) => f.port >= lo && f.port <= hi);
}

/** refFirstMatch reports the index of the first rule matching the flow, or -1. */
export function refFirstMatch(rules: RefRule[], f: RefFlow): number {
  for (let i = 0; i < rules.length; i++) if (refMatches(rules[i]!, f)) return i;
  return -1;
}

/** refLongestPrefix reports the index of the longest added prefix holding ip (first on a tie), or -1. */
export function refLongestPrefix(cidrs: string[], ip: string): number {
  const v = refParseIpv4(ip);
  if (v === null) throw new Error(`refLongestPrefix: ${ip} is not an address`);
  let best = -1;
  let bestPrefix = -1;
  cidrs.forEach((c, i) => {
    const r = refParseCidr(c);
    if (!r || r.hostBits) throw new Error(`refLongestPrefix: ${c} is not a strict CIDR`);
    if (v >= r.start && v <= r.end && r.prefix > bestPrefix) {
      best = i;
      bestPrefix = r.prefix;
    }
  });
  return best;
}

/** A rule's shadowing verdict: shadowed, and by which single earlier rule (null: only a union). */
export interface RefShadow {
  ruleIndex: number;
  coveredBy: number | null;
}

/**
 * refShadowed lists the rules that no flow of the universe reaches (rule 0 is always reachable),
 * by trying every flow. The caller picks a universe where that is exact: one flow for each class
 * of flows the rules cannot tell apart. coveredBy is the first earlier rule matching every flow
 * of the universe that the rule matches.
 */
export function refShadowed(rules: RefRule[], universe: RefFlow[]): RefShadow[] {
  const out: RefShadow[] = [];
  rules.forEach((r, k) => {
    if (k === 0) return;
    const mine = universe.filter((f) => refMatches(r, f));
    if (mine.some((f) => refFirstMatch(rules, f) === k)) return;
    const by = rules.slice(0, k).findIndex((e) => mine.every((f) => refMatches(e, f)));
    out.push({ ruleIndex: k, coveredBy: by >= 0 ? by : null });
  });
  return out;
}
