// What "/" answers besides signed calls: only a plain browser GET (no query, no credentials, no
// upgrade) is sent to the planner page; everything else gets an API 3.0 envelope.
import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { tc3Request } from "../helpers/signer";

const ROOT = "http://127.0.0.1:8787/";
const UPGRADE = { Connection: "Upgrade", Upgrade: "websocket", "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version": "13" };

async function envelope(r: Response) {
  expect(r.status).toBe(200);
  expect(r.headers.get("location")).toBeNull();
  return ((await r.json()) as { Response: { Error?: { Code: string } } }).Response;
}

describe("the root path", () => {
  it("redirects a plain browser GET to the planner", async () => {
    const r = await SELF.fetch(ROOT, { redirect: "manual", headers: { Accept: "text/html" } });
    expect(r.status).toBe(302);
    expect(r.headers.get("location")).toBe("/planner/");
  });

  it.each(["POST", "GET", "PUT", "DELETE", "PATCH"])("answers %s with Connection: Upgrade / Upgrade: websocket with an envelope", async (method) => {
    const body = method === "GET" ? undefined : "{}";
    const r = await SELF.fetch(ROOT, { method, redirect: "manual", headers: UPGRADE, body });
    expect((await envelope(r)).Error?.Code).toMatch(/^(AuthFailure|UnsupportedProtocol)/);
  });

  it("answers a signed GET that also asks for an upgrade", async () => {
    const req = tc3Request("DescribeVpcs", { Limit: 5 }, { method: "GET", headers: UPGRADE });
    expect((await envelope(await SELF.fetch(req, { redirect: "manual" }))).Error).toBeUndefined();
  });

  it("answers an unsigned GET naming an action with an envelope", async () => {
    const r = await SELF.fetch(ROOT, { redirect: "manual", headers: { "X-TC-Action": "DescribeVpcs" } });
    expect((await envelope(r)).Error?.Code).toMatch(/^AuthFailure/);
  });
});
