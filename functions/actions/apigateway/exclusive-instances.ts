// Exclusive (dedicated) API Gateway instances (apigateway 2018-08-08): CreateExclusiveInstances,
// DescribeExclusiveInstances, DescribeExclusiveInstanceDetail, ModifyExclusiveInstance, and the
// extension DeleteExclusiveInstance (Tencent's API has no call for it). An instance runs in one VPC.
import { ApiError } from "../../errors";
import { apiGatewayRegistry, serviceObject } from "../../objects/names";
import type { ExclusiveInstanceRecord } from "../../objects/records";
import { SDK_SCHEMAS } from "../../protocol/schemas.generated";
import { regionVpc } from "../vpc/views";
import { checkZone, filterMap, isoTime, matches, page, type ActionContext, type ActionDef, type Params } from "../context";
import { mapLimit } from "../fan-out";

const S = SDK_SCHEMAS.apigateway!;
const V = "2018-08-08";
const TYPES = ["basic", "professional", "enterprise", "platium", "diamond"];

function infoWire(r: ExclusiveInstanceRecord) {
  return {
    InstanceId: r.instanceId,
    InstanceName: r.name,
    InstanceDescription: r.description,
    InstanceChargeType: r.payMode,
    InstanceType: r.instanceType,
    InstanceState: "Running",
    CreatedTime: isoTime(r.createdAt),
    UniqVpcId: r.vpcId,
  };
}

/** loadExclusiveInstance reports an exclusive instance of the caller's region, or throws InstanceNotExist. */
export async function loadExclusiveInstance(ctx: ActionContext, id: string, field = "InstanceId"): Promise<ExclusiveInstanceRecord> {
  const r = /^instance-[a-z0-9]{8}$/.test(id) ? await apiGatewayRegistry(ctx.env, ctx.account, ctx.region).instance(id) : null;
  if (!r) throw new ApiError("FailedOperation.InstanceNotExist", `The parameter \`${field}\` (${JSON.stringify(id)}) is not a dedicated instance of ${ctx.region}.`);
  return r;
}

async function create(p: Params, ctx: ActionContext) {
  const zones = (p.Zones as string[]).map((z, i) => checkZone(z, ctx.region, `Zones.${i}`));
  if (zones.length === 0) throw new ApiError("MissingParameter", "The request is missing a required parameter `Zones.0`.");
  const type = p.InstanceType as string;
  if (!TYPES.includes(type)) throw new ApiError("InvalidParameterValue.NotInOptions", `The parameter \`InstanceType\` must be one of ${TYPES.join(", ")}.`);
  const pay = p.PayMode as string;
  if (pay !== "POSTPAID" && pay !== "PREPAID") throw new ApiError("InvalidParameterValue.NotInOptions", "The parameter `PayMode` must be POSTPAID or PREPAID.");
  const vc = p.VpcConfig as { UniqVpcId: string; UniqSubnetId: string };
  const vpc = await regionVpc(ctx, vc.UniqVpcId);
  if (!vpc) throw new ApiError("InvalidParameterValue.InvalidVpcConfig", `The VPC ${vc.UniqVpcId} does not exist in ${ctx.region}.`);
  if (!vpc.subnets.some((s) => s.subnetId === vc.UniqSubnetId)) {
    throw new ApiError("InvalidParameterValue.InvalidVpcConfig", `The subnet ${vc.UniqSubnetId} is not in ${vc.UniqVpcId}.`);
  }
  const rec: ExclusiveInstanceRecord = {
    instanceId: ctx.newId("instance"),
    name: (p.InstanceName as string | undefined) ?? "",
    description: (p.InstanceDescription as string | undefined) ?? "",
    instanceType: type,
    zones,
    vpcId: vc.UniqVpcId,
    subnetId: vc.UniqSubnetId,
    payMode: pay,
    bandwidthOut: (p.NetworkConfig as { InternetMaxBandwidthOut?: number }).InternetMaxBandwidthOut ?? 0,
    createdAt: ctx.now(),
  };
  if (!(await apiGatewayRegistry(ctx.env, ctx.account, ctx.region).addInstance(rec))) throw new ApiError("InternalError", "An instance id clashed; retry.");
  return { Result: rec.instanceId };
}

async function describe(p: Params, ctx: ActionContext) {
  const f = filterMap(p.Filters, ["InstanceId", "InstanceName"], "InvalidParameterValue.InvalidFilterNotSupportedName");
  const { offset, limit } = page(p.Offset, p.Limit);
  const all = (await apiGatewayRegistry(ctx.env, ctx.account, ctx.region).instances()).filter(
    (r) => matches(f, "InstanceId", r.instanceId) && matches(f, "InstanceName", r.name),
  );
  return { Result: { TotalCount: all.length, InstanceSet: all.slice(offset, offset + limit).map(infoWire) } };
}

function detailWire(r: ExclusiveInstanceRecord) {
  return {
    Result: {
      InstanceId: r.instanceId,
      Zone: r.zones[0],
      Zones: r.zones,
      InstanceName: r.name,
      InstanceDescription: r.description,
      InstanceChargeType: r.payMode,
      InstanceState: "Running",
      InstanceType: r.instanceType,
      NetworkConfig: { InternetMaxBandwidthOut: r.bandwidthOut },
      VpcConfig: { UniqVpcId: r.vpcId, UniqSubnetId: r.subnetId },
      Parameters: [],
      CreatedTime: isoTime(r.createdAt),
    },
  };
}

async function detail(p: Params, ctx: ActionContext) {
  return detailWire(await loadExclusiveInstance(ctx, p.InstanceId as string));
}

async function modify(p: Params, ctx: ActionContext) {
  const r = await loadExclusiveInstance(ctx, p.InstanceId as string);
  if (p.Parameters !== undefined && (p.Parameters as unknown[]).length) {
    throw new ApiError("InvalidParameterValue.NotInOptions", "The parameter `Parameters` (instance tuning) is not supported here; change InstanceName or InstanceDescription.");
  }
  const next: ExclusiveInstanceRecord = {
    ...r,
    name: (p.InstanceName as string | undefined) ?? r.name,
    description: (p.InstanceDescription as string | undefined) ?? r.description,
  };
  if (!(await apiGatewayRegistry(ctx.env, ctx.account, ctx.region).updateInstance(next))) throw new ApiError("FailedOperation.InstanceNotExist", `The instance ${r.instanceId} does not exist.`);
  return detailWire(next);
}

/** DELETE_INSTANCE_SHAPE is the extension's request: the instance to remove. */
const DELETE_INSTANCE_SHAPE = { InstanceId: { kind: "string", required: true } } as const;

async function remove(p: Params, ctx: ActionContext) {
  const r = await loadExclusiveInstance(ctx, p.InstanceId as string);
  const registry = apiGatewayRegistry(ctx.env, ctx.account, ctx.region);
  const services = await mapLimit(await registry.ids("service"), (id) => serviceObject(ctx.env, id).describe());
  const on = services.filter((d) => d?.service.instanceId === r.instanceId).map((d) => d!.service.serviceId);
  if (on.length) throw new ApiError("ResourceInUse", `The instance ${r.instanceId} still hosts the service(s) ${on.join(", ")}; delete them first.`);
  await registry.removeInstance(r.instanceId);
  return { Result: true };
}

/** EXCLUSIVE_INSTANCE_ACTIONS is the exclusive-instance table (apigateway 2018-08-08). */
export const EXCLUSIVE_INSTANCE_ACTIONS: Record<string, ActionDef> = {
  CreateExclusiveInstances: { product: "apigateway", version: V, shape: S.CreateExclusiveInstances!, handler: create },
  DescribeExclusiveInstances: { product: "apigateway", version: V, shape: S.DescribeExclusiveInstances!, handler: describe },
  DescribeExclusiveInstanceDetail: { product: "apigateway", version: V, shape: S.DescribeExclusiveInstanceDetail!, handler: detail },
  ModifyExclusiveInstance: { product: "apigateway", version: V, shape: S.ModifyExclusiveInstance!, handler: modify },
  DeleteExclusiveInstance: { product: "apigateway", version: V, shape: DELETE_INSTANCE_SHAPE, handler: remove },
};
