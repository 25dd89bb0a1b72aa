// Network ACLs (vpc 2017-03-12): CreateNetworkAcl, ModifyNetworkAclEntries,
// AssociateNetworkAclSubnets, DescribeNetworkAcls, DeleteNetworkAcl. Rules are ordered and
// stateless (the reply must be admitted too, CL10); a subnet holds one ACL.
import { ApiError } from "../../errors";
import type { NetworkAclRecord } from "../../objects/records";
import { firewallRegistry } from "../../objects/names";
import { SDK_SCHEMAS } from "../../protocol/schemas.generated";
import { checkId, checkIds, filterMap, matches, page, tencentTime, unwrap, type ActionContext, type ActionDef, type Params } from "../context";
import { checkWireRules, entryWire, type WireRule } from "./policy-rules";
import { checkCreateTags, dropTags, saveTags, tagSetsOf } from "../tag/tags";
import { regionVpc, regionVpcs } from "./views";

const S = SDK_SCHEMAS.vpc!;
const V = "2017-03-12";

function aclWire(a: NetworkAclRecord, subnets: { SubnetId: string; SubnetName: string; CidrBlock: string; VpcId: string }[], tags: { Key: string; Value: string }[] = []) {
  return {
    VpcId: a.vpcId,
    NetworkAclId: a.networkAclId,
    NetworkAclName: a.name,
    CreatedTime: tencentTime(a.createdAt),
    SubnetSet: subnets,
    IngressEntries: a.inbound.map(entryWire),
    EgressEntries: a.outbound.map(entryWire),
    NetworkAclType: "TRIPLE",
    TagSet: tags,
  };
}

/** loadAcl reports a network ACL of the caller's region, or throws ResourceNotFound. */
export async function loadAcl(ctx: ActionContext, id: string): Promise<NetworkAclRecord> {
  checkId(id, "acl", "NetworkAclId");
  const a = await firewallRegistry(ctx.env, ctx.account, ctx.region).acl(id);
  if (!a) throw new ApiError("ResourceNotFound", `The network ACL ${id} does not exist in ${ctx.region}.`);
  return a;
}

async function createNetworkAcl(p: Params, ctx: ActionContext) {
  const vpcId = checkId(p.VpcId as string, "vpc", "VpcId");
  const name = p.NetworkAclName as string;
  if (name.length === 0) throw new ApiError("InvalidParameterValue", "The parameter `NetworkAclName` must not be empty.");
  if (name.length > 60) throw new ApiError("InvalidParameterValue.TooLong", "The parameter `NetworkAclName` must be at most 60 characters.");
  if (p.NetworkAclType !== undefined && p.NetworkAclType !== "TRIPLE") {
    throw new ApiError("InvalidParameterValue", "The parameter `NetworkAclType` must be TRIPLE; five-tuple ACLs are not modelled.");
  }
  if (!(await regionVpc(ctx, vpcId))) throw new ApiError("ResourceNotFound", `The VPC ${vpcId} does not exist.`);
  const tags = p.Tags as { Key: string; Value?: string }[] | undefined;
  const tagPairs = await checkCreateTags(ctx, tags);
  const reg = firewallRegistry(ctx.env, ctx.account, ctx.region);
  for (;;) {
    const a: NetworkAclRecord = { networkAclId: ctx.newId("acl"), vpcId, name, createdAt: ctx.now(), inbound: [], outbound: [] };
    if (await reg.createAcl(a)) {
      await saveTags(ctx, "vpc", "acl", a.networkAclId, tagPairs);
      return { NetworkAcl: aclWire(a, [], (await tagSetsOf(ctx, "vpc", "acl", [a.networkAclId])).get(a.networkAclId)) };
    }
  }
}

async function modifyEntries(p: Params, ctx: ActionContext) {
  const a = await loadAcl(ctx, p.NetworkAclId as string);
  if (p.NetworkAclQuintupleSet !== undefined) throw new ApiError("InvalidParameterValue", "The parameter `NetworkAclQuintupleSet` is not supported; give `NetworkAclEntrySet`.");
  if (p.EnableUpdateAclEntries === true) throw new ApiError("InvalidParameterValue", "Incremental updates (`EnableUpdateAclEntries`) are not supported; send the whole rule list.");
  const set = p.NetworkAclEntrySet as { Ingress?: WireRule[]; Egress?: WireRule[] } | undefined;
  if (!set || (set.Ingress === undefined && set.Egress === undefined)) throw new ApiError("MissingParameter", "The request is missing a required parameter `NetworkAclEntrySet`.");
  const now = ctx.now();
  const inbound = set.Ingress ? await checkWireRules(set.Ingress, "NetworkAclEntrySet.Ingress", now, "Description") : null;
  const outbound = set.Egress ? await checkWireRules(set.Egress, "NetworkAclEntrySet.Egress", now, "Description") : null;
  unwrap(await firewallRegistry(ctx.env, ctx.account, ctx.region).setEntries(a.networkAclId, inbound, outbound));
  return {};
}

async function associateSubnets(p: Params, ctx: ActionContext) {
  const a = await loadAcl(ctx, p.NetworkAclId as string);
  const ids = checkIds(p.SubnetIds as string[], "subnet", "SubnetIds");
  if (!ids.length) throw new ApiError("MissingParameter", "The request is missing a required parameter `SubnetIds.0`.");
  const vpcs = await regionVpcs(ctx);
  for (const id of ids) {
    const owner = vpcs.find((v) => v.subnets.some((s) => s.subnetId === id));
    if (!owner) throw new ApiError("ResourceNotFound", `The subnet ${id} does not exist.`);
    if (owner.vpc.vpcId !== a.vpcId) throw new ApiError("UnsupportedOperation.VpcMismatch", `The subnet ${id} is in ${owner.vpc.vpcId}, but the network ACL ${a.networkAclId} belongs to ${a.vpcId}.`);
  }
  unwrap(await firewallRegistry(ctx.env, ctx.account, ctx.region).associate(a.networkAclId, ids));
  return {};
}

async function describeNetworkAcls(p: Params, ctx: ActionContext) {
  if (p.NetworkAclIds && p.Filters) throw new ApiError("InvalidParameter", "`NetworkAclIds` and `Filters` cannot be given together.");
  const ids = p.NetworkAclIds ? checkIds(p.NetworkAclIds as string[], "acl", "NetworkAclIds") : undefined;
  const f = filterMap(p.Filters, ["vpc-id", "network-acl-id", "network-acl-name"]);
  const { offset, limit } = page(p.Offset, p.Limit);
  const reg = firewallRegistry(ctx.env, ctx.account, ctx.region);
  const [acls, bound, vpcs] = await Promise.all([reg.acls(), reg.subnetAcls(), regionVpcs(ctx)]);
  const all = acls.filter(
    (a) =>
      (!ids || ids.includes(a.networkAclId)) &&
      matches(f, "vpc-id", a.vpcId) &&
      matches(f, "network-acl-id", a.networkAclId) &&
      matches(f, "network-acl-name", a.name),
  );
  const subnetsOf = (aclId: string) =>
    vpcs.flatMap((v) => v.subnets.filter((s) => bound[s.subnetId] === aclId).map((s) => ({ SubnetId: s.subnetId, SubnetName: s.name, CidrBlock: s.cidrBlock, VpcId: s.vpcId })));
  const shown = all.slice(offset, offset + limit);
  const tags = await tagSetsOf(ctx, "vpc", "acl", shown.map((a) => a.networkAclId));
  return { TotalCount: all.length, NetworkAclSet: shown.map((a) => aclWire(a, subnetsOf(a.networkAclId), tags.get(a.networkAclId))) };
}

async function deleteNetworkAcl(p: Params, ctx: ActionContext) {
  const a = await loadAcl(ctx, p.NetworkAclId as string);
  unwrap(await firewallRegistry(ctx.env, ctx.account, ctx.region).deleteAcl(a.networkAclId));
  await dropTags(ctx, "vpc", "acl", a.networkAclId);
  return {};
}

/** NETWORK_ACL_ACTIONS is the vpc 2017-03-12 network-ACL table. */
export const NETWORK_ACL_ACTIONS: Record<string, ActionDef> = {
  CreateNetworkAcl: { product: "vpc", version: V, shape: S.CreateNetworkAcl!, handler: createNetworkAcl },
  ModifyNetworkAclEntries: { product: "vpc", version: V, shape: S.ModifyNetworkAclEntries!, handler: modifyEntries },
  AssociateNetworkAclSubnets: { product: "vpc", version: V, shape: S.AssociateNetworkAclSubnets!, handler: associateSubnets },
  DescribeNetworkAcls: { product: "vpc", version: V, shape: S.DescribeNetworkAcls!, handler: describeNetworkAcls },
  DeleteNetworkAcl: { product: "vpc", version: V, shape: S.DeleteNetworkAcl!, handler: deleteNetworkAcl },
};
