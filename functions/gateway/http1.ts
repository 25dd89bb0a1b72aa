// A small HTTP/1.1 client over a TCP socket (cloudflare:sockets), used to reach channel nodes.
// The platform's fetch() sets Host from the URL and hides whether a request ever left; this
// client sends the channel's Host header and tells "could not connect" from "sent, then failed".
// One request per connection (Connection: close); the answer is read whole, up to a limit.
import { connect } from "cloudflare:sockets";

/** MAX_ANSWER_BYTES bounds an answer read from a node. */
export const MAX_ANSWER_BYTES = 32 << 20;

/** ConnectFailed means nothing was sent: the connection (or TLS) never opened. */
export class ConnectFailed extends Error {}

/** What to send to one node. */
export interface NodeRequest {
  tls: boolean;
  hostname: string;
  port: number;
  /** The Host header to send (the channel's UpstreamHost, else host:port). */
  hostHeader: string;
  method: string;
  pathAndQuery: string;
  headers: Headers;
  body: ArrayBuffer | null;
  signal: AbortSignal;
}

const enc = new TextEncoder();
const SKIP = new Set(["host", "connection", "content-length", "transfer-encoding", "keep-alive", "proxy-connection", "upgrade", "te", "trailer"]);

function indexOfCrlfCrlf(b: Uint8Array): number {
  for (let i = 0; i + 3 < b.length; i++) if (b[i] === 13 && b[i + 1] === 10 && b[i + 2] === 13 && b[i + 3] === 10) return i;
  return -1;
}

function concat(parts: Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** dechunk decodes a complete chunked body; null if it is malformed or incomplete. */
export function dechunk(b: Uint8Array): Uint8Array | null {
  const parts: Uint8Array[] = [];
  let size = 0;
  let at = 0;
  for (;;) {
    let eol = at;
    while (eol + 1 < b.length && !(b[eol] === 13 && b[eol + 1] === 10)) eol++;
    if (eol + 1 >= b.length) return null;
    const n = parseInt(new TextDecoder().decode(b.subarray(at, eol)).split(";")[0]!.trim(), 16);
    if (!Number.isFinite(n) || n < 0) return null;
    at = eol + 2;
    if (n === 0) return concat(parts, size);
    if (at + n + 2 > b.length) return null;
    parts.push(b.subarray(at, at + n));
    size += n;
    at += n + 2;
  }
}

async function withAbort<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) throw new DOMException("aborted", "AbortError");
  return Promise.race([
    p,
    new Promise<T>((_, reject) => signal.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError")), { once: true })),
  ]);
}

/** requestNode sends one request and reports the node's answer; throws ConnectFailed if nothing was sent. */
export async function requestNode(r: NodeRequest): Promise<Response> {
  let socket: ReturnType<typeof connect>;
  try {
    socket = connect({ hostname: r.hostname, port: r.port }, { secureTransport: r.tls ? "on" : "off", allowHalfOpen: false });
    await withAbort(socket.opened, r.signal);
  } catch (e) {
    if (r.signal.aborted) throw e;
    throw new ConnectFailed(String((e as Error).message ?? e));
  }
  try {
    let head = `${r.method} ${r.pathAndQuery} HTTP/1.1\r\nHost: ${r.hostHeader}\r\n`;
    r.headers.forEach((v, k) => {
      if (!SKIP.has(k.toLowerCase())) head += `${k}: ${v.replace(/[\r\n]/g, " ")}\r\n`;
    });
    if (r.body || !["GET", "HEAD", "OPTIONS", "DELETE", "TRACE"].includes(r.method)) head += `Content-Length: ${r.body?.byteLength ?? 0}\r\n`;
    head += "Connection: close\r\n\r\n";
    const writer = socket.writable.getWriter();
    await withAbort(writer.write(enc.encode(head)), r.signal);
    if (r.body && r.body.byteLength) await withAbort(writer.write(new Uint8Array(r.body)), r.signal);
    writer.releaseLock();
    const reader = socket.readable.getReader();
    const parts: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await withAbort(reader.read(), r.signal);
      if (done) break;
      parts.push(value);
      size += value.length;
      if (size > MAX_ANSWER_BYTES) throw new Error(`the answer is larger than ${MAX_ANSWER_BYTES} bytes`);
    }
    return parseAnswer(concat(parts, size), r.method);
  } finally {
    socket.close().catch(() => {});
  }
}

/** parseAnswer reads an HTTP/1.x answer (status line, headers, body) into a Response. */
export function parseAnswer(raw: Uint8Array, method: string): Response {
  const end = indexOfCrlfCrlf(raw);
  if (end < 0) throw new Error("the node closed the connection before a complete answer");
  const lines = new TextDecoder().decode(raw.subarray(0, end)).split("\r\n");
  const m = /^HTTP\/1\.[01] (\d{3})(?: (.*))?$/.exec(lines[0] ?? "");
  if (!m) throw new Error(`the node's answer is not HTTP/1.x: ${JSON.stringify((lines[0] ?? "").slice(0, 80))}`);
  const status = Number(m[1]);
  const headers = new Headers();
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(":");
    if (colon > 0) headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
  }
  let body: Uint8Array | null = raw.subarray(end + 4);
  if ((headers.get("transfer-encoding") ?? "").toLowerCase().includes("chunked")) {
    body = dechunk(body);
    if (!body) throw new Error("the node's chunked answer is malformed or cut short");
    headers.delete("transfer-encoding");
  } else if (headers.has("content-length")) {
    const n = Number(headers.get("content-length"));
    if (Number.isInteger(n) && n >= 0 && n <= body.length) body = body.subarray(0, n);
  }
  headers.delete("connection");
  const empty = method === "HEAD" || status === 204 || status === 304 || (status >= 100 && status < 200);
  return new Response(empty ? null : body, { status: status < 200 ? 502 : status, statusText: m[2] ?? "", headers });
}
