// Flattened form parameters ("Filters.0.Values.1=x") to nested values and back. No business rules;
// names are only ever own keys (prototype-named segments cannot reach Object.prototype).
import { ApiError } from "../errors";

const MAX_DEPTH = 6;
const MAX_INDEX = 1000;

type Node = Record<string, unknown>;

/**
 * unflatten reports the nested parameter object of flat dotted names. Numeric segments make
 * arrays (in index order); a name used both as a value and as a container is InvalidParameter.
 */
export function unflatten(flat: [string, string][]): Record<string, unknown> {
  // Null-prototype nodes: a segment like `__proto__` or `toString` is a plain key here, never
  // Object.prototype (so it ends as UnknownParameter, and nothing outside the call is touched).
  const root: Node = Object.create(null);
  for (const [name, value] of flat) {
    const parts = name.split(".");
    if (parts.length > MAX_DEPTH || parts.some((p) => p === "")) {
      throw new ApiError("InvalidParameter", `The parameter name \`${name}\` is malformed.`);
    }
    let node = root;
    for (let i = 0; i < parts.length; i++) {
      const key = parts[i]!;
      if (/^\d+$/.test(key) && Number(key) > MAX_INDEX) {
        throw new ApiError("InvalidParameter", `The index in \`${name}\` is larger than ${MAX_INDEX}.`);
      }
      const last = i === parts.length - 1;
      const existing = node[key];
      if (last) {
        if (existing !== undefined) {
          throw new ApiError("InvalidParameter", `The parameter \`${name}\` is given more than once.`);
        }
        node[key] = value;
      } else {
        if (existing === undefined) node[key] = Object.create(null);
        else if (typeof existing !== "object") {
          throw new ApiError("InvalidParameter", `The parameter \`${parts.slice(0, i + 1).join(".")}\` is both a value and a list.`);
        }
        node = node[key] as Node;
      }
    }
  }
  return arrayify(root) as Record<string, unknown>;
}

function arrayify(v: unknown): unknown {
  if (v === null || typeof v !== "object") return v;
  const o = v as Node;
  const keys = Object.keys(o);
  const numeric = keys.length > 0 && keys.every((k) => /^\d+$/.test(k));
  if (numeric) {
    return keys
      .map(Number)
      .sort((a, b) => a - b)
      .map((k) => arrayify(o[String(k)]));
  }
  // fromEntries defines own properties: a `__proto__` key stays a key.
  return Object.fromEntries(keys.map((k) => [k, arrayify(o[k])]));
}

/** flatten reports the dotted name/value pairs of a nested parameter object (for clients). */
function flatten(params: Record<string, unknown>, prefix = ""): [string, string][] {
  const out: [string, string][] = [];
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null) continue;
    const name = prefix ? `${prefix}.${k}` : k;
    if (Array.isArray(v)) {
      v.forEach((item, i) => {
        if (item !== null && typeof item === "object") out.push(...flatten(item as Record<string, unknown>, `${name}.${i}`));
        else out.push([`${name}.${i}`, String(item)]);
      });
    } else if (typeof v === "object") out.push(...flatten(v as Record<string, unknown>, name));
    else out.push([name, String(v)]);
  }
  return out;
}
