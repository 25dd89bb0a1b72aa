// Strict IPv4 addresses and prefixes as u32 ranges [start, end]: parsing, contains, overlaps.
// No I/O and no throw: every function returns a status code. Inside the module the numbers of
// the last parse are read with the r* functions; JavaScript gets them as one value (readIpv4,
// readCidr).

export const OK: i32 = 0;
export const EMPTY: i32 = 1;
export const BAD_CHAR: i32 = 2;
export const BAD_PARTS: i32 = 3;
export const LEADING_ZERO: i32 = 4;
export const OCTET_RANGE: i32 = 5;
export const MISSING_PREFIX: i32 = 6;
export const BAD_PREFIX: i32 = 7;
export const HOST_BITS_SET: i32 = 8;
export const TOO_LONG: i32 = 9;

// Results of the last successful (or host-bits) parse; on a failure, where the bad part lies.
let rErrFrom: i32 = 0;
let rErrTo: i32 = 0;
let rStart: u32 = 0;
let rEnd: u32 = 0;
let rPrefix: i32 = 0;

/** rStartValue reports the first address of the last parsed range. */
export function rStartValue(): u32 {
  return rStart;
}
/** rEndValue reports the last address of the last parsed range. */
export function rEndValue(): u32 {
  return rEnd;
}
/** rPrefixValue reports the prefix length of the last parsed CIDR (32 for an address). */
export function rPrefixValue(): i32 {
  return rPrefix;
}

/** rErrFromValue reports where the offending part of the last failed parse starts (a UTF-16 index). */
export function rErrFromValue(): i32 {
  return rErrFrom;
}
/** rErrToValue reports where the offending part of the last failed parse ends (exclusive). */
export function rErrToValue(): i32 {
  return rErrTo;
}

function blame(from: i32, to: i32, status: i32): i32 {
  rErrFrom = from;
  rErrTo = to;
  return status;
}

/** partEnd reports the end of the dot-separated part of s that holds index i (before `to`). */
function partEnd(s: string, i: i32, to: i32): i32 {
  while (i < to && s.charCodeAt(i) != 46) i++;
  return i;
}

/** formatIpv4 renders an address as a dotted quad. */
export function formatIpv4(v: u32): string {
  return `${v >>> 24}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
}

/** maskOf reports the network mask of a prefix length 0..32, safe at /0 (no shift by 32). */
export function maskOf(prefix: i32): u32 {
  if (prefix <= 0) return 0;
  return (<u32>0xffffffff) << (<u32>(32 - prefix));
}

/** parseAddressPart parses s[from, to) as four strict decimal octets into rStart. */
export function parseAddressPart(s: string, from: i32, to: i32): i32 {
  if (to <= from) return blame(from, to, EMPTY);
  let value: u32 = 0;
  let parts = 0;
  let digits = 0;
  let octet: u32 = 0;
  let firstDigit: i32 = -1;
  let partStart = from;
  for (let i = from; i <= to; i++) {
    const c = i < to ? s.charCodeAt(i) : 46; // a virtual '.' closes the last octet
    if (c == 46) {
      if (digits == 0) return blame(i, i, BAD_PARTS);
      if (digits > 1 && firstDigit == 48) return blame(partStart, i, LEADING_ZERO);
      if (octet > 255) return blame(partStart, i, OCTET_RANGE);
      parts++;
      if (parts > 4) return blame(partStart, to, BAD_PARTS);
      value = (value << 8) | octet;
      digits = 0;
      octet = 0;
      firstDigit = -1;
      partStart = i + 1;
    } else if (c >= 48 && c <= 57) {
      if (digits == 0) firstDigit = c;
      else if (firstDigit == 48) return blame(partStart, partEnd(s, i, to), LEADING_ZERO);
      digits++;
      if (digits > 3) return blame(partStart, partEnd(s, i, to), OCTET_RANGE);
      octet = octet * 10 + <u32>(c - 48);
    } else {
      return blame(i, i + 1, BAD_CHAR);
    }
  }
  if (parts != 4) return blame(from, to, BAD_PARTS);
  rStart = value;
  return OK;
}

/** parseIpv4 reports whether s is a strict dotted-quad IPv4 address; the value is rStartValue. */
export function parseIpv4(s: string): i32 {
  if (s.length == 0) return blame(0, 0, EMPTY);
  if (s.length > 15) return blame(15, s.length, TOO_LONG);
  const st = parseAddressPart(s, 0, s.length);
  if (st != OK) return st;
  rEnd = rStart;
  rPrefix = 32;
  return OK;
}

/**
 * parseCidr reports whether s is a strict "a.b.c.d/n" prefix. Host bits set are reported as
 * HOST_BITS_SET, with the masked range still available through the getters.
 */
export function parseCidr(s: string): i32 {
  if (s.length == 0) return blame(0, 0, EMPTY);
  if (s.length > 18) return blame(18, s.length, TOO_LONG);
  const slash = s.indexOf("/");
  if (slash < 0) return blame(s.length, s.length, MISSING_PREFIX);
  const st = parseAddressPart(s, 0, slash);
  if (st != OK) return st;
  const plen = s.length - slash - 1;
  if (plen < 1 || plen > 2) return blame(slash + 1, s.length, BAD_PREFIX);
  let prefix = 0;
  for (let i = slash + 1; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return blame(slash + 1, s.length, BAD_PREFIX);
    prefix = prefix * 10 + (c - 48);
  }
  if (plen == 2 && s.charCodeAt(slash + 1) == 48) return blame(slash + 1, s.length, BAD_PREFIX);
  if (prefix > 32) return blame(slash + 1, s.length, BAD_PREFIX);
  const mask = maskOf(prefix);
  const addr = rStart;
  rStart = addr & mask;
  rEnd = rStart | ~mask;
  rPrefix = prefix;
  if ((addr & ~mask) != 0) return blame(0, slash, HOST_BITS_SET);
  return OK;
}

/**
 * A Parsed is one parse's whole answer, handed to JavaScript as a value: the status; the range
 * (for HOST_BITS_SET the masked one); on a failure the offending part of the input, [errFrom, errTo).
 */
export class Parsed {
  status: i32 = 0;
  start: u32 = 0;
  end: u32 = 0;
  prefix: i32 = 0;
  errFrom: i32 = 0;
  errTo: i32 = 0;
}

function parsedOf(status: i32): Parsed {
  const p = new Parsed();
  p.status = status;
  if (status == OK || status == HOST_BITS_SET) {
    p.start = rStart;
    p.end = rEnd;
    p.prefix = rPrefix;
  }
  if (status != OK) {
    p.errFrom = rErrFrom;
    p.errTo = rErrTo;
  }
  return p;
}

/** readIpv4 parses s as a strict IPv4 address and reports the whole answer. */
export function readIpv4(s: string): Parsed {
  return parsedOf(parseIpv4(s));
}

/** readCidr parses s as a strict CIDR and reports the whole answer. */
export function readCidr(s: string): Parsed {
  return parsedOf(parseCidr(s));
}

/** inRange reports whether [aStart, aEnd] lies inside [bStart, bEnd]. */
export function inRange(aStart: u32, aEnd: u32, bStart: u32, bEnd: u32): bool {
  return aStart >= bStart && aEnd <= bEnd;
}

/** cidrContainsIp returns 1 if the address is inside the CIDR, 0 if not, or -status on bad input. */
export function cidrContainsIp(cidr: string, ip: string): i32 {
  const st = parseCidr(cidr);
  if (st != OK && st != HOST_BITS_SET) return -st;
  const s = rStart;
  const e = rEnd;
  const st2 = parseIpv4(ip);
  if (st2 != OK) return -st2;
  return rStart >= s && rStart <= e ? 1 : 0;
}

/** cidrOverlaps returns 1 if the two CIDRs share an address, 0 if not, or -status on bad input. */
export function cidrOverlaps(a: string, b: string): i32 {
  const st = parseCidr(a);
  if (st != OK && st != HOST_BITS_SET) return -st;
  const s = rStart;
  const e = rEnd;
  const st2 = parseCidr(b);
  if (st2 != OK && st2 != HOST_BITS_SET) return -st2;
  return rStart <= e && s <= rEnd ? 1 : 0;
}

/** cidrContains returns 1 if inner lies wholly inside outer, 0 if not, or -status on bad input. */
export function cidrContains(outer: string, inner: string): i32 {
  const st = parseCidr(outer);
  if (st != OK && st != HOST_BITS_SET) return -st;
  const s = rStart;
  const e = rEnd;
  const st2 = parseCidr(inner);
  if (st2 != OK && st2 != HOST_BITS_SET) return -st2;
  return inRange(rStart, rEnd, s, e) ? 1 : 0;
}

/** A prefix table for longest-prefix match: parallel arrays of ranges and prefix lengths. */
export class PrefixTable {
  starts: Array<u32> = new Array<u32>();
  ends: Array<u32> = new Array<u32>();
  prefixes: Array<i32> = new Array<i32>();

  /** add appends a range; its index is the table's size before the call. */
  add(start: u32, end: u32, prefix: i32): void {
    this.starts.push(start);
    this.ends.push(end);
    this.prefixes.push(prefix);
  }

  /** longest reports the index of the longest prefix holding ip (the first on a tie), or -1. */
  longest(ip: u32): i32 {
    let best = -1;
    let bestPrefix = -1;
    for (let i = 0; i < this.starts.length; i++) {
      if (ip >= unchecked(this.starts[i]) && ip <= unchecked(this.ends[i]) && unchecked(this.prefixes[i]) > bestPrefix) {
        best = i;
        bestPrefix = unchecked(this.prefixes[i]);
      }
    }
    return best;
  }
}

let table = new PrefixTable();

/** lpmReset empties the exported prefix table. */
export function lpmReset(): void {
  table = new PrefixTable();
}

/** lpmAdd appends a strict CIDR to the exported prefix table; reports the parse status. */
export function lpmAdd(cidr: string): i32 {
  const st = parseCidr(cidr);
  if (st != OK) return st;
  table.add(rStart, rEnd, rPrefix);
  return OK;
}

/** lpmLookup reports the index of the longest added prefix holding ip, -1 if none, or -status. */
export function lpmLookup(ip: string): i32 {
  const st = parseIpv4(ip);
  if (st != OK) return -st;
  return table.longest(rStart);
}
