// Durable Object for one VPC channel: its record, the APIs bound to it (CH5), and the data
// plane's shared state: smooth weighted round robin counters and passive node health. All
// picks go through this one object, so the node sequence is exact however many isolates call.
import { DurableObject } from "cloudflare:workers";
import type { Env } from "../env";
import { fail, type Failure } from "../errors";
import { freshHealth, isHealthy, pickSwrr, recordOutcome, type AttemptOutcome, type NodeHealth, type PassiveCheck } from "../gateway/swrr";
import { withPolicy } from "../policy/core";
import { ccnRegistry, serviceObject } from "./names";
import type { BindingRecord, Ok, UpstreamNodeRecord, UpstreamRecord } from "./records";

interface UpstreamState {
  upstream: UpstreamRecord;
  bindings: Record<string, BindingRecord>;
}

/** A node chosen for one attempt, with what the forwarder needs to reach it. */
export interface NodePick {
  index: number;
  node: UpstreamNodeRecord;
  scheme: "HTTP" | "HTTPS";
  upstreamHost?: string;
  retries: number;
  unhealthyStatuses: number[];
  /** Whether outcomes count for passive health (else there is nothing to report). */
  passive: boolean;
}

/** Node health as DescribeUpstreams shows it. */
export type HealthLabel = "OFF" | "HEALTHY" | "UNHEALTHY" | "NO_DATA";

function passive(u: UpstreamRecord): PassiveCheck | null {
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
  private state: UpstreamState | null | undefined;
  // Data-plane state lives in memory: it is derived, and a restart simply starts it fresh.
  private current: number[] = [];
  private health: NodeHealth[] = [];

  private async load(): Promise<UpstreamState | null> {
    if (this.state === undefined) this.state = (await this.ctx.storage.get<UpstreamState>("state")) ?? null;
    return this.state;
  }

  private async save(s: UpstreamState): Promise<void> {
    this.state = s;
    await this.ctx.storage.put("state", s);
  }

  private resetDataPlane(n: number): void {
    this.current = Array.from({ length: n }, () => 0);
    this.health = Array.from({ length: n }, freshHealth);
  }

  /** init stores a new channel (idempotent for the same id). */
  async init(u: UpstreamRecord): Promise<Ok<{ upstream: UpstreamRecord }> | Failure> {
    const s = await this.load();
    if (s) return s.upstream.createdAt === u.createdAt ? { ok: true, upstream: s.upstream } : fail("ResourceInUse", `The id ${u.upstreamId} is taken.`);
    await this.save({ upstream: u, bindings: {} });
    this.resetDataPlane(u.nodes.length);
    return { ok: true, upstream: u };
  }

  /** describe reports the channel, its bound APIs and each node's health label, or null. */
  async describe(now: number): Promise<{ upstream: UpstreamRecord; bindings: BindingRecord[]; health: HealthLabel[] } | null> {
    const s = await this.load();
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
    const s = await this.load();
    if (!s) return fail("InvalidParameterValue.InvalidUpstream", `The channel ${u.upstreamId} does not exist.`);
    const nodesChanged = JSON.stringify(s.upstream.nodes) !== JSON.stringify(u.nodes);
    s.upstream = { ...u, createdAt: s.upstream.createdAt };
    await this.save(s);
    if (nodesChanged) this.resetDataPlane(u.nodes.length);
    return { ok: true, upstream: s.upstream };
  }

  /** bind records that an API uses this channel (CH3, CH5). */
  async bind(b: BindingRecord): Promise<Ok<object> | Failure> {
    const s = await this.load();
    if (!s) return fail("InvalidParameterValue.InvalidUpstream", "The channel does not exist.");
    const before = s.bindings[b.apiId];
    s.bindings[b.apiId] = before ? { ...b, bindTime: before.bindTime } : b;
    await this.save(s);
    return { ok: true };
  }

  /** unbind forgets an API's use of this channel (idempotent). */
  async unbind(apiId: string): Promise<void> {
    const s = await this.load();
    if (!s || !s.bindings[apiId]) return;
    delete s.bindings[apiId];
    await this.save(s);
  }

  /**
   * destroy deletes the channel unless an API is bound to it (CH5). A binding whose API no
   * longer points here (a crash between the two objects) is pruned first.
   */
  async destroy(upstreamId: string): Promise<Ok<object> | Failure> {
    const s = await this.load();
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
   * pick chooses the node for the next attempt by smooth weighted round robin among nodes with
   * weight > 0 that are healthy and not yet tried in this request; null when none is left. On a
   * request's first pick policy-core checks rule CH6 (a caller in another VPC needs a CCN joining
   * both), else the pick is refused (and the rotation does not move).
   */
  async pick(tried: number[], now: number, fromVpc?: string): Promise<NodePick | { refused: string } | null> {
    const s = await this.load();
    if (!s) return null;
    const u = s.upstream;
    if (tried.length === 0 && fromVpc) {
      const ccns = fromVpc === u.vpcId ? [] : (await ccnRegistry(this.env, u.account).list()).map((c) => ({ id: c.ccnId, vpcIds: c.vpcs.map((v) => v.vpcId) }));
      const use = await withPolicy((core) => core.channelUse({ gatewayVpcId: fromVpc, channelVpcId: u.vpcId, ccns }));
      if (!use.ok) {
        return {
          refused: `The dedicated instance runs in ${fromVpc} but channel ${u.upstreamId} reaches ${u.vpcId}, and no CCN joins the two VPCs (rule CH6, ${use.explanation.code}).`,
        };
      }
    }
    if (this.current.length !== u.nodes.length) this.resetDataPlane(u.nodes.length);
    const index = pickSwrr(
      u.nodes.map((n) => n.weight),
      this.current,
      (i) => !tried.includes(i) && isHealthy(this.health[i]!, now),
    );
    if (index < 0) return null;
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

  /** report counts one attempt's outcome towards the node's passive health. */
  async report(index: number, outcome: AttemptOutcome, now: number): Promise<void> {
    const s = await this.load();
    const check = s && passive(s.upstream);
    if (!check || !this.health[index]) return;
    this.health[index] = recordOutcome(this.health[index]!, outcome, check, now);
  }

  // ---- Control plane: reset. ----

  /** wipe forgets the channel, its bindings and its rotation (the control plane's reset). */
  async wipe(): Promise<void> {
    this.state = null;
    this.resetDataPlane(0);
    await this.ctx.storage.deleteAll();
  }
}
