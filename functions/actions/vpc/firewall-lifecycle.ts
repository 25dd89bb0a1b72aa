// The rest of the security-group and network-ACL lifecycle (vpc 2017-03-12): ModifySecurityGroupAttribute,
// ModifySecurityGroupPolicies, ReplaceSecurityGroupPolicy, DeleteSecurityGroupPolicies,
// DescribeSecurityGroupAssociationStatistics, ModifyNetworkAclAttribute, DisassociateNetworkAclSubnets.
import { ApiError } from "../../errors";
import type { RuleRecord, SecurityGroupRecord } from "../../objects/records";
import { firewallRegistry } from "../../objects/names";
import { SDK_SCHEMAS } from "../../protocol/schemas.generated";
import { checkIds, unwrap, type ActionContext, type ActionDef, type Params } from "../context";
import { loadAcl } from "./network-acls";
import { checkWireRules, type WireRule } from "./policy-rules";
import { loadGroup } from "./security-groups";

const S = SDK_SCHEMAS.vpc!;
const V = "2017-03-12";

type WireSet = { Version?: string; Egress?: WireRule[]; Ingress?: WireRule[] };

function versionOf(set: WireSet): number | null {
  if (set.Version === undefined || set.Version === "") return null;
  if (!/^\d{1,9}$/.test(set.Version)) throw new ApiError("InvalidParameterValue", "The parameter `SecurityGroupPolicySet.Version` must be a decimal version number.");
  return Number(set.Version);
}

/** oneDirection reports the single direction a set names, or throws: these actions take one direction per call. */
function oneDirection(set: WireSet, field = "SecurityGroupPolicySet"): { direction: "ingress" | "egress"; rules: WireRule[]; path: string } {
  const ingress = set.Ingress ?? [];
  const egress = set.Egress ?? [];
  if (ingress.length && egress.length) throw new ApiError("InvalidParameter", `One request changes rules of one direction: give \`${field}.Ingress\` or \`.Egress\`, not both.`);
  if (!ingress.length && !egress.length) throw new ApiError("MissingParameter", `The request is missing a required parameter \`${field}.Ingress\` or \`.Egress\`.`);
  return ingress.length ? { direction: "ingress", rules: ingress, path: `${field}.Ingress` } : { direction: "egress", rules: egress, path: `${field}.Egress` };
}

async function modifyAttribute(p: Params, ctx: ActionContext) {
  const g = await loadGroup(ctx, p.SecurityGroupId as string);
  const name = p.GroupName as string | undefined;
  const desc = p.GroupDescription as string | undefined;
  if (name === undefined && desc === undefined) throw new ApiError("MissingParameter", "The request must carry `GroupName` or `GroupDescription`.");
  if (name !== undefined && name.length === 0) throw new ApiError("InvalidParameterValue", "The parameter `GroupName` must not be empty.");
  if (name !== undefined && name.length > 60) throw new ApiError("InvalidParameterValue.TooLong", "The parameter `GroupName` must be at most 60 characters.");
  if (desc !== undefined && desc.length > 100) throw new ApiError("InvalidParameterValue.TooLong", "The parameter `GroupDescription` must be at most 100 characters.");
  unwrap(await firewallRegistry(ctx.env, ctx.account, ctx.region).updateGroup(g.securityGroupId, { name, description: desc }, ctx.now()));
  return {};
}

/** ModifySecurityGroupPolicies replaces each direction it is given (an empty list clears it); a direction left out is kept. */
async function modifyPolicies(p: Params, ctx: ActionContext) {
  const g = await loadGroup(ctx, p.SecurityGroupId as string);
  const set = p.SecurityGroupPolicySet as WireSet;
  if (set.Ingress === undefined && set.Egress === undefined) throw new ApiError("MissingParameter", "The request is missing a required parameter `SecurityGroupPolicySet.Ingress` or `.Egress`.");
  const now = ctx.now();
  for (const [list, path] of [[set.Ingress, "Ingress"], [set.Egress, "Egress"]] as const) {
    const i = (list ?? []).findIndex((r) => r.PolicyIndex !== undefined);
    if (i >= 0) throw new ApiError("InvalidParameterValue", `The parameter \`SecurityGroupPolicySet.${path}.${i}.PolicyIndex\` cannot be given here: the list replaces the direction in its order.`);
  }
  const ingress = set.Ingress ? await checkWireRules(set.Ingress, "SecurityGroupPolicySet.Ingress", now, "PolicyDescription") : null;
  const egress = set.Egress ? await checkWireRules(set.Egress, "SecurityGroupPolicySet.Egress", now, "PolicyDescription") : null;
  // Terraform's provider sends the next version (current + 1) on update and "0" on delete: both are
  // accepted as "no conflict"; any other stale number is refused.
  let version = versionOf(set);
  if (version === 0 || version === g.version + 1) version = null;
  unwrap(await firewallRegistry(ctx.env, ctx.account, ctx.region).changePolicies(g.securityGroupId, version, now, { kind: "set", ingress, egress }));
  return {};
}

function sameRule(a: RuleRecord, b: RuleRecord): boolean {
  return a.action === b.action && a.protocol === b.protocol && a.port === b.port && a.cidr === b.cidr;
}

/** indexOfRule reports the index of the first rule matching `r` (Action, Protocol, Port, CidrBlock), or throws ResourceNotFound. */
function indexOfRule(g: SecurityGroupRecord, direction: "ingress" | "egress", r: RuleRecord, path: string): number {
  const i = g[direction].findIndex((x) => sameRule(x, r));
  if (i < 0) throw new ApiError("ResourceNotFound", `The rule \`${path}\` (${r.action} ${r.protocol} ${r.port} ${r.cidr}) is not in the ${direction} rules of ${g.securityGroupId}.`);
  return i;
}

async function deletePolicies(p: Params, ctx: ActionContext) {
  const g = await loadGroup(ctx, p.SecurityGroupId as string);
  const set = p.SecurityGroupPolicySet as WireSet;
  const { direction, rules, path } = oneDirection(set);
  const byIndex = rules.every((r) => r.PolicyIndex !== undefined);
  let indexes: number[];
  if (byIndex) {
    indexes = rules.map((r, i) => {
      if (!Number.isInteger(r.PolicyIndex) || r.PolicyIndex! < 0) throw new ApiError("InvalidParameterValue.Range", `The parameter \`${path}.${i}.PolicyIndex\` must be a whole number >= 0.`);
      return r.PolicyIndex!;
    });
  } else {
    const wanted = await checkWireRules(rules.map(({ PolicyIndex: _, ...r }) => r), path, ctx.now(), "PolicyDescription");
    indexes = wanted.map((r, i) => indexOfRule(g, direction, r, `${path}.${i}`));
  }
  unwrap(await firewallRegistry(ctx.env, ctx.account, ctx.region).changePolicies(g.securityGroupId, versionOf(set), ctx.now(), { kind: "delete", direction, indexes: [...new Set(indexes)] }));
  return {};
}

async function replacePolicy(p: Params, ctx: ActionContext) {
  const g = await loadGroup(ctx, p.SecurityGroupId as string);
  const set = p.SecurityGroupPolicySet as WireSet;
  const { direction, rules, path } = oneDirection(set);
  if (rules.length !== 1) throw new ApiError("InvalidParameterValue", `\`${path}\` must hold exactly one rule: ReplaceSecurityGroupPolicy replaces one rule.`);
  const [rule] = await checkWireRules([{ ...rules[0]!, PolicyIndex: undefined }], path, ctx.now(), "PolicyDescription");
  let index = rules[0]!.PolicyIndex;
  const original = p.OriginalSecurityGroupPolicySet as WireSet | undefined;
  if (original) {
    const o = oneDirection(original, "OriginalSecurityGroupPolicySet");
    if (o.direction !== direction) throw new ApiError("InvalidParameterValue", "`OriginalSecurityGroupPolicySet` and `SecurityGroupPolicySet` must name the same direction.");
    const [was] = await checkWireRules([{ ...o.rules[0]!, PolicyIndex: undefined }], o.path, ctx.now(), "PolicyDescription");
    index = indexOfRule(g, direction, was!, `${o.path}.0`);
  }
  if (index === undefined) throw new ApiError("MissingParameter", `The request is missing a required parameter \`${path}.0.PolicyIndex\` (or \`OriginalSecurityGroupPolicySet\`).`);
  if (!Number.isInteger(index) || index < 0) throw new ApiError("InvalidParameterValue.Range", `The parameter \`${path}.0.PolicyIndex\` must be a whole number >= 0.`);
  unwrap(await firewallRegistry(ctx.env, ctx.account, ctx.region).changePolicies(g.securityGroupId, versionOf(set), ctx.now(), { kind: "replace", direction, index, rule: rule! }));
  return {};
}

async function associationStatistics(p: Params, ctx: ActionContext) {
  const ids = checkIds(p.SecurityGroupIds as string[], "sg", "SecurityGroupIds");
  if (!ids.length) throw new ApiError("MissingParameter", "The request is missing a required parameter `SecurityGroupIds.0`.");
  if (ids.length > 100) throw new ApiError("InvalidParameterValue.LimitExceeded", "The parameter `SecurityGroupIds` takes at most 100 ids.");
  const reg = firewallRegistry(ctx.env, ctx.account, ctx.region);
  const set = [];
  for (const id of ids) {
    await loadGroup(ctx, id);
    const cvm = (await reg.instancesOf(id)).length;
    set.push({ SecurityGroupId: id, CVM: cvm, CDB: 0, ENI: 0, SG: 0, CLB: 0, InstanceStatistics: cvm ? [{ InstanceType: "CVM", InstanceCount: cvm }] : [], TotalCount: cvm });
  }
  return { SecurityGroupAssociationStatisticsSet: set };
}

async function modifyAclAttribute(p: Params, ctx: ActionContext) {
  const a = await loadAcl(ctx, p.NetworkAclId as string);
  const name = p.NetworkAclName as string;
  if (name.length === 0) throw new ApiError("InvalidParameterValue", "The parameter `NetworkAclName` must not be empty.");
  if (name.length > 60) throw new ApiError("InvalidParameterValue.TooLong", "The parameter `NetworkAclName` must be at most 60 characters.");
  unwrap(await firewallRegistry(ctx.env, ctx.account, ctx.region).renameAcl(a.networkAclId, name));
  return {};
}

async function disassociateSubnets(p: Params, ctx: ActionContext) {
  const a = await loadAcl(ctx, p.NetworkAclId as string);
  const ids = checkIds(p.SubnetIds as string[], "subnet", "SubnetIds");
  if (!ids.length) throw new ApiError("MissingParameter", "The request is missing a required parameter `SubnetIds.0`.");
  unwrap(await firewallRegistry(ctx.env, ctx.account, ctx.region).disassociate(a.networkAclId, ids));
  return {};
}

const def = (name: string, handler: ActionDef["handler"]): ActionDef => ({ product: "vpc", version: V, shape: S[name]!, handler });

/** FIREWALL_LIFECYCLE_ACTIONS completes the security-group and network-ACL lifecycle. */
export const FIREWALL_LIFECYCLE_ACTIONS: Record<string, ActionDef> = {
  ModifySecurityGroupAttribute: def("ModifySecurityGroupAttribute", modifyAttribute),
  ModifySecurityGroupPolicies: def("ModifySecurityGroupPolicies", modifyPolicies),
  ReplaceSecurityGroupPolicy: def("ReplaceSecurityGroupPolicy", replacePolicy),
  DeleteSecurityGroupPolicies: def("DeleteSecurityGroupPolicies", deletePolicies),
  DescribeSecurityGroupAssociationStatistics: def("DescribeSecurityGroupAssociationStatistics", associationStatistics),
  ModifyNetworkAclAttribute: def("ModifyNetworkAclAttribute", modifyAclAttribute),
  DisassociateNetworkAclSubnets: def("DisassociateNetworkAclSubnets", disassociateSubnets),
};
