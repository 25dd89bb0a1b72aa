// The seeded fuzzer's case generator (pure, no I/O): parameters built from an action's shape,
// then mutated (wrong types, prototype-named keys, oversized, unicode, boundary numbers, CR/LF),
// rendered as JSON text or flat form pairs with every key kept as given (`__proto__` included).
import type { Field, Shape } from "../../functions/protocol/schema";

/** Rng is a seeded PRNG (mulberry32): the same seed gives the same cases. */
export class Rng {
  constructor(private s: number) {}
  next(): number {
    this.s = (this.s + 0x6d2b79f5) | 0;
    let t = Math.imul(this.s ^ (this.s >>> 15), 1 | this.s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

/** A generated value. Objects are key/value pairs so that any key, `__proto__` too, survives. */
export type Value =
  | { t: "str"; v: string }
  | { t: "num"; text: string } // JSON number text as sent (1e309, -0, 9007199254740993)
  | { t: "bool"; v: boolean }
  | { t: "null" }
  | { t: "arr"; items: Value[] }
  | { t: "obj"; entries: [string, Value][] };

export const PROTO_KEYS = ["__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "valueOf"];

const ID_PREFIXES = ["vpc", "ins", "subnet", "sg", "acl", "rtb", "ccn", "service", "api", "upstream", "apigw", "cls"];
const PLAUSIBLE = [
  "", "x", "10.1.0.0/16", "10.0.0.0/24", "10.0.0.5", "0.0.0.0/0", "ap-guangzhou-3", "ap-guangzhou", "TCP", "UDP", "ICMP", "ALL",
  "ACCEPT", "DROP", "80", "22", "1-65535", "release", "test", "http", "https", "http&https", "/p", "/a/{id}", "GET", "POST", "ANY",
  "UPSTREAM", "MOCK", "HTTP", "VPC", "ROUND-ROBIN", "IP_PORT", "HTTPS", "true", "createTime", "asc", "vpc-id", "instance-id",
  "http://127.0.0.1:1/x", "backend.example", "S3.SMALL1", "img-abcdefgh", "appid-max-vpcs", "vpc-max-basic-network-interconnections",
];
const UNICODE = ["\ud800", "\udfff", "a\ud83d", "\u202eevil\u202c", "\u0000", "nul\u0000in", "😀🚀", "\ufeff", "日本語", "\u0301", "\uffff"];
const CRLF = ["a\r\nX-Injected: 1", "\r\n\r\n", "h.example\r\nHost: evil", "\n", "\r"];
const NUMBERS = ["-1", "0", "-0", "1", "2147483648", "9007199254740993", "1e309", "-1e309", "0.5", "1e-400", "4294967296", "65535", "65536", "100", "101"];
const NUMBER_STRINGS = ["NaN", "Infinity", "-1", "0x10", "1e3", "01", " 1", "1 ", "2147483648", "9007199254740993", "-0", "+1", "1.5"];

function idOf(r: Rng): string {
  const prefix = r.pick(ID_PREFIXES);
  let s = "";
  for (let i = 0; i < 8; i++) s += "abcdefghijklmnopqrstuvwxyz0123456789"[r.int(36)];
  return `${prefix}-${s}`;
}

function stringValue(r: Rng): string {
  const k = r.int(10);
  if (k < 4) return r.pick(PLAUSIBLE);
  if (k < 7) return idOf(r);
  if (k < 8) return String(r.int(1000));
  return "s" + r.int(1e6).toString(36);
}

/** fromField generates a plausible value for one field (the start point for mutation). */
export function fromField(r: Rng, f: Field, depth = 0): Value {
  switch (f.kind) {
    case "string":
      return { t: "str", v: stringValue(r) };
    case "number":
      return { t: "num", text: r.pick(["0", "1", "5", "20", "80", "100", String(r.int(70000))]) };
    case "boolean":
      return { t: "bool", v: r.chance(0.5) };
    case "array": {
      const n = r.int(4);
      const items: Value[] = [];
      for (let i = 0; i < n; i++) items.push(fromField(r, f.items ?? { kind: "string" }, depth + 1));
      return { t: "arr", items };
    }
    case "object":
      return fromShape(r, f.fields ?? {}, depth + 1);
    case "any":
      return r.chance(0.5) ? { t: "str", v: stringValue(r) } : { t: "num", text: String(r.int(70000)) };
  }
}

/** fromShape generates required fields always and optional ones half the time. */
export function fromShape(r: Rng, shape: Shape, depth = 0): Value {
  const entries: [string, Value][] = [];
  for (const [k, f] of Object.entries(shape)) {
    // Counts stay small so that accepted calls do not grow the state the run reads back.
    const v = k === "InstanceCount" ? { t: "num" as const, text: r.pick(["1", "2"]) } : fromField(r, f, depth);
    if (f.required || (depth < 4 && r.chance(0.5))) entries.push([k, v]);
  }
  return { t: "obj", entries };
}

function hostile(r: Rng): Value {
  switch (r.int(9)) {
    case 0:
      return { t: "num", text: r.pick(NUMBERS) };
    case 1:
      return { t: "str", v: r.pick(NUMBER_STRINGS) };
    case 2:
      return { t: "str", v: r.pick(UNICODE) };
    case 3:
      return { t: "str", v: r.pick(CRLF) };
    case 4:
      return { t: "str", v: "x".repeat(r.pick([256, 5000, 70_000])) };
    case 5:
      return { t: "arr", items: Array.from({ length: r.pick([101, 201, 1001]) }, () => ({ t: "str" as const, v: idOf(r) })) };
    case 6:
      return r.pick<Value>([{ t: "null" }, { t: "bool", v: true }, { t: "arr", items: [] }, { t: "obj", entries: [] }, { t: "arr", items: [{ t: "arr", items: [] }] }]);
    case 7:
      return { t: "obj", entries: [[r.pick(PROTO_KEYS), { t: "obj", entries: [["Limit", { t: "num", text: "1" }]] }]] };
    default:
      return { t: "str", v: stringValue(r) + r.pick(UNICODE) + r.pick(CRLF) };
  }
}

/** Every container inside a value, with the path to it (for mutating in place). */
function containers(v: Value, out: Value[] = []): Value[] {
  if (v.t === "obj") {
    out.push(v);
    for (const [, x] of v.entries) containers(x, out);
  } else if (v.t === "arr") {
    out.push(v);
    for (const x of v.items) containers(x, out);
  }
  return out;
}

/** mutate applies 1 to 3 hostile changes somewhere inside the parameters. */
export function mutate(r: Rng, root: Value): Value {
  const rounds = 1 + r.int(3);
  for (let i = 0; i < rounds; i++) {
    const at = r.pick(containers(root));
    if (at.t === "obj") {
      const k = r.int(4);
      if (k === 0 || at.entries.length === 0) at.entries.push([r.pick([...PROTO_KEYS, "Unknown", "a.b", "", "0"]), hostile(r)]);
      else if (k === 1) at.entries.push([r.pick(PROTO_KEYS), fromShapeLike(r)]);
      else at.entries[r.int(at.entries.length)]![1] = hostile(r);
    } else if (at.t === "arr") {
      if (at.items.length === 0 || r.chance(0.3)) at.items.push(hostile(r));
      else at.items[r.int(at.items.length)] = hostile(r);
    }
  }
  return root;
}

function fromShapeLike(r: Rng): Value {
  return { t: "obj", entries: [[r.pick(["Limit", "routes", "Offset", "length", "0"]), hostile(r)]] };
}

function jsonString(s: string): string {
  // JSON.stringify keeps lone surrogates as \\uXXXX escapes (well-formed JSON.stringify).
  return JSON.stringify(s);
}

/** toJson renders a value as JSON text, keys exactly as generated. */
export function toJson(v: Value): string {
  switch (v.t) {
    case "str":
      return jsonString(v.v);
    case "num":
      return v.text;
    case "bool":
      return String(v.v);
    case "null":
      return "null";
    case "arr":
      return `[${v.items.map(toJson).join(",")}]`;
    case "obj":
      return `{${v.entries.map(([k, x]) => `${jsonString(k)}:${toJson(x)}`).join(",")}}`;
  }
}

/** toPairs renders a value as dotted form pairs ("Filters.0.Name"), keys exactly as generated. */
export function toPairs(v: Value, prefix = ""): [string, string][] {
  const name = (k: string) => (prefix ? `${prefix}.${k}` : k);
  switch (v.t) {
    case "str":
      return [[prefix, v.v]];
    case "num":
      return [[prefix, v.text]];
    case "bool":
      return [[prefix, String(v.v)]];
    case "null":
      return [];
    case "arr":
      return v.items.flatMap((x, i) => toPairs(x, name(String(i))));
    case "obj":
      return v.entries.flatMap(([k, x]) => toPairs(x, name(k)));
  }
}
