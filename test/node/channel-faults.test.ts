// Broken node answers through a VPC channel, with raw TCP nodes on 127.0.0.1: a body shorter than
// its Content-Length, a chunked body cut short, resets mid-headers and mid-body, garbage status
// lines and oversize headers are never passed on as success. A GET goes to another node; a POST
// (it reached the node) gets a 502 naming the attempt. Region ap-jakarta belongs to this file.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { call, callMany, GatewayFactory, type Gateway } from "../helpers/channel-gateway";
import { answerThenClose, answerThenReset, GOOD_ANSWER, startRawNode, type Behaviour, type RawNode } from "../helpers/channel-faults";
import { NodePool, type TestNode } from "../helpers/channel-nodes";

const REGION = "ap-jakarta";

let gw: GatewayFactory;
const pool = new NodePool();
const raws: RawNode[] = [];
let bad: RawNode;
let good: TestNode;
let pair: Gateway; // channel [bad, good], weights 1,1
let alone: Gateway; // channel [bad] only

beforeAll(async () => {
  gw = new GatewayFactory(inject("devPort"), REGION);
  bad = await startRawNode(answerThenClose(GOOD_ANSWER("fine")));
  raws.push(bad);
  good = (await pool.start("good"))[0]!;
  pair = await gw.build({ nodes: [{ port: bad.port, weight: 1 }, { port: good.port, weight: 1 }], retries: 1 });
  alone = await gw.build({ nodes: [{ port: bad.port, weight: 1 }], retries: 1 });
});
afterAll(async () => {
  await pool.closeAll();
  await Promise.all(raws.map((r) => r.stop()));
});

const HEAD_200_CL = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 100000\r\n\r\n";
const FIFTEEN = "fifteen bytes!!";

const FAULTS: { name: string; behaviour: Behaviour; detail: RegExp }[] = [
  { name: "Content-Length 100000, 15 bytes, then close", behaviour: answerThenClose(HEAD_200_CL + FIFTEEN), detail: /cut short: 15 of 100000 bytes/ },
  { name: "Content-Length 100000, 15 bytes, then reset", behaviour: answerThenReset(HEAD_200_CL + FIFTEEN), detail: /./ },
  {
    name: "a chunked body cut short, then close",
    behaviour: answerThenClose("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n10\r\nabc"),
    detail: /chunked answer is malformed or cut short/,
  },
  { name: "a chunked body without its last chunk, then close", behaviour: answerThenClose("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n"), detail: /chunked/ },
  { name: "a reset in the middle of the headers", behaviour: answerThenReset("HTTP/1.1 200 OK\r\nContent-Ty"), detail: /./ },
  { name: "a close in the middle of the headers", behaviour: answerThenClose("HTTP/1.1 200 OK\r\nContent-Ty"), detail: /before a complete answer/ },
  { name: "a garbage status line", behaviour: answerThenClose("HTTP/1.1 2OO OK\r\nContent-Length: 2\r\n\r\nok"), detail: /not HTTP\/1\.x/ },
  { name: "a non-HTTP protocol", behaviour: answerThenClose("SSH-2.0-OpenSSH_9.2\r\n\r\n"), detail: /not HTTP\/1\.x/ },
  { name: "a header line without a colon", behaviour: answerThenClose("HTTP/1.1 200 OK\r\nbroken header\r\nContent-Length: 2\r\n\r\nok"), detail: /malformed header/ },
  { name: "two different Content-Lengths", behaviour: answerThenClose("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 5\r\n\r\nokokok"), detail: /Content-Length is malformed/ },
  { name: "headers larger than 64 KiB", behaviour: answerThenClose(`HTTP/1.1 200 OK\r\nX-Big: ${"x".repeat(70_000)}\r\nContent-Length: 2\r\n\r\nok`), detail: /larger than 65536/ },
  { name: "no answer at all, just a close", behaviour: (s) => s.end(), detail: /before a complete answer/ },
];

describe.each(FAULTS)("a node that answers with $name", ({ behaviour, detail }) => {
  it("serves every one of 10 GETs from the other node, never the broken answer", async () => {
    bad.behaviour = behaviour;
    const before = { bad: bad.heads.length, good: good.requests.length };
    const results = await callMany(pair.url("/hello"), 10);
    expect(results.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(results.every((r) => r.text.startsWith("good GET /backend?call="))).toBe(true);
    expect(good.requests.length - before.good).toBe(10);
    expect(bad.heads.length - before.bad, "the broken node was tried in rotation").toBeGreaterThanOrEqual(4);
  });

  it("answers a POST that reached it with a 502 naming the attempt, and does not resend it", async () => {
    bad.behaviour = behaviour;
    const before = good.requests.length;
    const r = await call(`${alone.url("/hello")}?call=post`, { method: "POST", body: "order=1" });
    expect(r.status).toBe(502);
    expect(r.json).toMatchObject({ error: "BadGateway", upstreamId: alone.channelId });
    const attempts = r.json!.attempts as { node: string; outcome: string; detail: string }[];
    expect(attempts).toHaveLength(1);
    expect(attempts[0]!.node).toBe(`127.0.0.1:${bad.port}`);
    expect(["bad-answer", "tcp"]).toContain(attempts[0]!.outcome);
    expect(attempts[0]!.detail).toMatch(detail);
    expect(good.requests.length).toBe(before);
  });

  it("answers a GET with 502 naming the attempt when no other node is left", async () => {
    bad.behaviour = behaviour;
    const r = await call(alone.url("/hello"));
    expect(r.status).toBe(502);
    expect(r.json).toMatchObject({ error: "BadGateway", upstreamId: alone.channelId, attempts: [{ node: `127.0.0.1:${bad.port}` }] });
    expect(r.text).not.toContain(FIFTEEN);
  });
});

describe("well-formed answers from a raw node", () => {
  it.each([
    { name: "Content-Length", bytes: GOOD_ANSWER("whole"), body: "whole" },
    { name: "chunked with trailers", bytes: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nwho\r\n2\r\nle\r\n0\r\nX-T: 1\r\n\r\n", body: "whole" },
  ])("passes a complete answer ($name) through", async ({ bytes, body }) => {
    bad.behaviour = answerThenClose(bytes);
    const r = await call(alone.url("/hello"));
    expect({ status: r.status, text: r.text }).toEqual({ status: 200, text: body });
  });
});
