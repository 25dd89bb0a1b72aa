// A deployment without TC_CREDENTIALS (the key is never shipped in wrangler.toml) refuses every
// call, in both API generations, with an AuthFailure that says how to set one.
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { app } from "../../functions/app";
import type { Env } from "../../functions/env";
import { formRequest, tc3Request } from "../helpers/signer";

const bare = { ...(env as unknown as Env), TC_CREDENTIALS: undefined } as Env;
const HOW = /wrangler secret put TC_CREDENTIALS/;

async function answer(req: Request, e: Env = bare) {
  const r = await app.fetch(req, e);
  expect(r.status).toBe(200);
  return (await r.json()) as Record<string, any>;
}

describe("a deployment with no credentials", () => {
  it.each([
    ["a TC3 POST", () => tc3Request("DescribeVpcs", {})],
    ["a TC3 GET", () => tc3Request("DescribeVpcs", {}, { method: "GET" })],
    ["a form-signed call", () => formRequest("DescribeVpcs", {})],
    ["an unsigned POST", () => new Request("http://127.0.0.1:8787/", { method: "POST", body: "{}" })],
    ["a PUT", () => new Request("http://127.0.0.1:8787/", { method: "PUT", body: "{}" })],
  ])("refuses %s with AuthFailure saying how to set one", async (_what, make) => {
    const r = await answer(make());
    expect(r.Response.Error.Code).toBe("AuthFailure.SecretIdNotFound");
    expect(r.Response.Error.Message).toMatch(HOW);
    expect(r.Response.RequestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("refuses v2 calls with 4104 and the same advice", async () => {
    for (const method of ["GET", "POST"] as const) {
      const r = await answer(formRequest("DescribeVpcClassicLink", {}, { path: "/v2/index.php", method }));
      expect(r).toMatchObject({ code: 4104, codeDesc: "AuthFailure.SecretIdNotFound" });
      expect(r.message).toMatch(HOW);
    }
  });

  it("refuses with an empty or malformed variable too", async () => {
    for (const value of ["", " , ", "AKIDONLY"]) {
      const r = await answer(tc3Request("DescribeVpcs", {}), { ...bare, TC_CREDENTIALS: value });
      expect(r.Response.Error.Code).toBe("AuthFailure.SecretIdNotFound");
    }
  });

  it("answers once a pair is set", async () => {
    const r = await answer(tc3Request("DescribeVpcs", {}), { ...bare, TC_CREDENTIALS: (env as unknown as Env).TC_CREDENTIALS });
    expect(r.Response.Error).toBeUndefined();
  });
});
