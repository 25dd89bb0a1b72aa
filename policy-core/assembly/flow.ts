// Protocols, ports and ordered ACCEPT/DROP rules as Tencent writes them in security groups and
// network ACLs, and first-match evaluation of a flow against a rule list. Pure; status codes.
import { OK, EMPTY, parseCidr, parseIpv4, rStartValue, rEndValue } from "./addr";

export const BAD_PROTOCOL: i32 = 10;
export const BAD_PORT: i32 = 11;
export const PORT_RANGE: i32 = 12;
export const PORT_ORDER: i32 = 13;
export const PORT_WITH_PROTOCOL: i32 = 14;
export const BAD_ACTION: i32 = 15;
export const FLOW_PROTOCOL: i32 = 16;

/** Protocol numbers: ALL matches every protocol (rules only; a flow has one protocol). */
export const P_ALL: i32 = 0;
export const P_ICMP: i32 = 1;
export const P_TCP: i32 = 6;
export const P_UDP: i32 = 17;

/** Rule fields, as a Checked names them (0: none). */
export const F_ACTION: i32 = 1;
export const F_PROTOCOL: i32 = 2;
export const F_PORT: i32 = 3;
export const F_CIDR: i32 = 4;

/** Which field of a rule the last failed parse was about (F_*). */
let lastField: i32 = 0;

function upperEq(s: string, word: string): bool {
  if (s.length != word.length) return false;
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c >= 97 && c <= 122) c -= 32;
    if (c != word.charCodeAt(i)) return false;
  }
  return true;
}

/** protocolOf reports the protocol number of "TCP", "UDP", "ICMP" or "ALL" (any case), or -1. */
export function protocolOf(s: string): i32 {
  if (upperEq(s, "TCP")) return P_TCP;
  if (upperEq(s, "UDP")) return P_UDP;
  if (upperEq(s, "ICMP")) return P_ICMP;
  if (upperEq(s, "ALL")) return P_ALL;
  return -1;
}

/** A port set: ALL, or inclusive ranges [lo, hi] within 1-65535. */
export class PortSet {
  all: bool = true;
  lo: Array<i32> = new Array<i32>();
  hi: Array<i32> = new Array<i32>();

  has(port: i32): bool {
    if (this.all) return true;
    for (let i = 0; i < this.lo.length; i++) {
      if (port >= unchecked(this.lo[i]) && port <= unchecked(this.hi[i])) return true;
    }
    return false;
  }
}

let parsedPorts = new PortSet();

/** parsePortNumber reads s[from, to) as a strict decimal 1-65535; -status when it is not. */
function parsePortNumber(s: string, from: i32, to: i32): i32 {
  if (to <= from) return -BAD_PORT;
  if (to - from > 5) return -PORT_RANGE;
  if (to - from > 1 && s.charCodeAt(from) == 48) return -BAD_PORT;
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return -BAD_PORT;
    n = n * 10 + (c - 48);
  }
  if (n < 1 || n > 65535) return -PORT_RANGE;
  return n;
}

/**
 * parsePorts reports whether s is a Tencent port field: "ALL" (or empty), "80", "8000-9000",
 * "80,443" or a comma list of ports and ranges. Each number is a strict decimal 1-65535.
 */
export function parsePorts(s: string): i32 {
  const set = new PortSet();
  parsedPorts = set;
  if (s.length == 0 || upperEq(s, "ALL")) return OK;
  if (s.length > 255) return BAD_PORT;
  set.all = false;
  let from = 0;
  while (from <= s.length) {
    let comma = s.indexOf(",", from);
    if (comma < 0) comma = s.length;
    let dash = -1;
    for (let i = from; i < comma; i++) if (s.charCodeAt(i) == 45) { dash = i; break; }
    let lo: i32, hi: i32;
    if (dash < 0) {
      lo = parsePortNumber(s, from, comma);
      hi = lo;
    } else {
      lo = parsePortNumber(s, from, dash);
      hi = parsePortNumber(s, dash + 1, comma);
    }
    if (lo < 0) return -lo;
    if (hi < 0) return -hi;
    if (lo > hi) return PORT_ORDER;
    set.lo.push(lo);
    set.hi.push(hi);
    from = comma + 1;
  }
  return OK;
}

/** An ordered security-group or ACL rule: first match wins. */
export class Rule {
  accept: bool = false;
  proto: i32 = P_ALL;
  ports: PortSet = new PortSet();
  start: u32 = 0;
  end: u32 = 0;
}


let lastRule: Rule = new Rule();
let lastPortText = "";

/** takeRule reports the rule built by the last successful parseRule. */
export function takeRule(): Rule {
  return lastRule;
}

/**
 * parseRule reports whether (action, protocol, port, cidr) is a valid rule: ACCEPT or DROP;
 * TCP, UDP, ICMP or ALL; ports only with TCP or UDP; an address or strict CIDR (0.0.0.0/n is
 * 0.0.0.0/0, as Tencent maps it). On failure lastField names the field.
 */
export function parseRule(action: string, protocol: string, port: string, cidr: string): i32 {
  const r = new Rule();
  lastField = F_ACTION;
  if (upperEq(action, "ACCEPT")) r.accept = true;
  else if (!upperEq(action, "DROP")) return BAD_ACTION;
  lastField = F_PROTOCOL;
  const p = protocolOf(protocol);
  if (p < 0) return BAD_PROTOCOL;
  r.proto = p;
  lastField = F_PORT;
  const ps = parsePorts(port);
  if (ps != OK) return ps;
  r.ports = parsedPorts;
  lastPortText = port;
  if (!r.ports.all && (p == P_ALL || p == P_ICMP)) return PORT_WITH_PROTOCOL;
  lastField = F_CIDR;
  if (cidr.length == 0) return EMPTY;
  if (cidr.indexOf("/") < 0) {
    const st = parseIpv4(cidr);
    if (st != OK) return st;
    r.start = rStartValue();
    r.end = r.start;
  } else {
    const st = parseCidr(cidr);
    if (st != OK) return st;
    r.start = rStartValue();
    r.end = rEndValue();
    if (r.start == 0) r.end = 0xffffffff; // 0.0.0.0/n means 0.0.0.0/0
  }
  lastField = 0;
  lastRule = r;
  return OK;
}

/** matches reports whether a rule matches a flow of protocol proto to port, with peer address. */
export function matches(r: Rule, proto: i32, port: i32, peer: u32): bool {
  if (r.proto != P_ALL && r.proto != proto) return false;
  if (peer < r.start || peer > r.end) return false;
  if (proto != P_TCP && proto != P_UDP) return true;
  return r.ports.has(port);
}

/** firstMatch reports the index of the first rule matching the flow, or -1 (default deny). */
export function firstMatch(rules: Array<Rule>, proto: i32, port: i32, peer: u32): i32 {
  for (let i = 0; i < rules.length; i++) {
    if (matches(unchecked(rules[i]), proto, port, peer)) return i;
  }
  return -1;
}

/**
 * flowProtocol reports the protocol number of a flow's protocol (TCP, UDP or ICMP), or -status.
 */
export function flowProtocol(s: string): i32 {
  const p = protocolOf(s);
  if (p < 0) return -BAD_PROTOCOL;
  if (p == P_ALL) return -FLOW_PROTOCOL;
  return p;
}

/** flowPort reports a flow's port as a number (1-65535), or -status; ICMP flows take 0. */
export function flowPort(s: string): i32 {
  return parsePortNumber(s, 0, s.length);
}

// A standalone rule list, for checking rule evaluation apart from any plan.
let list = new Array<Rule>();

/** ruleListReset empties the standalone rule list. */
export function ruleListReset(): void {
  list = new Array<Rule>();
}

/** ruleListAdd parses a rule and appends it to the standalone list; reports the status. */
export function ruleListAdd(action: string, protocol: string, port: string, cidr: string): i32 {
  const st = parseRule(action, protocol, port, cidr);
  if (st == OK) list.push(takeRule());
  return st;
}

/**
 * ruleListEval reports the index of the first rule of the standalone list that matches the flow
 * (protocol, port, peer address), -1 when none does, or -status for a malformed flow.
 */
export function ruleListEval(protocol: string, port: i32, peer: string): i32 {
  const p = flowProtocol(protocol);
  if (p < 0) return p;
  if ((p == P_TCP || p == P_UDP) && (port < 1 || port > 65535)) return -PORT_RANGE;
  const st = parseIpv4(peer);
  if (st != OK) return -st;
  return firstMatch(list, p, port, rStartValue());
}

/** ruleAccepts reports whether rule i of the standalone list is ACCEPT (1) or DROP (0). */
export function ruleAccepts(i: i32): i32 {
  if (i < 0 || i >= list.length) return -1;
  return list[i].accept ? 1 : 0;
}

/** protocolName reports the canonical name of a protocol number. */
function protocolName(p: i32): string {
  if (p == P_TCP) return "TCP";
  if (p == P_UDP) return "UDP";
  if (p == P_ICMP) return "ICMP";
  return "ALL";
}

/**
 * A Checked is an input check's whole answer, handed to JavaScript as one value: the status, the
 * field it was about (F_* for a rule, TF_* for a flow question; 0 for none) and, for an accepted
 * rule, its canonical form.
 */
export class Checked {
  status: i32 = 0;
  field: i32 = 0;
  canonical: string = "";
}

/** checkedOf reports a status with the field it was about. */
export function checkedOf(status: i32, field: i32): Checked {
  const c = new Checked();
  c.status = status;
  c.field = status == OK ? 0 : field;
  return c;
}

/**
 * ruleChecked reports the last parseRule's answer; an accepted rule comes with its canonical form
 * as Tencent lists it: "ACTION PROTOCOL PORT" upper-cased, the port ALL when none was given
 * (e.g. "ACCEPT TCP 80,443").
 */
export function ruleChecked(status: i32): Checked {
  const c = checkedOf(status, lastField);
  if (status == OK) {
    const r = lastRule;
    c.canonical = `${r.accept ? "ACCEPT" : "DROP"} ${protocolName(r.proto)} ${r.ports.all ? "ALL" : lastPortText}`;
  }
  return c;
}

/** checkRule checks one security-group or ACL rule apart from any plan. */
export function checkRule(action: string, protocol: string, port: string, cidr: string): Checked {
  return ruleChecked(parseRule(action, protocol, port, cidr));
}
