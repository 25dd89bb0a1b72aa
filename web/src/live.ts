// Loads the live service's state (ExportNetworkPlan) with a TC3-HMAC-SHA256 request signed in the
// browser with WebCrypto, as reference/tencent-api.md §3.3 describes. The SecretKey is used for the
// one request and never stored or put in the URL.

const enc = new TextEncoder();

function hex(buf: ArrayBuffer): string {
  return [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

async function sha256Hex(s: string): Promise<string> {
  return hex(await crypto.subtle.digest("SHA-256", enc.encode(s)));
}

async function hmac(key: ArrayBuffer | Uint8Array<ArrayBuffer>, msg: string): Promise<ArrayBuffer> {
  const k = await crypto.subtle.importKey("raw", key, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return crypto.subtle.sign("HMAC", k, enc.encode(msg));
}

/** What one signed call needs. */
interface Tc3Request {
  secretId: string;
  secretKey: string;
  service: string;
  /** The host the signature covers (no port, as the Node SDK signs it). */
  host: string;
  action: string;
  version: string;
  region: string;
  payload: string;
  timestamp: number;
}

/** signTc3 reports the request headers, with the TC3-HMAC-SHA256 Authorization. */
async function signTc3(r: Tc3Request): Promise<Record<string, string>> {
  const contentType = "application/json";
  const signedHeaders = "content-type;host";
  const canonical = ["POST", "/", "", `content-type:${contentType}\nhost:${r.host}\n`, signedHeaders, await sha256Hex(r.payload)].join("\n");
  const date = new Date(r.timestamp * 1000).toISOString().slice(0, 10);
  const scope = `${date}/${r.service}/tc3_request`;
  const toSign = `TC3-HMAC-SHA256\n${r.timestamp}\n${scope}\n${await sha256Hex(canonical)}`;
  const kDate = await hmac(enc.encode(`TC3${r.secretKey}`), date);
  const kService = await hmac(kDate, r.service);
  const kSigning = await hmac(kService, "tc3_request");
  const signature = hex(await hmac(kSigning, toSign));
  return {
    "Content-Type": contentType,
    "X-TC-Action": r.action,
    "X-TC-Version": r.version,
    "X-TC-Timestamp": String(r.timestamp),
    "X-TC-Region": r.region,
    Authorization: `TC3-HMAC-SHA256 Credential=${r.secretId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
  };
}

/** endpointUrl turns what the user typed (with or without a scheme) into the API URL; a bad one is a plain sentence. */
function endpointUrl(endpoint: string): URL {
  const e = endpoint.trim();
  if (!e) throw new Error("Enter the service's endpoint first, for example http://127.0.0.1:8787.");
  const scheme = /^https?:\/\//i.test(e) ? "" : location.protocol === "https:" ? "https://" : "http://";
  let url: URL;
  try {
    url = new URL(scheme + e);
  } catch {
    throw new Error(`"${e}" is not an address the page can call; write it as host:port or http://host:port.`);
  }
  url.pathname = "/";
  url.search = "";
  url.hash = "";
  return url;
}

/** loadLivePlan calls ExportNetworkPlan and reports Response.Plan, or throws the service's error. */
export async function loadLivePlan(endpoint: string, region: string, secretId: string, secretKey: string): Promise<unknown> {
  const url = endpointUrl(endpoint);
  const payload = "{}";
  // The browser sets the Host header itself (it may not be set from a script); the signature
  // covers the host name without the port, which the service accepts as the Node SDK sends it.
  const headers = await signTc3({
    secretId: secretId.trim(), secretKey, service: "vpc", host: url.hostname, action: "ExportNetworkPlan",
    version: "2017-03-12", region: region.trim(), payload, timestamp: Math.floor(Date.now() / 1000),
  });
  let res: Response;
  try {
    res = await fetch(url, { method: "POST", headers, body: payload, credentials: "omit", cache: "no-store" });
  } catch (e) {
    const cross = url.origin !== location.origin;
    void e;
    throw new Error(`Could not reach ${url.origin}: no service answered there${cross ? ", or it does not allow calls from this page (this service does; others may not)" : ""}. Check the endpoint and that the service is running.`);
  }
  let body: { Response?: { Plan?: unknown; Error?: { Code: string; Message: string }; RequestId?: string } };
  try {
    body = (await res.json()) as typeof body;
  } catch {
    throw new Error(`${url.origin} answered, but not with a Tencent Cloud API reply (HTTP ${res.status}). Is it this service's endpoint?`);
  }
  const r = body.Response;
  if (r?.Error) throw new Error(`The service refused the call: ${r.Error.Code}: ${r.Error.Message.replace(/\.?$/, ".")}`);
  if (!r || r.Plan === undefined) throw new Error(`${url.origin} answered without a plan (HTTP ${res.status}); it may not support ExportNetworkPlan.`);
  return r.Plan;
}
