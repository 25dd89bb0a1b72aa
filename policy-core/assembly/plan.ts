// The network plan held in the wasm: VPCs, subnets, route tables, security groups, network ACLs,
// instances (classic, VPC, load balancers), ClassicLinks, CCNs and API Gateway channels. The host
// adds objects in order (an object's index is its position); every string is parsed here.
import { OK, PrefixTable, parseCidr, parseIpv4, rStartValue, rEndValue, rPrefixValue } from "./addr";
import { Checked, Rule, checkedOf, parseRule, ruleChecked, takeRule } from "./flow";
import { classicLinkRange } from "./rules";

export const BAD_GATEWAY_TYPE: i32 = 17;
export const BAD_KIND: i32 = 18;
export const BAD_REF: i32 = 19;

/** Node kinds. */
export const K_CLASSIC: i32 = 1;
export const K_VPC: i32 = 2;
export const K_LB: i32 = 3;

/** Route next-hop (gateway) types; the ones CL7 forbids to classic traffic come first. */
export const G_VPN: i32 = 1;
export const G_DIRECTCONNECT: i32 = 2;
export const G_PEERCONNECTION: i32 = 3;
export const G_NAT: i32 = 4;
export const G_EIP: i32 = 5;
export const G_CVM: i32 = 6;
export const G_HAVIP: i32 = 7;
export const G_CCN: i32 = 8;

/** gatewayEntry reports whether traffic from outside may enter a VPC through this gateway type. */
export function gatewayEntry(g: i32): bool {
  return g == G_VPN || g == G_DIRECTCONNECT || g == G_PEERCONNECTION || g == G_EIP;
}

/** gatewayForbidden reports whether classic traffic may never use this gateway type (CL7). */
export function gatewayForbidden(g: i32): bool {
  return g >= G_VPN && g <= G_EIP;
}

function gatewayOf(s: string): i32 {
  if (s == "VPN") return G_VPN;
  if (s == "DIRECTCONNECT") return G_DIRECTCONNECT;
  if (s == "PEERCONNECTION") return G_PEERCONNECTION;
  if (s == "NAT") return G_NAT;
  if (s == "EIP") return G_EIP;
  if (s == "CVM" || s == "NORMAL_CVM") return G_CVM;
  if (s == "HAVIP") return G_HAVIP;
  if (s == "CCN") return G_CCN;
  return -1;
}

export class Vpc {
  region: i32 = 0;
  cidrs: PrefixTable = new PrefixTable();
  /** CL6: every CIDR of the VPC qualifies (the first failing status, or OK). */
  eligibility: i32 = OK;
  mainRt: i32 = -1;
  links: i32 = 0;
}
export class RouteTable {
  vpc: i32 = 0;
  routes: PrefixTable = new PrefixTable();
  gateways: Array<i32> = new Array<i32>();
}
export class Subnet {
  vpc: i32 = 0;
  start: u32 = 0;
  end: u32 = 0;
  prefix: i32 = 0;
  rt: i32 = -1;
  acl: i32 = -1;
}
export class Filter {
  /** Security group: ingress / egress. Network ACL: inbound / outbound. */
  inbound: Array<Rule> = new Array<Rule>();
  outbound: Array<Rule> = new Array<Rule>();
  vpc: i32 = -1;
}
export class Node {
  kind: i32 = 0;
  region: i32 = 0;
  ip: u32 = 0;
  vpc: i32 = -1;
  subnet: i32 = -1;
  sgs: Array<i32> = new Array<i32>();
  /** The node's first ClassicLink (index into links), or -1. */
  link: i32 = -1;
  backends: Array<i32> = new Array<i32>();
}
export class Link {
  vpc: i32 = 0;
  node: i32 = 0;
  /** Not the node's first link: CL4 lets an instance link to one VPC only. */
  duplicate: bool = false;
}
export class Channel {
  vpc: i32 = 0;
  services: Array<i32> = new Array<i32>();
}

export let vpcs = new Array<Vpc>();
export let routeTables = new Array<RouteTable>();
export let subnets = new Array<Subnet>();
export let sgs = new Array<Filter>();
export let acls = new Array<Filter>();
export let nodes = new Array<Node>();
export let links = new Array<Link>();
export let ccns = new Array<Array<i32>>();
/** Dedicated gateway instances: the VPC each runs in. */
export let gatewayVpcs = new Array<i32>();
/** Services: the dedicated gateway instance each runs on, or -1 for the shared instance. */
export let serviceGateways = new Array<i32>();
export let channels = new Array<Channel>();

/** planReset empties the plan. */
export function planReset(): void {
  vpcs = new Array<Vpc>();
  routeTables = new Array<RouteTable>();
  subnets = new Array<Subnet>();
  sgs = new Array<Filter>();
  acls = new Array<Filter>();
  nodes = new Array<Node>();
  links = new Array<Link>();
  ccns = new Array<Array<i32>>();
  gatewayVpcs = new Array<i32>();
  serviceGateways = new Array<i32>();
  channels = new Array<Channel>();
}

/** planAddVpc adds a VPC in a region (regions are numbered by the host). */
export function planAddVpc(region: i32): i32 {
  const v = new Vpc();
  v.region = region;
  vpcs.push(v);
  return OK;
}

/** planAddVpcCidr adds a strict CIDR to a VPC and folds its CL6 verdict into the VPC's. */
export function planAddVpcCidr(vpc: i32, cidr: string): i32 {
  if (vpc < 0 || vpc >= vpcs.length) return BAD_REF;
  const st = parseCidr(cidr);
  if (st != OK) return st;
  const v = vpcs[vpc];
  v.cidrs.add(rStartValue(), rEndValue(), rPrefixValue());
  if (v.eligibility == OK) v.eligibility = classicLinkRange(rStartValue(), rPrefixValue());
  return OK;
}

/** planAddRouteTable adds a route table of a VPC; the VPC's first one is its main table. */
export function planAddRouteTable(vpc: i32, main: bool): i32 {
  if (vpc < 0 || vpc >= vpcs.length) return BAD_REF;
  const t = new RouteTable();
  t.vpc = vpc;
  routeTables.push(t);
  if (main || vpcs[vpc].mainRt < 0) vpcs[vpc].mainRt = routeTables.length - 1;
  return OK;
}

/** routeCheck reports whether a route's destination is a strict CIDR and its gateway type is known. */
export function routeCheck(cidr: string, gateway: string): i32 {
  const st = parseCidr(cidr);
  if (st != OK) return st;
  if (gatewayOf(gateway) < 0) return BAD_GATEWAY_TYPE;
  return OK;
}

/** planAddRoute adds a route (destination CIDR, gateway type such as VPN or NAT) to a table. */
export function planAddRoute(rt: i32, cidr: string, gateway: string): i32 {
  if (rt < 0 || rt >= routeTables.length) return BAD_REF;
  const st = routeCheck(cidr, gateway);
  if (st != OK) return st;
  routeTables[rt].routes.add(rStartValue(), rEndValue(), rPrefixValue());
  routeTables[rt].gateways.push(gatewayOf(gateway));
  return OK;
}

/** planAddSecurityGroup adds an empty security group. */
export function planAddSecurityGroup(): i32 {
  sgs.push(new Filter());
  return OK;
}

/** planAddNetworkAcl adds an empty network ACL of a VPC. */
export function planAddNetworkAcl(vpc: i32): i32 {
  if (vpc < 0 || vpc >= vpcs.length) return BAD_REF;
  const f = new Filter();
  f.vpc = vpc;
  acls.push(f);
  return OK;
}

/**
 * planAddRule appends a rule to a security group (isAcl false) or network ACL (true), inbound
 * (ingress) or outbound (egress). The answer names the field of a parse failure.
 */
export function planAddRule(isAcl: bool, owner: i32, inbound: bool, action: string, protocol: string, port: string, cidr: string): Checked {
  const all = isAcl ? acls : sgs;
  if (owner < 0 || owner >= all.length) return checkedOf(BAD_REF, 0);
  const st = parseRule(action, protocol, port, cidr);
  if (st == OK) {
    const f = all[owner];
    if (inbound) f.inbound.push(takeRule());
    else f.outbound.push(takeRule());
  }
  return ruleChecked(st);
}

/** planAddSubnet adds a subnet of a VPC with its route table and network ACL (-1: none/main). */
export function planAddSubnet(vpc: i32, cidr: string, rt: i32, acl: i32): i32 {
  if (vpc < 0 || vpc >= vpcs.length) return BAD_REF;
  if (rt >= routeTables.length || acl >= acls.length) return BAD_REF;
  // Added even when the CIDR is refused, so later objects keep their indices (the plan is refused).
  const st = parseCidr(cidr);
  const s = new Subnet();
  s.vpc = vpc;
  s.start = st == OK ? rStartValue() : 1;
  s.end = st == OK ? rEndValue() : 0;
  s.prefix = rPrefixValue();
  s.rt = rt;
  s.acl = acl;
  subnets.push(s);
  return st;
}

/**
 * planAddInstance adds a CVM ("classic" or "vpc") or a load balancer ("lb") with its address;
 * VPC instances and load balancers name their VPC and subnet.
 */
export function planAddInstance(kind: string, region: i32, ip: string, vpc: i32, subnet: i32): i32 {
  let k = 0;
  if (kind == "classic") k = K_CLASSIC;
  else if (kind == "vpc") k = K_VPC;
  else if (kind == "lb") k = K_LB;
  else return BAD_KIND;
  if (k != K_CLASSIC && (vpc < 0 || vpc >= vpcs.length || subnet < 0 || subnet >= subnets.length)) return BAD_REF;
  // Added even when the address is refused, so later objects keep their indices.
  const st = parseIpv4(ip);
  const n = new Node();
  n.kind = k;
  n.region = region;
  n.ip = st == OK ? rStartValue() : 0;
  n.vpc = k == K_CLASSIC ? -1 : vpc;
  n.subnet = k == K_CLASSIC ? -1 : subnet;
  nodes.push(n);
  return st;
}

/** planBindSecurityGroup binds a security group to an instance (evaluated in binding order). */
export function planBindSecurityGroup(node: i32, sg: i32): i32 {
  if (node < 0 || node >= nodes.length || sg < 0 || sg >= sgs.length) return BAD_REF;
  nodes[node].sgs.push(sg);
  return OK;
}

/** planAddBackend adds an instance as a backend of a load balancer. */
export function planAddBackend(lb: i32, node: i32): i32 {
  if (lb < 0 || lb >= nodes.length || node < 0 || node >= nodes.length || nodes[lb].kind != K_LB) return BAD_REF;
  nodes[lb].backends.push(node);
  return OK;
}

/** planAddLink records a ClassicLink of an instance to a VPC; a second link is kept as a duplicate. */
export function planAddLink(vpc: i32, node: i32): i32 {
  if (vpc < 0 || vpc >= vpcs.length || node < 0 || node >= nodes.length) return BAD_REF;
  const l = new Link();
  l.vpc = vpc;
  l.node = node;
  const n = nodes[node];
  if (n.link >= 0) l.duplicate = true;
  else n.link = links.length;
  vpcs[vpc].links++;
  links.push(l);
  return OK;
}

/** planAddCcn adds an empty CCN. */
export function planAddCcn(): i32 {
  ccns.push(new Array<i32>());
  return OK;
}

/** planAttachCcn attaches a VPC to a CCN. */
export function planAttachCcn(ccn: i32, vpc: i32): i32 {
  if (ccn < 0 || ccn >= ccns.length || vpc < 0 || vpc >= vpcs.length) return BAD_REF;
  ccns[ccn].push(vpc);
  return OK;
}

/** planAddGatewayInstance adds a dedicated API Gateway instance running in a VPC. */
export function planAddGatewayInstance(vpc: i32): i32 {
  if (vpc < 0 || vpc >= vpcs.length) return BAD_REF;
  gatewayVpcs.push(vpc);
  return OK;
}

/** planAddService adds a gateway service on a dedicated instance, or on the shared one (-1). */
export function planAddService(gateway: i32): i32 {
  if (gateway < -1 || gateway >= gatewayVpcs.length) return BAD_REF;
  serviceGateways.push(gateway);
  return OK;
}

/** planAddChannel adds a VPC channel reaching into a VPC. */
export function planAddChannel(vpc: i32): i32 {
  if (vpc < 0 || vpc >= vpcs.length) return BAD_REF;
  const c = new Channel();
  c.vpc = vpc;
  channels.push(c);
  return OK;
}

/** planUseChannel records that a service has APIs whose backend is the channel. */
export function planUseChannel(channel: i32, service: i32): i32 {
  if (channel < 0 || channel >= channels.length || service < 0 || service >= serviceGateways.length) return BAD_REF;
  channels[channel].services.push(service);
  return OK;
}

/** sharedCcn reports the index of a CCN joining two VPCs, or -1. */
export function sharedCcn(a: i32, b: i32): i32 {
  for (let c = 0; c < ccns.length; c++) {
    const members = ccns[c];
    if (members.includes(a) && members.includes(b)) return c;
  }
  return -1;
}

/** vpcHolds reports whether an address lies in one of the VPC's CIDRs. */
export function vpcHolds(vpc: i32, ip: u32): bool {
  return vpcs[vpc].cidrs.longest(ip) >= 0;
}
