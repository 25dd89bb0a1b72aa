// The product's address rules: CL6 eligibility, the CIDRs Tencent takes for a VPC and a subnet,
// the host addresses given out, classic IPs, channel node hosts and ports. Each rule is written
// once over u32 ranges; the string forms parse strictly first. No throw.
import { OK, parseCidr, parseIpv4, rStartValue, rEndValue, rPrefixValue, inRange, formatIpv4 } from "./addr";

export const CL_NOT_TEN: i32 = 20;
export const CL_SECOND_OCTET: i32 = 21;
export const CL_PREFIX_TOO_SHORT: i32 = 22;
export const VPC_NOT_PRIVATE: i32 = 30;
export const VPC_PREFIX_RANGE: i32 = 31;
export const CLASSIC_IP_IN_VPC_RANGE: i32 = 40;
export const SUBNET_TOO_SMALL: i32 = 32;
export const NOT_HOST_ADDRESS: i32 = 33;
export const NOT_A_HOST: i32 = 41;
export const NODE_PORT_RANGE: i32 = 42;
export const NOT_AN_ADDRESS: i32 = 43;

/** The smallest subnet Tencent creates. */
export const SUBNET_MIN_PREFIX_LENGTH: i32 = 29;

/** classicLinkRange reports whether a VPC range may take part in ClassicLink (CL6). */
export function classicLinkRange(start: u32, prefix: i32): i32 {
  if (start >> 24 != 10) return CL_NOT_TEN;
  if (((start >> 16) & 0xff) > 47) return CL_SECOND_OCTET;
  if (prefix < 16) return CL_PREFIX_TOO_SHORT;
  return OK;
}

/** vpcRange reports whether a range is one Tencent takes for a VPC (/12-/28 in RFC 1918 space). */
export function vpcRange(start: u32, end: u32, prefix: i32): i32 {
  const private10 = inRange(start, end, 0x0a000000, 0x0affffff);
  const private172 = inRange(start, end, 0xac100000, 0xac1fffff);
  const private192 = inRange(start, end, 0xc0a80000, 0xc0a8ffff);
  if (!private10 && !private172 && !private192) return VPC_NOT_PRIVATE;
  if (prefix < 12 || prefix > 28) return VPC_PREFIX_RANGE;
  return OK;
}

/** classicIpValue reports whether an address may be a classic-network private IP (10.48+). */
export function classicIpValue(ip: u32): i32 {
  if (ip >> 24 != 10 || ((ip >> 16) & 0xff) < 48) return CLASSIC_IP_IN_VPC_RANGE;
  return OK;
}

/**
 * classicLinkCidr reports whether a VPC CIDR may take part in ClassicLink (CL6): inside
 * 10.[0-47].0.0/16, subsets included: first octet 10, second octet 0-47, prefix 16 or longer.
 */
export function classicLinkCidr(s: string): i32 {
  const st = parseCidr(s);
  if (st != OK) return st;
  return classicLinkRange(rStartValue(), rPrefixValue());
}

/**
 * vpcCidr reports whether s is a CIDR Tencent accepts for a VPC: a /12 to /28 inside
 * 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16.
 */
export function vpcCidr(s: string): i32 {
  const st = parseCidr(s);
  if (st != OK) return st;
  return vpcRange(rStartValue(), rEndValue(), rPrefixValue());
}

/**
 * classicIp reports whether s may be a classic-network private IP: a strict address in
 * 10.48.0.0-10.255.255.255, outside the 10.0.0.0-10.47.255.255 space that linkable VPCs use.
 */
export function classicIp(s: string): i32 {
  const st = parseIpv4(s);
  if (st != OK) return st;
  return classicIpValue(rStartValue());
}

/** subnetSize reports whether a subnet CIDR is strict and no smaller than a /29. */
export function subnetSize(s: string): i32 {
  const st = parseCidr(s);
  if (st != OK) return st;
  return rPrefixValue() > SUBNET_MIN_PREFIX_LENGTH ? SUBNET_TOO_SMALL : OK;
}

/**
 * hostRange reports whether ip may be given to an instance of the subnet [start, end]: not the
 * network address, not the gateway (.1 of the subnet), not the broadcast address.
 */
export function hostRange(start: u32, end: u32, ip: u32): i32 {
  return ip >= start + 2 && ip < end ? OK : NOT_HOST_ADDRESS;
}

/** subnetHost reports whether an address may be given to an instance of a subnet. */
export function subnetHost(cidr: string, ip: string): i32 {
  let st = parseCidr(cidr);
  if (st != OK) return st;
  const start = rStartValue();
  const end = rEndValue();
  st = parseIpv4(ip);
  if (st != OK) return st;
  return hostRange(start, end, rStartValue());
}

/** subnetHostAt reports the k-th (from 0) address a subnet gives out, or "" past the last one. */
export function subnetHostAt(cidr: string, k: i32): string {
  if (parseCidr(cidr) != OK || k < 0) return "";
  const ip = <u64>rStartValue() + 2 + <u64>k;
  if (ip >= <u64>rEndValue()) return "";
  return formatIpv4(<u32>ip);
}

/** The classic network's addresses: 10.48.0.0 up to (not including) 11.0.0.0. */
const CLASSIC_FIRST: u32 = 0x0a300000;
const CLASSIC_END: u32 = 0x0b000000;

/**
 * classicAddressAt reports the address a random number n picks for a new classic instance, or ""
 * when that pick is not a host address (the .0 and .255 of each /24 are never given out).
 */
export function classicAddressAt(n: u32): string {
  const ip = CLASSIC_FIRST + n % (CLASSIC_END - CLASSIC_FIRST);
  const last = ip & 255;
  if (last == 0 || last == 255 || classicIpValue(ip) != OK) return "";
  return formatIpv4(ip);
}

function hostChar(c: i32): bool {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 45;
}

/**
 * nodeHost reports whether s may be a channel node's host: a strict IPv4 address, or a host name
 * (RFC 1123: at most 253 characters, dot-separated labels of 1-63 letters, digits and inner
 * hyphens) that is not all digits and dots.
 */
export function nodeHost(s: string): i32 {
  let digitsAndDots = true;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c != 46 && (c < 48 || c > 57)) digitsAndDots = false;
  }
  if (digitsAndDots) return s.length == 0 ? NOT_A_HOST : parseIpv4(s);
  if (s.length > 253) return NOT_A_HOST;
  let label = 0;
  for (let i = 0; i <= s.length; i++) {
    const c = i < s.length ? s.charCodeAt(i) : 46;
    if (c == 46) {
      if (label == 0 || label > 63 || s.charCodeAt(i - 1) == 45) return NOT_A_HOST;
      label = 0;
    } else {
      if (!hostChar(c) || (label == 0 && c == 45)) return NOT_A_HOST;
      label++;
    }
  }
  return OK;
}

/** nodeHostIsAddress reports whether a valid node host is an IPv4 address (else a host name). */
export function nodeHostIsAddress(s: string): bool {
  return parseIpv4(s) == OK;
}

/** nodePort reports whether a channel node's port is a whole number 0-65535. */
export function nodePort(port: f64): i32 {
  return port >= 0 && port <= 65535 && Math.floor(port) == port ? OK : NODE_PORT_RANGE;
}

/**
 * addressStatus reports whether s is a strict IPv4 address; NOT_AN_ADDRESS when it holds a
 * character no address has (so it reads as a name), else the parse status.
 */
export function addressStatus(s: string): i32 {
  if (s.length == 0) return NOT_AN_ADDRESS;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c != 46 && (c < 48 || c > 57)) return NOT_AN_ADDRESS;
  }
  return parseIpv4(s);
}
