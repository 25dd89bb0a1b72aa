// Property tests: the wasm against the independent reference in ./reference.ts, and against
// ipaddr.js, over strings from a grammar of near-valid addresses and CIDRs. Every property runs
// at least 2,000 cases from a fixed seed, and checks that its cases were not mostly trivial.
import fc from "fast-check";
import ipaddr from "ipaddr.js";
import { describe, expect, it } from "vitest";
import { STATUS } from "../../policy-core/bindings/index";
import { loadCore } from "../helpers/core-node";
import {
  refClassicIpOk,
  refClassicLinkOk,
  refContains,
  refContainsIp,
  refOctets,
  refOverlaps,
  refParseCidr,
  refParseIpv4,
  refVpcOk,
} from "./reference";

const core = await loadCore();

const RUNS = 2_000;
const SEED = 20_240_611;
const params = { numRuns: RUNS, seed: SEED };

/** A tally of outcomes, to check a property saw enough of each kind of case. */
function tally(): Map<string, number> {
  return new Map<string, number>();
}
function count(t: Map<string, number>, key: string): void {
  t.set(key, (t.get(key) ?? 0) + 1);
}
function atLeast(t: Map<string, number>, key: string, n: number): void {
  expect(t.get(key) ?? 0, `${key} cases in ${JSON.stringify([...t])}`).toBeGreaterThanOrEqual(n);
}

// ---- the grammar ----------------------------------------------------------------------------

const UNICODE_DIGITS = ["\u0660", "\uff10", "\u0966", "\u{1d7ce}"]; // zero in four other scripts

/** An octet-like token: mostly a valid octet, sometimes one of the classic near misses. */
const octetToken: fc.Arbitrary<string> = fc.oneof(
  { weight: 40, arbitrary: fc.integer({ min: 0, max: 255 }).map(String) },
  // leading zeros: "00", "010", "0255", "0001" (the octal CVE class)
  { weight: 3, arbitrary: fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 255 })).map(([z, n]) => "0".repeat(z) + n) },
  // just out of range
  { weight: 2, arbitrary: fc.integer({ min: 256, max: 999 }).map(String) },
  // big numbers, up to and past 2^32 and 2^53
  { weight: 2, arbitrary: fc.bigInt({ min: 1000n, max: 2n ** 64n }).map(String) },
  // k * 2^32 + n, which a 32-bit accumulator would read as n
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 1, max: 2 }), fc.integer({ min: 0, max: 255 })).map(([k, n]) => String(BigInt(k) * 2n ** 32n + BigInt(n))) },
  // hexadecimal
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 255 }).map((n) => "0x" + n.toString(16)) },
  // empty part
  { weight: 1, arbitrary: fc.constant("") },
  // signs
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom("+", "-"), fc.integer({ min: 0, max: 255 })).map(([s, n]) => s + n) },
  // whitespace around a valid octet
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(" ", "\t", "\n", "\u00a0"), fc.integer({ min: 0, max: 255 }), fc.boolean()).map(([w, n, before]) => (before ? w + n : n + w)) },
  // a digit from another script in a valid octet
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 0, max: 255 }), fc.constantFrom(...UNICODE_DIGITS)).map(([n, u]) => String(n).replace(/[0-9]$/, u)) },
  // anything short
  { weight: 1, arbitrary: fc.string({ maxLength: 3 }) },
);

/** A near-valid address: mostly four parts, sometimes fewer or more, sometimes with debris. */
const nearAddress: fc.Arbitrary<string> = fc
  .tuple(
    fc.oneof({ weight: 12, arbitrary: fc.constant(4) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 3 }) }, { weight: 1, arbitrary: fc.integer({ min: 5, max: 6 }) }),
    fc.array(octetToken, { minLength: 6, maxLength: 6 }),
    fc.oneof({ weight: 12, arbitrary: fc.constant("") }, { weight: 1, arbitrary: fc.constantFrom(".", " ", "x", "/", "\u0000") }),
    fc.boolean(),
  )
  .map(([n, parts, debris, atEnd]) => {
    const s = parts.slice(0, n).join(".");
    return atEnd ? s + debris : debris + s;
  });

/** A prefix-like token: mostly 0..32, sometimes padded, too big, signed, empty or odd. */
const prefixToken: fc.Arbitrary<string> = fc.oneof(
  { weight: 30, arbitrary: fc.integer({ min: 0, max: 32 }).map(String) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 32 }).map((n) => "0" + n) },
  { weight: 2, arbitrary: fc.integer({ min: 33, max: 999 }).map(String) },
  { weight: 1, arbitrary: fc.constantFrom("", "+8", "-1", " 8", "8 ", "\uff18", "0x8", "/8", "8/") },
  { weight: 1, arbitrary: fc.string({ maxLength: 3 }) },
);

/** A near-valid CIDR: an address-like string, a slash (usually), a prefix-like token. */
const nearCidr: fc.Arbitrary<string> = fc.oneof(
  { weight: 12, arbitrary: fc.tuple(nearAddress, prefixToken).map(([a, p]) => `${a}/${p}`) },
  { weight: 1, arbitrary: nearAddress },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
);

/** Any string: mostly near-valid addresses, sometimes arbitrary (full Unicode) text. */
const addressInput: fc.Arbitrary<string> = fc.oneof(
  { weight: 10, arbitrary: nearAddress },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 20 }) },
);

/** A well-formed CIDR over a few "interesting" octets, so that pairs often touch or nest. */
const interestingOctet = fc.oneof(
  fc.constantFrom(0, 1, 10, 16, 31, 47, 48, 127, 128, 168, 172, 192, 254, 255),
  fc.integer({ min: 0, max: 255 }),
);
const interestingPrefix = fc.oneof(
  fc.constantFrom(0, 1, 7, 8, 12, 15, 16, 17, 24, 28, 31, 32),
  fc.integer({ min: 0, max: 32 }),
);
const wellFormedCidr: fc.Arbitrary<string> = fc
  .tuple(fc.array(interestingOctet, { minLength: 4, maxLength: 4 }), interestingPrefix, fc.boolean())
  .map(([octets, prefix, clearHostBits]) => {
    if (!clearHostBits) return `${octets.join(".")}/${prefix}`;
    const value = octets.reduce((acc, o) => acc * 256n + BigInt(o), 0n);
    const size = 2n ** BigInt(32 - prefix);
    return `${refOctets(value - (value % size)).join(".")}/${prefix}`;
  });
/** Short CIDRs with one part k * 2^32 + n (18 characters at most), to catch 32-bit wrap-around. */
const wrapCidr: fc.Arbitrary<string> = fc
  .tuple(
    fc.integer({ min: 0, max: 3 }),
    fc.tuple(fc.integer({ min: 1, max: 2 }), fc.integer({ min: 0, max: 255 })),
    fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 3, maxLength: 3 }),
    fc.integer({ min: 0, max: 9 }),
  )
  .map(([at, [k, n], rest, prefix]) => {
    const parts = rest.map(String);
    parts.splice(at, 0, String(BigInt(k) * 2n ** 32n + BigInt(n)));
    return `${parts.join(".")}/${prefix}`;
  });

/** CIDRs for the relations: mostly well-formed (with or without host bits), some near misses. */
const relationCidr = fc.oneof({ weight: 8, arbitrary: wellFormedCidr }, { weight: 1, arbitrary: nearCidr });
const relationIp = fc.oneof(
  { weight: 8, arbitrary: fc.array(interestingOctet, { minLength: 4, maxLength: 4 }).map((o) => o.join(".")) },
  { weight: 1, arbitrary: nearAddress },
);
/** A CIDR and an address: unrelated, or the address is the CIDR's own with low bits changed. */
const cidrAndIp: fc.Arbitrary<[string, string]> = fc.oneof(
  fc.tuple(relationCidr, relationIp),
  fc
    .tuple(wellFormedCidr, fc.bigInt({ min: 0n, max: 2n ** 32n - 1n }), fc.integer({ min: 0, max: 32 }))
    .map(([cidr, noise, bits]): [string, string] => {
      const [addr = ""] = cidr.split("/");
      const value = addr.split(".").reduce((acc, o) => acc * 256n + BigInt(o), 0n);
      const low = 2n ** BigInt(bits);
      return [cidr, refOctets(value - (value % low) + (noise % low)).join(".")];
    }),
);

/** u32 reports a reference BigInt as the unsigned number the bindings report. */
const u32 = (v: bigint) => Number(v);

// ---- properties -------------------------------------------------------------------------------

describe("parseIpv4", () => {
  it("accepts exactly what the strict reference accepts, with the same u32", () => {
    const t = tally();
    fc.assert(
      fc.property(addressInput, (s) => {
        const ref = refParseIpv4(s);
        const got = core.parseIpv4(s);
        count(t, ref === null ? "refused" : "accepted");
        if (ref === null) {
          expect(got.ok, JSON.stringify(s)).toBe(false);
          expect(got.ok === false && got.status > 0 && got.status < STATUS.CL_NOT_TEN).toBe(true);
        } else {
          expect(got, JSON.stringify(s)).toEqual({ ok: true, value: u32(ref) });
        }
      }),
      params,
    );
    atLeast(t, "accepted", RUNS / 5);
    atLeast(t, "refused", RUNS / 5);
  });

  it("agrees with ipaddr.js isValidFourPartDecimal on every input and with its octets on valid ones", () => {
    const t = tally();
    fc.assert(
      fc.property(addressInput, (s) => {
        const valid = ipaddr.IPv4.isValidFourPartDecimal(s);
        const got = core.parseIpv4(s);
        count(t, valid ? "valid" : "invalid");
        expect(got.ok, JSON.stringify(s)).toBe(valid);
        if (got.ok) expect(refOctets(BigInt(got.value))).toEqual(ipaddr.IPv4.parse(s).toByteArray());
      }),
      params,
    );
    atLeast(t, "valid", RUNS / 5);
    atLeast(t, "invalid", RUNS / 5);
  });
});

describe("parseCidr", () => {
  it("accepts exactly the strict reference's host-bit-free CIDRs and reports the same block", () => {
    const t = tally();
    fc.assert(
      fc.property(fc.oneof({ weight: 5, arbitrary: nearCidr }, { weight: 5, arbitrary: wellFormedCidr }, { weight: 1, arbitrary: wrapCidr }), (s) => {
        const ref = refParseCidr(s);
        const got = core.parseCidr(s);
        if (ref === null) {
          count(t, "refused");
          expect(got.ok, JSON.stringify(s)).toBe(false);
          expect(got.ok === false && got.status > 0 && got.status < STATUS.CL_NOT_TEN && !got.masked).toBe(true);
          return;
        }
        const block = { start: u32(ref.start), end: u32(ref.end), prefix: ref.prefix };
        if (ref.hostBits) {
          count(t, "host bits");
          expect(got, JSON.stringify(s)).toMatchObject({ ok: false, statusName: "HOST_BITS_SET", masked: block });
        } else {
          count(t, "accepted");
          expect(got, JSON.stringify(s)).toEqual({ ok: true, ...block });
        }
      }),
      params,
    );
    atLeast(t, "accepted", RUNS / 20);
    atLeast(t, "host bits", RUNS / 20);
    atLeast(t, "refused", RUNS / 5);
  });

  it("agrees with ipaddr.js parseCIDR on the CIDRs it accepts", () => {
    const t = tally();
    fc.assert(
      fc.property(fc.oneof(wellFormedCidr, nearCidr), (s) => {
        const got = core.parseCidr(s);
        const range = got.ok ? got : got.masked;
        if (!range) return;
        count(t, got.ok ? "accepted" : "host bits");
        expect(ipaddr.IPv4.isValidCIDRFourPartDecimal(s), JSON.stringify(s)).toBe(true);
        const [, prefix] = ipaddr.IPv4.parseCIDR(s);
        expect(range.prefix).toBe(prefix);
        expect(refOctets(BigInt(range.start))).toEqual(ipaddr.IPv4.networkAddressFromCIDR(s).toByteArray());
        expect(refOctets(BigInt(range.end))).toEqual(ipaddr.IPv4.broadcastAddressFromCIDR(s).toByteArray());
      }),
      params,
    );
    atLeast(t, "accepted", RUNS / 10);
    atLeast(t, "host bits", RUNS / 10);
  });
});

describe("containsIp", () => {
  it("equals the reference, and ipaddr.js match on well-formed pairs", () => {
    const t = tally();
    fc.assert(
      fc.property(cidrAndIp, ([cidr, ip]) => {
        const ref = refContainsIp(cidr, ip);
        count(t, String(ref));
        expect(core.containsIp(cidr, ip), `${cidr} ∋ ${ip}`).toBe(ref);
        if (ref !== null) expect(ipaddr.IPv4.parse(ip).match(ipaddr.IPv4.parseCIDR(cidr))).toBe(ref);
      }),
      params,
    );
    atLeast(t, "true", RUNS / 10);
    atLeast(t, "false", RUNS / 10);
    atLeast(t, "null", RUNS / 50);
  });
});

describe("overlaps", () => {
  it("equals the reference and is symmetric", () => {
    const t = tally();
    fc.assert(
      fc.property(relationCidr, relationCidr, (a, b) => {
        const ref = refOverlaps(a, b);
        count(t, String(ref));
        expect(core.overlaps(a, b), `${a} ∩ ${b}`).toBe(ref);
        expect(core.overlaps(b, a), `${b} ∩ ${a}`).toBe(ref);
      }),
      params,
    );
    atLeast(t, "true", RUNS / 10);
    atLeast(t, "false", RUNS / 10);
    atLeast(t, "null", RUNS / 50);
  });
});

describe("contains", () => {
  it("equals the reference", () => {
    const t = tally();
    fc.assert(
      fc.property(relationCidr, relationCidr, (outer, inner) => {
        const ref = refContains(outer, inner);
        count(t, String(ref));
        expect(core.contains(outer, inner), `${outer} ⊇ ${inner}`).toBe(ref);
      }),
      params,
    );
    atLeast(t, "true", RUNS / 20);
    atLeast(t, "false", RUNS / 10);
    atLeast(t, "null", RUNS / 50);
  });

  it("holds for a CIDR and itself, and implies overlaps", () => {
    fc.assert(
      fc.property(wellFormedCidr, wellFormedCidr, (a, b) => {
        expect(core.contains(a, a)).toBe(true);
        if (core.contains(a, b)) expect(core.overlaps(a, b)).toBe(true);
      }),
      params,
    );
  });
});

/** Near-valid CIDRs aimed at the 10/8 rules: 10.x or 172.16-31.x or 192.168.x, any prefix. */
const ruleCidr: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .tuple(
        fc.constantFrom("10", "10", "10", "172", "192", "11", "9"),
        fc.oneof(fc.integer({ min: 0, max: 63 }), fc.constantFrom(16, 31, 47, 48, 168, 255), fc.integer({ min: 0, max: 255 })),
        fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 255 })),
        fc.constantFrom(0, 0, 0, 1, 128, 240),
        fc.oneof(fc.integer({ min: 0, max: 32 }), fc.integer({ min: 16, max: 32 })),
      )
      .map(([a, b, c, d, p]) => `${a}.${b}.${c}.${d}/${p}`),
  },
  { weight: 1, arbitrary: wellFormedCidr },
  { weight: 1, arbitrary: nearCidr },
);

describe("classicLinkCidr", () => {
  it("says ok exactly when the reference's CL6 (inside one of 10.[0-47].0.0/16) does", () => {
    const t = tally();
    fc.assert(
      fc.property(ruleCidr, (s) => {
        const ref = refClassicLinkOk(s);
        const got = core.classicLinkCidr(s);
        count(t, String(ref));
        expect(got.ok, JSON.stringify(s)).toBe(ref);
        // a refusal of a well-formed CIDR names a CL rule; of anything else, a parse status
        if (!got.ok) {
          const wellFormed = refParseCidr(s)?.hostBits === false;
          expect(got.statusName.startsWith("CL_"), JSON.stringify([s, got.statusName])).toBe(wellFormed);
        }
      }),
      params,
    );
    atLeast(t, "true", RUNS / 40);
    atLeast(t, "false", RUNS / 5);
  });
});

describe("vpcCidr", () => {
  it("says ok exactly when the reference (/12-/28 inside one RFC 1918 block) does", () => {
    const t = tally();
    fc.assert(
      fc.property(ruleCidr, (s) => {
        const ref = refVpcOk(s);
        count(t, String(ref));
        expect(core.vpcCidr(s).ok, JSON.stringify(s)).toBe(ref);
      }),
      params,
    );
    atLeast(t, "true", RUNS / 40);
    atLeast(t, "false", RUNS / 5);
  });
});

describe("classicIp", () => {
  it("says ok exactly when the reference (10.48.0.0-10.255.255.255) does", () => {
    const t = tally();
    const tenish = fc
      .tuple(fc.constantFrom(9, 10, 10, 10, 11), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }))
      .map((o) => o.join("."));
    fc.assert(
      fc.property(fc.oneof({ weight: 4, arbitrary: tenish }, { weight: 1, arbitrary: addressInput }), (s) => {
        const ref = refClassicIpOk(s);
        count(t, String(ref));
        expect(core.classicIp(s).ok, JSON.stringify(s)).toBe(ref);
      }),
      params,
    );
    atLeast(t, "true", RUNS / 10);
    atLeast(t, "false", RUNS / 10);
  });
});
