// Builders and readers for the security-group, network-ACL and reachability conformance tests:
// wire rules, security groups and ACLs made through the official SDK, a VPC "lab" handing out
// fresh subnets and instances, and the extension actions ExportNetworkPlan and AnalyzeReachability
// called with the SDK's generic request().
import { expect } from "vitest";
import type { NetworkPlan } from "../../policy-core/bindings/index";
import { instance, makeSubnet, makeVpc, uniqueName, type Clients, type CvmClient, type VpcClient } from "./resources";

/** A SecurityGroupPolicy / NetworkAclEntry as the tests send it. */
export interface WireRule {
  Protocol: string;
  Port?: string;
  CidrBlock: string;
  Action: string;
  PolicyDescription?: string;
  Description?: string;
}

/** rule builds a wire rule; an empty port leaves Port out. */
export function rule(action: string, protocol: string, port: string, cidr: string): WireRule {
  return port === "" ? { Protocol: protocol, CidrBlock: cidr, Action: action } : { Protocol: protocol, Port: port, CidrBlock: cidr, Action: action };
}

/** ALLOW_ALL lets every flow through. */
export const ALLOW_ALL: WireRule[] = [rule("ACCEPT", "ALL", "", "0.0.0.0/0")];

/** WEB_INGRESS admits TCP 22, 80 and 443 and ICMP from anywhere. */
export const WEB_INGRESS: WireRule[] = [rule("ACCEPT", "TCP", "22,80,443", "0.0.0.0/0"), rule("ACCEPT", "ICMP", "", "0.0.0.0/0")];

/** makeSecurityGroup creates a group, adds its ingress then its egress rules, and reports its id. */
export async function makeSecurityGroup(vpc: VpcClient, rules: { ingress?: WireRule[]; egress?: WireRule[] } = {}, name = uniqueName("sg")): Promise<string> {
  const r = await vpc.CreateSecurityGroup({ GroupName: name, GroupDescription: "test group" });
  const id = r.SecurityGroup?.SecurityGroupId;
  expect(id).toMatch(/^sg-[a-z0-9]{8}$/);
  if (rules.ingress?.length) await vpc.CreateSecurityGroupPolicies({ SecurityGroupId: id!, SecurityGroupPolicySet: { Ingress: rules.ingress } });
  if (rules.egress?.length) await vpc.CreateSecurityGroupPolicies({ SecurityGroupId: id!, SecurityGroupPolicySet: { Egress: rules.egress } });
  return id!;
}

/** makeAcl creates a network ACL in a VPC, sets the given rule lists, binds the subnets and reports its id. */
export async function makeAcl(
  vpc: VpcClient,
  vpcId: string,
  rules: { inbound?: WireRule[]; outbound?: WireRule[] } = {},
  subnetIds: string[] = [],
): Promise<string> {
  const r = await vpc.CreateNetworkAcl({ VpcId: vpcId, NetworkAclName: uniqueName("acl") });
  const id = r.NetworkAcl?.NetworkAclId;
  expect(id).toMatch(/^acl-[a-z0-9]{8}$/);
  if (rules.inbound || rules.outbound) {
    await vpc.ModifyNetworkAclEntries({
      NetworkAclId: id!,
      NetworkAclEntrySet: { ...(rules.inbound ? { Ingress: rules.inbound } : {}), ...(rules.outbound ? { Egress: rules.outbound } : {}) },
    });
  }
  if (subnetIds.length) await vpc.AssociateNetworkAclSubnets({ NetworkAclId: id!, SubnetIds: subnetIds });
  return id!;
}

/** An instance and its private IP. */
export interface Host {
  id: string;
  ip: string;
}

/** runHost runs one instance in a VPC subnet (optionally in security groups) and reports its id and IP. */
export async function runHost(cvm: CvmClient, zone: string, vpcId: string, subnetId: string, securityGroupIds: string[] = []): Promise<Host> {
  const r = await cvm.RunInstances({
    Placement: { Zone: zone },
    VirtualPrivateCloud: { VpcId: vpcId, SubnetId: subnetId },
    ...(securityGroupIds.length ? { SecurityGroupIds: securityGroupIds } : {}),
  });
  expect(r.InstanceIdSet).toHaveLength(1);
  const id = r.InstanceIdSet![0]!;
  return { id, ip: (await instance(cvm, id)).PrivateIp };
}

/** runClassicHost runs one classic-network instance (optionally in security groups). */
export async function runClassicHost(cvm: CvmClient, zone: string, securityGroupIds: string[] = []): Promise<Host> {
  const r = await cvm.RunInstances({ Placement: { Zone: zone }, ...(securityGroupIds.length ? { SecurityGroupIds: securityGroupIds } : {}) });
  expect(r.InstanceIdSet).toHaveLength(1);
  const id = r.InstanceIdSet![0]!;
  return { id, ip: (await instance(cvm, id)).PrivateIp };
}

/** routeTableOf reports the id of a VPC's (only) route table. */
export async function routeTableOf(vpc: VpcClient, vpcId: string): Promise<string> {
  const r = await vpc.DescribeRouteTables({ Filters: [{ Name: "vpc-id", Values: [vpcId] }] });
  expect(r.RouteTableSet).toHaveLength(1);
  return r.RouteTableSet![0]!.RouteTableId!;
}

/**
 * VpcLab is one VPC 10.<octet>.0.0/16 of a region that hands out fresh /24 subnets, instances,
 * security groups and ACLs, so each test builds the state it traces without touching another's.
 */
export class VpcLab {
  private next = 1;

  private constructor(
    readonly c: Clients,
    readonly zone: string,
    readonly octet: number,
    readonly vpcId: string,
    readonly routeTableId: string,
  ) {}

  /** create makes the VPC 10.<octet>.0.0/16. */
  static async create(c: Clients, zone: string, octet: number): Promise<VpcLab> {
    const vpcId = await makeVpc(c.vpc, `10.${octet}.0.0/16`);
    return new VpcLab(c, zone, octet, vpcId, await routeTableOf(c.vpc, vpcId));
  }

  get cidr(): string {
    return `10.${this.octet}.0.0/16`;
  }

  /** subnet creates the next free /24 subnet. */
  async subnet(): Promise<{ id: string; cidr: string }> {
    const cidr = `10.${this.octet}.${this.next++}.0/24`;
    return { id: await makeSubnet(this.c.vpc, this.vpcId, cidr, this.zone), cidr };
  }

  /** host runs an instance in a subnet of this VPC. */
  host(subnetId: string, securityGroupIds: string[] = []): Promise<Host> {
    return runHost(this.c.cvm, this.zone, this.vpcId, subnetId, securityGroupIds);
  }

  /** sg creates a security group. */
  sg(ingress: WireRule[] = [], egress: WireRule[] = []): Promise<string> {
    return makeSecurityGroup(this.c.vpc, { ingress, egress });
  }

  /** acl creates a network ACL of this VPC bound to the given subnets. */
  acl(inbound: WireRule[], outbound: WireRule[], subnetIds: string[]): Promise<string> {
    return makeAcl(this.c.vpc, this.vpcId, { inbound, outbound }, subnetIds);
  }

  /**
   * pair builds two subnets with one instance each (both in a web group: TCP 22/80/443 and ICMP
   * in, everything out) and reports them; ACLs are left to the caller.
   */
  async pair(): Promise<Pair> {
    const web = await this.sg(WEB_INGRESS, ALLOW_ALL);
    const s1 = await this.subnet();
    const s2 = await this.subnet();
    return { web, s1, s2, a: await this.host(s1.id, [web]), b: await this.host(s2.id, [web]) };
  }
}

/** Two subnets of a lab VPC with one web instance each. */
export interface Pair {
  web: string;
  s1: { id: string; cidr: string };
  s2: { id: string; cidr: string };
  a: Host;
  b: Host;
}

/** One hop of an AnalyzeReachability answer. */
export interface HopWire {
  Component: string;
  Id: string | null;
  RuleIndex: number | null;
  Passed: boolean;
  Code: string | null;
  InstanceId: string | null;
  Detail: string;
}

/** An AnalyzeReachability answer. */
export interface TraceWire {
  Verdict: "ACCEPTED" | "DENIED";
  Disposition: string;
  DeliveredTo: string | null;
  Explanations: { Code: string; Rule: string; ObjectId: string | null; RuleIndex: number | null; Message: string }[];
  ForwardPath: HopWire[];
  ReturnPath: HopWire[];
  RequestId?: string;
}

/** A flow question for AnalyzeReachability. */
export interface FlowAsk {
  Source: string;
  Destination: string;
  Protocol?: string;
  Port?: number | string;
  SourcePort?: number;
}

/** tcp builds a TCP flow question. */
export function tcp(Source: string, Destination: string, Port: number | string, SourcePort?: number): FlowAsk {
  return SourcePort === undefined ? { Source, Destination, Protocol: "TCP", Port } : { Source, Destination, Protocol: "TCP", Port, SourcePort };
}

/** analyze calls the extension action AnalyzeReachability. */
export async function analyze(vpc: VpcClient, q: FlowAsk): Promise<TraceWire> {
  return (await vpc.request("AnalyzeReachability", q)) as TraceWire;
}

/** exportPlan calls the extension action ExportNetworkPlan and reports the plan document. */
export async function exportPlan(vpc: VpcClient): Promise<NetworkPlan> {
  const r = (await vpc.request("ExportNetworkPlan", {})) as { Plan: NetworkPlan };
  expect(r.Plan?.version).toBe(1);
  return r.Plan;
}

/** A hop in short: component, object id, rule index, instance. */
export type HopRow = [component: string, id: string | null, ruleIndex: number | null, instanceId: string | null];

/** rows reports hops in short. */
export function rows(list: HopWire[]): HopRow[] {
  return list.map((h) => [h.Component, h.Id, h.RuleIndex, h.InstanceId]);
}

/** expectDenied asserts a trace was denied by exactly one explanation with these fields. */
export function expectDenied(t: TraceWire, code: string, rule: string, disposition: string, objectId: string | null, ruleIndex: number | null): void {
  expect({ Verdict: t.Verdict, Disposition: t.Disposition, DeliveredTo: t.DeliveredTo }).toEqual({ Verdict: "DENIED", Disposition: disposition, DeliveredTo: null });
  expect(t.Explanations).toEqual([{ Code: code, Rule: rule, ObjectId: objectId, RuleIndex: ruleIndex, Message: expect.stringContaining(`${code} (${rule})`) }]);
  const deciding = [...t.ForwardPath, ...t.ReturnPath].filter((h) => !h.Passed);
  expect(deciding).toHaveLength(1);
  expect(deciding[0]).toMatchObject({ Code: code, Id: objectId, RuleIndex: ruleIndex });
}
