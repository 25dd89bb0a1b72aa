// The data plane's entry: a call to a released API (`/{ServiceId}/{env}/{path}`, or the
// service's own host with `/{env}/{path}`) is matched to its API and sent to the backend: a VPC
// channel (through forward), a plain HTTP URL, or a mock answer.
import type { Env } from "../env";
import { serviceObject, upstreamObject } from "../objects/names";
import { ENVIRONMENTS } from "../objects/service-object";
import { forward, type Channel, type Sender } from "./forward";
import { requestNode } from "./http1";
import { backendPath, matchApi } from "./route";

/** MAX_CALL_BODY bounds a buffered call body (it is kept for retries). */
export const MAX_CALL_BODY = 8 << 20;

function answer(status: number, error: string, message: string): Response {
  return new Response(JSON.stringify({ error, message }), { status, headers: { "content-type": "application/json; charset=utf-8" } });
}

/** parseGatewayUrl reports the service, environment and API path a call is for, or null. */
export function parseGatewayUrl(url: URL, host: string | null): { serviceId: string; environment: string; path: string } | null {
  const envs = ENVIRONMENTS.join("|");
  const byPath = new RegExp(`^/(service-[a-z0-9]{8})/(${envs})(/.*)?$`).exec(url.pathname);
  if (byPath) return { serviceId: byPath[1]!, environment: byPath[2]!, path: byPath[3] ?? "/" };
  const byHost = /^(service-[a-z0-9]{8})-/.exec(host ?? "");
  const envPath = new RegExp(`^/(${envs})(/.*)?$`).exec(url.pathname);
  if (byHost && envPath) return { serviceId: byHost[1]!, environment: envPath[1]!, path: envPath[2] ?? "/" };
  return null;
}

/** handleGatewayCall answers one data-plane call. */
export async function handleGatewayCall(
  req: Request,
  env: Env,
  target: { serviceId: string; environment: string; path: string },
  send: Sender = requestNode,
): Promise<Response> {
  const found = await serviceObject(env, target.serviceId).released(target.environment);
  if (!found) return answer(404, "ServiceNotFound", `The service ${target.serviceId} does not exist.`);
  if (!found.release) return answer(404, "NotReleased", `The service ${target.serviceId} is not released to ${target.environment}.`);
  const method = req.method.toUpperCase();
  let match;
  try {
    match = matchApi(found.release.apis, method, target.path);
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
  const query = new URL(req.url).search;
  const out = {
    method: backend.method && backend.method !== "ANY" ? backend.method : method,
    pathAndQuery: `${backendPath(match)}${query}`,
    headers: req.headers,
    body,
    timeoutMs: match.api.timeoutSeconds * 1000,
  };
  if (backend.upstreamId) {
    const channel = upstreamObject(env, found.service.account, backend.upstreamId) as unknown as Channel;
    return forward(channel, backend.upstreamId, out, send, Date.now, found.service.instanceVpcId);
  }
  const base = (backend.url ?? "").replace(/\/$/, "");
  const single: Channel = {
    pick: async (tried) => {
      if (tried.length) return null;
      const u = new URL(base);
      const port = Number(u.port || (u.protocol === "https:" ? 443 : 80));
      return { index: 0, node: { host: u.hostname, port, weight: 1 }, scheme: u.protocol === "https:" ? "HTTPS" : "HTTP", retries: 0, unhealthyStatuses: [], passive: false };
    },
    report: async () => {},
  };
  return forward(single, backend.url ?? "", out, send, Date.now);
}
