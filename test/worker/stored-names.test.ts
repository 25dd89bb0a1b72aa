// Stored names stay as first stored: the code calls a VPC channel a "channel", but its object
// keeps the record under `upstream` (fields upstreamId, upstreamHost, upstreamType), the API
// Gateway registry lists it with kind "upstream" and an API's backend keeps `upstreamId`. State written before the
// rename must read back after it, so these are pinned here, and a channel seeded in that shape is
// read by a fresh object. Likewise tags bound before the account's tag list existed are listed.
import { abortAllDurableObjects, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { handleV3 } from "../../functions/dispatch";
import { apiGatewayRegistry, channelObject, serviceObject, tagRegistry } from "../../functions/objects/names";
import { tc3Request } from "../helpers/signer";
import { ACCOUNT, testEnv } from "../helpers/worker-api";

const REGION = "ap-seoul";

async function action(name: string, params: Record<string, unknown>, service = "apigateway") {
  const version = service === "apigateway" ? "2018-08-08" : service === "tag" ? "2018-08-13" : "2017-03-12";
  const r = await handleV3(tc3Request(name, params, { service, version, region: REGION }), testEnv);
  const body = ((await r.json()) as { Response: Record<string, any> }).Response;
  expect(body.Error, `${name}: ${JSON.stringify(body.Error)}`).toBeUndefined();
  return body;
}

const members = (kind: string) =>
  runInDurableObject(apiGatewayRegistry(testEnv, ACCOUNT, REGION), (_o, state) =>
    state.storage.sql.exec<{ id: string }>(`SELECT id FROM members WHERE kind = ?`, kind).toArray().map((r) => r.id),
  );

describe("stored names", () => {
  it("a channel, its listing and an API bound to it are stored under the names first stored", async () => {
    const { Vpc } = await action("CreateVpc", { VpcName: "kept", CidrBlock: "10.8.0.0/16" }, "vpc");
    const { Subnet } = await action("CreateSubnet", { VpcId: Vpc.VpcId, SubnetName: "s", CidrBlock: "10.8.1.0/24", Zone: `${REGION}-1` }, "vpc");
    const { Result: instanceId } = await action("CreateExclusiveInstances", {
      Zones: [`${REGION}-1`], InstanceType: "professional", NetworkConfig: { InternetMaxBandwidthOut: 10 },
      VpcConfig: { UniqVpcId: Vpc.VpcId, UniqSubnetId: Subnet.SubnetId }, PayMode: "POSTPAID",
    });
    const { ServiceId } = await action("CreateService", { ServiceName: "kept", Protocol: "http", InstanceId: instanceId });
    const { UpstreamId } = await action("CreateUpstream", {
      Scheme: "HTTP", Algorithm: "ROUND-ROBIN", UniqVpcId: Vpc.VpcId, UpstreamHost: "h.example", Nodes: [{ Host: "10.8.1.11", Port: 8080, Weight: 1 }],
    });
    const { Result: { ApiId } } = await action("CreateApi", {
      ServiceId, ServiceTimeout: 5, Protocol: "HTTP", ServiceType: "UPSTREAM", ServiceConfig: { UpstreamId }, RequestConfig: { Path: "/kept", Method: "GET" },
    });

    const channel = await runInDurableObject(channelObject(testEnv, ACCOUNT, UpstreamId), (_o, state) => state.storage.get<Record<string, any>>("state"));
    expect(Object.keys(channel!).sort()).toEqual(["bindings", "rev", "upstream"]);
    expect(channel!.upstream).toMatchObject({ upstreamId: UpstreamId, upstreamHost: "h.example", upstreamType: "IP_PORT" });
    expect(Object.keys(channel!.bindings)).toEqual([ApiId]);
    expect(await members("upstream")).toEqual([UpstreamId]);
    expect(await members("service")).toEqual([ServiceId]);
    const service = await runInDurableObject(serviceObject(testEnv, ServiceId), (_o, state) => state.storage.get<Record<string, any>>("state"));
    expect(service!.apis[ApiId].backend).toMatchObject({ upstreamId: UpstreamId });
  });

  it("the objects keep the names they were first created with (an object's name is its storage identity)", () => {
    expect(apiGatewayRegistry(testEnv, ACCOUNT, REGION).id.toString()).toBe(testEnv.APIGATEWAY.idFromName(`${ACCOUNT}/${REGION}/gateway`).toString());
    expect(channelObject(testEnv, ACCOUNT, "upstream-stored01").id.toString()).toBe(testEnv.CHANNEL.idFromName(`${ACCOUNT}/upstream-stored01`).toString());
  });

  it("a channel stored in that shape reads back through a fresh object", async () => {
    const id = "upstream-stored01";
    const { Vpc } = await action("CreateVpc", { VpcName: "old", CidrBlock: "10.6.0.0/16" }, "vpc");
    const record = {
      upstreamId: id, account: ACCOUNT, region: REGION, name: "old_one", description: "", scheme: "HTTP", algorithm: "ROUND-ROBIN",
      vpcId: Vpc.VpcId, retries: 5, upstreamHost: "old.example", upstreamType: "IP_PORT",
      nodes: [{ host: "10.6.1.5", port: 8080, weight: 10 }], tags: [], createdAt: Date.UTC(2026, 0, 2),
      // as stored before ActiveRequestHeader was kept only when sent: an empty list
      healthChecker: {
        enableActiveCheck: false, enablePassiveCheck: true, healthyHttpStatus: "200", unhealthyHttpStatus: "502", tcpFailureThreshold: 3,
        timeoutThreshold: 3, httpFailureThreshold: 3, activeCheckHttpPath: "/", activeCheckTimeout: 5, activeCheckInterval: 5, activeRequestHeader: [], unhealthyTimeout: 30,
      },
    };
    await runInDurableObject(channelObject(testEnv, ACCOUNT, id), (_o, state) => state.storage.put("state", { upstream: record, bindings: {}, rev: 4 }));
    await runInDurableObject(apiGatewayRegistry(testEnv, ACCOUNT, REGION), (_o, state) => {
      state.storage.sql.exec(`INSERT INTO members(kind, id, seq) VALUES ('upstream', ?, 1000)`, id);
    });
    // the objects load their state once, in the constructor: start them again
    await abortAllDurableObjects();
    const r = await action("DescribeUpstreams", { Filters: [{ Name: "UpstreamId", Values: [id] }], Limit: 10, Offset: 0 });
    expect(r.Result.UpstreamSet).toHaveLength(1);
    expect(r.Result.UpstreamSet[0]).toMatchObject({
      UpstreamId: id, UpstreamName: "old_one", UniqVpcId: Vpc.VpcId, UpstreamHost: "old.example", UpstreamType: "IP_PORT", Retries: 5,
      Nodes: [{ Host: "10.6.1.5", Port: 8080, Weight: 10 }], CreatedTime: "2026-01-02T00:00:00Z",
    });
    expect(r.Result.UpstreamSet[0].HealthChecker).toMatchObject({ EnablePassiveCheck: true, UnhealthyHttpStatus: "502" });
    expect(r.Result.UpstreamSet[0].HealthChecker).not.toHaveProperty("ActiveRequestHeader");
  });

  it("tags bound before the tag list existed are listed by DescribeTags (bound: CanDelete 0), but an empty value", async () => {
    await runInDurableObject(tagRegistry(testEnv, ACCOUNT), (_o, state) => {
      const sql = state.storage.sql;
      sql.exec(`DROP TABLE IF EXISTS tag_list`);
      sql.exec(`INSERT OR REPLACE INTO tags(service, region, prefix, id, key, value, seq) VALUES ('vpc', ?, 'vpc', 'vpc-old00001', 'old-key', 'old-value', 9001)`, REGION);
      sql.exec(`INSERT OR REPLACE INTO tags(service, region, prefix, id, key, value, seq) VALUES ('vpc', ?, 'vpc', 'vpc-old00001', 'old-empty', '', 9002)`, REGION);
    });
    await abortAllDurableObjects();
    const r = await action("DescribeTags", { TagKeys: ["old-key", "old-empty"], Limit: 100 }, "tag");
    expect(r.Tags.map((t: { TagKey: string; TagValue: string; CanDelete: number }) => [t.TagKey, t.TagValue, t.CanDelete])).toEqual([["old-key", "old-value", 0]]);
  });
});
