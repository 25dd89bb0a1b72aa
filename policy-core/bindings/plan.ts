// Checks and loads a plan document, then reads the wasm's answers back as plain objects with the
// plan's ids: traces, the reachability matrix, shadowed rules and the lint list. Every verdict is
// the wasm's; this file only translates indices to ids and codes to names and sentences.
import { CODE_MEANINGS, CODE_RULES, codeName, type CodeName } from "./codes";
import { checkPlanShape, type NetworkPlan, type PlanIssue } from "./plan-doc";
import { build, forget, holds, remember, type Index } from "./plan-load";
import type { CoreExports } from "./index";
import { reasonOf } from "./reasons";

/** Hop components, by the wasm's hop kind number. */
const HOP_KINDS = [
  "",
  "instance",
  "external",
  "route",
  "classicLink",
  "classicNetwork",
  "securityGroupEgress",
  "securityGroupIngress",
  "networkAclOutbound",
  "networkAclInbound",
  "ccn",
  "vpc",
  "subnet",
  "service",
  "gatewayInstance",
  "channel",
  "loadBalancer",
] as const;
export type HopComponent = Exclude<(typeof HOP_KINDS)[number], "">;

const DISPOSITIONS = [
  "ACCEPTED",
  "EXITS_NETWORK",
  "DELIVERED_TO_SUBNET",
  "DENIED_OUT",
  "DENIED_IN",
  "DENIED_RETURN",
  "NO_ROUTE",
  "REFUSED",
] as const;
export type Disposition = (typeof DISPOSITIONS)[number];

/** One step of a trace. ruleIndex is the rule (or route) that decided it; null for none. */
export interface Hop {
  component: HopComponent;
  id: string | null;
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

/** A flow question. source: an instance or load balancer id, or an address; destination likewise. */
export interface FlowQuery {
  source: string;
  destination: string;
  protocol: string;
  /** A port number or its decimal string; ignored for ICMP. */
  port?: number | string;
  /** The ephemeral port replies go to (default 32768); network ACLs see it on the return. */
  sourcePort?: number;
}

/** A bad question: which input and why. */
export interface QueryError {
  field: "source" | "destination" | "protocol" | "port" | "sourcePort" | "service" | "channel";
  message: string;
}

export interface Matrix {
  protocol: string;
  port: string;
  /** Instance and load balancer ids, in plan order; cells[i][j] is the flow from ids[i] to ids[j]. */
  ids: string[];
  cells: (CodeName | "ACCEPTED" | "SELF")[][];
}

export interface LintFinding {
  code: CodeName;
  rule: string;
  objectKind: "vpc" | "subnet" | "instance" | "classicLink" | "channel";
  objectId: string;
  relatedId: string | null;
  message: string;
}

export interface ShadowedRule {
  kind: "securityGroup" | "networkAcl";
  ownerId: string;
  direction: "ingress" | "egress" | "inbound" | "outbound";
  ruleIndex: number;
  /** The single earlier rule covering it, or null when only several earlier rules together do. */
  coveredBy: number | null;
  message: string;
}

const TRACE_FIELDS = ["", "source", "destination", "protocol", "port", "sourcePort"] as const;

/** loadPlan checks a plan document and loads it into the wasm; problems come back with their paths. */
export function loadPlan(x: CoreExports, doc: unknown): { ok: true; plan: LoadedPlan } | { ok: false; issues: PlanIssue[] } {
  const shape = checkPlanShape(doc);
  if (shape.length) return { ok: false, issues: shape };
  const plan = structuredClone(doc) as NetworkPlan; // the caller may go on editing its document
  const issues: PlanIssue[] = [];
  const index = build(x, plan, issues);
  if (issues.length) return { ok: false, issues };
  return { ok: true, plan: new LoadedPlan(x, index, remember(x)) };
}

/** idOf reports the plan id of a hop's object, by the hop's kind. */
function idOf(ix: Index, kind: number, obj: number): string | null {
  if (obj < 0) return null;
  const table: Record<number, string[]> = {
    1: ix.nodes, 3: ix.routeTables, 4: ix.links, 6: ix.sgs, 7: ix.sgs, 8: ix.acls, 9: ix.acls, 10: ix.ccns, 11: ix.vpcs,
    12: ix.subnets, 13: ix.services, 14: ix.gateways, 15: ix.channels, 16: ix.nodes,
  };
  return table[kind]?.[obj] ?? null;
}

/** detail says in words what a hop did. */
function detail(component: HopComponent, rule: number, passed: boolean, code: CodeName | null): string {
  if (code) return CODE_MEANINGS[code];
  if (component === "route") return rule === -1 ? "Local route" : rule === -2 ? "Local route of a linked classic IP (CL9)" : `matched route ${rule}`;
  if (component.startsWith("securityGroup") || component.startsWith("networkAcl")) {
    if (rule < 0) return passed ? "no security group bound: not filtered" : "no rule matched: default deny";
    return `matched rule ${rule} (${passed ? "ACCEPT" : "DROP"})`;
  }
  return "";
}

/** readTrace reads the wasm's last trace back with the plan's ids. */
function readTrace(x: CoreExports, ix: Index): Trace {
  const hops: Hop[] = [];
  const explanations: Explanation[] = [];
  for (let i = 0; i < x.hopCount(); i++) {
    const kind = x.hopKind(i);
    const component = HOP_KINDS[kind] as HopComponent;
    const code = codeName(x.hopCode(i));
    const rule = x.hopRule(i);
    const id = idOf(ix, kind, x.hopObject(i));
    const node = x.hopNode(i);
    const filter = component.startsWith("securityGroup") || component.startsWith("networkAcl");
    const ruleIndex = rule >= 0 ? rule : null;
    hops.push({
      component,
      id,
      ruleIndex,
      direction: x.hopReturn(i) ? "return" : "forward",
      passed: code === null,
      code,
      instanceId: node >= 0 ? ix.nodes[node]! : null,
      detail: detail(component, rule, code === null, code) + (code && filter ? ` (${ruleIndex === null ? "no rule matched: default deny" : `rule ${ruleIndex}`})` : ""),
    });
    if (code) explanations.push({ code, rule: CODE_RULES[code], objectId: id, ruleIndex, message: explain(code, id, ruleIndex) });
  }
  const delivered = x.traceDelivered();
  return {
    verdict: x.traceCode() === 0 ? "ACCEPTED" : "DENIED",
    disposition: DISPOSITIONS[x.traceDisposition()]!,
    deliveredTo: delivered >= 0 ? ix.nodes[delivered]! : null,
    forward: hops.filter((h) => h.direction === "forward"),
    return: hops.filter((h) => h.direction === "return"),
    explanations,
  };
}

/** LoadedPlan answers questions about one plan; it reloads itself if another plan was loaded since. */
export class LoadedPlan {
  constructor(
    private readonly x: CoreExports,
    private readonly ix: Index,
    private gen: number,
  ) {}

  /** doc reports the plan document this was loaded from. */
  get doc(): NetworkPlan {
    return this.ix.doc;
  }

  private ensure(): void {
    if (holds(this.x, this.gen)) return;
    build(this.x, this.ix.doc, []);
    this.gen = remember(this.x);
  }

  /** nodeIds reports the ids of the plan's instances and load balancers, in matrix order. */
  get nodeIds(): string[] {
    return [...this.ix.nodes];
  }

  /** trace answers one flow question, forward and return, with the hops and the deciding rule. */
  trace(q: FlowQuery): { ok: true; trace: Trace } | { ok: false; error: QueryError } {
    this.ensure();
    const x = this.x;
    const dstNode = this.ix.nodes.indexOf(q.destination);
    const dst = dstNode >= 0 ? this.ipOfNode(dstNode) : q.destination;
    const port = q.port === undefined ? "" : String(q.port);
    if (q.sourcePort !== undefined && !Number.isInteger(q.sourcePort)) return { ok: false, error: { field: "sourcePort", message: "the reply port must be a whole number" } };
    const sport = q.sourcePort ?? -1;
    if (typeof q.protocol !== "string" || q.protocol === "") return { ok: false, error: { field: "protocol", message: "a flow needs a protocol: TCP, UDP or ICMP" } };
    const ipLike = (v: string) => /^[0-9.]+$/.test(v);
    if (dstNode < 0 && !ipLike(q.destination)) {
      return { ok: false, error: { field: "destination", message: `${q.destination} is neither an instance of the plan nor an IPv4 address` } };
    }
    let src = this.ix.nodes.indexOf(q.source);
    if (src < 0) {
      if (!ipLike(q.source)) return { ok: false, error: { field: "source", message: `${q.source} is neither an instance of the plan nor an IPv4 address` } };
      src = x.planNodeAt(q.source);
      if (src < -1) return { ok: false, error: { field: "source", message: reasonOf(-src) } };
    }
    const status = src >= 0 ? x.traceFromInstance(src, dst, q.protocol, port, sport) : x.traceFromAddress(q.source, dst, q.protocol, port, sport);
    if (status !== 0) return { ok: false, error: { field: TRACE_FIELDS[x.traceFieldValue()] || "source", message: reasonOf(status) } as QueryError };
    const trace = readTrace(this.x, this.ix);
    if (dstNode >= 0 && trace.verdict === "ACCEPTED" && trace.deliveredTo !== q.destination) {
      const where = trace.deliveredTo ? `reaches ${trace.deliveredTo}, which holds the same address in another network` : `ends ${trace.disposition}`;
      trace.verdict = "DENIED";
      trace.disposition = "NO_ROUTE";
      trace.explanations.push({ code: "NO_ROUTE", rule: CODE_RULES.NO_ROUTE, objectId: q.destination, ruleIndex: null, message: `NO_ROUTE: the flow ${where} and never reaches ${q.destination}` });
    }
    return { ok: true, trace };
  }

  private ipOfNode(i: number): string {
    const d = this.ix.doc;
    const all = [...(d.instances ?? []), ...(d.loadBalancers ?? [])];
    return all[i]!.ip;
  }

  /** traceChannel answers whether a service's APIs can reach a channel's VPC (CH2, CH6). */
  traceChannel(serviceId: string, channelId: string): { ok: true; trace: Trace } | { ok: false; error: QueryError } {
    this.ensure();
    const s = this.ix.services.indexOf(serviceId);
    const c = this.ix.channels.indexOf(channelId);
    if (s < 0) return { ok: false, error: { field: "service", message: `${serviceId} is not a service of the plan` } };
    if (c < 0) return { ok: false, error: { field: "channel", message: `${channelId} is not a channel of the plan` } };
    this.x.traceChannel(s, c);
    return { ok: true, trace: readTrace(this.x, this.ix) };
  }

  /** matrix reports the verdict for one protocol and port from every instance to every other one. */
  matrix(protocol: string, port: number | string = ""): { ok: true; matrix: Matrix } | { ok: false; error: QueryError } {
    this.ensure();
    const x = this.x;
    const p = String(port);
    const status = x.matrix(protocol, p, -1);
    if (status !== 0) return { ok: false, error: { field: x.traceFieldValue() === 3 ? "protocol" : "port", message: reasonOf(status) } };
    const n = this.ix.nodes.length;
    const cells: Matrix["cells"] = [];
    for (let i = 0; i < n; i++) {
      const row: Matrix["cells"][number] = [];
      for (let j = 0; j < n; j++) row.push(i === j ? "SELF" : (codeName(x.matrixCell(i, j)) ?? "ACCEPTED"));
      cells.push(row);
    }
    return { ok: true, matrix: { protocol, port: p, ids: [...this.ix.nodes], cells } };
  }

  /** lint lists every CL/CH rule the plan breaks and every place it contradicts itself. */
  lint(): LintFinding[] {
    this.ensure();
    const x = this.x;
    const ix = this.ix;
    const out: LintFinding[] = [];
    const count = x.lint();
    for (let i = 0; i < count; i++) {
      const code = codeName(x.findingValue(i, 0))!;
      const kind = x.findingValue(i, 1);
      const obj = x.findingValue(i, 2);
      const rel = x.findingValue(i, 3);
      let objectKind: LintFinding["objectKind"] = "vpc";
      let objectId = "";
      let relatedId: string | null = null;
      if (kind === 1) {
        objectId = ix.vpcs[obj]!;
        if (code === "VPC_CIDR_INVALID") relatedId = ix.doc.vpcs[obj]!.cidrs[rel]!;
      } else if (kind === 2) {
        objectKind = "subnet";
        objectId = ix.subnets[obj]!;
        relatedId = ix.vpcs[rel] ?? null;
      } else if (kind === 3) {
        objectKind = "instance";
        objectId = ix.nodes[obj]!;
        relatedId = code === "IP_OUTSIDE_SUBNET" ? (ix.subnets[rel] ?? null) : (ix.nodes[rel] ?? null);
      } else if (kind === 4) {
        objectKind = "classicLink";
        objectId = ix.links[obj]!;
        relatedId = code === "REGION_MISMATCH" || code === "CIDR_NOT_ELIGIBLE" ? ix.vpcs[rel]! : code === "INSTANCE_ALREADY_LINKED" ? ix.links[rel]! : ix.nodes[rel]!;
      } else {
        objectKind = "channel";
        objectId = ix.channels[obj]!;
        relatedId = ix.services[rel] ?? null;
      }
      const extra = code === "LINK_LIMIT_EXCEEDED" ? ` (${rel} links)` : code === "CIDR_NOT_ELIGIBLE" ? `: ${reasonOf(x.findingValue(i, 4))}` : "";
      out.push({ code, rule: CODE_RULES[code], objectKind, objectId, relatedId, message: `${objectId}${relatedId ? ` (${relatedId})` : ""}: ${CODE_MEANINGS[code]}${extra}` });
    }
    return out;
  }

  /** shadowed lists the security-group and ACL rules that earlier rules of their list make unreachable. */
  shadowed(): ShadowedRule[] {
    this.ensure();
    const x = this.x;
    const out: ShadowedRule[] = [];
    const count = x.shadowed();
    for (let i = 0; i < count; i++) {
      const isSg = x.findingValue(i, 0) === 6;
      const owner = x.findingValue(i, 1);
      const inbound = x.findingValue(i, 2) === 1;
      const ruleIndex = x.findingValue(i, 3);
      const by = x.findingValue(i, 4);
      const ownerId = (isSg ? this.ix.sgs : this.ix.acls)[owner]!;
      const direction = isSg ? (inbound ? "ingress" : "egress") : inbound ? "inbound" : "outbound";
      out.push({
        kind: isSg ? "securityGroup" : "networkAcl",
        ownerId,
        direction,
        ruleIndex,
        coveredBy: by >= 0 ? by : null,
        message: `${ownerId} ${direction} rule ${ruleIndex} never matches: ${by >= 0 ? `rule ${by} matches every flow it would` : "earlier rules together match every flow it would"}`,
      });
    }
    return out;
  }
}

function explain(code: CodeName, id: string | null, rule: number | null): string {
  const where = id ? ` [${id}${rule !== null ? ` rule ${rule}` : ""}]` : "";
  return `${code} (${CODE_RULES[code]}): ${CODE_MEANINGS[code]}${where}`;
}

/** A question about one channel use, as the live service knows it. */
export interface ChannelUse {
  /** The VPC of the service's dedicated gateway instance; null when the service is on the shared instance. */
  gatewayVpcId: string | null;
  channelVpcId: string;
  ccns: { id: string; vpcIds: string[] }[];
}

/**
 * checkChannelUse reports whether a service may use a channel (CH2) and reach its VPC (CH6),
 * by loading the smallest plan that holds the question and tracing it in the wasm.
 */
export function checkChannelUse(x: CoreExports, q: ChannelUse): { ok: true; trace: Trace } | { ok: false; explanation: Explanation } {
  const vpcs = [...new Set([q.gatewayVpcId, q.channelVpcId, ...q.ccns.flatMap((c) => c.vpcIds)].filter((v): v is string => v !== null))];
  forget(x);
  x.planReset();
  for (const _ of vpcs) x.planAddVpc(0);
  q.ccns.forEach((c, i) => {
    x.planAddCcn();
    for (const v of c.vpcIds) x.planAttachCcn(i, vpcs.indexOf(v));
  });
  if (q.gatewayVpcId !== null) x.planAddGatewayInstance(vpcs.indexOf(q.gatewayVpcId));
  x.planAddService(q.gatewayVpcId !== null ? 0 : -1);
  x.planAddChannel(vpcs.indexOf(q.channelVpcId));
  x.traceChannel(0, 0);
  const ix: Index = {
    doc: { version: 1, vpcs: [] }, vpcs, routeTables: [], subnets: [], sgs: [], acls: [], nodes: [], links: [],
    ccns: q.ccns.map((c) => c.id), gateways: ["gateway"], services: ["service"], channels: ["channel"],
  };
  const trace = readTrace(x, ix);
  const e = trace.explanations[0];
  return e ? { ok: false, explanation: e } : { ok: true, trace };
}
