// The data plane's entry: a call to a released API (`/{ServiceId}/{env}/{path}`, or the
// service's own host with `/{env}/{path}`) is matched to its API and sent to the backend: a VPC
// channel (through forward), a plain HTTP URL, or a mock answer. Services and channels come from
// this isolate's tables (tables.ts): no Durable Object is asked in steady state.
import type { Env } from "../env";
import { ENVIRONMENTS } from "../objects/service-object";
import { sendToNode } from "./fetch-node";
import { callError, forward, type Channel, type Sender } from "./forward";
import { localChannel } from "./rotation";
import { backendPath, matchApi } from "./route";
import { ccnRefusal, channel, releasedService, reportOutcomes, type Background } from "./tables";

/** MAX_CALL_BODY bounds a buffered call body (it is kept for retries). */
const MAX_CALL_BODY = 8 << 20;

function answer(status: number, error: string, message: string): Response {
  return new Response(JSON.stringify({ error, message }), { status, headers: { "content-type": "application/json; charset=utf-8" } });
}

const ENVS = ENVIRONMENTS.join("|");
const BY_PATH = new RegExp(`^/(service-[a-z0-9]{8})/(${ENVS})(/.*)?$`);
const ENV_PATH = new RegExp(`^/(${ENVS})(/.*)?$`);

/** parseServiceUrl reports the service, environment and API path a call is for, or null. */
export function parseServiceUrl(url: URL, host: string | null): { serviceId: string; environment: string; path: string } | null {
  const byPath = BY_PATH.exec(url.pathname);
  if (byPath) return { serviceId: byPath[1]!, environment: byPath[2]!, path: byPath[3] ?? "/" };
  const byHost = /^(service-[a-z0-9]{8})-/.exec(host ?? "");
  const envPath = byHost && ENV_PATH.exec(url.pathname);
  if (byHost && envPath) return { serviceId: byHost[1]!, environment: envPath[1]!, path: envPath[2] ?? "/" };
  return null;
}

/** How a call is served: background work (the request's ExecutionContext) and the sender to nodes. */
interface CallOptions {
  bg?: Background;
  send?: Sender;
}

/** handleApiCall answers one data-plane call. */
export async function handleApiCall(
  req: Request,
  env: Env,
  target: { serviceId: string; environment: string; path: string },
  { bg, send = sendToNode }: CallOptions = {},
): Promise<Response> {
  const found = await releasedService(env, target.serviceId, Date.now(), bg);
  if (!found) return answer(404, "ServiceNotFound", `The service ${target.serviceId} does not exist.`);
  const release = found.releases[target.environment];
  if (!release) return answer(404, "NotReleased", `The service ${target.serviceId} is not released to ${target.environment}.`);
  const method = req.method.toUpperCase();
  let match;
  try {
    match = matchApi(release.apis, method, target.path);
  } catch {
    return answer(400, "BadPath", `The path ${JSON.stringify(target.path)} has a malformed percent-encoding.`);
  }
  if (!match) return answer(404, "NoApiMatch", `There is no api match the request: ${method} ${target.path}.`);
  const backend = match.api.backend;
  if (backend.serviceType === "MOCK") return new Response(backend.mockReturn ?? "", { status: 200 });
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > MAX_CALL_BODY) return answer(413, "RequestTooLarge", `The call body is larger than ${MAX_CALL_BODY} bytes.`);
  const body = method === "GET" || method === "HEAD" ? null : await req.arrayBuffer();
  if (body && body.byteLength > MAX_CALL_BODY) return answer(413, "RequestTooLarge", `The call body is larger than ${MAX_CALL_BODY} bytes.`);
  const q = req.url.indexOf("?");
  const out = {
    method: backend.method && backend.method !== "ANY" ? backend.method : method,
    pathAndQuery: `${backendPath(match)}${q < 0 ? "" : req.url.slice(q)}`,
    headers: req.headers,
    body,
    timeoutMs: match.api.timeoutSeconds * 1000,
  };
  const channelId = backend.upstreamId;
  if (channelId) {
    const { account, instanceVpcId } = found.service;
    const st = await channel(env, account, channelId, Date.now(), bg);
    if (!st) return callError(502, channelId, `The channel ${channelId} has no healthy node with weight above 0.`, []);
    if (instanceVpcId) {
      const refused = await ccnRefusal(env, account, instanceVpcId, st.snap!.channel.vpcId, channelId, Date.now(), bg);
      if (refused) return callError(502, channelId, refused, []);
    }
    const res = await forward(localChannel(st), channelId, out, send, Date.now);
    reportOutcomes(env, account, channelId, st, bg);
    return res;
  }
  const base = (backend.url ?? "").replace(/\/$/, "");
  const single: Channel = {
    pick: (tried) => {
      if (tried.length) return null;
      const u = new URL(base);
      const port = Number(u.port || (u.protocol === "https:" ? 443 : 80));
      return { index: 0, node: { host: u.hostname, port, weight: 1 }, scheme: u.protocol === "https:" ? "HTTPS" : "HTTP", retries: 0, unhealthyStatuses: [], passive: false };
    },
    report: () => {},
  };
  return forward(single, backend.url ?? "", out, send, Date.now);
}
