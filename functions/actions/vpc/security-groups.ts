// Security groups (vpc 2017-03-12): CreateSecurityGroup, DescribeSecurityGroups,
// CreateSecurityGroupPolicies, DescribeSecurityGroupPolicies, DeleteSecurityGroup. Rules are
// ordered, first match wins, stateful (CL10); each field is checked by policy-core.
import { ApiError } from "../../errors";
import type { SecurityGroupRecord } from "../../objects/records";
import { firewallRegistry } from "../../objects/names";
import { SDK_SCHEMAS } from "../../protocol/schemas.generated";
import { checkId, checkIds, filterMap, matches, page, tencentTime, unwrap, type ActionContext, type ActionDef, type Params } from "../context";
import { checkCreateTags, dropTags, saveTags, tagSetsOf } from "../tag/tags";
import { checkWireRules, policyWire, type WireRule } from "./policy-rules";

const S = SDK_SCHEMAS.vpc!;
const V = "2017-03-12";

function groupWire(g: SecurityGroupRecord, tags: { Key: string; Value: string }[] = []) {
  return {
    SecurityGroupId: g.securityGroupId,
    SecurityGroupName: g.name,
    SecurityGroupDesc: g.description,
    ProjectId: g.projectId,
    IsDefault: false,
    CreatedTime: tencentTime(g.createdAt),
    UpdateTime: tencentTime(g.updatedAt),
    TagSet: tags,
  };
}

/** policySetWire renders a group's rules as SecurityGroupPolicySet. */
function policySetWire(g: SecurityGroupRecord) {
  return {
    Version: String(g.version),
    Egress: g.egress.map((r, i) => policyWire(r, i, g.securityGroupId)),
    Ingress: g.ingress.map((r, i) => policyWire(r, i, g.securityGroupId)),
    // Every rule here is IPv4 (IPv6 CIDRs are refused), so the IPv6 counts are 0.
    PolicyStatistics: { IngressIPv4TotalCount: g.ingress.length, IngressIPv6TotalCount: 0, EgressIPv4TotalCount: g.egress.length, EgressIPv6TotalCount: 0 },
  };
}

/** loadGroup reports a security group of the caller's region, or throws ResourceNotFound. */
export async function loadGroup(ctx: ActionContext, id: string): Promise<SecurityGroupRecord> {
  checkId(id, "sg", "SecurityGroupId");
  const g = await firewallRegistry(ctx.env, ctx.account, ctx.region).securityGroup(id);
  if (!g) throw new ApiError("ResourceNotFound", `The security group ${id} does not exist in ${ctx.region}.`);
  return g;
}

async function createSecurityGroup(p: Params, ctx: ActionContext) {
  const name = p.GroupName as string;
  const desc = p.GroupDescription as string;
  if (name.length === 0) throw new ApiError("InvalidParameterValue", "The parameter `GroupName` must not be empty.");
  if (name.length > 60) throw new ApiError("InvalidParameterValue.TooLong", "The parameter `GroupName` must be at most 60 characters.");
  if (desc.length > 100) throw new ApiError("InvalidParameterValue.TooLong", "The parameter `GroupDescription` must be at most 100 characters.");
  const tags = p.Tags as { Key: string; Value?: string }[] | undefined;
  const tagPairs = await checkCreateTags(ctx, tags);
  const reg = firewallRegistry(ctx.env, ctx.account, ctx.region);
  for (;;) {
    const g: SecurityGroupRecord = {
      securityGroupId: ctx.newId("sg"), name, description: desc, projectId: (p.ProjectId as string | undefined) ?? "0",
      createdAt: ctx.now(), updatedAt: ctx.now(), version: 0, ingress: [], egress: [],
    };
    if (await reg.createSecurityGroup(g)) {
      await saveTags(ctx, "vpc", "sg", g.securityGroupId, tagPairs);
      return { SecurityGroup: groupWire(g, (await tagSetsOf(ctx, "vpc", "sg", [g.securityGroupId])).get(g.securityGroupId)) };
    }
  }
}

async function describeSecurityGroups(p: Params, ctx: ActionContext) {
  const ids = p.SecurityGroupIds ? checkIds(p.SecurityGroupIds as string[], "sg", "SecurityGroupIds") : undefined;
  const f = filterMap(p.Filters, ["security-group-id", "security-group-name", "project-id"]);
  const { offset, limit } = page(p.Offset, p.Limit);
  const all = (await firewallRegistry(ctx.env, ctx.account, ctx.region).securityGroups()).filter(
    (g) =>
      (!ids || ids.includes(g.securityGroupId)) &&
      matches(f, "security-group-id", g.securityGroupId) &&
      matches(f, "security-group-name", g.name) &&
      matches(f, "project-id", g.projectId),
  );
  const shown = all.slice(offset, offset + limit);
  const tags = await tagSetsOf(ctx, "vpc", "sg", shown.map((g) => g.securityGroupId));
  return { TotalCount: all.length, SecurityGroupSet: shown.map((g) => groupWire(g, tags.get(g.securityGroupId))) };
}

async function createPolicies(p: Params, ctx: ActionContext) {
  const g = await loadGroup(ctx, p.SecurityGroupId as string);
  const set = p.SecurityGroupPolicySet as { Version?: string; Egress?: WireRule[]; Ingress?: WireRule[] };
  const ingress = set.Ingress ?? [];
  const egress = set.Egress ?? [];
  if (ingress.length && egress.length) {
    throw new ApiError("InvalidParameter", "One request creates rules of one direction: give `SecurityGroupPolicySet.Ingress` or `.Egress`, not both.");
  }
  if (!ingress.length && !egress.length) throw new ApiError("MissingParameter", "The request is missing a required parameter `SecurityGroupPolicySet.Ingress` or `.Egress`.");
  const direction = ingress.length ? "ingress" : "egress";
  const wire = ingress.length ? ingress : egress;
  const path = `SecurityGroupPolicySet.${ingress.length ? "Ingress" : "Egress"}`;
  const indexes = [...new Set(wire.map((r) => r.PolicyIndex))];
  if (indexes.length > 1) throw new ApiError("InvalidParameterValue", `Every rule of \`${path}\` must carry the same PolicyIndex (or none).`);
  const index = indexes[0] ?? null;
  if (index !== null && (!Number.isInteger(index) || index < 0)) throw new ApiError("InvalidParameterValue.Range", `The parameter \`${path}.0.PolicyIndex\` must be a whole number >= 0.`);
  let version: number | null = null;
  if (set.Version !== undefined && set.Version !== "") {
    if (!/^\d{1,9}$/.test(set.Version)) throw new ApiError("InvalidParameterValue", "The parameter `SecurityGroupPolicySet.Version` must be a decimal version number.");
    version = Number(set.Version);
  }
  const rules = await checkWireRules(wire, path, ctx.now(), "PolicyDescription");
  unwrap(await firewallRegistry(ctx.env, ctx.account, ctx.region).addPolicies(g.securityGroupId, direction, rules, index, version, ctx.now()));
  return {};
}

async function describePolicies(p: Params, ctx: ActionContext) {
  const g = await loadGroup(ctx, p.SecurityGroupId as string);
  return { SecurityGroupPolicySet: policySetWire(g) };
}

async function deleteSecurityGroup(p: Params, ctx: ActionContext) {
  const g = await loadGroup(ctx, p.SecurityGroupId as string);
  unwrap(await firewallRegistry(ctx.env, ctx.account, ctx.region).deleteSecurityGroup(g.securityGroupId));
  await dropTags(ctx, "vpc", "sg", g.securityGroupId);
  return {};
}

/** SECURITY_GROUP_ACTIONS is the vpc 2017-03-12 security-group table. */
export const SECURITY_GROUP_ACTIONS: Record<string, ActionDef> = {
  CreateSecurityGroup: { product: "vpc", version: V, shape: S.CreateSecurityGroup!, handler: createSecurityGroup },
  DescribeSecurityGroups: { product: "vpc", version: V, shape: S.DescribeSecurityGroups!, handler: describeSecurityGroups },
  CreateSecurityGroupPolicies: { product: "vpc", version: V, shape: S.CreateSecurityGroupPolicies!, handler: createPolicies },
  DescribeSecurityGroupPolicies: { product: "vpc", version: V, shape: S.DescribeSecurityGroupPolicies!, handler: describePolicies },
  DeleteSecurityGroup: { product: "vpc", version: V, shape: S.DeleteSecurityGroup!, handler: deleteSecurityGroup },
};
