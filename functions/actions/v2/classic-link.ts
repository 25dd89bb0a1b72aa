// Legacy v2 ClassicLink actions (/v2/index.php, lowerCamel parameters): AttachClassicLinkVpc,
// DetachClassicLinkVpc, DescribeVpcClassicLink, DescribeVpcTaskResult. Same tasks and objects as
// API 3.0; only names, ids (integer taskId) and the reply shape differ.
import { ApiError } from "../../errors";
import { instanceObject, regionDirectory } from "../../objects/names";
import { sha256Hex } from "../../protocol/crypto";
import type { Shape } from "../../protocol/schema";
import { page, tencentTime, type ActionContext, type Params } from "../context";
import { MAX_IDS_PER_CALL } from "../vpc/classic-link";
import { readTask, runTask } from "../vpc/tasks";
import { regionVpcs } from "../vpc/views";
import { mapLimit } from "../fan-out";

/** A v2 action: lowerCamel parameter shape and a handler returning the v2 fields. */
interface V2ActionDef {
  shape: Shape;
  handler(params: Params, ctx: ActionContext): Promise<Record<string, unknown>>;
}

const LINK_SHAPE: Shape = {
  vpcId: { kind: "string", required: true },
  instanceIds: { kind: "array", required: true, items: { kind: "string" } },
};

function v2Ids(p: Params) {
  const vpcId = p.vpcId as string;
  if (!/^vpc-[a-z0-9]{8}$/.test(vpcId)) throw new ApiError("ResourceNotFound", `The VPC ${vpcId} does not exist.`, "InvalidVpc.NotFound");
  const ids = [...new Set(p.instanceIds as string[])];
  if (ids.length === 0) throw new ApiError("MissingParameter", "The request is missing a required parameter `instanceIds.0`.");
  if (ids.length > MAX_IDS_PER_CALL) throw new ApiError("InvalidParameterValue.LimitExceeded", `At most ${MAX_IDS_PER_CALL} instanceIds per call.`);
  const bad = ids.find((id) => !/^ins-[a-z0-9]{8}$/.test(id));
  if (bad) throw new ApiError("ResourceNotFound", `The instance ${bad} does not exist.`, "InvalidInstance.NotFound");
  return { vpcId, ids };
}

function linkTask(kind: "attach" | "detach") {
  return async (p: Params, ctx: ActionContext) => {
    const { vpcId, ids } = v2Ids(p);
    const taskId = await regionDirectory(ctx.env, ctx.account, ctx.region).nextTaskNumber();
    await runTask(ctx, String(taskId), { kind, instanceIds: ids, vpcId });
    return { taskId };
  };
}

/** classicLinkId reports the stable v2 id of a link ("vcx-" + 8 hex of its identity). */
export async function classicLinkId(vpcId: string, instanceId: string, createdAt: number): Promise<string> {
  return `vcx-${(await sha256Hex(`${vpcId}/${instanceId}/${createdAt}`)).slice(0, 8)}`;
}

async function describeLinks(p: Params, ctx: ActionContext) {
  const vpcId = p.vpcId as string | undefined;
  const views = await regionVpcs(ctx, vpcId ? [vpcId] : undefined);
  if (vpcId && views.length === 0) throw new ApiError("ResourceNotFound", `The VPC ${vpcId} does not exist.`, "InvalidVpc.NotFound");
  const { offset, limit } = page(p.offset, p.limit, 50);
  const dir = p.orderDirection ?? "desc";
  if (dir !== "asc" && dir !== "desc") throw new ApiError("InvalidParameterValue", "The parameter `orderDirection` must be asc or desc.");
  if (p.orderField !== undefined && p.orderField !== "createTime") throw new ApiError("InvalidParameterValue", "The parameter `orderField` can only be createTime.");
  const rows = await Promise.all(
    views.flatMap((v) => v.links.map(async (l) => ({ ...l, vpcId: v.vpc.vpcId, classicLinkId: await classicLinkId(v.vpc.vpcId, l.instanceId, l.createdAt) }))),
  );
  const hits = rows
    .filter((r) => (p.lanIp === undefined || r.ip === p.lanIp) && (p.classicLinkId === undefined || r.classicLinkId === p.classicLinkId))
    .sort((a, b) => (a.createdAt - b.createdAt || (a.instanceId < b.instanceId ? -1 : 1)) * (dir === "asc" ? 1 : -1));
  if (p.lanIp !== undefined && hits.length === 0) throw new ApiError("ResourceNotFound", `No linked classic instance has the IP ${p.lanIp}.`, "InvalidLanIp.NotFound");
  const pageRows = hits.slice(offset, offset + limit);
  const names = await mapLimit(pageRows, (r) => instanceObject(ctx.env, ctx.account, r.instanceId).describe());
  return {
    totalCount: hits.length,
    data: pageRows.map((r, i) => ({
      lanIp: r.ip,
      unVpcId: r.vpcId,
      vpcId: r.vpcId,
      classicLinkId: r.classicLinkId,
      createTime: tencentTime(r.createdAt),
      instanceId: r.instanceId,
      instanceName: names[i]?.name ?? "",
    })),
  };
}

const STATUS_V2 = { SUCCESS: 0, FAILED: 1, RUNNING: 2 } as const;

async function taskResult(p: Params, ctx: ActionContext) {
  const t = await readTask(ctx, String(p.taskId), "taskId");
  return { data: { status: STATUS_V2[t.status], output: t.error ? { code: t.error.code, message: t.error.message } : {} } };
}

/** V2_ACTIONS is the v2 table, keyed by the exact Action name. */
export const V2_ACTIONS: Record<string, V2ActionDef> = {
  AttachClassicLinkVpc: { shape: LINK_SHAPE, handler: linkTask("attach") },
  DetachClassicLinkVpc: { shape: LINK_SHAPE, handler: linkTask("detach") },
  DescribeVpcClassicLink: {
    shape: {
      vpcId: { kind: "string" },
      classicLinkId: { kind: "string" },
      lanIp: { kind: "string" },
      offset: { kind: "number" },
      limit: { kind: "number" },
      orderField: { kind: "string" },
      orderDirection: { kind: "string" },
    },
    handler: describeLinks,
  },
  DescribeVpcTaskResult: { shape: { taskId: { kind: "string", required: true } }, handler: taskResult },
};
