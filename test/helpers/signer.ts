// An independent client-side signer for tests (node:crypto, not the product's WebCrypto code):
// TC3-HMAC-SHA256 requests, the SDK's form-signed mode and the legacy v2 API.
import { createHash, createHmac } from "node:crypto";

/** The local default credential of wrangler.toml. */
export const SECRET_ID = "AKIDLOCALDEVELOPMENT0000000000000000";
export const SECRET_KEY = "LocalDevelopmentSecretKey000000000";
export const BASE = "http://127.0.0.1:8787";
/** A second local account's pair (the test configuration adds it to TC_CREDENTIALS). */
export const TENANT_B = { secretId: "AKIDLOCALTENANTB00000000000000000000", secretKey: "LocalTenantBSecretKey0000000000000", account: "1250000001" };

const sha256 = (s: string | Uint8Array) => createHash("sha256").update(s).digest("hex");
const hmac = (k: string | Buffer, s: string) => createHmac("sha256", k).update(s).digest();

export interface Tc3Options {
  version?: string;
  region?: string | null;
  secretId?: string;
  secretKey?: string;
  timestamp?: number;
  /** Host as signed; the wire host is always 127.0.0.1:8787. */
  signedHost?: string;
  method?: "POST" | "GET";
  service?: string;
  /** Body actually sent, when it should differ from the signed one (tampering). */
  sendBody?: string;
  rawBody?: string | Uint8Array;
  headers?: Record<string, string>;
  date?: string;
  /** GET only: the query's name/value pairs as sent, instead of flattening params. */
  query?: [string, string][];
}

/** tc3Request builds a signed API 3.0 request for SELF.fetch. */
export function tc3Request(action: string, params: Record<string, unknown>, o: Tc3Options = {}): Request {
  const ts = o.timestamp ?? Math.floor(Date.now() / 1000);
  const date = o.date ?? new Date(ts * 1000).toISOString().slice(0, 10);
  const method = o.method ?? "POST";
  const service = o.service ?? "127";
  const query = method === "GET" ? new URLSearchParams(o.query ?? flat(params)).toString() : "";
  const body = method === "GET" ? "" : (o.rawBody ?? JSON.stringify(params));
  const contentType = method === "GET" ? "application/x-www-form-urlencoded" : "application/json";
  const host = o.signedHost ?? "127.0.0.1";
  const canonical = [method, "/", query, `content-type:${contentType}\nhost:${host}\n`, "content-type;host", sha256(body)].join("\n");
  const scope = `${date}/${service}/tc3_request`;
  const toSign = `TC3-HMAC-SHA256\n${ts}\n${scope}\n${sha256(canonical)}`;
  const kDate = hmac(`TC3${o.secretKey ?? SECRET_KEY}`, date);
  const sig = createHmac("sha256", hmac(hmac(kDate, service), "tc3_request")).update(toSign).digest("hex");
  const headers: Record<string, string> = {
    "Content-Type": contentType,
    Authorization: `TC3-HMAC-SHA256 Credential=${o.secretId ?? SECRET_ID}/${scope}, SignedHeaders=content-type;host, Signature=${sig}`,
    "X-TC-Action": action,
    "X-TC-Version": o.version ?? "2017-03-12",
    "X-TC-Timestamp": String(ts),
    ...o.headers,
  };
  if (o.region !== null) headers["X-TC-Region"] = o.region ?? "ap-guangzhou";
  const url = `${BASE}/${query ? `?${query}` : ""}`;
  return new Request(url, { method, headers, body: method === "GET" ? undefined : (o.sendBody ?? body) });
}

/** flat flattens nested params into dotted form pairs, as the SDK does. */
export function flat(params: Record<string, unknown>, prefix = ""): [string, string][] {
  const out: [string, string][] = [];
  for (const [k, v] of Object.entries(params)) {
    const name = prefix ? `${prefix}.${k}` : k;
    if (v === undefined || v === null) continue;
    if (Array.isArray(v)) v.forEach((x, i) => (typeof x === "object" ? out.push(...flat(x as Record<string, unknown>, `${name}.${i}`)) : out.push([`${name}.${i}`, String(x)])));
    else if (typeof v === "object") out.push(...flat(v as Record<string, unknown>, name));
    else out.push([name, String(v)]);
  }
  return out;
}

export interface FormOptions {
  path?: string;
  method?: "POST" | "GET";
  signatureMethod?: "HmacSHA1" | "HmacSHA256";
  secretKey?: string;
  secretId?: string;
  timestamp?: number;
  nonce?: number;
  region?: string;
  /** Host string as signed (the SDK signs host:port). */
  signedHost?: string;
  extra?: Record<string, string>;
  /** Parameter pairs as sent (any name, `__proto__` too), added after params. */
  pairs?: [string, string][];
}

/** formRequest builds a form-signed request (API 3.0 HmacSHA mode at "/", or v2 at /v2/index.php). */
export function formRequest(action: string, params: Record<string, unknown>, o: FormOptions = {}): Request {
  const path = o.path ?? "/";
  const method = o.method ?? "POST";
  const pairs: [string, string][] = [
    ...flat(params),
    ...(o.pairs ?? []),
    ["Action", action],
    ["Nonce", String(o.nonce ?? Math.floor(Math.random() * 1e9))],
    ["Timestamp", String(o.timestamp ?? Math.floor(Date.now() / 1000))],
    ["SecretId", o.secretId ?? SECRET_ID],
    ["Region", o.region ?? "ap-guangzhou"],
    ["SignatureMethod", o.signatureMethod ?? "HmacSHA256"],
    ...Object.entries(o.extra ?? {}),
  ];
  if (path === "/") pairs.push(["Version", "2017-03-12"]);
  // v2 signs "_" as "."; API 3.0's form mode signs names as sent.
  const sorted = [...pairs].map(([k, v]) => [path === "/" ? k : k.replace(/_/g, "."), v]).sort(([a], [b]) => (a! < b! ? -1 : a! > b! ? 1 : 0));
  const src = `${method}${o.signedHost ?? "127.0.0.1:8787"}${path}?${sorted.map(([k, v]) => `${k}=${v}`).join("&")}`;
  const algo = (o.signatureMethod ?? "HmacSHA256") === "HmacSHA256" ? "sha256" : "sha1";
  const sig = createHmac(algo, o.secretKey ?? SECRET_KEY).update(src).digest("base64");
  pairs.push(["Signature", sig]);
  const encoded = new URLSearchParams(pairs).toString();
  if (method === "GET") return new Request(`${BASE}${path}?${encoded}`);
  return new Request(`${BASE}${path}`, { method, headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: encoded });
}
