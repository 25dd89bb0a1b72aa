// Durable Object for one API Gateway service: its record, APIs and per-environment releases.
// Named by service id alone, so the data plane can find it from a URL without credentials.
import { DurableObject } from "cloudflare:workers";
import type { Env } from "../env";
import { fail, type Failure } from "../errors";
import type { ApiRecord, Ok, ReleaseHistoryRecord, ReleaseRecord, ServiceRecord, ServiceSnapshot } from "./records";

interface ServiceState {
  service: ServiceRecord;
  apis: Record<string, ApiRecord>;
  releases: Record<string, ReleaseRecord>;
  /** Bumped by every change; the data plane's isolate tables compare it. */
  rev?: number;
  /** Every release made, oldest first (absent in state written before it existed). */
  history?: ReleaseHistoryRecord[];
  /** Service throttling per environment (ModifyServiceEnvironmentStrategy). */
  strategies?: Record<string, number>;
  /** API throttling per API and environment (ModifyApiEnvironmentStrategy). */
  apiStrategies?: Record<string, Record<string, number>>;
}

/** The throttling Tencent reports for an environment nobody set: the service maximum, and -1 (none) for an API. */
export const DEFAULT_STRATEGY = { service: 5000, api: -1 } as const;

/** ENVIRONMENTS are the release environments Tencent offers. */
export const ENVIRONMENTS = ["release", "prepub", "test"] as const;

function version(ms: number): string {
  // Tencent's form: the release time (yyyymmddhhmmss) followed by a UUID, so two releases in one second differ
  return new Date(ms).toISOString().replace(/\D/g, "").slice(0, 14) + crypto.randomUUID();
}

/** ServiceObject owns one API Gateway service. */
export class ServiceObject extends DurableObject<Env> {
  private state: ServiceState | null = null;
  // a new object instance may restart rev from storage: the boot id keeps versions unique
  private readonly boot = crypto.randomUUID();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    // the state is read once, before any call is let in
    void ctx.blockConcurrencyWhile(async () => {
      this.state = (await ctx.storage.get<ServiceState>("state")) ?? null;
    });
  }

  private async save(s: ServiceState): Promise<void> {
    s.rev = (s.rev ?? 0) + 1;
    this.state = s;
    await this.ctx.storage.put("state", s);
  }

  /** init stores a new service (idempotent for the same id). */
  async init(svc: ServiceRecord): Promise<Ok<{ service: ServiceRecord }> | Failure> {
    const s = this.state;
    if (s) return s.service.createdAt === svc.createdAt ? { ok: true, service: s.service } : fail("ResourceInUse", `The id ${svc.serviceId} is taken.`);
    await this.save({ service: svc, apis: {}, releases: {} });
    return { ok: true, service: svc };
  }

  /** describe reports the service with its APIs and releases, or null. */
  async describe(): Promise<{ service: ServiceRecord; apis: ApiRecord[]; releases: ReleaseRecord[] } | null> {
    const s = this.state;
    if (!s) return null;
    return { service: s.service, apis: Object.values(s.apis), releases: Object.values(s.releases) };
  }

  /** putApi creates or replaces an API; refuses a path+method another API of the service has. */
  async putApi(api: ApiRecord): Promise<Ok<{ previous: ApiRecord | null }> | Failure> {
    const s = this.state;
    if (!s) return fail("ResourceNotFound.InvalidService", "The service does not exist.");
    const clash = Object.values(s.apis).find((a) => a.apiId !== api.apiId && a.path === api.path && a.method === api.method);
    if (clash) {
      return fail("InvalidParameterValue.InvalidApiRequestConfig", `The API ${clash.apiId} already serves ${api.method} ${api.path} in this service.`);
    }
    const previous = s.apis[api.apiId] ?? null;
    s.apis[api.apiId] = previous ? { ...api, createdAt: previous.createdAt } : api;
    await this.save(s);
    return { ok: true, previous };
  }

  /** deleteApi removes an API and reports it (null if there was none). */
  async deleteApi(apiId: string): Promise<ApiRecord | null> {
    const s = this.state;
    const api = s?.apis[apiId];
    if (!s || !api) return null;
    delete s.apis[apiId];
    delete s.apiStrategies?.[apiId];
    await this.save(s);
    return api;
  }

  /**
   * usesChannel reports whether an API of this service sends to the channel, as it is defined
   * now or as any environment has it released (a released API keeps its channel in use, CH5).
   */
  async usesChannel(apiId: string, channelId: string): Promise<boolean> {
    const s = this.state;
    if (!s) return false;
    if (s.apis[apiId]?.backend.upstreamId === channelId) return true;
    return Object.values(s.releases).some((r) => r.apis.some((a) => a.apiId === apiId && a.backend.upstreamId === channelId));
  }

  /** release publishes the current APIs to an environment and reports the release. */
  async release(environment: string, description: string, now: number): Promise<ReleaseRecord | null> {
    const s = this.state;
    if (!s) return null;
    const r: ReleaseRecord = { environment, version: version(now), description, apis: Object.values(s.apis), releasedAt: now };
    s.releases[environment] = r;
    (s.history ??= []).push(r);
    await this.save(s);
    return r;
  }

  /** unrelease takes an environment offline and reports the APIs it had released, or null if it was not released. */
  async unrelease(environment: string): Promise<ApiRecord[] | null> {
    const s = this.state;
    const r = s?.releases[environment];
    if (!s || !r) return null;
    delete s.releases[environment];
    await this.save(s);
    return r.apis;
  }

  /**
   * snapshot reports the service and its releases for the data plane's isolate table, or
   * { unchanged } when the caller already holds this version, or null if there is no service.
   */
  async snapshot(known?: string): Promise<ServiceSnapshot | { unchanged: true; version: string } | null> {
    const s = this.state;
    if (!s) return null;
    const version = `${this.boot}:${s.rev ?? 0}`;
    if (version === known) return { unchanged: true, version };
    return { version, service: s.service, releases: s.releases };
  }

  /** destroy deletes the service if no environment is released; reports its APIs for unbinding. */
  async destroy(serviceId: string): Promise<Ok<{ apis: ApiRecord[] }> | Failure> {
    const s = this.state;
    if (!s) return fail("ResourceNotFound.InvalidService", `The service ${serviceId} does not exist.`);
    const live = Object.keys(s.releases);
    if (live.length) return fail("UnsupportedOperation.ExistingOnlineEnvironment", `The service ${serviceId} is released to ${live.join(", ")}; unrelease it first.`);
    const apis = Object.values(s.apis);
    if (apis.length) return fail("UnsupportedOperation.ApiListNotEmpty", `The service ${serviceId} still has ${apis.length} API(s) (${apis.map((a) => a.apiId).join(", ")}); delete them first.`);
    this.state = null;
    await this.ctx.storage.deleteAll();
    return { ok: true, apis };
  }

  // ---- Control plane: reset. ----

  /** wipe forgets the service, its APIs and releases (the control plane's reset). */
  async wipe(): Promise<void> {
    this.state = null;
    await this.ctx.storage.deleteAll();
  }

  // --- lifecycle (issue 9): ModifyService, release history, UpdateService, throttling strategies ---

  /** modify applies a ModifyService change and reports the service, or null if it does not exist. */
  async modify(patch: Partial<Pick<ServiceRecord, "name" | "description" | "protocol" | "netTypes" | "vpcId">>, now: number): Promise<ServiceRecord | null> {
    const s = this.state;
    if (!s) return null;
    s.service = { ...s.service, ...patch, modifiedAt: now };
    await this.save(s);
    return s.service;
  }

  /** lifecycle reports what the lifecycle reads need: history, strategies and the current releases. */
  async lifecycle(): Promise<{ history: ReleaseHistoryRecord[]; strategies: Record<string, number>; apiStrategies: Record<string, Record<string, number>> } | null> {
    const s = this.state;
    if (!s) return null;
    return { history: s.history ?? [], strategies: s.strategies ?? {}, apiStrategies: s.apiStrategies ?? {} };
  }

  /** switchVersion puts an earlier release of this service back online in an environment (UpdateService). */
  async switchVersion(environment: string, versionName: string, now: number): Promise<Ok<{ release: ReleaseRecord }> | Failure> {
    const s = this.state;
    if (!s) return fail("ResourceNotFound.InvalidService", "The service does not exist.");
    const old = (s.history ?? []).find((h) => h.version === versionName);
    if (!old) return fail("InvalidParameterValue", `The service has no release version ${JSON.stringify(versionName)}.`);
    const r: ReleaseRecord = { environment, version: old.version, description: old.description, apis: old.apis, releasedAt: now };
    s.releases[environment] = r;
    (s.history ??= []).push(r);
    await this.save(s);
    return { ok: true, release: r };
  }

  /** setStrategy sets the service throttling of environments. */
  async setStrategy(environments: string[], strategy: number): Promise<boolean> {
    const s = this.state;
    if (!s) return false;
    s.strategies ??= {};
    for (const e of environments) s.strategies[e] = strategy;
    await this.save(s);
    return true;
  }

  /** setApiStrategy sets the throttling of APIs in one environment; refuses ids that are not APIs of the service. */
  async setApiStrategy(environment: string, apiIds: string[], strategy: number): Promise<Ok<object> | Failure> {
    const s = this.state;
    if (!s) return fail("ResourceNotFound.InvalidService", "The service does not exist.");
    const unknown = apiIds.filter((id) => !s.apis[id]);
    if (unknown.length) return fail("ResourceNotFound.InvalidApi", `The API(s) ${unknown.join(", ")} do not exist in ${s.service.serviceId}.`);
    s.apiStrategies ??= {};
    for (const id of apiIds) (s.apiStrategies[id] ??= {})[environment] = strategy;
    await this.save(s);
    return { ok: true };
  }
}
