// Durable Object for one VPC channel: its record, the APIs bound to it (CH5), and passive node
// health as every isolate reports it (batched). The data plane keeps a versioned copy in isolate
// memory (gateway/tables.ts) and picks nodes there; this object is off its hot path.
import { DurableObject } from "cloudflare:workers";
import type { Env } from "../env";
import { fail, type Failure } from "../errors";
import { freshHealth, isHealthy, recordOutcome, type NodeHealth, type PassiveCheck } from "../gateway/swrr";
import { serviceObject } from "./names";
import type { BindingRecord, ChannelSnapshot, HealthLabel, NodePick, Ok, OutcomeReport, UpstreamNodeRecord, UpstreamRecord } from "./records";

interface UpstreamState {
  upstream: UpstreamRecord;
  bindings: Record<string, BindingRecord>;
  /** Bumped by every change of the record; the data plane's isolate tables compare versions. */
  rev?: number;
}

/** passive reports a channel's passive health settings, or null when passive checks are off. */
export function passive(u: UpstreamRecord): PassiveCheck | null {
  const h = u.healthChecker;
  if (!h?.enablePassiveCheck) return null;
  return {
    tcpFailureThreshold: h.tcpFailureThreshold,
    timeoutThreshold: h.timeoutThreshold,
    httpFailureThreshold: h.httpFailureThreshold,
    unhealthyTimeoutMs: h.unhealthyTimeout * 1000,
  };
}

function statusList(text: string | undefined): number[] {
  return (text ?? "").split(",").map((x) => Number(x.trim())).filter((n) => Number.isInteger(n));
}

/** UpstreamObject owns one channel. */
export class UpstreamObject extends DurableObject<Env> {
  private state: UpstreamState | null = null;
  // Data-plane state lives in memory: it is derived, and a restart simply starts it fresh.
  private health: NodeHealth[] = [];
  // the version is the stored rev plus a health counter, unique per object instance
  private readonly boot = crypto.randomUUID();
  private healthRev = 0;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    // the state is read once, before any call is let in
    void ctx.blockConcurrencyWhile(async () => {
      this.state = (await ctx.storage.get<UpstreamState>("state")) ?? null;
    });
  }

  private async save(s: UpstreamState): Promise<void> {
    s.rev = (s.rev ?? 0) + 1;
    this.state = s;
    await this.ctx.storage.put("state", s);
  }

  private resetDataPlane(n: number): void {
    this.health = Array.from({ length: n }, freshHealth);
    this.healthRev++;
  }

  /** init stores a new channel (idempotent for the same id). */
  async init(u: UpstreamRecord): Promise<Ok<{ upstream: UpstreamRecord }> | Failure> {
    const s = this.state;
    if (s) return s.upstream.createdAt === u.createdAt ? { ok: true, upstream: s.upstream } : fail("ResourceInUse", `The id ${u.upstreamId} is taken.`);
    await this.save({ upstream: u, bindings: {} });
    this.resetDataPlane(u.nodes.length);
    return { ok: true, upstream: u };
  }

  /** describe reports the channel, its bound APIs and each node's health label, or null. */
  async describe(now: number): Promise<{ upstream: UpstreamRecord; bindings: BindingRecord[]; health: HealthLabel[] } | null> {
    const s = this.state;
    if (!s) return null;
    const check = passive(s.upstream);
    const health = s.upstream.nodes.map((_, i): HealthLabel => {
      if (!check) return s.upstream.healthChecker ? "OFF" : "NO_DATA";
      return isHealthy(this.health[i] ?? freshHealth(), now) ? "HEALTHY" : "UNHEALTHY";
    });
    return { upstream: s.upstream, bindings: Object.values(s.bindings), health };
  }

  /** modify replaces the channel's settings; node changes restart rotation and health. */
  async modify(u: UpstreamRecord): Promise<Ok<{ upstream: UpstreamRecord }> | Failure> {
    const s = this.state;
    if (!s) return fail("InvalidParameterValue.InvalidUpstream", `The channel ${u.upstreamId} does not exist.`);
    const nodesChanged = JSON.stringify(s.upstream.nodes) !== JSON.stringify(u.nodes);
    s.upstream = { ...u, createdAt: s.upstream.createdAt };
    await this.save(s);
    if (nodesChanged) this.resetDataPlane(u.nodes.length);
    return { ok: true, upstream: s.upstream };
  }

  /** bind records that an API uses this channel (CH3, CH5). */
  async bind(b: BindingRecord): Promise<Ok<object> | Failure> {
    const s = this.state;
    if (!s) return fail("InvalidParameterValue.InvalidUpstream", "The channel does not exist.");
    const before = s.bindings[b.apiId];
    s.bindings[b.apiId] = before ? { ...b, bindTime: before.bindTime } : b;
    await this.save(s);
    return { ok: true };
  }

  /** unbind forgets an API's use of this channel (idempotent). */
  async unbind(apiId: string): Promise<void> {
    const s = this.state;
    if (!s || !s.bindings[apiId]) return;
    delete s.bindings[apiId];
    await this.save(s);
  }

  /**
   * destroy deletes the channel unless an API is bound to it (CH5). A binding whose API no
   * longer points here (a crash between the two objects) is pruned first.
   */
  async destroy(upstreamId: string): Promise<Ok<object> | Failure> {
    const s = this.state;
    if (!s) return fail("InvalidParameterValue.InvalidUpstream", `The channel ${upstreamId} does not exist.`);
    for (const b of Object.values(s.bindings)) {
      if (!(await serviceObject(this.env, b.serviceId).usesUpstream(b.apiId, upstreamId))) delete s.bindings[b.apiId];
    }
    const left = Object.values(s.bindings);
    if (left.length) {
      await this.save(s);
      return fail(
        "UnsupportedOperation.UnsupportedDeleteUpstream",
        `The channel ${upstreamId} is bound to ${left.length} API(s) (${left.map((b) => b.apiId).join(", ")}); delete or rebind them first.`,
      );
    }
    this.state = null;
    await this.ctx.storage.deleteAll();
    return { ok: true };
  }

  /**
   * snapshot reports the channel and its node health for the data plane's isolate table, or
   * { unchanged } when the caller already holds this version, or null if there is no channel.
   */
  async snapshot(known?: string): Promise<ChannelSnapshot | { unchanged: true; version: string } | null> {
    const s = this.state;
    if (!s) return null;
    if (this.health.length !== s.upstream.nodes.length) this.resetDataPlane(s.upstream.nodes.length);
    const version = `${this.boot}:${s.rev ?? 0}:${this.healthRev}`;
    if (version === known) return { unchanged: true, version };
    return { version, upstream: s.upstream, health: this.health };
  }

  /**
   * report counts a batch of attempt outcomes towards the nodes' passive health (what
   * DescribeUpstreams shows); any change of a node's health bumps the version.
   */
  async report(batch: OutcomeReport[]): Promise<void> {
    const s = this.state;
    const check = s && passive(s.upstream);
    if (!check) return;
    for (const { index, outcome, at } of batch) {
      const before = this.health[index];
      if (!before) continue;
      const after = recordOutcome(before, outcome, check, at);
      this.health[index] = after;
      if (JSON.stringify(after) !== JSON.stringify(before)) this.healthRev++;
    }
  }

  // ---- Control plane: reset. ----

  /** wipe forgets the channel, its bindings and its rotation (the control plane's reset). */
  async wipe(): Promise<void> {
    this.state = null;
    this.resetDataPlane(0);
    await this.ctx.storage.deleteAll();
  }
}

/** channelPick reports how the forwarder reaches a node of a channel (pure). */
export function channelPick(u: UpstreamRecord, index: number): NodePick {
  return {
    index,
    node: u.nodes[index]!,
    scheme: u.scheme,
    upstreamHost: u.upstreamHost,
    retries: u.retries,
    unhealthyStatuses: statusList(u.healthChecker?.unhealthyHttpStatus ?? "500,502,503,504"),
    passive: passive(u) !== null,
  };
}
