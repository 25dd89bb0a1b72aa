// The record of the last trace: its hops (kind, object, rule, code, direction, instance), the
// deciding code and disposition; and the numbers of codes, hop kinds and dispositions. No logic.

// Explanation codes (exported with these names; 0 means accepted).
export const NOT_LINKED: i32 = 101;
export const REGION_MISMATCH: i32 = 102;
export const CIDR_NOT_ELIGIBLE: i32 = 103;
export const DEST_OUTSIDE_LINKED_VPC: i32 = 104;
export const DEST_NOT_LINKED_CLASSIC: i32 = 105;
export const VIA_GATEWAY_FORBIDDEN: i32 = 106;
export const NO_ROUTE: i32 = 107;
export const SG_EGRESS_DENIED: i32 = 108;
export const SG_INGRESS_DENIED: i32 = 109;
export const ACL_OUTBOUND_DENIED: i32 = 110;
export const ACL_INBOUND_DENIED: i32 = 111;
export const ACL_RETURN_DENIED: i32 = 112;
export const LB_BACKEND_CLASSIC: i32 = 113;
export const SHARED_INSTANCE: i32 = 114;
export const CHANNEL_VPC_UNREACHABLE: i32 = 115;
/** A flow from outside the plan that no VPN, Direct Connect, peering or EIP route lets into the destination's network. */
export const NO_WAY_IN: i32 = 124;

// Hop kinds.
export const H_INSTANCE: i32 = 1;
export const H_EXTERNAL: i32 = 2;
export const H_ROUTE: i32 = 3;
export const H_CLASSIC_LINK: i32 = 4;
export const H_CLASSIC_NETWORK: i32 = 5;
export const H_SG_EGRESS: i32 = 6;
export const H_SG_INGRESS: i32 = 7;
export const H_ACL_OUTBOUND: i32 = 8;
export const H_ACL_INBOUND: i32 = 9;
export const H_CCN: i32 = 10;
export const H_VPC: i32 = 11;
export const H_SUBNET: i32 = 12;
export const H_SERVICE: i32 = 13;
export const H_GATEWAY_INSTANCE: i32 = 14;
export const H_CHANNEL: i32 = 15;
export const H_LOAD_BALANCER: i32 = 16;

/** Route "rule" numbers for entries a table holds implicitly. */
export const ROUTE_LOCAL: i32 = -1;
export const ROUTE_CLASSIC_LOCAL: i32 = -2;

// Dispositions, after Batfish.
export const D_ACCEPTED: i32 = 0;
export const D_EXITS_NETWORK: i32 = 1;
export const D_DELIVERED_TO_SUBNET: i32 = 2;
export const D_DENIED_OUT: i32 = 3;
export const D_DENIED_IN: i32 = 4;
export const D_DENIED_RETURN: i32 = 5;
export const D_NO_ROUTE: i32 = 6;
export const D_REFUSED: i32 = 7;

const hKind = new Array<i32>();
const hObj = new Array<i32>();
const hRule = new Array<i32>();
const hCode = new Array<i32>();
const hBack = new Array<bool>();
const hNode = new Array<i32>();
let tCode: i32 = 0;
let tDisposition: i32 = D_ACCEPTED;
let tDelivered: i32 = -1;
/** The disposition a trace reached before settleTarget found it missed its target (-1: it did not). */
let tMissed: i32 = -1;
let back = false;


/** turnBack marks the hops recorded from now on as the return path. */
export function turnBack(): void {
  back = true;
}

/** begin clears the hops and verdict of the previous trace. */
export function begin(): void {
  hKind.length = 0;
  hObj.length = 0;
  hRule.length = 0;
  hCode.length = 0;
  hBack.length = 0;
  hNode.length = 0;
  tCode = 0;
  tDisposition = D_ACCEPTED;
  tDelivered = -1;
  tMissed = -1;
  back = false;
}

/**
 * settleTarget decides a trace asked of an instance rather than an address: a flow accepted
 * somewhere else (another holder of the address, or only the subnet) never reaches the target,
 * so the trace ends NO_ROUTE.
 */
export function settleTarget(target: i32): void {
  if (target < 0 || tCode != 0 || tDelivered == target) return;
  tMissed = tDisposition;
  tCode = NO_ROUTE;
  tDisposition = D_NO_ROUTE;
}

/** hop records one step: its kind, plan object, rule or route index, code (0: passed) and instance. */
export function hop(kind: i32, obj: i32, rule: i32, code: i32, node: i32): void {
  hKind.push(kind);
  hObj.push(obj);
  hRule.push(rule);
  hCode.push(code);
  hBack.push(back);
  hNode.push(node);
}

/** deny records the deciding hop and reports false, so callers can `return deny(...)`. */
export function deny(code: i32, disposition: i32, kind: i32, obj: i32, rule: i32, node: i32): bool {
  hop(kind, obj, rule, code, node);
  tCode = code;
  tDisposition = disposition;
  return false;
}

/** accept records that the flow reached node (or -1) with a disposition. */
export function accept(node: i32, disposition: i32): void {
  tDelivered = node;
  tDisposition = disposition;
  tCode = 0;
}

/** traceCode reports the explanation code of the last trace (0: accepted). */
export function traceCode(): i32 {
  return tCode;
}
/** traceDisposition reports the disposition of the last trace (D_*). */
export function traceDisposition(): i32 {
  return tDisposition;
}
/** traceDelivered reports the instance the last trace reached, or -1. */
export function traceDelivered(): i32 {
  return tDelivered;
}
/** hopCount reports the number of hops of the last trace. */
export function hopCount(): i32 {
  return hKind.length;
}
/** hopKind reports hop i's kind (H_*). */
export function hopKind(i: i32): i32 {
  return i >= 0 && i < hKind.length ? hKind[i] : 0;
}
/** hopObject reports the plan index of the object of hop i (by its kind), or -1. */
export function hopObject(i: i32): i32 {
  return i >= 0 && i < hObj.length ? hObj[i] : -1;
}
/** hopRule reports hop i's rule or route index; -1 for none (default deny, local route). */
export function hopRule(i: i32): i32 {
  return i >= 0 && i < hRule.length ? hRule[i] : -1;
}
/** hopCode reports hop i's explanation code (0 when it let the flow pass). */
export function hopCode(i: i32): i32 {
  return i >= 0 && i < hCode.length ? hCode[i] : 0;
}
/** hopReturn reports whether hop i is on the return path. */
export function hopReturn(i: i32): bool {
  return i >= 0 && i < hBack.length ? hBack[i] : false;
}
/** hopNode reports the instance hop i belongs to, or -1. */
export function hopNode(i: i32): i32 {
  return i >= 0 && i < hNode.length ? hNode[i] : -1;
}

/** The layout of traceRecord: a head of TRACE_HEAD values, then TRACE_HOP values per hop. */
export const TRACE_HEAD: i32 = 5;
export const TRACE_HOP: i32 = 6;

/**
 * traceRecord reports the last trace as one value: code, disposition, delivered instance (-1),
 * hop count, the disposition reached before missing the target (-1: not missed), then per hop its kind, object, rule, code, 1 on the return path, instance (-1).
 */
export function traceRecord(): Int32Array {
  const n = hKind.length;
  const out = new Int32Array(TRACE_HEAD + n * TRACE_HOP);
  out[0] = tCode;
  out[1] = tDisposition;
  out[2] = tDelivered;
  out[3] = n;
  out[4] = tMissed;
  for (let i = 0; i < n; i++) {
    const at = TRACE_HEAD + i * TRACE_HOP;
    out[at] = hKind[i];
    out[at + 1] = hObj[i];
    out[at + 2] = hRule[i];
    out[at + 3] = hCode[i];
    out[at + 4] = hBack[i] ? 1 : 0;
    out[at + 5] = hNode[i];
  }
  return out;
}
