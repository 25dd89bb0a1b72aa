// The test control plane (extension actions, signed): ResetState of one region or the whole
// account, SeedNetworkPlan from a plan document in one call, and ExportNetworkPlan reading it back.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDevServer, type DevServer } from "../helpers/dev-server";
import { clients, expectCode, sdkClients } from "../helpers/sdk";
import type { NetworkPlan } from "../../policy-core/bindings/plan-doc";

const REGION = "ap-chongqing";
type Reply = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

// A server of its own: ResetState without Scope clears the whole account, which the other files share.
let server: DevServer;
let port: number;
let c: ReturnType<typeof clients>;
beforeAll(async () => {
  server = await startDevServer(process.cwd());
  port = server.port;
  c = clients(port, REGION);
}, 120_000);
afterAll(async () => {
  await server?.stop();
});

const PLAN: NetworkPlan = {
  version: 1,
  region: REGION,
  vpcs: [{ id: "v1", name: "seeded", cidrs: ["10.5.0.0/16"] }],
  subnets: [{ id: "s1", vpcId: "v1", cidr: "10.5.1.0/24", zone: `${REGION}-2`, networkAclId: "a1" }],
  routeTables: [{ id: "r1", vpcId: "v1", main: true, routes: [{ destination: "192.168.10.0/24", gatewayType: "VPN", gatewayId: "vpngw-00000001" }] }],
  securityGroups: [{ id: "g1", name: "web", ingress: [{ action: "ACCEPT", protocol: "TCP", port: "22", cidr: "10.0.0.0/8" }], egress: [{ action: "ACCEPT", protocol: "ALL", cidr: "0.0.0.0/0" }] }],
  networkAcls: [{ id: "a1", vpcId: "v1", inbound: [{ action: "ACCEPT", protocol: "ALL", cidr: "0.0.0.0/0" }], outbound: [{ action: "ACCEPT", protocol: "ALL", cidr: "0.0.0.0/0" }] }],
  instances: [
    { id: "i1", network: "vpc", ip: "10.5.1.10", vpcId: "v1", subnetId: "s1", securityGroupIds: ["g1"] },
    { id: "c1", network: "classic", ip: "10.60.0.7", securityGroupIds: ["g1"] },
  ],
  classicLinks: [{ vpcId: "v1", instanceId: "c1" }],
  ccns: [{ id: "n1", vpcIds: ["v1"] }],
};

async function exported(): Promise<NetworkPlan> {
  return ((await c.vpc.request("ExportNetworkPlan", {})) as Reply).Plan as NetworkPlan;
}

describe("SeedNetworkPlan and ResetState", () => {
  it("ResetState of a region holding 130 objects (several wipe rounds) answers within the envelope and leaves nothing", async () => {
    const big = clients(port, "ap-shanghai-fsi");
    const vpcs: string[] = [];
    for (let i = 0; i < 10; i++) vpcs.push((await big.vpc.CreateVpc({ VpcName: `big${i}`, CidrBlock: `10.${i}.0.0/16` })).Vpc!.VpcId!);
    const ins: string[] = [];
    for (let i = 0; i < 2; i++) ins.push(...(await big.cvm.RunInstances({ Placement: { Zone: "ap-shanghai-fsi-1" }, InstanceCount: 60 })).InstanceIdSet!);
    const some = [ins[0]!, ins[60]!, ins[119]!];
    expect((await big.cvm.DescribeInstances({ InstanceIds: some })).TotalCount).toBe(3);
    await big.vpc.request("ResetState", { Scope: "REGION" });
    expect((await big.cvm.DescribeInstances({ InstanceIds: some })).TotalCount).toBe(0);
    expect((await big.vpc.DescribeVpcs({ VpcIds: vpcs })).VpcSet).toEqual([]);
  });

  it("seeds a whole region from a plan document, reads it back with ExportNetworkPlan, and resets the region to nothing", async () => {
    const seeded = (await c.vpc.request("SeedNetworkPlan", { Plan: PLAN, ResetRegion: true })) as Reply;
    const id = Object.fromEntries((seeded.IdSet as { PlanId: string; Id: string }[]).map((x) => [x.PlanId, x.Id]));
    expect(Object.keys(id).sort()).toEqual(["a1", "c1", "g1", "i1", "n1", "r1", "s1", "v1"]);
    const plan = await exported();
    expect(plan.vpcs).toEqual([{ id: id.v1, name: "seeded", region: REGION, cidrs: ["10.5.0.0/16"] }]);
    expect(plan.subnets).toMatchObject([{ id: id.s1, vpcId: id.v1, cidr: "10.5.1.0/24", zone: `${REGION}-2`, networkAclId: id.a1, routeTableId: id.r1 }]);
    expect(plan.routeTables![0]!.routes).toEqual([{ destination: "192.168.10.0/24", gatewayType: "VPN", gatewayId: "vpngw-00000001" }]);
    expect(plan.securityGroups![0]).toMatchObject({ id: id.g1, ingress: [{ action: "ACCEPT", protocol: "TCP", port: "22", cidr: "10.0.0.0/8" }] });
    expect(plan.instances!.map((i) => [i.id, i.network, i.ip, i.securityGroupIds])).toEqual([
      [id.i1, "vpc", "10.5.1.10", [id.g1]],
      [id.c1, "classic", "10.60.0.7", [id.g1]],
    ]);
    expect(plan.classicLinks).toEqual([{ vpcId: id.v1, instanceId: id.c1 }]);
    expect(plan.ccns).toMatchObject([{ id: id.n1, vpcIds: [id.v1] }]);

    // Seeding again with ResetRegion replaces the region instead of adding to it.
    await c.vpc.request("SeedNetworkPlan", { Plan: PLAN, ResetRegion: true });
    expect((await exported()).vpcs).toHaveLength(1);

    const reset = (await c.vpc.request("ResetState", { Scope: "REGION" })) as Reply;
    expect(reset).toMatchObject({ Scope: "REGION", Regions: [REGION] });
    const empty = await exported();
    for (const list of ["vpcs", "subnets", "securityGroups", "networkAcls", "instances", "classicLinks", "ccns"] as const) expect(empty[list] ?? []).toEqual([]);
    expect((await c.vpc.DescribeVpcs({})).TotalCount).toBe(0);
    expect((await c.cvm.DescribeInstances({})).TotalCount).toBe(0);
    expect((await c.vpc.DescribeCcns({ CcnIds: [id.n1!] })).CcnSet).toEqual([]);
    // The region is usable again at once: the quota counts from zero.
    const v = await c.vpc.CreateVpc({ VpcName: "after", CidrBlock: "10.5.0.0/16" });
    await c.vpc.DeleteVpc({ VpcId: v.Vpc!.VpcId! });
  });

  it("seeds dedicated instances, services, channels and their bindings, and reads them back", async () => {
    const plan: NetworkPlan = {
      ...PLAN,
      gatewayInstances: [{ id: "gi1", name: "dedicated", vpcId: "v1" }],
      services: [{ id: "sv1", name: "on-dedicated", gatewayInstanceId: "gi1" }, { id: "sv2", name: "shared" }],
      channels: [{ id: "ch1", name: "nodes", vpcId: "v1", serviceIds: ["sv1"], nodes: [{ host: "10.5.1.10", port: 8080, weight: 5 }, { host: "10.5.1.11", port: 8081, weight: 1 }] }],
    };
    const gw = sdkClients(port, REGION).apigateway;
    const seeded = (await c.vpc.request("SeedNetworkPlan", { Plan: plan, ResetRegion: true })) as Reply;
    const id = Object.fromEntries((seeded.IdSet as { PlanId: string; Id: string }[]).map((x) => [x.PlanId, x.Id]));
    expect(id.gi1).toMatch(/^instance-[a-z0-9]{8}$/);
    expect(id.sv1).toMatch(/^service-[a-z0-9]{8}$/);
    expect(id.ch1).toMatch(/^upstream-[a-z0-9]{8}$/);
    const back = await exported();
    expect(back.gatewayInstances).toEqual([{ id: id.gi1, name: "dedicated", vpcId: id.v1 }]);
    expect(back.services).toEqual(expect.arrayContaining([{ id: id.sv1, name: "on-dedicated", gatewayInstanceId: id.gi1 }, { id: id.sv2, name: "shared" }]));
    expect(back.channels).toEqual([{ id: id.ch1, name: "nodes", vpcId: id.v1, serviceIds: [id.sv1], nodes: [{ host: "10.5.1.10", port: 8080, weight: 5 }, { host: "10.5.1.11", port: 8081, weight: 1 }] }]);
    const bound = await gw.DescribeUpstreamBindApis({ UpstreamId: id.ch1!, Limit: 10, Offset: 0 });
    expect(bound.Result?.BindApiSet?.map((b) => b.ServiceId)).toEqual([id.sv1]);

    // The round trip: the exported plan seeds the same shape again (fresh ids).
    const again = (await c.vpc.request("SeedNetworkPlan", { Plan: back, ResetRegion: true })) as Reply;
    expect((again.IdSet as unknown[]).length).toBe((seeded.IdSet as unknown[]).length);
    const twice = await exported();
    expect(twice.channels!.map((ch) => [ch.nodes, ch.serviceIds!.length])).toEqual([[plan.channels![0]!.nodes, 1]]);

    // Rules hold: a service on the shared instance cannot use a channel (CH2); the error names
    // the plan's binding and, with ResetRegion, leaves the region empty.
    const shared: NetworkPlan = { ...plan, channels: [{ ...plan.channels![0]!, serviceIds: ["sv2"] }] };
    await expectCode(c.vpc.request("SeedNetworkPlan", { Plan: shared, ResetRegion: true }), "UnsupportedOperation", /^Plan\.channels\[0\]\.serviceIds\[0\]: /);
    expect((await exported()).services ?? []).toEqual([]);
    // A dedicated instance needs a subnet of its VPC in the plan.
    await expectCode(c.vpc.request("SeedNetworkPlan", { Plan: { ...plan, subnets: [], networkAcls: [], instances: [], classicLinks: [] } }), "InvalidParameterValue", /^Plan\.gatewayInstances\[0\]/);
    await c.vpc.request("ResetState", { Scope: "REGION" });
  });

  it("seeds a plan whose ids are Object.prototype's names and repeat across lists (ids are unique per list only)", async () => {
    const odd: NetworkPlan = {
      version: 1,
      region: REGION,
      vpcs: [{ id: "__proto__", cidrs: ["10.6.0.0/16"] }],
      subnets: [{ id: "constructor", vpcId: "__proto__", cidr: "10.6.1.0/24", zone: `${REGION}-1` }],
      securityGroups: [{ id: "__proto__", ingress: [], egress: [{ action: "ACCEPT", protocol: "ALL", cidr: "0.0.0.0/0" }] }],
      instances: [
        { id: "__proto__", network: "vpc", vpcId: "__proto__", subnetId: "constructor", ip: "10.6.1.10", securityGroupIds: ["__proto__"] },
        { id: "constructor", network: "classic", ip: "10.61.0.5" },
      ],
      classicLinks: [{ vpcId: "__proto__", instanceId: "constructor" }],
      services: [{ id: "__proto__" }],
    };
    const seeded = (await c.vpc.request("SeedNetworkPlan", { Plan: odd, ResetRegion: true })) as Reply;
    const set = seeded.IdSet as { List: string; PlanId: string; Id: string }[];
    const live = (list: string, id: string) => set.find((x) => x.List === list && x.PlanId === id)?.Id;
    expect(set.map((x) => `${x.List}:${x.PlanId}`).sort()).toEqual(["instances:__proto__", "instances:constructor", "securityGroups:__proto__", "services:__proto__", "subnets:constructor", "vpcs:__proto__"]);
    const back = await exported();
    expect(back.instances!.find((i) => i.id === live("instances", "__proto__"))).toMatchObject({ vpcId: live("vpcs", "__proto__"), subnetId: live("subnets", "constructor"), securityGroupIds: [live("securityGroups", "__proto__")] });
    expect(back.classicLinks).toEqual([{ vpcId: live("vpcs", "__proto__"), instanceId: live("instances", "constructor") }]);
    await c.vpc.request("ResetState", { Scope: "REGION" });
  });

  it("refuses a malformed plan with the problems' paths and creates nothing", async () => {
    const bad = { version: 1, vpcs: [{ id: "v1" }] };
    await expectCode(c.vpc.request("SeedNetworkPlan", { Plan: bad }), "InvalidParameterValue", /vpcs\[0\]/);
    await expectCode(c.vpc.request("SeedNetworkPlan", { Plan: [] }), "InvalidParameter", /`Plan` must be an object/);
    expect((await c.vpc.DescribeVpcs({})).TotalCount).toBe(0);
  });

  it("a failing step names the plan object, and with ResetRegion leaves the region empty", async () => {
    const broken: NetworkPlan = { ...PLAN, subnets: [{ id: "s1", vpcId: "v1", cidr: "10.9.1.0/24" }], networkAcls: [], instances: [], classicLinks: [] };
    await expectCode(c.vpc.request("SeedNetworkPlan", { Plan: broken, ResetRegion: true }), "InvalidParameterValue", /^Plan\.subnets\[0\]: .*not inside/);
    expect((await c.vpc.DescribeVpcs({})).TotalCount).toBe(0);
  });

  it("refuses parts the live service cannot hold, and an unknown Scope", async () => {
    await expectCode(c.vpc.request("SeedNetworkPlan", { Plan: { ...PLAN, loadBalancers: [{ id: "lb", vpcId: "v1", subnetId: "s1", ip: "10.5.1.9" }] } }), "UnsupportedOperation", /loadBalancers/);
    await expectCode(c.vpc.request("SeedNetworkPlan", { Plan: { ...PLAN, region: "ap-tokyo" } }), "InvalidParameterValue", /ap-tokyo/);
    await expectCode(c.vpc.request("ResetState", { Scope: "WORLD" }), "InvalidParameterValue.NotInOptions");
  });

  it("ResetState without Scope clears every region of the caller's account", async () => {
    const other = clients(port, "ap-hongkong");
    const v = await other.vpc.CreateVpc({ VpcName: "elsewhere", CidrBlock: "10.7.0.0/16", Tags: [{ Key: "k", Value: "v" }] });
    await c.vpc.request("ResetState", {});
    expect((await other.vpc.DescribeVpcs({ VpcIds: [v.Vpc!.VpcId!] })).VpcSet).toEqual([]);
  });
});
