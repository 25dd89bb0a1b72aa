// Traces one flow through a plan, forward and return, as hops; the first hop that refuses the
// flow decides the verdict and carries the explanation code (CL7-CL11, CH2, CH6, filters, routes).
import { OK, parseIpv4, rStartValue } from "./addr";
import { Checked, PORT_RANGE, Rule, checkedOf, firstMatch, flowProtocol, flowPort, P_TCP, P_UDP } from "./flow";
import {
  BAD_REF, K_CLASSIC, K_LB, Filter, acls, channels, gatewayEntry, gatewayForbidden, gatewayVpcs,
  links, nodes, routeTables, serviceGateways, sgs, sharedCcn, subnets, vpcHolds, vpcs,
} from "./plan";
import { classicAt, linkedClassicAt, routeTableOf, subnetAt, vpcNodeAt } from "./where";
import {
  ACL_INBOUND_DENIED, ACL_OUTBOUND_DENIED, ACL_RETURN_DENIED, CHANNEL_VPC_UNREACHABLE, CIDR_NOT_ELIGIBLE,
  DEST_NOT_LINKED_CLASSIC, DEST_OUTSIDE_LINKED_VPC, LB_BACKEND_CLASSIC, NOT_LINKED, NO_ROUTE, NO_WAY_IN, REGION_MISMATCH,
  SG_EGRESS_DENIED, SG_INGRESS_DENIED, SHARED_INSTANCE, VIA_GATEWAY_FORBIDDEN,
  D_ACCEPTED, D_DELIVERED_TO_SUBNET, D_DENIED_IN, D_DENIED_OUT, D_DENIED_RETURN, D_EXITS_NETWORK, D_NO_ROUTE, D_REFUSED,
  H_ACL_INBOUND, H_ACL_OUTBOUND, H_CCN, H_CHANNEL, H_CLASSIC_LINK, H_CLASSIC_NETWORK, H_EXTERNAL, H_GATEWAY_INSTANCE,
  H_INSTANCE, H_LOAD_BALANCER, H_ROUTE, H_SERVICE, H_SG_EGRESS, H_SG_INGRESS, H_SUBNET, H_VPC,
  ROUTE_CLASSIC_LOCAL, ROUTE_LOCAL, accept, begin, deny, hop, settleTarget, turnBack,
} from "./hops";

/** Inputs of a trace, as traceFieldValue names them (0: none). */
export const TF_SOURCE: i32 = 1;
export const TF_DESTINATION: i32 = 2;
export const TF_PROTOCOL: i32 = 3;
export const TF_PORT: i32 = 4;
export const TF_SOURCE_PORT: i32 = 5;

let tField: i32 = 0;

// The flow being traced.
let fProto: i32 = P_TCP;
let fPort: i32 = 0;
let fSport: i32 = 0;

/**
 * sgPass evaluates a node's security groups in binding order, first match wins across them;
 * no group bound means no filtering. outbound: egress rules against the peer as destination.
 */
function sgPass(node: i32, outbound: bool, peer: u32, port: i32): bool {
  if (node < 0) return true;
  const n = nodes[node];
  const kind = outbound ? H_SG_EGRESS : H_SG_INGRESS;
  if (n.sgs.length == 0) {
    hop(kind, -1, -1, 0, node);
    return true;
  }
  for (let i = 0; i < n.sgs.length; i++) {
    const g = n.sgs[i];
    const f = sgs[g];
    const rules = outbound ? f.outbound : f.inbound;
    const m = firstMatch(rules, fProto, port, peer);
    if (m >= 0) {
      if (rules[m].accept) {
        hop(kind, g, m, 0, node);
        return true;
      }
      return deny(outbound ? SG_EGRESS_DENIED : SG_INGRESS_DENIED, outbound ? D_DENIED_OUT : D_DENIED_IN, kind, g, m, node);
    }
  }
  return deny(outbound ? SG_EGRESS_DENIED : SG_INGRESS_DENIED, outbound ? D_DENIED_OUT : D_DENIED_IN, kind, n.sgs[n.sgs.length - 1], -1, node);
}

/** aclPass evaluates a subnet's network ACL (stateless; none bound means no filtering). */
function aclPass(subnet: i32, outbound: bool, peer: u32, port: i32, code: i32, disposition: i32, node: i32): bool {
  if (subnet < 0) return true;
  const a = subnets[subnet].acl;
  if (a < 0) return true;
  const f: Filter = acls[a];
  const rules: Array<Rule> = outbound ? f.outbound : f.inbound;
  const kind = outbound ? H_ACL_OUTBOUND : H_ACL_INBOUND;
  const m = firstMatch(rules, fProto, port, peer);
  if (m >= 0 && rules[m].accept) {
    hop(kind, a, m, 0, node);
    return true;
  }
  return deny(code, disposition, kind, a, m, node);
}

/** linkValid reports whether a link may carry traffic (CL2, CL6), recording the refusal. */
function linkValid(link: i32, node: i32): bool {
  const l = links[link];
  const v = vpcs[l.vpc];
  if (v.region != nodes[l.node].region) return deny(REGION_MISMATCH, D_NO_ROUTE, H_CLASSIC_LINK, link, -1, node);
  if (v.eligibility != OK) return deny(CIDR_NOT_ELIGIBLE, D_NO_ROUTE, H_VPC, l.vpc, -1, node);
  return true;
}

/**
 * deliverInVpc carries a flow that has reached VPC `vpc` (from srcIp, leaving srcSubnet, or
 * -1 when it comes from outside the VPC's subnets) to the address dst, then checks the return.
 */
function deliverInVpc(vpc: i32, src: i32, srcIp: u32, srcSubnet: i32, dst: u32): void {
  const sn = subnetAt(vpc, dst);
  if (sn < 0) {
    deny(NO_ROUTE, D_NO_ROUTE, H_VPC, vpc, -1, -1);
    return;
  }
  const crossing = sn != srcSubnet;
  const t = vpcNodeAt(vpc, dst);
  if (crossing && !aclPass(sn, false, srcIp, fPort, ACL_INBOUND_DENIED, D_DENIED_IN, t)) return;
  if (t < 0) {
    hop(H_SUBNET, sn, -1, 0, -1);
    accept(-1, D_DELIVERED_TO_SUBNET);
    return;
  }
  if (!sgPass(t, false, srcIp, fPort)) return;
  hop(nodes[t].kind == K_LB ? H_LOAD_BALANCER : H_INSTANCE, t, -1, 0, t);
  turnBack();
  if (crossing && !aclPass(sn, true, srcIp, fSport, ACL_RETURN_DENIED, D_DENIED_RETURN, t)) return;
  if (crossing && !aclPass(srcSubnet, false, dst, fSport, ACL_RETURN_DENIED, D_DENIED_RETURN, src)) return;
  if (src >= 0) hop(H_INSTANCE, src, -1, 0, src);
  else hop(H_EXTERNAL, -1, -1, 0, -1);
  accept(t, D_ACCEPTED);
}

/** deliverToClassic carries a flow to a classic instance (over its link or the classic network). */
function deliverToClassic(c: i32, src: i32, srcIp: u32, srcSubnet: i32): void {
  if (!sgPass(c, false, srcIp, fPort)) return;
  hop(H_INSTANCE, c, -1, 0, c);
  turnBack();
  if (!aclPass(srcSubnet, false, nodes[c].ip, fSport, ACL_RETURN_DENIED, D_DENIED_RETURN, src)) return;
  hop(H_INSTANCE, src, -1, 0, src);
  accept(c, D_ACCEPTED);
}

function fromClassic(src: i32, dst: u32): void {
  const s = nodes[src];
  const link = s.link;
  if (link >= 0 && vpcHolds(links[link].vpc, dst)) {
    const L = links[link].vpc;
    hop(H_CLASSIC_LINK, link, -1, 0, src);
    if (!linkValid(link, src)) return;
    hop(H_ROUTE, vpcs[L].mainRt, ROUTE_LOCAL, 0, src);
    if (!sgPass(src, true, dst, fPort)) return;
    deliverInVpc(L, src, s.ip, -1, dst);
    return;
  }
  const c = classicAt(s.region, dst);
  if (c >= 0 && c != src) {
    hop(H_CLASSIC_NETWORK, -1, -1, 0, src);
    if (!sgPass(src, true, dst, fPort)) return;
    deliverToClassic(c, src, s.ip, -1);
    return;
  }
  if (link >= 0) {
    const L = links[link].vpc;
    hop(H_CLASSIC_LINK, link, -1, 0, src);
    if (!linkValid(link, src)) return;
    const rt = vpcs[L].mainRt;
    const r = rt >= 0 ? routeTables[rt].routes.longest(dst) : -1;
    if (r >= 0 && gatewayForbidden(routeTables[rt].gateways[r])) {
      deny(VIA_GATEWAY_FORBIDDEN, D_NO_ROUTE, H_ROUTE, rt, r, src);
      return;
    }
    deny(DEST_OUTSIDE_LINKED_VPC, D_NO_ROUTE, H_CLASSIC_LINK, link, -1, src);
    return;
  }
  // Several VPCs may hold the address; name the one with an instance at it, else the first.
  let holder = -1;
  for (let v = 0; v < vpcs.length; v++) {
    if (vpcs[v].region != s.region || !vpcHolds(v, dst)) continue;
    if (holder < 0 || vpcNodeAt(v, dst) >= 0) holder = v;
    if (vpcNodeAt(v, dst) >= 0) break;
  }
  if (holder >= 0) {
    deny(NOT_LINKED, D_NO_ROUTE, H_VPC, holder, -1, src);
    return;
  }
  deny(NO_ROUTE, D_NO_ROUTE, H_CLASSIC_NETWORK, -1, -1, src);
}

/**
 * leaves checks a VPC node's way out: its security groups (egress), then its subnet's ACL
 * (outbound) when the flow crosses a subnet edge. Records the refusal; reports whether it passed.
 */
function leaves(src: i32, dst: u32, crossesSubnet: bool): bool {
  if (!sgPass(src, true, dst, fPort)) return false;
  return !crossesSubnet || aclPass(nodes[src].subnet, true, dst, fPort, ACL_OUTBOUND_DENIED, D_DENIED_OUT, src);
}

function fromVpcNode(src: i32, dst: u32): void {
  const s = nodes[src];
  const V = s.vpc;
  const rt = routeTableOf(V, s.subnet);
  if (vpcHolds(V, dst)) {
    hop(H_ROUTE, rt, ROUTE_LOCAL, 0, src);
    if (!leaves(src, dst, subnetAt(V, dst) != s.subnet)) return;
    deliverInVpc(V, src, s.ip, s.subnet, dst);
    return;
  }
  const c = linkedClassicAt(V, dst);
  if (c >= 0) {
    hop(H_ROUTE, rt, ROUTE_CLASSIC_LOCAL, 0, src);
    hop(H_CLASSIC_LINK, nodes[c].link, -1, 0, c);
    if (!linkValid(nodes[c].link, src)) return;
    if (s.kind == K_LB) {
      deny(LB_BACKEND_CLASSIC, D_REFUSED, H_LOAD_BALANCER, src, -1, src);
      return;
    }
    if (!leaves(src, dst, true)) return;
    deliverToClassic(c, src, s.ip, s.subnet);
    return;
  }
  // VPC instances reach only linked classic instances (CL8), whatever a custom route says.
  const cl = classicAt(s.region, dst);
  if (cl >= 0) {
    deny(DEST_NOT_LINKED_CLASSIC, D_NO_ROUTE, H_INSTANCE, cl, -1, src);
    return;
  }
  // Custom routes and CCN routes compete by prefix length.
  const r = rt >= 0 ? routeTables[rt].routes.longest(dst) : -1;
  const rPrefix = r >= 0 ? routeTables[rt].routes.prefixes[r] : -1;
  let W = -1;
  let wPrefix = -1;
  for (let v = 0; v < vpcs.length; v++) {
    if (v == V || sharedCcn(V, v) < 0) continue;
    const k = vpcs[v].cidrs.longest(dst);
    if (k >= 0 && vpcs[v].cidrs.prefixes[k] > wPrefix) {
      W = v;
      wPrefix = vpcs[v].cidrs.prefixes[k];
    }
  }
  if (W >= 0 && wPrefix > rPrefix) {
    hop(H_CCN, sharedCcn(V, W), -1, 0, src);
    if (!leaves(src, dst, true)) return;
    deliverInVpc(W, src, s.ip, s.subnet, dst);
    return;
  }
  if (r >= 0) {
    hop(H_ROUTE, rt, r, 0, src);
    if (!leaves(src, dst, true)) return;
    accept(-1, D_EXITS_NETWORK);
    return;
  }
  deny(NO_ROUTE, D_NO_ROUTE, H_ROUTE, rt, -1, src);
}

/**
 * fromOutside traces a flow entering from an address behind some VPC's VPN, Direct Connect,
 * peering or public (EIP) route; a NAT gateway lets nothing in. A flow no such route lets into the
 * destination's network ends NO_WAY_IN at its first hop.
 */
function fromOutside(srcIp: u32, dst: u32): void {
  hop(H_EXTERNAL, -1, -1, 0, -1);
  for (let t = 0; t < routeTables.length; t++) {
    const table = routeTables[t];
    const r = table.routes.longest(srcIp);
    if (r < 0 || !gatewayEntry(table.gateways[r])) continue;
    const V = table.vpc;
    const c = linkedClassicAt(V, dst);
    if (c >= 0 && gatewayForbidden(table.gateways[r])) {
      deny(VIA_GATEWAY_FORBIDDEN, D_NO_ROUTE, H_ROUTE, t, r, c);
      return;
    }
    if (vpcHolds(V, dst)) {
      hop(H_ROUTE, t, r, 0, -1);
      deliverInVpc(V, -1, srcIp, -1, dst);
      return;
    }
  }
  deny(NO_WAY_IN, D_NO_ROUTE, H_EXTERNAL, -1, -1, -1);
}

/** setFlow parses the flow's protocol and ports; reports the status (tField: which input). */
function setFlow(protocol: string, port: string, srcPort: i32): i32 {
  tField = TF_PROTOCOL;
  const p = flowProtocol(protocol);
  if (p < 0) return -p;
  fProto = p;
  fPort = 0;
  tField = TF_PORT;
  if (p == P_TCP || p == P_UDP) {
    const n = flowPort(port);
    if (n < 0) return -n;
    fPort = n;
  }
  tField = TF_SOURCE_PORT;
  if (srcPort != -1 && (srcPort < 1 || srcPort > 65535)) return PORT_RANGE;
  fSport = srcPort == -1 ? 32768 : srcPort;
  tField = 0;
  return OK;
}

/** traceField reports which input of the last failed trace or matrix was bad (TF_*, 0 for none). */
export function traceField(): i32 {
  return tField;
}

/**
 * traceFromInstance traces a flow from node src of the plan to address dst (see fromInstance);
 * the answer says which input was bad, and the trace is read with traceRecord.
 */
export function traceFromInstance(src: i32, dst: string, protocol: string, port: string, srcPort: i32, target: i32): Checked {
  return checkedOf(fromInstance(src, dst, protocol, port, srcPort, target), tField);
}

/** traceFromAddress traces a flow from an address that is no instance of the plan (see fromAddress). */
export function traceFromAddress(srcIp: string, dst: string, protocol: string, port: string, srcPort: i32, target: i32): Checked {
  return checkedOf(fromAddress(srcIp, dst, protocol, port, srcPort, target), tField);
}

function parseDst(dst: string): i32 {
  tField = TF_DESTINATION;
  const st = parseIpv4(dst);
  if (st != OK) return st;
  tField = 0;
  return OK;
}

/**
 * fromInstance traces a flow from an instance of the plan to an address. srcPort is the
 * ephemeral port replies go back to (-1: 32768, Linux's first). Reports the input's status; the answer is
 * read with traceRecord. target is the instance the question named as destination (-1: an
 * address); a flow that does not reach it ends NO_ROUTE.
 */
function fromInstance(src: i32, dst: string, protocol: string, port: string, srcPort: i32, target: i32): i32 {
  begin();
  tField = TF_SOURCE;
  if (src < 0 || src >= nodes.length) return BAD_REF;
  let st = parseDst(dst);
  if (st != OK) return st;
  const d = rStartValue();
  st = setFlow(protocol, port, srcPort);
  if (st != OK) return st;
  traceNode(src, d);
  settleTarget(target);
  return OK;
}

/** traceNode traces the current flow from node src to address d (the flow is already set). */
export function traceNode(src: i32, d: u32): void {
  begin();
  const s = nodes[src];
  hop(s.kind == K_LB ? H_LOAD_BALANCER : H_INSTANCE, src, -1, 0, src);
  if (s.kind == K_CLASSIC) fromClassic(src, d);
  else fromVpcNode(src, d);
}

/** fromAddress traces a flow from an address that is no instance of the plan (e.g. behind a VPN). */
function fromAddress(srcIp: string, dst: string, protocol: string, port: string, srcPort: i32, target: i32): i32 {
  begin();
  tField = TF_SOURCE;
  let st = parseIpv4(srcIp);
  if (st != OK) return st;
  const s = rStartValue();
  st = parseDst(dst);
  if (st != OK) return st;
  const d = rStartValue();
  st = setFlow(protocol, port, srcPort);
  if (st != OK) return st;
  fromOutside(s, d);
  settleTarget(target);
  return OK;
}

/** setTraceFlow sets the flow used by traceNode (for the matrix); reports the status. */
export function setTraceFlow(protocol: string, port: string, srcPort: i32): i32 {
  return setFlow(protocol, port, srcPort);
}

/**
 * traceChannel traces a call from a service to a channel's VPC: only services on a dedicated
 * instance may use channels (CH2), and the instance's VPC must be the channel's or share a CCN
 * with it (CH6).
 */
export function traceChannel(service: i32, channel: i32): i32 {
  begin();
  tField = TF_SOURCE;
  if (service < 0 || service >= serviceGateways.length) return BAD_REF;
  tField = TF_DESTINATION;
  if (channel < 0 || channel >= channels.length) return BAD_REF;
  tField = 0;
  hop(H_SERVICE, service, -1, 0, -1);
  const g = serviceGateways[service];
  if (g < 0) {
    deny(SHARED_INSTANCE, D_REFUSED, H_SERVICE, service, -1, -1);
    return OK;
  }
  hop(H_GATEWAY_INSTANCE, g, -1, 0, -1);
  const from = gatewayVpcs[g];
  const to = channels[channel].vpc;
  if (from != to) {
    const c = sharedCcn(from, to);
    if (c < 0) {
      deny(CHANNEL_VPC_UNREACHABLE, D_NO_ROUTE, H_CHANNEL, channel, -1, -1);
      return OK;
    }
    hop(H_CCN, c, -1, 0, -1);
  }
  hop(H_CHANNEL, channel, -1, 0, -1);
  accept(-1, D_ACCEPTED);
  return OK;
}

/** planNodeAt reports the first instance with an address, -1 if none, or -status. */
export function planNodeAt(ip: string): i32 {
  const st = parseIpv4(ip);
  if (st != OK) return -st;
  const v = rStartValue();
  for (let i = 0; i < nodes.length; i++) if (nodes[i].ip == v) return i;
  return -1;
}
