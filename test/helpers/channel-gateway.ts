// Builders for VPC-channel data-plane tests, following examples/channel-tour.mjs: a VPC with a
// subnet, a dedicated gateway instance in it, a service on the instance, a channel over given
// nodes, APIs bound to it and a release; and a client for calls through the gateway.
import { request } from "node:http";
import { expect } from "vitest";
import { sdkClients } from "./sdk";
import { makeSubnet, makeVpc } from "./resources";

/** The SDK clients a channel test uses. */
export function gatewayClients(port: number, region: string) {
  const { vpc, apigateway } = sdkClients(port, region);
  return {
    vpc,
    apigw: apigateway,
  };
}

export type GatewayClients = ReturnType<typeof gatewayClients>;
export type ApigwClient = GatewayClients["apigw"];
type CreateUpstreamRequest = Parameters<ApigwClient["CreateUpstream"]>[0];
export type HealthChecker = NonNullable<CreateUpstreamRequest["HealthChecker"]>;

/** A channel node as the test gives it. */
export interface NodeSpec {
  port: number;
  weight: number;
  host?: string;
}

/** One API of the service: frontend path and method, backend path, timeout in seconds. */
export interface ApiSpec {
  path: string;
  method?: string;
  backendPath?: string;
  timeout?: number;
}

/** What to build: the channel's settings, its APIs, and where the dedicated instance runs. */
export interface GatewaySpec {
  nodes: NodeSpec[];
  retries?: number;
  scheme?: "HTTP" | "HTTPS";
  hostHeader?: string;
  healthChecker?: HealthChecker;
  /** Default: one ANY API on /hello with backend path /backend and a 5 s timeout. */
  apis?: ApiSpec[];
  /** "other": the dedicated instance runs in a VPC of its own, not the channel's (rule CH6). */
  instanceVpc?: "same" | "other";
  /** The environment to release to ("release" by default; null = not released). */
  environment?: string | null;
}

/** A built gateway: ids, and the URL of a path through it. */
export interface Gateway {
  serviceId: string;
  channelId: string;
  instanceId: string;
  channelVpcId: string;
  instanceVpcId: string;
  outerSubDomain: string;
  apiIds: string[];
  /** url reports the gateway URL of an API path in an environment. */
  url(path: string, environment?: string): string;
}

/** A call's outcome: status, body text and the parsed JSON body when it is JSON. */
export interface CallResult {
  status: number;
  text: string;
  headers: Headers;
  json: Record<string, unknown> | null;
}

/** GatewayFactory builds gateways in one region; each gets VPCs of its own. */
export class GatewayFactory {
  readonly c: GatewayClients;
  private cidr = 0;

  constructor(
    readonly port: number,
    readonly region: string,
  ) {
    this.c = gatewayClients(port, region);
  }

  /** vpc creates a VPC with one subnet in zone `<region>-1` and reports both ids. */
  async vpc(): Promise<{ vpcId: string; subnetId: string }> {
    const n = this.cidr++;
    const vpcId = await makeVpc(this.c.vpc, `10.${n}.0.0/16`);
    const subnetId = await makeSubnet(this.c.vpc, vpcId, `10.${n}.1.0/24`, `${this.region}-1`);
    return { vpcId, subnetId };
  }

  /** build creates VPC(s), a dedicated instance, a service, a channel, its APIs and a release. */
  async build(spec: GatewaySpec): Promise<Gateway> {
    const { apigw } = this.c;
    const channelVpc = await this.vpc();
    const instanceVpc = spec.instanceVpc === "other" ? await this.vpc() : channelVpc;
    const { Result: instanceId } = await apigw.CreateExclusiveInstances({
      Zones: [`${this.region}-1`],
      InstanceType: "professional",
      NetworkConfig: { InternetMaxBandwidthOut: 10 },
      VpcConfig: { UniqVpcId: instanceVpc.vpcId, UniqSubnetId: instanceVpc.subnetId },
      PayMode: "POSTPAID",
    });
    const svc = await apigw.CreateService({ ServiceName: "dataplane", Protocol: "http", InstanceId: instanceId! });
    const { UpstreamId } = await apigw.CreateUpstream({
      UpstreamName: "dataplane_channel",
      Scheme: spec.scheme ?? "HTTP",
      Algorithm: "ROUND-ROBIN",
      UniqVpcId: channelVpc.vpcId,
      ...(spec.retries !== undefined ? { Retries: spec.retries } : {}),
      ...(spec.hostHeader !== undefined ? { UpstreamHost: spec.hostHeader } : {}),
      ...(spec.healthChecker ? { HealthChecker: spec.healthChecker } : {}),
      Nodes: spec.nodes.map((n) => ({ Host: n.host ?? "127.0.0.1", Port: n.port, Weight: n.weight })),
    });
    const apiIds: string[] = [];
    for (const a of spec.apis ?? [{ path: "/hello", method: "ANY", backendPath: "/backend" }]) {
      const { Result } = await apigw.CreateApi({
        ServiceId: svc.ServiceId!,
        ServiceType: "UPSTREAM",
        ServiceTimeout: a.timeout ?? 5,
        Protocol: "HTTP",
        RequestConfig: { Path: a.path, Method: a.method ?? "ANY" },
        ServiceConfig: { UpstreamId: UpstreamId!, ...(a.backendPath ? { Path: a.backendPath } : {}) },
      });
      apiIds.push(Result!.ApiId!);
    }
    const environment = spec.environment === undefined ? "release" : spec.environment;
    if (environment) await apigw.ReleaseService({ ServiceId: svc.ServiceId!, EnvironmentName: environment, ReleaseDesc: "data plane test" });
    const base = `http://127.0.0.1:${this.port}/${svc.ServiceId}`;
    return {
      serviceId: svc.ServiceId!,
      channelId: UpstreamId!,
      instanceId: instanceId!,
      channelVpcId: channelVpc.vpcId,
      instanceVpcId: instanceVpc.vpcId,
      outerSubDomain: svc.OuterSubDomain!,
      apiIds,
      url: (path, env = "release") => `${base}/${env}${path}`,
    };
  }

  /** nodeHealth reports the Healthy label of each node of a channel, as DescribeUpstreams shows it. */
  async nodeHealth(channelId: string): Promise<string[]> {
    const r = await this.c.apigw.DescribeUpstreams({ Filters: [{ Name: "UpstreamId", Values: [channelId] }], Limit: 10, Offset: 0 });
    expect(r.Result?.UpstreamSet).toHaveLength(1);
    return (r.Result!.UpstreamSet![0]!.Nodes ?? []).map((n) => n.Healthy ?? "");
  }
}

/** CALL_TIMEOUT_MS bounds every call through the gateway, so a hang fails the test, not the run. */
export const CALL_TIMEOUT_MS = 10_000;

/** call sends one request through the gateway and reads the whole answer. */
export async function call(url: string, init: RequestInit = {}): Promise<CallResult> {
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(CALL_TIMEOUT_MS) });
  const text = await res.text();
  let json: Record<string, unknown> | null = null;
  if ((res.headers.get("content-type") ?? "").includes("application/json")) json = JSON.parse(text) as Record<string, unknown>;
  return { status: res.status, text, headers: res.headers, json };
}

/** callMany sends GETs one after another to `url?call=<i>` for i = 1..n and reports every result. */
export async function callMany(url: string, n: number, init: RequestInit = {}): Promise<CallResult[]> {
  const out: CallResult[] = [];
  const sep = url.includes("?") ? "&" : "?";
  for (let i = 1; i <= n; i++) out.push(await call(`${url}${sep}call=${i}`, init));
  return out;
}

/** callWithHost sends a request with an explicit Host header (fetch cannot set one) and reads the answer. */
export function callWithHost(port: number, path: string, host: string, method = "GET"): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, method, headers: { host }, timeout: CALL_TIMEOUT_MS }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.on("timeout", () => req.destroy(new Error(`no answer within ${CALL_TIMEOUT_MS} ms`)));
    req.on("error", reject);
    req.end();
  });
}

/** servedBy reports the name of the node that answered each call (the first word of its body). */
export function servedBy(results: CallResult[]): string[] {
  return results.map((r) => (r.status === 200 ? r.text.split(" ")[0]! : `HTTP ${r.status}`));
}

/** tally counts how often each name appears. */
export function tally(names: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const n of names) out[n] = (out[n] ?? 0) + 1;
  return out;
}
