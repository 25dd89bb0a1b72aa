// Whole-plan questions: the reachability matrix, lint (one finding per code), shadowed rules, and
// the issues (JSON path and message) a plan document that cannot be loaded comes back with.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CODE_MEANINGS, STATUS, reasonOf, type LintFinding, type NetworkPlan, type PlanRule, type ShadowedRule } from "../../policy-core/bindings/index";
import { loadCore } from "../helpers/core-node";
import { OPEN, basePlan, gridPlan, load, rule, type GridChoices } from "../helpers/plans";

const core = await loadCore();

describe("matrix", () => {
  it("reports every pair of the small plan for TCP 22", () => {
    const r = load(core, basePlan()).matrix("TCP", 22);
    const A = "ACCEPTED";
    expect(r).toEqual({
      ok: true,
      matrix: {
        protocol: "TCP",
        port: "22",
        ids: ["vm-a1", "vm-a2", "vm-b1", "cvm-c1", "cvm-c2", "lb-a"],
        cells: [
          ["SELF", A, "NO_ROUTE", A, "DEST_NOT_LINKED_CLASSIC", A],
          [A, "SELF", "NO_ROUTE", A, "DEST_NOT_LINKED_CLASSIC", A],
          ["NO_ROUTE", "NO_ROUTE", "SELF", "DEST_NOT_LINKED_CLASSIC", "DEST_NOT_LINKED_CLASSIC", "NO_ROUTE"],
          [A, A, "DEST_OUTSIDE_LINKED_VPC", "SELF", A, A],
          ["NOT_LINKED", "NOT_LINKED", "NOT_LINKED", A, "SELF", "NOT_LINKED"],
          [A, A, "NO_ROUTE", "LB_BACKEND_CLASSIC", "DEST_NOT_LINKED_CLASSIC", "SELF"],
        ],
      },
    });
  });

  it("reports the security groups' verdict for a port sg-web does not open", () => {
    const r = load(core, basePlan()).matrix("TCP", "8080");
    if (!r.ok) return expect.fail(JSON.stringify(r.error));
    // row vm-a1: vm-a2 and cvm-c1 are in sg-web, lb-a is in sg-open
    expect(r.matrix.cells[0]).toEqual(["SELF", "SG_INGRESS_DENIED", "NO_ROUTE", "SG_INGRESS_DENIED", "DEST_NOT_LINKED_CLASSIC", "ACCEPTED"]);
  });

  it.each<[string, string, string, string, number]>([
    ["protocol ALL", "ALL", "", "protocol", STATUS.FLOW_PROTOCOL],
    ["an unknown protocol", "GRE", "", "protocol", STATUS.BAD_PROTOCOL],
    ["port 0", "TCP", "0", "port", STATUS.PORT_RANGE],
    ["no port for UDP", "UDP", "", "port", STATUS.BAD_PORT],
  ])("refuses %s", (_name, protocol, port, field, status) => {
    expect(load(core, basePlan()).matrix(protocol, port)).toEqual({ ok: false, error: { field, message: reasonOf(status) } });
  });

  // A rule pool for generated plans: ports only with TCP and UDP.
  const cidrs = ["0.0.0.0/0", "10.0.0.0/8", "10.0.1.0/24", "10.48.0.0/16", "10.1.0.0/16", "172.16.0.0/12", "10.48.0.3"];
  const ruleArb: fc.Arbitrary<PlanRule> = fc
    .tuple(fc.constantFrom<"ACCEPT" | "DROP">("ACCEPT", "ACCEPT", "DROP"), fc.constantFrom("TCP", "UDP", "ICMP", "ALL"), fc.constantFrom("ALL", "22", "53,80", "1-1024"), fc.constantFrom(...cidrs))
    .map(([a, p, port, c]) => rule(a, p, p === "TCP" || p === "UDP" ? port : "", c));
  const rules = fc.array(ruleArb, { maxLength: 4 });
  const choices: fc.Arbitrary<GridChoices> = fc.record({
    groups: fc.array(fc.record({ ingress: rules, egress: rules }), { minLength: 3, maxLength: 3 }),
    acls: fc.array(fc.record({ inbound: rules, outbound: rules }), { minLength: 3, maxLength: 3 }),
    bindings: fc.array(fc.uniqueArray(fc.integer({ min: 0, max: 2 }), { maxLength: 2 }), { minLength: 11, maxLength: 11 }),
    links: fc.array(fc.integer({ min: -1, max: 3 }), { minLength: 4, maxLength: 4 }),
    ccn: fc.uniqueArray(fc.integer({ min: 0, max: 3 }), { maxLength: 3 }),
  });

  it("equals the verdict of tracing each pair, over generated plans", () => {
    const seen = new Map<string, number>();
    fc.assert(
      fc.property(choices, fc.constantFrom<[string, string]>(["TCP", "22"], ["TCP", "80"], ["UDP", "53"], ["ICMP", ""]), (c, [protocol, port]) => {
        const plan = load(core, gridPlan(c));
        const r = plan.matrix(protocol, port);
        if (!r.ok) return expect.fail(JSON.stringify(r.error));
        const ids = plan.nodeIds;
        expect(r.matrix.ids).toEqual(ids);
        ids.forEach((src, i) =>
          ids.forEach((dst, j) => {
            const cell = r.matrix.cells[i]![j]!;
            seen.set(cell, (seen.get(cell) ?? 0) + 1);
            if (i === j) return expect(cell).toBe("SELF");
            const t = plan.trace({ source: src, destination: dst, protocol, port });
            if (!t.ok) return expect.fail(JSON.stringify(t.error));
            const want = t.trace.verdict === "ACCEPTED" ? "ACCEPTED" : t.trace.explanations[0]!.code;
            expect(cell, `${src} -> ${dst} ${protocol} ${port}`).toBe(want);
          }),
        );
      }),
      { numRuns: 60, seed: 4242 },
    );
    // the generated plans reach most kinds of verdict
    for (const code of ["ACCEPTED", "NOT_LINKED", "REGION_MISMATCH", "CIDR_NOT_ELIGIBLE", "DEST_NOT_LINKED_CLASSIC", "SG_INGRESS_DENIED", "ACL_INBOUND_DENIED"]) {
      expect(seen.get(code) ?? 0, `${code} in ${JSON.stringify([...seen])}`).toBeGreaterThan(10);
    }
  });
});

describe("matrix with a default route out of the network", () => {
  it("equals each pair's trace: a flow that leaves by NAT reaches no instance", () => {
    const doc = basePlan();
    doc.routeTables![0]!.routes.push({ destination: "0.0.0.0/0", gatewayType: "NAT" });
    const plan = load(core, doc);
    const r = plan.matrix("TCP", 22);
    if (!r.ok) return expect.fail(JSON.stringify(r.error));
    const codes = new Set<string>();
    plan.nodeIds.forEach((src, i) =>
      plan.nodeIds.forEach((dst, j) => {
        if (i === j) return;
        const t = plan.trace({ source: src, destination: dst, protocol: "TCP", port: 22 });
        if (!t.ok) return expect.fail(JSON.stringify(t.error));
        const want = t.trace.verdict === "ACCEPTED" ? "ACCEPTED" : t.trace.explanations.at(-1)!.code;
        codes.add(want);
        expect(r.matrix.cells[i]![j], `${src} -> ${dst}`).toBe(want);
      }),
    );
    expect(codes).toContain("DEST_NOT_LINKED_CLASSIC");
  });
});

/** The document lists a finding of each kind may point into (exact paths are checked below). */
const PATH_OF: Record<LintFinding["objectKind"], RegExp> = {
  vpc: /^vpcs\[\d+\]$/, subnet: /^subnets\[\d+\]$/, instance: /^(instances|loadBalancers)\[\d+\]$/, classicLink: /^classicLinks\[\d+\]$/, channel: /^channels\[\d+\]$/,
};

describe("lint", () => {
  const finding = (code: LintFinding["code"], rule: string, objectKind: LintFinding["objectKind"], objectId: string, relatedId: string | null, extra = ""): LintFinding => ({
    code, rule, objectKind, objectId, path: expect.stringMatching(PATH_OF[objectKind]) as unknown as string, relatedId, message: `${objectId}${relatedId ? ` (${relatedId})` : ""}: ${CODE_MEANINGS[code]}${extra}`,
  });
  const classic = (id: string, ip: string) => ({ id, network: "classic" as const, ip });

  it("names every link past a VPC's 100th, in plan order, counting only that VPC's links (CL5)", () => {
    const doc = basePlan();
    for (let i = 1; i <= 140; i++) {
      doc.instances!.push(classic(`cvm-l${i}`, `10.49.0.${i}`));
      // every fourth link goes to vpc-b (not eligible, but it does not count for vpc-a)
      doc.classicLinks!.push({ vpcId: i % 4 === 0 ? "vpc-b" : "vpc-a", instanceId: `cvm-l${i}` });
    }
    const toA = doc.classicLinks!.map((l, k) => ({ ...l, k })).filter((l) => l.vpcId === "vpc-a");
    const found = load(core, doc).lint().filter((f) => f.code === "LINK_LIMIT_EXCEEDED");
    expect(found.map((f) => f.objectId)).toEqual(["vpc-a"]);
    expect(toA.length).toBeGreaterThan(100);
    expect(found[0]!.overLimit).toEqual(toA.slice(100).map((l, k) => ({ linkId: `vpc-a/${l.instanceId}`, instanceId: l.instanceId, path: `classicLinks[${l.k}]`, place: 101 + k })));
  });

  it("finds nothing in the small plan", () => {
    expect(load(core, basePlan()).lint()).toEqual([]);
  });

  it.each<[string, (d: NetworkPlan) => void, LintFinding[]]>([
    ["NOT_CLASSIC_INSTANCE", (d) => d.classicLinks!.push({ vpcId: "vpc-a", instanceId: "vm-b1" }), [finding("NOT_CLASSIC_INSTANCE", "CL3", "classicLink", "vpc-a/vm-b1", "vm-b1")]],
    ["INSTANCE_ALREADY_LINKED", (d) => d.classicLinks!.push({ vpcId: "vpc-b", instanceId: "cvm-c1" }), [finding("INSTANCE_ALREADY_LINKED", "CL4", "classicLink", "vpc-b/cvm-c1", "vpc-a/cvm-c1")]],
    [
      "LINK_LIMIT_EXCEEDED",
      (d) => {
        for (let i = 1; i <= 100; i++) {
          d.instances!.push(classic(`cvm-l${i}`, `10.49.0.${i}`));
          d.classicLinks!.push({ vpcId: "vpc-a", instanceId: `cvm-l${i}` });
        }
      },
      // The finding names the link past the 100th (issue #11): the plan's first link is vpc-a's 1st.
      [{ ...finding("LINK_LIMIT_EXCEEDED", "CL5", "vpc", "vpc-a", null, " (101 links)"), overLimit: [{ linkId: "vpc-a/cvm-l100", instanceId: "cvm-l100", path: "classicLinks[100]", place: 101 }] }],
    ],
    ["REGION_MISMATCH", (d) => void (d.instances![3]!.region = "ap-beijing"), [finding("REGION_MISMATCH", "CL2", "classicLink", "vpc-a/cvm-c1", "vpc-a")]],
    ["CIDR_NOT_ELIGIBLE", (d) => void d.vpcs[0]!.cidrs.push("172.16.0.0/16"), [finding("CIDR_NOT_ELIGIBLE", "CL6", "classicLink", "vpc-a/cvm-c1", "vpc-a", `: ${reasonOf(STATUS.CL_NOT_TEN)}`)]],
    ["LB_BACKEND_CLASSIC", (d) => void d.loadBalancers![0]!.backendIds!.push("cvm-c2"), [finding("LB_BACKEND_CLASSIC", "CL11", "instance", "lb-a", "cvm-c2")]],
    ["SHARED_INSTANCE", (d) => void (d.channels![1]!.serviceIds = ["svc-shared"]), [finding("SHARED_INSTANCE", "CH2", "channel", "ch-b", "svc-shared")]],
    ["CHANNEL_VPC_UNREACHABLE", (d) => void (d.channels![1]!.serviceIds = ["svc-dedicated"]), [finding("CHANNEL_VPC_UNREACHABLE", "CH6", "channel", "ch-b", "svc-dedicated")]],
    ["VPC_CIDR_INVALID", (d) => void d.vpcs[1]!.cidrs.push("8.8.8.0/24", "10.0.0.0/8"), [finding("VPC_CIDR_INVALID", "PLAN", "vpc", "vpc-b", "8.8.8.0/24"), finding("VPC_CIDR_INVALID", "PLAN", "vpc", "vpc-b", "10.0.0.0/8")]],
    ["SUBNET_OUTSIDE_VPC", (d) => void d.subnets!.push({ id: "sn-b2", vpcId: "vpc-b", cidr: "10.1.255.0/24" }, { id: "sn-b3", vpcId: "vpc-b", cidr: "10.0.0.0/15" }), [finding("SUBNET_OUTSIDE_VPC", "PLAN", "subnet", "sn-b3", "vpc-b")]],
    ["IP_OUTSIDE_SUBNET", (d) => void (d.instances![1]!.ip = "10.0.3.10"), [finding("IP_OUTSIDE_SUBNET", "PLAN", "instance", "vm-a2", "sn-a2")]],
    ["CLASSIC_IP_INVALID", (d) => void (d.instances![4]!.ip = "10.47.0.20"), [finding("CLASSIC_IP_INVALID", "PLAN", "instance", "cvm-c2", null)]],
    [
      "DUPLICATE_IP",
      (d) => {
        d.instances!.push({ id: "vm-a3", network: "vpc", ip: "10.0.1.10", vpcId: "vpc-a", subnetId: "sn-a1" }, classic("cvm-c3", "10.48.0.10"));
        // the same address in another VPC or another region is no duplicate
        d.instances!.push({ id: "cvm-c4", network: "classic", ip: "10.48.0.10", region: "ap-beijing" });
      },
      [finding("DUPLICATE_IP", "PLAN", "instance", "vm-a3", "vm-a1"), finding("DUPLICATE_IP", "PLAN", "instance", "cvm-c3", "cvm-c1")],
    ],
  ])("reports %s", (_code, mutate, want) => {
    const doc = basePlan();
    mutate(doc);
    expect(load(core, doc).lint()).toEqual(want);
  });

  it("allows exactly 100 links to a VPC", () => {
    const doc = basePlan();
    for (let i = 1; i <= 99; i++) {
      doc.instances!.push(classic(`cvm-l${i}`, `10.49.0.${i}`));
      doc.classicLinks!.push({ vpcId: "vpc-a", instanceId: `cvm-l${i}` });
    }
    expect(load(core, doc).lint()).toEqual([]);
  });
});

describe("shadowed", () => {
  const R = (a: "ACCEPT" | "DROP", p: string, port: string, c: string) => rule(a, p, port, c);
  it.each<[string, PlanRule[], [number, number | null][]]>([
    ["a rule repeated", [R("ACCEPT", "TCP", "80", "10.0.0.0/16"), R("DROP", "TCP", "80", "10.0.0.0/16")], [[1, 0]]],
    ["a narrower rule after a wider one", [R("ACCEPT", "TCP", "80-90", "10.0.0.0/16"), R("DROP", "TCP", "85", "10.0.1.0/24")], [[1, 0]]],
    ["anything after ALL from everywhere", [R("ACCEPT", "ALL", "", "0.0.0.0/0"), R("DROP", "UDP", "53", "10.0.0.1"), R("DROP", "ICMP", "", "1.1.1.1")], [[1, 0], [2, 0]]],
    ["an ICMP rule after ALL over a wider range", [R("ACCEPT", "ALL", "", "10.0.0.0/8"), R("DROP", "ICMP", "", "10.1.0.0/16")], [[1, 0]]],
    ["a rule after 0.0.0.0/8, which is everything", [R("ACCEPT", "TCP", "ALL", "0.0.0.0/8"), R("DROP", "TCP", "22", "200.0.0.1")], [[1, 0]]],
    ["two halves of an address range", [R("ACCEPT", "TCP", "80", "10.0.0.0/25"), R("ACCEPT", "TCP", "80", "10.0.0.128/25"), R("DROP", "TCP", "80", "10.0.0.0/24")], [[2, null]]],
    ["two halves of the port space", [R("ACCEPT", "UDP", "1-1000", "10.0.0.0/8"), R("ACCEPT", "UDP", "1001-65535", "10.0.0.0/8"), R("DROP", "UDP", "ALL", "10.0.0.0/8")], [[2, null]]],
    ["a port list by its items", [R("ACCEPT", "TCP", "80", "10.0.0.0/8"), R("ACCEPT", "TCP", "443", "10.0.0.0/8"), R("DROP", "TCP", "443,80", "10.0.0.0/8")], [[2, null]]],
    ["ALL by TCP, UDP and ICMP rules with ALL behind them", [R("ACCEPT", "TCP", "", "0.0.0.0/0"), R("ACCEPT", "ALL", "", "0.0.0.0/0"), R("DROP", "ALL", "", "10.0.0.0/8")], [[2, 1]]],
    ["the first single cover, when two cover", [R("ACCEPT", "TCP", "80", "10.0.0.0/24"), R("ACCEPT", "TCP", "ALL", "10.0.0.0/16"), R("DROP", "TCP", "80", "10.0.0.5")], [[2, 0]]],
    ["nothing when ranges only overlap", [R("ACCEPT", "TCP", "80", "10.0.0.0/24"), R("DROP", "TCP", "80", "10.0.0.0/16")], []],
    ["nothing when ports only overlap", [R("ACCEPT", "TCP", "80-90", "10.0.0.0/8"), R("DROP", "TCP", "85-95", "10.0.0.0/8")], []],
    ["nothing when a union leaves a gap", [R("ACCEPT", "TCP", "1-79", "10.0.0.0/8"), R("ACCEPT", "TCP", "81-65535", "10.0.0.0/8"), R("DROP", "TCP", "ALL", "10.0.0.0/8")], []],
    ["nothing for another protocol", [R("ACCEPT", "UDP", "53", "0.0.0.0/0"), R("DROP", "TCP", "53", "0.0.0.0/0")], []],
    ["nothing for ALL after TCP, UDP and ICMP (other IP protocols)", [R("ACCEPT", "TCP", "", "0.0.0.0/0"), R("ACCEPT", "UDP", "", "0.0.0.0/0"), R("ACCEPT", "ICMP", "", "0.0.0.0/0"), R("DROP", "ALL", "", "0.0.0.0/0")], []],
    ["nothing for a single rule", [R("DROP", "ALL", "", "0.0.0.0/0")], []],
  ])("finds %s", (_name, list, want) => {
    const doc = basePlan();
    doc.securityGroups![1]!.ingress = list;
    const got = load(core, doc).shadowed();
    expect(got.map((s) => [s.ruleIndex, s.coveredBy])).toEqual(want);
    expect(got.every((s) => s.kind === "securityGroup" && s.ownerId === "sg-open" && s.direction === "ingress")).toBe(true);
  });

  it("names the list of each finding, for security groups and network ACLs", () => {
    const doc = basePlan();
    const dup = [...OPEN, ...OPEN];
    doc.securityGroups![0]!.egress = dup;
    doc.networkAcls![0]!.inbound = dup;
    doc.networkAcls![1]!.outbound = [R("ACCEPT", "TCP", "1-100", "10.0.0.0/8"), R("ACCEPT", "TCP", "101-65535", "10.0.0.0/8"), R("DROP", "TCP", "", "10.0.0.0/8")];
    expect(load(core, doc).shadowed()).toEqual<ShadowedRule[]>([
      { kind: "securityGroup", ownerId: "sg-web", direction: "egress", ruleIndex: 1, path: "securityGroups[0].egress[1]", coveredBy: 0, message: "sg-web egress rule 1 never matches: rule 0 matches every flow it would" },
      { kind: "networkAcl", ownerId: "acl-a1", direction: "inbound", ruleIndex: 1, path: "networkAcls[0].inbound[1]", coveredBy: 0, message: "acl-a1 inbound rule 1 never matches: rule 0 matches every flow it would" },
      { kind: "networkAcl", ownerId: "acl-a2", direction: "outbound", ruleIndex: 2, path: "networkAcls[1].outbound[2]", coveredBy: null, message: "acl-a2 outbound rule 2 never matches: earlier rules together match every flow it would" },
    ]);
  });
});

/** A grid plan with every group and ACL open, no group bound, no link and no CCN. */
const OPEN_GRID: GridChoices = {
  groups: [0, 1, 2].map(() => ({ ingress: [...OPEN], egress: [...OPEN] })),
  acls: [0, 1, 2].map(() => ({ inbound: [...OPEN], outbound: [...OPEN] })),
  bindings: [],
  links: [-1, -1, -1, -1],
  ccn: [],
};

describe("plan loading", () => {
  const T = "is required and must be a string";
  it.each<[string, (d: NetworkPlan) => void, { path: string; message: string }[]]>([
    ["a plan of another version", (d) => void ((d as { version: number }).version = 2), [{ path: "version", message: "must be 1" }]],
    ["no vpcs list", (d) => void delete (d as Partial<NetworkPlan>).vpcs, [{ path: "vpcs", message: "must be a list" }]],
    ["a region that is not a string", (d) => void ((d as { region?: unknown }).region = 7), [{ path: "region", message: "must be a string" }]],
    ["a VPC without cidrs", (d) => void delete (d.vpcs[1] as Partial<NetworkPlan["vpcs"][0]>).cidrs, [{ path: "vpcs[1].cidrs", message: "is required" }]],
    ["a VPC with no CIDR", (d) => void (d.vpcs[1]!.cidrs = []), [{ path: "vpcs[1].cidrs", message: "needs at least one CIDR" }]],
    ["an instance without an ip", (d) => void delete (d.instances![2] as { ip?: string }).ip, [{ path: "instances[2].ip", message: "is required" }]],
    ["a duplicate id", (d) => void (d.instances![1]!.id = "vm-a1"), [{ path: "instances[1].id", message: "duplicates the id vm-a1" }]],
    ["an unknown VPC", (d) => void (d.subnets![0]!.vpcId = "vpc-x"), [{ path: "subnets[0].vpcId", message: "names vpc-x, which is not in vpcs" }]],
    ["an unknown group in a list", (d) => void d.instances![0]!.securityGroupIds!.push("sg-x"), [{ path: "instances[0].securityGroupIds[1]", message: "names sg-x, which is not in securityGroups" }]],
    ["an unknown backend", (d) => void (d.loadBalancers![0]!.backendIds = ["vm-x"]), [{ path: "loadBalancers[0].backendIds[0]", message: "names vm-x, which is not in instances" }]],
    ["an unknown network kind", (d) => void ((d.instances![3] as { network: string }).network = "lan"), [{ path: "instances[3].network", message: 'must be "classic" or "vpc"' }]],
    ["a VPC instance without a subnet", (d) => void delete d.instances![0]!.subnetId, [{ path: "instances[0].subnetId", message: "a VPC instance names its vpcId and subnetId" }]],
    ["a rule without an action", (d) => void delete (d.securityGroups![0]!.ingress[1] as Partial<PlanRule>).action, [{ path: "securityGroups[0].ingress[1].action", message: T }]],
    ["a route without a gateway type", (d) => void (d.routeTables![0]!.routes = [{ destination: "1.0.0.0/8" } as never]), [{ path: "routeTables[0].routes[0]", message: "a route has a destination and a gatewayType (strings)" }]],
    ["a VPC CIDR with host bits", (d) => void (d.vpcs[0]!.cidrs = ["10.0.0.1/16"]), [{ path: "vpcs[0].cidrs[0]", message: reasonOf(STATUS.HOST_BITS_SET) }]],
    ["a subnet CIDR with a bad prefix", (d) => void d.subnets!.push({ id: "sn-x", vpcId: "vpc-b", cidr: "10.1.9.0/024" }), [{ path: "subnets[3].cidr", message: reasonOf(STATUS.BAD_PREFIX) }]],
    ["a bad port", (d) => void (d.securityGroups![0]!.ingress[0]!.port = "80-"), [{ path: "securityGroups[0].ingress[0].port", message: reasonOf(STATUS.BAD_PORT) }]],
    ["a port with ICMP", (d) => void (d.securityGroups![0]!.ingress[1]!.port = "8"), [{ path: "securityGroups[0].ingress[1].port", message: reasonOf(STATUS.PORT_WITH_PROTOCOL) }]],
    ["a bad protocol", (d) => void (d.networkAcls![1]!.outbound[0]!.protocol = "GRE"), [{ path: "networkAcls[1].outbound[0].protocol", message: reasonOf(STATUS.BAD_PROTOCOL) }]],
    ["a bad action", (d) => void ((d.networkAcls![0]!.inbound[0] as { action: string }).action = "ALLOW"), [{ path: "networkAcls[0].inbound[0].action", message: reasonOf(STATUS.BAD_ACTION) }]],
    ["a rule CIDR with host bits", (d) => void (d.securityGroups![1]!.egress[0]!.cidr = "10.0.0.1/8"), [{ path: "securityGroups[1].egress[0].cidr", message: reasonOf(STATUS.HOST_BITS_SET) }]],
    ["a bad gateway type", (d) => void (d.routeTables![0]!.routes[0]!.gatewayType = "INTERNET"), [{ path: "routeTables[0].routes[0].gatewayType", message: reasonOf(STATUS.BAD_GATEWAY_TYPE) }]],
    ["a bad route destination", (d) => void (d.routeTables![0]!.routes[0]!.destination = "192.168.0.0/33"), [{ path: "routeTables[0].routes[0].destination", message: reasonOf(STATUS.BAD_PREFIX) }]],
    ["a bad instance address", (d) => void (d.instances![0]!.ip = "10.0.1.300"), [{ path: "instances[0].ip", message: reasonOf(STATUS.OCTET_RANGE) }]],
    ["a bad load balancer address", (d) => void (d.loadBalancers![0]!.ip = "10.0.1"), [{ path: "loadBalancers[0].ip", message: reasonOf(STATUS.BAD_PARTS) }]],
    ["a channel node host that is neither an address nor a name", (d) => void (d.channels![0]!.nodes = [{ host: "back end.local", port: 80, weight: 1 }]), [{ path: "channels[0].nodes[0].host", message: reasonOf(STATUS.NOT_A_HOST) }]],
    ["a channel node host that looks like an address but is not one", (d) => void (d.channels![0]!.nodes = [{ host: "10.0.0.256", port: 80, weight: 1 }]), [{ path: "channels[0].nodes[0].host", message: reasonOf(STATUS.OCTET_RANGE) }]],
    ["a channel node port out of range (the live service refuses it too)", (d) => void (d.channels![0]!.nodes = [{ host: "10.0.1.5", port: 65536, weight: 1 }]), [{ path: "channels[0].nodes[0].port", message: reasonOf(STATUS.NODE_PORT_RANGE) }]],
    ["a channel node port that is not whole", (d) => void (d.channels![0]!.nodes = [{ host: "10.0.1.5", port: 80.5, weight: 1 }]), [{ path: "channels[0].nodes[0].port", message: reasonOf(STATUS.NODE_PORT_RANGE) }]],
    [
      "several problems at once, in plan order",
      (d) => {
        d.networkAcls![0]!.outbound[0]!.cidr = "";
        d.securityGroups![0]!.egress[0]!.protocol = "tcpx";
        d.instances![4]!.ip = "10.48.0.020";
      },
      [
        { path: "networkAcls[0].outbound[0].cidr", message: reasonOf(STATUS.EMPTY) },
        { path: "securityGroups[0].egress[0].protocol", message: reasonOf(STATUS.BAD_PROTOCOL) },
        { path: "instances[4].ip", message: reasonOf(STATUS.LEADING_ZERO) },
      ],
    ],
  ])("reports %s", (_name, mutate, issues) => {
    const doc = basePlan();
    mutate(doc);
    expect(core.plan(doc)).toEqual({ ok: false, issues });
  });

  it.each<[string, unknown]>([["null", null], ["a list", []], ["a string", "plan"]])("refuses %s as a plan", (_name, doc) => {
    expect(core.plan(doc)).toEqual({ ok: false, issues: [{ path: "", message: "a plan is a JSON object" }] });
  });

  it("answers for a plan after another plan was loaded", () => {
    const first = load(core, basePlan());
    load(core, gridPlan(OPEN_GRID));
    expect(first.trace({ source: "vm-a1", destination: "vm-a2", protocol: "TCP", port: 22 })).toMatchObject({ ok: true, trace: { verdict: "ACCEPTED" } });
  });

  // A refused plan overwrites the wasm's plan; a plan loaded before it reloads itself.
  it("answers for a plan after another plan failed to load", () => {
    const first = load(core, basePlan());
    expect(core.plan({ version: 1, vpcs: [{ id: "v", cidrs: ["10.0.0.1/16"] }] }).ok).toBe(false);
    expect(first.trace({ source: "vm-a1", destination: "vm-a2", protocol: "TCP", port: 22 })).toMatchObject({ ok: true, trace: { verdict: "ACCEPTED" } });
  });

  // A refused subnet keeps its place, so later objects name the right one: one issue only.
  it("reports only the subnet when a subnet's CIDR is refused", () => {
    const doc = basePlan();
    doc.subnets![0]!.cidr = "10.0.1.0/024";
    expect(core.plan(doc)).toEqual({ ok: false, issues: [{ path: "subnets[0].cidr", message: reasonOf(STATUS.BAD_PREFIX) }] });
  });
});
