// The data plane's hot path asks no Durable Object in steady state: every namespace is wrapped to
// count stub calls, and after a warm-up call, 49 calls through a channel (weights 5,1,1, exact
// a a b a c a a per isolate) and 20 MOCK calls make 0 object calls. A failure is reported in one
// batched call off the answer's path; a change made in this isolate is served at once.
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { handleV3 } from "../../functions/dispatch";
import type { Env } from "../../functions/env";
import { handleApiCall, parseServiceUrl } from "../../functions/dataplane/serve";
import type { Sender } from "../../functions/dataplane/forward";
import { forget, MAX_STALE_MS, objectCalls, releasedService, STALE_MS } from "../../functions/dataplane/tables";
import { serviceObject } from "../../functions/objects/names";
import { tc3Request } from "../helpers/signer";

const REGION = "ap-tokyo";
const real = env as unknown as Env;

/** counting wraps every Durable Object namespace of env so that each stub method call is counted. */
function counting(base: Env): { env: Env; calls: string[] } {
  const calls: string[] = [];
  const wrapped: Record<string, unknown> = { ...base };
  for (const [name, ns] of Object.entries(base)) {
    if (!ns || typeof ns !== "object" || !("idFromName" in ns)) continue;
    const n = ns as DurableObjectNamespace;
    wrapped[name] = new Proxy(n, {
      get(target, prop) {
        const v = Reflect.get(target, prop);
        if (prop !== "get") return typeof v === "function" ? v.bind(target) : v;
        return (id: DurableObjectId) => {
          const stub = target.get(id);
          return new Proxy(stub, {
            get(s, method) {
              const v = Reflect.get(s, method);
              if (typeof v !== "function") return v;
              return (...args: unknown[]) => {
                calls.push(`${name}.${String(method)}`);
                return Reflect.apply(v as (...a: unknown[]) => unknown, s, args);
              };
            },
          });
        };
      },
    });
  }
  return { env: wrapped as unknown as Env, calls };
}

async function action(name: string, params: Record<string, unknown>, service = "apigateway") {
  const version = service === "apigateway" ? "2018-08-08" : "2017-03-12";
  const r = await handleV3(tc3Request(name, params, { service, version, region: REGION }), real);
  const body = ((await r.json()) as { Response: Record<string, any> }).Response;
  expect(body.Error, `${name}: ${JSON.stringify(body.Error)}`).toBeUndefined();
  return body;
}

const hits: string[] = [];
let failing: string | null = null;
const send: Sender = async (r) => {
  hits.push(r.hostname);
  if (r.hostname === failing) throw new Error("connection reset");
  return new Response(`${r.hostname} ${r.pathAndQuery}`, { status: 200 });
};
const NAMES: Record<string, string> = { "10.7.1.11": "a", "10.7.1.12": "b", "10.7.1.13": "c" };

let serviceId = "";
let upstreamId = "";
beforeAll(async () => {
  const { Vpc } = await action("CreateVpc", { VpcName: "hot", CidrBlock: "10.7.0.0/16" }, "vpc");
  const { Subnet } = await action("CreateSubnet", { VpcId: Vpc.VpcId, SubnetName: "s", CidrBlock: "10.7.1.0/24", Zone: `${REGION}-1` }, "vpc");
  const { Result: instanceId } = await action("CreateExclusiveInstances", {
    Zones: [`${REGION}-1`], InstanceType: "professional", NetworkConfig: { InternetMaxBandwidthOut: 10 },
    VpcConfig: { UniqVpcId: Vpc.VpcId, UniqSubnetId: Subnet.SubnetId }, PayMode: "POSTPAID",
  });
  serviceId = (await action("CreateService", { ServiceName: "hot", Protocol: "http", InstanceId: instanceId })).ServiceId;
  upstreamId = (
    await action("CreateUpstream", {
      Scheme: "HTTP", Algorithm: "ROUND-ROBIN", UniqVpcId: Vpc.VpcId,
      Nodes: Object.keys(NAMES).map((Host, i) => ({ Host, Port: 8080, Weight: [5, 1, 1][i] })),
      HealthChecker: {
        EnableActiveCheck: false, EnablePassiveCheck: true, HealthyHttpStatus: "200", UnhealthyHttpStatus: "500,502,503,504",
        TcpFailureThreshold: 1, TimeoutThreshold: 1, HttpFailureThreshold: 1, UnhealthyTimeout: 30,
      },
    })
  ).UpstreamId;
  const api = { ServiceId: serviceId, ServiceTimeout: 5, Protocol: "HTTP" };
  await action("CreateApi", { ...api, ServiceType: "UPSTREAM", RequestConfig: { Path: "/hello", Method: "GET" }, ServiceConfig: { UpstreamId: upstreamId, Path: "/backend" } });
  await action("CreateApi", { ...api, ServiceType: "MOCK", RequestConfig: { Path: "/mock", Method: "GET" }, ServiceMockReturnMessage: "mocked" });
  await action("ReleaseService", { ServiceId: serviceId, EnvironmentName: "release", ReleaseDesc: "hot" });
});

/** dataCall sends one call through the data plane with the counting env; background work is awaited after. */
async function dataCall(e: Env, path: string): Promise<{ status: number; text: string; background: Promise<unknown>[] }> {
  const url = new URL(`http://gw.local/${serviceId}/release${path}`);
  const background: Promise<unknown>[] = [];
  const res = await handleApiCall(new Request(url), e, parseServiceUrl(url, url.host)!, { bg: { waitUntil: (p) => void background.push(p) }, send });
  return { status: res.status, text: await res.text(), background };
}

describe("the data plane's hot path", () => {
  it("makes 0 Durable Object calls per call after warm-up, and keeps a a b a c a a within the isolate", async () => {
    const { env: e, calls } = counting(real);
    await dataCall(e, "/hello");
    await dataCall(e, "/mock");
    expect(calls.length, "the warm-up reads the service and the channel once").toBeGreaterThan(0);
    calls.length = 0;
    hits.length = 0;
    const counter = objectCalls.count;
    const results = [];
    for (let i = 0; i < 49; i++) results.push(await dataCall(e, "/hello"));
    for (let i = 0; i < 20; i++) expect((await dataCall(e, "/mock")).text).toBe("mocked");
    expect(results.every((r) => r.status === 200 && r.text.endsWith(" /backend"))).toBe(true);
    expect(calls, "Durable Object calls after warm-up").toEqual([]);
    expect(objectCalls.count - counter).toBe(0);
    const names = hits.map((h) => NAMES[h]);
    // the warm-up call took the first pick: the cycle continues from there, every 7 picks 5 a, 1 b, 1 c
    const cycle = "a a b a c a a".split(" ");
    const start = ["a", "b", "a", "c", "a", "a", "a"];
    expect(names.slice(0, 7)).toEqual(start);
    for (let w = 0; w + 7 <= 49; w += 7) expect(names.slice(w, w + 7).sort()).toEqual([...cycle].sort());
  });

  it("reports a failure to the channel's object in one call off the answer's path, and the isolate skips the node at once", async () => {
    const { env: e, calls } = counting(real);
    await dataCall(e, "/hello");
    calls.length = 0;
    failing = "10.7.1.12";
    hits.length = 0;
    const runs = [];
    for (let i = 0; i < 14; i++) runs.push(await dataCall(e, "/hello"));
    failing = null;
    expect(runs.every((r) => r.status === 200)).toBe(true);
    await Promise.all(runs.flatMap((r) => r.background));
    expect(hits.filter((h) => h === "10.7.1.12"), "b fails once, then is out of rotation in this isolate").toHaveLength(1);
    expect(calls).toEqual(["CHANNEL.report"]);
    const d = await action("DescribeUpstreams", { Filters: [{ Name: "UpstreamId", Values: [upstreamId] }], Limit: 10, Offset: 0 });
    expect(d.Result.UpstreamSet[0].Nodes.map((n: { Healthy: string }) => n.Healthy)).toEqual(["HEALTHY", "UNHEALTHY", "HEALTHY"]);
  });

  it("serves a change made in this isolate at once, with one read of the object", async () => {
    const { env: e, calls } = counting(real);
    await action("ModifyUpstream", { UpstreamId: upstreamId, Nodes: [{ Host: "10.7.1.13", Port: 8080, Weight: 1 }] });
    hits.length = 0;
    for (let i = 0; i < 5; i++) expect((await dataCall(e, "/hello")).status).toBe(200);
    expect(hits).toEqual(Array(5).fill("10.7.1.13"));
    expect(calls.filter((c) => c.startsWith("CHANNEL."))).toEqual(["CHANNEL.snapshot"]);
  });
});

describe("the staleness bound for changes made elsewhere", () => {
  it("serves a copy up to STALE_MS, revalidates in the background after it, and fetches again past MAX_STALE_MS", async () => {
    forget();
    const bgs: Promise<unknown>[] = [];
    const bg = { waitUntil: (p: Promise<unknown>) => void bgs.push(p) };
    const t0 = 1_000_000_000;
    const before = objectCalls.count;
    const first = await releasedService(real, serviceId, t0, bg);
    expect(objectCalls.count - before).toBe(1);
    // another isolate releases prepub: written to the object directly, this isolate is not told
    expect(first!.releases.prepub).toBeUndefined();
    await serviceObject(real, serviceId).release("prepub", "elsewhere", Date.now());
    expect((await releasedService(real, serviceId, t0 + STALE_MS, bg))!.releases.prepub, "within STALE_MS the copy serves").toBeUndefined();
    expect(objectCalls.count - before).toBe(1);
    const stale = await releasedService(real, serviceId, t0 + STALE_MS + 1, bg);
    expect(stale!.releases.prepub, "the stale copy still serves while it is revalidated").toBeUndefined();
    expect(bgs).toHaveLength(1);
    await Promise.all(bgs);
    expect((await releasedService(real, serviceId, t0 + STALE_MS + 2, bg))!.releases.prepub?.description).toBe("elsewhere");
    expect(objectCalls.count - before).toBe(2);
    // unchanged: the object answers by version, the copy stays; past MAX_STALE_MS the call waits for it
    await serviceObject(real, serviceId).unrelease("prepub");
    const late = await releasedService(real, serviceId, t0 + STALE_MS + 2 + MAX_STALE_MS + 1, bg);
    expect(late!.releases.prepub, "past the bound the change is always seen").toBeUndefined();
    expect(objectCalls.count - before).toBe(3);
  });
});
