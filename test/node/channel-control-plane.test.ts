// SDK conformance: the VPC channel (Upstream) control plane of apigateway 2018-08-08 —
// CreateUpstream (rule CH1), DescribeUpstreams, ModifyUpstream, DeleteUpstream (CH5) and
// DescribeUpstreamBindApis — through the official SDK. Region ap-bangkok belongs to this file,
// na-siliconvalley is its "other region".
import { beforeAll, describe, expect, inject, it } from "vitest";
import {
  boundApis,
  channelName,
  gatewayClient,
  makeChannelApi,
  makeInstance,
  makeNetwork,
  makeService,
  makeChannel,
  channelRequest,
  type GatewayClient,
} from "../helpers/gateway-control";
import { makeVpc, type Clients } from "../helpers/resources";
import { clients, expectCode } from "../helpers/sdk";

const REGION = "ap-bangkok";
const ZONE = `${REGION}-1`;
const OTHER = "na-siliconvalley";
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

let c: Clients;
let gw: GatewayClient;
let vpcId: string;
let vpc2: string;
let otherVpc: string;

beforeAll(async () => {
  const port = inject("devPort");
  c = clients(port, REGION);
  gw = gatewayClient(port, REGION);
  vpcId = await makeVpc(c.vpc, "10.20.0.0/16");
  vpc2 = await makeVpc(c.vpc, "10.21.0.0/16");
  otherVpc = await makeVpc(clients(port, OTHER).vpc, "10.22.0.0/16");
});

/** one reports the channel as DescribeUpstreams lists it (filtered by id). */
async function one(id: string, client: GatewayClient = gw) {
  const r = await client.DescribeUpstreams({ Limit: 10, Offset: 0, Filters: [{ Name: "UpstreamId", Values: [id] }] });
  expect(r.Result?.TotalCount).toBe(1);
  expect(r.Result?.UpstreamSet).toHaveLength(1);
  return r.Result!.UpstreamSet![0]!;
}

/** countNamed reports how many channels of the region carry a name. */
async function countNamed(name: string): Promise<number> {
  const r = await gw.DescribeUpstreams({ Limit: 10, Offset: 0, Filters: [{ Name: "UpstreamName", Values: [name] }] });
  return r.Result!.TotalCount!;
}

const HEALTH = {
  EnableActiveCheck: true,
  EnablePassiveCheck: true,
  HealthyHttpStatus: "200,201",
  UnhealthyHttpStatus: "500,502,503,504",
  TcpFailureThreshold: 5,
  TimeoutThreshold: 5,
  HttpFailureThreshold: 3,
};

describe("CreateUpstream (CH1)", () => {
  it("creates a channel and DescribeUpstreams reports every UpstreamInfo field, Retries defaulting to 5", async () => {
    const name = channelName("full");
    const r = await gw.CreateUpstream({
      UpstreamName: name,
      UpstreamDescription: "first channel",
      Scheme: "HTTP",
      Algorithm: "ROUND-ROBIN",
      UniqVpcId: vpcId,
      UpstreamHost: "backend.example.com",
      Nodes: [
        { Host: "10.20.1.5", Port: 8080, Weight: 10 },
        { Host: "app.internal", Port: 80, Weight: 1 },
      ],
    });
    expect(r.UpstreamId).toMatch(/^upstream-[a-z0-9]{8}$/);
    expect(r.RequestId).toMatch(/^[0-9a-f-]{36}$/);
    const u = await one(r.UpstreamId!);
    expect(u).toMatchObject({
      UpstreamId: r.UpstreamId,
      UpstreamName: name,
      UpstreamDescription: "first channel",
      Scheme: "HTTP",
      Algorithm: "ROUND-ROBIN",
      UniqVpcId: vpcId,
      Retries: 5,
      UpstreamType: "IP_PORT",
      UpstreamHost: "backend.example.com",
    });
    expect(u.Nodes).toHaveLength(2);
    expect(u.Nodes![0]).toMatchObject({ Host: "10.20.1.5", Port: 8080, Weight: 10 });
    expect(u.Nodes![1]).toMatchObject({ Host: "app.internal", Port: 80, Weight: 1 });
    for (const n of u.Nodes!) expect(["OFF", "HEALTHY", "UNHEALTHY", "NO_DATA"]).toContain(n.Healthy);
    expect(u.CreatedTime).toMatch(ISO);
    expect(Math.abs(Date.parse(u.CreatedTime!) - Date.now())).toBeLessThan(5 * 60_000);
    expect(u).toHaveProperty("HealthChecker");
    expect(typeof u.Retries).toBe("number");
  });

  it("accepts ROUND_ROBIN as well and echoes each spelling as sent", async () => {
    const hyphen = await makeChannel(gw, vpcId, { Algorithm: "ROUND-ROBIN" });
    const underscore = await makeChannel(gw, vpcId, { Algorithm: "ROUND_ROBIN" });
    expect((await one(hyphen)).Algorithm).toBe("ROUND-ROBIN");
    expect((await one(underscore)).Algorithm).toBe("ROUND_ROBIN");
  });

  it("accepts every limit at its edge: name of 50, 200 nodes, port 0 and 65535, weight 0 and 100, retries 1 and 100, thresholds 0 and 254", async () => {
    const name = "N".repeat(49) + "_";
    const nodes = Array.from({ length: 200 }, (_, i) => ({ Host: `10.20.${Math.floor(i / 250)}.${(i % 250) + 1}`, Port: 1000 + i, Weight: i % 101 }));
    nodes[0] = { Host: "10.20.9.1", Port: 0, Weight: 0 };
    nodes[1] = { Host: "10.20.9.2", Port: 65535, Weight: 100 };
    const a = await makeChannel(gw, vpcId, { UpstreamName: name, Nodes: nodes, Retries: 1 });
    const ua = await one(a);
    expect(ua.UpstreamName).toBe(name);
    expect(ua.Retries).toBe(1);
    expect(ua.Nodes).toHaveLength(200);
    expect(ua.Nodes![0]).toMatchObject({ Port: 0, Weight: 0 });
    expect(ua.Nodes![1]).toMatchObject({ Port: 65535, Weight: 100 });
    const b = await makeChannel(gw, vpcId, {
      Retries: 100,
      Scheme: "HTTPS",
      HealthChecker: { ...HEALTH, TcpFailureThreshold: 0, TimeoutThreshold: 254, HttpFailureThreshold: 254 },
    });
    const ub = await one(b);
    expect(ub).toMatchObject({ Retries: 100, Scheme: "HTTPS" });
    expect(ub.HealthChecker).toMatchObject({ TcpFailureThreshold: 0, TimeoutThreshold: 254, HttpFailureThreshold: 254 });
  });

  it("takes a channel without a name (the name is optional)", async () => {
    const req = channelRequest(vpcId) as unknown as Record<string, unknown>;
    delete req.UpstreamName;
    const r = await gw.CreateUpstream(req as never);
    expect(r.UpstreamId).toMatch(/^upstream-[a-z0-9]{8}$/);
    expect((await one(r.UpstreamId!)).UpstreamName).toBe("");
  });

  it("echoes the health checker with its defaults, and node health labels follow it", async () => {
    const id = await makeChannel(gw, vpcId, { HealthChecker: { ...HEALTH, ActiveRequestHeader: [{}] } });
    const u = await one(id);
    expect(u.HealthChecker).toMatchObject({
      ...HEALTH,
      ActiveCheckHttpPath: "/",
      ActiveCheckTimeout: 5,
      ActiveCheckInterval: 5,
      UnhealthyTimeout: 30,
      ActiveRequestHeader: [{}],
    });
    expect(u.Nodes![0]!.Healthy).toBe("HEALTHY");
    const off = await makeChannel(gw, vpcId, { HealthChecker: { ...HEALTH, EnablePassiveCheck: false } });
    expect((await one(off)).Nodes![0]!.Healthy).toBe("OFF");
    const none = await makeChannel(gw, vpcId);
    expect((await one(none)).Nodes![0]!.Healthy).toBe("NO_DATA");
  });

  it("echoes Tags", async () => {
    const id = await makeChannel(gw, vpcId, { Tags: [{ Key: "team", Value: "edge" }] });
    expect((await one(id)).Tags).toEqual([{ Key: "team", Value: "edge" }]);
  });

  const node = { Host: "10.20.1.1", Port: 80, Weight: 10 };
  it.each([
    ["a name of 51 characters", { UpstreamName: "n".repeat(51) }, "InvalidParameterValue.RangeExceeded", /`UpstreamName`.*50/],
    ["a name with a hyphen", { UpstreamName: "bad-name" }, "InvalidParameter.FormatError", /`UpstreamName`/],
    ["a name with a space", { UpstreamName: "bad name" }, "InvalidParameter.FormatError", /`UpstreamName`/],
    ["a name with non-ASCII letters", { UpstreamName: "通道" }, "InvalidParameter.FormatError", /`UpstreamName`/],
    ["Scheme gRPC", { Scheme: "gRPC" }, "InvalidParameterValue.NotInOptions", /`Scheme`.*HTTP, HTTPS/],
    ["Scheme gRPCs", { Scheme: "gRPCs" }, "InvalidParameterValue.NotInOptions", /`Scheme`/],
    ["Scheme TCP", { Scheme: "TCP" }, "InvalidParameterValue.NotInOptions", /`Scheme`/],
    ["Algorithm RANDOM", { Algorithm: "RANDOM" }, "InvalidParameterValue.NotInOptions", /`Algorithm`/],
    ["Algorithm LEAST_CONN", { Algorithm: "LEAST_CONN" }, "InvalidParameterValue.NotInOptions", /`Algorithm`/],
    ["a VPC that does not exist", { UniqVpcId: "vpc-00000000" }, "InvalidParameterValue.InvalidVpcConfig", /`UniqVpcId`.*vpc-00000000/],
    ["a malformed VPC id", { UniqVpcId: "vpc-1" }, "InvalidParameterValue.InvalidVpcConfig", /`UniqVpcId`/],
    ["no Nodes", { Nodes: undefined }, "MissingParameter", /`Nodes`/],
    ["an empty Nodes list", { Nodes: [] }, "MissingParameter", /`Nodes`/],
    ["201 nodes", { Nodes: Array.from({ length: 201 }, () => node) }, "InvalidParameterValue.RangeExceeded", /`Nodes`.*200/],
    ["port 65536", { Nodes: [{ ...node, Port: 65536 }] }, "InvalidParameterValue.RangeExceeded", /`Nodes\.0\.Port`/],
    ["port -1", { Nodes: [{ ...node, Port: -1 }] }, "InvalidParameterValue.RangeExceeded", /`Nodes\.0\.Port`/],
    ["a fractional port", { Nodes: [{ ...node, Port: 80.5 }] }, "InvalidParameterValue.RangeExceeded", /`Nodes\.0\.Port`/],
    ["weight 101 on the second node", { Nodes: [node, { ...node, Weight: 101 }] }, "InvalidParameterValue.RangeExceeded", /`Nodes\.1\.Weight`/],
    ["weight -1", { Nodes: [{ ...node, Weight: -1 }] }, "InvalidParameterValue.RangeExceeded", /`Nodes\.0\.Weight`/],
    ["a host with a leading zero", { Nodes: [{ ...node, Host: "010.0.0.1" }] }, "InvalidParameter.FormatError", /`Nodes\.0\.Host`/],
    ["a host 256.0.0.1", { Nodes: [{ ...node, Host: "256.0.0.1" }] }, "InvalidParameter.FormatError", /`Nodes\.0\.Host`/],
    ["a host of three parts", { Nodes: [{ ...node, Host: "10.0.1" }] }, "InvalidParameter.FormatError", /`Nodes\.0\.Host`/],
    ["a host with a space", { Nodes: [node, { ...node, Host: "bad host" }] }, "InvalidParameter.FormatError", /`Nodes\.1\.Host`/],
    ["a host with a port", { Nodes: [{ ...node, Host: "10.0.0.1:80" }] }, "InvalidParameter.FormatError", /`Nodes\.0\.Host`/],
    ["an empty host", { Nodes: [{ ...node, Host: "" }] }, "InvalidParameter.FormatError", /`Nodes\.0\.Host`/],
    ["a node without Host", { Nodes: [{ Port: 80, Weight: 1 }] }, "MissingParameter", /`Nodes\.0\.Host`/],
    ["a node without Weight", { Nodes: [{ Host: "10.0.0.1", Port: 80 }] }, "MissingParameter", /`Nodes\.0\.Weight`/],
    ["Retries 0", { Retries: 0 }, "InvalidParameterValue.RangeExceeded", /`Retries`.*1 to 100/],
    ["Retries 101", { Retries: 101 }, "InvalidParameterValue.RangeExceeded", /`Retries`.*1 to 100/],
    ["Retries 2.5", { Retries: 2.5 }, "InvalidParameterValue.RangeExceeded", /`Retries`/],
    ["UpstreamType K8S", { UpstreamType: "K8S" }, "InvalidParameterValue.NotInOptions", /`UpstreamType`/],
    ["a K8sService list", { K8sService: [] }, "InvalidParameterValue.NotInOptions", /K8sService/],
    ["TcpFailureThreshold 255", { HealthChecker: { ...HEALTH, TcpFailureThreshold: 255 } }, "InvalidParameterValue.RangeExceeded", /`HealthChecker\.TcpFailureThreshold`/],
    ["TimeoutThreshold 255", { HealthChecker: { ...HEALTH, TimeoutThreshold: 255 } }, "InvalidParameterValue.RangeExceeded", /`HealthChecker\.TimeoutThreshold`/],
    ["HttpFailureThreshold -1", { HealthChecker: { ...HEALTH, HttpFailureThreshold: -1 } }, "InvalidParameterValue.RangeExceeded", /`HealthChecker\.HttpFailureThreshold`/],
    ["status codes that are not codes", { HealthChecker: { ...HEALTH, UnhealthyHttpStatus: "five hundred" } }, "InvalidParameter.FormatError", /`HealthChecker\.UnhealthyHttpStatus`/],
    [
      "passive checks only with UnhealthyTimeout 0",
      { HealthChecker: { ...HEALTH, EnableActiveCheck: false, UnhealthyTimeout: 0 } },
      "InvalidParameterValue.RangeExceeded",
      /`HealthChecker\.UnhealthyTimeout`/,
    ],
    ["a health checker without EnableActiveCheck", { HealthChecker: { ...HEALTH, EnableActiveCheck: undefined } }, "MissingParameter", /`HealthChecker\.EnableActiveCheck`/],
    ["no Scheme", { Scheme: undefined }, "MissingParameter", /missing a required parameter `Scheme`/],
    ["no Algorithm", { Algorithm: undefined }, "MissingParameter", /`Algorithm`/],
    ["no UniqVpcId", { UniqVpcId: undefined }, "MissingParameter", /`UniqVpcId`/],
    ["Retries as a string", { Retries: "5" }, "InvalidParameter", /`Retries` must be a number; got a string/],
    ["a port as a string", { Nodes: [{ ...node, Port: "80" }] }, "InvalidParameter", /`Nodes\.0\.Port` must be a number/],
    ["Nodes as an object", { Nodes: node }, "InvalidParameter", /`Nodes` must be an array/],
    ["Scheme as a number", { Scheme: 1 }, "InvalidParameter", /`Scheme` must be a string/],
    ["EnablePassiveCheck as a string", { HealthChecker: { ...HEALTH, EnablePassiveCheck: "yes" } }, "InvalidParameter", /`HealthChecker\.EnablePassiveCheck` must be a boolean/],
    ["an unknown field", { Colour: "red" }, "UnknownParameter", /`Colour` is not recognized/],
    ["an unknown node field", { Nodes: [{ ...node, Zone: "x" }] }, "UnknownParameter", /`Nodes\.0\.Zone`/],
  ])("refuses %s, and creates nothing", async (_what, over, code, message) => {
    const name = channelName("bad");
    const req = { ...channelRequest(vpcId), ...(over as Record<string, unknown>) };
    if (!("UpstreamName" in (over as object))) req.UpstreamName = name;
    for (const k of Object.keys(req)) if ((req as Record<string, unknown>)[k] === undefined) delete (req as Record<string, unknown>)[k];
    const hc = (req as { HealthChecker?: Record<string, unknown> }).HealthChecker;
    if (hc) for (const k of Object.keys(hc)) if (hc[k] === undefined) delete hc[k];
    await expectCode(gw.CreateUpstream(req as never), code, message);
    if (req.UpstreamName === name) expect(await countNamed(name)).toBe(0);
  });

  it("refuses a VPC of another region with InvalidVpcConfig", async () => {
    await expectCode(gw.CreateUpstream(channelRequest(otherVpc)), "InvalidParameterValue.InvalidVpcConfig", new RegExp(`${otherVpc}.*${REGION}`));
  });
});

describe("DescribeUpstreams", () => {
  let ids: string[];
  let names: string[];
  beforeAll(async () => {
    names = [channelName("list_a"), channelName("list_b"), channelName("list_c")];
    ids = [];
    for (const n of names) ids.push(await makeChannel(gw, vpcId, { UpstreamName: n }));
  });

  it("filters by UpstreamName (values ORed) and pages with Limit and Offset in creation order", async () => {
    const f = [{ Name: "UpstreamName", Values: names }];
    const p1 = await gw.DescribeUpstreams({ Limit: 2, Offset: 0, Filters: f });
    expect(p1.Result?.TotalCount).toBe(3);
    expect(p1.Result?.UpstreamSet?.map((u) => u.UpstreamId)).toEqual(ids.slice(0, 2));
    const p2 = await gw.DescribeUpstreams({ Limit: 2, Offset: 2, Filters: f });
    expect(p2.Result?.TotalCount).toBe(3);
    expect(p2.Result?.UpstreamSet?.map((u) => u.UpstreamId)).toEqual(ids.slice(2));
    const p3 = await gw.DescribeUpstreams({ Limit: 2, Offset: 3, Filters: f });
    expect(p3.Result).toMatchObject({ TotalCount: 3, UpstreamSet: [] });
  });

  it("filters by UpstreamId, and ANDs filters of different names", async () => {
    const r = await gw.DescribeUpstreams({ Limit: 10, Offset: 0, Filters: [{ Name: "UpstreamId", Values: [ids[0]!, ids[2]!] }] });
    expect(r.Result?.UpstreamSet?.map((u) => u.UpstreamId)).toEqual([ids[0], ids[2]]);
    const both = await gw.DescribeUpstreams({
      Limit: 10,
      Offset: 0,
      Filters: [
        { Name: "UpstreamId", Values: [ids[0]!] },
        { Name: "UpstreamName", Values: [names[1]!] },
      ],
    });
    expect(both.Result).toMatchObject({ TotalCount: 0, UpstreamSet: [] });
  });

  it("lists without filters and shows only this region's channels", async () => {
    const all = await gw.DescribeUpstreams({ Limit: 100, Offset: 0 });
    expect(all.Result!.TotalCount!).toBeGreaterThanOrEqual(3);
    const other = gatewayClient(inject("devPort"), OTHER);
    const r = await other.DescribeUpstreams({ Limit: 10, Offset: 0, Filters: [{ Name: "UpstreamId", Values: ids }] });
    expect(r.Result).toMatchObject({ TotalCount: 0, UpstreamSet: [] });
  });

  it.each([
    ["no Limit", { Offset: 0 }, "MissingParameter", /`Limit`/],
    ["no Offset", { Limit: 10 }, "MissingParameter", /`Offset`/],
    ["Limit as a string", { Limit: "10", Offset: 0 }, "InvalidParameter", /`Limit` must be a number/],
    ["Offset as a string", { Limit: 10, Offset: "0" }, "InvalidParameter", /`Offset` must be a number/],
    ["an unknown filter", { Limit: 10, Offset: 0, Filters: [{ Name: "VpcId", Values: ["x"] }] }, "InvalidParameterValue.InvalidFilterNotSupportedName", /VpcId/],
    ["a filter whose Values is not a list", { Limit: 10, Offset: 0, Filters: [{ Name: "UpstreamId", Values: "x" }] }, "InvalidParameter.FilterValuesNotList", /Values/],
  ])("refuses %s", async (_what, params, code, message) => {
    await expectCode(gw.DescribeUpstreams(params as never), code, message);
  });
});

describe("ModifyUpstream", () => {
  it("changes every given field, keeps CreatedTime, and echoes the channel as Result", async () => {
    const id = await makeChannel(gw, vpcId, { Retries: 3 });
    const before = await one(id);
    const name = channelName("renamed");
    const r = await gw.ModifyUpstream({
      UpstreamId: id,
      UpstreamName: name,
      UpstreamDescription: "changed",
      Scheme: "HTTPS",
      Algorithm: "ROUND_ROBIN",
      UniqVpcId: vpc2,
      Retries: 7,
      UpstreamHost: "new.example.com",
      Nodes: [
        { Host: "10.21.0.8", Port: 443, Weight: 3 },
        { Host: "10.21.0.9", Port: 443, Weight: 4 },
      ],
      HealthChecker: HEALTH,
    });
    expect(r.Result).toMatchObject({
      UpstreamId: id,
      UpstreamName: name,
      UpstreamDescription: "changed",
      Scheme: "HTTPS",
      Algorithm: "ROUND_ROBIN",
      UniqVpcId: vpc2,
      Retries: 7,
      UpstreamHost: "new.example.com",
      UpstreamType: "IP_PORT",
      CreatedTime: before.CreatedTime,
    });
    expect(r.Result?.Nodes?.map((n) => [n.Host, n.Port, n.Weight])).toEqual([
      ["10.21.0.8", 443, 3],
      ["10.21.0.9", 443, 4],
    ]);
    expect(r.Result?.HealthChecker).toMatchObject(HEALTH);
    const after = await one(id);
    expect(after).toMatchObject({ UpstreamName: name, Scheme: "HTTPS", Algorithm: "ROUND_ROBIN", UniqVpcId: vpc2, Retries: 7, CreatedTime: before.CreatedTime });
    expect(after.Nodes).toHaveLength(2);
  });

  it("keeps the fields it is not given", async () => {
    const name = channelName("keep");
    const id = await makeChannel(gw, vpcId, { UpstreamName: name, Retries: 9, UpstreamHost: "keep.example.com" });
    const r = await gw.ModifyUpstream({ UpstreamId: id, Retries: 4 });
    expect(r.Result).toMatchObject({ UpstreamName: name, Retries: 4, Scheme: "HTTP", Algorithm: "ROUND-ROBIN", UniqVpcId: vpcId, UpstreamHost: "keep.example.com" });
    expect((await one(id)).Nodes).toEqual([expect.objectContaining({ Host: "10.0.0.10", Port: 8080, Weight: 10 })]);
  });

  it.each([
    ["Retries 0", { Retries: 0 }, "InvalidParameterValue.RangeExceeded", /`Retries`/],
    ["Scheme gRPC", { Scheme: "gRPC" }, "InvalidParameterValue.NotInOptions", /`Scheme`/],
    ["Algorithm RANDOM", { Algorithm: "RANDOM" }, "InvalidParameterValue.NotInOptions", /`Algorithm`/],
    ["a VPC that does not exist", { UniqVpcId: "vpc-00000000" }, "InvalidParameterValue.InvalidVpcConfig", /`UniqVpcId`/],
    ["an empty Nodes list", { Nodes: [] }, "MissingParameter", /`Nodes`/],
    ["a bad name", { UpstreamName: "bad-name" }, "InvalidParameter.FormatError", /`UpstreamName`/],
    ["UpstreamType K8S", { UpstreamType: "K8S" }, "InvalidParameterValue.NotInOptions", /`UpstreamType`/],
    ["Tags (ModifyUpstream has none)", { Tags: [] }, "UnknownParameter", /`Tags`/],
  ])("refuses %s and changes nothing", async (_what, over, code, message) => {
    const id = await makeChannel(gw, vpcId, { Retries: 6 });
    await expectCode(gw.ModifyUpstream({ UpstreamId: id, ...(over as object) } as never), code, message);
    expect(await one(id)).toMatchObject({ Retries: 6, Scheme: "HTTP", Algorithm: "ROUND-ROBIN", UniqVpcId: vpcId });
  });

  it.each([
    ["an unknown id", "upstream-00000000", /upstream-00000000/],
    ["a malformed id", "upstream-1", /upstream-1/],
  ])("refuses %s with InvalidParameterValue.InvalidUpstream", async (_what, id, message) => {
    await expectCode(gw.ModifyUpstream({ UpstreamId: id, Retries: 3 }), "InvalidParameterValue.InvalidUpstream", message);
  });

  it("does not find a channel of another region", async () => {
    const id = await makeChannel(gw, vpcId);
    await expectCode(gatewayClient(inject("devPort"), OTHER).ModifyUpstream({ UpstreamId: id, Retries: 3 }), "InvalidParameterValue.InvalidUpstream", new RegExp(id));
  });

  it("refuses a missing UpstreamId", async () => {
    await expectCode(gw.ModifyUpstream({ Retries: 3 } as never), "MissingParameter", /`UpstreamId`/);
  });
});

describe("channels with bound APIs (CH3, CH5)", () => {
  let instanceId: string;
  let serviceA: string;
  let serviceB: string;
  let serviceAName: string;
  beforeAll(async () => {
    const net = await makeNetwork(c.vpc, 23, ZONE);
    instanceId = await makeInstance(gw, net, ZONE);
    serviceAName = channelName("svc_a");
    serviceA = await makeService(gw, instanceId, serviceAName);
    serviceB = await makeService(gw, instanceId);
  });

  it("DescribeUpstreamBindApis lists ApiId, ServiceId, ApiName, ServiceName and BindTime", async () => {
    const id = await makeChannel(gw, vpcId);
    const t0 = Date.now();
    const api = await makeChannelApi(gw, serviceA, id, { ApiName: "bound_one" });
    const r = await gw.DescribeUpstreamBindApis({ UpstreamId: id, Limit: 10, Offset: 0 });
    expect(r.Result?.TotalCount).toBe(1);
    const b = r.Result!.BindApiSet![0]!;
    expect(b).toMatchObject({ ApiId: api, ServiceId: serviceA, ApiName: "bound_one", ServiceName: serviceAName });
    expect(b.BindTime).toMatch(ISO);
    expect(Math.abs(Date.parse(b.BindTime) - t0)).toBeLessThan(5 * 60_000);
  });

  it("DescribeUpstreamBindApis filters by ServiceId and ApiId and pages", async () => {
    const id = await makeChannel(gw, vpcId);
    const a1 = await makeChannelApi(gw, serviceA, id);
    const a2 = await makeChannelApi(gw, serviceA, id);
    const b1 = await makeChannelApi(gw, serviceB, id);
    expect(await boundApis(gw, id)).toEqual([a1, a2, b1].sort());
    const byService = await gw.DescribeUpstreamBindApis({ UpstreamId: id, Limit: 10, Offset: 0, Filters: [{ Name: "ServiceId", Values: [serviceA] }] });
    expect(byService.Result?.TotalCount).toBe(2);
    expect(byService.Result?.BindApiSet?.map((x) => x.ApiId).sort()).toEqual([a1, a2].sort());
    const byApi = await gw.DescribeUpstreamBindApis({ UpstreamId: id, Limit: 10, Offset: 0, Filters: [{ Name: "ApiId", Values: [b1] }] });
    expect(byApi.Result?.BindApiSet?.map((x) => [x.ApiId, x.ServiceId])).toEqual([[b1, serviceB]]);
    const page = await gw.DescribeUpstreamBindApis({ UpstreamId: id, Limit: 2, Offset: 2 });
    expect(page.Result?.TotalCount).toBe(3);
    expect(page.Result?.BindApiSet).toHaveLength(1);
  });

  it("DescribeUpstreamBindApis of a channel without APIs is empty", async () => {
    const id = await makeChannel(gw, vpcId);
    const r = await gw.DescribeUpstreamBindApis({ UpstreamId: id, Limit: 10, Offset: 0 });
    expect(r.Result).toMatchObject({ TotalCount: 0, BindApiSet: [] });
  });

  it.each([
    ["an unknown channel", { UpstreamId: "upstream-00000000", Limit: 10, Offset: 0 }, "InvalidParameterValue.InvalidUpstream", /upstream-00000000/],
    ["no Limit", { UpstreamId: "upstream-00000000", Offset: 0 }, "MissingParameter", /`Limit`/],
    ["no UpstreamId", { Limit: 10, Offset: 0 }, "MissingParameter", /`UpstreamId`/],
  ])("DescribeUpstreamBindApis refuses %s", async (_what, params, code, message) => {
    await expectCode(gw.DescribeUpstreamBindApis(params as never), code, message);
  });

  it("DescribeUpstreamBindApis refuses an unknown filter", async () => {
    const id = await makeChannel(gw, vpcId);
    await expectCode(
      gw.DescribeUpstreamBindApis({ UpstreamId: id, Limit: 10, Offset: 0, Filters: [{ Name: "ApiName", Values: ["x"] }] }),
      "InvalidParameterValue.InvalidFilterNotSupportedName",
      /ApiName/,
    );
  });

  it("DeleteUpstream returns the id, and the channel is gone", async () => {
    const id = await makeChannel(gw, vpcId);
    const r = await gw.DeleteUpstream({ UpstreamId: id });
    expect(r.UpstreamId).toBe(id);
    const left = await gw.DescribeUpstreams({ Limit: 10, Offset: 0, Filters: [{ Name: "UpstreamId", Values: [id] }] });
    expect(left.Result).toMatchObject({ TotalCount: 0, UpstreamSet: [] });
    await expectCode(gw.DeleteUpstream({ UpstreamId: id }), "ResourceNotFound", new RegExp(id));
    await expectCode(gw.ModifyUpstream({ UpstreamId: id, Retries: 2 }), "InvalidParameterValue.InvalidUpstream", new RegExp(id));
  });

  it("DeleteUpstream of a bound channel is UnsupportedDeleteUpstream naming the API; after DeleteApi it succeeds", async () => {
    const id = await makeChannel(gw, vpcId);
    const api = await makeChannelApi(gw, serviceA, id);
    await expectCode(gw.DeleteUpstream({ UpstreamId: id }), "UnsupportedOperation.UnsupportedDeleteUpstream", new RegExp(api));
    expect((await one(id)).UpstreamId).toBe(id);
    const d = await gw.DeleteApi({ ServiceId: serviceA, ApiId: api });
    expect(d.Result).toBe(true);
    expect(await boundApis(gw, id)).toEqual([]);
    expect((await gw.DeleteUpstream({ UpstreamId: id })).UpstreamId).toBe(id);
  });

  it("a channel that a released environment still routes an API to cannot be deleted, even after DeleteApi (CH5)", async () => {
    const id = await makeChannel(gw, vpcId);
    const svc = await makeService(gw, instanceId);
    const api = await makeChannelApi(gw, svc, id);
    await gw.ReleaseService({ ServiceId: svc, EnvironmentName: "release", ReleaseDesc: "live" });
    // Whether DeleteApi is refused while released or allowed (the release keeps serving the
    // API until the next release), the live API still forwards to the channel.
    await gw.DeleteApi({ ServiceId: svc, ApiId: api }).catch(() => undefined);
    await expectCode(gw.DeleteUpstream({ UpstreamId: id }), "UnsupportedOperation.UnsupportedDeleteUpstream", new RegExp(id));
    await gw.UnReleaseService({ ServiceId: svc, EnvironmentName: "release" });
    expect((await gw.DeleteUpstream({ UpstreamId: id })).UpstreamId).toBe(id);
  });

  it("a channel a released API was moved away from, but that the release still uses, cannot be deleted (CH5)", async () => {
    const x = await makeChannel(gw, vpcId);
    const y = await makeChannel(gw, vpcId);
    const svc = await makeService(gw, instanceId);
    const api = await makeChannelApi(gw, svc, x, { RequestConfig: { Path: "/moved", Method: "GET" } });
    await gw.ReleaseService({ ServiceId: svc, EnvironmentName: "release", ReleaseDesc: "on x" });
    await gw.ModifyApi({ ServiceId: svc, ApiId: api, ServiceType: "UPSTREAM", RequestConfig: { Path: "/moved", Method: "GET" }, ServiceConfig: { UpstreamId: y } });
    expect(await boundApis(gw, y)).toEqual([api]);
    await expectCode(gw.DeleteUpstream({ UpstreamId: x }), "UnsupportedOperation.UnsupportedDeleteUpstream", new RegExp(x));
    await gw.ReleaseService({ ServiceId: svc, EnvironmentName: "release", ReleaseDesc: "on y" });
    expect((await gw.DeleteUpstream({ UpstreamId: x })).UpstreamId).toBe(x);
  });

  it("ModifyUpstream keeps the bindings of a bound channel", async () => {
    const id = await makeChannel(gw, vpcId);
    const api = await makeChannelApi(gw, serviceB, id);
    await gw.ModifyUpstream({ UpstreamId: id, Nodes: [{ Host: "10.20.5.5", Port: 81, Weight: 2 }] });
    expect(await boundApis(gw, id)).toEqual([api]);
    await expectCode(gw.DeleteUpstream({ UpstreamId: id }), "UnsupportedOperation.UnsupportedDeleteUpstream");
  });

  it("DeleteUpstream refuses an unknown id (ResourceNotFound, as Tencent lists it) and a missing one", async () => {
    await expectCode(gw.DeleteUpstream({ UpstreamId: "upstream-00000000" }), "ResourceNotFound", /upstream-00000000/);
    await expectCode(gw.DeleteUpstream({} as never), "MissingParameter", /`UpstreamId`/);
  });
});
