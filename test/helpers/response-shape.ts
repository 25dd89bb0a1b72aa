// Checks a reply against the official SDK's .d.ts model of the action's Response type: required
// fields present (null only where the model's comment says Tencent may return null), JSON types
// right, arrays' items and nested models recursively, no unknown fields.
import { expect } from "vitest";
import { loadModels, type Model } from "../../scripts/sdk-models.mjs";

/** Options: paths that must be present even where the model marks them optional ("VpcSet.*.VpcId"). */
export interface ShapeOptions {
  present?: string[];
}

function kindOf(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  return typeof v;
}

function checkValue(v: unknown, type: string, models: Record<string, Model>, path: string, out: string[]): void {
  const arr = /^Array<(.+)>$/.exec(type);
  if (arr) {
    if (!Array.isArray(v)) return void out.push(`${path}: expected an array, got ${kindOf(v)}`);
    v.forEach((item, i) => checkValue(item, arr[1]!, models, `${path}.${i}`, out));
    return;
  }
  if (type === "string" || type === "number" || type === "boolean") {
    if (typeof v !== type) out.push(`${path}: expected a ${type}, got ${kindOf(v)} ${JSON.stringify(v)?.slice(0, 40)}`);
    return;
  }
  const model = models[type];
  if (!model) return; // a type the models file does not define (any)
  if (model.alias !== undefined) return checkValue(v, model.alias, models, path, out);
  if (kindOf(v) !== "object") return void out.push(`${path}: expected an object (${type}), got ${kindOf(v)}`);
  checkObject(v as Record<string, unknown>, type, models, path, out);
}

function checkObject(obj: Record<string, unknown>, type: string, models: Record<string, Model>, path: string, out: string[]): void {
  const fields = models[type]?.fields ?? {};
  const at = (k: string) => (path ? `${path}.${k}` : k);
  for (const [name, f] of Object.entries(fields)) {
    const v = obj[name];
    if (v === null && f.nullable) continue; // the model says Tencent may send null here
    if (v === undefined || v === null) {
      if (f.req) out.push(`${at(name)}: required by ${type} but ${v === null ? "null" : "missing"}`);
      continue;
    }
    checkValue(v, f.type, models, at(name), out);
  }
  for (const k of Object.keys(obj)) if (!Object.hasOwn(fields, k)) out.push(`${at(k)}: not a field of ${type}`);
}

function presentAt(v: unknown, parts: string[], path: string, out: string[]): void {
  if (parts.length === 0) {
    if (v === undefined || v === null) out.push(`${path}: must be present`);
    return;
  }
  const [head, ...rest] = parts as [string, ...string[]];
  if (head === "*") {
    if (!Array.isArray(v)) return void out.push(`${path}: must be an array`);
    v.forEach((item, i) => presentAt(item, rest, `${path}.${i}`, out));
    return;
  }
  const next = v !== null && typeof v === "object" ? (v as Record<string, unknown>)[head] : undefined;
  presentAt(next, rest, path ? `${path}.${head}` : head, out);
}

/** responseProblems reports every way a reply (the SDK's answer, RequestId included) departs from the model. */
export function responseProblems(product: string, action: string, reply: unknown, options: ShapeOptions = {}): string[] {
  const models = loadModels(product);
  const type = `${action}Response`;
  if (!models[type]) throw new Error(`the ${product} models have no ${type}`);
  const out: string[] = [];
  if (kindOf(reply) !== "object") return [`reply: expected an object, got ${kindOf(reply)}`];
  checkObject(reply as Record<string, unknown>, type, models, "", out);
  for (const p of options.present ?? []) presentAt(reply, p.split("."), "", out);
  return out;
}

/** expectResponseShape fails the test with the list of problems when the reply departs from the model. */
export function expectResponseShape(product: string, action: string, reply: unknown, options: ShapeOptions = {}): void {
  expect(responseProblems(product, action, reply, options), `${product} ${action} reply shape`).toEqual([]);
}
