// Where an address lives in the loaded plan: the subnet, VPC instance, classic instance or linked
// classic instance holding it, and a node's route table. Lookups only; no verdicts.
import { K_CLASSIC, links, nodes, subnets, vpcs } from "./plan";

/** subnetAt reports the subnet of a VPC holding an address (the longest prefix), or -1. */
export function subnetAt(vpc: i32, ip: u32): i32 {
  let best = -1;
  for (let i = 0; i < subnets.length; i++) {
    const s = subnets[i];
    if (s.vpc == vpc && ip >= s.start && ip <= s.end && (best < 0 || s.prefix > subnets[best].prefix)) best = i;
  }
  return best;
}

/** vpcNodeAt reports the VPC instance or load balancer of a VPC with an address, or -1. */
export function vpcNodeAt(vpc: i32, ip: u32): i32 {
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i];
    if (n.kind != K_CLASSIC && n.vpc == vpc && n.ip == ip) return i;
  }
  return -1;
}

/** classicAt reports the classic instance of a region with an address, or -1. */
export function classicAt(region: i32, ip: u32): i32 {
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i];
    if (n.kind == K_CLASSIC && n.region == region && n.ip == ip) return i;
  }
  return -1;
}

/** linkedClassicAt reports the classic instance linked to a VPC with an address (CL9), or -1. */
export function linkedClassicAt(vpc: i32, ip: u32): i32 {
  for (let i = 0; i < links.length; i++) {
    const l = links[i];
    if (l.vpc == vpc && !l.duplicate && nodes[l.node].kind == K_CLASSIC && nodes[l.node].ip == ip) return l.node;
  }
  return -1;
}

/** routeTableOf reports a node's route table: its subnet's, else its VPC's main table. */
export function routeTableOf(vpc: i32, subnet: i32): i32 {
  if (subnet >= 0 && subnets[subnet].rt >= 0) return subnets[subnet].rt;
  return vpcs[vpc].mainRt;
}
