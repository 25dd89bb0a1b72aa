// VPC channel actions (apigateway 2018-08-08): CreateUpstream, DescribeUpstreams, ModifyUpstream,
// DeleteUpstream, DescribeUpstreamBindApis. Rule CH1's validation lives here; CH5 in the object.
import { ApiError } from "../../errors";
import { apiGatewayRegistry, channelObject } from "../../objects/names";
import type { ChannelNodeRecord, ChannelRecord, HealthCheckerRecord, HealthLabel } from "../../objects/records";
import { withPolicy } from "../../policy/core";
import { SDK_SCHEMAS } from "../../protocol/schemas.generated";
import { checkCreateTags, dropTags, saveTags, tagSetsOf } from "../tag/tags";
import { regionVpc } from "../vpc/views";
import { filterMap, isoTime, matches, page, unwrap, type ActionContext, type ActionDef, type Params } from "../context";
import { mapLimit } from "../fan-out";

const S = SDK_SCHEMAS.apigateway!;
const V = "2018-08-08";

/** Channel limits from the seed: name ≤ 50 of [A-Za-z0-9_], 1–200 nodes, retries 1–100 (default 5). */
const CHANNEL_LIMITS = { nameMax: 50, nodesMax: 200, retriesMin: 1, retriesMax: 100, retriesDefault: 5 };

function range(value: number, lo: number, hi: number, field: string): number {
  if (!Number.isInteger(value) || value < lo || value > hi) {
    throw new ApiError("InvalidParameterValue.RangeExceeded", `The parameter \`${field}\` must be a whole number from ${lo} to ${hi}; got ${value}.`);
  }
  return value;
}

function options<T extends string>(value: string, allowed: readonly T[], field: string): T {
  if (!allowed.includes(value as T)) throw new ApiError("InvalidParameterValue.NotInOptions", `The parameter \`${field}\` must be one of ${allowed.join(", ")}; got ${JSON.stringify(value)}.`);
  return value as T;
}

/** checkHost reports a node host the core takes (a strict IPv4 address or a host name), or throws. */
async function checkHost(host: string, field: string): Promise<string> {
  const verdict = await withPolicy((core) => core.nodeHost(host));
  if (!verdict.ok) throw new ApiError("InvalidParameter.FormatError", `The parameter \`${field}\` (${JSON.stringify(host)}) is neither a strict IPv4 address nor a host name.`);
  return host;
}

/**
 * hostHeader checks the Host header a channel sends (UpstreamHost): a host name or strict IPv4 address with an
 * optional :port, nothing else (a CR/LF here would add headers to every node request).
 */
async function hostHeader(value: string): Promise<string | undefined> {
  if (value === "") return undefined;
  const m = /^([^:]*)(?::(\d{1,5}))?$/.exec(value);
  if (!m || (m[2] !== undefined && Number(m[2]) > 65535)) {
    throw new ApiError("InvalidParameter.FormatError", `The parameter \`UpstreamHost\` (${JSON.stringify(value)}) must be a host name or IPv4 address with an optional :port.`);
  }
  await checkHost(m[1]!, "UpstreamHost");
  return value;
}

/** checkPort reports a node port the core takes (a whole number 0-65535), or throws. */
async function checkPort(port: number, field: string): Promise<number> {
  const verdict = await withPolicy((core) => core.nodePort(port));
  if (!verdict.ok) throw new ApiError("InvalidParameterValue.RangeExceeded", `The parameter \`${field}\` must be a whole number from 0 to 65535; got ${port}.`);
  return port;
}

type WireNode = { Host: string; Port: number; Weight: number; VmInstanceId?: string; Tags?: string[] };

async function nodes(raw: WireNode[] | undefined): Promise<ChannelNodeRecord[]> {
  if (!raw || raw.length === 0) throw new ApiError("MissingParameter", "The request is missing a required parameter `Nodes`: a channel needs at least one node.");
  if (raw.length > CHANNEL_LIMITS.nodesMax) throw new ApiError("InvalidParameterValue.RangeExceeded", `The parameter \`Nodes\` takes at most ${CHANNEL_LIMITS.nodesMax} nodes; got ${raw.length}.`);
  const out: ChannelNodeRecord[] = [];
  for (const [i, n] of raw.entries()) {
    out.push({
      host: await checkHost(n.Host, `Nodes.${i}.Host`),
      port: await checkPort(n.Port, `Nodes.${i}.Port`),
      weight: range(n.Weight, 0, 100, `Nodes.${i}.Weight`),
      ...(n.VmInstanceId ? { vmInstanceId: n.VmInstanceId } : {}),
      ...(n.Tags ? { tags: n.Tags } : {}),
    });
  }
  return out;
}

type WireHealth = {
  EnableActiveCheck: boolean; EnablePassiveCheck: boolean; HealthyHttpStatus: string; UnhealthyHttpStatus: string;
  TcpFailureThreshold: number; TimeoutThreshold: number; HttpFailureThreshold: number; ActiveCheckHttpPath?: string;
  ActiveCheckTimeout?: number; ActiveCheckInterval?: number; ActiveRequestHeader?: Record<string, string>[]; UnhealthyTimeout?: number;
};

function healthChecker(h: WireHealth | undefined): HealthCheckerRecord | undefined {
  if (!h) return undefined;
  const statuses = (text: string, field: string) => {
    if (!/^\s*\d{3}(\s*,\s*\d{3})*\s*$/.test(text)) throw new ApiError("InvalidParameter.FormatError", `The parameter \`${field}\` must be HTTP status codes separated by commas, like "500,502".`);
    return text;
  };
  const rec: HealthCheckerRecord = {
    enableActiveCheck: h.EnableActiveCheck,
    enablePassiveCheck: h.EnablePassiveCheck,
    healthyHttpStatus: statuses(h.HealthyHttpStatus, "HealthChecker.HealthyHttpStatus"),
    unhealthyHttpStatus: statuses(h.UnhealthyHttpStatus, "HealthChecker.UnhealthyHttpStatus"),
    tcpFailureThreshold: range(h.TcpFailureThreshold, 0, 254, "HealthChecker.TcpFailureThreshold"),
    timeoutThreshold: range(h.TimeoutThreshold, 0, 254, "HealthChecker.TimeoutThreshold"),
    httpFailureThreshold: range(h.HttpFailureThreshold, 0, 254, "HealthChecker.HttpFailureThreshold"),
    activeCheckHttpPath: h.ActiveCheckHttpPath ?? "/",
    activeCheckTimeout: h.ActiveCheckTimeout ?? 5,
    activeCheckInterval: h.ActiveCheckInterval ?? 5,
    ...(h.ActiveRequestHeader !== undefined ? { activeRequestHeader: h.ActiveRequestHeader } : {}),
    unhealthyTimeout: h.UnhealthyTimeout ?? 30,
  };
  if (rec.enablePassiveCheck && !rec.enableActiveCheck && rec.unhealthyTimeout <= 0) {
    throw new ApiError("InvalidParameterValue.RangeExceeded", "The parameter `HealthChecker.UnhealthyTimeout` must be above 0 when only passive checks are on, or a failed node would never return.");
  }
  return rec;
}

async function checkVpc(ctx: ActionContext, vpcId: string): Promise<string> {
  if (!(await regionVpc(ctx, vpcId))) throw new ApiError("InvalidParameterValue.InvalidVpcConfig", `The parameter \`UniqVpcId\` (${JSON.stringify(vpcId)}) is not a VPC of ${ctx.region}.`);
  return vpcId;
}

function name(value: string | undefined): string {
  const n = value ?? "";
  if (n.length > CHANNEL_LIMITS.nameMax) throw new ApiError("InvalidParameterValue.RangeExceeded", `The parameter \`UpstreamName\` takes at most ${CHANNEL_LIMITS.nameMax} characters; got ${n.length}.`);
  if (!/^[A-Za-z0-9_]*$/.test(n)) throw new ApiError("InvalidParameter.FormatError", "The parameter `UpstreamName` may contain only a-z, A-Z, 0-9 and _.");
  return n;
}

async function fromParams(p: Params, ctx: ActionContext, base?: ChannelRecord): Promise<ChannelRecord> {
  const scheme = p.Scheme !== undefined ? options(p.Scheme as string, ["HTTP", "HTTPS"] as const, "Scheme") : base!.scheme;
  const algorithm = p.Algorithm !== undefined ? options(p.Algorithm as string, ["ROUND-ROBIN", "ROUND_ROBIN"], "Algorithm") : base!.algorithm;
  const backendType = p.UpstreamType !== undefined ? options(p.UpstreamType as string, ["IP_PORT"], "UpstreamType") : (base?.upstreamType ?? "IP_PORT");
  if (p.K8sService !== undefined) throw new ApiError("InvalidParameterValue.NotInOptions", "K8S channels (`K8sService`) are not supported; use IP_PORT nodes.");
  return {
    upstreamId: base?.upstreamId ?? ctx.newId("upstream"),
    account: ctx.account,
    region: ctx.region,
    name: p.UpstreamName !== undefined ? name(p.UpstreamName as string) : (base?.name ?? ""),
    description: (p.UpstreamDescription as string | undefined) ?? base?.description ?? "",
    scheme,
    algorithm,
    vpcId: p.UniqVpcId !== undefined ? await checkVpc(ctx, p.UniqVpcId as string) : base!.vpcId,
    retries: p.Retries !== undefined ? range(p.Retries as number, CHANNEL_LIMITS.retriesMin, CHANNEL_LIMITS.retriesMax, "Retries") : (base?.retries ?? CHANNEL_LIMITS.retriesDefault),
    upstreamHost: p.UpstreamHost !== undefined ? await hostHeader(p.UpstreamHost as string) : base?.upstreamHost,
    upstreamType: backendType,
    nodes: p.Nodes !== undefined || !base ? await nodes(p.Nodes as WireNode[] | undefined) : base.nodes,
    healthChecker: p.HealthChecker !== undefined ? healthChecker(p.HealthChecker as WireHealth) : base?.healthChecker,
    tags: (p.Tags as ChannelRecord["tags"] | undefined) ?? base?.tags ?? [],
    createdAt: base?.createdAt ?? ctx.now(),
  };
}

/**
 * healthWire renders a channel's health checks as UpstreamHealthChecker, or null when none were
 * configured: the model's comment says Tencent may return null here, and Terraform's provider
 * writes a health_checker block to state whenever the field is not null (drift for a channel
 * configured without one). ActiveRequestHeader comes back only when headers were sent (the
 * provider cannot store it, and a present empty list makes its whole block write fail).
 */
function healthWire(h: HealthCheckerRecord | undefined) {
  if (!h) return null;
  return {
    EnableActiveCheck: h.enableActiveCheck, EnablePassiveCheck: h.enablePassiveCheck, HealthyHttpStatus: h.healthyHttpStatus,
    UnhealthyHttpStatus: h.unhealthyHttpStatus, TcpFailureThreshold: h.tcpFailureThreshold, TimeoutThreshold: h.timeoutThreshold,
    HttpFailureThreshold: h.httpFailureThreshold, ActiveCheckHttpPath: h.activeCheckHttpPath ?? "/", ActiveCheckTimeout: h.activeCheckTimeout ?? 5,
    // An empty list is left out too: channels stored before this rule kept [] when none was sent.
    ActiveCheckInterval: h.activeCheckInterval ?? 5, ...(h.activeRequestHeader?.length ? { ActiveRequestHeader: h.activeRequestHeader } : {}),
    UnhealthyTimeout: h.unhealthyTimeout,
  };
}

/** channelWire renders a channel as UpstreamInfo, each node with its Healthy label. */
function channelWire(ch: ChannelRecord, health: HealthLabel[], withTags = true) {
  return {
    UpstreamId: ch.upstreamId,
    UpstreamName: ch.name,
    UpstreamDescription: ch.description,
    Scheme: ch.scheme,
    Algorithm: ch.algorithm,
    UniqVpcId: ch.vpcId,
    Retries: ch.retries,
    Nodes: ch.nodes.map((n, i) => ({
      Host: n.host, Port: n.port, Weight: n.weight, VmInstanceId: n.vmInstanceId ?? "", Tags: n.tags ?? [], Healthy: health[i] ?? "NO_DATA",
    })),
    CreatedTime: isoTime(ch.createdAt),
    ...(withTags ? { Tags: ch.tags } : {}),
    HealthChecker: healthWire(ch.healthChecker),
    UpstreamType: ch.upstreamType,
    K8sServices: [],
    UpstreamHost: ch.upstreamHost ?? "",
  };
}

/** loadChannel reports a channel of the caller's region, or throws InvalidUpstream. */
export async function loadChannel(ctx: ActionContext, id: string, field = "UpstreamId") {
  if (!/^upstream-[a-z0-9]{8}$/.test(id)) throw new ApiError("InvalidParameterValue.InvalidUpstream", `The parameter \`${field}\` (${JSON.stringify(id)}) is not a channel id.`);
  const d = await channelObject(ctx.env, ctx.account, id).describe(ctx.now());
  if (!d || d.channel.region !== ctx.region) throw new ApiError("InvalidParameterValue.InvalidUpstream", `The channel ${id} does not exist in ${ctx.region}.`);
  return d;
}

// a channel's tag resource is qcs::apigateway:<region>:uin/<account>:upstreamId/<id> (Terraform's name)
const CHANNEL_TAGS = ["apigateway", "upstreamId"] as const;

async function createChannel(p: Params, ctx: ActionContext) {
  const tagPairs = await checkCreateTags(ctx, p.Tags as { Key: string; Value?: string }[] | undefined);
  const ch = await fromParams(p, ctx);
  unwrap(await channelObject(ctx.env, ctx.account, ch.upstreamId).init(ch));
  await apiGatewayRegistry(ctx.env, ctx.account, ctx.region).add("channel", ch.upstreamId);
  await saveTags(ctx, ...CHANNEL_TAGS, ch.upstreamId, tagPairs);
  return { UpstreamId: ch.upstreamId };
}

async function describeChannels(p: Params, ctx: ActionContext) {
  const f = filterMap(p.Filters, ["UpstreamId", "UpstreamName"], "InvalidParameterValue.InvalidFilterNotSupportedName");
  const { offset, limit } = page(p.Offset, p.Limit);
  const ids = await apiGatewayRegistry(ctx.env, ctx.account, ctx.region).ids("channel");
  const all = (await mapLimit(ids, (id) => channelObject(ctx.env, ctx.account, id).describe(ctx.now()))).filter(
    (d): d is NonNullable<typeof d> => d !== null && matches(f, "UpstreamId", d.channel.upstreamId) && matches(f, "UpstreamName", d.channel.name),
  );
  const shown = all.slice(offset, offset + limit);
  // Tags are the tag product's (CreateUpstream's Tags, then ModifyResourceTags), as Tencent shows them
  const tags = await tagSetsOf(ctx, ...CHANNEL_TAGS, shown.map((d) => d.channel.upstreamId));
  return { Result: { TotalCount: all.length, UpstreamSet: shown.map((d) => ({ ...channelWire(d.channel, d.health), Tags: tags.get(d.channel.upstreamId) ?? [] })) } };
}

async function modifyChannel(p: Params, ctx: ActionContext) {
  const d = await loadChannel(ctx, p.UpstreamId as string);
  const ch = await fromParams(p, ctx, d.channel);
  const done = unwrap(await channelObject(ctx.env, ctx.account, ch.upstreamId).modify(ch));
  const now = await channelObject(ctx.env, ctx.account, ch.upstreamId).describe(ctx.now());
  return { Result: channelWire(done.channel, now?.health ?? [], false) };
}

async function deleteChannel(p: Params, ctx: ActionContext) {
  const id = p.UpstreamId as string;
  // Tencent lists ResourceNotFound (not InvalidUpstream) for DeleteUpstream of a channel that is not there
  try {
    await loadChannel(ctx, id);
  } catch (e) {
    if (e instanceof ApiError && e.code === "InvalidParameterValue.InvalidUpstream") throw new ApiError("ResourceNotFound", e.message);
    throw e;
  }
  unwrap(await channelObject(ctx.env, ctx.account, id).destroy(id));
  await apiGatewayRegistry(ctx.env, ctx.account, ctx.region).remove("channel", id);
  await dropTags(ctx, ...CHANNEL_TAGS, id);
  return { UpstreamId: id };
}

async function describeBindApis(p: Params, ctx: ActionContext) {
  const d = await loadChannel(ctx, p.UpstreamId as string);
  const f = filterMap(p.Filters, ["ServiceId", "ApiId"], "InvalidParameterValue.InvalidFilterNotSupportedName");
  const { offset, limit } = page(p.Offset, p.Limit);
  const rows = d.bindings
    .filter((b) => matches(f, "ServiceId", b.serviceId) && matches(f, "ApiId", b.apiId))
    .sort((a, b) => a.bindTime - b.bindTime || (a.apiId < b.apiId ? -1 : 1));
  return {
    Result: {
      TotalCount: rows.length,
      BindApiSet: rows.slice(offset, offset + limit).map((b) => ({ ApiId: b.apiId, ServiceId: b.serviceId, ApiName: b.apiName, ServiceName: b.serviceName, BindTime: isoTime(b.bindTime) })),
    },
  };
}

/** CHANNEL_ACTIONS is the channel table (apigateway 2018-08-08), keyed by the exact Action name. */
export const CHANNEL_ACTIONS: Record<string, ActionDef> = {
  CreateUpstream: { product: "apigateway", version: V, shape: S.CreateUpstream!, handler: createChannel },
  DescribeUpstreams: { product: "apigateway", version: V, shape: S.DescribeUpstreams!, handler: describeChannels },
  ModifyUpstream: { product: "apigateway", version: V, shape: S.ModifyUpstream!, handler: modifyChannel },
  DeleteUpstream: { product: "apigateway", version: V, shape: S.DeleteUpstream!, handler: deleteChannel },
  DescribeUpstreamBindApis: { product: "apigateway", version: V, shape: S.DescribeUpstreamBindApis!, handler: describeBindApis },
};

