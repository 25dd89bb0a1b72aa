// The data plane's forward() with a fake sender and a pinned clock (retries, POST not resent,
// passive health timing without sleeping), and handleV3/handleV2 with a pinned Runtime.
import { describe, expect, it } from "vitest";
import { handleV2, handleV3, type Runtime } from "../../functions/dispatch";
import { forward, type Sender } from "../../functions/dataplane/forward";
import { ConnectFailed, type NodeRequest } from "../../functions/dataplane/http1";
import { localChannel } from "../../functions/dataplane/rotation";
import { freshHealth } from "../../functions/dataplane/swrr";
import type { ChannelState } from "../../functions/dataplane/tables";
import type { ChannelRecord } from "../../functions/objects/records";
import { formRequest, tc3Request } from "../helpers/signer";
import { testEnv } from "../helpers/worker-api";

type Behaviour = "ok" | "503" | "refuse" | "drop";

function channelState(names: string[], o: { passive?: boolean; retries?: number } = {}): ChannelState {
  const channel: ChannelRecord = {
    upstreamId: "upstream-pinned01", account: "1250000000", region: "ap-guangzhou", name: "c", description: "",
    scheme: "HTTP", algorithm: "ROUND-ROBIN", vpcId: "vpc-pinned01", retries: o.retries ?? 3, upstreamType: "IP_HASH",
    nodes: names.map((n, i) => ({ host: `10.0.0.${i + 1}`, port: 8000 + i, weight: 1, vmInstanceId: n })),
    tags: [], createdAt: 0,
    ...(o.passive === false ? {} : {
      healthChecker: {
        enableActiveCheck: false, enablePassiveCheck: true, healthyHttpStatus: "200", unhealthyHttpStatus: "500,502,503,504",
        tcpFailureThreshold: 1, timeoutThreshold: 1, httpFailureThreshold: 1, unhealthyTimeout: 2,
      },
    }),
  };
  const health = names.map(freshHealth);
  return { snap: { version: "1", channel, health }, current: names.map(() => 0), health: names.map(freshHealth), pending: [], nodesKey: "" };
}

/** A fake node sender: each node (by port, 8000 + index) behaves as told; every request is logged. */
function fakeSender(names: string[], behaviour: Record<string, Behaviour>) {
  const log: string[] = [];
  const send: Sender = async (r: NodeRequest) => {
    const name = names[r.port - 8000]!;
    log.push(`${r.method} ${name}`);
    const b = behaviour[name] ?? "ok";
    if (b === "refuse") throw new ConnectFailed("connection refused");
    if (b === "drop") throw new Error("connection reset after sending");
    return new Response(name, { status: b === "503" ? 503 : 200 });
  };
  return { send, log };
}

const out = (method: string) => ({ method, pathAndQuery: "/hello", headers: new Headers(), body: method === "GET" ? null : new ArrayBuffer(2), timeoutMs: 5000 });

describe("forward with a fake sender and a pinned clock", () => {
  const names = ["a", "b", "c"];

  it("retries a GET that got 503 on another node and answers from it", async () => {
    const st = channelState(names, { passive: false });
    const { send, log } = fakeSender(names, { a: "503" });
    const res = await forward(localChannel(st), "upstream-pinned01", out("GET"), send, () => 1000);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("b");
    expect(log).toEqual(["GET a", "GET b"]);
  });

  it("retries a POST whose connection never opened, but never resends a POST that reached a node", async () => {
    const refused = fakeSender(names, { a: "refuse" });
    const r1 = await forward(localChannel(channelState(names, { passive: false })), "upstream-pinned01", out("POST"), refused.send, () => 1000);
    expect(await r1.text()).toBe("b");
    expect(refused.log).toEqual(["POST a", "POST b"]);

    const dropped = fakeSender(names, { a: "drop" });
    const r2 = await forward(localChannel(channelState(names, { passive: false })), "upstream-pinned01", out("POST"), dropped.send, () => 1000);
    expect(r2.status).toBe(502);
    const body = (await r2.json()) as { attempts: { node: string; outcome: string }[] };
    expect(body.attempts).toEqual([expect.objectContaining({ node: "10.0.0.1:8000", outcome: "tcp" })]);
    expect(dropped.log).toEqual(["POST a"]);

    const answered503 = fakeSender(names, { a: "503" });
    const r3 = await forward(localChannel(channelState(names, { passive: false })), "upstream-pinned01", out("POST"), answered503.send, () => 1000);
    expect(r3.status).toBe(503);
    expect(answered503.log).toEqual(["POST a"]);
  });

  it("stops after 1 + Retries attempts, one per node, and lists each", async () => {
    const { send, log } = fakeSender(names, { a: "503", b: "503", c: "503" });
    const res = await forward(localChannel(channelState(names, { passive: false, retries: 1 })), "upstream-pinned01", out("GET"), send, () => 1000);
    expect(res.status).toBe(502);
    expect(log).toEqual(["GET a", "GET b"]);
    expect(((await res.json()) as { attempts: unknown[] }).attempts).toHaveLength(2);
  });

  it.each<Behaviour>(["503", "refuse"])("marks a node that answers %s down for exactly UnhealthyTimeout, then takes it back (clock advanced, no sleep)", async (failure) => {
    const st = channelState(names);
    const ch = localChannel(st);
    const behaviour: Record<string, Behaviour> = { a: failure };
    const { send, log } = fakeSender(names, behaviour);
    let now = 10_000;
    const call = async () => (await forward(ch, "upstream-pinned01", out("GET"), send, () => now)).text();

    expect(await call()).toBe("b");
    expect(log).toEqual(["GET a", "GET b"]);
    expect(st.health[0]!.unhealthyUntil).toBe(12_000);
    expect(st.pending).toEqual([{ index: 0, outcome: failure === "503" ? "http" : "tcp", at: 10_000 }]);

    behaviour.a = "ok"; // a is back at once, but stays out until 12 000
    log.length = 0;
    const during: string[] = [];
    for (let i = 0; i < 5; i++) during.push(await call());
    now = 11_999; // 1 ms before the recovery time
    during.push(await call());
    expect(during).toEqual(["c", "b", "c", "b", "c", "b"]);
    expect(log.filter((l) => l === "GET a")).toEqual([]);

    now = 12_000; // the recovery time has passed: a is in rotation again
    const after: string[] = [];
    for (let i = 0; i < 6; i++) after.push(await call());
    // nginx keeps a skipped node's current weight: a rejoins at -2 and wins once in the next 6
    expect(after).toEqual(["c", "b", "c", "a", "b", "c"]);
    expect(st.health[0]).toEqual(freshHealth());
  });

  it("keeps a failing node in rotation when passive checks are off", async () => {
    const st = channelState(names, { passive: false });
    const { send, log } = fakeSender(names, { a: "503" });
    const served: string[] = [];
    for (let i = 0; i < 6; i++) served.push(await (await forward(localChannel(st), "upstream-pinned01", out("GET"), send, () => 1000)).text());
    expect(served).not.toContain("a");
    expect(log.filter((l) => l === "GET a")).toHaveLength(2);
    expect(st.health[0]!.unhealthyUntil).toBe(0);
    expect(st.pending).toEqual([]);
  });
});

describe("handleV3 and handleV2 with a pinned Runtime", () => {
  const pinnedAt = Date.UTC(2026, 0, 2, 3, 4, 5, 600);
  function pinned(tag: string): Runtime & { ids: string[] } {
    let n = 0;
    const ids: string[] = [];
    return {
      ids,
      now: () => pinnedAt,
      newId: (prefix) => {
        const id = `${prefix}-${tag}${String(++n).padStart(5, "0")}`;
        ids.push(id);
        return id;
      },
    };
  }
  const ts = Math.floor(pinnedAt / 1000);

  it("CreateVpc answers the pinned VpcId and CreatedTime; the same Describe reads them back", async () => {
    const rt = pinned("pin");
    const created = (await (await handleV3(tc3Request("CreateVpc", { VpcName: "pinned", CidrBlock: "10.7.0.0/16" }, { timestamp: ts }), testEnv, rt)).json()) as any;
    expect(created.Response.Error).toBeUndefined();
    expect(created.Response.Vpc).toMatchObject({ VpcId: "vpc-pin00001", CreatedTime: "2026-01-02 03:04:05", CidrBlock: "10.7.0.0/16" });
    expect(rt.ids).toEqual(["vpc-pin00001", "rtb-pin00002"]);
    const described = (await (await handleV3(tc3Request("DescribeVpcs", { VpcIds: ["vpc-pin00001"] }, { timestamp: ts }), testEnv, rt)).json()) as any;
    expect(described.Response.VpcSet).toEqual([expect.objectContaining({ VpcId: "vpc-pin00001", CreatedTime: "2026-01-02 03:04:05" })]);
  });

  it("checks the signature's Timestamp against the pinned clock, not the wall clock", async () => {
    const wall = (await (await handleV3(tc3Request("DescribeVpcs", {}), testEnv, pinned("sig"))).json()) as any;
    expect(wall.Response.Error.Code).toBe("AuthFailure.SignatureExpire");
    const v2wall = (await (await handleV2(formRequest("DescribeVpcClassicLink", {}, { path: "/v2/index.php" }), testEnv, pinned("sig"))).json()) as any;
    expect(v2wall.code).not.toBe(0);
  });

  it("handleV2 answers with the pinned clock and reads the VPC made under the pinned id", async () => {
    const rt = pinned("pvt");
    await handleV3(tc3Request("CreateVpc", { VpcName: "pinned2", CidrBlock: "10.8.0.0/16" }, { timestamp: ts }), testEnv, rt);
    const r = (await (await handleV2(formRequest("DescribeVpcClassicLink", { vpcId: "vpc-pvt00001" }, { path: "/v2/index.php", timestamp: ts }), testEnv, rt)).json()) as any;
    expect(r).toMatchObject({ code: 0, totalCount: 0, data: [] });
  });
});

describe("a refused ModifyApi under a pinned clock", () => {
  it("leaves the channel's BindTime exactly as the pinned clock set it, though the clock moved on", async () => {
    let clock = Date.UTC(2026, 2, 3, 4, 5, 6);
    let n = 0;
    const rt: Runtime = { now: () => clock, newId: (prefix) => `${prefix}-bnd${String(++n).padStart(5, "0")}` };
    const region = "ap-seoul";
    const call = async (name: string, params: Record<string, unknown>, service = "apigateway") => {
      const version = service === "apigateway" ? "2018-08-08" : "2017-03-12";
      const r = await handleV3(tc3Request(name, params, { service, version, region, timestamp: Math.floor(clock / 1000) }), testEnv, rt);
      const body = ((await r.json()) as { Response: Record<string, any> }).Response;
      if (name !== "ModifyApi") expect(body.Error, `${name}: ${JSON.stringify(body.Error)}`).toBeUndefined();
      return body;
    };
    const { Vpc } = await call("CreateVpc", { VpcName: "bind", CidrBlock: "10.9.0.0/16" }, "vpc");
    const { Subnet } = await call("CreateSubnet", { VpcId: Vpc.VpcId, SubnetName: "s", CidrBlock: "10.9.1.0/24", Zone: `${region}-1` }, "vpc");
    const { Result: instanceId } = await call("CreateExclusiveInstances", {
      Zones: [`${region}-1`], InstanceType: "professional", NetworkConfig: { InternetMaxBandwidthOut: 10 },
      VpcConfig: { UniqVpcId: Vpc.VpcId, UniqSubnetId: Subnet.SubnetId }, PayMode: "POSTPAID",
    });
    const { ServiceId } = await call("CreateService", { ServiceName: "bind", Protocol: "http", InstanceId: instanceId });
    const { UpstreamId } = await call("CreateUpstream", { Scheme: "HTTP", Algorithm: "ROUND-ROBIN", UniqVpcId: Vpc.VpcId, Nodes: [{ Host: "10.9.1.11", Port: 8080, Weight: 1 }] });
    const api = { ServiceId, ServiceTimeout: 5, Protocol: "HTTP", ServiceType: "UPSTREAM", ServiceConfig: { UpstreamId } };
    expect((await call("CreateApi", { ...api, RequestConfig: { Path: "/taken", Method: "GET" } })).Error).toBeUndefined();
    const { Result: { ApiId } } = await call("CreateApi", { ...api, ApiName: "kept_name", RequestConfig: { Path: "/kept", Method: "GET" } });
    const bound = async () => (await call("DescribeUpstreamBindApis", { UpstreamId, Limit: 10, Offset: 0, Filters: [{ Name: "ApiId", Values: [ApiId] }] })).Result.BindApiSet;
    const before = await bound();
    expect(before).toEqual([{ ApiId, ServiceId, ApiName: "kept_name", ServiceName: "bind", BindTime: "2026-03-03T04:05:06Z" }]);

    clock += 60_000;
    const refused = await call("ModifyApi", { ...api, ApiId, ApiName: "refused_name", RequestConfig: { Path: "/taken", Method: "GET" } });
    expect(refused.Error?.Code).toBe("InvalidParameterValue.InvalidApiRequestConfig");
    expect(await bound()).toEqual(before);
    expect((await call("DescribeApi", { ServiceId, ApiId })).Result.ApiName).toBe("kept_name");
  });
});
