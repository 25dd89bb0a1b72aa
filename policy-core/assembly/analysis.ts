// Whole-plan questions: shadowed security-group and ACL rules, and the lint list of every CL/CH
// rule a plan breaks (the matrix is in matrix.ts).
import { OK } from "./addr";
import { Rule, P_ALL, P_ICMP, P_TCP, P_UDP } from "./flow";
import { classicIpValue, vpcRange } from "./rules";
import {
  K_CLASSIC, K_LB, Filter, acls, channels, gatewayVpcs, links, nodes, serviceGateways, sgs,
  sharedCcn, subnets, vpcs,
} from "./plan";
import { CHANNEL_VPC_UNREACHABLE, CIDR_NOT_ELIGIBLE, LB_BACKEND_CLASSIC, REGION_MISMATCH, SHARED_INSTANCE } from "./hops";

// Lint-only codes.
export const NOT_CLASSIC_INSTANCE: i32 = 116;
export const INSTANCE_ALREADY_LINKED: i32 = 117;
export const LINK_LIMIT_EXCEEDED: i32 = 118;
export const VPC_CIDR_INVALID: i32 = 119;
export const SUBNET_OUTSIDE_VPC: i32 = 120;
export const IP_OUTSIDE_SUBNET: i32 = 121;
export const CLASSIC_IP_INVALID: i32 = 122;
export const DUPLICATE_IP: i32 = 123;

/** The most ClassicLinks a VPC may hold (CL5). */
export const MAX_LINKS: i32 = 100;

// Object kinds named by lint and shadow entries.
export const O_VPC: i32 = 1;
export const O_SUBNET: i32 = 2;
export const O_INSTANCE: i32 = 3;
export const O_LINK: i32 = 4;
export const O_CHANNEL: i32 = 5;
export const O_SECURITY_GROUP: i32 = 6;
export const O_NETWORK_ACL: i32 = 7;

/** linksOverLimit reports VPC v's links past its MAX_LINKS-th (CL5), as link indices in plan order. */
export function linksOverLimit(v: i32): Int32Array {
  const out = new Array<i32>();
  let seen = 0;
  for (let l = 0; l < links.length; l++) {
    if (links[l].vpc != v) continue;
    seen++;
    if (seen > MAX_LINKS) out.push(l);
  }
  const r = new Int32Array(out.length);
  for (let k = 0; k < out.length; k++) r[k] = out[k];
  return r;
}

// Findings (lint entries and shadowed rules) share one buffer of five columns.
const fA = new Array<i32>();
const fB = new Array<i32>();
const fC = new Array<i32>();
const fD = new Array<i32>();
const fE = new Array<i32>();

function found(a: i32, b: i32, c: i32, d: i32, e: i32): void {
  fA.push(a);
  fB.push(b);
  fC.push(c);
  fD.push(d);
  fE.push(e);
}

function clearFindings(): void {
  fA.length = 0;
  fB.length = 0;
  fC.length = 0;
  fD.length = 0;
  fE.length = 0;
}

/** FINDING_COLUMNS is the number of values per finding in findings(). */
export const FINDING_COLUMNS: i32 = 5;

/** findings reports the last lint or shadow run as one value: FINDING_COLUMNS values per finding. */
export function findings(): Int32Array {
  const out = new Int32Array(fA.length * FINDING_COLUMNS);
  for (let i = 0; i < fA.length; i++) {
    const at = i * FINDING_COLUMNS;
    out[at] = fA[i];
    out[at + 1] = fB[i];
    out[at + 2] = fC[i];
    out[at + 3] = fD[i];
    out[at + 4] = fE[i];
  }
  return out;
}

/**
 * lint lists every CL/CH rule the plan breaks, plus plan inconsistencies. Each finding is
 * (code, object kind, object index, related index or -1, -1). Reports the number of findings.
 */
export function lint(): i32 {
  clearFindings();
  for (let v = 0; v < vpcs.length; v++) {
    const t = vpcs[v].cidrs;
    for (let k = 0; k < t.starts.length; k++) {
      if (vpcRange(t.starts[k], t.ends[k], t.prefixes[k]) != OK) found(VPC_CIDR_INVALID, O_VPC, v, k, -1);
    }
    if (vpcs[v].links > MAX_LINKS) found(LINK_LIMIT_EXCEEDED, O_VPC, v, vpcs[v].links, -1);
  }
  for (let s = 0; s < subnets.length; s++) {
    const sn = subnets[s];
    let inside = false;
    const t = vpcs[sn.vpc].cidrs;
    for (let k = 0; k < t.starts.length; k++) if (sn.start >= t.starts[k] && sn.end <= t.ends[k]) inside = true;
    if (!inside) found(SUBNET_OUTSIDE_VPC, O_SUBNET, s, sn.vpc, -1);
  }
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i];
    if (n.kind == K_CLASSIC) {
      if (classicIpValue(n.ip) != OK) found(CLASSIC_IP_INVALID, O_INSTANCE, i, -1, -1);
    } else {
      const sn = subnets[n.subnet];
      if (sn.vpc != n.vpc || n.ip < sn.start || n.ip > sn.end) found(IP_OUTSIDE_SUBNET, O_INSTANCE, i, n.subnet, -1);
    }
    for (let j = 0; j < i; j++) {
      const m = nodes[j];
      const same = n.kind == K_CLASSIC ? m.kind == K_CLASSIC && m.region == n.region : m.kind != K_CLASSIC && m.vpc == n.vpc;
      if (same && m.ip == n.ip) {
        found(DUPLICATE_IP, O_INSTANCE, i, j, -1);
        break;
      }
    }
    if (n.kind == K_LB) {
      for (let b = 0; b < n.backends.length; b++) {
        if (nodes[n.backends[b]].kind == K_CLASSIC) found(LB_BACKEND_CLASSIC, O_INSTANCE, i, n.backends[b], -1);
      }
    }
  }
  for (let l = 0; l < links.length; l++) {
    const link = links[l];
    const n = nodes[link.node];
    const v = vpcs[link.vpc];
    if (n.kind != K_CLASSIC) found(NOT_CLASSIC_INSTANCE, O_LINK, l, link.node, -1);
    if (link.duplicate) found(INSTANCE_ALREADY_LINKED, O_LINK, l, n.link, -1);
    if (v.region != n.region) found(REGION_MISMATCH, O_LINK, l, link.vpc, -1);
    if (v.eligibility != OK) found(CIDR_NOT_ELIGIBLE, O_LINK, l, link.vpc, v.eligibility);
  }
  for (let c = 0; c < channels.length; c++) {
    const ch = channels[c];
    for (let k = 0; k < ch.services.length; k++) {
      const s = ch.services[k];
      const g = serviceGateways[s];
      if (g < 0) found(SHARED_INSTANCE, O_CHANNEL, c, s, -1);
      else if (gatewayVpcs[g] != ch.vpc && sharedCcn(gatewayVpcs[g], ch.vpc) < 0) found(CHANNEL_VPC_UNREACHABLE, O_CHANNEL, c, s, -1);
    }
  }
  return fA.length;
}

// ---- shadowed rules ----

const PROTOS: StaticArray<i32> = [P_TCP, P_UDP, P_ICMP, 255];

function protoCovers(rule: i32, p: i32): bool {
  return rule == P_ALL || rule == p;
}

/** portsOf reports a rule's port ranges for protocol p as flat [lo, hi, lo, hi, ...]. */
function portsOf(r: Rule, p: i32): Array<i32> {
  const out = new Array<i32>();
  if (p != P_TCP && p != P_UDP) {
    out.push(0);
    out.push(0);
  } else if (r.ports.all) {
    out.push(1);
    out.push(65535);
  } else {
    for (let i = 0; i < r.ports.lo.length; i++) {
      out.push(r.ports.lo[i]);
      out.push(r.ports.hi[i]);
    }
  }
  return out;
}

/** portsCovered reports whether the union of ranges `by` covers every range of `need`. */
function portsCovered(need: Array<i32>, by: Array<i32>): bool {
  for (let i = 0; i < need.length; i += 2) {
    let at = need[i];
    const hi = need[i + 1];
    let moved = true;
    while (at <= hi && moved) {
      moved = false;
      for (let k = 0; k < by.length; k += 2) {
        if (by[k] <= at && by[k + 1] >= at) {
          at = by[k + 1] + 1;
          moved = true;
        }
      }
    }
    if (at <= hi) return false;
  }
  return true;
}

/**
 * covered reports whether rules[0..k) together match every flow rule k matches: for each
 * protocol, split k's address range at the earlier rules' edges, and on each piece the ports
 * of the earlier rules holding the whole piece must cover k's ports.
 */
function covered(rules: Array<Rule>, k: i32): bool {
  const r = rules[k];
  for (let pi = 0; pi < PROTOS.length; pi++) {
    const p = PROTOS[pi];
    if (!protoCovers(r.proto, p)) continue;
    const need = portsOf(r, p);
    const cuts = new Array<u64>();
    cuts.push(<u64>r.start);
    cuts.push(<u64>r.end + 1);
    for (let j = 0; j < k; j++) {
      const e = rules[j];
      if (!protoCovers(e.proto, p) || e.end < r.start || e.start > r.end) continue;
      if (e.start > r.start) cuts.push(<u64>e.start);
      if (<u64>e.end + 1 < <u64>r.end + 1) cuts.push(<u64>e.end + 1);
    }
    cuts.sort();
    for (let c = 0; c + 1 < cuts.length; c++) {
      const lo = cuts[c];
      const hi = cuts[c + 1] - 1;
      if (hi < lo) continue;
      const by = new Array<i32>();
      for (let j = 0; j < k; j++) {
        const e = rules[j];
        if (!protoCovers(e.proto, p) || <u64>e.start > lo || <u64>e.end < hi) continue;
        const ep = portsOf(e, p);
        for (let q = 0; q < ep.length; q++) by.push(ep[q]);
      }
      if (!portsCovered(need, by)) return false;
    }
  }
  return true;
}

/** coveringRule reports the first earlier rule that alone covers rule k, or -1. */
function coveringRule(rules: Array<Rule>, k: i32): i32 {
  const r = rules[k];
  for (let j = 0; j < k; j++) {
    const e = rules[j];
    if (e.start > r.start || e.end < r.end) continue;
    let ok = true;
    for (let pi = 0; pi < PROTOS.length && ok; pi++) {
      const p = PROTOS[pi];
      if (!protoCovers(r.proto, p)) continue;
      if (!protoCovers(e.proto, p) || !portsCovered(portsOf(r, p), portsOf(e, p))) ok = false;
    }
    if (ok) return j;
  }
  return -1;
}

function shadowList(kind: i32, owner: i32, inbound: bool, rules: Array<Rule>): void {
  for (let k = 1; k < rules.length; k++) {
    if (covered(rules, k)) found(kind, owner, inbound ? 1 : 0, k, coveringRule(rules, k));
  }
}

function shadowFilters(kind: i32, all: Array<Filter>): void {
  for (let i = 0; i < all.length; i++) {
    shadowList(kind, i, true, all[i].inbound);
    shadowList(kind, i, false, all[i].outbound);
  }
}

/**
 * shadowed lists the security-group and ACL rules that can never match because earlier rules of
 * the same list match every flow they would. Each finding is (O_SECURITY_GROUP or
 * O_NETWORK_ACL, owner index, 1 inbound / 0 outbound, rule index, the one earlier rule covering
 * it or -1 when only several together do). Reports the number of findings.
 */
export function shadowed(): i32 {
  clearFindings();
  shadowFilters(O_SECURITY_GROUP, sgs);
  shadowFilters(O_NETWORK_ACL, acls);
  return fA.length;
}
