// A closed-loop HTTP load generator: a fixed number of in-flight GET requests over a keep-alive
// node:http Agent (one socket per in-flight request), each slot sending its next request as soon
// as the previous answer is fully read. A run stops at maxRequests sent or maxDurationMs elapsed,
// whichever comes first; latencies are measured per request with a monotonic clock.
import http from "node:http";

/** percentile of a sorted array (nearest-rank). */
export function percentile(sorted, p) {
  if (!sorted.length) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

function once(agent, url, timeoutMs) {
  return new Promise((resolve) => {
    const t0 = process.hrtime.bigint();
    const req = http.get(url, { agent, timeout: timeoutMs }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => {
        const ms = Number(process.hrtime.bigint() - t0) / 1e6;
        resolve({ ok: res.statusCode === 200, status: res.statusCode, ms, body: Buffer.concat(chunks).toString() });
      });
      res.on("error", (e) => resolve({ ok: false, status: 0, ms: 0, body: String(e.message) }));
    });
    req.on("timeout", () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on("error", (e) => resolve({ ok: false, status: 0, ms: 0, body: String(e.message) }));
  });
}

/**
 * run drives load against url. check(body) tells a good answer from a bad one (on top of 200).
 * Returns { requests, errors, seconds, rps, p50, p99, mean, firstError }.
 */
export async function run(url, { concurrency = 16, maxRequests = 2000, maxDurationMs = 5000, timeoutMs = 10_000, check = () => true } = {}) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency, maxFreeSockets: concurrency });
  const latencies = [];
  let sent = 0;
  let errors = 0;
  let firstError = null;
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(maxDurationMs) * 1_000_000n;
  const slot = async () => {
    while (sent < maxRequests && process.hrtime.bigint() < deadline) {
      sent++;
      const r = await once(agent, url, timeoutMs);
      if (r.ok && check(r.body)) latencies.push(r.ms);
      else {
        errors++;
        firstError ??= `HTTP ${r.status}: ${r.body.slice(0, 300)}`;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, slot));
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const mean = latencies.reduce((s, x) => s + x, 0) / (latencies.length || 1);
  return { requests: sent, ok: latencies.length, errors, seconds, rps: latencies.length / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), mean, firstError };
}
