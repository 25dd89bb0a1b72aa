// CVM actions: RunInstances, DescribeInstances, TerminateInstances, StopInstances,
// StartInstances, ResetInstance, ResetInstancesType, AssociateSecurityGroups, and the extension action
// ModifyClassicInstancePrivateIp. Termination and IP change run as tasks (CL12, CL14).
import { ApiError } from "../../errors";
import { firewallRegistry, instanceObject, regionDirectory, vpcObject } from "../../objects/names";
import type { InstanceRecord, InstanceState } from "../../objects/records";
import { withPolicy } from "../../policy/core";
import { SDK_SCHEMAS } from "../../protocol/schemas.generated";
import { checkId, checkIds, checkZone, filterMap, isoTime, matches, page, unwrap, type ActionContext, type ActionDef, type Params } from "../context";
import { checkCreateTags, dropTags, saveTags, tagSetsOf } from "../tag/tags";
import { runTask } from "../vpc/tasks";
import { mapLimit } from "../fan-out";

const S = SDK_SCHEMAS.cvm!;
const V = "2017-03-12";
const MAX_BATCH = 100;

/** ids reports a call's instance ids (1 to 100, de-duplicated), or throws naming the field. */
export function ids(p: Params, field = "InstanceIds"): string[] {
  const raw = p[field] as string[];
  if (raw.length === 0) throw new ApiError("MissingParameter", `The request is missing a required parameter \`${field}.0\`.`);
  if (raw.length > MAX_BATCH) throw new ApiError("InvalidParameterValue.LimitExceeded", `The parameter \`${field}\` takes at most ${MAX_BATCH} ids.`);
  return checkIds(raw, "ins", field, "InvalidInstanceId.Malformed");
}

function instanceWire(r: InstanceRecord, groups: Record<string, string[]>, tags: { Key: string; Value: string }[] = []) {
  return {
    Placement: { Zone: r.zone, ProjectId: 0 },
    InstanceId: r.instanceId,
    InstanceType: r.instanceType,
    CPU: 2,
    Memory: 4,
    RestrictState: "NORMAL",
    InstanceName: r.name,
    InstanceChargeType: r.chargeType,
    PrivateIpAddresses: [r.privateIp],
    PublicIpAddresses: [],
    VirtualPrivateCloud: { VpcId: r.vpcId ?? "", SubnetId: r.subnetId ?? "", AsVpcGateway: false },
    ImageId: r.imageId,
    CreatedTime: isoTime(r.createdAt),
    InstanceState: r.state,
    SecurityGroupIds: groups[r.instanceId] ?? [],
    Tags: tags,
    Uuid: r.instanceId,
    LatestOperationState: "SUCCESS",
    DisableApiTermination: false,
  };
}

async function runInstances(p: Params, ctx: ActionContext) {
  const placement = p.Placement as { Zone?: string } | undefined;
  if (!placement?.Zone) throw new ApiError("MissingParameter", "The request is missing a required parameter `Placement.Zone`.");
  const zone = checkZone(placement.Zone, ctx.region, "Placement.Zone");
  const count = (p.InstanceCount as number | undefined) ?? 1;
  if (!Number.isInteger(count) || count < 1 || count > MAX_BATCH) {
    throw new ApiError("InvalidParameterValue.Range", `The parameter \`InstanceCount\` must be a whole number from 1 to ${MAX_BATCH}; got ${count}.`);
  }
  const vpcc = p.VirtualPrivateCloud as { VpcId: string; SubnetId: string; PrivateIpAddresses?: string[] } | undefined;
  let wantedIp: string | undefined;
  if (vpcc) {
    checkId(vpcc.VpcId, "vpc", "VirtualPrivateCloud.VpcId");
    checkId(vpcc.SubnetId, "subnet", "VirtualPrivateCloud.SubnetId");
    const d = await vpcObject(ctx.env, ctx.account, vpcc.VpcId).describe();
    if (!d || d.vpc.region !== ctx.region) throw new ApiError("InvalidParameterValue", `The VPC ${vpcc.VpcId} does not exist in ${ctx.region}.`);
    const sub = d.subnets.find((s) => s.subnetId === vpcc.SubnetId);
    if (!sub) throw new ApiError("InvalidParameterValue", `The subnet ${vpcc.SubnetId} does not exist in ${vpcc.VpcId}.`);
    if (sub.zone !== zone) throw new ApiError("InvalidParameterValue.Zone", `The subnet ${sub.subnetId} is in ${sub.zone}, not in Placement.Zone ${zone}.`);
    if (vpcc.PrivateIpAddresses?.length) {
      if (count !== 1) throw new ApiError("InvalidParameterValue", "`VirtualPrivateCloud.PrivateIpAddresses` needs InstanceCount 1.");
      wantedIp = vpcc.PrivateIpAddresses[0];
    }
  }
  const groups = p.SecurityGroupIds ? checkIds(p.SecurityGroupIds as string[], "sg", "SecurityGroupIds") : [];
  await checkGroups(ctx, groups, "SecurityGroupIds");
  const specs = (p.TagSpecification as { ResourceType: string; Tags: { Key: string; Value: string }[] }[] | undefined) ?? [];
  const tags = specs.filter((t) => t.ResourceType === "instance").flatMap((t) => t.Tags);
  const tagPairs = await checkCreateTags(ctx, tags, "TagSpecification.Tags");
  if (p.DryRun === true) throw new ApiError("DryRunOperation", "The request would have succeeded; DryRun is set, so nothing was created.");
  const now = ctx.now();
  const records: InstanceRecord[] = Array.from({ length: count }, () => ({
    instanceId: ctx.newId("ins"),
    region: ctx.region,
    zone,
    name: (p.InstanceName as string | undefined) ?? "Unnamed",
    instanceType: (p.InstanceType as string | undefined) ?? "S5.MEDIUM4",
    imageId: (p.ImageId as string | undefined) ?? "img-eb30mz89",
    chargeType: (p.InstanceChargeType as string | undefined) ?? "POSTPAID_BY_HOUR",
    network: vpcc ? "vpc" : "classic",
    vpcId: vpcc?.VpcId,
    subnetId: vpcc?.SubnetId,
    privateIp: "",
    state: "RUNNING",
    createdAt: now,
  }));
  const made = unwrap(await regionDirectory(ctx.env, ctx.account, ctx.region).runInstances(ctx.account, records, wantedIp));
  const ids = made.instances.map((r) => r.instanceId);
  if (groups.length) unwrap(await firewallRegistry(ctx.env, ctx.account, ctx.region).bind(ids, groups));
  for (const id of ids) await saveTags(ctx, "cvm", "instance", id, tagPairs);
  return { InstanceIdSet: ids };
}

/** checkGroups throws ResourceNotFound naming the first security group the region does not hold. */
export async function checkGroups(ctx: ActionContext, ids: string[], field: string): Promise<void> {
  const known = new Set((await firewallRegistry(ctx.env, ctx.account, ctx.region).securityGroups()).map((g) => g.securityGroupId));
  const i = ids.findIndex((id) => !known.has(id));
  if (i >= 0) throw new ApiError("ResourceNotFound", `The parameter \`${field}.${i}\` names the security group ${ids[i]}, which does not exist in ${ctx.region}.`);
}

async function describeInstances(p: Params, ctx: ActionContext) {
  if (p.InstanceIds && p.Filters) throw new ApiError("InvalidParameter", "`InstanceIds` and `Filters` cannot be given together.");
  const only = p.InstanceIds ? checkIds(p.InstanceIds as string[], "ins", "InstanceIds", "InvalidInstanceId.Malformed") : undefined;
  if (only && only.length > MAX_BATCH) throw new ApiError("InvalidParameterValue.LimitExceeded", `The parameter \`InstanceIds\` takes at most ${MAX_BATCH} ids.`);
  const f = filterMap(p.Filters, ["zone", "instance-id", "instance-name", "instance-state", "private-ip-address", "vpc-id", "subnet-id", "instance-charge-type"]);
  const { offset, limit } = page(p.Offset, p.Limit);
  const listed = await regionDirectory(ctx.env, ctx.account, ctx.region).instanceIds();
  // ids asked for (InstanceIds or the instance-id filter) narrow the fan-out before it starts
  const byId = only ?? f.get("instance-id");
  const wanted = byId ? listed.filter((id) => byId.includes(id)) : listed;
  const found = (await mapLimit(wanted, (id) => instanceObject(ctx.env, ctx.account, id).describe())) as (InstanceRecord | null)[];
  const recs = found.filter(
    (r): r is InstanceRecord =>
      r !== null &&
      matches(f, "zone", r.zone) &&
      matches(f, "instance-id", r.instanceId) &&
      matches(f, "instance-name", r.name) &&
      matches(f, "instance-state", r.state) &&
      matches(f, "private-ip-address", r.privateIp) &&
      matches(f, "vpc-id", r.vpcId) &&
      matches(f, "subnet-id", r.subnetId) &&
      matches(f, "instance-charge-type", r.chargeType),
  );
  const groups = await firewallRegistry(ctx.env, ctx.account, ctx.region).bindings();
  const shown = recs.slice(offset, offset + limit);
  const tags = await tagSetsOf(ctx, "cvm", "instance", shown.map((r) => r.instanceId));
  return { TotalCount: recs.length, InstanceSet: shown.map((r) => instanceWire(r, groups, tags.get(r.instanceId))) };
}

/** existing reports the records of instances of the caller's region, or throws InvalidInstanceId.NotFound. */
export async function existing(ctx: ActionContext, list: string[]): Promise<InstanceRecord[]> {
  const recs = await mapLimit(list, (id) => instanceObject(ctx.env, ctx.account, id).describe());
  return recs.map((r, i) => {
    if (!r || r.region !== ctx.region) throw new ApiError("InvalidInstanceId.NotFound", `The instance ${list[i]} does not exist.`, "InvalidInstance.NotFound");
    return r;
  });
}

async function terminate(p: Params, ctx: ActionContext) {
  const list = ids(p);
  await existing(ctx, list);
  await runTask(ctx, ctx.requestId, { kind: "terminate", instanceIds: list });
  // the task's forward step unbinds the security groups (recovery does it too)
  for (const id of list) await dropTags(ctx, "cvm", "instance", id);
  return {};
}

async function associateSecurityGroups(p: Params, ctx: ActionContext) {
  const groups = checkIds(p.SecurityGroupIds as string[], "sg", "SecurityGroupIds");
  if (!groups.length) throw new ApiError("MissingParameter", "The request is missing a required parameter `SecurityGroupIds.0`.");
  const list = ids(p);
  await checkGroups(ctx, groups, "SecurityGroupIds");
  await existing(ctx, list);
  unwrap(await firewallRegistry(ctx.env, ctx.account, ctx.region).bind(list, groups));
  return {};
}

function power(to: InstanceState, from: InstanceState[]) {
  return async (p: Params, ctx: ActionContext) => {
    const list = ids(p);
    const wrong = (await existing(ctx, list)).find((r) => !from.includes(r.state));
    if (wrong) {
      const code = wrong.state === "RUNNING" ? "UnsupportedOperation.InstanceStateRunning" : "UnsupportedOperation.InstanceStateStopped";
      throw new ApiError(code, `The instance ${wrong.instanceId} is ${wrong.state}; this operation needs every instance ${from.join(" or ")}, so none was changed.`);
    }
    for (const id of list) unwrap(await instanceObject(ctx.env, ctx.account, id).setState(id, to, from));
    return {};
  };
}

async function resetInstance(p: Params, ctx: ActionContext) {
  const id = checkId(p.InstanceId as string, "ins", "InstanceId", "InvalidInstanceId.Malformed");
  await existing(ctx, [id]);
  if (p.ImageId !== undefined) unwrap(await instanceObject(ctx.env, ctx.account, id).update(id, { imageId: p.ImageId as string }));
  return {};
}

async function resetInstancesType(p: Params, ctx: ActionContext) {
  const list = ids(p);
  const recs = await existing(ctx, list);
  const running = recs.find((r) => r.state === "RUNNING");
  if (running && p.ForceStop !== true) {
    throw new ApiError("UnsupportedOperation.InstanceStateRunning", `The instance ${running.instanceId} is RUNNING; stop it first or set ForceStop.`);
  }
  for (const id of list) {
    const inst = instanceObject(ctx.env, ctx.account, id);
    unwrap(await inst.setState(id, "STOPPED", ["RUNNING", "STOPPED"]));
    unwrap(await inst.update(id, { instanceType: p.InstanceType as string }));
  }
  return {};
}

async function modifyClassicIp(p: Params, ctx: ActionContext) {
  const id = checkId(p.InstanceId as string, "ins", "InstanceId", "InvalidInstanceId.Malformed");
  const ip = p.PrivateIpAddress as string;
  const verdict = await withPolicy((core) => ({ parsed: core.parseIpv4(ip), classic: core.classicIp(ip) }));
  if (!verdict.parsed.ok) throw new ApiError("InvalidParameterValue.Malformed", `The parameter \`PrivateIpAddress\` (${ip}) is not a valid IPv4 address: ${verdict.parsed.reason}.`);
  if (!verdict.classic.ok) throw new ApiError("InvalidParameterValue.Range", `The parameter \`PrivateIpAddress\` (${ip}) cannot be used: ${verdict.classic.reason}.`);
  const [r] = await existing(ctx, [id]);
  if (r!.network !== "classic") throw new ApiError("UnsupportedOperation.InvalidInstanceState", `The instance ${id} is a VPC instance; only classic instances change IP with this action.`);
  // "already has the IP" is checked by the task, which holds the instance (this record may be stale)
  await runTask(ctx, ctx.requestId, { kind: "change-ip", instanceIds: [id], newIp: ip });
  return {};
}

const MODIFY_IP_SHAPE = {
  InstanceId: { kind: "string", required: true },
  PrivateIpAddress: { kind: "string", required: true },
} as const;

/** CVM_ACTIONS is the cvm 2017-03-12 table, keyed by the exact Action name. */
export const CVM_ACTIONS: Record<string, ActionDef> = {
  RunInstances: { product: "cvm", version: V, shape: S.RunInstances!, handler: runInstances },
  DescribeInstances: { product: "cvm", version: V, shape: S.DescribeInstances!, handler: describeInstances },
  TerminateInstances: { product: "cvm", version: V, shape: S.TerminateInstances!, handler: terminate },
  StopInstances: { product: "cvm", version: V, shape: S.StopInstances!, handler: power("STOPPED", ["RUNNING"]) },
  StartInstances: { product: "cvm", version: V, shape: S.StartInstances!, handler: power("RUNNING", ["STOPPED"]) },
  ResetInstance: { product: "cvm", version: V, shape: S.ResetInstance!, handler: resetInstance },
  ResetInstancesType: { product: "cvm", version: V, shape: S.ResetInstancesType!, handler: resetInstancesType },
  AssociateSecurityGroups: { product: "cvm", version: V, shape: S.AssociateSecurityGroups!, handler: associateSecurityGroups },
  ModifyClassicInstancePrivateIp: { product: "cvm", version: V, shape: MODIFY_IP_SHAPE, handler: modifyClassicIp },
};
