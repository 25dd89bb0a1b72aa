// Turns an HTTP request into a verified call: API 3.0 (TC3 headers or the SDK's form-signed mode)
// or legacy v2 (/v2/index.php). Checks the signature; knows nothing of actions or resources.
import { ApiError } from "../errors";
import { readLimited } from "../read-limited";
import { configuredCredentials, type Credential } from "./credentials";
import { verifyFormSignature } from "./form-sign";
import { unflatten } from "./form";
import type { Encoding } from "./schema";
import { verifyTc3 } from "./tc3";

/** MAX_BODY_BYTES bounds a request body; larger ones get RequestSizeLimitExceeded. */
const MAX_BODY_BYTES = 1 << 20;

/** A verified call, ready for an action handler. */
export interface Call {
  api: "v3" | "v2";
  action: string;
  version?: string;
  region?: string;
  params: Record<string, unknown>;
  encoding: Encoding;
  credential: Credential;
  /** Scope service of a TC3 signature (the SDK uses the endpoint's first label). */
  scopeService?: string;
  /** For form-signed requests: the key that must be used once only. */
  replayKey?: string;
}

// Common parameters of the form-signed modes; everything else belongs to the action.
const COMMON = new Set([
  "Action", "Version", "Region", "Timestamp", "Nonce", "SecretId", "Signature", "SignatureMethod",
  "RequestClient", "Token", "Language", "RequestSource",
]);

const tooLarge = () => new ApiError("RequestSizeLimitExceeded", `The request body is larger than ${MAX_BODY_BYTES} bytes.`);

async function readBody(req: Request): Promise<Uint8Array> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) throw tooLarge();
  if (!req.body) return new Uint8Array();
  return readLimited(req.body.getReader(), MAX_BODY_BYTES, tooLarge);
}

function rawQuery(url: URL): string {
  return url.search.startsWith("?") ? url.search.slice(1) : url.search;
}

function formPairs(text: string): [string, string][] {
  try {
    return [...new URLSearchParams(text).entries()];
  } catch {
    throw new ApiError("InvalidParameter", "The form or query string cannot be decoded.");
  }
}

function parseJsonObject(bytes: Uint8Array): Record<string, unknown> {
  if (bytes.byteLength === 0) return {};
  let v: unknown;
  try {
    v = JSON.parse(new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes));
  } catch {
    throw new ApiError("InvalidParameter", "The request body is not valid UTF-8 JSON.");
  }
  if (v === null || typeof v !== "object" || Array.isArray(v)) {
    throw new ApiError("InvalidParameter", "The request body must be a JSON object of parameters.");
  }
  return v as Record<string, unknown>;
}

function isForm(req: Request): boolean {
  return (req.headers.get("content-type") ?? "").toLowerCase().startsWith("application/x-www-form-urlencoded");
}

function checkMethod(req: Request): void {
  if (req.method !== "GET" && req.method !== "POST") {
    throw new ApiError("UnsupportedProtocol", `The HTTP method ${req.method} is not supported; use GET or POST.`);
  }
}

/** decodeV3 reports the verified API 3.0 call of a request to "/". */
export async function decodeV3(req: Request, credentials: string | undefined, nowSeconds: number): Promise<Call> {
  const creds = configuredCredentials(credentials);
  checkMethod(req);
  const url = new URL(req.url);
  const body = await readBody(req);
  const auth = req.headers.get("authorization");
  if (auth !== null && auth.trim() !== "") {
    if (!auth.startsWith("TC3-HMAC-SHA256")) {
      throw new ApiError("AuthFailure.InvalidAuthorization", "The Authorization header must use TC3-HMAC-SHA256.");
    }
    const h = (n: string) => req.headers.get(n) ?? undefined;
    const action = h("x-tc-action");
    if (!action) throw new ApiError("MissingParameter", "The request is missing a required parameter `X-TC-Action`.");
    const tsText = h("x-tc-timestamp");
    if (!tsText) throw new ApiError("MissingParameter", "The request is missing a required parameter `X-TC-Timestamp`.");
    if (!/^\d{1,12}$/.test(tsText)) throw new ApiError("InvalidParameter", "The parameter `X-TC-Timestamp` must be UNIX seconds.");
    const credential = await verifyTc3(
      auth,
      {
        method: req.method,
        path: url.pathname,
        rawQuery: rawQuery(url),
        headers: req.headers,
        host: req.headers.get("host") ?? url.host,
        body,
        timestamp: Number(tsText),
      },
      creds,
      nowSeconds,
    );
    const scopeService = /Credential=[^/]+\/[^/]+\/([^/]+)\//.exec(auth)?.[1];
    const text = new TextDecoder().decode(body);
    const params =
      req.method === "GET"
        ? unflatten(formPairs(rawQuery(url)))
        : isForm(req)
          ? unflatten(formPairs(text))
          : parseJsonObject(body);
    const encoding: Encoding = req.method === "GET" || isForm(req) ? "form" : "json";
    return { api: "v3", action, version: h("x-tc-version"), region: h("x-tc-region"), params, encoding, credential, scopeService };
  }
  const text = new TextDecoder().decode(body);
  const pairs = req.method === "GET" ? formPairs(rawQuery(url)) : formPairs(text);
  if (!pairs.some(([k]) => k === "Signature")) {
    throw new ApiError("AuthFailure.InvalidAuthorization", "The request carries neither a TC3 Authorization header nor a Signature parameter.");
  }
  const hostHeader = req.headers.get("host") ?? url.host;
  const credential = await verifyFormSignature(
    { method: req.method, hostHeader, path: url.pathname, params: pairs, underscoreAsDot: false },
    creds,
    nowSeconds,
  );
  return formCall("v3", pairs, credential);
}

/** decodeV2 reports the verified legacy v2 call of a request to /v2/index.php. */
export async function decodeV2(req: Request, credentials: string | undefined, nowSeconds: number): Promise<Call> {
  const creds = configuredCredentials(credentials);
  checkMethod(req);
  const url = new URL(req.url);
  const body = await readBody(req);
  const pairs = req.method === "GET" ? formPairs(rawQuery(url)) : formPairs(new TextDecoder().decode(body));
  if (!pairs.some(([k]) => k === "Nonce")) throw new ApiError("MissingParameter", "The request is missing a required parameter `Nonce`.");
  const hostHeader = req.headers.get("host") ?? url.host;
  const credential = await verifyFormSignature(
    { method: req.method, hostHeader, path: url.pathname, params: pairs, underscoreAsDot: true },
    creds,
    nowSeconds,
  );
  return formCall("v2", pairs.map(([k, v]) => [k.replace(/_/g, "."), v]), credential);
}

function formCall(api: "v3" | "v2", pairs: [string, string][], credential: Credential): Call {
  const get = (n: string) => pairs.find(([k]) => k === n)?.[1];
  const action = get("Action");
  if (!action) throw new ApiError("MissingParameter", "The request is missing a required parameter `Action`.");
  const nonce = get("Nonce");
  if (nonce !== undefined && !/^\d{1,10}$/.test(nonce)) throw new ApiError("InvalidParameter", "The parameter `Nonce` must be a positive integer.");
  const replayKey = nonce === undefined ? undefined : [credential.secretId, get("Timestamp"), nonce, get("Signature")].join("|");
  const params = unflatten(pairs.filter(([k]) => !COMMON.has(k)));
  return { api, action, version: get("Version"), region: get("Region"), params, encoding: "form", credential, replayKey };
}
