// The Worker's bindings and variables, as wrangler.toml declares them. Types only.
import type { ApiGatewayRegistry } from "./objects/apigateway-registry";
import type { CcnRegistry } from "./objects/ccn-registry";
import type { ChannelObject } from "./objects/channel-object";
import type { FirewallRegistry } from "./objects/firewall-registry";
import type { InstanceObject } from "./objects/instance-object";
import type { RegionDirectory } from "./objects/region-directory";
import type { ReplayGuard } from "./objects/replay-guard";
import type { TagRegistry } from "./objects/tag-registry";
import type { ServiceObject } from "./objects/service-object";
import type { TaskObject } from "./objects/task-object";
import type { VpcObject } from "./objects/vpc-object";

/** Env is what the Worker and its Durable Objects receive from the runtime. */
export interface Env {
  /** Accepted key pairs: "SecretId:SecretKey[:Account][,...]" (a secret; .dev.vars locally). Unset: every call is refused. */
  TC_CREDENTIALS?: string;
  /** VPCs allowed per region (default 20, Tencent's default quota). */
  VPC_QUOTA_PER_REGION?: string;
  /** "1" lets tests ask a task to stop after a named step, as a crash would (never in production). */
  FAULT_INJECTION?: string;
  VPC: DurableObjectNamespace<VpcObject>;
  INSTANCE: DurableObjectNamespace<InstanceObject>;
  DIRECTORY: DurableObjectNamespace<RegionDirectory>;
  TASK: DurableObjectNamespace<TaskObject>;
  REPLAY: DurableObjectNamespace<ReplayGuard>;
  SERVICE: DurableObjectNamespace<ServiceObject>;
  CHANNEL: DurableObjectNamespace<ChannelObject>;
  APIGATEWAY: DurableObjectNamespace<ApiGatewayRegistry>;
  CCN: DurableObjectNamespace<CcnRegistry>;
  FIREWALL: DurableObjectNamespace<FirewallRegistry>;
  TAG: DurableObjectNamespace<TagRegistry>;
}
