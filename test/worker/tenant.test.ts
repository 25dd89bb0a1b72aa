// Tenant isolation as a property (fast-check): whatever sequence of calls account A makes —
// any action, mutated and prototype-named parameters, B's own resource ids — account B's
// Describe* answers (RequestId aside) stay exactly what they were.
import fc from "fast-check";
import { env, SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { ACTIONS } from "../../functions/actions/registry";
import { fromShape, mutate, Rng, toJson, toPairs, type Value } from "../helpers/fuzz-cases";
import { formRequest, TENANT_B, tc3Request } from "../helpers/signer";
import { ok } from "../helpers/worker-api";

const B = { secretId: TENANT_B.secretId, secretKey: TENANT_B.secretKey };
const RUNS = Number((env as Record<string, unknown>).TENANT_RUNS) || 25;
const NAMES = Object.keys(ACTIONS);
let bIds: string[] = [];

// What B is answered: every listing of every product, and the region as a plan.
const VIEWS: [string, string, Record<string, unknown>][] = [
  ["DescribeVpcs", "2017-03-12", {}],
  ["DescribeSubnets", "2017-03-12", {}],
  ["DescribeRouteTables", "2017-03-12", {}],
  ["DescribeClassicLinkInstances", "2017-03-12", {}],
  ["DescribeSecurityGroups", "2017-03-12", {}],
  ["DescribeNetworkAcls", "2017-03-12", {}],
  ["DescribeCcns", "2017-03-12", {}],
  ["DescribeInstances", "2017-03-12", {}],
  ["DescribeVpcLimits", "2017-03-12", { LimitTypes: ["appid-max-vpcs", "vpc-max-basic-network-interconnections"] }],
  ["ExportNetworkPlan", "2017-03-12", {}],
  ["DescribeExclusiveInstances", "2018-08-08", { Limit: 100, Offset: 0 }],
  ["DescribeUpstreams", "2018-08-08", { Limit: 100, Offset: 0 }],
];

async function snapshotB(): Promise<string> {
  const out: unknown[] = [];
  for (const [action, version, params] of VIEWS) {
    const service = version === "2018-08-08" ? "apigateway" : undefined;
    const r = await ok(action, params, { ...B, version, ...(service ? { service } : {}) });
    const { RequestId: _drop, ...rest } = r;
    out.push([action, rest]);
  }
  return JSON.stringify(out);
}

/** withIds swaps string leaves for B's ids half the time, so A aims at B's resources. */
function withIds(r: Rng, v: Value): Value {
  if (v.t === "str" && r.chance(0.5)) return { t: "str", v: r.pick(bIds) };
  if (v.t === "arr") return { ...v, items: v.items.map((x) => withIds(r, x)) };
  if (v.t === "obj") return { ...v, entries: v.entries.map(([k, x]) => [k, withIds(r, x)] as [string, Value]) };
  return v;
}

/** A call by account A, drawn from a seed: any action, hostile parameters, any encoding. */
function callOfA(seed: number): Request {
  const r = new Rng(seed);
  const name = r.pick(NAMES);
  const def = r.pick(ACTIONS[name]!);
  let params = fromShape(r, def.shape);
  if (r.chance(0.6)) params = mutate(r, params);
  params = withIds(r, params);
  const o = { version: def.version, service: def.product };
  switch (r.int(4)) {
    case 0:
      return tc3Request(name, {}, { ...o, method: "GET", query: toPairs(params) });
    case 1:
      return formRequest(name, {}, { pairs: toPairs(params), extra: { Version: def.version } });
    default:
      return tc3Request(name, {}, { ...o, rawBody: toJson(params) });
  }
}

const HOSTILE: (() => Request)[] = [
  () => tc3Request("DescribeCcns", { "__proto__.Limit": "1" }, { method: "GET" }),
  () => tc3Request("DescribeRouteTables", { "__proto__.routes": "x" }, { method: "GET" }),
  () => tc3Request("DescribeVpcs", {}, { rawBody: '{"__proto__":{"Limit":1},"constructor":{"prototype":{"Limit":1}}}' }),
  () => tc3Request("__proto__", {}),
  () => tc3Request("DeleteVpc", { VpcId: bIds[0] }),
  () => tc3Request("AttachClassicLinkVpc", { VpcId: bIds[0], InstanceIds: [bIds[2]] }),
  () => tc3Request("DetachClassicLinkVpc", { VpcId: bIds[0], InstanceIds: [bIds[2]] }),
  () => tc3Request("TerminateInstances", { InstanceIds: [bIds[2]] }),
  () => tc3Request("ModifyClassicInstancePrivateIp", { InstanceId: bIds[2], PrivateIpAddress: "10.99.0.9" }),
  () => tc3Request("DeleteSecurityGroup", { SecurityGroupId: bIds[3] }),
];

describe("tenant isolation", () => {
  beforeAll(async () => {
    const vpc = (await ok("CreateVpc", { VpcName: "b", CidrBlock: "10.21.0.0/16" }, B)).Vpc.VpcId as string;
    const vpc2 = (await ok("CreateVpc", { VpcName: "b2", CidrBlock: "10.22.0.0/16" }, B)).Vpc.VpcId as string;
    const [ins] = (await ok("RunInstances", { Placement: { Zone: "ap-guangzhou-3" }, InstanceCount: 2 }, B)).InstanceIdSet as string[];
    await ok("AttachClassicLinkVpc", { VpcId: vpc, InstanceIds: [ins] }, B);
    const sg = (await ok("CreateSecurityGroup", { GroupName: "b", GroupDescription: "b" }, B)).SecurityGroup.SecurityGroupId as string;
    const subnet = (await ok("CreateSubnet", { VpcId: vpc2, SubnetName: "b", CidrBlock: "10.22.1.0/24", Zone: "ap-guangzhou-3" }, B)).Subnet.SubnetId as string;
    bIds = [vpc, vpc2, ins!, sg, subnet];
  });

  it(`no sequence of A's calls changes B's answers (${RUNS} runs)`, async () => {
    const before = await snapshotB();
    const step = fc.oneof(
      fc.integer({ min: 0, max: 2 ** 31 - 1 }).map((seed) => ({ seed })),
      fc.integer({ min: 0, max: HOSTILE.length - 1 }).map((hostile) => ({ hostile })),
    );
    let calls = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 3, maxLength: 8 }), async (steps) => {
        for (const s of steps) {
          const req = "seed" in s ? callOfA(s.seed) : HOSTILE[s.hostile]!();
          const res = await SELF.fetch(req);
          await res.arrayBuffer();
          calls++;
        }
        expect(await snapshotB()).toBe(before);
        expect(({} as Record<string, unknown>).Limit).toBeUndefined();
      }),
      { numRuns: RUNS, seed: 13 },
    );
    console.log(`tenant: ${RUNS} runs, ${calls} calls by A, B unchanged`);
  }, Math.max(600_000, RUNS * 10_000));
});
