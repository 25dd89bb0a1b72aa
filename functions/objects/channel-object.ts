// Durable Object for one VPC channel: its record, the APIs bound to it (CH5), and passive node
// health as every isolate reports it (batched). The data plane keeps a versioned copy in isolate
// memory (dataplane/tables.ts) and picks nodes there; this object is off its hot path.
import { DurableObject } from "cloudflare:workers";
import type { Env } from "../env";
import { fail, type Failure } from "../errors";
import { freshHealth, isHealthy, recordOutcome, type NodeHealth, type PassiveCheck } from "../dataplane/swrr";
import { serviceObject } from "./names";
import type { BindingRecord, ChannelRecord, ChannelSnapshot, HealthLabel, NodePick, Ok, OutcomeReport } from "./records";

interface ChannelObjectState {
  channel: ChannelRecord;
  bindings: Record<string, BindingRecord>;
  /** Bumped by every change of the record; the data plane's isolate tables compare versions. */
  rev?: number;
}

/** ChannelObjectState as storage keeps it under "state": the record under `upstream`, the name first stored (kept so stored channels read back). */
interface StoredState {
  upstream: ChannelRecord;
  bindings: Record<string, BindingRecord>;
  rev?: number;
}

/** passive reports a channel's passive health settings, or null when passive checks are off. */
export function passive(ch: ChannelRecord): PassiveCheck | null {
  const h = ch.healthChecker;
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

/**
 * ChannelObject owns one channel. Its class is exported to the runtime as UpstreamObject, the
 * name wrangler.toml declares: a Durable Object class name is its storage identity.
 */
export class ChannelObject extends DurableObject<Env> {
  private state: ChannelObjectState | null = null;
  // Data-plane state lives in memory: it is derived, and a restart simply starts it fresh.
  private health: NodeHealth[] = [];
  // the version is the stored rev plus a health counter, unique per object instance
  private readonly boot = crypto.randomUUID();
  private healthRev = 0;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    // the state is read once, before any call is let in
    void ctx.blockConcurrencyWhile(async () => {
      const stored = await ctx.storage.get<StoredState>("state");
      this.state = stored ? { channel: stored.upstream, bindings: stored.bindings, rev: stored.rev } : null;
    });
  }

  private async save(s: ChannelObjectState): Promise<void> {
    s.rev = (s.rev ?? 0) + 1;
    this.state = s;
    const stored: StoredState = { upstream: s.channel, bindings: s.bindings, rev: s.rev };
    await this.ctx.storage.put("state", stored);
  }

  private resetDataPlane(n: number): void {
    this.health = Array.from({ length: n }, freshHealth);
    this.healthRev++;
  }

  /** init stores a new channel (idempotent for the same id). */
  async init(ch: ChannelRecord): Promise<Ok<{ channel: ChannelRecord }> | Failure> {
    const s = this.state;
    if (s) return s.channel.createdAt === ch.createdAt ? { ok: true, channel: s.channel } : fail("ResourceInUse", `The id ${ch.upstreamId} is taken.`);
    await this.save({ channel: ch, bindings: {} });
    this.resetDataPlane(ch.nodes.length);
    return { ok: true, channel: ch };
  }

  /** describe reports the channel, its bound APIs and each node's health label, or null. */
  async describe(now: number): Promise<{ channel: ChannelRecord; bindings: BindingRecord[]; health: HealthLabel[] } | null> {
    const s = this.state;
    if (!s) return null;
    const check = passive(s.channel);
    const health = s.channel.nodes.map((_, i): HealthLabel => {
      if (!check) return s.channel.healthChecker ? "OFF" : "NO_DATA";
      return isHealthy(this.health[i] ?? freshHealth(), now) ? "HEALTHY" : "UNHEALTHY";
    });
    return { channel: s.channel, bindings: Object.values(s.bindings), health };
  }

  /** modify replaces the channel's settings; node changes restart rotation and health. */
  async modify(ch: ChannelRecord): Promise<Ok<{ channel: ChannelRecord }> | Failure> {
    const s = this.state;
    if (!s) return fail("InvalidParameterValue.InvalidUpstream", `The channel ${ch.upstreamId} does not exist.`);
    const nodesChanged = JSON.stringify(s.channel.nodes) !== JSON.stringify(ch.nodes);
    s.channel = { ...ch, createdAt: s.channel.createdAt };
    await this.save(s);
    if (nodesChanged) this.resetDataPlane(ch.nodes.length);
    return { ok: true, channel: s.channel };
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
  async destroy(channelId: string): Promise<Ok<object> | Failure> {
    const s = this.state;
    if (!s) return fail("InvalidParameterValue.InvalidUpstream", `The channel ${channelId} does not exist.`);
    for (const b of Object.values(s.bindings)) {
      if (!(await serviceObject(this.env, b.serviceId).usesChannel(b.apiId, channelId))) delete s.bindings[b.apiId];
    }
    const left = Object.values(s.bindings);
    if (left.length) {
      await this.save(s);
      return fail(
        "UnsupportedOperation.UnsupportedDeleteUpstream",
        `The channel ${channelId} is bound to ${left.length} API(s) (${left.map((b) => b.apiId).join(", ")}); delete or rebind them first.`,
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
    if (this.health.length !== s.channel.nodes.length) this.resetDataPlane(s.channel.nodes.length);
    const version = `${this.boot}:${s.rev ?? 0}:${this.healthRev}`;
    if (version === known) return { unchanged: true, version };
    return { version, channel: s.channel, health: this.health };
  }

  /**
   * report counts a batch of attempt outcomes towards the nodes' passive health (what
   * DescribeUpstreams shows); any change of a node's health bumps the version.
   */
  async report(batch: OutcomeReport[]): Promise<void> {
    const s = this.state;
    const check = s && passive(s.channel);
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
export function channelPick(ch: ChannelRecord, index: number): NodePick {
  return {
    index,
    node: ch.nodes[index]!,
    scheme: ch.scheme,
    hostHeader: ch.upstreamHost,
    retries: ch.retries,
    unhealthyStatuses: statusList(ch.healthChecker?.unhealthyHttpStatus ?? "500,502,503,504"),
    passive: passive(ch) !== null,
  };
}
