/// <reference types="vite/client" />
// The seeded fuzzer inside workerd: for every action of both APIs, parameters built from its
// shape and mutated, in JSON, query and form-signed encodings, signed so they reach the handlers;
// odd content types, encodings, headers and bodies; and the data plane's odd paths and methods.
// FUZZ_SEED reproduces a run, FUZZ_CASES sets its size (`npm run fuzz`: 100,000).
import { env, SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { ACTIONS } from "../../functions/actions/registry";
import { V2_ACTIONS } from "../../functions/actions/v2/classic-link";
import errorsSource from "../../functions/errors.ts?raw";
import { fromShape, mutate, PROTO_KEYS, Rng, toJson, toPairs } from "../helpers/fuzz-cases";
import { BASE, formRequest, tc3Request } from "../helpers/signer";
import { ok } from "../helpers/worker-api";

const knobs = env as unknown as { FUZZ_CASES?: string; FUZZ_SEED?: string };
const CASES = Number(knobs.FUZZ_CASES || 600);
const SEED = Number(knobs.FUZZ_SEED || Math.floor(Math.random() * 2 ** 31));
const PARALLEL = 8;
const KNOWN_CODES = new Set([...errorsSource.matchAll(/\|\s*"([A-Za-z0-9.]+)"/g)].map((m) => m[1]!));
const V3_NAMES = Object.keys(ACTIONS);
const V2_NAMES = Object.keys(V2_ACTIONS);
const REGIONS = ["ap-guangzhou", "ap-guangzhou", "ap-guangzhou", "ap-shanghai", "mars-1", ...PROTO_KEYS, "", "ap-guangzhou x", "\u00e9"];

/** One generated case: how to send it, and which kind of answer it must get. */
interface Case {
  what: string;
  kind: "v3" | "v2" | "data";
  make(): Request;
}

let dataTargets: string[] = [];

function v3Case(r: Rng): Case {
  const name = r.pick(V3_NAMES);
  const def = r.pick(ACTIONS[name]!);
  const params = fromShape(r, def.shape);
  if (r.chance(0.85)) mutate(r, params);
  const region = r.chance(0.9) ? "ap-guangzhou" : r.pick(REGIONS);
  const mode = r.int(10);
  const common = { version: def.version, service: def.product, region };
  if (mode < 6) {
    const body = toJson(params);
    return { what: `v3 JSON ${name} ${body.slice(0, 300)}`, kind: "v3", make: () => tc3Request(name, {}, { ...common, rawBody: body }) };
  }
  const pairs = toPairs(params);
  if (mode < 9) {
    return { what: `v3 GET ${name} ${JSON.stringify(pairs).slice(0, 300)}`, kind: "v3", make: () => tc3Request(name, {}, { ...common, method: "GET", query: pairs }) };
  }
  return {
    what: `v3 form ${name} ${JSON.stringify(pairs).slice(0, 300)}`,
    kind: "v3",
    make: () => formRequest(name, {}, { pairs, region, extra: { Version: def.version } }),
  };
}

function v2Case(r: Rng): Case {
  const name = r.chance(0.95) ? r.pick(V2_NAMES) : r.pick(PROTO_KEYS);
  const def = Object.hasOwn(V2_ACTIONS, name) ? V2_ACTIONS[name]! : V2_ACTIONS[V2_NAMES[0]!]!;
  const params = fromShape(r, def.shape);
  if (r.chance(0.85)) mutate(r, params);
  const pairs = toPairs(params);
  const region = r.chance(0.9) ? r.pick(["gz", "ap-guangzhou", "sh"]) : r.pick(REGIONS);
  const method = r.pick(["GET", "POST"] as const);
  return { what: `v2 ${method} ${name} ${JSON.stringify(pairs).slice(0, 300)}`, kind: "v2", make: () => formRequest(name, {}, { path: "/v2/index.php", method, pairs, region }) };
}

const CONTENT_TYPES = ["application/json", "text/plain", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded", "application/json; charset=latin1", ""];
const BODIES = ["", "{", "[]", "null", "{}", '{"a":1}{"b":2}', "\u0000\u0001", '{"Limit":1e999}', "a=1&a=2&__proto__.x=1", '{"__proto__":{"Limit":1}}', "%zz=1"];

function oddHttpCase(r: Rng): Case {
  const path = r.pick(["/", "/v2/index.php", "/?Action=DescribeVpcs", "/?__proto__.Limit=1"]);
  const method = r.pick(["POST", "POST", "GET", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"]);
  const headers: Record<string, string> = {};
  const ct = r.pick(CONTENT_TYPES);
  if (ct) headers["Content-Type"] = ct;
  if (r.chance(0.3)) headers["Content-Encoding"] = r.pick(["gzip", "br", "deflate", "identity, gzip"]);
  if (r.chance(0.2)) headers["X-Big"] = "a".repeat(r.pick([1000, 8000, 30000]));
  if (r.chance(0.3)) headers["X-TC-Action"] = r.pick([...V3_NAMES, ...PROTO_KEYS, ""]);
  if (r.chance(0.2)) headers["X-TC-Timestamp"] = r.pick(["", "-1", "1e9", "99999999999999", "abc", String(Math.floor(Date.now() / 1000))]);
  if (r.chance(0.2)) headers.Authorization = r.pick(["TC3-HMAC-SHA256", "TC3-HMAC-SHA256 Credential=/,", "TC3-HMAC-SHA256 Credential=a/b/c/d, SignedHeaders=, Signature=", "Basic x"]);
  const body = r.chance(0.2) ? crypto.getRandomValues(new Uint8Array(r.int(2000))) : r.pick(BODIES);
  const hasBody = method !== "GET" && method !== "HEAD";
  const signed = r.chance(0.4) && method === "POST";
  const name = r.pick(V3_NAMES);
  return {
    what: `odd ${method} ${path} ${JSON.stringify(headers).slice(0, 200)} ${typeof body === "string" ? body : `${body.length} random bytes`}`,
    kind: path.startsWith("/v2") ? "v2" : "v3",
    make: () =>
      signed && typeof body === "string" && path === "/"
        ? tc3Request(name, {}, { rawBody: body, headers, version: ACTIONS[name]![0]!.version })
        : new Request(`${BASE}${path}`, { method, headers, body: hasBody ? body : undefined }),
  };
}

const ODD_PATHS = ["m", "", "/", "m/../../x", "%zz", "%00", "a//b", "x".repeat(9000), "{id}", "%E2%80%AE", "m?x=%", "m;a=b", "M", "h/%2e%2e/", "m#f", "\u00e9"];

function dataCase(r: Rng): Case {
  const method = r.pick(["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "PROPFIND", "QUERY"]);
  const target = dataTargets.length && r.chance(0.8) ? r.pick(dataTargets) : `/service-${r.pick(["abcdefgh", "00000000", "zzzzzzzz"])}/${r.pick(["release", "prepub", "test"])}`;
  const path = `${target}/${r.pick(ODD_PATHS)}`;
  const hasBody = method !== "GET" && method !== "HEAD";
  const body = hasBody && r.chance(0.5) ? "y".repeat(r.pick([0, 10, 70_000])) : undefined;
  const headers: Record<string, string> = r.chance(0.3) ? { "Content-Type": r.pick(CONTENT_TYPES) || "x/y", "X-Odd": "\u00ff" } : {};
  return { what: `data ${method} ${path.slice(0, 200)}`, kind: "data", make: () => new Request(`${BASE}${path}`, { method, headers, body }) };
}

/** makeCase draws the next case of a run. */
function makeCase(r: Rng): Case {
  const k = r.int(20);
  if (k < 13) return v3Case(r);
  if (k < 15) return v2Case(r);
  if (k < 17) return oddHttpCase(r);
  return dataCase(r);
}

/** check reports why an answer breaks the contract, or null. */
async function check(c: Case, res: Response): Promise<string | null> {
  const text = await res.text();
  if (c.kind === "data") {
    if (res.status < 500) return null;
    if (res.status !== 502 && res.status !== 504) return `data plane answered ${res.status}: ${text.slice(0, 300)}`;
    try {
      const j = JSON.parse(text) as Record<string, unknown>;
      if (typeof j.error === "string" && typeof j.message === "string" && Array.isArray(j.attempts)) return null;
    } catch {
      /* reported below */
    }
    return `gateway ${res.status} without the documented JSON body: ${text.slice(0, 300)}`;
  }
  if (res.status === 302 && /^odd (GET|HEAD) \/ /.test(c.what)) return null; // a plain browser GET (or its HEAD)
  if (res.status === 204 && c.what.startsWith("odd OPTIONS /")) return null; // a CORS preflight
  if (res.status !== 200) return `HTTP ${res.status}: ${text.slice(0, 300)}`;
  if (c.what.startsWith("odd HEAD")) return null; // no body on HEAD
  let j: Record<string, any>;
  try {
    j = JSON.parse(text);
  } catch {
    return `not JSON: ${text.slice(0, 300)}`;
  }
  if (c.kind === "v2") {
    if (typeof j.code !== "number" || typeof j.message !== "string" || typeof j.codeDesc !== "string") return `not a v2 envelope: ${text.slice(0, 300)}`;
    if (j.code === 6000 || j.codeDesc === "InternalError") return `v2 InternalError: ${j.message}`;
    if (j.code !== 0 && !KNOWN_CODES.has(j.codeDesc)) return `v2 unknown codeDesc ${j.codeDesc}`;
    return null;
  }
  const r = j.Response;
  if (!r || typeof r.RequestId !== "string") return `not an API 3.0 envelope: ${text.slice(0, 300)}`;
  if (r.Error) {
    if (r.Error.Code === "InternalError") return `InternalError: ${r.Error.Message}`;
    if (!KNOWN_CODES.has(r.Error.Code) || typeof r.Error.Message !== "string") return `unknown error code ${r.Error.Code}`;
  }
  return null;
}

describe(`seeded fuzzer (FUZZ_SEED=${SEED}, FUZZ_CASES=${CASES})`, () => {
  beforeAll(async () => {
    console.log(`fuzz: FUZZ_SEED=${SEED} FUZZ_CASES=${CASES}`);
    // Released services for the data plane: a MOCK API and an HTTP API to a port nobody serves.
    const svc = (await ok("CreateService", { ServiceName: "fuzz", Protocol: "http" }, { version: "2018-08-08", service: "apigateway" })).ServiceId as string;
    const api = (cfg: Record<string, unknown>) => ok("CreateApi", { ServiceId: svc, Protocol: "HTTP", ...cfg }, { version: "2018-08-08", service: "apigateway" });
    await api({ ServiceType: "MOCK", ServiceMockReturnMessage: "mocked", RequestConfig: { Path: "/m", Method: "ANY" }, ServiceTimeout: 2 });
    await api({ ServiceType: "HTTP", ServiceConfig: { Url: "http://127.0.0.1:1", Path: "/h", Method: "GET" }, RequestConfig: { Path: "/h", Method: "ANY" }, ServiceTimeout: 2 });
    await ok("ReleaseService", { ServiceId: svc, EnvironmentName: "release", ReleaseDesc: "fuzz" }, { version: "2018-08-08", service: "apigateway" });
    dataTargets = [`/${svc}/release`, `/${svc}/test`];
  });

  it("answers every case with a valid envelope, never InternalError, and still answers at the end", async () => {
    const r = new Rng(SEED);
    const failures: string[] = [];
    const counts = { v3: 0, v2: 0, data: 0 };
    const started = Date.now();
    for (let done = 0; done < CASES; ) {
      const batch: Case[] = [];
      for (; batch.length < PARALLEL && done < CASES; done++) batch.push(makeCase(r));
      const results = await Promise.all(
        batch.map(async (c, i) => {
          counts[c.kind]++;
          const t0 = Date.now();
          try {
            const why = await check(c, await SELF.fetch(c.make(), { redirect: "manual" }));
            if (Date.now() - t0 > 10_000) console.log(`fuzz: slow case (${Date.now() - t0} ms): ${c.what.slice(0, 400)}`);
            return why && `case ${done - batch.length + i}: ${why}\n    ${c.what}`;
          } catch (e) {
            return `case ${done - batch.length + i}: threw ${String(e)}\n    ${c.what}`;
          }
        }),
      );
      for (const f of results) if (f) failures.push(f);
      if (done % 500 < PARALLEL) console.log(`fuzz: ${done} cases, ${failures.length} failures, ${Math.round((Date.now() - started) / 1000)} s`);
      if (failures.length >= 20) break;
    }
    console.log(`fuzz: ${CASES} cases (${counts.v3} API 3.0, ${counts.v2} v2, ${counts.data} data plane), ${failures.length} failures`);
    expect(failures, `FUZZ_SEED=${SEED}\n${failures.join("\n")}`).toEqual([]);
    await ok("DescribeVpcs", {});
  }, Math.max(600_000, CASES * 600)); // a loaded 2-core machine runs about 4 cases a second, slower as state grows
});
