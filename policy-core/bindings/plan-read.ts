// Reads the wasm's answers about a loaded plan as plain values in the page's terms: traces with
// each hop's plan id and JSON path, lint findings and shadowed rules with theirs. Every verdict is
// the wasm's; this file turns indices into ids and paths, and codes into names and sentences.
import {
  HOP, LAYOUT, OBJECT, ROUTE, dispositionName, hopComponent, type Disposition, type HopComponent,
} from "./boundary";
import { CODE_MEANINGS, CODE_RULES, codeName, type CodeName } from "./codes";
import type { CoreExports } from "./index";
import type { Index } from "./plan-load";
import { reasonOf } from "./reasons";

/** One step of a trace. ruleIndex is the rule (or route) that decided it; null for none. */
export interface Hop {
  component: HopComponent;
  id: string | null;
  /** Where the hop's object (or its deciding rule or route) is in the plan document, or null. */
  path: string | null;
  ruleIndex: number | null;
  direction: "forward" | "return";
  passed: boolean;
  code: CodeName | null;
  instanceId: string | null;
  detail: string;
}

/** An explanation: the code, the SPEC rule, the plan object and rule index that decided. */
export interface Explanation {
  code: CodeName;
  rule: string;
  objectId: string | null;
  ruleIndex: number | null;
  message: string;
}

/** The answer to "can this flow get through?". */
export interface Trace {
  verdict: "ACCEPTED" | "DENIED";
  disposition: Disposition;
  deliveredTo: string | null;
  forward: Hop[];
  return: Hop[];
  explanations: Explanation[];
}

export interface LintFinding {
  code: CodeName;
  rule: string;
  objectKind: "vpc" | "subnet" | "instance" | "classicLink" | "channel";
  objectId: string;
  /** Where the object is in the plan document (`instances[3]`, `loadBalancers[0]`, `classicLinks[2]`). */
  path: string;
  relatedId: string | null;
  message: string;
  /** LINK_LIMIT_EXCEEDED only: the VPC's links past its 100th, in plan order (place 101 is the 101st). */
  overLimit?: OverLimitLink[];
}

/** A ClassicLink past its VPC's limit (CL5): its id, instance, JSON path and place among the VPC's links. */
export interface OverLimitLink {
  linkId: string;
  instanceId: string;
  path: string;
  place: number;
}

export interface ShadowedRule {
  kind: "securityGroup" | "networkAcl";
  ownerId: string;
  direction: "ingress" | "egress" | "inbound" | "outbound";
  ruleIndex: number;
  /** Where the rule is in the plan document (`securityGroups[1].egress[4]`). */
  path: string;
  /** The single earlier rule covering it, or null when only several earlier rules together do. */
  coveredBy: number | null;
  message: string;
}

/** Plan lists by hop kind; filters add the direction of their rules. */
const HOP_LIST: Partial<Record<number, [list: string, rules?: string]>> = {
  [HOP.H_ROUTE]: ["routeTables", "routes"], [HOP.H_CLASSIC_LINK]: ["classicLinks"], [HOP.H_SG_EGRESS]: ["securityGroups", "egress"],
  [HOP.H_SG_INGRESS]: ["securityGroups", "ingress"], [HOP.H_ACL_OUTBOUND]: ["networkAcls", "outbound"],
  [HOP.H_ACL_INBOUND]: ["networkAcls", "inbound"], [HOP.H_CCN]: ["ccns"], [HOP.H_VPC]: ["vpcs"], [HOP.H_SUBNET]: ["subnets"],
  [HOP.H_SERVICE]: ["services"], [HOP.H_GATEWAY_INSTANCE]: ["gatewayInstances"], [HOP.H_CHANNEL]: ["channels"],
};

/** nodePath reports where instance or load balancer i (in matrix order) is in the document. */
function nodePath(ix: Index, i: number): string | null {
  const n = ix.doc.instances?.length ?? 0;
  if (i < n) return `instances[${i}]`;
  return i - n < (ix.doc.loadBalancers?.length ?? 0) ? `loadBalancers[${i - n}]` : null;
}

/** hopPath reports where a hop's object (and its rule or route) is in the plan document. */
function hopPath(ix: Index, kind: number, obj: number, rule: number): string | null {
  if (obj < 0) return null;
  if (kind === HOP.H_INSTANCE || kind === HOP.H_LOAD_BALANCER) return nodePath(ix, obj);
  const at = HOP_LIST[kind];
  if (!at) return null;
  const list = (ix.doc as unknown as Record<string, unknown[] | undefined>)[at[0]];
  if (!Array.isArray(list) || obj >= list.length) return null; // a VPC's implicit main table, or a synthetic plan
  return at[1] && rule >= 0 ? `${at[0]}[${obj}].${at[1]}[${rule}]` : `${at[0]}[${obj}]`;
}

/** idOf reports the plan id of a hop's object, by the hop's kind. */
function idOf(ix: Index, kind: number, obj: number): string | null {
  if (obj < 0) return null;
  const table: Partial<Record<number, string[]>> = {
    [HOP.H_INSTANCE]: ix.nodes, [HOP.H_ROUTE]: ix.routeTables, [HOP.H_CLASSIC_LINK]: ix.links, [HOP.H_SG_EGRESS]: ix.sgs,
    [HOP.H_SG_INGRESS]: ix.sgs, [HOP.H_ACL_OUTBOUND]: ix.acls, [HOP.H_ACL_INBOUND]: ix.acls, [HOP.H_CCN]: ix.ccns, [HOP.H_VPC]: ix.vpcs,
    [HOP.H_SUBNET]: ix.subnets, [HOP.H_SERVICE]: ix.services, [HOP.H_GATEWAY_INSTANCE]: ix.gateways, [HOP.H_CHANNEL]: ix.channels,
    [HOP.H_LOAD_BALANCER]: ix.nodes,
  };
  return table[kind]?.[obj] ?? null;
}

const isFilter = (c: HopComponent) => c.startsWith("securityGroup") || c.startsWith("networkAcl");

/** detail says in words what a hop did. */
function detail(component: HopComponent, rule: number, passed: boolean, code: CodeName | null): string {
  if (code) return CODE_MEANINGS[code];
  if (component === "route") return rule === ROUTE.ROUTE_LOCAL ? "Local route" : rule === ROUTE.ROUTE_CLASSIC_LOCAL ? "Local route of a linked classic IP (CL9)" : `matched route ${rule}`;
  if (isFilter(component)) {
    if (rule < 0) return passed ? "no security group bound: not filtered" : "no rule matched: default deny";
    return `matched rule ${rule} (${passed ? "ACCEPT" : "DROP"})`;
  }
  return "";
}

function explain(code: CodeName, id: string | null, rule: number | null): string {
  const where = id ? ` [${id}${rule !== null ? ` rule ${rule}` : ""}]` : "";
  return `${code} (${CODE_RULES[code]}): ${CODE_MEANINGS[code]}${where}`;
}

/** readTrace reads the wasm's last trace (one traceRecord) with the plan's ids and paths; target names the instance asked for. */
export function readTrace(x: CoreExports, ix: Index, target: string | null = null): Trace {
  const r = x.traceRecord();
  const [code0, disposition, delivered, count, missed] = [r[0]!, r[1]!, r[2]!, r[3]!, r[4]!];
  const hops: Hop[] = [];
  const explanations: Explanation[] = [];
  for (let i = 0; i < count; i++) {
    const at = LAYOUT.TRACE_HEAD + i * LAYOUT.TRACE_HOP;
    const [kind, obj, rule, c, back, node] = [r[at]!, r[at + 1]!, r[at + 2]!, r[at + 3]!, r[at + 4]!, r[at + 5]!];
    const component = hopComponent(kind);
    const code = codeName(c);
    const id = idOf(ix, kind, obj);
    const ruleIndex = rule >= 0 ? rule : null;
    hops.push({
      component,
      id,
      path: hopPath(ix, kind, obj, rule),
      ruleIndex,
      direction: back ? "return" : "forward",
      passed: code === null,
      code,
      instanceId: node >= 0 ? ix.nodes[node]! : null,
      detail: detail(component, rule, code === null, code) + (code && isFilter(component) ? ` (${ruleIndex === null ? "no rule matched: default deny" : `rule ${ruleIndex}`})` : ""),
    });
    if (code) explanations.push({ code, rule: CODE_RULES[code], objectId: id, ruleIndex, message: explain(code, id, ruleIndex) });
  }
  const deliveredTo = delivered >= 0 ? ix.nodes[delivered]! : null;
  if (missed >= 0) {
    // The wasm decided the flow never reaches the instance asked for (settleTarget); say where it ends.
    const where = deliveredTo ? `reaches ${deliveredTo}, which holds the same address in another network` : `ends ${dispositionName(missed)}`;
    explanations.push({ code: "NO_ROUTE", rule: CODE_RULES.NO_ROUTE, objectId: target, ruleIndex: null, message: `NO_ROUTE: the flow ${where} and never reaches ${target}` });
  }
  return {
    verdict: code0 === 0 ? "ACCEPTED" : "DENIED",
    disposition: dispositionName(disposition),
    deliveredTo,
    forward: hops.filter((h) => h.direction === "forward"),
    return: hops.filter((h) => h.direction === "return"),
    explanations,
  };
}

/** readLint reads the wasm's last lint run (one findings value) with the plan's ids and paths. */
export function readLint(x: CoreExports, ix: Index): LintFinding[] {
  const f = x.findings();
  const out: LintFinding[] = [];
  for (let at = 0; at < f.length; at += LAYOUT.FINDING_COLUMNS) {
    const code = codeName(f[at]!)!;
    const [kind, obj, rel] = [f[at + 1]!, f[at + 2]!, f[at + 3]!];
    let objectKind: LintFinding["objectKind"] = "vpc";
    let objectId = "";
    let path = "";
    let relatedId: string | null = null;
    if (kind === OBJECT.O_VPC) {
      objectId = ix.vpcs[obj]!;
      path = `vpcs[${obj}]`;
      if (code === "VPC_CIDR_INVALID") relatedId = ix.doc.vpcs[obj]!.cidrs[rel]!;
    } else if (kind === OBJECT.O_SUBNET) {
      objectKind = "subnet";
      objectId = ix.subnets[obj]!;
      path = `subnets[${obj}]`;
      relatedId = ix.vpcs[rel] ?? null;
    } else if (kind === OBJECT.O_INSTANCE) {
      objectKind = "instance";
      objectId = ix.nodes[obj]!;
      path = nodePath(ix, obj)!;
      relatedId = code === "IP_OUTSIDE_SUBNET" ? (ix.subnets[rel] ?? null) : (ix.nodes[rel] ?? null);
    } else if (kind === OBJECT.O_LINK) {
      objectKind = "classicLink";
      objectId = ix.links[obj]!;
      path = `classicLinks[${obj}]`;
      relatedId = code === "REGION_MISMATCH" || code === "CIDR_NOT_ELIGIBLE" ? ix.vpcs[rel]! : code === "INSTANCE_ALREADY_LINKED" ? ix.links[rel]! : ix.nodes[rel]!;
    } else if (kind === OBJECT.O_CHANNEL) {
      objectKind = "channel";
      objectId = ix.channels[obj]!;
      path = `channels[${obj}]`;
      relatedId = ix.services[rel] ?? null;
    } else throw new Error(`policy-core: unknown lint object kind ${kind}`);
    const extra = code === "LINK_LIMIT_EXCEEDED" ? ` (${rel} links)` : code === "CIDR_NOT_ELIGIBLE" ? `: ${reasonOf(f[at + 4]!)}` : "";
    const finding: LintFinding = { code, rule: CODE_RULES[code], objectKind, objectId, path, relatedId, message: `${objectId}${relatedId ? ` (${relatedId})` : ""}: ${CODE_MEANINGS[code]}${extra}` };
    if (code === "LINK_LIMIT_EXCEEDED") finding.overLimit = overLimit(x, ix, obj, rel);
    out.push(finding);
  }
  return out;
}

/** overLimit names VPC v's links past the limit, as the wasm lists them (count: the VPC's links). */
function overLimit(x: CoreExports, ix: Index, v: number, count: number): OverLimitLink[] {
  const over = x.linksOverLimit(v);
  const first = count - over.length + 1;
  return Array.from(over, (l, k) => ({ linkId: ix.links[l]!, instanceId: String(ix.doc.classicLinks![l]!.instanceId), path: `classicLinks[${l}]`, place: first + k }));
}

/** readShadowed reads the wasm's last shadow run (one findings value) with the plan's ids and paths. */
export function readShadowed(x: CoreExports, ix: Index): ShadowedRule[] {
  const f = x.findings();
  const out: ShadowedRule[] = [];
  for (let at = 0; at < f.length; at += LAYOUT.FINDING_COLUMNS) {
    const isSg = f[at] === OBJECT.O_SECURITY_GROUP;
    const [owner, inbound, ruleIndex, by] = [f[at + 1]!, f[at + 2] === 1, f[at + 3]!, f[at + 4]!];
    const ownerId = (isSg ? ix.sgs : ix.acls)[owner]!;
    const direction = isSg ? (inbound ? "ingress" : "egress") : inbound ? "inbound" : "outbound";
    out.push({
      kind: isSg ? "securityGroup" : "networkAcl",
      ownerId,
      direction,
      ruleIndex,
      path: `${isSg ? "securityGroups" : "networkAcls"}[${owner}].${direction}[${ruleIndex}]`,
      coveredBy: by >= 0 ? by : null,
      message: `${ownerId} ${direction} rule ${ruleIndex} never matches: ${by >= 0 ? `rule ${by} matches every flow it would` : "earlier rules together match every flow it would"}`,
    });
  }
  return out;
}
