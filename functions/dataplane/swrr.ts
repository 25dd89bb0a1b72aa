// Smooth weighted round robin exactly as nginx defines it, and the passive health bookkeeping
// of channel nodes. Pure functions over plain state; no I/O, no clock (time is passed in).

/**
 * pickSwrr chooses the next node among the eligible ones and updates `current` in place:
 * every eligible node gains its weight; the largest current wins (first on ties); the winner
 * loses the total. Weights {5,1,1} give a a b a c a a, repeating. Reports -1 if none is eligible.
 */
export function pickSwrr(weights: readonly number[], current: number[], eligible: (i: number) => boolean): number {
  let best = -1;
  let total = 0;
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i]!;
    if (w <= 0 || !eligible(i)) continue;
    current[i] = (current[i] ?? 0) + w;
    total += w;
    if (best < 0 || current[i]! > current[best]!) best = i;
  }
  if (best >= 0) current[best] = current[best]! - total;
  return best;
}

/** The outcome of one attempt on a node, as passive health checking counts it. */
export type AttemptOutcome = "ok" | "tcp" | "timeout" | "http";

/** Passive health settings of a channel (from its HealthChecker). */
export interface PassiveCheck {
  tcpFailureThreshold: number;
  timeoutThreshold: number;
  httpFailureThreshold: number;
  unhealthyTimeoutMs: number;
}

/** Per-node health: consecutive failures by kind, and until when the node is out of rotation. */
export interface NodeHealth {
  tcp: number;
  timeout: number;
  http: number;
  unhealthyUntil: number;
}

/** freshHealth reports the health of a node nothing is known about. */
export function freshHealth(): NodeHealth {
  return { tcp: 0, timeout: 0, http: 0, unhealthyUntil: 0 };
}

/** isHealthy reports whether a node may take traffic at time `now` (ms). */
export function isHealthy(h: NodeHealth, now: number): boolean {
  return h.unhealthyUntil <= now;
}

/**
 * recordOutcome reports the node's health after one attempt: a success clears the counters; a
 * failure counts towards its kind's threshold (0 = that check is off) and, at the threshold,
 * takes the node out of rotation for unhealthyTimeoutMs.
 */
export function recordOutcome(h: NodeHealth, outcome: AttemptOutcome, check: PassiveCheck, now: number): NodeHealth {
  if (outcome === "ok") return { tcp: 0, timeout: 0, http: 0, unhealthyUntil: h.unhealthyUntil > now ? h.unhealthyUntil : 0 };
  const next = { ...h, [outcome]: h[outcome] + 1 };
  const threshold = { tcp: check.tcpFailureThreshold, timeout: check.timeoutThreshold, http: check.httpFailureThreshold }[outcome];
  if (threshold > 0 && next[outcome] >= threshold) return { tcp: 0, timeout: 0, http: 0, unhealthyUntil: now + check.unhealthyTimeoutMs };
  return next;
}
