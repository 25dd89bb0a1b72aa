// Every API 3.0 action, keyed by its exact Action name. One table per product file.
import { API_ACTIONS } from "./apigateway/apis";
import { CHANNEL_ACTIONS } from "./apigateway/channels";
import { EXCLUSIVE_INSTANCE_ACTIONS } from "./apigateway/exclusive-instances";
import { SERVICE_READ_ACTIONS } from "./apigateway/service-reads";
import { SERVICE_ACTIONS } from "./apigateway/services";
import { STRATEGY_ACTIONS } from "./apigateway/strategies";
import type { ActionDef } from "./context";
import { CVM_ACTIONS } from "./cvm/instances";
import { TAG_ACTIONS } from "./tag/tags";
import { CONTROL_PLANE_ACTIONS } from "./control/control-plane";
import { INSTANCE_ATTRIBUTE_ACTIONS } from "./cvm/instance-attributes";
import { CCN_LIFECYCLE_ACTIONS } from "./vpc/ccn-lifecycle";
import { FIREWALL_LIFECYCLE_ACTIONS } from "./vpc/firewall-lifecycle";
import { VPC_LIFECYCLE_ACTIONS } from "./vpc/vpc-lifecycle";
import { CCN_ACTIONS } from "./vpc/ccn";
import { CLASSIC_LINK_ACTIONS } from "./vpc/classic-link";
import { NETWORK_ACL_ACTIONS } from "./vpc/network-acls";
import { REACHABILITY_ACTIONS } from "./vpc/reachability";
import { SECURITY_GROUP_ACTIONS } from "./vpc/security-groups";
import { VPC_ACTIONS } from "./vpc/vpcs";

/** ACTIONS maps an Action name to its definitions (one per product that has it). */
export const ACTIONS: Record<string, ActionDef[]> = {};
for (const table of [
  VPC_ACTIONS, CLASSIC_LINK_ACTIONS, CCN_ACTIONS, SECURITY_GROUP_ACTIONS, NETWORK_ACL_ACTIONS, REACHABILITY_ACTIONS, CVM_ACTIONS, EXCLUSIVE_INSTANCE_ACTIONS, SERVICE_ACTIONS, API_ACTIONS, CHANNEL_ACTIONS, TAG_ACTIONS,
  SERVICE_READ_ACTIONS, STRATEGY_ACTIONS,
  VPC_LIFECYCLE_ACTIONS, FIREWALL_LIFECYCLE_ACTIONS, CCN_LIFECYCLE_ACTIONS, INSTANCE_ATTRIBUTE_ACTIONS, CONTROL_PLANE_ACTIONS,
]) {
  for (const [name, def] of Object.entries(table)) (ACTIONS[name] ??= []).push(def);
}

/** EXTENSION_ACTIONS are actions this service adds beyond Tencent's API (listed in the README). */
const EXTENSION_ACTIONS = ["ModifyClassicInstancePrivateIp", "ExportNetworkPlan", "AnalyzeReachability", "ResetState", "SeedNetworkPlan", "DeleteExclusiveInstance"];
