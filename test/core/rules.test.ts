// Tables for policy-core's network rules (ClassicLink CL6, VPC CIDRs, classic IPs) and for the
// range relations containsIp / overlaps / contains.
import { describe, expect, it } from "vitest";
import { STATUS, type StatusName } from "../../policy-core/bindings/index";
import { loadCore } from "../helpers/core-node";

const core = await loadCore();

/** refused reports the Verdict expected for a refusal with the given status. */
function refused(name: StatusName) {
  return { ok: false, status: STATUS[name], statusName: name, reason: expect.any(String) };
}

describe("classicLinkCidr", () => {
  it.each<[string]>([
    // the first linkable /16
    ["10.0.0.0/16"],
    // the last linkable /16
    ["10.47.0.0/16"],
    // a /24 at the very top of the last linkable /16
    ["10.47.255.0/24"],
    // a single address at the top of the linkable space
    ["10.47.255.255/32"],
    // a single address in the middle
    ["10.20.30.40/32"],
    // a /17 inside 10.46.0.0/16
    ["10.46.128.0/17"],
    // a /28 at the bottom
    ["10.0.0.0/28"],
  ])("accepts %j", (input) => {
    expect(core.classicLinkCidr(input)).toEqual({ ok: true, status: 0 });
  });

  it.each<[string, StatusName]>([
    // the first /16 past the linkable space
    ["10.48.0.0/16", "CL_SECOND_OCTET"],
    // a /24 just past 10.47
    ["10.48.0.0/24", "CL_SECOND_OCTET"],
    // the top of 10/8
    ["10.255.0.0/16", "CL_SECOND_OCTET"],
    // a /10 starting at 10.64: the second-octet check answers before the prefix check
    ["10.64.0.0/10", "CL_SECOND_OCTET"],
    // one bit too short: 10.0.0.0/15 spans 10.0 and 10.1
    ["10.0.0.0/15", "CL_PREFIX_TOO_SHORT"],
    // the whole of 10/8 is too short
    ["10.0.0.0/8", "CL_PREFIX_TOO_SHORT"],
    // 10.32.0.0/11 ends at 10.63.255.255, past 10.47: too short
    ["10.32.0.0/11", "CL_PREFIX_TOO_SHORT"],
    // 10.0.0.0/7 is host-bit free and spans 10/8 and 11/8
    ["10.0.0.0/7", "CL_PREFIX_TOO_SHORT"],
    // a private range, but not 10/8
    ["172.16.0.0/16", "CL_NOT_TEN"],
    // 192.168/16 is private but not linkable
    ["192.168.0.0/16", "CL_NOT_TEN"],
    // the /16 right after 10/8
    ["11.0.0.0/16", "CL_NOT_TEN"],
    // the /16 right before 10/8
    ["9.255.0.0/16", "CL_NOT_TEN"],
    // everything
    ["0.0.0.0/0", "CL_NOT_TEN"],
    // parse errors pass through: host bits set
    ["10.0.0.1/16", "HOST_BITS_SET"],
    // parse errors pass through: the octal CVE class
    ["010.0.0.0/16", "LEADING_ZERO"],
    // parse errors pass through: a padded prefix
    ["10.0.0.0/016", "BAD_PREFIX"],
    // parse errors pass through: an address, not a CIDR
    ["10.0.0.0", "MISSING_PREFIX"],
    // parse errors pass through: empty
    ["", "EMPTY"],
  ])("refuses %j with %s", (input, name) => {
    expect(core.classicLinkCidr(input)).toEqual(refused(name));
  });
});

describe("vpcCidr", () => {
  it.each<[string]>([
    // the widest allowed VPC in 10/8
    ["10.0.0.0/12"],
    // a common /16
    ["10.0.0.0/16"],
    // the narrowest allowed VPC at the top of 10/8
    ["10.255.255.240/28"],
    // the whole of 172.16/12
    ["172.16.0.0/12"],
    // a /28 at the top of 172.16/12
    ["172.31.255.240/28"],
    // a /16 inside 172.16/12
    ["172.20.0.0/16"],
    // the whole of 192.168/16
    ["192.168.0.0/16"],
    // a /28 at the top of 192.168/16
    ["192.168.255.240/28"],
  ])("accepts %j", (input) => {
    expect(core.vpcCidr(input)).toEqual({ ok: true, status: 0 });
  });

  it.each<[string, StatusName]>([
    // all of 10/8 is wider than /12
    ["10.0.0.0/8", "VPC_PREFIX_RANGE"],
    // one bit too wide
    ["10.0.0.0/11", "VPC_PREFIX_RANGE"],
    // one bit too narrow
    ["10.0.0.0/29", "VPC_PREFIX_RANGE"],
    // a single address
    ["192.168.1.1/32", "VPC_PREFIX_RANGE"],
    // the block right after 172.16/12
    ["172.32.0.0/12", "VPC_NOT_PRIVATE"],
    // the /16 right before 172.16/12
    ["172.15.0.0/16", "VPC_NOT_PRIVATE"],
    // the /16 right after 192.168/16
    ["192.169.0.0/16", "VPC_NOT_PRIVATE"],
    // a /15 starting at 192.168 spills into 192.169: not inside 192.168/16
    ["192.168.0.0/15", "VPC_NOT_PRIVATE"],
    // 172.0.0.0/11 covers 172.16/12 but also public space
    ["172.0.0.0/11", "VPC_NOT_PRIVATE"],
    // carrier-grade NAT space is not RFC 1918
    ["100.64.0.0/16", "VPC_NOT_PRIVATE"],
    // public space
    ["8.8.8.0/24", "VPC_NOT_PRIVATE"],
    // everything: the privacy check answers before the prefix check
    ["0.0.0.0/0", "VPC_NOT_PRIVATE"],
    // parse errors pass through: host bits set
    ["10.0.0.1/16", "HOST_BITS_SET"],
    // parse errors pass through: a leading zero
    ["10.0.0.00/24", "LEADING_ZERO"],
    // parse errors pass through: prefix 33
    ["10.0.0.0/33", "BAD_PREFIX"],
  ])("refuses %j with %s", (input, name) => {
    expect(core.vpcCidr(input)).toEqual(refused(name));
  });
});

describe("classicIp", () => {
  it.each<[string]>([
    // the first classic address
    ["10.48.0.0"],
    // just inside
    ["10.48.0.1"],
    // the last address of 10/8
    ["10.255.255.255"],
    // the middle
    ["10.100.1.2"],
  ])("accepts %j", (input) => {
    expect(core.classicIp(input)).toEqual({ ok: true, status: 0 });
  });

  it.each<[string, StatusName]>([
    // the last address of the linkable VPC space
    ["10.47.255.255", "CLASSIC_IP_IN_VPC_RANGE"],
    // the bottom of 10/8
    ["10.0.0.1", "CLASSIC_IP_IN_VPC_RANGE"],
    // right after 10/8: outside 10/8 reports the same status
    ["11.0.0.0", "CLASSIC_IP_IN_VPC_RANGE"],
    // right before 10/8
    ["9.255.255.255", "CLASSIC_IP_IN_VPC_RANGE"],
    // other private space
    ["192.168.1.1", "CLASSIC_IP_IN_VPC_RANGE"],
    // other private space
    ["172.16.0.1", "CLASSIC_IP_IN_VPC_RANGE"],
    // a CIDR is not an address
    ["10.48.0.0/32", "BAD_CHAR"],
    // the octal CVE class: 010.48.0.1 is 8.48.0.1 to inet_aton
    ["010.48.0.1", "LEADING_ZERO"],
    // short form
    ["10.48", "BAD_PARTS"],
    // empty
    ["", "EMPTY"],
  ])("refuses %j with %s", (input, name) => {
    expect(core.classicIp(input)).toEqual(refused(name));
  });
});

describe("containsIp", () => {
  it.each<[string, string, boolean | null]>([
    // /0 holds the lowest address
    ["0.0.0.0/0", "0.0.0.0", true],
    // /0 holds the highest address
    ["0.0.0.0/0", "255.255.255.255", true],
    // /32 holds its own address
    ["1.2.3.4/32", "1.2.3.4", true],
    // /32 holds nothing above it
    ["1.2.3.4/32", "1.2.3.5", false],
    // /32 holds nothing below it
    ["1.2.3.4/32", "1.2.3.3", false],
    // the top address of a /32 at the top of the space
    ["255.255.255.255/32", "255.255.255.255", true],
    // the last address of 10/8
    ["10.0.0.0/8", "10.255.255.255", true],
    // the first address of 10/8
    ["10.0.0.0/8", "10.0.0.0", true],
    // one past the end
    ["10.0.0.0/8", "11.0.0.0", false],
    // one before the start
    ["10.0.0.0/8", "9.255.255.255", false],
    // the upper half holds 255.255.255.255 (unsigned comparison)
    ["128.0.0.0/1", "255.255.255.255", true],
    // the upper half does not hold 127.255.255.255
    ["128.0.0.0/1", "127.255.255.255", false],
    // the lower half does not hold 128.0.0.0
    ["0.0.0.0/1", "128.0.0.0", false],
    // host bits in the CIDR are masked off, not refused
    ["10.1.2.3/8", "10.200.0.1", true],
    // host bits masked: still outside
    ["10.1.2.3/16", "10.2.0.0", false],
    // malformed CIDR: prefix 33
    ["10.0.0.0/33", "10.0.0.1", null],
    // malformed CIDR: no prefix
    ["10.0.0.0", "10.0.0.1", null],
    // malformed CIDR: empty
    ["", "10.0.0.1", null],
    // malformed CIDR: the octal CVE class
    ["010.0.0.0/8", "10.0.0.1", null],
    // malformed address: octet 256
    ["10.0.0.0/8", "10.0.0.256", null],
    // malformed address: empty
    ["10.0.0.0/8", "", null],
    // malformed address: a CIDR given as the address
    ["10.0.0.0/8", "10.0.0.1/32", null],
    // malformed address: leading zero
    ["10.0.0.0/8", "010.0.0.1", null],
  ])("containsIp(%j, %j) is %s", (cidr, ip, expected) => {
    expect(core.containsIp(cidr, ip)).toBe(expected);
  });
});

describe("overlaps", () => {
  it.each<[string, string, boolean | null]>([
    // /0 overlaps any /32
    ["0.0.0.0/0", "1.2.3.4/32", true],
    // the top /32 overlaps /0
    ["255.255.255.255/32", "0.0.0.0/0", true],
    // /0 overlaps itself
    ["0.0.0.0/0", "0.0.0.0/0", true],
    // a /32 overlaps itself
    ["1.2.3.4/32", "1.2.3.4/32", true],
    // neighbouring /32s do not overlap
    ["1.2.3.4/32", "1.2.3.5/32", false],
    // the last address of a /16 as a /32
    ["10.0.0.0/16", "10.0.255.255/32", true],
    // adjacent /16s share no address
    ["10.0.0.0/16", "10.1.0.0/16", false],
    // adjacent the other way round
    ["10.1.0.0/16", "10.0.0.0/16", false],
    // a block overlaps one inside it
    ["10.0.0.0/8", "10.20.0.0/16", true],
    // and the other way round
    ["10.20.0.0/16", "10.0.0.0/8", true],
    // the two halves of the space (unsigned comparison)
    ["128.0.0.0/1", "0.0.0.0/1", false],
    // host bits masked off: 10.0.0.1/8 is 10/8
    ["10.0.0.1/8", "10.200.0.0/16", true],
    // host bits masked off on the right
    ["10.200.0.0/16", "10.0.0.1/8", true],
    // malformed left
    ["10.0.0.0/33", "10.0.0.0/8", null],
    // malformed right
    ["10.0.0.0/8", "10.0.0.0", null],
    // both malformed
    ["", "", null],
    // an address where a CIDR belongs
    ["10.0.0.0/8", "010.0.0.0/8", null],
  ])("overlaps(%j, %j) is %s", (a, b, expected) => {
    expect(core.overlaps(a, b)).toBe(expected);
  });
});

describe("contains", () => {
  it.each<[string, string, boolean | null]>([
    // /0 contains itself
    ["0.0.0.0/0", "0.0.0.0/0", true],
    // /0 contains the top /32
    ["0.0.0.0/0", "255.255.255.255/32", true],
    // a /32 contains itself
    ["1.2.3.4/32", "1.2.3.4/32", true],
    // a /32 does not contain its neighbour
    ["1.2.3.4/32", "1.2.3.5/32", false],
    // a /32 does not contain /0
    ["1.2.3.4/32", "0.0.0.0/0", false],
    // a /8 contains a /16 inside it
    ["10.0.0.0/8", "10.0.0.0/16", true],
    // but not the other way round
    ["10.0.0.0/16", "10.0.0.0/8", false],
    // a /8 contains its last address
    ["10.0.0.0/8", "10.255.255.255/32", true],
    // a /8 does not contain the next address
    ["10.0.0.0/8", "11.0.0.0/32", false],
    // same start, wider inner
    ["10.0.0.0/16", "10.0.0.0/15", false],
    // same end, wider inner
    ["10.1.0.0/16", "10.0.0.0/15", false],
    // the upper half contains 255/8 (unsigned comparison)
    ["128.0.0.0/1", "255.0.0.0/8", true],
    // the lower half does not contain the upper half
    ["0.0.0.0/1", "128.0.0.0/1", false],
    // host bits of outer masked off
    ["10.1.2.3/8", "10.9.0.0/16", true],
    // host bits of inner masked off: 10.0.0.1/15 is 10.0.0.0/15, wider than 10.0/16
    ["10.0.0.0/16", "10.0.0.1/15", false],
    // malformed outer
    ["10.0.0.0/8 ", "10.0.0.0/16", null],
    // malformed inner
    ["10.0.0.0/8", "10.0.0.0/+16", null],
    // malformed both
    ["1.2.3.4", "5.6.7.8", null],
  ])("contains(%j, %j) is %s", (outer, inner, expected) => {
    expect(core.contains(outer, inner)).toBe(expected);
  });
});
