// What a node receives through a VPC channel (rule CH4: the Host header if set, the backend path,
// query and body) and how a call finds its released API: by `/{ServiceId}/{env}/{path}` or by the
// service's own host name. Region eu-frankfurt belongs to this file.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { call, callWithHost, GatewayFactory } from "../helpers/channel-gateway";
import { NodePool } from "../helpers/channel-nodes";

const REGION = "eu-frankfurt";

let port: number;
let gw: GatewayFactory;
const pool = new NodePool();
beforeAll(() => {
  port = inject("devPort");
  gw = new GatewayFactory(port, REGION);
});
afterAll(() => pool.closeAll());

describe("Host header", () => {
  it("is the channel's UpstreamHost when one is set", async () => {
    const [a] = await pool.start("a");
    const g = await gw.build({ nodes: [{ port: a!.port, weight: 1 }], hostHeader: "backend.example.com" });
    expect((await call(g.url("/hello"))).status).toBe(200);
    expect(a!.requests.map((r) => r.headers.host)).toEqual(["backend.example.com"]);
  });

  it("is the node's own host:port when the channel sets none", async () => {
    const [a] = await pool.start("a");
    const g = await gw.build({ nodes: [{ port: a!.port, weight: 1 }] });
    expect((await call(g.url("/hello"))).status).toBe(200);
    expect(a!.requests.map((r) => r.headers.host)).toEqual([`127.0.0.1:${a!.port}`]);
  });
});

describe("request passing", () => {
  it("passes the method, query string, body and content type through", async () => {
    const [a] = await pool.start("a");
    const g = await gw.build({ nodes: [{ port: a!.port, weight: 1 }] });
    const body = JSON.stringify({ order: 7, note: "ünïcode" });
    const r = await call(`${g.url("/hello")}?a=1&b=two%20words&b=3`, {
      method: "PUT",
      headers: { "content-type": "application/json", "x-trace": "t-1" },
      body,
    });
    expect(r.status).toBe(200);
    expect(a!.requests).toHaveLength(1);
    const seen = a!.requests[0]!;
    expect(seen.method).toBe("PUT");
    expect(seen.url).toBe("/backend?a=1&b=two%20words&b=3");
    expect(seen.body).toBe(body);
    expect(seen.headers["content-type"]).toBe("application/json");
    expect(seen.headers["x-trace"]).toBe("t-1");
  });

  it("hands the node's status, headers and body back to the caller", async () => {
    const [a] = await pool.start("a");
    a!.status = 418;
    const g = await gw.build({ nodes: [{ port: a!.port, weight: 1 }] });
    const r = await call(g.url("/hello"));
    expect(r.status).toBe(418);
    expect(r.headers.get("x-node")).toBe("a");
    expect(r.text).toBe("a GET /backend");
  });

  it.each([
    { api: "/hello", backend: "/backend", request: "/hello", node: "/backend" },
    { api: "/hello", backend: "/backend", request: "/hello/x/y?q=1", node: "/backend/x/y?q=1" },
    { api: "/hello", backend: "/", request: "/hello/x", node: "/x" },
    { api: "/users/{id}", backend: "/v1/users/{id}/profile", request: "/users/42", node: "/v1/users/42/profile" },
    { api: "/users/{id}/orders", backend: "/o/{id}", request: "/users/u-9/orders/3", node: "/o/u-9/3" },
  ])("sends $request on API $api with backend path $backend to the node as $node", async ({ api, backend, request, node }) => {
    const [a] = await pool.start("a");
    const g = await gw.build({ nodes: [{ port: a!.port, weight: 1 }], apis: [{ path: api, method: "GET", backendPath: backend }] });
    const r = await call(g.url(request));
    expect(r.status).toBe(200);
    expect(a!.requests.map((x) => x.url)).toEqual([node]);
  });
});

describe("routing", () => {
  it("answers 404 JSON for a service that does not exist", async () => {
    const r = await call(`http://127.0.0.1:${port}/service-zz000000/release/hello`);
    expect(r.status).toBe(404);
    expect(r.json).toMatchObject({ error: "ServiceNotFound" });
  });

  it("answers 404 JSON for an environment the service is not released to, and sends nothing", async () => {
    const [a] = await pool.start("a");
    const g = await gw.build({ nodes: [{ port: a!.port, weight: 1 }] });
    const r = await call(g.url("/hello", "test"));
    expect(r.status).toBe(404);
    expect(r.json).toMatchObject({ error: "NotReleased" });
    expect(a!.requests).toHaveLength(0);
  });

  it.each([
    { what: "a path no API serves", method: "GET", path: "/nothing" },
    { what: "a shorter path than the API's", method: "GET", path: "/" },
    { what: "a method the API does not take", method: "POST", path: "/hello" },
  ])("answers 404 JSON for $what", async ({ method, path }) => {
    const [a] = await pool.start("a");
    const g = await gw.build({ nodes: [{ port: a!.port, weight: 1 }], apis: [{ path: "/hello", method: "GET", backendPath: "/backend" }] });
    const r = await call(g.url(path), { method });
    expect(r.status).toBe(404);
    expect(r.json).toMatchObject({ error: "NoApiMatch" });
    expect(a!.requests).toHaveLength(0);
  });

  it("answers 400 JSON, not 200, for a path parameter with broken percent-encoding", async () => {
    const [a] = await pool.start("a");
    const g = await gw.build({ nodes: [{ port: a!.port, weight: 1 }], apis: [{ path: "/users/{id}", method: "GET", backendPath: "/u/{id}" }] });
    const r = await call(g.url("/users/%E0%A4%A"));
    expect({ status: r.status, error: typeof r.json?.error }).toEqual({ status: 400, error: "string" });
    expect(a!.requests).toHaveLength(0);
  });

  it("serves the service's own host name, and answers 404 on both forms after UnReleaseService", async () => {
    const [a] = await pool.start("a");
    const g = await gw.build({ nodes: [{ port: a!.port, weight: 1 }] });
    expect(g.outerSubDomain).toBe(`${g.serviceId}-1250000000.${REGION}.apigateway.myqcloud.com`);
    const byHost = await callWithHost(port, "/release/hello/x?q=1", g.outerSubDomain);
    expect(byHost).toEqual({ status: 200, text: "a GET /backend/x?q=1" });

    await gw.c.apigw.UnReleaseService({ ServiceId: g.serviceId, EnvironmentName: "release" });
    const byPath = await call(g.url("/hello"));
    expect(byPath.status).toBe(404);
    expect(byPath.json).toMatchObject({ error: "NotReleased" });
    const again = await callWithHost(port, "/release/hello", g.outerSubDomain);
    expect(again.status).toBe(404);
    expect(JSON.parse(again.text)).toMatchObject({ error: "NotReleased" });
    expect(a!.requests).toHaveLength(1);
  });
});
