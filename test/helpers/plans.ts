// Plan documents for the core's trace, matrix, lint and shadow tests: a small valid plan that each
// test gets fresh and mutates, and helpers to load one and to read a trace compactly.
import { expect } from "vitest";
import type { Hop, LoadedPlan, NetworkPlan, PlanRule, PolicyCore } from "../../policy-core/bindings/index";

/** copy reports a deep copy that shares no object, even ones the original shares (structuredClone would). */
function copy<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

/** An ACL or security-group list letting everything through (plans built here copy it). */
export const OPEN: readonly PlanRule[] = Object.freeze([Object.freeze<PlanRule>({ action: "ACCEPT", protocol: "ALL", cidr: "0.0.0.0/0" })]);

/**
 * basePlan reports a fresh, valid plan with no lint findings (region ap-guangzhou):
 *
 * - vpc-a 10.0.0.0/16, main route table rt-a (192.168.0.0/16 via VPN, route 0);
 *   subnets sn-a1 10.0.1.0/24 (acl-a1) and sn-a2 10.0.2.0/24 (acl-a2), both ACLs open;
 *   vm-a1 10.0.1.10 (sn-a1), vm-a2 10.0.2.10 (sn-a2), both in sg-web;
 *   lb-a 10.0.1.100 (sn-a1, sg-open) with backend vm-a1.
 * - vpc-b 10.1.0.0/16 (implicit main table "vpc-b:main"); subnet sn-b1 10.1.1.0/24 without ACL;
 *   vm-b1 10.1.1.10 without a security group.
 * - classic cvm-c1 10.48.0.10 (sg-web), linked to vpc-a; classic cvm-c2 10.48.0.20 (no group).
 * - sg-web: ingress TCP 22,80,443 and ICMP from anywhere; egress everything.
 *   sg-open: everything both ways.
 * - gw-a, a dedicated gateway instance in vpc-a; svc-dedicated on gw-a, svc-shared on the
 *   shared instance; channel ch-a (vpc-a) used by svc-dedicated; channel ch-b (vpc-b) unused.
 */
export function basePlan(): NetworkPlan {
  return copy<NetworkPlan>({
    version: 1,
    region: "ap-guangzhou",
    vpcs: [
      { id: "vpc-a", cidrs: ["10.0.0.0/16"] },
      { id: "vpc-b", cidrs: ["10.1.0.0/16"] },
    ],
    routeTables: [{ id: "rt-a", vpcId: "vpc-a", main: true, routes: [{ destination: "192.168.0.0/16", gatewayType: "VPN" }] }],
    networkAcls: [
      { id: "acl-a1", vpcId: "vpc-a", inbound: [...OPEN], outbound: [...OPEN] },
      { id: "acl-a2", vpcId: "vpc-a", inbound: [...OPEN], outbound: [...OPEN] },
    ],
    subnets: [
      { id: "sn-a1", vpcId: "vpc-a", cidr: "10.0.1.0/24", networkAclId: "acl-a1" },
      { id: "sn-a2", vpcId: "vpc-a", cidr: "10.0.2.0/24", networkAclId: "acl-a2" },
      { id: "sn-b1", vpcId: "vpc-b", cidr: "10.1.1.0/24" },
    ],
    securityGroups: [
      {
        id: "sg-web",
        ingress: [
          { action: "ACCEPT", protocol: "TCP", port: "22,80,443", cidr: "0.0.0.0/0" },
          { action: "ACCEPT", protocol: "ICMP", cidr: "0.0.0.0/0" },
        ],
        egress: [...OPEN],
      },
      { id: "sg-open", ingress: [...OPEN], egress: [...OPEN] },
    ],
    instances: [
      { id: "vm-a1", network: "vpc", ip: "10.0.1.10", vpcId: "vpc-a", subnetId: "sn-a1", securityGroupIds: ["sg-web"] },
      { id: "vm-a2", network: "vpc", ip: "10.0.2.10", vpcId: "vpc-a", subnetId: "sn-a2", securityGroupIds: ["sg-web"] },
      { id: "vm-b1", network: "vpc", ip: "10.1.1.10", vpcId: "vpc-b", subnetId: "sn-b1" },
      { id: "cvm-c1", network: "classic", ip: "10.48.0.10", securityGroupIds: ["sg-web"] },
      { id: "cvm-c2", network: "classic", ip: "10.48.0.20" },
    ],
    classicLinks: [{ vpcId: "vpc-a", instanceId: "cvm-c1" }],
    loadBalancers: [{ id: "lb-a", vpcId: "vpc-a", subnetId: "sn-a1", ip: "10.0.1.100", securityGroupIds: ["sg-open"], backendIds: ["vm-a1"] }],
    gatewayInstances: [{ id: "gw-a", vpcId: "vpc-a" }],
    services: [{ id: "svc-dedicated", gatewayInstanceId: "gw-a" }, { id: "svc-shared" }],
    channels: [
      { id: "ch-a", vpcId: "vpc-a", serviceIds: ["svc-dedicated"] },
      { id: "ch-b", vpcId: "vpc-b" },
    ],
  });
}

/** load loads a plan that must load cleanly. */
export function load(core: PolicyCore, doc: NetworkPlan): LoadedPlan {
  const r = core.plan(doc);
  if (!r.ok) expect.fail(`plan did not load: ${JSON.stringify(r.issues)}`);
  return r.plan;
}

/** A hop in short: component, object id, rule index, instance. */
export type HopRow = [component: Hop["component"], id: string | null, ruleIndex: number | null, instanceId: string | null];

/** hops reports a list of hops in short. */
export function hops(list: Hop[]): HopRow[] {
  return list.map((h) => [h.component, h.id, h.ruleIndex, h.instanceId]);
}

/** rule builds a plan rule from (action, protocol, port, cidr). */
export function rule(action: "ACCEPT" | "DROP", protocol: string, port: string, cidr: string): PlanRule {
  return port === "" ? { action, protocol, cidr } : { action, protocol, port, cidr };
}

/** The choices that make one plan of the grid family (see gridPlan). */
export interface GridChoices {
  /** Ingress and egress lists of sg-0, sg-1 and sg-2. */
  groups: { ingress: PlanRule[]; egress: PlanRule[] }[];
  /** Inbound and outbound lists of acl-0, acl-1 and acl-2. */
  acls: { inbound: PlanRule[]; outbound: PlanRule[] }[];
  /** For each of the 10 instances and the load balancer, the groups bound (indices into groups). */
  bindings: number[][];
  /** For each of the 4 classic instances, the VPC it is linked to (0-3) or -1. */
  links: number[];
  /** The VPCs a CCN joins (none when fewer than two). */
  ccn: number[];
}

/**
 * gridPlan builds a plan with no custom routes over four VPCs: vpc-0 10.0.0.0/16 (subnets with
 * acl-0 and acl-1), vpc-1 10.1.0.0/16 (one subnet with acl-2, one without), vpc-2 172.16.0.0/16
 * (not linkable, CL6) and vpc-3 10.3.0.0/16 in another region; one VPC instance per subnet
 * (vm-0a, vm-0b, vm-1a, vm-1b, vm-2a, vm-3a), four classic instances (cvm-1 to cvm-4 at
 * 10.48.0.1-4, cvm-4 in the other region) and a load balancer lb-0 in sn-0a.
 */
export function gridPlan(choices: GridChoices): NetworkPlan {
  const c = copy(choices);
  const vpcInstances: [string, string, string, string][] = [
    ["vm-0a", "vpc-0", "sn-0a", "10.0.1.10"],
    ["vm-0b", "vpc-0", "sn-0b", "10.0.2.10"],
    ["vm-1a", "vpc-1", "sn-1a", "10.1.1.10"],
    ["vm-1b", "vpc-1", "sn-1b", "10.1.2.10"],
    ["vm-2a", "vpc-2", "sn-2a", "172.16.1.10"],
    ["vm-3a", "vpc-3", "sn-3a", "10.3.1.10"],
  ];
  const sgIds = (i: number) => (c.bindings[i] ?? []).map((g) => `sg-${g}`);
  const instances: NetworkPlan["instances"] = [
    ...vpcInstances.map(([id, vpcId, subnetId, ip], i) => ({ id, network: "vpc" as const, vpcId, subnetId, ip, securityGroupIds: sgIds(i) })),
    ...[1, 2, 3, 4].map((n, k) => ({
      id: `cvm-${n}`,
      network: "classic" as const,
      ip: `10.48.0.${n}`,
      securityGroupIds: sgIds(6 + k),
      ...(n === 4 ? { region: "ap-beijing" } : {}),
    })),
  ];
  return {
    version: 1,
    region: "ap-guangzhou",
    vpcs: [
      { id: "vpc-0", cidrs: ["10.0.0.0/16"] },
      { id: "vpc-1", cidrs: ["10.1.0.0/16"] },
      { id: "vpc-2", cidrs: ["172.16.0.0/16"] },
      { id: "vpc-3", region: "ap-beijing", cidrs: ["10.3.0.0/16"] },
    ],
    networkAcls: c.acls.map((a, i) => ({ id: `acl-${i}`, vpcId: i < 2 ? "vpc-0" : "vpc-1", inbound: a.inbound, outbound: a.outbound })),
    subnets: [
      { id: "sn-0a", vpcId: "vpc-0", cidr: "10.0.1.0/24", networkAclId: "acl-0" },
      { id: "sn-0b", vpcId: "vpc-0", cidr: "10.0.2.0/24", networkAclId: "acl-1" },
      { id: "sn-1a", vpcId: "vpc-1", cidr: "10.1.1.0/24", networkAclId: "acl-2" },
      { id: "sn-1b", vpcId: "vpc-1", cidr: "10.1.2.0/24" },
      { id: "sn-2a", vpcId: "vpc-2", cidr: "172.16.1.0/24" },
      { id: "sn-3a", vpcId: "vpc-3", cidr: "10.3.1.0/24" },
    ],
    securityGroups: c.groups.map((g, i) => ({ id: `sg-${i}`, ingress: g.ingress, egress: g.egress })),
    instances,
    classicLinks: c.links.flatMap((v, k) => (v < 0 ? [] : [{ vpcId: `vpc-${v}`, instanceId: `cvm-${k + 1}` }])),
    loadBalancers: [{ id: "lb-0", vpcId: "vpc-0", subnetId: "sn-0a", ip: "10.0.1.100", securityGroupIds: sgIds(10), backendIds: ["vm-0a"] }],
    ccns: c.ccn.length >= 2 ? [{ id: "ccn-0", vpcIds: c.ccn.map((v) => `vpc-${v}`) }] : [],
  };
}
