// cvm 2017-03-12 ModifyInstancesAttribute: an instance's name and its security groups (the list
// given replaces the bound one; other attributes are accepted and not modelled); and
// DisassociateSecurityGroups, the undo of AssociateSecurityGroups.
import { ApiError } from "../../errors";
import { firewallRegistry, instanceObject } from "../../objects/names";
import { SDK_SCHEMAS } from "../../protocol/schemas.generated";
import { checkIds, unwrap, type ActionContext, type ActionDef, type Params } from "../context";
import { checkGroups, existing, ids } from "./instances";

async function modifyInstancesAttribute(p: Params, ctx: ActionContext) {
  const list = ids(p);
  const name = p.InstanceName as string | undefined;
  if (name !== undefined && (name.length === 0 || name.length > 128)) throw new ApiError("InvalidParameterValue", "The parameter `InstanceName` must be 1 to 128 characters.");
  const groups = p.SecurityGroups ? checkIds(p.SecurityGroups as string[], "sg", "SecurityGroups") : undefined;
  if (name === undefined && groups === undefined && p.HostName === undefined && p.UserData === undefined && p.CamRoleName === undefined && p.DisableApiTermination === undefined) {
    throw new ApiError("MissingParameter", "The request must carry an attribute to change (`InstanceName`, `SecurityGroups`, ...).");
  }
  if (groups) await checkGroups(ctx, groups, "SecurityGroups");
  await existing(ctx, list);
  for (const id of list) {
    if (name !== undefined) unwrap(await instanceObject(ctx.env, ctx.account, id).rename(id, name));
    if (groups) unwrap(await firewallRegistry(ctx.env, ctx.account, ctx.region).setBindings(id, groups));
  }
  return {};
}

/** disassociateSecurityGroups unbinds one security group (Tencent takes one per call) from instances. */
async function disassociateSecurityGroups(p: Params, ctx: ActionContext) {
  const groups = checkIds(p.SecurityGroupIds as string[], "sg", "SecurityGroupIds");
  if (!groups.length) throw new ApiError("MissingParameter", "The request is missing a required parameter `SecurityGroupIds.0`.");
  if (groups.length > 1) throw new ApiError("InvalidParameterValue", "The parameter `SecurityGroupIds` takes one security group per call.");
  const list = ids(p);
  await checkGroups(ctx, groups, "SecurityGroupIds");
  await existing(ctx, list);
  unwrap(await firewallRegistry(ctx.env, ctx.account, ctx.region).unbind(list, groups[0]!));
  return {};
}

/** INSTANCE_ATTRIBUTE_ACTIONS are cvm's ModifyInstancesAttribute and DisassociateSecurityGroups. */
export const INSTANCE_ATTRIBUTE_ACTIONS: Record<string, ActionDef> = {
  ModifyInstancesAttribute: { product: "cvm", version: "2017-03-12", shape: SDK_SCHEMAS.cvm!.ModifyInstancesAttribute!, handler: modifyInstancesAttribute },
  DisassociateSecurityGroups: { product: "cvm", version: "2017-03-12", shape: SDK_SCHEMAS.cvm!.DisassociateSecurityGroups!, handler: disassociateSecurityGroups },
};
