// Checks and loads a plan document, then asks the wasm the four questions about it: traces, the
// reachability matrix (names or one typed array of codes), shadowed rules and the lint list.
// Every verdict is the wasm's; plan-read.ts turns its answers into ids, paths and sentences.
import { MATRIX, traceFieldName } from "./boundary";
import { codeName, type CodeName } from "./codes";
import { checkPlanShape, copyPlan, type NetworkPlan, type PlanIssue } from "./plan-doc";
import { allIssues } from "./plan-issues";
import { build, forget, holds, remember, type Index } from "./plan-load";
import { readLint, readShadowed, readTrace, type Explanation, type LintFinding, type ShadowedRule, type Trace } from "./plan-read";
import type { CoreExports } from "./index";
import { STATUS, reasonOf } from "./reasons";

export type { Explanation, Hop, LintFinding, OverLimitLink, ShadowedRule, Trace } from "./plan-read";
export type { Disposition, HopComponent } from "./boundary";

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

/** The matrix as codes: one byte per cell, row-major. */
export interface MatrixCodes {
  protocol: string;
  port: string;
  ids: string[];
  size: number;
  codes: Uint8Array;
  /** How many classes of alike instances the core traced (size when traced pair by pair). */
  classes: number;
}

/** cellName reports the name of a matrix code: ACCEPTED, SELF or the explanation code's name. */
export function cellName(code: number): CodeName | "ACCEPTED" | "SELF" {
  if (code === MATRIX.M_SELF) return "SELF";
  return codeName(code) ?? "ACCEPTED";
}

/** What a plan load may be asked: `everyIssue` reports the problems of every stage, not only the first one's. */
export interface LoadOptions {
  everyIssue?: boolean;
}

/**
 * loadPlan checks a plan document and loads it into the wasm; problems come back with their paths:
 * those of the first stage that finds any (shape, references, parsing), or with `everyIssue` those
 * of every stage, found by checking the document again without the items already found wrong.
 */
export function loadPlan(x: CoreExports, doc: unknown, opts: LoadOptions = {}): { ok: true; plan: LoadedPlan } | { ok: false; issues: PlanIssue[] } {
  const r = loadOnce(x, doc);
  if (r.ok || !opts.everyIssue) return r;
  return { ok: false, issues: allIssues((d) => loadOnce(x, d), doc, r.issues) };
}

function loadOnce(x: CoreExports, doc: unknown): { ok: true; plan: LoadedPlan } | { ok: false; issues: PlanIssue[] } {
  // A copy first: the caller may go on editing its document, and the copy holds only own data
  // (null-prototype objects: no getters, no inherited fields), so what is checked is what is loaded.
  let plan: NetworkPlan;
  try {
    plan = copyPlan(doc) as NetworkPlan;
  } catch {
    return { ok: false, issues: [{ path: "", message: "a plan is a JSON object" }] };
  }
  const shape = checkPlanShape(plan);
  if (shape.length) return { ok: false, issues: shape };
  const issues: PlanIssue[] = [];
  const index = build(x, plan, issues);
  if (issues.length) return { ok: false, issues };
  return { ok: true, plan: new LoadedPlan(x, index, remember(x)) };
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
    const dstNode = this.ix.nodeIndex.get(q.destination) ?? -1;
    const dst = dstNode >= 0 ? this.ipOfNode(dstNode) : q.destination;
    const port = q.port === undefined ? "" : String(q.port);
    if (q.sourcePort !== undefined && !Number.isInteger(q.sourcePort)) return { ok: false, error: { field: "sourcePort", message: "the reply port must be a whole number" } };
    const sport = q.sourcePort ?? -1;
    if (typeof q.protocol !== "string" || q.protocol === "") return { ok: false, error: { field: "protocol", message: "a flow needs a protocol: TCP, UDP or ICMP" } };
    const neither = (v: string) => `${v} is neither an instance of the plan nor an IPv4 address`;
    if (dstNode < 0 && x.addressStatus(String(q.destination)) === STATUS.NOT_AN_ADDRESS) return { ok: false, error: { field: "destination", message: neither(q.destination) } };
    let src = this.ix.nodeIndex.get(q.source) ?? -1;
    if (src < 0) {
      if (x.addressStatus(String(q.source)) === STATUS.NOT_AN_ADDRESS) return { ok: false, error: { field: "source", message: neither(q.source) } };
      src = x.planNodeAt(q.source);
      if (src < -1) return { ok: false, error: { field: "source", message: reasonOf(-src) } };
    }
    const c = src >= 0 ? x.traceFromInstance(src, dst, q.protocol, port, sport, dstNode) : x.traceFromAddress(q.source, dst, q.protocol, port, sport, dstNode);
    if (c.status !== 0) return { ok: false, error: { field: traceFieldName(c.field) ?? "source", message: reasonOf(c.status) } };
    return { ok: true, trace: readTrace(this.x, this.ix, dstNode >= 0 ? q.destination : null) };
  }

  private ipOfNode(i: number): string {
    const d = this.ix.doc;
    const all = [...(d.instances ?? []), ...(d.loadBalancers ?? [])];
    return all[i]!.ip;
  }

  /** traceChannel answers whether a service's APIs can reach a channel's VPC (CH2, CH6). */
  traceChannel(serviceId: string, channelId: string): { ok: true; trace: Trace } | { ok: false; error: QueryError } {
    this.ensure();
    const s = this.ix.services.indexOf(String(serviceId));
    const c = this.ix.channels.indexOf(String(channelId));
    if (s < 0) return { ok: false, error: { field: "service", message: `${serviceId} is not a service of the plan` } };
    if (c < 0) return { ok: false, error: { field: "channel", message: `${channelId} is not a channel of the plan` } };
    this.x.traceChannel(s, c);
    return { ok: true, trace: readTrace(this.x, this.ix) };
  }

  /** matrix reports the verdict for one protocol and port from every instance to every other one, as names. */
  matrix(protocol: string, port: number | string = ""): { ok: true; matrix: Matrix } | { ok: false; error: QueryError } {
    const r = this.matrixCodes(protocol, port);
    if (!r.ok) return r;
    const { ids, codes, size } = r.matrix;
    const names = new Map<number, Matrix["cells"][number][number]>();
    const cells: Matrix["cells"] = [];
    for (let i = 0; i < size; i++) {
      const row: Matrix["cells"][number] = new Array(size);
      for (let j = 0; j < size; j++) {
        const c = codes[i * size + j]!;
        let name = names.get(c);
        if (name === undefined) names.set(c, (name = cellName(c)));
        row[j] = name;
      }
      cells.push(row);
    }
    return { ok: true, matrix: { protocol, port: r.matrix.port, ids, cells } };
  }

  /**
   * matrixCodes reports the same matrix as one typed array of codes, row-major: codes[i * size + j]
   * is the flow from ids[i] to ids[j] (MATRIX_ACCEPTED, MATRIX_SELF or an explanation code; read
   * with cellName). byTrace answers it with one trace per pair, the slow reference.
   */
  matrixCodes(protocol: string, port: number | string = "", opts: { byTrace?: boolean } = {}): { ok: true; matrix: MatrixCodes } | { ok: false; error: QueryError } {
    this.ensure();
    const x = this.x;
    const p = String(port);
    const c = opts.byTrace ? x.matrixByTrace(protocol, p, -1) : x.matrix(protocol, p, -1);
    if (c.status !== 0) return { ok: false, error: { field: traceFieldName(c.field) === "protocol" ? "protocol" : "port", message: reasonOf(c.status) } };
    return { ok: true, matrix: { protocol, port: p, ids: [...this.ix.nodes], size: this.ix.nodes.length, codes: x.matrixCodes(), classes: x.matrixClasses() } };
  }

  /** lint lists every CL/CH rule the plan breaks and every place it contradicts itself. */
  lint(): LintFinding[] {
    this.ensure();
    this.x.lint();
    return readLint(this.x, this.ix);
  }

  /** shadowed lists the security-group and ACL rules that earlier rules of their list make unreachable. */
  shadowed(): ShadowedRule[] {
    this.ensure();
    this.x.shadowed();
    return readShadowed(this.x, this.ix);
  }
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
    doc: { version: 1, vpcs: [] }, vpcs, routeTables: [], subnets: [], sgs: [], acls: [], nodes: [], nodeIndex: new Map(), links: [],
    ccns: q.ccns.map((c) => c.id), gateways: ["gateway"], services: ["service"], channels: ["channel"],
  };
  const trace = readTrace(x, ix);
  const e = trace.explanations[0];
  return e ? { ok: false, explanation: e } : { ok: true, trace };
}
