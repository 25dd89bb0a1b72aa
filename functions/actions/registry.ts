// Every API 3.0 action, keyed by its exact Action name. One table per product file.
import type { ActionDef } from "./context";
import { CVM_ACTIONS } from "./cvm/instances";
import { CLASSIC_LINK_ACTIONS } from "./vpc/classic-link";
import { VPC_ACTIONS } from "./vpc/vpcs";

/** ACTIONS maps an Action name to its definitions (one per product that has it). */
export const ACTIONS: Record<string, ActionDef[]> = {};
for (const table of [VPC_ACTIONS, CLASSIC_LINK_ACTIONS, CVM_ACTIONS]) {
  for (const [name, def] of Object.entries(table)) (ACTIONS[name] ??= []).push(def);
}

/** EXTENSION_ACTIONS are actions this service adds beyond Tencent's API (listed in the README). */
export const EXTENSION_ACTIONS = ["ModifyClassicInstancePrivateIp"];
