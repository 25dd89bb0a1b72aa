// The product's address rules: CL6 eligibility, the CIDRs Tencent takes for a VPC, classic IPs.
// Each rule is written once over u32 ranges; the string forms parse strictly first. No throw.
import { OK, parseCidr, parseIpv4, rStartValue, rEndValue, rPrefixValue, inRange } from "./addr";

export const CL_NOT_TEN: i32 = 20;
export const CL_SECOND_OCTET: i32 = 21;
export const CL_PREFIX_TOO_SHORT: i32 = 22;
export const VPC_NOT_PRIVATE: i32 = 30;
export const VPC_PREFIX_RANGE: i32 = 31;
export const CLASSIC_IP_IN_VPC_RANGE: i32 = 40;

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
