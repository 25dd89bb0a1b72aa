// Client behaviour at the HTTP level against a real `wrangler dev`: bodies cut short, unfinished
// chunked bodies, upgrade requests, on the API 3.0, v2 and data-plane paths; the service must
// answer afterwards. Also: wrangler.toml ships no credential (it lives in .dev.vars).
import { unstable_readConfig } from "wrangler";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startDevServer, type DevServer } from "../helpers/dev-server";
import { bodyOf, rawExchange, statusOf } from "../helpers/raw-http";
import { Rng } from "../helpers/fuzz-cases";
import { clients } from "../helpers/sdk";

const head = (method: string, path: string, extra: string) => `${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n${extra}\r\n`;
const CUT_SHORT = (path: string) => head("POST", path, "Content-Type: application/json\r\nContent-Length: 100\r\n") + "{}";
const UNFINISHED_CHUNKED = (path: string) => head("POST", path, "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n") + '5\r\n{"a":';

async function stillAnswers(port: number) {
  const r = await clients(port).vpc.DescribeVpcs({});
  expect(r.RequestId).toMatch(/^[0-9a-f-]{36}$/);
}

describe("bodies the client never finishes", () => {
  let port: number;
  beforeAll(() => {
    port = inject("devPort");
  });

  // The exact path "/" is left out here: see the describe below.
  it.each([
    ["/v2/index.php"],
    ["/?Action=DescribeVpcs"],
    ["/service-abcdefgh/release/hello"],
    ["/no/such/route"],
  ])("survive a cut-short and an unfinished chunked body to %s", async (path) => {
    for (const bytes of [CUT_SHORT(path), UNFINISHED_CHUNKED(path)]) {
      await rawExchange(port, bytes, { closeAfterMs: 300 });
      await stillAnswers(port);
    }
  });
});

// Seeded raw framing: lengths that lie, broken chunk syntax, huge headers, bad bodies. Opt-in
// (FUZZ_FRAMING=1): wrangler dev's proxy does not survive a run (FUZZ_SEED=7 ended it at case 29,
// Content-Length with Transfer-Encoding; earlier variants at an abandoned 5 KB body and at
// pipelined garbage), and a dead shared server would fail every other file of this project.
describe.skipIf(!process.env.FUZZ_FRAMING)("seeded raw framing", () => {
  const seed = Number(process.env.FUZZ_SEED || Math.floor(Math.random() * 2 ** 31));
  const cases = Number(process.env.FUZZ_FRAMING_CASES || 60);

  it(`answers or closes, never 500, and keeps answering (FUZZ_SEED=${seed}, ${cases} cases)`, async () => {
    const port = inject("devPort");
    const r = new Rng(seed);
    const bad: string[] = [];
    for (let i = 0; i < cases; i++) {
      const path = r.pick(["/v2/index.php", "/?Action=DescribeVpcs", "/service-abcdefgh/release/x", "/x"]);
      const body = r.pick(["{}", "{", '{"VpcId":"vpc-abcdefgh"}', "a=1&b", "\u0000\u00ff", "x".repeat(5000)]);
      const ct = r.pick(["application/json", "application/x-www-form-urlencoded", "text/plain", "gzip/x"]);
      let bytes: string;
      switch (r.int(6)) {
        case 0: // bytes after the body that are not a request (pipelined garbage on a kept-alive
          // connection that is then dropped ends wrangler dev like an abandoned body: see below)
          bytes = head("POST", path, `Content-Type: ${ct}\r\nContent-Length: ${body.length}\r\nConnection: close\r\n`) + body + r.pick(["\r\n\r\n", "GARBAGE / HTTP/9\r\n\r\n", "\u0000"]);
          break;
        case 1: // says less than it sends
          bytes = head("POST", path, `Content-Type: ${ct}\r\nContent-Length: ${r.int(body.length)}\r\nConnection: close\r\n`) + body;
          break;
        case 2: // broken chunk syntax
          bytes = head("POST", path, `Content-Type: ${ct}\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n`) + r.pick(["zz\r\n{}\r\n0\r\n\r\n", "-1\r\n\r\n", "2;x=y\r\n{}\r\n0\r\n\r\n", "1\r\n{}\r\n0\r\n\r\n"]);
          break;
        case 3: // a huge header
          bytes = head("POST", path, `Content-Type: ${ct}\r\nX-Big: ${"a".repeat(r.pick([9000, 70000, 200000]))}\r\nContent-Length: ${body.length}\r\nConnection: close\r\n`) + body;
          break;
        case 4: // a gzip claim over plain bytes, complete, to "/" too
          bytes = head("POST", r.pick([path, "/"]), `Content-Type: ${ct}\r\nContent-Encoding: gzip\r\nContent-Length: ${body.length}\r\nConnection: close\r\n`) + body;
          break;
        default: // both framings at once
          bytes = head("POST", path, `Content-Length: 2\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n`) + "2\r\n{}\r\n0\r\n\r\n";
      }
      const answer = await rawExchange(port, bytes, { waitMs: 5000 });
      if (statusOf(answer) >= 500 && !/"attempts"/.test(answer)) bad.push(`case ${i}: ${answer.slice(0, 200)}\n    ${bytes.slice(0, 200)}`);
      const up = await fetch(`http://127.0.0.1:${port}/`, { method: "POST", body: "{}" }).then(() => true, () => false);
      if (!up) {
        bad.push(`case ${i} ended the server: ${bytes.slice(0, 300)}`);
        break;
      }
    }
    expect(bad, `FUZZ_SEED=${seed}`).toEqual([]);
    await stillAnswers(port);
  }, Math.max(300_000, cases * 6_000));
});

describe("upgrade requests to /", () => {
  it.each(["POST", "GET", "PUT"])("%s with Upgrade: websocket gets an envelope, not a redirect", async (method) => {
    const port = inject("devPort");
    const body = method === "GET" ? "" : "{}";
    const answer = await rawExchange(
      port,
      head(method, "/", `Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nContent-Length: ${body.length}\r\n`) + body,
      { until: /"RequestId":"[^"]+"\}\}/ },
    );
    expect(statusOf(answer), answer.slice(0, 300)).toBe(200);
    expect(answer).not.toMatch(/\r\nlocation:/i);
    expect(bodyOf(answer)).toMatch(/"Response":\{"Error":\{"Code":"(AuthFailure|UnsupportedProtocol)/);
    await stillAnswers(port);
  });
});

// wrangler dev's own proxy (its ProxyWorker) reports a proxied request that fails with "Network
// connection lost" as a fatal error and exits. An aborted body to exactly "/" does it every time
// (other paths depending on size and timing: a 5 KB body cut short on the data plane did); not
// hono/cors, not the assets router, not our handler (all tried). This pins the runtime's
// behaviour: when wrangler stops exiting, this test fails and the note in README goes.
describe("left to the runtime: wrangler dev and an aborted body to exactly /", () => {
  let own: DevServer;
  beforeAll(async () => {
    own = await startDevServer(process.cwd());
  });
  afterAll(() => own?.stop());

  it("ends wrangler dev (its ProxyWorker treats the lost connection as fatal)", async () => {
    await rawExchange(own.port, CUT_SHORT("/"), { closeAfterMs: 300 });
    await new Promise((r) => setTimeout(r, 1500));
    const alive = await fetch(`http://127.0.0.1:${own.port}/`, { method: "POST", body: "{}" }).then(
      () => true,
      () => false,
    );
    expect(alive).toBe(false);
    expect(own.log()).toMatch(/Network connection lost/);
  });
});

describe("the deployed configuration", () => {
  it("ships no TC_CREDENTIALS in wrangler.toml; .dev.vars holds the local pair", async () => {
    const config = unstable_readConfig({ config: "wrangler.toml" });
    expect(Object.keys(config.vars ?? {})).not.toContain("TC_CREDENTIALS");
  });
});
