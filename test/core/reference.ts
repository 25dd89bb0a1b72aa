// A slow, obviously-correct reference for policy-core, written independently of the wasm: the
// grammar is a regular expression over whole strings, numbers are BigInt, and a prefix's block
// is found by division (start = addr - addr mod 2^(32-n)), not by bit masks. It only answers
// "accepted or not" and the numbers; the wasm's choice among reject statuses is pinned by tables.

/** The strict grammar: four dot-separated decimal numbers, no sign, no leading zero. */
const ADDRESS = /^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$/;
/** A CIDR: anything up to one '/', then a plain decimal without a leading zero. */
const CIDR = /^([^/]*)\/(0|[1-9][0-9]*)$/;

const OCTET_LIMIT = 255n;
const SPACE = 2n ** 32n;

/** refParseIpv4 reports the address as a BigInt in [0, 2^32), or null if it is not strict. */
export function refParseIpv4(s: string): bigint | null {
  const m = ADDRESS.exec(s);
  if (!m) return null;
  let value = 0n;
  for (const part of m.slice(1)) {
    const octet = BigInt(part as string);
    if (octet > OCTET_LIMIT) return null;
    value = value * 256n + octet;
  }
  return value;
}

/** A parsed CIDR: its block [start, end], prefix, and whether the written address had host bits. */
export interface RefCidr {
  start: bigint;
  end: bigint;
  prefix: number;
  hostBits: boolean;
}

/** refParseCidr reports the block a strict "a.b.c.d/n" names (host bits allowed, flagged). */
export function refParseCidr(s: string): RefCidr | null {
  const m = CIDR.exec(s);
  if (!m) return null;
  const addr = refParseIpv4(m[1] as string);
  if (addr === null) return null;
  const prefix = BigInt(m[2] as string);
  if (prefix > 32n) return null;
  const size = 2n ** (32n - prefix);
  const offset = addr % size;
  const start = addr - offset;
  return { start, end: start + size - 1n, prefix: Number(prefix), hostBits: offset !== 0n };
}

/** refStrictCidr reports the block only when the CIDR is strict and has no host bits. */
export function refStrictCidr(s: string): RefCidr | null {
  const c = refParseCidr(s);
  return c && !c.hostBits ? c : null;
}

/** refContainsIp: null when either input is malformed; a CIDR's host bits are ignored. */
export function refContainsIp(cidr: string, ip: string): boolean | null {
  const c = refParseCidr(cidr);
  const a = refParseIpv4(ip);
  if (c === null || a === null) return null;
  return c.start <= a && a <= c.end;
}

/** refOverlaps: whether some address lies in both blocks (null when either is malformed). */
export function refOverlaps(x: string, y: string): boolean | null {
  const a = refParseCidr(x);
  const b = refParseCidr(y);
  if (a === null || b === null) return null;
  const lo = a.start > b.start ? a.start : b.start;
  const hi = a.end < b.end ? a.end : b.end;
  return lo <= hi;
}

/** refContains: whether every address of inner lies in outer (null when either is malformed). */
export function refContains(outer: string, inner: string): boolean | null {
  const o = refParseCidr(outer);
  const i = refParseCidr(inner);
  if (o === null || i === null) return null;
  return o.start <= i.start && i.end <= o.end;
}

/** blockOf reports [start, end] of the block "a.b.c.d/n" written as numbers. */
function blockOf(octets: [number, number, number, number], prefix: number): [bigint, bigint] {
  const start = octets.reduce((acc, o) => acc * 256n + BigInt(o), 0n);
  return [start, start + 2n ** BigInt(32 - prefix) - 1n];
}

/** The 48 ClassicLink-able /16 blocks, 10.0.0.0/16 .. 10.47.0.0/16. */
const CLASSIC_LINK_BLOCKS = Array.from({ length: 48 }, (_, x) => blockOf([10, x, 0, 0], 16));

/** refClassicLinkOk (CL6): a strict, host-bit-free CIDR lying inside one of 10.[0-47].0.0/16. */
export function refClassicLinkOk(s: string): boolean {
  const c = refStrictCidr(s);
  if (c === null) return false;
  return CLASSIC_LINK_BLOCKS.some(([lo, hi]) => lo <= c.start && c.end <= hi);
}

/** The RFC 1918 blocks a VPC may use. */
const PRIVATE_BLOCKS = [blockOf([10, 0, 0, 0], 8), blockOf([172, 16, 0, 0], 12), blockOf([192, 168, 0, 0], 16)];

/** refVpcOk: a strict, host-bit-free /12../28 inside one RFC 1918 block. */
export function refVpcOk(s: string): boolean {
  const c = refStrictCidr(s);
  if (c === null) return false;
  const inside = PRIVATE_BLOCKS.some(([lo, hi]) => lo <= c.start && c.end <= hi);
  return inside && c.prefix >= 12 && c.prefix <= 28;
}

/** refClassicIpOk: a strict address from 10.48.0.0 to 10.255.255.255. */
export function refClassicIpOk(s: string): boolean {
  const a = refParseIpv4(s);
  if (a === null) return false;
  const [lo] = blockOf([10, 48, 0, 0], 32);
  const [, hi] = blockOf([10, 255, 255, 255], 32);
  return lo <= a && a <= hi;
}

/** refOctets reports the four octets of a 32-bit value, by division. */
export function refOctets(value: bigint): number[] {
  const out: number[] = [];
  let v = ((value % SPACE) + SPACE) % SPACE;
  for (let i = 0; i < 4; i++) {
    out.unshift(Number(v % 256n));
    v /= 256n;
  }
  return out;
}
