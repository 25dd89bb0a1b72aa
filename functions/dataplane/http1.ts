// A small HTTP/1.1 client over a TCP socket (cloudflare:sockets), used to reach channel nodes.
// The platform's fetch() sets Host from the URL and hides whether a request ever left; this
// client sends the channel's Host header and tells "could not connect" from "sent, then failed".
// One request per connection (Connection: close); the answer is read whole, up to a limit.
import { connect } from "cloudflare:sockets";
import { concatBytes, readLimited } from "../read-limited";

/** MAX_ANSWER_BYTES bounds an answer read from a node. */
export const MAX_ANSWER_BYTES = 32 << 20;
/** MAX_HEAD_BYTES bounds an answer's status line and headers. */
export const MAX_HEAD_BYTES = 64 << 10;

/** ConnectFailed means nothing was sent: the connection (or TLS) never opened. */
export class ConnectFailed extends Error {}

/** UnsafeRequest means the request was not sent: a field holds CR, LF, NUL or is not valid HTTP/1.1. */
export class UnsafeRequest extends Error {}

/** BadAnswer means the node answered, but not with a complete, well-formed HTTP/1.x answer. */
export class BadAnswer extends Error {}

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
/** SKIP are the request headers never forwarded (hop by hop, or set by the client itself). */
export const SKIP = new Set(["host", "connection", "content-length", "transfer-encoding", "keep-alive", "proxy-connection", "upgrade", "te", "trailer"]);

function indexOfCrlfCrlf(b: Uint8Array): number {
  for (let i = 0; i + 3 < b.length; i++) if (b[i] === 13 && b[i + 1] === 10 && b[i + 2] === 13 && b[i + 3] === 10) return i;
  return -1;
}

/** dechunk decodes a complete chunked body (trailers are dropped); null if it is malformed or incomplete. */
function dechunk(b: Uint8Array): Uint8Array | null {
  const parts: Uint8Array[] = [];
  let size = 0;
  let at = 0;
  for (;;) {
    let eol = at;
    while (eol + 1 < b.length && !(b[eol] === 13 && b[eol + 1] === 10)) eol++;
    if (eol + 1 >= b.length) return null;
    const sizeText = new TextDecoder().decode(b.subarray(at, eol)).split(";")[0]!.trim();
    if (!/^[0-9a-fA-F]{1,12}$/.test(sizeText)) return null;
    const n = parseInt(sizeText, 16);
    at = eol + 2;
    if (n === 0) return indexOfCrlfCrlf(b.subarray(at - 2)) >= 0 ? concatBytes(parts, size) : null;
    if (at + n + 2 > b.length || b[at + n] !== 13 || b[at + n + 1] !== 10) return null;
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

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const CTL = /[\0-\x1f\x7f]/;

/**
 * requestHead writes the request line and headers, refusing (UnsafeRequest) any method that is
 * not a token, a request target with a space or control character, or a header name or value
 * with CR, LF or NUL: no value reaches the wire unchecked.
 */
export function requestHead(r: Pick<NodeRequest, "method" | "pathAndQuery" | "hostHeader" | "headers" | "body">, keepAlive = false): string {
  checkTarget(r);
  let head = `${r.method} ${r.pathAndQuery} HTTP/1.1\r\nHost: ${r.hostHeader}\r\n`;
  r.headers.forEach((v, k) => {
    if (SKIP.has(k.toLowerCase())) return;
    if (!TOKEN.test(k) || /[\0\r\n]/.test(v)) throw new UnsafeRequest(`the header ${JSON.stringify(k)} holds CR, LF or NUL`);
    head += `${k}: ${v}\r\n`;
  });
  if (r.body || !["GET", "HEAD", "OPTIONS", "DELETE", "TRACE"].includes(r.method)) head += `Content-Length: ${r.body?.byteLength ?? 0}\r\n`;
  return head + (keepAlive ? "\r\n" : "Connection: close\r\n\r\n");
}

/** checkTarget refuses (UnsafeRequest) a method, request target or Host header that is not safe to write. */
export function checkTarget(r: Pick<NodeRequest, "method" | "pathAndQuery" | "hostHeader">): void {
  if (!TOKEN.test(r.method)) throw new UnsafeRequest(`the method ${JSON.stringify(r.method)} is not an HTTP token`);
  if (!r.pathAndQuery.startsWith("/") || CTL.test(r.pathAndQuery) || r.pathAndQuery.includes(" ")) {
    throw new UnsafeRequest(`the request target ${JSON.stringify(r.pathAndQuery)} holds a space or control character`);
  }
  if (!r.hostHeader || CTL.test(r.hostHeader) || /[\s/]/.test(r.hostHeader)) throw new UnsafeRequest(`the Host header ${JSON.stringify(r.hostHeader)} is not a host`);
}

/**
 * requestNode sends one request and reports the node's complete answer. Throws UnsafeRequest
 * (nothing sent) for a field that fails requestHead, ConnectFailed if nothing was sent, BadAnswer
 * for a broken answer, any other error for a failure after sending.
 */
export async function requestNode(r: NodeRequest): Promise<Response> {
  const head = requestHead(r);
  let socket: ReturnType<typeof connect>;
  try {
    socket = connect({ hostname: r.hostname, port: r.port }, { secureTransport: r.tls ? "on" : "off", allowHalfOpen: false });
    await withAbort(socket.opened, r.signal);
  } catch (e) {
    if (r.signal.aborted) throw e;
    throw new ConnectFailed(String((e as Error).message ?? e));
  }
  try {
    const writer = socket.writable.getWriter();
    await withAbort(writer.write(enc.encode(head)), r.signal);
    if (r.body && r.body.byteLength) await withAbort(writer.write(new Uint8Array(r.body)), r.signal);
    writer.releaseLock();
    const tooLarge = () => new BadAnswer(`the answer is larger than ${MAX_ANSWER_BYTES} bytes`);
    const raw = await readLimited(socket.readable.getReader(), MAX_ANSWER_BYTES, tooLarge, (p) => withAbort(p, r.signal));
    return parseAnswer(raw, r.method);
  } finally {
    socket.close().catch(() => {});
  }
}

/**
 * parseAnswer reads a complete HTTP/1.x answer (status line, headers, body) into a Response. It
 * throws BadAnswer for anything else: no end of headers, headers over MAX_HEAD_BYTES, a status
 * line or header line that is not HTTP, a body shorter than its Content-Length, a chunked body cut
 * short. An answer is never passed on cut short (a body without framing ends at the close, as
 * HTTP/1.0 defines it; a reset instead of a close fails).
 */
export function parseAnswer(raw: Uint8Array, method: string): Response {
  const end = indexOfCrlfCrlf(raw.subarray(0, MAX_HEAD_BYTES + 4));
  if (end < 0) {
    if (raw.length > MAX_HEAD_BYTES) throw new BadAnswer(`the node's answer headers are larger than ${MAX_HEAD_BYTES} bytes`);
    throw new BadAnswer("the node closed the connection before a complete answer");
  }
  const lines = new TextDecoder().decode(raw.subarray(0, end)).split("\r\n");
  const m = /^HTTP\/1\.[01] ([1-5]\d\d)(?: ([\t\x20-\x7e\x80-\uffff]*))?$/.exec(lines[0] ?? "");
  if (!m) throw new BadAnswer(`the node's answer is not HTTP/1.x: ${JSON.stringify((lines[0] ?? "").slice(0, 80))}`);
  const status = Number(m[1]);
  const headers = new Headers();
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(":");
    const name = colon > 0 ? line.slice(0, colon) : "";
    const value = line.slice(colon + 1).trim();
    if (!TOKEN.test(name) || /[\0\r\n]/.test(value)) throw new BadAnswer(`the node's answer has a malformed header line: ${JSON.stringify(line.slice(0, 80))}`);
    headers.append(name, value);
  }
  let body: Uint8Array | null = raw.subarray(end + 4);
  const empty = method === "HEAD" || status === 204 || status === 304 || status < 200;
  if (empty) body = null;
  else if ((headers.get("transfer-encoding") ?? "").toLowerCase().includes("chunked")) {
    body = dechunk(body);
    if (!body) throw new BadAnswer("the node's chunked answer is malformed or cut short");
    headers.delete("transfer-encoding");
    headers.delete("content-length");
  } else if (headers.has("content-length")) {
    const values = new Set(headers.get("content-length")!.split(",").map((v) => v.trim()));
    const n = values.size === 1 && /^\d{1,15}$/.test([...values][0]!) ? Number([...values][0]) : NaN;
    if (!Number.isSafeInteger(n)) throw new BadAnswer(`the node's Content-Length is malformed: ${JSON.stringify(headers.get("content-length"))}`);
    if (body.length < n) throw new BadAnswer(`the node's answer was cut short: ${body.length} of ${n} bytes`);
    body = body.subarray(0, n);
    headers.set("content-length", String(n));
  }
  headers.delete("connection");
  headers.delete("keep-alive");
  return new Response(body, { status: status < 200 ? 502 : status, statusText: m[2] ?? "", headers });
}
