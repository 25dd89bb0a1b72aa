// API 3.0 ClassicLink actions: AttachClassicLinkVpc, DetachClassicLinkVpc,
// DescribeClassicLinkInstances, DescribeVpcTaskResult. Attach and detach run as tasks whose id
// is the call's RequestId (rules CL1-CL6 are checked inside the task's objects).
import { ApiError } from "../../errors";
import { SDK_SCHEMAS } from "../../protocol/schemas.generated";
import { checkId, checkIds, filterMap, matches, page, type ActionContext, type ActionDef, type Params } from "../context";
import { readTask, runTask } from "./tasks";
import { regionVpcs } from "./views";

const S = SDK_SCHEMAS.vpc!;
const V = "2017-03-12";

/** MAX_IDS_PER_CALL bounds InstanceIds of one attach or detach. */
export const MAX_IDS_PER_CALL = 100;

function linkArgs(p: Params) {
  const vpcId = checkId(p.VpcId as string, "vpc", "VpcId");
  const raw = p.InstanceIds as string[];
  if (raw.length === 0) throw new ApiError("MissingParameter", "The request is missing a required parameter `InstanceIds.0`.");
  if (raw.length > MAX_IDS_PER_CALL) {
    throw new ApiError("InvalidParameterValue.LimitExceeded", `The parameter \`InstanceIds\` takes at most ${MAX_IDS_PER_CALL} ids; got ${raw.length}.`);
  }
  return { vpcId, ids: checkIds(raw, "ins", "InstanceIds") };
}

async function attach(p: Params, ctx: ActionContext) {
  const { vpcId, ids } = linkArgs(p);
  await runTask(ctx, ctx.requestId, { kind: "attach", instanceIds: ids, vpcId });
  return {};
}

async function detach(p: Params, ctx: ActionContext) {
  const { vpcId, ids } = linkArgs(p);
  await runTask(ctx, ctx.requestId, { kind: "detach", instanceIds: ids, vpcId });
  return {};
}

async function describeLinks(p: Params, ctx: ActionContext) {
  const f = filterMap(p.Filters, ["vpc-id", "vm-ip"]);
  const { offset, limit } = page(p.Offset, p.Limit);
  const only = f.get("vpc-id");
  const rows = (await regionVpcs(ctx, only))
    .flatMap((v) => v.links.map((l) => ({ ...l, vpcId: v.vpc.vpcId })))
    .filter((l) => matches(f, "vm-ip", l.ip))
    .sort((a, b) => a.createdAt - b.createdAt || (a.instanceId < b.instanceId ? -1 : 1));
  return {
    TotalCount: rows.length,
    ClassicLinkInstanceSet: rows.slice(offset, offset + limit).map((l) => ({ VpcId: l.vpcId, InstanceId: l.instanceId })),
  };
}

async function taskResult(p: Params, ctx: ActionContext) {
  const t = await readTask(ctx, p.TaskId as string, "TaskId");
  return {
    Status: t.status,
    Output: t.error ? `${t.error.code}: ${t.error.message}` : "",
    Result: t.instanceIds.map((id) => ({ ResourceId: id, Status: t.status })),
  };
}

/** CLASSIC_LINK_ACTIONS is the vpc 2017-03-12 ClassicLink table, keyed by the exact Action name. */
export const CLASSIC_LINK_ACTIONS: Record<string, ActionDef> = {
  AttachClassicLinkVpc: { product: "vpc", version: V, shape: S.AttachClassicLinkVpc!, handler: attach },
  DetachClassicLinkVpc: { product: "vpc", version: V, shape: S.DetachClassicLinkVpc!, handler: detach },
  DescribeClassicLinkInstances: { product: "vpc", version: V, shape: S.DescribeClassicLinkInstances!, handler: describeLinks },
  DescribeVpcTaskResult: { product: "vpc", version: V, shape: S.DescribeVpcTaskResult!, handler: taskResult },
};
