// Tables for policy-core's strict parsers: which IPv4 addresses and CIDRs pass, and the exact
// status each refused input reports.
import { describe, expect, it } from "vitest";
import { STATUS, type StatusName } from "../../policy-core/bindings/index";
import { loadCore } from "../helpers/core-node";

const core = await loadCore();

/** Every refusal names the offending part and its position (checked exactly in "blame" below). */
const BLAMED = { part: expect.any(String), at: expect.any(Number), detail: expect.any(String) };

describe("blame", () => {
  it.each<[string, "ip" | "cidr", string, number, string]>([
    ["10.0.300.1", "ip", "300", 5, 'at 5'],
    ["10.01.0.1", "ip", "01", 3, 'at 3'],
    ["10.0.0.1x", "ip", "x", 8, 'at 8'],
    ["10..0.1", "ip", "", 3, 'at 3'],
    ["1.2.3", "ip", "1.2.3", 0, 'at 0'],
    ["10.0.0.0/33", "cidr", "33", 9, 'at 9'],
    ["10.0.0.1/8", "cidr", "10.0.0.1", 0, 'at 0'],
    ["10.0.0.0", "cidr", "", 8, 'at 8'],
    ["10.0.256.0/24", "cidr", "256", 5, 'at 5'],
  ])("names the part of %j (%s) at fault: %j at %i", (input, kind, part, at, where) => {
    const r = kind === "ip" ? core.parseIpv4(input) : core.parseCidr(input);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect({ part: r.part, at: r.at }).toEqual({ part, at });
    expect(r.detail).toBe(`${JSON.stringify(input)}: ${r.reason} (${part ? `${JSON.stringify(part)} ` : ""}${where})`);
  });
});

describe("parseIpv4", () => {
  it.each<[string, number]>([
    // the lowest address; a lone "0" is not a leading zero
    ["0.0.0.0", 0],
    // the highest address, exactly 15 characters (the length limit)
    ["255.255.255.255", 0xffffffff],
    // an ordinary private address, checks octet order (big-endian)
    ["10.0.0.1", 0x0a000001],
    // one-, two- and three-digit octets side by side
    ["1.22.103.4", 0x01166704],
    // high octets read as unsigned (no sign from bit 31)
    ["192.168.1.254", 0xc0a801fe],
    // an octet of 0 in the middle is fine
    ["172.16.0.200", 0xac1000c8],
    // 100 and 200 contain zeros that are not leading
    ["100.200.10.20", 0x64c80a14],
  ])("accepts %j as %i", (input, value) => {
    expect(core.parseIpv4(input)).toEqual({ ok: true, value });
  });

  it.each<[string, StatusName]>([
    // the octal CVE class: inet_aton reads 010 as 8, so a leading zero is refused outright
    ["010.0.0.1", "LEADING_ZERO"],
    // a leading zero in the last octet, where it is easiest to miss
    ["1.2.3.04", "LEADING_ZERO"],
    // "00" is a leading zero even though its value is 0
    ["00.0.0.0", "LEADING_ZERO"],
    // "09" is not valid octal either; still refused as a leading zero
    ["192.168.09.1", "LEADING_ZERO"],
    // hexadecimal parts (inet_aton accepts 0x0a as 10): the 'x' is not a decimal digit
    ["0x0a.0.0.1", "BAD_CHAR"],
    // short form "10.1" (inet_aton: 10.0.0.1): only two parts
    ["10.1", "BAD_PARTS"],
    // three-part short form (inet_aton: 10.1.0.2)
    ["10.1.2", "BAD_PARTS"],
    // a single 32-bit number (inet_aton: 0.18.201.1): its only part is far above 255
    ["1231233", "OCTET_RANGE"],
    // a bare number within 0-255 is still not four parts
    ["10", "BAD_PARTS"],
    // five parts
    ["1.2.3.4.5", "BAD_PARTS"],
    // octet 256, just past the range
    ["256.0.0.0", "OCTET_RANGE"],
    // the last octet out of range
    ["1.2.3.999", "OCTET_RANGE"],
    // a four-digit part without leading zero is out of range
    ["1000.1.1.1", "OCTET_RANGE"],
    // empty input
    ["", "EMPTY"],
    // a leading space
    [" 1.2.3.4", "BAD_CHAR"],
    // a trailing space
    ["1.2.3.4 ", "BAD_CHAR"],
    // a space inside
    ["1.2. 3.4", "BAD_CHAR"],
    // a trailing newline (a classic regex-'$' escape)
    ["1.2.3.4\n", "BAD_CHAR"],
    // a tab
    ["1.2.3.4\t", "BAD_CHAR"],
    // a NUL byte (C-string truncation attacks)
    ["1.2.3.4\u0000", "BAD_CHAR"],
    // a plus sign (parseInt-style acceptance)
    ["+1.2.3.4", "BAD_CHAR"],
    // a minus sign
    ["1.-2.3.4", "BAD_CHAR"],
    // a trailing dot
    ["1.2.3.4.", "BAD_PARTS"],
    // a leading dot
    [".1.2.3.4", "BAD_PARTS"],
    // a double dot (an empty part)
    ["1..2.3", "BAD_PARTS"],
    // a double dot with four numbers
    ["1.2..3.4", "BAD_PARTS"],
    // only dots
    ["...", "BAD_PARTS"],
    // a CIDR is not an address
    ["1.2.3.4/32", "BAD_CHAR"],
    // letters
    ["a.b.c.d", "BAD_CHAR"],
    // Arabic-Indic digits are digits to Unicode, not to this parser
    ["\u0661.\u0662.\u0663.\u0664", "BAD_CHAR"],
    // fullwidth digit one
    ["\uff11.2.3.4", "BAD_CHAR"],
    // Devanagari digit one
    ["\u0967.2.3.4", "BAD_CHAR"],
    // superscript one
    ["\u00b9.2.3.4", "BAD_CHAR"],
    // U+0131 whose low byte is '1': a parser truncating UTF-16 to bytes would accept it
    ["\u0131.2.3.4", "BAD_CHAR"],
    // U+012E whose low byte is '.': same truncation trap for the separator
    ["1\u012e2.3.4", "BAD_CHAR"],
    // a digit outside the BMP (mathematical bold one, a surrogate pair)
    ["\u{1d7cf}.2.3.4", "BAD_CHAR"],
    // a byte-order mark in front
    ["\ufeff1.2.3.4", "BAD_CHAR"],
    // 16 characters: over the limit before any digit is read
    ["255.255.255.2555", "TOO_LONG"],
    // a long run of digits
    ["1".repeat(100_000), "TOO_LONG"],
    // a valid address followed by 100,000 spaces
    ["1.2.3.4" + " ".repeat(100_000), "TOO_LONG"],
    // many parts
    ["1.2.3.4.5.6.7.8.9", "TOO_LONG"],
  ])("refuses %j with %s", (input, name) => {
    expect(core.parseIpv4(input)).toEqual({
      ok: false,
      status: STATUS[name],
      statusName: name,
      reason: expect.any(String),
      ...BLAMED,
    });
  });

  // A zero-padded part of four or more digits is a leading-zero case, not an out-of-range one:
  // its value is within 0-255 (this once reported OCTET_RANGE because the digit cap came first).
  it.each<[string]>([
    // inet_aton reads 0010 as octal 8: the exact octal class LEADING_ZERO names
    ["0010.0.0.1"],
    // 0001 is 1 in any base; only the zero padding is wrong
    ["10.168.0001.100"],
    // 0255 is 255 in decimal (173 in octal)
    ["1.2.3.0255"],
  ])("refuses the zero-padded %j with LEADING_ZERO", (input) => {
    expect(core.parseIpv4(input)).toMatchObject({ ok: false, statusName: "LEADING_ZERO" });
  });
});

describe("parseCidr", () => {
  it.each<[string, number, number, number]>([
    // /0 covers every address, and its end is 0xFFFFFFFF (no shift by 32)
    ["0.0.0.0/0", 0, 0xffffffff, 0],
    // /32 is one address: start equals end
    ["1.2.3.4/32", 0x01020304, 0x01020304, 32],
    // the top address as a /32
    ["255.255.255.255/32", 0xffffffff, 0xffffffff, 32],
    // /1 upper half, read as unsigned
    ["128.0.0.0/1", 0x80000000, 0xffffffff, 1],
    // /1 lower half
    ["0.0.0.0/1", 0, 0x7fffffff, 1],
    // the classic /8
    ["10.0.0.0/8", 0x0a000000, 0x0affffff, 8],
    // a /12 whose second octet is not a multiple of 16 from zero
    ["172.16.0.0/12", 0xac100000, 0xac1fffff, 12],
    // a /31 pair
    ["10.0.0.254/31", 0x0a0000fe, 0x0a0000ff, 31],
    // the longest legal CIDR, exactly 18 characters
    ["255.255.255.254/31", 0xfffffffe, 0xffffffff, 31],
  ])("accepts %j as [%i, %i] /%i", (input, start, end, prefix) => {
    expect(core.parseCidr(input)).toEqual({ ok: true, start, end, prefix });
  });

  it.each<[string, number, number, number]>([
    // host bits in the last octet; the masked /16 is still reported
    ["10.0.0.1/16", 0x0a000000, 0x0a00ffff, 16],
    // any address over /0 has host bits; masked to the whole space
    ["1.2.3.4/0", 0, 0xffffffff, 0],
    // the top address over /31 masks to the last pair
    ["255.255.255.255/31", 0xfffffffe, 0xffffffff, 31],
    // one bit too many for /24
    ["192.168.1.1/24", 0xc0a80100, 0xc0a801ff, 24],
    // 172.17 is inside 172.16/12 but is not its network address
    ["172.17.0.0/12", 0xac100000, 0xac1fffff, 12],
  ])("refuses %j with HOST_BITS_SET and reports the masked [%i, %i] /%i", (input, start, end, prefix) => {
    expect(core.parseCidr(input)).toEqual({
      ok: false,
      status: STATUS.HOST_BITS_SET,
      statusName: "HOST_BITS_SET",
      reason: expect.any(String),
      ...BLAMED,
      masked: { start, end, prefix },
    });
  });

  it.each<[string, StatusName]>([
    // the octal CVE class in the address part
    ["010.0.0.0/8", "LEADING_ZERO"],
    // a leading zero in the prefix ("08" is not octal, but any padding is refused)
    ["10.0.0.0/08", "BAD_PREFIX"],
    // "/00" is padding of 0
    ["0.0.0.0/00", "BAD_PREFIX"],
    // one past the longest prefix
    ["10.0.0.0/33", "BAD_PREFIX"],
    // two digits, far too long
    ["10.0.0.0/99", "BAD_PREFIX"],
    // three digits
    ["10.0.0.0/100", "BAD_PREFIX"],
    // a plus sign on the prefix (parseInt would accept it)
    ["1.2.3.4/+8", "BAD_PREFIX"],
    // a negative prefix
    ["1.2.3.4/-1", "BAD_PREFIX"],
    // a slash with nothing after it
    ["1.2.3.4/", "BAD_PREFIX"],
    // a second slash
    ["1.2.3.4//8", "BAD_PREFIX"],
    // a trailing slash after the prefix
    ["1.2.3.4/8/", "BAD_PREFIX"],
    // a trailing space after the prefix
    ["10.0.0.0/8 ", "BAD_PREFIX"],
    // a fullwidth digit as the prefix
    ["1.2.3.4/\uff18", "BAD_PREFIX"],
    // hex prefix
    ["1.2.3.4/0x8", "BAD_PREFIX"],
    // a dotted netmask instead of a length
    ["10.0.0.0/255.0.0.0", "BAD_PREFIX"],
    // no slash at all
    ["10.0.0.0", "MISSING_PREFIX"],
    // empty input
    ["", "EMPTY"],
    // a prefix with no address
    ["/8", "EMPTY"],
    // a short-form address in front
    ["10.1/16", "BAD_PARTS"],
    // a trailing dot before the slash
    ["10.0.0.0./8", "BAD_PARTS"],
    // a double dot
    ["10..0.0/8", "BAD_PARTS"],
    // a hex octet
    ["0x0a.0.0.0/8", "BAD_CHAR"],
    // a space before the slash
    ["10.0.0.0 /8", "BAD_CHAR"],
    // a plus sign on an octet
    ["+10.0.0.0/8", "BAD_CHAR"],
    // an out-of-range octet
    ["10.256.0.0/16", "OCTET_RANGE"],
    // 2^32 fits in 18 characters here and wraps a 32-bit accumulator to 0
    ["4294967296.0.0.0/8", "OCTET_RANGE"],
    // 2 * 2^32 + 10 wraps to 10
    ["8589934602.0.0.0/8", "OCTET_RANGE"],
    // 2^32 + 10 in the last octet wraps to 10
    ["0.0.0.4294967306/0", "OCTET_RANGE"],
    // Arabic-Indic digits in the address
    ["\u0661\u0660.0.0.0/8", "BAD_CHAR"],
    // 19 characters: over the limit
    ["255.255.255.255/032", "TOO_LONG"],
    // a very long string
    ["10.0.0.0/" + "8".repeat(100_000), "TOO_LONG"],
  ])("refuses %j with %s", (input, name) => {
    const r = core.parseCidr(input);
    expect(r).toEqual({ ok: false, status: STATUS[name], statusName: name, reason: expect.any(String), ...BLAMED });
  });
});
