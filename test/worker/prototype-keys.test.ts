// Names from a request that are also Object.prototype's (`__proto__`, `constructor`, `toString`,
// ...): as parameters, actions, regions and limit types they are refused with Tencent's codes,
// and no request of one account changes what another account is answered.
import { SELF } from "cloudflare:test";
import { afterEach, describe, expect, it } from "vitest";
import { formRequest, TENANT_B, tc3Request } from "../helpers/signer";
import { api, err, ok, v2 } from "../helpers/worker-api";

const PROTO_NAMES = ["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf", "prototype"];
const B = { secretId: TENANT_B.secretId, secretKey: TENANT_B.secretKey };
const CLEAN = new Set(Object.getOwnPropertyNames(Object.prototype));

// A failing run must not leave the isolate polluted for the next test.
afterEach(() => {
  for (const k of Object.getOwnPropertyNames(Object.prototype)) if (!CLEAN.has(k)) delete (Object.prototype as Record<string, unknown>)[k];
});

async function v3(req: Request) {
  const r = await SELF.fetch(req);
  expect(r.status).toBe(200);
  return ((await r.json()) as { Response: Record<string, any> }).Response;
}

describe("prototype-named parameters", () => {
  it("A's GET /?__proto__.Limit=1 is refused and B still sees its 3 VPCs", async () => {
    for (const c of ["10.30.0.0/16", "10.31.0.0/16", "10.32.0.0/16"]) await ok("CreateVpc", { VpcName: "b", CidrBlock: c }, B);
    const before = await ok("DescribeVpcs", {}, B);
    expect(before.VpcSet).toHaveLength(3);
    const r = await v3(tc3Request("DescribeCcns", { "__proto__.Limit": "1" }, { method: "GET" }));
    expect(r.Error?.Code).toBe("UnknownParameter");
    expect(r.Error?.Message).toContain("__proto__");
    const after = await ok("DescribeVpcs", {}, B);
    expect(after.VpcSet).toHaveLength(3);
    expect(after.TotalCount).toBe(3);
  });

  it("A's __proto__.routes=x does not break anyone's DescribeRouteTables", async () => {
    await ok("CreateVpc", { VpcName: "r", CidrBlock: "10.33.0.0/16" }, B);
    const r = await v3(tc3Request("DescribeRouteTables", { "__proto__.routes": "x" }, { method: "GET" }));
    expect(r.Error?.Code).toBe("UnknownParameter");
    const tables = await ok("DescribeRouteTables", {}, B);
    expect(tables.RouteTableSet.length).toBeGreaterThanOrEqual(1);
    await ok("DescribeRouteTables", {});
  });

  it.each([
    ["GET query", (name: string) => tc3Request("DescribeVpcs", { [`${name}.Limit`]: "1" }, { method: "GET" })],
    ["GET query, top level", (name: string) => tc3Request("DescribeVpcs", { [name]: "1" }, { method: "GET" })],
    ["GET query, nested", (name: string) => tc3Request("DescribeVpcs", { "Filters.0.Name": "vpc-id", "Filters.0.Values.0": "vpc-abcdefgh", [`Filters.0.${name}.x`]: "1" }, { method: "GET" })],
    ["JSON body", (name: string) => tc3Request("DescribeVpcs", {}, { rawBody: `{${JSON.stringify(name)}:{"Limit":1}}` })],
    ["JSON body, nested", (name: string) => tc3Request("DescribeVpcs", {}, { rawBody: `{"Filters":[{"Name":"vpc-id","Values":["vpc-abcdefgh"],${JSON.stringify(name)}:{"Limit":1}}]}` })],
    ["form-signed body", (name: string) => formRequest("DescribeVpcs", { [`${name}.Limit`]: "1" })],
    ["form-signed body, deep", (name: string) => formRequest("DescribeVpcs", { [`constructor.prototype.${name}`]: "1" })],
  ])("refuses every prototype name in a %s with UnknownParameter", async (_how, make) => {
    for (const name of PROTO_NAMES) {
      const r = await v3(make(name));
      expect(r.Error?.Code, `${name}: ${JSON.stringify(r)}`).toMatch(/^UnknownParameter$/);
      expect(Object.getOwnPropertyNames(Object.prototype).filter((k) => !CLEAN.has(k))).toEqual([]);
      expect(({} as Record<string, unknown>).Limit).toBeUndefined();
    }
  });

  it("refuses prototype names in v2 parameters with UnknownParameter (4000)", async () => {
    for (const name of PROTO_NAMES) {
      const r = await v2("DescribeVpcClassicLink", { [`${name}.limit`]: "1" });
      // v2 reads "_" as ".", so `__proto__` arrives as `..proto..`: a malformed name
      expect(r, name).toMatchObject({ code: 4000, codeDesc: name === "__proto__" ? "InvalidParameter" : "UnknownParameter" });
    }
  });

  it("refuses a prototype name as a limit type", async () => {
    for (const name of PROTO_NAMES) await err("DescribeVpcLimits", { LimitTypes: [name] }, "InvalidParameterValue");
  });
});

describe("prototype-named actions and regions", () => {
  it.each(PROTO_NAMES)("answers X-TC-Action %s with InvalidAction", async (name) => {
    await err(name, {}, "InvalidAction");
  });

  it.each(PROTO_NAMES)("answers the form-signed Action %s with InvalidAction", async (name) => {
    expect((await v3(formRequest(name, {}))).Error?.Code).toBe("InvalidAction");
  });

  it.each(PROTO_NAMES)("answers v2 Action=%s with 4000 InvalidAction", async (name) => {
    expect(await v2(name, {})).toMatchObject({ code: 4000, codeDesc: "InvalidAction" });
  });

  it.each(PROTO_NAMES)("answers the region %s with UnsupportedRegion, in both APIs", async (name) => {
    expect((await api("DescribeVpcs", {}, { region: name })).Error?.Code).toBe("UnsupportedRegion");
    expect(await v2("DescribeVpcClassicLink", {}, { region: name })).toMatchObject({ code: 4000, codeDesc: "UnsupportedRegion" });
  });

  it.each(PROTO_NAMES)("answers the version %s with NoSuchVersion", async (name) => {
    await err("DescribeVpcs", {}, "NoSuchVersion", { version: name });
  });
});
