// Small builders and readers over the official SDK clients, shared by the SDK conformance tests:
// make VPCs, subnets and instances, link them, and read links, routes and instances back.
import { expect } from "vitest";
import { clients, sdkClients } from "./sdk";

/** The vpc and cvm SDK clients of one region. */
export type Clients = ReturnType<typeof clients>;
export type VpcClient = Clients["vpc"];
export type CvmClient = Clients["cvm"];

/** clientsWithHttp reports clients whose httpProfile is the local one plus the given settings. */
export function clientsWithHttp(...args: Parameters<typeof sdkClients>): Clients {
  const { vpc, cvm } = sdkClients(...args);
  return { vpc, cvm };
}

let nameSeq = 0;

/** uniqueName reports a name no other test of this run uses (at most 60 characters). */
export function uniqueName(prefix: string): string {
  nameSeq += 1;
  return `${prefix}-${Date.now().toString(36)}-${nameSeq}`;
}

/** makeVpc creates a VPC and reports its id. */
export async function makeVpc(vpc: VpcClient, cidr: string, name = uniqueName("vpc")): Promise<string> {
  const r = await vpc.CreateVpc({ VpcName: name, CidrBlock: cidr });
  const id = r.Vpc?.VpcId;
  expect(id).toMatch(/^vpc-[a-z0-9]{8}$/);
  return id!;
}

/** makeSubnet creates a subnet in zone `<region>-1` and reports its id. */
export async function makeSubnet(vpc: VpcClient, vpcId: string, cidr: string, zone: string): Promise<string> {
  const r = await vpc.CreateSubnet({ VpcId: vpcId, SubnetName: uniqueName("sn"), CidrBlock: cidr, Zone: zone });
  const id = r.Subnet?.SubnetId;
  expect(id).toMatch(/^subnet-[a-z0-9]{8}$/);
  return id!;
}

/** makeClassic runs classic-network instances (no VirtualPrivateCloud) and reports their ids. */
export async function makeClassic(cvm: CvmClient, zone: string, count = 1): Promise<string[]> {
  const r = await cvm.RunInstances({ Placement: { Zone: zone }, InstanceCount: count });
  const ids = r.InstanceIdSet ?? [];
  expect(ids).toHaveLength(count);
  return ids;
}

/** makeVpcInstance runs one instance inside a VPC subnet and reports its id. */
export async function makeVpcInstance(cvm: CvmClient, zone: string, vpcId: string, subnetId: string): Promise<string> {
  const r = await cvm.RunInstances({ Placement: { Zone: zone }, VirtualPrivateCloud: { VpcId: vpcId, SubnetId: subnetId } });
  expect(r.InstanceIdSet).toHaveLength(1);
  return r.InstanceIdSet![0]!;
}

/** An instance as DescribeInstances reports it (the fields the tests read). */
export interface InstanceView {
  InstanceId: string;
  InstanceState: string;
  InstanceType: string;
  ImageId: string;
  PrivateIp: string;
  VpcId: string;
  SubnetId: string;
  Zone: string;
}

/** describeInstances reports the given instances that still exist, in the directory's order. */
export async function describeInstances(cvm: CvmClient, ids: string[]): Promise<InstanceView[]> {
  const r = await cvm.DescribeInstances({ InstanceIds: ids, Limit: 100 });
  return (r.InstanceSet ?? []).map((i) => ({
    InstanceId: i.InstanceId!,
    InstanceState: i.InstanceState!,
    InstanceType: i.InstanceType!,
    ImageId: i.ImageId!,
    PrivateIp: i.PrivateIpAddresses?.[0] ?? "",
    VpcId: i.VirtualPrivateCloud?.VpcId ?? "",
    SubnetId: i.VirtualPrivateCloud?.SubnetId ?? "",
    Zone: i.Placement?.Zone ?? "",
  }));
}

/** instance reports one instance, failing the test when it does not exist. */
export async function instance(cvm: CvmClient, id: string): Promise<InstanceView> {
  const [one] = await describeInstances(cvm, [id]);
  expect(one, `instance ${id}`).toBeDefined();
  return one!;
}

/** linkedTo reports the ids of the instances linked to a VPC (sorted). */
export async function linkedTo(vpc: VpcClient, vpcId: string): Promise<string[]> {
  const r = await vpc.DescribeClassicLinkInstances({ Filters: [{ Name: "vpc-id", Values: [vpcId] }], Limit: "100" });
  expect(r.TotalCount).toBe(r.ClassicLinkInstanceSet?.length);
  return (r.ClassicLinkInstanceSet ?? []).map((l) => l.InstanceId!).sort();
}

/** linkOf reports the VPC an instance is linked to, or undefined (searched by its IP). */
export async function linkOf(vpc: VpcClient, ip: string, instanceId: string): Promise<string | undefined> {
  const r = await vpc.DescribeClassicLinkInstances({ Filters: [{ Name: "vm-ip", Values: [ip] }], Limit: "100" });
  return r.ClassicLinkInstanceSet?.find((l) => l.InstanceId === instanceId)?.VpcId;
}

/** routesOf reports the destination CIDRs of a VPC's route table, in the order listed. */
export async function routesOf(vpc: VpcClient, vpcId: string): Promise<{ dest: string; type: string }[]> {
  const r = await vpc.DescribeRouteTables({ Filters: [{ Name: "vpc-id", Values: [vpcId] }] });
  expect(r.RouteTableSet).toHaveLength(1);
  return (r.RouteTableSet![0]!.RouteSet ?? []).map((x) => ({ dest: x.DestinationCidrBlock!, type: x.GatewayType! }));
}

/** attach links instances to a VPC and reports the RequestId (the task id). */
export async function attach(vpc: VpcClient, vpcId: string, ids: string[]): Promise<string> {
  const r = await vpc.AttachClassicLinkVpc({ VpcId: vpcId, InstanceIds: ids });
  expect(r.RequestId).toMatch(/^[0-9a-f-]{36}$/);
  return r.RequestId!;
}

/** ipValue reports a dotted quad as an unsigned 32-bit integer. */
export function ipValue(ip: string): number {
  const parts = ip.split(".").map(Number);
  expect(parts).toHaveLength(4);
  return ((parts[0]! << 24) | (parts[1]! << 16) | (parts[2]! << 8) | parts[3]!) >>> 0;
}

/** CLASSIC_LOW and CLASSIC_HIGH bound the classic network: 10.48.0.0-10.255.255.255. */
export const CLASSIC_LOW = ipValue("10.48.0.0");
export const CLASSIC_HIGH = ipValue("10.255.255.255");
