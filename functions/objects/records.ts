// Plain records kept by the Durable Objects and passed over RPC (camelCase; wire names are set
// only by the actions). Types only, no behaviour.
import type { ErrorCode, Failure } from "../errors";
import type { AttemptOutcome, NodeHealth } from "../dataplane/swrr";

/** A ClassicLink: one classic instance linked to a VPC, with the IP it had when linked. */
export interface LinkRecord {
  instanceId: string;
  ip: string;
  createdAt: number;
  /** The link's Local route id in the VPC's route table: stable for the link's life. */
  routeId: number;
  /** The task (detach, terminate, change-ip) that holds the link to remove it; only it may. */
  heldBy?: string;
}

/** A custom route of a VPC's route table: a destination sent to a gateway (not modelled beyond its id). */
export interface RouteRecord {
  routeId: number;
  destination: string;
  gatewayType: string;
  gatewayId: string;
  description: string;
  createdAt: number;
  /** False after DisableRoutes (absent: enabled). */
  enabled?: boolean;
}

/** A subnet of a VPC, with the private IPs handed out in it. */
export interface SubnetRecord {
  subnetId: string;
  vpcId: string;
  name: string;
  cidrBlock: string;
  zone: string;
  createdAt: number;
  /** ModifySubnetAttribute's EnableBroadcast (absent: false). */
  enableBroadcast?: boolean;
  /** Addresses handed out in the subnet, each with the instance holding it. */
  usedIps: Record<string, string>;
}

/** A VPC as its Durable Object keeps it. */
export interface VpcRecord {
  vpcId: string;
  name: string;
  cidrBlock: string;
  region: string;
  routeTableId: string;
  createdAt: number;
  /** Settings CreateVpc / ModifyVpcAttribute keep (absent: the defaults DescribeVpcs shows). */
  enableMulticast?: boolean;
  dnsServers?: string[];
  domainName?: string;
}

/** CVM states as Tencent spells them (InstanceState). */
export type InstanceState = "RUNNING" | "STOPPED" | "TERMINATING";

/** A CVM instance as its Durable Object keeps it. */
export interface InstanceRecord {
  instanceId: string;
  region: string;
  zone: string;
  name: string;
  instanceType: string;
  imageId: string;
  chargeType: string;
  network: "classic" | "vpc";
  vpcId?: string;
  subnetId?: string;
  privateIp: string;
  state: InstanceState;
  createdAt: number;
  /** The VPC this classic instance is linked to (CL4: at most one). */
  link?: { vpcId: string; since: number };
  /** A link being made by an attach task that has not committed yet: the single-link lock. */
  pending?: { taskId: string; vpcId: string };
  /** A task that is unlinking, terminating the instance or changing its IP; no lock is given meanwhile. */
  op?: { taskId: string; kind: OpKind };
}

/** The task kinds that hold an instance with `op` (attach holds it with `pending`). */
export type OpKind = "detach" | "terminate" | "change-ip";

/** The kinds of asynchronous task (DescribeVpcTaskResult reads their records). */
export type TaskKind = "attach" | OpKind;

/** What a task's recover() found: it holds nothing any more, is still running, or does not exist. */
export type Recovery = "done" | "running" | "unknown";

/** What every task record has, whatever its kind. */
interface TaskBase {
  taskId: string;
  account: string;
  region: string;
  instanceIds: string[];
  /** The caller's clock when the task was asked for (link times). */
  now: number;
  phase: "prepare" | "commit" | "rollback" | "done";
  status: "RUNNING" | "SUCCESS" | "FAILED";
  error?: { code: ErrorCode; message: string; v2Code?: ErrorCode };
  finishedAt?: number;
}

/** An attach: IP of each instance to link (instances already linked to the VPC are left out). */
export interface AttachTask extends TaskBase {
  kind: "attach";
  vpcId: string;
  ips?: Record<string, string>;
}

/** A detach of instances from one VPC. */
export interface DetachTask extends TaskBase {
  kind: "detach";
  vpcId: string;
}

/** A termination: the instance records as they stood when the task took them. */
export interface TerminateTask extends TaskBase {
  kind: "terminate";
  held?: InstanceRecord[];
}

/** A private IP change of one classic instance: its record as it stood when taken. */
export interface ChangeIpTask extends TaskBase {
  kind: "change-ip";
  newIp: string;
  held?: InstanceRecord;
}

/** The durable record of a task: its request, phase and outcome, by kind. */
export type TaskRecord = AttachTask | DetachTask | TerminateTask | ChangeIpTask;

type Asked<T> = T extends TaskRecord ? Omit<T, "phase" | "status" | "error" | "finishedAt" | "ips" | "held"> : never;

/** What a handler asks a task to do; `crashAfter` (tests only) names a crash point, `<point>/pause` to pause there. */
export type TaskRequest = Asked<TaskRecord> & { crashAfter?: string };

/** A refusal caused by other tasks' locks: the holders' ids, so the caller can have them recover. */
export type LockFailure = Failure & { holders?: string[] };

/** Ok wraps a successful result that crosses RPC. */
export type Ok<T> = { ok: true } & T;

/** A node of a VPC channel. */
export interface ChannelNodeRecord {
  host: string;
  port: number;
  weight: number;
  vmInstanceId?: string;
  tags?: string[];
}

/** A channel's health-check settings (UpstreamHealthChecker), kept as given. */
export interface HealthCheckerRecord {
  enableActiveCheck: boolean;
  enablePassiveCheck: boolean;
  healthyHttpStatus: string;
  unhealthyHttpStatus: string;
  tcpFailureThreshold: number;
  timeoutThreshold: number;
  httpFailureThreshold: number;
  activeCheckHttpPath?: string;
  activeCheckTimeout?: number;
  activeCheckInterval?: number;
  activeRequestHeader?: Record<string, string>[];
  unhealthyTimeout: number;
}

/**
 * A VPC channel (Tencent's "Upstream"). Kept in its object's storage as JSON, so the field
 * names stay as first stored: `upstreamId` is the channel's id, `upstreamHost` the Host header
 * sent to its nodes and `upstreamType` its backend type (IP_PORT), as the wire names them.
 */
export interface ChannelRecord {
  upstreamId: string;
  account: string;
  region: string;
  name: string;
  description: string;
  scheme: "HTTP" | "HTTPS";
  algorithm: string;
  vpcId: string;
  retries: number;
  upstreamHost?: string;
  upstreamType: string;
  nodes: ChannelNodeRecord[];
  healthChecker?: HealthCheckerRecord;
  tags: { Key: string; Value: string }[];
  createdAt: number;
}

/** An API bound to a channel, as DescribeUpstreamBindApis lists it. */
export interface BindingRecord {
  apiId: string;
  serviceId: string;
  apiName: string;
  serviceName: string;
  bindTime: number;
}

/** An API Gateway exclusive instance (Tencent's ExclusiveInstance, a dedicated one), which runs inside a VPC. */
export interface ExclusiveInstanceRecord {
  instanceId: string;
  name: string;
  description: string;
  instanceType: string;
  zones: string[];
  vpcId: string;
  subnetId: string;
  payMode: string;
  bandwidthOut: number;
  createdAt: number;
}

/** An API's backend: a channel, a plain HTTP URL or a mock answer. */
export interface ApiBackend {
  serviceType: string;
  product?: string;
  /** The channel's id (ServiceConfig.UpstreamId; the stored name, kept so stored APIs read back). */
  upstreamId?: string;
  /** ServiceConfig.UniqVpcId as given (echoed by DescribeApi). */
  uniqVpcId?: string;
  url?: string;
  /** ServiceConfig.Url as sent, where it differs from url (the origin): DescribeApi echoes it. */
  urlAsSent?: string;
  path?: string;
  method?: string;
  mockReturn?: string;
}

/** An API of an API Gateway service. */
export interface ApiRecord {
  apiId: string;
  name: string;
  description: string;
  protocol: string;
  path: string;
  method: string;
  timeoutSeconds: number;
  backend: ApiBackend;
  createdAt: number;
  modifiedAt: number;
  /** ApiInfo fields kept as the last CreateApi/ModifyApi sent them (AuthType, EnableCORS, …), as JSON text. */
  fields?: string;
}

/** An API Gateway service: on an exclusive instance (instanceId) or on the shared one. */
export interface ServiceRecord {
  serviceId: string;
  account: string;
  region: string;
  name: string;
  description: string;
  protocol: string;
  netTypes: string[];
  instanceId?: string;
  instanceName?: string;
  /** UniqVpcId given at creation (the service's VPC attribute). */
  vpcId?: string;
  /** The VPC the exclusive instance runs in (fixed for the instance's life). */
  instanceVpcId?: string;
  createdAt: number;
  /** IpVersion as created (IPv4 or IPv6). */
  ipVersion?: string;
  /** Last ModifyService (absent: never modified). */
  modifiedAt?: number;
}

/** A release kept in a service's history (DescribeServiceReleaseVersion, UpdateService). */
export type ReleaseHistoryRecord = ReleaseRecord;

/** A release of a service to one environment: the APIs as they were when released. */
export interface ReleaseRecord {
  environment: string;
  version: string;
  description: string;
  apis: ApiRecord[];
  releasedAt: number;
}

/** One ordered rule as the API gave it (protocol upper-cased, port "ALL" when absent). */
export interface RuleRecord {
  action: "ACCEPT" | "DROP";
  protocol: string;
  port: string;
  cidr: string;
  description: string;
  modifiedAt: number;
}

export interface SecurityGroupRecord {
  securityGroupId: string;
  name: string;
  description: string;
  projectId: string;
  createdAt: number;
  updatedAt: number;
  /** Bumped on every rule change; a caller may pass the version it read to avoid lost updates. */
  version: number;
  ingress: RuleRecord[];
  egress: RuleRecord[];
}

export interface NetworkAclRecord {
  networkAclId: string;
  vpcId: string;
  name: string;
  createdAt: number;
  inbound: RuleRecord[];
  outbound: RuleRecord[];
}

/** A CCN and the VPCs attached to it. */
export interface CcnRecord {
  ccnId: string;
  name: string;
  description: string;
  qosLevel: string;
  chargeType: string;
  createdAt: number;
  vpcs: { vpcId: string; region: string; attachedAt: number; description?: string }[];
}

/** A resource as the tag product addresses it (the parts of qcs::service:region:uin/:prefix/id). */
export interface TagTarget {
  service: string;
  region: string;
  prefix: string;
  id: string;
}

/** One key:value pair of the account's tag list, and whether any resource carries it. */
export interface TagListRow {
  key: string;
  value: string;
  bound: boolean;
}

/** One tag of one resource. */
export interface TagRow extends TagTarget {
  key: string;
  value: string;
}

/** What the data plane keeps of a service in isolate memory: the service and its releases, versioned. */
export interface ServiceSnapshot {
  version: string;
  service: ServiceRecord;
  releases: Record<string, ReleaseRecord>;
}

/** A node chosen for one attempt, with what the forwarder needs to reach it. */
export interface NodePick {
  index: number;
  node: ChannelNodeRecord;
  scheme: "HTTP" | "HTTPS";
  /** The Host header to send (the channel's UpstreamHost), if it sets one. */
  hostHeader?: string;
  retries: number;
  unhealthyStatuses: number[];
  /** Whether outcomes count for passive health (else there is nothing to report). */
  passive: boolean;
}

/** What the data plane keeps of a channel in isolate memory: its record and node health, versioned. */
export interface ChannelSnapshot {
  version: string;
  channel: ChannelRecord;
  health: NodeHealth[];
}

/** One attempt's outcome as the data plane reports it (in batches, off the hot path). */
export interface OutcomeReport {
  index: number;
  outcome: AttemptOutcome;
  at: number;
}

/** Node health as DescribeUpstreams shows it. */
export type HealthLabel = "OFF" | "HEALTHY" | "UNHEALTHY" | "NO_DATA";
