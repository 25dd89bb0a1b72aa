// Self-host mode against clients that break HTTP framing (issue 13, item 4), over raw sockets:
// a Content-Length longer than the body, or an unfinished chunked body, then a close (FIN) or a
// reset (RST). `workerd serve` must stay up and keep answering after every one of them.
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSelfHost, type SelfHostServer } from "../helpers/selfhost";

let s: SelfHostServer;
beforeAll(async () => {
  s = await startSelfHost(process.cwd());
});
afterAll(async () => {
  await s?.stop();
});

/** raw writes text on a fresh connection, then ends it (FIN) or resets it (RST); reports what came back. */
function raw(text: string, how: "close" | "reset"): Promise<string> {
  return new Promise((resolve) => {
    let got = "";
    const c = connect(s.port, "127.0.0.1", () => {
      c.write(text);
      setTimeout(() => (how === "reset" ? c.resetAndDestroy() : c.end()), 50);
    });
    c.setTimeout(10_000, () => c.destroy());
    c.on("data", (d) => (got += d.toString("latin1")));
    c.on("error", () => {});
    c.on("close", () => resolve(got));
  });
}

/** stillServing asserts workerd is running and answers a plain API call with an envelope. */
async function stillServing(): Promise<void> {
  expect(s.child.exitCode, `workerd exited; output:\n${s.log().slice(-2000)}`).toBeNull();
  const r = await fetch(`http://127.0.0.1:${s.port}/`, { method: "POST", body: "{}" });
  expect(r.status).toBe(200);
  expect(((await r.json()) as { Response?: { Error?: { Code?: string } } }).Response?.Error?.Code).toMatch(/^AuthFailure/);
}

const head = (path: string, type: string, framing: string) => `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: ${type}\r\n${framing}\r\n\r\n`;
const CASES: [string, string][] = [
  ["API 3.0: Content-Length 100, then {}", head("/", "application/json", "Content-Length: 100") + "{}"],
  ["API 3.0: an unfinished chunked body", head("/", "application/json", "Transfer-Encoding: chunked") + '5\r\n{"a":'],
  ["API 3.0: chunk headers only", head("/", "application/json", "Transfer-Encoding: chunked") + "ff\r\n"],
  ["v2: Content-Length 100, then half a form", head("/v2/index.php", "application/x-www-form-urlencoded", "Content-Length: 100") + "Action=Describe"],
  ["data plane: Content-Length 100, then 2 bytes", head("/service-abcdefgh/release/x", "application/json", "Content-Length: 100") + "{}"],
  ["headers cut off in the middle", "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Le"],
];

describe("workerd serve survives cut-short requests", () => {
  for (const [name, text] of CASES) {
    for (const how of ["close", "reset"] as const) {
      it(`${name}, then ${how}`, async () => {
        const answer = await raw(text, how);
        // After a FIN the runtime may still write the Worker's answer; it is never a runtime 5xx.
        if (answer) expect(answer).not.toMatch(/^HTTP\/1\.1 5/);
        await stillServing();
      });
    }
  }

  it("40 of them at once, mixed with normal calls, and it still answers", async () => {
    const all: Promise<unknown>[] = [];
    for (let i = 0; i < 40; i++) {
      const [, text] = CASES[i % CASES.length]!;
      all.push(raw(text, i % 2 ? "reset" : "close"));
      all.push(fetch(`http://127.0.0.1:${s.port}/`, { method: "POST", body: "{}" }).then((r) => r.status));
    }
    const results = await Promise.all(all);
    expect(results.filter((r) => typeof r === "number")).toEqual(Array(40).fill(200));
    await stillServing();
  });
});
