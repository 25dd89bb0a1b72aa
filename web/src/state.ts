// The plan being edited and the core's answers about it. Every verdict here is the wasm's: the plan
// is loaded with core.plan, then lint and shadowed rules are read from the loaded plan.
import { getAt, parsePath, type LintFinding, type LoadedPlan, type PlanIssue, type PolicyCore, type ShadowedRule } from "../../policy-core/bindings/index";

export { getAt, parsePath };
import { isObj } from "./dom";

/** The core's answer for the current document: a loaded plan with its findings, or the issues. */
export type Analysis =
  | { ok: true; plan: LoadedPlan; lint: LintFinding[]; shadowed: ShadowedRule[]; ms: number }
  | { ok: false; issues: PlanIssue[]; ms: number };

/** Where a change came from; it decides which views are rebuilt. */
export type Origin = "load" | "form" | "structure" | "json";

type Listener = (origin: Origin) => void;

/** Store holds the plan document (any JSON value: the core says what is wrong with it). */
export class Store {
  doc: unknown = { version: 1, vpcs: [] };
  analysis: Analysis | null = null;
  /** The last answer for a plan that loaded: shown, marked stale, while the document does not load. */
  good: Extract<Analysis, { ok: true }> | null = null;
  /** The JSON box's parse error, when its text is not JSON (the document is then the last one that parsed). */
  jsonError: string | null = null;
  private listeners: Listener[] = [];

  constructor(private readonly core: PolicyCore) {}

  /** subscribe calls fn after every change. */
  subscribe(fn: Listener): void {
    this.listeners.push(fn);
  }

  /** set replaces the document. */
  set(doc: unknown, origin: Origin): void {
    this.doc = doc;
    this.changed(origin);
  }

  /** changed tells the views the document was changed in place. */
  changed(origin: Origin): void {
    for (const fn of this.listeners) fn(origin);
  }

  /** stale reports whether the answers shown are not the current document's (it does not load or parse). */
  get stale(): boolean {
    return this.jsonError !== null || this.analysis?.ok === false;
  }

  /** analyze asks the core about the current document (core.plan keeps its own copy of it). */
  analyze(): Analysis {
    const t = performance.now();
    const r = this.core.plan(this.doc, { everyIssue: true });
    this.analysis = r.ok
      ? { ok: true, plan: r.plan, lint: r.plan.lint(), shadowed: r.plan.shadowed(), ms: performance.now() - t }
      : { ok: false, issues: r.issues, ms: performance.now() - t };
    if (this.analysis.ok) this.good = this.analysis;
    return this.analysis;
  }

  /** forget drops the last good answer (a new plan was loaded: the old answers do not belong to it). */
  forget(): void {
    this.good = null;
  }
}

/** setAt writes (or, for undefined, deletes) the value at a path whose parent exists. */
export function setAt(doc: unknown, path: string, value: unknown): void {
  const keys = parsePath(path);
  const last = keys.pop();
  const parent = getAt(doc, joinPath(...keys));
  if (last === undefined) return;
  if (Array.isArray(parent) && typeof last === "number") {
    if (value === undefined) parent.splice(last, 1);
    else parent[last] = value;
  } else if (isObj(parent) && typeof last === "string") {
    if (value === undefined) delete parent[last];
    else parent[last] = value;
  }
}

/** joinPath builds a path from keys and indices. */
export function joinPath(...keys: (string | number)[]): string {
  return keys.map((k, i) => (typeof k === "number" ? `[${k}]` : i === 0 ? k : `.${k}`)).join("");
}
