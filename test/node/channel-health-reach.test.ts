// VPC channel data plane, part two: passive health (a failed node leaves the rotation, shows
// UNHEALTHY, and returns after UnhealthyTimeout), rule CH6 (a dedicated instance in another VPC
// reaches the channel only through a CCN joining both VPCs) and the HTTPS scheme (CH4).
// Region na-ashburn belongs to this file.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { call, callMany, GatewayFactory, servedBy, tally, type HealthChecker } from "../helpers/channel-gateway";
import { NodePool, type TestNode } from "../helpers/channel-nodes";

const REGION = "na-ashburn";

let gw: GatewayFactory;
const pool = new NodePool();
beforeAll(() => {
  gw = new GatewayFactory(inject("devPort"), REGION);
});
afterAll(() => pool.closeAll());

const PASSIVE: HealthChecker = {
  EnableActiveCheck: false,
  EnablePassiveCheck: true,
  HealthyHttpStatus: "200",
  UnhealthyHttpStatus: "500,502,503,504",
  TcpFailureThreshold: 1,
  TimeoutThreshold: 1,
  HttpFailureThreshold: 1,
  UnhealthyTimeout: 2,
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("passive health check", () => {
  it.each([
    {
      kind: "answers 503",
      fail: async (n: TestNode) => void (n.status = 503),
      revive: async (n: TestNode) => void (n.status = 200),
      seenWhileFailing: 1,
    },
    { kind: "refuses connections", fail: (n: TestNode) => n.stop(), revive: (n: TestNode) => n.restart(), seenWhileFailing: 0 },
  ])("takes a node that $kind out of rotation, shows it UNHEALTHY, and takes it back after UnhealthyTimeout", async ({ fail, revive, seenWhileFailing }) => {
    const nodes = await pool.start("a", "b", "c");
    const [a] = nodes;
    const g = await gw.build({ nodes: nodes.map((n) => ({ port: n.port, weight: 1 })), healthChecker: PASSIVE });
    expect(await gw.nodeHealth(g.channelId)).toEqual(["HEALTHY", "HEALTHY", "HEALTHY"]);

    // The first call goes to a, which fails; the GET is retried on b.
    await fail(a!);
    const failedAt = Date.now();
    expect(servedBy(await callMany(g.url("/hello"), 1))).toEqual(["b"]);
    // a was marked down (for UnhealthyTimeout from then) during that call; test/worker/pinned-seams.test.ts pins the exact timing
    const markedBy = Date.now();
    expect(a!.requests).toHaveLength(seenWhileFailing);

    // a is back at once, but stays out of rotation until UnhealthyTimeout (2 s) has passed.
    await revive(a!);
    const during = await callMany(g.url("/hello"), 6);
    expect(servedBy(during)).toEqual(["c", "b", "c", "b", "c", "b"]);
    expect(a!.requests).toHaveLength(seenWhileFailing);
    expect(await gw.nodeHealth(g.channelId)).toEqual(["UNHEALTHY", "HEALTHY", "HEALTHY"]);
    expect(Date.now() - failedAt, "the checks above must finish inside UnhealthyTimeout").toBeLessThan(1800);

    await sleep(markedBy + 2100 - Date.now());
    expect(await gw.nodeHealth(g.channelId)).toEqual(["HEALTHY", "HEALTHY", "HEALTHY"]);
    // nginx keeps a skipped node's current weight: a rejoins at -2 and wins once in the next 6.
    const after = await callMany(g.url("/hello"), 6);
    expect(servedBy(after)).toEqual(["c", "b", "c", "a", "b", "c"]);
    expect(a!.requests).toHaveLength(seenWhileFailing + 1);
  });

  it("keeps every node in rotation when passive checks are off", async () => {
    const nodes = await pool.start("a", "b", "c");
    nodes[0]!.status = 503;
    const g = await gw.build({ nodes: nodes.map((n) => ({ port: n.port, weight: 1 })) });
    const results = await callMany(g.url("/hello"), 6);
    expect(tally(servedBy(results))).toEqual({ b: 3, c: 3 });
    expect(nodes[0]!.requests).toHaveLength(2);
  });
});

describe("a dedicated instance in another VPC (CH6)", () => {
  it("fails with 502 until a CCN joins both VPCs, and again after one is detached", async () => {
    const [a] = await pool.start("a");
    const g = await gw.build({ nodes: [{ port: a!.port, weight: 1 }], instanceVpc: "other" });
    expect(g.instanceVpcId).not.toBe(g.channelVpcId);
    const expectRefused = async () => {
      const r = await call(g.url("/hello"));
      expect(r.status).toBe(502);
      expect(r.json).toMatchObject({ upstreamId: g.channelId });
      expect(r.json!.message).toMatch(/no CCN joins the two VPCs/);
      expect(r.json!.message).toContain(g.instanceVpcId);
      expect(r.json!.message).toContain(g.channelVpcId);
    };
    await expectRefused();

    const vpc = gw.c.vpc;
    const { Ccn } = await vpc.CreateCcn({ CcnName: "channel-ccn" });
    const member = (id: string) => ({ InstanceId: id, InstanceRegion: REGION, InstanceType: "VPC" });
    await vpc.AttachCcnInstances({ CcnId: Ccn!.CcnId!, Instances: [member(g.channelVpcId)] });
    await expectRefused();
    await vpc.AttachCcnInstances({ CcnId: Ccn!.CcnId!, Instances: [member(g.instanceVpcId)] });
    const ok = await call(g.url("/hello"));
    expect(ok).toMatchObject({ status: 200, text: "a GET /backend" });

    await vpc.DetachCcnInstances({ CcnId: Ccn!.CcnId!, Instances: [member(g.instanceVpcId)] });
    await expectRefused();
    expect(a!.requests).toHaveLength(1);

    // CCNs are account-wide: leave none behind for other files.
    await vpc.DetachCcnInstances({ CcnId: Ccn!.CcnId!, Instances: [member(g.channelVpcId)] });
    await vpc.DeleteCcn({ CcnId: Ccn!.CcnId! });
  });

  it("serves calls when the instance runs in the channel's own VPC, without any CCN", async () => {
    const [a] = await pool.start("a");
    const g = await gw.build({ nodes: [{ port: a!.port, weight: 1 }] });
    expect(g.instanceVpcId).toBe(g.channelVpcId);
    expect((await call(g.url("/hello"))).status).toBe(200);
  });
});

describe("scheme", () => {
  it("speaks TLS to the nodes of an HTTPS channel, so a plain-HTTP node fails with 502; HTTP works", async () => {
    const [a] = await pool.start("a");
    const g = await gw.build({ nodes: [{ port: a!.port, weight: 1 }], scheme: "HTTPS" });
    const r = await call(g.url("/hello"));
    expect(r.status).toBe(502);
    expect(r.json).toMatchObject({ error: "BadGateway", upstreamId: g.channelId, attempts: [{ node: `127.0.0.1:${a!.port}` }] });
    expect(a!.requests, "a TLS hello is no HTTP request").toHaveLength(0);

    await gw.c.apigw.ModifyUpstream({ UpstreamId: g.channelId, Scheme: "HTTP" });
    const plain = await call(g.url("/hello"));
    expect(plain).toMatchObject({ status: 200, text: "a GET /backend" });
  });
});
