// Property tests: the wasm's port fields, rule evaluation, longest-prefix match and shadowed-rule
// detection against the independent reference in ./flow-reference.ts, from fixed seeds.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { NetworkPlan, PlanRule } from "../../policy-core/bindings/index";
import { loadCoreWithExports } from "../helpers/core-node";
import { refFirstMatch, refLongestPrefix, refParsePorts, refParseRule, refShadowed, type RefFlow, type RefRule } from "./flow-reference";
import { refParseIpv4, refStrictCidr } from "./reference";

const { core, exports: x } = await loadCoreWithExports();

const params = (seed: number) => ({ numRuns: 300, seed });

/** A tally of outcomes, to check a property saw enough of each kind of case. */
function tally() {
  const t = new Map<string, number>();
  return {
    count: (key: string) => void t.set(key, (t.get(key) ?? 0) + 1),
    atLeast: (key: string, n: number) => expect(t.get(key) ?? 0, `${key} cases in ${JSON.stringify([...t])}`).toBeGreaterThanOrEqual(n),
  };
}

// ---- port fields ----------------------------------------------------------------------------

/** A port-like token: mostly a valid port, sometimes a near miss. */
const portToken: fc.Arbitrary<string> = fc.oneof(
  { weight: 20, arbitrary: fc.integer({ min: 1, max: 65535 }).map(String) },
  { weight: 6, arbitrary: fc.integer({ min: 1, max: 9 }).map(String) },
  { weight: 2, arbitrary: fc.constantFrom("0", "65535", "65536", "99999", "100000", "4294967297") },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 999 }).map((n) => "0" + n) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom("+", "-", " ", "\t"), fc.integer({ min: 1, max: 999 })).map(([s, n]) => s + n) },
  { weight: 1, arbitrary: fc.constantFrom("", "ALL", "all", "x", "8\u0660", "1e3", "0x50", "80 ") },
);

/** An item: a port or a range of two tokens (either order). */
const portItem: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: portToken },
  { weight: 2, arbitrary: fc.tuple(portToken, portToken).map(([a, b]) => `${a}-${b}`) },
  { weight: 1, arbitrary: fc.tuple(portToken, portToken, portToken).map(([a, b, c]) => `${a}-${b}-${c}`) },
);

/** A near-valid port field: a comma list, sometimes with another separator, ALL, or long. */
const portField: fc.Arbitrary<string> = fc.oneof(
  { weight: 12, arbitrary: fc.array(portItem, { minLength: 1, maxLength: 4 }).map((a) => a.join(",")) },
  { weight: 1, arbitrary: fc.tuple(portItem, fc.constantFrom(";", ", ", ":", " "), portItem).map(([a, s, b]) => a + s + b) },
  { weight: 1, arbitrary: fc.constantFrom("", "ALL", "All", "ALL,ALL", "ANY") },
  { weight: 1, arbitrary: fc.integer({ min: 120, max: 135 }).map((n) => "1" + ",2".repeat(n)) },
);

describe("parsePorts against the reference", () => {
  it("accepts exactly the fields the reference accepts", () => {
    const t = tally();
    fc.assert(
      fc.property(portField, (s) => {
        const want = refParsePorts(s) !== undefined;
        t.count(want ? "accepted" : "refused");
        expect(core.parsePorts(s).ok, JSON.stringify(s)).toBe(want);
      }),
      { ...params(611), numRuns: 2000 },
    );
    t.atLeast("accepted", 300);
    t.atLeast("refused", 300);
  });

  it("holds exactly the ports the reference holds", () => {
    const probes = (ranges: [number, number][]) => [1, 2, 65535, ...ranges.flatMap(([lo, hi]) => [lo - 1, lo, hi, hi + 1])].filter((p) => p >= 1 && p <= 65535);
    fc.assert(
      fc.property(portField, fc.integer({ min: 1, max: 65535 }), (s, extra) => {
        const set = refParsePorts(s);
        fc.pre(set !== undefined);
        x.ruleListReset();
        expect(x.ruleListAdd("ACCEPT", "TCP", s, "0.0.0.0/0")).toBe(0);
        for (const p of [extra, ...probes(set ?? [])]) {
          const want = set === null || set.some(([lo, hi]) => p >= lo && p <= hi);
          expect(x.ruleListEval("TCP", p, "1.2.3.4"), `${JSON.stringify(s)} port ${p}`).toBe(want ? 0 : -1);
        }
      }),
      params(612),
    );
  });
});

// ---- rules and first match --------------------------------------------------------------------

const octet = fc.integer({ min: 0, max: 255 });
/** A peer address, mostly in 10.0.0.0/29 so that small rule ranges are hit. */
const peer: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 7 }).map((n) => `10.0.0.${n}`) },
  { weight: 1, arbitrary: fc.tuple(octet, octet, octet, octet).map((o) => o.join(".")) },
);
/**
 * A rule's CIDR: single addresses, aligned blocks of 10.0.0.0/29, 10/8, everything, and host-bit
 * near misses (host-bit CIDRs that mask to 0.0.0.0, such as 10.0.0.0/0, are in a table in flow.test.ts).
 */
const ruleCidr: fc.Arbitrary<string> = fc.oneof(
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 7 }).map((n) => `10.0.0.${n}`) },
  { weight: 4, arbitrary: fc.integer({ min: 29, max: 32 }).chain((p) => fc.integer({ min: 0, max: 2 ** (p - 29) - 1 }).map((k) => `10.0.0.${k * 2 ** (32 - p)}/${p}`)) },
  { weight: 2, arbitrary: fc.constantFrom("0.0.0.0/0", "0.0.0.0/16", "10.0.0.0/8", "10.0.0.0/24") },
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 1, max: 7 }), fc.integer({ min: 29, max: 31 })).map(([n, p]) => `10.0.0.${n}/${p}`) },
  { weight: 1, arbitrary: fc.constantFrom("", "10.0.0", "10.0.0.0/33", "010.0.0.0/8", "any") },
);
const smallPorts = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom("", "ALL") },
  { weight: 5, arbitrary: fc.array(fc.tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 0, max: 2 })).map(([lo, w]) => (w === 0 ? `${lo}` : `${lo}-${lo + w}`)), { minLength: 1, maxLength: 3 }).map((a) => a.join(",")) },
  { weight: 1, arbitrary: fc.constantFrom("0", "080", "5-3", "1-65535", "65535") },
);
const protocol = fc.constantFrom("TCP", "TCP", "UDP", "UDP", "ICMP", "ALL", "tcp", "Udp", "icmp", "all", "GRE");
const action = fc.constantFrom("ACCEPT", "ACCEPT", "DROP", "DROP", "accept", "Drop", "ALLOW");
const ruleFields = fc.tuple(action, protocol, smallPorts, ruleCidr);
const flow = fc.tuple(fc.constantFrom<RefFlow["protocol"]>("TCP", "UDP", "ICMP"), fc.integer({ min: 1, max: 8 }), peer);

describe("rule evaluation against the reference", () => {
  it("refuses exactly the rules the reference refuses", () => {
    const t = tally();
    fc.assert(
      fc.property(ruleFields, ([a, p, port, cidr]) => {
        const want = refParseRule(a, p, port, cidr) !== undefined;
        t.count(want ? "accepted" : "refused");
        expect(core.checkRule({ action: a, protocol: p, port, cidr }).ok, JSON.stringify([a, p, port, cidr])).toBe(want);
      }),
      { ...params(613), numRuns: 1000 },
    );
    t.atLeast("accepted", 200);
    t.atLeast("refused", 200);
  });

  it("picks the same first matching rule, and its action", () => {
    const t = tally();
    fc.assert(
      fc.property(fc.array(ruleFields, { minLength: 3, maxLength: 8 }), fc.array(flow, { minLength: 1, maxLength: 8 }), (fields, flows) => {
        x.ruleListReset();
        const rules: RefRule[] = [];
        for (const f of fields) {
          const r = refParseRule(...f);
          expect(x.ruleListAdd(...f) === 0).toBe(r !== undefined);
          if (r) rules.push(r);
        }
        for (const [proto, port, ip] of flows) {
          const want = refFirstMatch(rules, { protocol: proto, port, peer: refParseIpv4(ip)! });
          t.count(want < 0 ? "none" : "match");
          const got = x.ruleListEval(proto, port, ip);
          expect(got, `${proto} ${port} ${ip}`).toBe(want);
          if (want >= 0) expect(x.ruleAccepts(got)).toBe(rules[want]!.accept ? 1 : 0);
        }
      }),
      params(614),
    );
    t.atLeast("none", 100);
    t.atLeast("match", 200);
  });
});

// ---- longest-prefix match ---------------------------------------------------------------------

/** A CIDR in 10.0.0.0/24 (nested and repeated blocks are likely), sometimes with host bits. */
const lpmCidr: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 24, max: 32 }).chain((p) => fc.integer({ min: 0, max: 2 ** (p - 24) - 1 }).map((k) => `10.0.0.${k * 2 ** (32 - p)}/${p}`)) },
  { weight: 1, arbitrary: fc.constantFrom("0.0.0.0/0", "10.0.0.0/8", "10.0.0.0/16", "10.0.0.0/24") },
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 1, max: 255 }), fc.integer({ min: 24, max: 31 })).map(([n, p]) => `10.0.0.${n}/${p}`) },
);
const lpmAddress = fc.oneof({ weight: 6, arbitrary: octet.map((n) => `10.0.0.${n}`) }, { weight: 1, arbitrary: fc.constantFrom("10.0.1.0", "11.0.0.0", "9.255.255.255") });

describe("lpmLookup against the reference", () => {
  it("adds only strict CIDRs and finds the longest prefix holding an address, first on a tie", () => {
    const t = tally();
    fc.assert(
      fc.property(fc.array(lpmCidr, { maxLength: 10 }), fc.array(lpmAddress, { minLength: 1, maxLength: 10 }), (cidrs, ips) => {
        x.lpmReset();
        const added: string[] = [];
        for (const c of cidrs) {
          const strict = refStrictCidr(c) !== null;
          expect(x.lpmAdd(c) === 0, c).toBe(strict);
          if (strict) added.push(c);
        }
        for (const ip of ips) {
          const want = refLongestPrefix(added, ip);
          t.count(want < 0 ? "none" : "found");
          expect(x.lpmLookup(ip), `${ip} in ${JSON.stringify(added)}`).toBe(want);
        }
      }),
      params(615),
    );
    t.atLeast("none", 100);
    t.atLeast("found", 300);
  });
});

// ---- shadowed rules ---------------------------------------------------------------------------

/**
 * Rules over a universe where brute force is exact: peers are within 10.0.0.0/29 or everything,
 * port fields are ALL or subsets of 1-4. So one flow per (protocol, port 1-5, address in
 * 10.0.0.0/29 or 11.0.0.1) stands for every flow: port 5 for all of 5-65535, 11.0.0.1 for every
 * address outside 10.0.0.0/29, and "OTHER" for the IP protocols rules of protocol ALL also match.
 * The space is small so that unions of rules often cover a later one.
 */
const shadowCidr = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 29, max: 32 }).chain((p) => fc.integer({ min: 0, max: 2 ** (p - 29) - 1 }).map((k) => `10.0.0.${k * 2 ** (32 - p)}/${p}`)) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 7 }).map((n) => `10.0.0.${n}`) },
  { weight: 1, arbitrary: fc.constant("0.0.0.0/0") },
);
const shadowPorts = fc.oneof(
  { weight: 1, arbitrary: fc.constant("ALL") },
  { weight: 3, arbitrary: fc.array(fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 3 })).map(([lo, w]) => (w === 0 || lo + w > 4 ? `${lo}` : `${lo}-${lo + w}`)), { minLength: 1, maxLength: 2 }).map((a) => a.join(",")) },
);
const shadowRule: fc.Arbitrary<PlanRule> = fc
  .tuple(fc.constantFrom<"ACCEPT" | "DROP">("ACCEPT", "DROP"), fc.constantFrom("TCP", "TCP", "UDP", "ICMP", "ALL"), shadowPorts, shadowCidr)
  .map(([a, p, port, cidr]) => ({ action: a, protocol: p, port: p === "TCP" || p === "UDP" ? port : "ALL", cidr }));

/** halves reports the two halves of an aligned block of 10.0.0.0/29. */
function halves(cidr: string): string[] {
  const [, n, p] = /^10\.0\.0\.(\d+)\/(\d+)$/.exec(cidr)!.map(Number) as [number, number, number];
  return [`10.0.0.${n}/${p + 1}`, `10.0.0.${n + 2 ** (31 - p)}/${p + 1}`];
}

/**
 * A list where a rule is covered by earlier pieces of it, amid noise: its two address halves, its
 * two port halves, or (for protocol ALL) a TCP, a UDP and an ICMP rule, which leave other IP
 * protocols uncovered.
 */
const splitList: fc.Arbitrary<PlanRule[]> = fc
  .tuple(
    fc.constantFrom("TCP", "UDP", "ICMP", "ALL"),
    fc.constantFrom("10.0.0.0/29", "10.0.0.0/30", "10.0.0.4/30", "10.0.0.2/31"),
    fc.constantFrom("addresses", "ports", "protocols"),
    fc.array(shadowRule, { maxLength: 2 }),
    fc.array(shadowRule, { maxLength: 2 }),
  )
  .map(([p, cidr, by, before, after]) => {
    const ported = p === "TCP" || p === "UDP";
    const port = ported ? "1-4" : "ALL";
    let pieces: PlanRule[] = halves(cidr).map((c) => ({ action: "ACCEPT", protocol: p, port, cidr: c }));
    if (by === "ports" && ported) pieces = ["1-2", "3-4"].map((q) => ({ action: "ACCEPT", protocol: p, port: q, cidr }));
    if (by === "protocols" && p === "ALL") pieces = ["TCP", "UDP", "ICMP"].map((q) => ({ action: "ACCEPT", protocol: q, port: "ALL", cidr }));
    return [...before, ...pieces, { action: "DROP", protocol: p, port, cidr }, ...after];
  });

const UNIVERSE: RefFlow[] = (["TCP", "UDP", "ICMP", "OTHER"] as const).flatMap((protocol) =>
  [...Array.from({ length: 8 }, (_, n) => refParseIpv4(`10.0.0.${n}`)!), refParseIpv4("11.0.0.1")!].flatMap((p) =>
    (protocol === "TCP" || protocol === "UDP" ? [1, 2, 3, 4, 5] : [0]).map((port) => ({ protocol, port, peer: p })),
  ),
);

describe("shadowed against brute force", () => {
  it("reports a rule iff no flow reaches it, with the first single earlier rule covering it", () => {
    const t = tally();
    fc.assert(
      fc.property(fc.oneof(fc.array(shadowRule, { minLength: 1, maxLength: 8 }), splitList), (list) => {
        const doc: NetworkPlan = {
          version: 1,
          vpcs: [{ id: "v", cidrs: ["10.0.0.0/16"] }],
          securityGroups: [{ id: "sg", ingress: list, egress: [] }],
          networkAcls: [{ id: "acl", vpcId: "v", inbound: [], outbound: list }],
        };
        const r = core.plan(doc);
        if (!r.ok) return expect.fail(JSON.stringify(r.issues));
        const want = refShadowed(list.map((l) => refParseRule(l.action, l.protocol, l.port ?? "", l.cidr)!), UNIVERSE);
        for (const s of want) t.count(s.coveredBy === null ? "union" : "single");
        if (want.length === 0) t.count("none");
        const got = r.plan.shadowed();
        const of = (kind: string) => got.filter((s) => s.kind === kind).map((s) => ({ ruleIndex: s.ruleIndex, coveredBy: s.coveredBy }));
        expect(of("securityGroup"), JSON.stringify(list)).toEqual(want);
        expect(of("networkAcl")).toEqual(want);
      }),
      params(616),
    );
    t.atLeast("single", 50);
    t.atLeast("union", 10);
    t.atLeast("none", 50);
  });
});
