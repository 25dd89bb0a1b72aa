// The API 3.0 wire protocol: TC3 signature vectors, the form-signed mode, envelopes and the
// common errors. Every malformed request gets HTTP 200 and a Tencent error, never a 500.
import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { formRequest, SECRET_ID, tc3Request } from "../helpers/signer";
import { api, err, ok } from "../helpers/worker-api";

const VPC = { VpcName: "p", CidrBlock: "10.20.0.0/16" };
const now = () => Math.floor(Date.now() / 1000);

describe("TC3-HMAC-SHA256", () => {
  it("accepts a request signed with the host without its port (Node SDK)", async () => {
    await ok("CreateVpc", VPC);
  });

  it("accepts a request signed with the host and port (Go SDK) and the real service name", async () => {
    await ok("CreateVpc", VPC, { signedHost: "127.0.0.1:8787", service: "vpc" });
  });

  it("accepts TC3 over GET with the parameters in the query string", async () => {
    const r = await ok("DescribeVpcs", { Limit: 5, Offset: 0 }, { method: "GET" });
    expect(r.TotalCount).toBeGreaterThanOrEqual(1);
  });

  it.each([
    ["a wrong secret key", { secretKey: "wrong" }, "AuthFailure.SignatureFailure"],
    ["an unknown SecretId", { secretId: "AKIDUNKNOWN" }, "AuthFailure.SecretIdNotFound"],
    ["a timestamp 301 s in the past", () => ({ timestamp: now() - 301 }), "AuthFailure.SignatureExpire"],
    ["a timestamp 301 s in the future", () => ({ timestamp: now() + 301 }), "AuthFailure.SignatureExpire"],
    ["a tampered body", { sendBody: JSON.stringify({ VpcName: "x", CidrBlock: "10.20.0.0/16" }) }, "AuthFailure.SignatureFailure"],
    ["a credential date that is not the timestamp's", { date: "2020-01-01" }, "AuthFailure.SignatureFailure"],
  ])("refuses %s", async (_what, opts, code) => {
    // times are taken when the test runs, not when it is collected (a slow run would shift them)
    await err("CreateVpc", VPC, code, typeof opts === "function" ? opts() : opts);
  });

  it("accepts a timestamp 299 s off", async () => {
    await ok("DescribeVpcs", {}, { timestamp: now() - 299 });
  });

  it("refuses an Authorization header of another scheme", async () => {
    const r = await SELF.fetch("http://127.0.0.1:8787/", { method: "POST", headers: { Authorization: "Basic abc" }, body: "{}" });
    expect(((await r.json()) as any).Response.Error.Code).toBe("AuthFailure.InvalidAuthorization");
  });

  it("refuses a malformed TC3 Authorization header", async () => {
    const req = tc3Request("DescribeVpcs", {});
    const h = new Headers(req.headers);
    h.set("Authorization", "TC3-HMAC-SHA256 Credential=x, Signature=zz");
    const r = await SELF.fetch(new Request(req.url, { method: "POST", headers: h, body: "{}" }));
    expect(((await r.json()) as any).Response.Error.Code).toBe("AuthFailure.InvalidAuthorization");
  });

  it("echoes X-TC-TraceId and answers with a RequestId", async () => {
    const r = await SELF.fetch(tc3Request("DescribeVpcs", {}, { headers: { "X-TC-TraceId": "trace-123" } }));
    expect(r.headers.get("X-TC-TraceId")).toBe("trace-123");
    const j = (await r.json()) as any;
    expect(j.Response.RequestId).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe("form-signed mode (HmacSHA1 / HmacSHA256)", () => {
  it.each(["HmacSHA1", "HmacSHA256"] as const)("accepts %s over POST and GET", async (m) => {
    for (const method of ["POST", "GET"] as const) {
      const r = await SELF.fetch(formRequest("DescribeVpcs", { Limit: "1" }, { signatureMethod: m, method }));
      expect(((await r.json()) as any).Response.Error).toBeUndefined();
    }
  });

  it("refuses the same signed request twice", async () => {
    const req = formRequest("DescribeVpcs", {}, { nonce: 4242 });
    const again = req.clone();
    expect(((await (await SELF.fetch(req)).json()) as any).Response.Error).toBeUndefined();
    expect(((await (await SELF.fetch(again)).json()) as any).Response.Error.Code).toBe("ReplayAttack");
  });

  it("refuses a wrong key and a missing Signature", async () => {
    const bad = await SELF.fetch(formRequest("DescribeVpcs", {}, { secretKey: "nope" }));
    expect(((await bad.json()) as any).Response.Error.Code).toBe("AuthFailure.SignatureFailure");
    const none = await SELF.fetch(`http://127.0.0.1:8787/?Action=DescribeVpcs&SecretId=${SECRET_ID}`);
    expect(((await none.json()) as any).Response.Error.Code).toBe("AuthFailure.InvalidAuthorization");
  });
});

describe("common errors", () => {
  it.each([
    ["an unknown action", "NoSuchAction", {}, {}, "InvalidAction", /NoSuchAction/],
    ["an unknown version", "CreateVpc", VPC, { version: "2099-01-01" }, "NoSuchVersion", /2099-01-01/],
    ["a missing region", "DescribeVpcs", {}, { region: null }, "MissingParameter", /X-TC-Region/],
    ["an unknown region", "DescribeVpcs", {}, { region: "mars-north-1" }, "UnsupportedRegion", /mars-north-1/],
    ["a missing parameter", "CreateVpc", { VpcName: "x" }, {}, "MissingParameter", /`CidrBlock`/],
    ["an unknown parameter", "CreateVpc", { ...VPC, Colour: "red" }, {}, "UnknownParameter", /`Colour`/],
    ["an unknown nested parameter", "DescribeVpcs", { Filters: [{ Name: "vpc-id", Values: ["a"], X: 1 }] }, {}, "UnknownParameter", /`Filters.0.X`/],
    ["a mistyped parameter", "CreateVpc", { VpcName: "x", CidrBlock: 5 }, {}, "InvalidParameter", /`CidrBlock` must be a string/],
    ["a non-list filter value", "DescribeVpcs", { Filters: [{ Name: "vpc-id", Values: "vpc-1" }] }, {}, "InvalidParameter.FilterValuesNotList", /Filters.0.Values/],
    ["an unsupported filter", "DescribeVpcs", { Filters: [{ Name: "colour", Values: ["x"] }] }, {}, "InvalidParameter.FilterInvalidKey", /colour/],
    ["a limit over 100", "DescribeClassicLinkInstances", { Limit: "101" }, {}, "InvalidParameterValue.LimitExceeded", /at most 100/],
    ["a negative offset", "DescribeClassicLinkInstances", { Offset: "-1" }, {}, "InvalidParameterValue.Range", /Offset/],
  ])("answers %s with its code", async (_what, action, params, opts, code, message) => {
    const e = await err(action, params as Record<string, unknown>, code, opts as object);
    expect(e.Message).toMatch(message);
  });

  it.each([
    ["invalid JSON", "{not json"],
    ["a JSON array", "[1,2]"],
    ["a JSON string", '"x"'],
    ["invalid UTF-8", new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d])],
    ["deeply nested JSON", "[".repeat(100_000) + "]".repeat(100_000)],
  ] as [string, string | Uint8Array][])("answers %s with InvalidParameter", async (_what, body) => {
    await err("CreateVpc", {}, "InvalidParameter", { rawBody: body });
  });

  it("answers a body over 1 MiB with RequestSizeLimitExceeded", async () => {
    await err("CreateVpc", {}, "RequestSizeLimitExceeded", { rawBody: JSON.stringify({ VpcName: "x".repeat(1_100_000) }) });
  });

  it("answers PUT with UnsupportedProtocol in an HTTP 200 envelope", async () => {
    const r = await SELF.fetch("http://127.0.0.1:8787/", { method: "PUT", body: "{}" });
    expect(r.status).toBe(200);
    expect(((await r.json()) as any).Response.Error.Code).toBe("UnsupportedProtocol");
  });

  it("never answers random bodies with anything but an envelope", async () => {
    for (let i = 0; i < 50; i++) {
      const bytes = crypto.getRandomValues(new Uint8Array(1 + i * 37));
      const r = await SELF.fetch("http://127.0.0.1:8787/", { method: "POST", body: bytes, headers: { "X-TC-Action": "CreateVpc" } });
      expect(r.status).toBe(200);
      expect(((await r.json()) as any).Response.Error.Code).toMatch(/^(AuthFailure|InvalidParameter)/);
    }
  });

  it("survives hostile parameter values on every action", async () => {
    const values = [null, true, -1, 1e308, "", "x".repeat(5000), [], {}, [[[]]], { a: { b: {} } }];
    for (const action of ["AttachClassicLinkVpc", "DescribeClassicLinkInstances", "RunInstances", "CreateVpc", "DescribeVpcTaskResult"]) {
      for (const v of values) {
        const r = await api(action, { VpcId: v, InstanceIds: v, TaskId: v, Offset: v, Placement: v, CidrBlock: v, VpcName: v });
        expect(r.Error?.Code ?? "OK").not.toBe("InternalError");
      }
    }
  });
});

describe("browsers on other origins (CORS)", () => {
  it("answers a preflight for a signed POST from any origin", async () => {
    const res = await SELF.fetch("http://127.0.0.1:8787/", {
      method: "OPTIONS",
      headers: { Origin: "null", "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "authorization,content-type,x-tc-action,x-tc-version,x-tc-timestamp,x-tc-region" },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.get("access-control-allow-methods")).toContain("POST");
    for (const h of ["Authorization", "Content-Type", "X-TC-Action", "X-TC-Version", "X-TC-Timestamp", "X-TC-Region"]) {
      expect(res.headers.get("access-control-allow-headers")).toContain(h);
    }
  });

  it("lets the browser read the answer of a signed call", async () => {
    const res = await SELF.fetch(tc3Request("DescribeVpcs", {}, { headers: { Origin: "null" } }));
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    const body = (await res.json()) as { Response: { TotalCount?: number; Error?: unknown } };
    expect(body.Response.Error).toBeUndefined();
  });
});

