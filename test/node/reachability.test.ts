// SDK conformance: the extension actions AnalyzeReachability and ExportNetworkPlan over live state
// built with the official SDK — one denial per explanation code, accepted traces hop by hop, CCN
// for channels, custom routes (CreateRoutes), bad questions, and the exported plan traced by
// policy-core in Node giving the same answers. Region ap-guangzhou belongs to this file;
// sa-saopaulo is its "other region" (classic instances only).
//
// Of the trace codes, LB_BACKEND_CLASSIC (CL11) cannot be reached live: load balancers are not
// modelled by the service (the core's own tests cover it on a plan document).
import { beforeAll, describe, expect, inject, it } from "vitest";
import { gatewayClient, makeInstance, makeService, makeChannel, type GatewayClient } from "../helpers/gateway-control";
import { loadCore } from "../helpers/core-node";
import {
  ALLOW_ALL, analyze, expectDenied, exportPlan, rows, rule, runClassicHost, tcp, VpcLab, type FlowAsk, type Host, type Pair, type TraceWire,
} from "../helpers/network";
import { attach, linkedTo, makeVpc, type Clients } from "../helpers/resources";
import { clients, expectCode } from "../helpers/sdk";

const REGION = "ap-guangzhou";
const ZONE = `${REGION}-3`;
const OTHER = "sa-saopaulo";

let c: Clients;
let gw: GatewayClient;
/** VPC A 10.1.0.0/16 links `linked`; VPC B 10.2.0.0/16 holds hB; VPC C 10.3.0.0/16 takes custom routes. */
let A: VpcLab, B: VpcLab, C: VpcLab;
let hB: Host, linked: Host, loose: Host;
/** Channels: dedicated instance gwG in VPC G runs svcDed; svcShared is on the shared instance; chG, chH, chQ reach VPCs G, H, Q. */
let G: VpcLab, Q: VpcLab;
let gwG: string, svcDed: string, svcShared: string, chG: string, chH: string, chQ: string;

beforeAll(async () => {
  const port = inject("devPort");
  c = clients(port, REGION);
  gw = gatewayClient(port, REGION);
  A = await VpcLab.create(c, ZONE, 1);
  B = await VpcLab.create(c, ZONE, 2);
  C = await VpcLab.create(c, ZONE, 3);
  hB = await B.host((await B.subnet()).id);
  linked = await runClassicHost(c.cvm, ZONE);
  loose = await runClassicHost(c.cvm, ZONE);
  await attach(c.vpc, A.vpcId, [linked.id]);
  G = await VpcLab.create(c, ZONE, 4);
  const H = await VpcLab.create(c, ZONE, 5);
  Q = await VpcLab.create(c, ZONE, 6);
  gwG = await makeInstance(gw, { vpcId: G.vpcId, subnetId: (await G.subnet()).id }, ZONE);
  svcDed = await makeService(gw, gwG);
  svcShared = await makeService(gw);
  chG = await makeChannel(gw, G.vpcId);
  chH = await makeChannel(gw, H.vpcId);
  chQ = await makeChannel(gw, Q.vpcId);
});

describe("AnalyzeReachability: accepted flows", () => {
  it("between two VPC subnets passes route, SG egress, both ACLs, SG ingress, then the ACLs of the reply", async () => {
    const p = await A.pair();
    const aclA = await A.acl(ALLOW_ALL, ALLOW_ALL, [p.s1.id]);
    const aclB = await A.acl(ALLOW_ALL, ALLOW_ALL, [p.s2.id]);
    const t = await analyze(c.vpc, tcp(p.a.id, p.b.id, 80));
    expect(t).toMatchObject({ Verdict: "ACCEPTED", Disposition: "ACCEPTED", DeliveredTo: p.b.id, Explanations: [] });
    expect(rows(t.ForwardPath)).toEqual([
      ["instance", p.a.id, null, p.a.id],
      ["route", A.routeTableId, null, p.a.id],
      ["securityGroupEgress", p.web, 0, p.a.id],
      ["networkAclOutbound", aclA, 0, p.a.id],
      ["networkAclInbound", aclB, 0, p.b.id],
      ["securityGroupIngress", p.web, 0, p.b.id],
      ["instance", p.b.id, null, p.b.id],
    ]);
    expect(rows(t.ReturnPath)).toEqual([
      ["networkAclOutbound", aclB, 0, p.b.id],
      ["networkAclInbound", aclA, 0, p.a.id],
      ["instance", p.a.id, null, p.a.id],
    ]);
    expect([...t.ForwardPath, ...t.ReturnPath].every((h) => h.Passed && h.Code === null)).toBe(true);
    expect(t.ForwardPath[1]!.Detail).toBe("Local route");
  });

  it("from a VPC instance to the classic instance linked to its VPC goes over the link (CL9)", async () => {
    const p = await A.pair();
    const t = await analyze(c.vpc, tcp(p.a.id, linked.id, 22));
    expect(t).toMatchObject({ Verdict: "ACCEPTED", DeliveredTo: linked.id });
    expect(rows(t.ForwardPath).map((r) => r.slice(0, 2))).toEqual([
      ["instance", p.a.id], ["route", A.routeTableId], ["classicLink", `${A.vpcId}/${linked.id}`], ["securityGroupEgress", p.web], ["securityGroupIngress", null], ["instance", linked.id],
    ]);
  });

  it("from a linked classic instance into its VPC, and between classic instances over the classic network", async () => {
    const p = await A.pair();
    const t = await analyze(c.vpc, tcp(linked.id, p.b.ip, 443));
    expect(t).toMatchObject({ Verdict: "ACCEPTED", DeliveredTo: p.b.id });
    expect(t.ForwardPath.map((h) => h.Component).slice(0, 3)).toEqual(["instance", "classicLink", "route"]);
    const cl = await analyze(c.vpc, tcp(loose.id, linked.id, 22));
    expect(cl).toMatchObject({ Verdict: "ACCEPTED", DeliveredTo: linked.id });
    expect(cl.ForwardPath.map((h) => h.Component)).toContain("classicNetwork");
  });

  it("gives the same answer for Port as a number and as a string", async () => {
    const p = await A.pair();
    const strip = ({ RequestId: _r, ...rest }: TraceWire) => rest;
    for (const port of [80, 8080]) {
      const asNumber = await analyze(c.vpc, tcp(p.a.id, p.b.id, port));
      const asString = await analyze(c.vpc, tcp(p.a.id, p.b.id, String(port)));
      expect(strip(asString)).toEqual(strip(asNumber));
    }
  });

  it("skips ACLs within one subnet, lets replies through SGs (stateful) and evaluates groups in binding order", async () => {
    const p = await A.pair();
    const s3 = await A.subnet();
    await A.acl([], [], [s3.id]); // no rule at all: would deny anything crossing the subnet's edge
    const x = await A.host(s3.id, [p.web]);
    const y = await A.host(s3.id, [await A.sg([rule("ACCEPT", "TCP", "80", "0.0.0.0/0")])]); // no egress rule
    const t = await analyze(c.vpc, tcp(x.id, y.id, 80));
    expect(t).toMatchObject({ Verdict: "ACCEPTED", DeliveredTo: y.id });
    expect(rows(t.ReturnPath)).toEqual([["instance", x.id, null, x.id]]);
    const drop = await A.sg([rule("DROP", "TCP", "80", p.s1.cidr)]);
    expect((await analyze(c.vpc, tcp(p.a.id, (await A.host(p.s2.id, [p.web, drop])).id, 80))).Verdict).toBe("ACCEPTED");
    expectDenied(await analyze(c.vpc, tcp(p.a.id, (await A.host(p.s2.id, [drop, p.web])).id, 80)), "SG_INGRESS_DENIED", "CL10", "DENIED_IN", drop, 0);
  });

  it("treats 0.0.0.0/n as every address", async () => {
    const p = await A.pair();
    const sg = await A.sg([rule("ACCEPT", "TCP", "8443", "0.0.0.0/16")]);
    const h = await A.host(p.s2.id, [sg]);
    expect((await analyze(c.vpc, tcp(p.a.id, h.id, 8443))).Verdict).toBe("ACCEPTED");
  });
});

describe("AnalyzeReachability: one denial per explanation code", () => {
  it("NOT_LINKED: an unlinked classic instance to an instance of a VPC of its region", async () => {
    const p = await A.pair();
    expectDenied(await analyze(c.vpc, tcp(loose.id, p.a.id, 22)), "NOT_LINKED", "CL8", "NO_ROUTE", A.vpcId, null);
  });

  it("DEST_OUTSIDE_LINKED_VPC: a linked classic instance to an instance of another VPC", async () => {
    expectDenied(await analyze(c.vpc, tcp(linked.id, hB.id, 22)), "DEST_OUTSIDE_LINKED_VPC", "CL7", "NO_ROUTE", `${A.vpcId}/${linked.id}`, null);
  });

  it("DEST_NOT_LINKED_CLASSIC: a VPC instance to a classic instance linked to no VPC", async () => {
    const p = await A.pair();
    expectDenied(await analyze(c.vpc, tcp(p.a.id, loose.id, 22)), "DEST_NOT_LINKED_CLASSIC", "CL8", "NO_ROUTE", loose.id, null);
  });

  it("NO_ROUTE: a VPC instance to an address nobody holds (route table), or to no subnet of its VPC (VPC)", async () => {
    const p = await A.pair();
    expectDenied(await analyze(c.vpc, tcp(p.a.id, "8.8.8.8", 443)), "NO_ROUTE", "ROUTE", "NO_ROUTE", A.routeTableId, null);
    expectDenied(await analyze(c.vpc, tcp(p.a.id, "10.1.250.9", 443)), "NO_ROUTE", "ROUTE", "NO_ROUTE", A.vpcId, null);
  });

  it("NO_WAY_IN: an address outside the account that no VPN, Direct Connect, peering or EIP route lets in (issue #11)", async () => {
    const p = await A.pair();
    const t = await analyze(c.vpc, tcp("203.0.113.7", p.a.id, 3306));
    expectDenied(t, "NO_WAY_IN", "ROUTE", "NO_ROUTE", null, null);
    // The flow enters (external, passed) and is stopped there (external, NO_WAY_IN): no route was tried.
    expect(t.ForwardPath.map((h) => [h.Component, h.Code])).toEqual([["external", null], ["external", "NO_WAY_IN"]]);
    expect(t.Explanations[0]?.Message).toContain("nothing lets outside traffic in");
  });

  it("SG_EGRESS_DENIED: the source group's egress rule 0 drops the flow", async () => {
    const p = await A.pair();
    const out = await A.sg([], [rule("DROP", "TCP", "80", p.s2.cidr), ...ALLOW_ALL]);
    const src = await A.host(p.s1.id, [out]);
    expectDenied(await analyze(c.vpc, tcp(src.id, p.b.id, 80)), "SG_EGRESS_DENIED", "CL10", "DENIED_OUT", out, 0);
    expect((await analyze(c.vpc, tcp(src.id, p.b.id, 22))).Verdict).toBe("ACCEPTED");
  });

  it("SG_INGRESS_DENIED: no ingress rule of the destination's group matches (default deny)", async () => {
    const p = await A.pair();
    expectDenied(await analyze(c.vpc, tcp(p.a.id, p.b.id, 8080)), "SG_INGRESS_DENIED", "CL10", "DENIED_IN", p.web, null);
  });

  it("ACL_OUTBOUND_DENIED: the source subnet's ACL outbound rule 0 drops the flow", async () => {
    const p = await A.pair();
    const acl = await A.acl(ALLOW_ALL, [rule("DROP", "TCP", "80", p.s2.cidr), ...ALLOW_ALL], [p.s1.id]);
    expectDenied(await analyze(c.vpc, tcp(p.a.id, p.b.id, 80)), "ACL_OUTBOUND_DENIED", "CL10", "DENIED_OUT", acl, 0);
  });

  it("ACL_INBOUND_DENIED: the destination subnet's ACL inbound rule 1 drops the flow", async () => {
    const p = await A.pair();
    const acl = await A.acl([rule("ACCEPT", "TCP", "22", "0.0.0.0/0"), rule("DROP", "ALL", "", "0.0.0.0/0")], ALLOW_ALL, [p.s2.id]);
    expectDenied(await analyze(c.vpc, tcp(p.a.id, p.b.id, 80)), "ACL_INBOUND_DENIED", "CL10", "DENIED_IN", acl, 1);
    expect((await analyze(c.vpc, tcp(p.a.id, p.b.id, 22))).Verdict).toBe("ACCEPTED");
  });

  it("ACL_RETURN_DENIED: the destination subnet's ACL lets out only ports 1-1024, so the reply to 32768 is dropped", async () => {
    const p = await A.pair();
    const acl = await A.acl(ALLOW_ALL, [rule("ACCEPT", "TCP", "1-1024", "0.0.0.0/0")], [p.s2.id]);
    const t = await analyze(c.vpc, tcp(p.a.id, p.b.id, 80));
    expectDenied(t, "ACL_RETURN_DENIED", "CL10", "DENIED_RETURN", acl, null);
    expect(t.ReturnPath.at(-1)).toMatchObject({ Component: "networkAclOutbound", Id: acl, Passed: false, InstanceId: p.b.id });
    expect(await analyze(c.vpc, tcp(p.a.id, p.b.id, 80, 1000))).toMatchObject({ Verdict: "ACCEPTED", DeliveredTo: p.b.id });
  });

  it("SHARED_INSTANCE: a service on the shared instance cannot use a channel (CH2)", async () => {
    expectDenied(await analyze(c.vpc, { Source: svcShared, Destination: chH }), "SHARED_INSTANCE", "CH2", "REFUSED", svcShared, null);
  });

  it("CHANNEL_VPC_UNREACHABLE: the dedicated instance's VPC is not the channel's and no CCN joins them (CH6)", async () => {
    expectDenied(await analyze(c.vpc, { Source: svcDed, Destination: chH }), "CHANNEL_VPC_UNREACHABLE", "CH6", "NO_ROUTE", chH, null);
    const same = await analyze(c.vpc, { Source: svcDed, Destination: chG });
    expect(same.Verdict).toBe("ACCEPTED");
    expect(rows(same.ForwardPath).map((r) => r.slice(0, 2))).toEqual([["service", svcDed], ["gatewayInstance", gwG], ["channel", chG]]);
  });

  it("a CCN joining the dedicated instance's VPC and the channel's makes the channel reachable", async () => {
    expect((await analyze(c.vpc, { Source: svcDed, Destination: chQ })).Explanations.map((e) => e.Code)).toEqual(["CHANNEL_VPC_UNREACHABLE"]);
    const ccn = (await c.vpc.CreateCcn({ CcnName: "reach-gq" })).Ccn!.CcnId!;
    const member = (v: string) => ({ InstanceId: v, InstanceRegion: REGION, InstanceType: "VPC" });
    await c.vpc.AttachCcnInstances({ CcnId: ccn, Instances: [member(G.vpcId), member(Q.vpcId)] });
    const t = await analyze(c.vpc, { Source: svcDed, Destination: chQ });
    expect(t).toMatchObject({ Verdict: "ACCEPTED", Disposition: "ACCEPTED", Explanations: [] });
    expect(rows(t.ForwardPath).map((r) => r.slice(0, 2))).toEqual([["service", svcDed], ["gatewayInstance", gwG], ["ccn", ccn], ["channel", chQ]]);
    expect((await exportPlan(c.vpc)).ccns).toContainEqual({ id: ccn, name: "reach-gq", vpcIds: [G.vpcId, Q.vpcId] });
  });
});

// LB_BACKEND_CLASSIC (CL11) has no test here: load balancers are not modelled by the live service.
describe("states the service refuses (so their codes never appear live)", () => {
  it("REGION_MISMATCH: linking a classic instance of another region is refused with InstanceMismatch", async () => {
    const far = await runClassicHost(clients(inject("devPort"), OTHER).cvm, `${OTHER}-1`);
    await expectCode(c.vpc.AttachClassicLinkVpc({ VpcId: A.vpcId, InstanceIds: [far.id] }), "UnsupportedOperation.InstanceMismatch", new RegExp(`${far.id} is in ${OTHER}`));
    expect(await linkedTo(c.vpc, A.vpcId)).toEqual([linked.id]);
    expect((await exportPlan(c.vpc)).classicLinks!.filter((l) => l.instanceId === far.id)).toEqual([]);
  });

  it("CIDR_NOT_ELIGIBLE: linking to a VPC outside 10.[0-47].0.0/16 is refused with CIDRUnSupportedClassicLink", async () => {
    const v = await makeVpc(c.vpc, "172.16.0.0/16");
    const h = await runClassicHost(c.cvm, ZONE);
    await expectCode(c.vpc.AttachClassicLinkVpc({ VpcId: v, InstanceIds: [h.id] }), "UnsupportedOperation.CIDRUnSupportedClassicLink", /172\.16\.0\.0\/16/);
    expect((await exportPlan(c.vpc)).classicLinks!.filter((l) => l.vpcId === v)).toEqual([]);
  });
});

describe("AnalyzeReachability: bad questions", () => {
  let p: Pair;
  let farId: string;
  beforeAll(async () => {
    p = await A.pair();
    farId = (await runClassicHost(clients(inject("devPort"), OTHER).cvm, `${OTHER}-1`)).id;
  });

  it.each([
    ["a port range", () => tcp(p.a.id, p.b.id, "80-90"), "InvalidParameterValue", /`Port` is not valid/],
    ["port 0", () => tcp(p.a.id, p.b.id, 0), "InvalidParameterValue", /`Port` is not valid/],
    ["port 65536", () => tcp(p.a.id, p.b.id, "65536"), "InvalidParameterValue", /`Port` is not valid/],
    ["a TCP flow without a port", () => ({ Source: p.a.id, Destination: p.b.id, Protocol: "TCP" }), "InvalidParameterValue", /`Port` is not valid/],
    ["a Port that is an object", () => tcp(p.a.id, p.b.id, { n: 80 } as never), "InvalidParameter", /`Port` must be a number or a string/],
    ["protocol SCTP", () => ({ ...tcp(p.a.id, p.b.id, 80), Protocol: "SCTP" }), "InvalidParameterValue", /`Protocol` is not valid/],
    ["protocol ALL", () => ({ ...tcp(p.a.id, p.b.id, 80), Protocol: "ALL" }), "InvalidParameterValue", /`Protocol` is not valid/],
    ["an octet above 255", () => tcp(p.a.id, "10.1.1.256", 80), "InvalidParameterValue", /`Destination` is not valid/],
    ["an address of three parts", () => tcp(p.a.id, "10.1.1", 80), "InvalidParameterValue", /`Destination` is not valid/],
    ["a destination that is neither an id nor an address", () => tcp(p.a.id, "web.example", 80), "InvalidParameterValue", /`Destination` is not valid/],
    ["a source address with a leading zero", () => tcp("10.01.1.5", p.b.id, 80), "InvalidParameterValue", /`Source` is not valid/],
    ["SourcePort 0", () => tcp(p.a.id, p.b.id, 80, 0), "InvalidParameterValue", /`SourcePort`/],
    ["a security group as the source (it exists, so not ResourceNotFound)", () => tcp(p.web, p.b.id, 80), "InvalidParameterValue", /`Source`/],
    ["a service traced to an instance", () => ({ Source: svcDed, Destination: p.b.id }), "InvalidParameterValue", /`Destination` is not valid/],
  ])("refuses %s", async (_what, q, code, message) => {
    await expectCode(analyze(c.vpc, q()), code, message);
  });

  it("refuses a flow without a Protocol with a client error naming it", async () => {
    await expectCode(analyze(c.vpc, { Source: p.a.id, Destination: p.b.id, Port: 80 }), "InvalidParameterValue", /`Protocol`/);
  });

  it.each([
    ["an unknown source instance", () => tcp("ins-00000000", p.b.id, 80), () => /`Source` names ins-00000000, which does not exist in ap-guangzhou/],
    ["an unknown destination instance", () => tcp(p.a.id, "ins-00000000", 80), () => /`Destination` names ins-00000000/],
    ["an instance of another region", () => tcp(p.a.id, farId, 80), () => new RegExp(`\`Destination\` names ${farId}`)],
    ["an unknown service", () => ({ Source: "service-00000000", Destination: chG }), () => /`Source` names service-00000000/],
  ])("answers %s with ResourceNotFound", async (_what, q, message) => {
    await expectCode(analyze(c.vpc, q()), "ResourceNotFound", message());
  });
});

describe("ExportNetworkPlan", () => {
  it("reports the VPCs, subnets, route tables, groups, ACLs, instances, links and channels with their references", async () => {
    const p = await A.pair();
    const acl = await A.acl(ALLOW_ALL, [rule("ACCEPT", "TCP", "1-1024", "0.0.0.0/0")], [p.s2.id]);
    const doc = await exportPlan(c.vpc);
    expect(doc.region).toBe(REGION);
    expect(doc.vpcs).toContainEqual(expect.objectContaining({ id: A.vpcId, region: REGION, cidrs: [A.cidr] }));
    expect(doc.subnets).toContainEqual(expect.objectContaining({ id: p.s2.id, vpcId: A.vpcId, cidr: p.s2.cidr, zone: ZONE, routeTableId: A.routeTableId, networkAclId: acl }));
    const s1 = doc.subnets!.find((s) => s.id === p.s1.id);
    expect(s1).toBeDefined();
    expect(s1!.networkAclId).toBeUndefined();
    expect(doc.routeTables).toContainEqual(expect.objectContaining({ id: A.routeTableId, vpcId: A.vpcId, main: true }));
    expect(doc.securityGroups).toContainEqual(expect.objectContaining({
      id: p.web,
      ingress: [{ action: "ACCEPT", protocol: "TCP", port: "22,80,443", cidr: "0.0.0.0/0" }, { action: "ACCEPT", protocol: "ICMP", port: "ALL", cidr: "0.0.0.0/0" }],
      egress: [{ action: "ACCEPT", protocol: "ALL", port: "ALL", cidr: "0.0.0.0/0" }],
    }));
    expect(doc.networkAcls).toContainEqual(expect.objectContaining({ id: acl, vpcId: A.vpcId, outbound: [{ action: "ACCEPT", protocol: "TCP", port: "1-1024", cidr: "0.0.0.0/0" }] }));
    expect(doc.instances).toContainEqual(expect.objectContaining({ id: p.a.id, network: "vpc", region: REGION, ip: p.a.ip, vpcId: A.vpcId, subnetId: p.s1.id, securityGroupIds: [p.web] }));
    expect(doc.instances).toContainEqual(expect.objectContaining({ id: linked.id, network: "classic", ip: linked.ip, securityGroupIds: [] }));
    expect(doc.classicLinks).toContainEqual({ vpcId: A.vpcId, instanceId: linked.id });
    expect(doc.gatewayInstances).toContainEqual(expect.objectContaining({ id: gwG, vpcId: G.vpcId }));
    expect(doc.services).toContainEqual(expect.objectContaining({ id: svcDed, gatewayInstanceId: gwG }));
    expect(doc.services!.find((s) => s.id === svcShared)).not.toHaveProperty("gatewayInstanceId");
    expect(doc.channels).toContainEqual(expect.objectContaining({ id: chH, nodes: [{ host: "10.0.0.10", port: 8080, weight: 10 }] }));
  });

  it("loaded into policy-core in Node, traces the same verdicts and codes as AnalyzeReachability", async () => {
    const p = await A.pair();
    await A.acl(ALLOW_ALL, [rule("ACCEPT", "TCP", "1-1024", "0.0.0.0/0")], [p.s2.id]);
    const core = await loadCore();
    const loaded = core.plan(await exportPlan(c.vpc));
    if (!loaded.ok) return expect.fail(`the exported plan did not load: ${JSON.stringify(loaded.issues)}`);
    const flows: FlowAsk[] = [tcp(p.a.id, p.b.id, 22, 1000), tcp(p.a.id, p.b.id, 80), tcp(p.a.id, p.b.id, 8080), tcp(loose.id, p.a.id, 22), tcp(linked.id, hB.id, 22), tcp(p.a.id, linked.id, 22)];
    for (const f of flows) {
      const live = await analyze(c.vpc, f);
      const local = loaded.plan.trace({ source: f.Source, destination: f.Destination, protocol: f.Protocol!, port: f.Port, sourcePort: f.SourcePort });
      if (!local.ok) return expect.fail(JSON.stringify(local.error));
      expect([local.trace.verdict, local.trace.explanations.map((e) => [e.code, e.objectId, e.ruleIndex])], JSON.stringify(f)).toEqual([live.Verdict, live.Explanations.map((e) => [e.Code, e.ObjectId, e.RuleIndex])]);
    }
    const ch = loaded.plan.traceChannel(svcDed, chH);
    if (!ch.ok) return expect.fail(JSON.stringify(ch.error));
    expect(ch.trace.explanations.map((e) => e.code)).toEqual(["CHANNEL_VPC_UNREACHABLE"]);
  });

  // Issue 13, item 6: a channel node named by host name made every AnalyzeReachability of the
  // region answer InternalError (the export did not load as a plan). Host names are plan nodes now.
  it("keeps loading, and AnalyzeReachability keeps answering, after a channel gets a host-name node", async () => {
    const named = await makeChannel(gw, G.vpcId, { Nodes: [{ Host: "backend.example", Port: 8080, Weight: 10 }] });
    const doc = await exportPlan(c.vpc);
    expect(doc.channels).toContainEqual(expect.objectContaining({ id: named, nodes: [{ host: "backend.example", port: 8080, weight: 10 }] }));
    const core = await loadCore();
    expect(core.plan(doc).ok).toBe(true);
    const p = await A.pair();
    expect((await analyze(c.vpc, tcp(p.a.id, p.b.id, 22))).Verdict).toBe("ACCEPTED");
    expect((await analyze(c.vpc, { Source: svcDed, Destination: named })).Verdict).toBe("ACCEPTED");
  });
});

describe("CreateRoutes (custom routes) and VIA_GATEWAY_FORBIDDEN", () => {
  let via: Host;
  beforeAll(async () => {
    via = await runClassicHost(c.cvm, ZONE);
    await attach(c.vpc, C.vpcId, [via.id]);
  });

  it("adds routes after the Local entries of DescribeRouteTables and in ExportNetworkPlan", async () => {
    await c.vpc.CreateRoutes({
      RouteTableId: C.routeTableId,
      Routes: [
        { DestinationCidrBlock: "192.168.0.0/16", GatewayType: "VPN", GatewayId: "vpngw-12345678", RouteDescription: "office" },
        { DestinationCidrBlock: "172.20.0.0/16", GatewayType: "HAVIP", GatewayId: "havip-12345678" },
      ],
    });
    const r = await c.vpc.DescribeRouteTables({ RouteTableIds: [C.routeTableId] });
    const set = r.RouteTableSet![0]!.RouteSet!.map((x) => [x.DestinationCidrBlock, x.GatewayType, x.GatewayId]);
    expect(set).toEqual([[C.cidr, "LOCAL", "Local"], [`${via.ip}/32`, "LOCAL", "Local"], ["192.168.0.0/16", "VPN", "vpngw-12345678"], ["172.20.0.0/16", "HAVIP", "havip-12345678"]]);
    const table = (await exportPlan(c.vpc)).routeTables!.find((t) => t.id === C.routeTableId);
    expect(table?.routes).toEqual([
      { destination: "192.168.0.0/16", gatewayType: "VPN", gatewayId: "vpngw-12345678" },
      { destination: "172.20.0.0/16", gatewayType: "HAVIP", gatewayId: "havip-12345678" },
    ]);
  });

  it.each([
    ["a destination inside the VPC's CIDR", [{ DestinationCidrBlock: "10.3.9.0/24", GatewayType: "CVM", GatewayId: "10.3.1.5" }], "InvalidParameterValue.VpcCidrConflict", /`Routes\.0\.DestinationCidrBlock`/],
    ["a CIDR with host bits set", [{ DestinationCidrBlock: "8.8.8.1/24", GatewayType: "NAT", GatewayId: "nat-12345678" }], "InvalidParameterValue.Malformed", /`Routes\.0\.DestinationCidrBlock`/],
    ["gateway type LOCAL", [{ DestinationCidrBlock: "8.8.8.0/24", GatewayType: "LOCAL", GatewayId: "x" }], "InvalidParameterValue", /`Routes\.0\.GatewayType` \("LOCAL"\)/],
    ["one destination twice", [{ DestinationCidrBlock: "8.8.4.0/24", GatewayType: "NAT", GatewayId: "nat-1" }, { DestinationCidrBlock: "8.8.4.0/24", GatewayType: "VPN", GatewayId: "vpngw-1" }], "InvalidParameterValue.Duplicate", /8\.8\.4\.0\/24/],
  ])("CreateRoutes refuses %s and adds nothing", async (_what, routes, code, message) => {
    const before = await c.vpc.DescribeRouteTables({ RouteTableIds: [C.routeTableId] });
    await expectCode(c.vpc.CreateRoutes({ RouteTableId: C.routeTableId, Routes: routes }), code, message);
    expect((await c.vpc.DescribeRouteTables({ RouteTableIds: [C.routeTableId] })).RouteTableSet).toEqual(before.RouteTableSet);
  });

  it("CreateRoutes takes a default route 0.0.0.0/0 to a NAT gateway (a destination may contain the VPC's CIDR, not lie inside it)", async () => {
    const D = await VpcLab.create(c, ZONE, 7);
    await c.vpc.CreateRoutes({ RouteTableId: D.routeTableId, Routes: [{ DestinationCidrBlock: "0.0.0.0/0", GatewayType: "NAT", GatewayId: "nat-12345678" }] });
    const h = await D.host((await D.subnet()).id);
    expect(await analyze(c.vpc, tcp(h.id, "8.8.8.8", 443))).toMatchObject({ Verdict: "ACCEPTED", Disposition: "EXITS_NETWORK" });
  });

  it("a custom route covering an unlinked classic instance's address does not make it reachable from the VPC (CL8)", async () => {
    const D = await VpcLab.create(c, ZONE, 8);
    const h = await D.host((await D.subnet()).id);
    const other = await runClassicHost(c.cvm, ZONE);
    await c.vpc.CreateRoutes({ RouteTableId: D.routeTableId, Routes: [{ DestinationCidrBlock: `${other.ip}/32`, GatewayType: "VPN", GatewayId: "vpngw-12345678" }] });
    const t = await analyze(c.vpc, tcp(h.id, other.id, 22));
    expect({ Verdict: t.Verdict, DeliveredTo: t.DeliveredTo }).toEqual({ Verdict: "DENIED", DeliveredTo: null });
    expect(["DEST_NOT_LINKED_CLASSIC", "VIA_GATEWAY_FORBIDDEN"]).toContain(t.Explanations[0]?.Code);
  });

  it("VIA_GATEWAY_FORBIDDEN: classic traffic never crosses the linked VPC's VPN, in either direction", async () => {
    expectDenied(await analyze(c.vpc, tcp(via.id, "192.168.1.1", 22)), "VIA_GATEWAY_FORBIDDEN", "CL7", "NO_ROUTE", C.routeTableId, 0);
    expectDenied(await analyze(c.vpc, tcp("192.168.1.1", via.id, 22)), "VIA_GATEWAY_FORBIDDEN", "CL7", "NO_ROUTE", C.routeTableId, 0);
    // A route over an HAVIP is not a forbidden gateway: the address is just outside the linked VPC.
    expectDenied(await analyze(c.vpc, tcp(via.id, "172.20.0.9", 22)), "DEST_OUTSIDE_LINKED_VPC", "CL7", "NO_ROUTE", `${C.vpcId}/${via.id}`, null);
    // A VPC instance of C may use the VPN route: the flow leaves the network.
    const h = await C.host((await C.subnet()).id);
    expect(await analyze(c.vpc, tcp(h.id, "192.168.1.1", 22))).toMatchObject({ Verdict: "ACCEPTED", Disposition: "EXITS_NETWORK", DeliveredTo: null });
  });
});
