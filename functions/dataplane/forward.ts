// Forwards one call of a released API through its VPC channel: asks the channel (this isolate's
// table) for a node (smooth weighted round robin, never a node already tried), sends to it,
// records the outcome for passive health, and retries as the retry rules allow. The sender is passed in.
import type { NodePick } from "../objects/records";
import { BadAnswer, ConnectFailed, UnsafeRequest, type NodeRequest } from "./http1";
import type { AttemptOutcome } from "./swrr";

/** The channel's side of forwarding: the next node to try, and where outcomes go. */
export interface Channel {
  pick(tried: number[], now: number): NodePick | null;
  report(index: number, outcome: AttemptOutcome, now: number): void;
}

/** What to send: method, backend path and query, headers and the buffered body. */
interface Outgoing {
  method: string;
  pathAndQuery: string;
  headers: Headers;
  body: ArrayBuffer | null;
  timeoutMs: number;
}

/** One attempt as callError lists it. */
interface Attempt {
  node: string;
  outcome: AttemptOutcome | "retryable-status" | "bad-answer" | "refused";
  detail: string;
}

const IDEMPOTENT = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"]);
const RETRY_STATUSES = new Set([502, 503, 504]);

/** isIdempotent reports whether a request may be sent again after it reached a node. */
export function isIdempotent(method: string): boolean {
  return IDEMPOTENT.has(method.toUpperCase());
}

/** callError is the 502/504 JSON answer naming the channel and every failed attempt. */
export function callError(status: 502 | 504, channelId: string, message: string, attempts: Attempt[]): Response {
  // the answer's field keeps the name callers read (upstreamId)
  return new Response(JSON.stringify({ error: status === 504 ? "GatewayTimeout" : "BadGateway", message, upstreamId: channelId, attempts }), {
    status,
    headers: { "content-type": "application/json; charset=utf-8" },
  });
}

/** Sender sends one request to one node (requestNode from ./http1). */
export type Sender = (r: NodeRequest) => Promise<Response>;

/**
 * forward sends the request to the channel's nodes and reports the first usable answer, or a
 * 502/504 JSON error naming the channel and every failed attempt. Attempts: 1 + the channel's
 * retries, at most one per node. A connection that never opened is retried for every method; a
 * timeout, a failure after sending, or a 502/503/504 answer only for idempotent methods (a POST
 * that reached a node is never sent again, and its answer goes back as it is).
 */
export async function forward(
  channel: Channel,
  channelId: string,
  out: Outgoing,
  send: Sender,
  now: () => number,
): Promise<Response> {
  const tried: number[] = [];
  const attempts: Attempt[] = [];
  const idempotent = isIdempotent(out.method);
  let maxAttempts = 1;
  for (;;) {
    const pick = tried.length < maxAttempts ? channel.pick(tried, now()) : null;
    if (!pick) break;
    maxAttempts = 1 + pick.retries;
    tried.push(pick.index);
    const nodeName = `${pick.node.host}:${pick.node.port}`;
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), out.timeoutMs);
    let res: Response;
    try {
      res = await send({
        tls: pick.scheme === "HTTPS",
        hostname: pick.node.host,
        port: pick.node.port,
        hostHeader: pick.hostHeader ?? nodeName,
        method: out.method,
        pathAndQuery: out.pathAndQuery,
        headers: out.headers,
        body: out.body,
        signal: abort.signal,
      });
    } catch (e) {
      if (e instanceof UnsafeRequest) {
        // the same request would be refused for every node: nothing was sent, nothing to retry
        attempts.push({ node: nodeName, outcome: "refused", detail: `not sent: ${e.message}` });
        break;
      }
      const timedOut = abort.signal.aborted;
      const neverSent = e instanceof ConnectFailed;
      const outcome: AttemptOutcome = timedOut ? "timeout" : "tcp";
      if (pick.passive) channel.report(pick.index, outcome, now());
      const why = timedOut ? `no answer within ${out.timeoutMs} ms` : neverSent ? `could not connect: ${e.message}` : `failed after sending: ${String((e as Error).message ?? e)}`;
      attempts.push({ node: nodeName, outcome: !timedOut && e instanceof BadAnswer ? "bad-answer" : outcome, detail: why });
      if (!neverSent && !idempotent) break;
      continue;
    } finally {
      clearTimeout(timer);
    }
    if (pick.passive) channel.report(pick.index, pick.unhealthyStatuses.includes(res.status) ? "http" : "ok", now());
    if (RETRY_STATUSES.has(res.status) && idempotent) {
      attempts.push({ node: nodeName, outcome: "retryable-status", detail: `HTTP ${res.status}` });
      await res.body?.cancel();
      continue;
    }
    return res;
  }
  if (attempts.length === 0) return callError(502, channelId, `The channel ${channelId} has no healthy node with weight above 0.`, attempts);
  const last = attempts[attempts.length - 1]!;
  const status = last.outcome === "timeout" ? 504 : 502;
  return callError(status, channelId, `Every attempt through channel ${channelId} failed (${attempts.length} attempt(s)).`, attempts);
}
