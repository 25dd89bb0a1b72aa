// Header injection into node requests: every field that reaches a node request (UpstreamHost,
// ServiceConfig.Path, the frontend path, node Host, and the caller's path, query and headers) is
// refused where it is set with Tencent's code, or cannot carry CR/LF to the node. A raw TCP node
// records the exact header lines it receives. Region ap-seoul belongs to this file.
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { call, GatewayFactory, type Gateway } from "../helpers/channel-gateway";
import { answerThenClose, GOOD_ANSWER, headerLines, startRawNode, type RawNode } from "../helpers/channel-faults";
import { expectCode } from "../helpers/sdk";

const REGION = "ap-seoul";
const CRLF_VALUES = ["\r\nX-Injected: 1", "\nX-Injected: 1", "\rX-Injected: 1", "\0"];

let port: number;
let gw: GatewayFactory;
let node: RawNode;
let g: Gateway;

beforeAll(async () => {
  port = inject("devPort");
  gw = new GatewayFactory(port, REGION);
  node = await startRawNode(answerThenClose(GOOD_ANSWER("ok")));
  g = await gw.build({
    nodes: [{ port: node.port, weight: 1 }],
    hostHeader: "h.example",
    apis: [{ path: "/hello/{id}", method: "ANY", backendPath: "/backend/{id}" }],
  });
});
afterAll(() => node.stop());

/** expectWellFormed asserts that every header line the node got is `name: value` with no CR, LF or NUL inside, and returns the last head's lines. */
function expectWellFormed(): string[] {
  for (const h of node.heads) {
    expect(h.split("\r\n")[0]).toMatch(/^[A-Z]+ \/[^\s\0]* HTTP\/1\.1$/);
    for (const line of headerLines(h)) expect(line).toMatch(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+: [^\r\n\0]*$/);
  }
  return headerLines(node.heads[node.heads.length - 1] ?? "");
}

describe("refused where set", () => {
  it.each(CRLF_VALUES.flatMap((v) => [`h.example${v}`]).concat(["h.example x", "h.example:99999", "h.example/x", "http://h.example"]))(
    "CreateUpstream and ModifyUpstream refuse UpstreamHost %j",
    async (value) => {
      const { apigw } = gw.c;
      const base = { UpstreamName: "inj", Scheme: "HTTP", Algorithm: "ROUND-ROBIN", UniqVpcId: g.channelVpcId, Nodes: [{ Host: "127.0.0.1", Port: node.port, Weight: 1 }] };
      await expectCode(apigw.CreateUpstream({ ...base, UpstreamHost: value }), "InvalidParameter.FormatError", /UpstreamHost/);
      await expectCode(apigw.ModifyUpstream({ UpstreamId: g.channelId, UpstreamHost: value }), "InvalidParameter.FormatError", /UpstreamHost/);
      const r = await apigw.DescribeUpstreams({ Filters: [{ Name: "UpstreamId", Values: [g.channelId] }], Limit: 10, Offset: 0 });
      expect(r.Result!.UpstreamSet![0]!.UpstreamHost).toBe("h.example");
    },
  );

  it("accepts UpstreamHost as a host name or IPv4 address with an optional port", async () => {
    for (const ok of ["h.example:8080", "10.0.0.1", "h.example"]) {
      const r = await gw.c.apigw.ModifyUpstream({ UpstreamId: g.channelId, UpstreamHost: ok });
      expect(r.Result!.UpstreamHost).toBe(ok);
    }
  });

  it.each(CRLF_VALUES.map((v) => `/backend${v}`).concat(["/back end", "backend", "/a%zz"]))("CreateApi and ModifyApi refuse ServiceConfig.Path %j", async (path) => {
    const { apigw } = gw.c;
    const req = {
      ServiceId: g.serviceId,
      ServiceType: "UPSTREAM",
      ServiceTimeout: 5,
      Protocol: "HTTP",
      RequestConfig: { Path: "/other", Method: "GET" },
      ServiceConfig: { UpstreamId: g.channelId, Path: path },
    };
    await expectCode(apigw.CreateApi(req), "InvalidParameterValue.InvalidBackendPath", /ServiceConfig\.Path/);
    await expectCode(apigw.ModifyApi({ ...req, ApiId: g.apiIds[0]! }), "InvalidParameterValue.InvalidBackendPath", /ServiceConfig\.Path/);
    const d = await apigw.DescribeApi({ ServiceId: g.serviceId, ApiId: g.apiIds[0]! });
    expect(d.Result!.ServiceConfig!.Path).toBe("/backend/{id}");
  });

  it.each(CRLF_VALUES.map((v) => `/front${v}`))("CreateApi refuses the frontend path %j", async (path) => {
    await expectCode(
      gw.c.apigw.CreateApi({
        ServiceId: g.serviceId, ServiceType: "MOCK", ServiceTimeout: 5, Protocol: "HTTP", RequestConfig: { Path: path, Method: "GET" }, ServiceMockReturnMessage: "x",
      }),
      "InvalidParameterValue.InvalidApiRequestConfig",
    );
  });

  it.each(CRLF_VALUES.map((v) => `127.0.0.1${v}`))("CreateUpstream refuses the node Host %j", async (host) => {
    await expectCode(
      gw.c.apigw.CreateUpstream({ Scheme: "HTTP", Algorithm: "ROUND-ROBIN", UniqVpcId: g.channelVpcId, Nodes: [{ Host: host, Port: 80, Weight: 1 }] }),
      "InvalidParameter.FormatError",
      /Nodes\.0\.Host/,
    );
  });
});

/** rawCall sends raw request bytes to the service and reports the status line of the answer ("" if the connection closed first). */
function rawCall(bytes: string): Promise<string> {
  return new Promise((resolve) => {
    const s = connect(port, "127.0.0.1");
    let got = "";
    s.on("data", (d) => {
      got += d.toString("latin1");
      if (got.includes("\r\n\r\n")) s.destroy();
    });
    s.on("close", () => resolve(got.split("\r\n")[0] ?? ""));
    s.on("error", () => {});
    s.setTimeout(10_000, () => s.destroy());
    s.write(bytes);
  });
}

describe("what a caller sends cannot reach a node as a header", () => {
  it("keeps encoded CR/LF in path parameters, the rest of the path and the query encoded", async () => {
    await gw.c.apigw.ModifyUpstream({ UpstreamId: g.channelId, UpstreamHost: "h.example" });
    const r = await call(`http://127.0.0.1:${port}/${g.serviceId}/release/hello/a%0D%0AX-Injected:%201/b%0d%0ac?q=%0D%0AX-Injected:%202`);
    expect(r.status).toBe(200);
    const head = node.heads[node.heads.length - 1]!;
    expect(head.split("\r\n")[0]).toBe("GET /backend/a%0D%0AX-Injected%3A%201/b%0d%0ac?q=%0D%0AX-Injected:%202 HTTP/1.1");
    const lines = expectWellFormed();
    expect(lines).toContain("Host: h.example");
    expect(lines.filter((l) => /injected/i.test(l))).toEqual([]);
  });

  it.each([
    ["a bare CR in a header value", "X-A: a\rX-Injected: 1\r\n"],
    ["a bare LF in a header value", "X-A: a\nX-Injected: 1\r\n"],
    ["a NUL in a header value", "X-A: a\0b\r\n"],
    ["a folded header line", "X-A: a\r\n X-Injected: 1\r\n"],
  ])("never writes %s into a header line (the runtime refuses the request or splits the line into headers of their own)", async (_, line) => {
    const before = node.heads.length;
    const status = await rawCall(`GET /${g.serviceId}/release/hello/x HTTP/1.1\r\nHost: 127.0.0.1\r\n${line}Connection: close\r\n\r\n`);
    expect(status === "" || /^HTTP\/1\.1 (200|400) /.test(status)).toBe(true);
    expect(node.heads.length - before).toBeLessThanOrEqual(1);
    expectWellFormed();
    // the service still answers
    expect((await call(g.url("/hello/ok"))).status).toBe(200);
  });

  it("never forwards a request target holding a raw CR/LF", async () => {
    const status = await rawCall(`GET /${g.serviceId}/release/hello/a\rX-Injected: 1 HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
    expect(status === "" || /^HTTP\/1\.1 (200|400) /.test(status)).toBe(true);
    expectWellFormed();
    expect((await call(g.url("/hello/ok"))).status).toBe(200);
  });
});
