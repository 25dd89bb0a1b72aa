// Endpoints as tools address them: a call is accepted whatever the Host (vpc.tencentcloudapi.com,
// <product>.<domain>, 127.0.0.1:port) as long as the host's product has the action.
import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { hostProduct } from "../../functions/dispatch";
import { tc3Request } from "../helpers/signer";

async function at(host: string, action: string, params: Record<string, unknown>, version = "2017-03-12", region?: string | null) {
  const signed = tc3Request(action, params, { signedHost: host, service: host.split(".")[0], version, ...(region !== undefined ? { region } : {}) });
  const r = await SELF.fetch(new Request(`https://${host}/`, signed));
  expect(r.status).toBe(200);
  return ((await r.json()) as { Response: Record<string, any> }).Response; // eslint-disable-line @typescript-eslint/no-explicit-any
}

describe("hostProduct", () => {
  it.each([
    ["vpc.tencentcloudapi.com", "vpc"],
    ["cvm.tencentcloudapi.com:443", "cvm"],
    ["tag.internal.example", "tag"],
    ["apigateway.tencentcloudapi.com", "apigateway"],
    ["127.0.0.1:8787", null],
    ["localhost", null],
    ["tc-classiclink-edge.me.workers.dev", null],
  ])("%s -> %s", (host, product) => expect(hostProduct(host)).toBe(product));
});

describe("calls by host name", () => {
  it("answers vpc actions on vpc.tencentcloudapi.com and on vpc.<domain>, cvm actions on cvm.<domain>", async () => {
    expect((await at("vpc.tencentcloudapi.com", "DescribeVpcs", {})).Error).toBeUndefined();
    expect((await at("vpc.tc.internal", "DescribeVpcs", {})).Error).toBeUndefined();
    expect((await at("cvm.tc.internal", "DescribeInstances", {})).Error).toBeUndefined();
    expect((await at("tag.tencentcloudapi.com", "DescribeResourcesByTags", { TagFilters: [{ TagKey: "x" }] }, "2018-08-13")).Error).toBeUndefined();
  });

  it("the tag product needs no X-TC-Region (its resources name their region); the others do", async () => {
    expect((await at("tag.tencentcloudapi.com", "DescribeResourcesByTags", { TagFilters: [{ TagKey: "x" }] }, "2018-08-13", null)).Error).toBeUndefined();
    expect((await at("vpc.tencentcloudapi.com", "DescribeVpcs", {}, "2017-03-12", null)).Error?.Code).toBe("MissingParameter");
  });

  it("refuses an action sent to another product's host with InvalidAction", async () => {
    const r = await at("apigateway.tencentcloudapi.com", "DescribeVpcs", {});
    expect(r.Error?.Code).toBe("InvalidAction");
    expect(r.Error?.Message).toMatch(/not an action of apigateway/);
    expect((await at("cvm.tencentcloudapi.com", "CreateVpc", { VpcName: "x", CidrBlock: "10.0.0.0/16" })).Error?.Code).toBe("InvalidAction");
  });
});
