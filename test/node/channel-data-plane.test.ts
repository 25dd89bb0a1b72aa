// Data plane of VPC channels (rule CH4) through a real `wrangler dev` and real HTTP nodes on
// 127.0.0.1: smooth weighted round robin (nginx), retries on another node, and which failures a
// POST is not resent after. Every test builds its own VPC, dedicated instance, service and channel.
// Region na-toronto belongs to this file.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { call, callMany, GatewayFactory, servedBy, tally } from "../helpers/channel-gateway";
import { callCounts, NodePool, type TestNode } from "../helpers/channel-nodes";

const REGION = "na-toronto";

let gw: GatewayFactory;
const pool = new NodePool();
beforeAll(() => {
  gw = new GatewayFactory(inject("devPort"), REGION);
});
afterAll(() => pool.closeAll());

/** channelOver builds a gateway whose channel has the given nodes and weights, in that order. */
function channelOver(nodes: TestNode[], weights: number[], extra: { retries?: number; timeout?: number } = {}) {
  return gw.build({
    nodes: nodes.map((n, i) => ({ port: n.port, weight: weights[i]! })),
    retries: extra.retries,
    apis: [{ path: "/hello", method: "ANY", backendPath: "/backend", timeout: extra.timeout ?? 5 }],
  });
}

/** attemptsOf reports the `node` of every attempt a gateway error lists. */
function attemptsOf(body: Record<string, unknown> | null): { node: string; outcome: string }[] {
  return (body?.attempts as { node: string; outcome: string }[] | undefined) ?? [];
}

/** expectOncePerCall asserts that no node got more than one attempt of any one call. */
function expectOncePerCall(nodes: TestNode[]): void {
  for (const n of nodes) for (const [id, count] of callCounts(n)) expect(count, `${n.name} got call ${id} ${count} times`).toBe(1);
}

describe("weighted round robin", () => {
  it("sends 7 sequential calls over weights 5,1,1 to a a b a c a a", async () => {
    const nodes = await pool.start("a", "b", "c");
    const g = await channelOver(nodes, [5, 1, 1]);
    const results = await callMany(g.url("/hello"), 7);
    expect(servedBy(results)).toEqual(["a", "a", "b", "a", "c", "a", "a"]);
  });

  it.each([
    { weights: [5, 1, 1], calls: 49, counts: { a: 35, b: 7, c: 7 } },
    { weights: [3, 2, 1], calls: 12, counts: { a: 6, b: 4, c: 2 } },
    { weights: [3, 0, 1], calls: 12, counts: { a: 9, c: 3 } },
  ])("splits $calls calls over weights $weights exactly as $counts", async ({ weights, calls, counts }) => {
    const nodes = await pool.start("a", "b", "c");
    const g = await channelOver(nodes, weights);
    const results = await callMany(g.url("/hello"), calls);
    expect(tally(servedBy(results))).toEqual(counts);
    expect(nodes.map((n) => n.requests.length)).toEqual(nodes.map((n) => counts[n.name as keyof typeof counts] ?? 0));
  });
});

describe("retries", () => {
  it("answers every GET when one node of three is dead, never trying a node twice in a call", async () => {
    // Retries 1: were the one retry sent to the dead node again, the call would fail.
    const [dead] = await pool.dead("dead");
    const live = await pool.start("b", "c");
    const g = await channelOver([dead!, ...live], [1, 1, 1], { retries: 1 });
    const results = await callMany(g.url("/hello"), 12);
    expect(results.map((r) => r.status)).toEqual(Array(12).fill(200));
    expect(tally(servedBy(results))).toEqual({ b: 6, c: 6 });
    expect(live[0]!.requests.length + live[1]!.requests.length).toBe(12);
    expectOncePerCall(live);
  });

  it("answers every GET through the third node when two nodes are dead", async () => {
    const dead = await pool.dead("dead1", "dead2");
    const [c] = await pool.start("c");
    const g = await channelOver([...dead, c!], [1, 1, 1]);
    const results = await callMany(g.url("/hello"), 12);
    expect(servedBy(results)).toEqual(Array(12).fill("c"));
    expect(c!.requests).toHaveLength(12);
    expectOncePerCall([c!]);
  });

  it("fails a call with a 502 naming the channel and its attempts when Retries 1 meets two dead nodes", async () => {
    // Rotation over 1,1,1 from a fresh state: the first call tries dead1 then dead2 and gives up;
    // later calls start on a dead node at most once and the retry reaches c.
    const dead = await pool.dead("dead1", "dead2");
    const [c] = await pool.start("c");
    const g = await channelOver([...dead, c!], [1, 1, 1], { retries: 1 });
    const results = await callMany(g.url("/hello"), 6);
    expect(results.map((r) => r.status)).toEqual([502, 200, 200, 200, 200, 200]);
    const failed = results[0]!;
    expect(failed.json).toMatchObject({ error: "BadGateway", upstreamId: g.channelId });
    expect(attemptsOf(failed.json)).toEqual([
      expect.objectContaining({ node: `127.0.0.1:${dead[0]!.port}`, outcome: "tcp" }),
      expect.objectContaining({ node: `127.0.0.1:${dead[1]!.port}`, outcome: "tcp" }),
    ]);
    expect(c!.requests).toHaveLength(5);
  });

  it("answers 502 with JSON, never hanging, when every node is dead, each tried once", async () => {
    const dead = await pool.dead("d1", "d2", "d3");
    const g = await channelOver(dead, [1, 1, 1], { retries: 5 });
    for (const r of await callMany(g.url("/hello"), 3)) {
      expect(r.status).toBe(502);
      expect(r.json).toMatchObject({ error: "BadGateway", upstreamId: g.channelId });
      const tried = attemptsOf(r.json).map((a) => a.node).sort();
      expect(tried).toEqual(dead.map((d) => `127.0.0.1:${d.port}`).sort());
    }
  });

  it.each([
    { retries: 1, tried: 2 },
    { retries: 5, tried: 3 },
  ])("answers 502 JSON listing $tried attempts when every node answers a GET with 503 (Retries $retries)", async ({ retries, tried }) => {
    // README "Retries": when every attempt fails the caller gets 502 with the attempts listed,
    // whether the attempts run out by the retry count or by the number of nodes.
    const nodes = await pool.start("a", "b", "c");
    for (const n of nodes) n.status = 503;
    const g = await channelOver(nodes, [1, 1, 1], { retries });
    const r = await call(`${g.url("/hello")}?call=1`);
    expect({ status: r.status, body: r.json }).toMatchObject({ status: 502, body: { error: "BadGateway", upstreamId: g.channelId } });
    expect(attemptsOf(r.json).map((a) => a.outcome)).toEqual(Array(tried).fill("retryable-status"));
    expect(nodes.reduce((sum, n) => sum + n.requests.length, 0)).toBe(tried);
    expectOncePerCall(nodes);
  });
});

describe("what is resent", () => {
  it("hands a POST's 503 to the caller and sends it to no other node", async () => {
    const nodes = await pool.start("a", "b", "c");
    nodes[0]!.status = 503;
    const g = await channelOver(nodes, [1, 1, 1]);
    const r = await call(`${g.url("/hello")}?call=1`, { method: "POST", body: "order=1" });
    expect(r.status).toBe(503);
    expect(r.text).toBe("a POST /backend?call=1");
    expect(nodes.map((n) => n.requests.length)).toEqual([1, 0, 0]);
  });

  it("answers 504 for a POST a node holds past ServiceTimeout and sends it to no other node", async () => {
    const nodes = await pool.start("a", "b", "c");
    nodes[0]!.hang = (req) => req.method === "POST";
    const g = await channelOver(nodes, [1, 1, 1], { timeout: 1 });
    const started = Date.now();
    const r = await call(`${g.url("/hello")}?call=1`, { method: "POST", body: "order=1" });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(r.status).toBe(504);
    expect(r.json).toMatchObject({ error: "GatewayTimeout", upstreamId: g.channelId });
    expect(attemptsOf(r.json)).toEqual([expect.objectContaining({ node: `127.0.0.1:${nodes[0]!.port}`, outcome: "timeout" })]);
    expect(nodes.map((n) => n.requests.length)).toEqual([1, 0, 0]);
  });

  it("retries a GET that got a 503 on another node, each node getting at most one attempt per call", async () => {
    const nodes = await pool.start("a", "b", "c");
    nodes[0]!.status = 503;
    const g = await channelOver(nodes, [1, 1, 1]);
    const results = await callMany(g.url("/hello"), 6);
    expect(results.map((r) => r.status)).toEqual(Array(6).fill(200));
    expect(servedBy(results)).toEqual(["b", "c", "b", "c", "b", "c"]);
    expect(nodes.map((n) => n.requests.length)).toEqual([2, 3, 3]);
    expectOncePerCall(nodes);
  });

  it("retries a GET a node holds past ServiceTimeout on another node", async () => {
    const nodes = await pool.start("a", "b");
    nodes[0]!.hang = () => true;
    const g = await channelOver(nodes, [1, 1], { timeout: 1 });
    const r = await call(`${g.url("/hello")}?call=1`);
    expect(r.status).toBe(200);
    expect(r.text).toBe("b GET /backend?call=1");
    expect(nodes.map((n) => n.requests.length)).toEqual([1, 1]);
  });

  it("resends a POST that could not connect to its node (nothing reached it)", async () => {
    const [dead] = await pool.dead("dead");
    const [b] = await pool.start("b");
    const g = await channelOver([dead!, b!], [1, 1]);
    const r = await call(`${g.url("/hello")}?call=1`, { method: "POST", body: "order=1" });
    expect(r.status).toBe(200);
    expect(r.text).toBe("b POST /backend?call=1");
    expect(b!.requests.map((x) => [x.method, x.body])).toEqual([["POST", "order=1"]]);
  });
});
