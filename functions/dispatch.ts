// The request pipeline: decode and verify, find the action, check region, replay and
// parameters, run the handler, answer in the right envelope. Any failure becomes an envelope.
import { randomId, type ActionContext, type ActionDef } from "./actions/context";
import { ACTIONS } from "./actions/registry";
import { V2_ACTIONS } from "./actions/v2/classic-link";
import type { Env } from "./env";
import { forget } from "./dataplane/tables";
import { ApiError, toApiError } from "./errors";
import { replayGuard } from "./objects/names";
import type { CrashPoint } from "./objects/task-object";
import { decodeV2, decodeV3, type Call } from "./protocol/decode";
import { v2Error, v2Success, v3Error, v3Success } from "./protocol/envelope";
import { canonicalRegion } from "./protocol/regions";
import { ownValue } from "./protocol/own-key";
import { checkShape } from "./protocol/schema";

/** Clock and id source, injectable so tests can pin them. */
export interface Runtime {
  now(): number;
  newId(prefix: string): string;
}

const defaultRuntime: Runtime = { now: () => Date.now(), newId: randomId };

const PRODUCTS = new Set(["vpc", "cvm", "apigateway", "tag"]);

/**
 * hostProduct reports the product a host name addresses (`vpc.tencentcloudapi.com`,
 * `cvm.<TENCENTCLOUD_DOMAIN>`), or null for any other host (127.0.0.1:8787, a workers.dev name).
 */
export function hostProduct(host: string | null): string | null {
  const name = (host ?? "").toLowerCase().replace(/:\d+$/, "");
  const first = name.split(".")[0] ?? "";
  return name.includes(".") && PRODUCTS.has(first) ? first : null;
}

function findAction(call: Call, product: string | null): ActionDef {
  const defs = ownValue(ACTIONS, call.action);
  if (!defs) throw new ApiError("InvalidAction", `The action ${call.action} does not exist or is not supported by this service.`);
  if (product && !defs.some((d) => d.product === product)) {
    throw new ApiError("InvalidAction", `The action ${call.action} is not an action of ${product} (the host names the product); send it to ${defs.map((d) => d.product).join(" or ")}.`);
  }
  if (!call.version) throw new ApiError("MissingParameter", "The request is missing a required parameter `X-TC-Version`.");
  const fitting = defs.filter((d) => d.version === call.version);
  if (fitting.length === 0) {
    throw new ApiError("NoSuchVersion", `The version ${call.version} of ${call.action} does not exist; use ${defs.map((d) => d.version).join(" or ")}.`);
  }
  return fitting.find((d) => d.product === product) ?? fitting.find((d) => d.product === call.scopeService) ?? fitting[0]!;
}

function regionOf(call: Call, def?: ActionDef): string {
  if (!call.region && def?.regionless) return "";
  if (!call.region) throw new ApiError("MissingParameter", "The request is missing a required parameter `X-TC-Region`.");
  const region = canonicalRegion(call.region);
  if (!region) throw new ApiError("UnsupportedRegion", `The region ${call.region} is not supported.`);
  return region;
}

async function checkReplay(env: Env, call: Call, nowMs: number): Promise<void> {
  if (!call.replayKey) return;
  const first = await replayGuard(env, call.credential.secretId).firstUse(call.replayKey, nowMs);
  if (!first) throw new ApiError("ReplayAttack", "This signed request was already received (same Nonce, Timestamp and Signature); send a new Nonce.");
}

function contextOf(env: Env, call: Call, region: string, requestId: string, req: Request, rt: Runtime): ActionContext {
  const fault = env.FAULT_INJECTION === "1" ? (req.headers.get("x-fault-after") as CrashPoint | null) : null;
  return {
    env,
    api: call.api,
    account: call.credential.account,
    region,
    requestId,
    now: rt.now,
    newId: rt.newId,
    ...(fault ? { crashAfter: fault } : {}),
  };
}

/** handleV3 answers one API 3.0 request with the {"Response": ...} envelope. */
export async function handleV3(req: Request, env: Env, rt: Runtime = defaultRuntime): Promise<Response> {
  const requestId = crypto.randomUUID();
  const traceId = req.headers.get("x-tc-traceid");
  try {
    const call = await decodeV3(req, env.TC_CREDENTIALS, Math.floor(rt.now() / 1000));
    const def = findAction(call, hostProduct(req.headers.get("host") ?? new URL(req.url).host));
    const region = regionOf(call, def);
    const params = checkShape(call.params, def.shape, call.encoding);
    await checkReplay(env, call, rt.now());
    // a write may change what the data plane serves: this isolate's tables are dropped at once
    const data = await def.handler(params, contextOf(env, call, region, requestId, req, rt)).finally(() => call.action.startsWith("Describe") || forget());
    return v3Success(data, requestId, traceId);
  } catch (e) {
    if (!(e instanceof ApiError)) console.error("internal error", e);
    return v3Error(toApiError(e), requestId, traceId);
  }
}

/** handleV2 answers one legacy v2 request with the {code, message, codeDesc} envelope. */
export async function handleV2(req: Request, env: Env, rt: Runtime = defaultRuntime): Promise<Response> {
  try {
    const call = await decodeV2(req, env.TC_CREDENTIALS, Math.floor(rt.now() / 1000));
    const def = ownValue(V2_ACTIONS, call.action);
    if (!def) throw new ApiError("InvalidAction", `The v2 action ${call.action} does not exist or is not supported by this service.`);
    const region = regionOf(call);
    const params = checkShape(call.params, def.shape, call.encoding);
    await checkReplay(env, call, rt.now());
    const data = await def.handler(params, contextOf(env, call, region, crypto.randomUUID(), req, rt));
    return v2Success(data);
  } catch (e) {
    if (!(e instanceof ApiError)) console.error("internal error", e);
    return v2Error(toApiError(e));
  }
}
