// Reaching a node with the platform's fetch(), which reuses connections (the socket client opens
// one per request and cannot keep it past the request). fetch() sets Host from the URL and hides
// whether a request ever left, so it serves only idempotent calls with the node's own Host; the
// rest go through the socket client (http1.ts). Either way the answer is read whole first.
import { isIdempotent, type Sender } from "./forward";
import { BadAnswer, checkTarget, MAX_ANSWER_BYTES, MAX_HEAD_BYTES, requestNode, SKIP, UnsafeRequest, type NodeRequest } from "./http1";

/** usesFetch reports whether a request can go through fetch() without changing what the node gets. */
function usesFetch(r: NodeRequest): boolean {
  return isIdempotent(r.method) && r.hostHeader === `${r.hostname}:${r.port}` && (r.port !== (r.tls ? 443 : 80));
}

/** fetchNode sends one request with fetch() and reports the node's complete answer (throws if it is cut short or too large). */
async function fetchNode(r: NodeRequest): Promise<Response> {
  checkTarget(r);
  const headers = new Headers();
  r.headers.forEach((v, k) => {
    if (SKIP.has(k.toLowerCase())) return;
    if (/[\0\r\n]/.test(v)) throw new UnsafeRequest(`the header ${JSON.stringify(k)} holds CR, LF or NUL`);
    headers.append(k, v);
  });
  const url = `${r.tls ? "https" : "http"}://${r.hostHeader}${r.pathAndQuery}`;
  const res = await fetch(url, { method: r.method, headers, body: r.body, redirect: "manual", signal: r.signal });
  let headBytes = 0;
  res.headers.forEach((v, k) => void (headBytes += k.length + v.length + 4));
  if (headBytes > MAX_HEAD_BYTES) {
    await res.body?.cancel();
    throw new BadAnswer(`the node's answer headers are larger than ${MAX_HEAD_BYTES} bytes`);
  }
  const declared = Number(res.headers.get("content-length") ?? "0");
  if (declared > MAX_ANSWER_BYTES) {
    await res.body?.cancel();
    throw new BadAnswer(`the answer is larger than ${MAX_ANSWER_BYTES} bytes`);
  }
  // read whole before anything reaches the caller: a cut-short body fails here, not at the caller
  const body = r.method === "HEAD" ? null : await res.arrayBuffer();
  if (body && body.byteLength > MAX_ANSWER_BYTES) throw new BadAnswer(`the answer is larger than ${MAX_ANSWER_BYTES} bytes`);
  return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
}

/** sendToNode is the data plane's sender: fetch() where it sends the same request, else the socket client. */
export const sendToNode: Sender = (r) => (usesFetch(r) ? fetchNode(r) : requestNode(r));
