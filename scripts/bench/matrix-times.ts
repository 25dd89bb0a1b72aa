// Times the reachability matrix the same way in Node and in Chromium: the 1,000-instance plan (5
// VPCs joined by a CCN, half VPC, half linked classic instances) and the 200-instance plan by
// classes, and the 200 by one trace per pair (the path before classes). Medians, milliseconds.
import type { NetworkPlan, PolicyCore } from "../../policy-core/bindings/index";

/** The medians of one run. */
export interface MatrixTimes {
  big: { nodes: number; loadMs: number; matrixMs: number; classes: number; accepted: number };
  small: { nodes: number; loadMs: number; matrixMs: number; namesMs: number; byTraceMs: number; classes: number; accepted: number; same: boolean };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** timeMatrices measures both plans with one core; plan builds them, now is the clock. */
export function timeMatrices(core: PolicyCore, plan: (v?: number, c?: number, r?: number, k?: number) => NetworkPlan, now: () => number): MatrixTimes {
  const accepted = (codes: Uint8Array) => codes.reduce((n, c) => n + (c === 0 ? 1 : 0), 0);
  const one = (doc: NetworkPlan, rounds: number) => {
    const loads: number[] = [];
    const fast: number[] = [];
    const names: number[] = [];
    let last: { codes: Uint8Array; classes: number; nodes: number } | null = null;
    let loaded = null;
    for (let r = 0; r < rounds; r++) {
      const t0 = now();
      const p = core.plan(doc);
      const t1 = now();
      if (!p.ok) throw new Error(`the bench plan does not load: ${JSON.stringify(p.issues.slice(0, 3))}`);
      const m = p.plan.matrixCodes("TCP", 22);
      const t2 = now();
      if (!m.ok) throw new Error(m.error.message);
      loads.push(t1 - t0);
      fast.push(t2 - t1);
      last = { codes: m.matrix.codes, classes: m.matrix.classes, nodes: m.matrix.size };
      loaded = p.plan;
    }
    return { loads, fast, names, last: last!, plan: loaded! };
  };
  const big = one(plan(500, 500, 100, 5), 5);
  const small = one(plan(), 7);
  const namesMs: number[] = [];
  for (let r = 0; r < 5; r++) {
    const t0 = now();
    small.plan.matrix("TCP", 22);
    namesMs.push(now() - t0);
  }
  const slow: number[] = [];
  let slowCodes: Uint8Array | null = null;
  for (let r = 0; r < 3; r++) {
    const t0 = now();
    const m = small.plan.matrixCodes("TCP", 22, { byTrace: true });
    slow.push(now() - t0);
    if (m.ok) slowCodes = m.matrix.codes;
  }
  const same = slowCodes !== null && slowCodes.length === small.last.codes.length && slowCodes.every((c, i) => c === small.last.codes[i]);
  return {
    big: { nodes: big.last.nodes, loadMs: median(big.loads), matrixMs: median(big.fast), classes: big.last.classes, accepted: accepted(big.last.codes) },
    small: {
      nodes: small.last.nodes, loadMs: median(small.loads), matrixMs: median(small.fast), namesMs: median(namesMs), byTraceMs: median(slow),
      classes: small.last.classes, accepted: accepted(small.last.codes), same,
    },
  };
}
