// Plain records kept by the Durable Objects and passed over RPC (camelCase; wire names are set
// only by the actions). Types only, no behaviour.

/** A ClassicLink: one classic instance linked to a VPC, with the IP it had when linked. */
export interface LinkRecord {
  instanceId: string;
  ip: string;
  createdAt: number;
  /** The link's Local route id in the VPC's route table: stable for the link's life. */
  routeId: number;
}

/** A subnet of a VPC, with the private IPs handed out in it. */
export interface SubnetRecord {
  subnetId: string;
  vpcId: string;
  name: string;
  cidrBlock: string;
  zone: string;
  createdAt: number;
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
  /** A task that is terminating the instance or changing its IP; no link lock is given meanwhile. */
  op?: { taskId: string; kind: "terminate" | "change-ip" };
}

/** Ok wraps a successful result that crosses RPC. */
export type Ok<T> = { ok: true } & T;
