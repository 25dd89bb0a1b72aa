// API Gateway (apigateway 2018-08-08) helpers for the control-plane conformance tests: the
// official client pointed at the local Worker, and builders for the set-up of
// examples/channel-tour.mjs (a VPC with a subnet, a dedicated instance on it, a service, a
// channel, an API bound to it).
import { expect } from "vitest";
import { sdkClients } from "./sdk";
import { makeSubnet, makeVpc, uniqueName, type VpcClient } from "./resources";

/** gatewayClient reports an apigateway 2018-08-08 SDK client for a region of the local Worker. */
export function gatewayClient(port: number, region: string) {
  return sdkClients(port, region).apigateway;
}

/** The apigateway SDK client. */
export type GatewayClient = ReturnType<typeof gatewayClient>;

/** A channel request as CreateUpstream takes it. */
export type ChannelRequest = Parameters<GatewayClient["CreateUpstream"]>[0];

/** A CreateApi request. */
export type ApiRequest = Parameters<GatewayClient["CreateApi"]>[0];

/** channelName reports a unique name of a-z, A-Z, 0-9 and _ only (at most 50 characters). */
export function channelName(prefix: string): string {
  return uniqueName(prefix).replace(/[^A-Za-z0-9_]/g, "_").slice(0, 50);
}

/** channelRequest reports a valid CreateUpstream request for a VPC, with the given overrides. */
export function channelRequest(vpcId: string, over: Record<string, unknown> = {}): ChannelRequest {
  return {
    UpstreamName: channelName("ch"),
    Scheme: "HTTP",
    Algorithm: "ROUND-ROBIN",
    UniqVpcId: vpcId,
    Nodes: [{ Host: "10.0.0.10", Port: 8080, Weight: 10 }],
    ...over,
  } as ChannelRequest;
}

/** makeChannel creates a channel and reports its id. */
export async function makeChannel(gw: GatewayClient, vpcId: string, over: Record<string, unknown> = {}): Promise<string> {
  const r = await gw.CreateUpstream(channelRequest(vpcId, over));
  expect(r.UpstreamId).toMatch(/^upstream-[a-z0-9]{8}$/);
  return r.UpstreamId!;
}

/** A VPC with one subnet (the network a dedicated instance needs). */
export interface Network {
  vpcId: string;
  subnetId: string;
}

/** makeNetwork creates a VPC 10.<octet>.0.0/16 with a /24 subnet in the given zone. */
export async function makeNetwork(vpc: VpcClient, secondOctet: number, zone: string): Promise<Network> {
  const vpcId = await makeVpc(vpc, `10.${secondOctet}.0.0/16`);
  const subnetId = await makeSubnet(vpc, vpcId, `10.${secondOctet}.1.0/24`, zone);
  return { vpcId, subnetId };
}

/** instanceRequest reports a valid CreateExclusiveInstances request, with the given overrides. */
export function instanceRequest(net: Network, zone: string, over: Record<string, unknown> = {}) {
  return {
    Zones: [zone],
    InstanceType: "professional",
    NetworkConfig: { InternetMaxBandwidthOut: 10 },
    VpcConfig: { UniqVpcId: net.vpcId, UniqSubnetId: net.subnetId },
    PayMode: "POSTPAID",
    ...over,
  } as Parameters<GatewayClient["CreateExclusiveInstances"]>[0];
}

/** makeInstance creates a dedicated gateway instance in a network and reports its id. */
export async function makeInstance(gw: GatewayClient, net: Network, zone: string): Promise<string> {
  const r = await gw.CreateExclusiveInstances(instanceRequest(net, zone));
  expect(r.Result).toMatch(/^instance-[a-z0-9]{8}$/);
  return r.Result!;
}

/** makeService creates a service (on a dedicated instance if given) and reports its id. */
export async function makeService(gw: GatewayClient, instanceId?: string, name = channelName("svc")): Promise<string> {
  const r = await gw.CreateService({ ServiceName: name, Protocol: "http", ...(instanceId ? { InstanceId: instanceId } : {}) });
  expect(r.ServiceId).toMatch(/^service-[a-z0-9]{8}$/);
  return r.ServiceId!;
}

let pathSeq = 0;

/** nextPath reports a frontend path no other API of this run uses. */
export function nextPath(): string {
  pathSeq += 1;
  return `/p${pathSeq}`;
}

/** channelApiRequest reports a CreateApi request bound to a channel (ServiceType UPSTREAM). */
export function channelApiRequest(serviceId: string, channelId: string, over: Record<string, unknown> = {}): ApiRequest {
  const path = nextPath();
  return {
    ServiceId: serviceId,
    ServiceType: "UPSTREAM",
    ServiceTimeout: 5,
    Protocol: "HTTP",
    ApiName: `api_${path.slice(1)}`,
    RequestConfig: { Path: path, Method: "GET" },
    ServiceConfig: { UpstreamId: channelId, Path: "/backend" },
    ...over,
  } as ApiRequest;
}

/** makeChannelApi creates an API of a service bound to a channel and reports its id. */
export async function makeChannelApi(gw: GatewayClient, serviceId: string, channelId: string, over: Record<string, unknown> = {}): Promise<string> {
  const r = await gw.CreateApi(channelApiRequest(serviceId, channelId, over));
  expect(r.Result?.ApiId).toMatch(/^api-[a-z0-9]{8}$/);
  return r.Result!.ApiId!;
}

/** boundApis reports the ids of the APIs a channel lists as bound to it (sorted). */
export async function boundApis(gw: GatewayClient, channelId: string): Promise<string[]> {
  const r = await gw.DescribeUpstreamBindApis({ UpstreamId: channelId, Limit: 100, Offset: 0 });
  expect(r.Result?.TotalCount).toBe(r.Result?.BindApiSet?.length);
  return (r.Result?.BindApiSet ?? []).map((b) => b.ApiId!).sort();
}
