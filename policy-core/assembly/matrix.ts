// The reachability matrix by equivalence classes: instances alike in every way a trace can see
// (kind, region, VPC, subnet, link, security groups, address atom) get one trace per class pair.
import { OK } from "./addr";
import { Checked, Rule, checkedOf } from "./flow";
import { Filter, Node, acls, links, nodes, routeTables, sgs, subnets, vpcs } from "./plan";
import { settleTarget, traceCode } from "./hops";
import { setTraceFlow, traceField, traceNode } from "./trace";

/** Matrix cell values besides the explanation codes: accepted, and the diagonal. */
export const M_ACCEPTED: i32 = 0;
export const M_SELF: i32 = 1;

let cells = new Uint8Array(0);
let cellCount: i32 = 0;
let classCount: i32 = 0;

/** The sorted, distinct first addresses of the address atoms of every CIDR the plan holds. */
let bounds = new Array<u64>();

function edge(start: u32, end: u32): void {
  bounds.push(<u64>start);
  bounds.push(<u64>end + 1);
}

function ruleEdges(rules: Array<Rule>): void {
  for (let i = 0; i < rules.length; i++) edge(unchecked(rules[i]).start, unchecked(rules[i]).end);
}

function filterEdges(all: Array<Filter>): void {
  for (let i = 0; i < all.length; i++) {
    ruleEdges(all[i].inbound);
    ruleEdges(all[i].outbound);
  }
}

/** collectBounds splits the address space at every edge of every rule, VPC, subnet and route CIDR. */
function collectBounds(): void {
  bounds = new Array<u64>();
  bounds.push(0);
  filterEdges(sgs);
  filterEdges(acls);
  for (let v = 0; v < vpcs.length; v++) {
    const t = vpcs[v].cidrs;
    for (let k = 0; k < t.starts.length; k++) edge(t.starts[k], t.ends[k]);
  }
  for (let s = 0; s < subnets.length; s++) edge(subnets[s].start, subnets[s].end);
  for (let r = 0; r < routeTables.length; r++) {
    const t = routeTables[r].routes;
    for (let k = 0; k < t.starts.length; k++) edge(t.starts[k], t.ends[k]);
  }
  bounds.sort();
  let w = 1;
  for (let i = 1; i < bounds.length; i++) if (bounds[i] != bounds[w - 1]) bounds[w++] = bounds[i];
  bounds.length = w;
}

/** atomOf reports the index of the address atom holding ip (the last bound at or below it). */
function atomOf(ip: u32): i32 {
  let lo = 0;
  let hi = bounds.length - 1;
  const v = <u64>ip;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (unchecked(bounds[mid]) <= v) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** keyOf names everything a trace sees of a node whose address no other node shares. */
function keyOf(n: Node): string {
  const linkVpc = n.link >= 0 ? links[n.link].vpc : -1;
  let k = `${n.kind},${n.region},${n.vpc},${n.subnet},${linkVpc},${atomOf(n.ip)},`;
  for (let g = 0; g < n.sgs.length; g++) k += `${n.sgs[g]}.`;
  return k;
}

/**
 * classify numbers the nodes' classes: two nodes share one when a trace cannot tell them apart.
 * A node whose address another node also holds is alone in its class (address lookups find the
 * first holder). Fills cls, rep0 (each class's first member) and rep1 (its second, or -1).
 */
function classify(cls: Int32Array, rep0: Array<i32>, rep1: Array<i32>): void {
  collectBounds();
  const holders = new Map<u32, i32>();
  for (let i = 0; i < nodes.length; i++) {
    const ip = nodes[i].ip;
    holders.set(ip, holders.has(ip) ? holders.get(ip) + 1 : 1);
  }
  const byKey = new Map<string, i32>();
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i];
    let c = -1;
    if (holders.get(n.ip) == 1) {
      const key = keyOf(n);
      if (byKey.has(key)) c = byKey.get(key);
      else byKey.set(key, (c = rep0.length));
    } else c = rep0.length;
    if (c == rep0.length) {
      rep0.push(i);
      rep1.push(-1);
    } else if (rep1[c] < 0) rep1[c] = i;
    unchecked((cls[i] = c));
  }
}

/** cellOf traces the current flow from node i to node j's address: the code, 0 when j receives it. */
function cellOf(i: i32, j: i32): i32 {
  traceNode(i, nodes[j].ip);
  settleTarget(j);
  return traceCode();
}

/**
 * matrix answers the flow (protocol, port) from every instance to every other one: one trace per
 * pair of classes, copied to every pair of their members. Reports the flow's status and the input
 * it was about; the cells are read with matrixCodes (row-major, M_SELF on the diagonal).
 */
export function matrix(protocol: string, port: string, srcPort: i32): Checked {
  const st = setTraceFlow(protocol, port, srcPort);
  if (st != OK) return checkedOf(st, traceField());
  const n = nodes.length;
  const cls = new Int32Array(n);
  const rep0 = new Array<i32>();
  const rep1 = new Array<i32>();
  classify(cls, rep0, rep1);
  const c = rep0.length;
  const pair = new Uint8Array(c * c);
  for (let a = 0; a < c; a++) {
    for (let b = 0; b < c; b++) {
      const dst = a == b ? rep1[a] : rep0[b];
      if (dst >= 0) unchecked((pair[a * c + b] = <u8>cellOf(rep0[a], dst)));
    }
  }
  cells = new Uint8Array(n * n);
  for (let i = 0; i < n; i++) {
    const row = unchecked(cls[i]) * c;
    const at = i * n;
    for (let j = 0; j < n; j++) unchecked((cells[at + j] = pair[row + unchecked(cls[j])]));
    unchecked((cells[at + i] = <u8>M_SELF));
  }
  cellCount = n;
  classCount = c;
  return checkedOf(OK, 0);
}

/**
 * matrixByTrace answers the same matrix with one trace per pair (the reference the class
 * matrix is tested and measured against). Reports the flow's status and the input it was about.
 */
export function matrixByTrace(protocol: string, port: string, srcPort: i32): Checked {
  const st = setTraceFlow(protocol, port, srcPort);
  if (st != OK) return checkedOf(st, traceField());
  const n = nodes.length;
  cells = new Uint8Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) unchecked((cells[i * n + j] = <u8>(i == j ? M_SELF : cellOf(i, j))));
  }
  cellCount = n;
  classCount = n;
  return checkedOf(OK, 0);
}

/** matrixCodes reports the cells of the last matrix, row-major (n × n). */
export function matrixCodes(): Uint8Array {
  return cells;
}

/** matrixClasses reports how many classes the last matrix traced (n for matrixByTrace). */
export function matrixClasses(): i32 {
  return classCount;
}

/** matrixCell reports the code of cell (i, j) of the last matrix (0 on the diagonal). */
export function matrixCell(i: i32, j: i32): i32 {
  if (i < 0 || j < 0 || i >= cellCount || j >= cellCount) return -1;
  if (i == j) return 0;
  return cells[i * cellCount + j];
}
