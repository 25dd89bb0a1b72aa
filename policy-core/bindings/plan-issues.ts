// Every problem of a plan document at once. A load stops at the first stage that finds problems
// (shape, then references, then parsing in the wasm), since a later stage cannot run on what an
// earlier one refused; so the document is checked again without the items already found wrong,
// and the new paths are mapped back to the document's own.
import type { PlanIssue } from "./plan-doc";

type Doc = Record<string, unknown>;
const isObj = (v: unknown): v is Doc => typeof v === "object" && v !== null && !Array.isArray(v);

/** A path such as `securityGroups[0].ingress[2].port`, split into keys and indices. */
export function parsePath(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) out.push(m[2] !== undefined ? Number(m[2]) : m[1]!);
  return out;
}

/** getAt reports the value at a path of a JSON document (undefined when absent). */
export function getAt(doc: unknown, path: string): unknown {
  let v: unknown = doc;
  for (const k of parsePath(path)) {
    if (typeof k === "number") v = Array.isArray(v) ? v[k] : undefined;
    else v = isObj(v) ? v[k] : undefined;
  }
  return v;
}

/** A copy of doc without the top-level items (list[i]) the issues name, and how its indices map back. */
function without(doc: Doc, issues: PlanIssue[]): { doc: Doc; back: Map<string, number[]>; dropped: Set<string> } | null {
  const drop = new Map<string, Set<number>>();
  const copy: Doc = { ...doc };
  let changed = false;
  for (const i of issues) {
    const [list, index] = parsePath(i.path);
    if (list === "version" && copy.version !== 1) {
      copy.version = 1;
      changed = true;
    } else if (list === "region" && index === undefined) {
      delete copy.region;
      changed = true;
    } else if (typeof list === "string" && index === undefined && Array.isArray(copy[list]) === false) {
      copy[list] = [];
      changed = true;
    } else if (typeof list === "string" && typeof index === "number") {
      drop.set(list, (drop.get(list) ?? new Set()).add(index));
    }
  }
  const back = new Map<string, number[]>();
  const dropped = new Set<string>();
  for (const [list, gone] of drop) {
    const items = copy[list];
    if (!Array.isArray(items)) continue;
    const kept: number[] = [];
    items.forEach((it, k) => {
      if (!gone.has(k)) kept.push(k);
      else if (isObj(it) && typeof it.id === "string") dropped.add(it.id);
    });
    copy[list] = kept.map((k) => items[k]);
    back.set(list, kept);
    changed = true;
  }
  return changed ? { doc: copy, back, dropped } : null;
}

/** The path of an issue found in the copy, as a path of the original document. */
function mapBack(path: string, back: Map<string, number[]>): string {
  const m = /^([A-Za-z]+)\[(\d+)\]/.exec(path);
  const kept = m ? back.get(m[1]!) : undefined;
  if (!m || !kept) return path;
  return `${m[1]}[${kept[Number(m[2])]}]${path.slice(m[0].length)}`;
}

/**
 * allIssues reports the core's problems with a document, every stage at once: the problems of the
 * first stage, then those the core finds once the items already named are set aside (a reference
 * to a set-aside item is not reported again).
 */
export function allIssues(load: (doc: unknown) => { ok: true } | { ok: false; issues: PlanIssue[] }, doc: unknown, first: PlanIssue[]): PlanIssue[] {
  const out = [...first];
  const seen = new Set(out.map((i) => `${i.path}\n${i.message}`));
  let issues = first;
  let current = doc;
  let maps: Map<string, number[]>[] = [];
  const dropped = new Set<string>();
  for (let round = 0; round < 4 && isObj(current); round++) {
    const next = without(current, issues);
    if (!next) break;
    maps = [next.back, ...maps];
    for (const id of next.dropped) dropped.add(id);
    const r = load(next.doc);
    if (r.ok) break;
    const fresh: PlanIssue[] = [];
    for (const i of r.issues) {
      const path = maps.reduce((p, m) => mapBack(p, m), i.path);
      const value = getAt(doc, path);
      if (typeof value === "string" && dropped.has(value) && i.message.startsWith("names ")) continue;
      const key = `${path}\n${i.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ path, message: i.message });
      fresh.push(i);
    }
    if (!fresh.length) break;
    issues = r.issues;
    current = next.doc;
  }
  return out;
}
