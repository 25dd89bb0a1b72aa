// Traces over the small plan of test/helpers/plans.ts: one denial per explanation code (with the
// SPEC rule, the deciding object and rule index), accepted traces with every hop, and bad queries.
import { describe, expect, it } from "vitest";
import { CODES, STATUS, reasonOf, type CodeName, type Disposition, type FlowQuery, type NetworkPlan } from "../../policy-core/bindings/index";
import { loadCore } from "../helpers/core-node";
import { OPEN, basePlan, hops, load, rule, type HopRow } from "../helpers/plans";

const core = await loadCore();

type Ask = { flow: FlowQuery } | { channel: [service: string, channel: string] };

function ask(doc: NetworkPlan, q: Ask) {
  const plan = load(core, doc);
  const r = "flow" in q ? plan.trace(q.flow) : plan.traceChannel(...q.channel);
  if (!r.ok) return expect.fail(`query refused: ${JSON.stringify(r.error)}`);
  return r.trace;
}

const tcp = (source: string, destination: string, port: number, sourcePort?: number): Ask => ({
  flow: sourcePort === undefined ? { source, destination, protocol: "TCP", port } : { source, destination, protocol: "TCP", port, sourcePort },
});
const a2 = (d: NetworkPlan) => d.networkAcls![1]!;
const sgWeb = (d: NetworkPlan) => d.securityGroups![0]!;
const cvmC1 = (d: NetworkPlan) => d.instances![3]!;

type Denial = [CodeName, (d: NetworkPlan) => void, Ask, Disposition, string, string | null, number | null];

/** One denial per trace explanation code: what to change, what to ask, what decides. */
const DENIALS: Denial[] = [
    // an unlinked classic instance to an address of a VPC of its region
    ["NOT_LINKED", () => {}, tcp("cvm-c2", "vm-a1", 22), "NO_ROUTE", "CL8", "vpc-a", null],
    // the link goes to a VPC of another region
    ["REGION_MISMATCH", (d) => void (cvmC1(d).region = "ap-beijing"), tcp("cvm-c1", "vm-a1", 22), "NO_ROUTE", "CL2", "vpc-a/cvm-c1", null],
    // the linked VPC has a CIDR outside 10.[0-47].0.0/16
    ["CIDR_NOT_ELIGIBLE", (d) => void d.vpcs[0]!.cidrs.push("172.16.0.0/16"), tcp("cvm-c1", "vm-a1", 22), "NO_ROUTE", "CL6", "vpc-a", null],
    // a linked classic instance to another VPC
    ["DEST_OUTSIDE_LINKED_VPC", () => {}, tcp("cvm-c1", "vm-b1", 22), "NO_ROUTE", "CL7", "vpc-a/cvm-c1", null],
    // a VPC instance to a classic instance linked to no VPC
    ["DEST_NOT_LINKED_CLASSIC", () => {}, tcp("vm-a1", "cvm-c2", 22), "NO_ROUTE", "CL8", "cvm-c2", null],
    // a linked classic instance to an address the linked VPC routes over its VPN (route 0)
    ["VIA_GATEWAY_FORBIDDEN", () => {}, tcp("cvm-c1", "192.168.1.1", 22), "NO_ROUTE", "CL7", "rt-a", 0],
    // no route of rt-a holds a public address
    ["NO_ROUTE", () => {}, tcp("vm-a1", "8.8.8.8", 443), "NO_ROUTE", "ROUTE", "rt-a", null],
    // sg-web egress rule 0 drops TCP 80 to sn-a2
    ["SG_EGRESS_DENIED", (d) => void (sgWeb(d).egress = [rule("DROP", "TCP", "80", "10.0.2.0/24"), ...OPEN]), tcp("vm-a1", "vm-a2", 80), "DENIED_OUT", "CL10", "sg-web", 0],
    // no sg-web ingress rule holds 8080: default deny
    ["SG_INGRESS_DENIED", () => {}, tcp("vm-a1", "vm-a2", 8080), "DENIED_IN", "CL10", "sg-web", null],
    // acl-a1 outbound rule 0 drops TCP 80 to sn-a2
    ["ACL_OUTBOUND_DENIED", (d) => void (d.networkAcls![0]!.outbound = [rule("DROP", "TCP", "80", "10.0.2.0/24"), ...OPEN]), tcp("vm-a1", "vm-a2", 80), "DENIED_OUT", "CL10", "acl-a1", 0],
    // acl-a2 has no inbound rule: default deny
    ["ACL_INBOUND_DENIED", (d) => void (a2(d).inbound = []), tcp("vm-a1", "vm-a2", 80), "DENIED_IN", "CL10", "acl-a2", null],
    // acl-a2 outbound lets out only ports 1-1024; the reply goes to port 32768
    ["ACL_RETURN_DENIED", (d) => void (a2(d).outbound = [rule("ACCEPT", "TCP", "1-1024", "0.0.0.0/0")]), tcp("vm-a1", "vm-a2", 80), "DENIED_RETURN", "CL10", "acl-a2", null],
    // a load balancer to a linked classic instance
    ["LB_BACKEND_CLASSIC", () => {}, tcp("lb-a", "cvm-c1", 80), "REFUSED", "CL11", "lb-a", null],
    // a service on the shared instance
    ["SHARED_INSTANCE", () => {}, { channel: ["svc-shared", "ch-a"] }, "REFUSED", "CH2", "svc-shared", null],
    // the dedicated instance runs in vpc-a, the channel reaches into vpc-b, and no CCN joins them
    ["CHANNEL_VPC_UNREACHABLE", () => {}, { channel: ["svc-dedicated", "ch-b"] }, "NO_ROUTE", "CH6", "ch-b", null],
    // an address outside the plan that no VPN, Direct Connect, peering or EIP route lets in
    ["NO_WAY_IN", () => {}, tcp("8.8.8.8", "vm-a1", 22), "NO_ROUTE", "ROUTE", null, null],
];

describe("trace denials", () => {
  it("has one denial per trace code (codes 101-115 and 124)", () => {
    const traceCodes = (Object.keys(CODES) as CodeName[]).filter((c) => CODES[c] <= CODES.CHANNEL_VPC_UNREACHABLE || c === "NO_WAY_IN");
    expect(DENIALS.map((d) => d[0]).sort()).toEqual(traceCodes.sort());
  });

  it.each(DENIALS)("explains %s", (code, mutate, q, disposition, specRule, objectId, ruleIndex) => {
    const doc = basePlan();
    mutate(doc);
    const t = ask(doc, q);
    expect(t).toMatchObject({ verdict: "DENIED", disposition, deliveredTo: null });
    expect(t.explanations).toEqual([{ code, rule: specRule, objectId, ruleIndex, message: expect.stringContaining(`${code} (${specRule})`) }]);
    const decided = [...t.forward, ...t.return].filter((h) => !h.passed);
    expect(decided).toHaveLength(1);
    expect(decided[0]).toMatchObject({ code, id: objectId, ruleIndex });
    expect([...t.forward, ...t.return].at(-1)).toBe(decided[0]);
  });

  it("refuses an address behind a VPN route reaching a linked classic instance (VIA_GATEWAY_FORBIDDEN)", () => {
    const t = ask(basePlan(), tcp("192.168.1.5", "cvm-c1", 22));
    expect(t).toMatchObject({ verdict: "DENIED", disposition: "NO_ROUTE" });
    expect(t.explanations).toMatchObject([{ code: "VIA_GATEWAY_FORBIDDEN", rule: "CL7", objectId: "rt-a", ruleIndex: 0 }]);
    expect(hops(t.forward)).toEqual<HopRow[]>([["external", null, null, null], ["route", "rt-a", 0, "cvm-c1"]]);
  });

  it("checks the source subnet's inbound ACL on the return against the reply's port (sourcePort)", () => {
    const doc = basePlan();
    doc.networkAcls![0]!.inbound = [rule("DROP", "TCP", "40000-50000", "10.0.2.0/24"), ...OPEN];
    expect(ask(doc, tcp("vm-a1", "vm-a2", 80)).verdict).toBe("ACCEPTED");
    const t = ask(doc, tcp("vm-a1", "vm-a2", 80, 45000));
    expect(t).toMatchObject({ verdict: "DENIED", disposition: "DENIED_RETURN" });
    expect(t.explanations).toMatchObject([{ code: "ACL_RETURN_DENIED", objectId: "acl-a1", ruleIndex: 0 }]);
    expect(t.return.at(-1)).toMatchObject({ component: "networkAclInbound", direction: "return", instanceId: "vm-a1" });
  });

  it("refuses a VPC instance reaching a classic instance linked across regions (REGION_MISMATCH)", () => {
    const doc = basePlan();
    cvmC1(doc).region = "ap-beijing";
    expect(ask(doc, tcp("vm-a1", "cvm-c1", 22)).explanations).toMatchObject([{ code: "REGION_MISMATCH", objectId: "vpc-a/cvm-c1" }]);
  });

  it("evaluates an instance's security groups in binding order, first match across them", () => {
    const doc = basePlan();
    doc.instances![1]!.securityGroupIds = ["sg-web", "sg-open"];
    const t = ask(doc, tcp("vm-a1", "vm-a2", 8080));
    expect(t.verdict).toBe("ACCEPTED");
    expect(t.forward.find((h) => h.component === "securityGroupIngress")).toMatchObject({ id: "sg-open", ruleIndex: 0 });
  });

  // An invalid link (CL2/CL6) does not stop the classic network: it carries classic-to-classic traffic.
  it.each<[string, (d: NetworkPlan) => void]>([
    ["a link to another region", (d) => void (d.vpcs[0]!.region = "ap-beijing")],
    ["a link to an ineligible VPC", (d) => void d.vpcs[0]!.cidrs.push("172.16.0.0/16")],
  ])("lets a classic instance with %s reach a classic peer of its region", (_name, mutate) => {
    const doc = basePlan();
    mutate(doc);
    expect(ask(doc, tcp("cvm-c1", "cvm-c2", 22))).toMatchObject({ verdict: "ACCEPTED", deliveredTo: "cvm-c2" });
  });

  // The reply of a flow over a CCN meets the source subnet's inbound ACL, as any VPC-to-VPC flow.
  it("checks the source subnet's inbound ACL on the return of a flow over a CCN", () => {
    const doc = basePlan();
    doc.ccns = [{ id: "ccn-1", vpcIds: ["vpc-a", "vpc-b"] }];
    doc.networkAcls![0]!.inbound = [];
    const t = ask(doc, tcp("vm-a1", "vm-b1", 22));
    expect(t.explanations).toMatchObject([{ code: "ACL_RETURN_DENIED", objectId: "acl-a1", ruleIndex: null }]);
  });
});

describe("accepted traces", () => {
  const withCcn = (d: NetworkPlan) => void (d.ccns = [{ id: "ccn-1", vpcIds: ["vpc-a", "vpc-b"] }]);
  it.each<[string, (d: NetworkPlan) => void, Ask, Disposition, string | null, HopRow[], HopRow[]]>([
    [
      "across two subnets of a VPC: both ACLs each way, both security groups once",
      () => {}, tcp("vm-a1", "vm-a2", 80), "ACCEPTED", "vm-a2",
      [["instance", "vm-a1", null, "vm-a1"], ["route", "rt-a", null, "vm-a1"], ["securityGroupEgress", "sg-web", 0, "vm-a1"], ["networkAclOutbound", "acl-a1", 0, "vm-a1"], ["networkAclInbound", "acl-a2", 0, "vm-a2"], ["securityGroupIngress", "sg-web", 0, "vm-a2"], ["instance", "vm-a2", null, "vm-a2"]],
      [["networkAclOutbound", "acl-a2", 0, "vm-a2"], ["networkAclInbound", "acl-a1", 0, "vm-a1"], ["instance", "vm-a1", null, "vm-a1"]],
    ],
    [
      "within one subnet, to a load balancer: no ACL",
      () => {}, tcp("vm-a1", "lb-a", 443), "ACCEPTED", "lb-a",
      [["instance", "vm-a1", null, "vm-a1"], ["route", "rt-a", null, "vm-a1"], ["securityGroupEgress", "sg-web", 0, "vm-a1"], ["securityGroupIngress", "sg-open", 0, "lb-a"], ["loadBalancer", "lb-a", null, "lb-a"]],
      [["instance", "vm-a1", null, "vm-a1"]],
    ],
    [
      "a linked classic instance into its VPC over the link",
      () => {}, tcp("cvm-c1", "vm-a1", 22), "ACCEPTED", "vm-a1",
      [["instance", "cvm-c1", null, "cvm-c1"], ["classicLink", "vpc-a/cvm-c1", null, "cvm-c1"], ["route", "rt-a", null, "cvm-c1"], ["securityGroupEgress", "sg-web", 0, "cvm-c1"], ["networkAclInbound", "acl-a1", 0, "vm-a1"], ["securityGroupIngress", "sg-web", 0, "vm-a1"], ["instance", "vm-a1", null, "vm-a1"]],
      [["networkAclOutbound", "acl-a1", 0, "vm-a1"], ["instance", "cvm-c1", null, "cvm-c1"]],
    ],
    [
      "a VPC instance to the classic instance linked to its VPC (CL9 local route)",
      () => {}, tcp("vm-a1", "cvm-c1", 22), "ACCEPTED", "cvm-c1",
      [["instance", "vm-a1", null, "vm-a1"], ["route", "rt-a", null, "vm-a1"], ["classicLink", "vpc-a/cvm-c1", null, "cvm-c1"], ["securityGroupEgress", "sg-web", 0, "vm-a1"], ["networkAclOutbound", "acl-a1", 0, "vm-a1"], ["securityGroupIngress", "sg-web", 0, "cvm-c1"], ["instance", "cvm-c1", null, "cvm-c1"]],
      [["networkAclInbound", "acl-a1", 0, "vm-a1"], ["instance", "vm-a1", null, "vm-a1"]],
    ],
    [
      "classic to classic over the classic network; no group bound means no filter",
      () => {}, tcp("cvm-c2", "cvm-c1", 22), "ACCEPTED", "cvm-c1",
      [["instance", "cvm-c2", null, "cvm-c2"], ["classicNetwork", null, null, "cvm-c2"], ["securityGroupEgress", null, null, "cvm-c2"], ["securityGroupIngress", "sg-web", 0, "cvm-c1"], ["instance", "cvm-c1", null, "cvm-c1"]],
      [["instance", "cvm-c2", null, "cvm-c2"]],
    ],
    [
      "to another VPC over a shared CCN",
      withCcn, { flow: { source: "vm-a1", destination: "vm-b1", protocol: "ICMP" } }, "ACCEPTED", "vm-b1",
      [["instance", "vm-a1", null, "vm-a1"], ["ccn", "ccn-1", null, "vm-a1"], ["securityGroupEgress", "sg-web", 0, "vm-a1"], ["networkAclOutbound", "acl-a1", 0, "vm-a1"], ["securityGroupIngress", null, null, "vm-b1"], ["instance", "vm-b1", null, "vm-b1"]],
      [["networkAclInbound", "acl-a1", 0, "vm-a1"], ["instance", "vm-a1", null, "vm-a1"]],
    ],
    [
      "out of the network over a custom (VPN) route",
      () => {}, tcp("vm-a1", "192.168.1.1", 443), "EXITS_NETWORK", null,
      [["instance", "vm-a1", null, "vm-a1"], ["route", "rt-a", 0, "vm-a1"], ["securityGroupEgress", "sg-web", 0, "vm-a1"], ["networkAclOutbound", "acl-a1", 0, "vm-a1"]],
      [],
    ],
    [
      "to a free address of another subnet",
      () => {}, tcp("vm-a1", "10.0.2.99", 80), "DELIVERED_TO_SUBNET", null,
      [["instance", "vm-a1", null, "vm-a1"], ["route", "rt-a", null, "vm-a1"], ["securityGroupEgress", "sg-web", 0, "vm-a1"], ["networkAclOutbound", "acl-a1", 0, "vm-a1"], ["networkAclInbound", "acl-a2", 0, null], ["subnet", "sn-a2", null, null]],
      [],
    ],
    [
      "a service on a dedicated instance to a channel of the same VPC",
      () => {}, { channel: ["svc-dedicated", "ch-a"] }, "ACCEPTED", null,
      [["service", "svc-dedicated", null, null], ["gatewayInstance", "gw-a", null, null], ["channel", "ch-a", null, null]],
      [],
    ],
    [
      "a service on a dedicated instance to a channel of a VPC joined by a CCN",
      withCcn, { channel: ["svc-dedicated", "ch-b"] }, "ACCEPTED", null,
      [["service", "svc-dedicated", null, null], ["gatewayInstance", "gw-a", null, null], ["ccn", "ccn-1", null, null], ["channel", "ch-b", null, null]],
      [],
    ],
  ])("%s", (_name, mutate, q, disposition, deliveredTo, forward, back) => {
    const doc = basePlan();
    mutate(doc);
    const t = ask(doc, q);
    expect(t).toMatchObject({ verdict: "ACCEPTED", disposition, deliveredTo, explanations: [] });
    expect(hops(t.forward)).toEqual(forward);
    expect(hops(t.return)).toEqual(back);
    expect(t.forward.every((h) => h.passed && h.code === null && h.direction === "forward")).toBe(true);
    expect(t.return.every((h) => h.passed && h.code === null && h.direction === "return")).toBe(true);
  });

  it.each<[string, Ask, number, string]>([
    ["a local route", tcp("vm-a1", "vm-a2", 80), 1, "Local route"],
    ["the CL9 route to a linked classic IP", tcp("vm-a1", "cvm-c1", 22), 1, "Local route of a linked classic IP (CL9)"],
    ["a custom route", tcp("vm-a1", "192.168.1.1", 443), 1, "matched route 0"],
    ["a matched filter rule", tcp("vm-a1", "vm-a2", 80), 2, "matched rule 0 (ACCEPT)"],
    ["an instance with no security group", tcp("cvm-c2", "cvm-c1", 22), 2, "no security group bound: not filtered"],
  ])("describes %s", (_name, q, index, detail) => {
    expect(ask(basePlan(), q).forward[index]!.detail).toBe(detail);
  });

  it("treats a source address that is an instance's as that instance", () => {
    const byIp = ask(basePlan(), tcp("10.0.1.10", "vm-a2", 80));
    expect(byIp).toEqual(ask(basePlan(), tcp("vm-a1", "vm-a2", 80)));
  });
});

describe("bad queries", () => {
  const plan = () => load(core, basePlan());
  it.each<[string, FlowQuery, string, string]>([
    ["an unknown source id", { source: "vm-x", destination: "vm-a1", protocol: "TCP", port: 80 }, "source", "vm-x is neither an instance of the plan nor an IPv4 address"],
    ["a malformed source address", { source: "10.0.0", destination: "vm-a1", protocol: "TCP", port: 80 }, "source", reasonOf(STATUS.BAD_PARTS)],
    ["an unknown destination id", { source: "vm-a1", destination: "db", protocol: "TCP", port: 80 }, "destination", "db is neither an instance of the plan nor an IPv4 address"],
    ["a destination octet past 255", { source: "vm-a1", destination: "10.0.0.256", protocol: "TCP", port: 80 }, "destination", reasonOf(STATUS.OCTET_RANGE)],
    ["a destination with a leading zero", { source: "vm-a1", destination: "010.0.0.1", protocol: "TCP", port: 80 }, "destination", reasonOf(STATUS.LEADING_ZERO)],
    ["protocol ALL", { source: "vm-a1", destination: "vm-a2", protocol: "ALL" }, "protocol", reasonOf(STATUS.FLOW_PROTOCOL)],
    ["an unknown protocol", { source: "vm-a1", destination: "vm-a2", protocol: "SCTP", port: 80 }, "protocol", reasonOf(STATUS.BAD_PROTOCOL)],
    ["port 0", { source: "vm-a1", destination: "vm-a2", protocol: "TCP", port: 0 }, "port", reasonOf(STATUS.PORT_RANGE)],
    ["port 65536", { source: "vm-a1", destination: "vm-a2", protocol: "UDP", port: 65536 }, "port", reasonOf(STATUS.PORT_RANGE)],
    ["no port for TCP", { source: "vm-a1", destination: "vm-a2", protocol: "TCP" }, "port", reasonOf(STATUS.BAD_PORT)],
    ["a port with a leading zero", { source: "vm-a1", destination: "vm-a2", protocol: "TCP", port: "080" }, "port", reasonOf(STATUS.BAD_PORT)],
    ["a port range", { source: "vm-a1", destination: "vm-a2", protocol: "TCP", port: "80-90" }, "port", reasonOf(STATUS.BAD_PORT)],
  ])("refuses %s", (_name, q, field, message) => {
    expect(plan().trace(q)).toEqual({ ok: false, error: { field, message } });
  });

  it("ignores the port of an ICMP flow", () => {
    const r = plan().trace({ source: "vm-a1", destination: "vm-a2", protocol: "icmp", port: "junk" });
    expect(r).toMatchObject({ ok: true, trace: { verdict: "ACCEPTED" } });
  });

  it.each<[string, string, string, string]>([
    ["an unknown service", "svc-x", "ch-a", "service"],
    ["an unknown channel", "svc-dedicated", "ch-x", "channel"],
  ])("refuses a channel trace naming %s", (_name, service, channel, field) => {
    const id = field === "service" ? service : channel;
    expect(plan().traceChannel(service, channel)).toEqual({ ok: false, error: { field, message: `${id} is not a ${field} of the plan` } });
  });
});
