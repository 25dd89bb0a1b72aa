// The matrix by classes of alike instances against one trace per pair, cell by cell, over
// generated crowded plans: many instances per subnet, shared and duplicate addresses, several
// security groups, ACLs, links (some duplicate), routes, CCNs and load balancers.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MATRIX, cellName, type NetworkPlan, type PlanRule } from "../../policy-core/bindings/index";
import { loadCore } from "../helpers/core-node";
import { load } from "../helpers/plans";
import { bigPlan } from "../../scripts/bench/big-plan";

const core = await loadCore();

const SUBNETS = [
  { id: "sn-0a", vpcId: "vpc-0", cidr: "10.0.1.0/24" },
  { id: "sn-0b", vpcId: "vpc-0", cidr: "10.0.2.0/24" },
  { id: "sn-0c", vpcId: "vpc-0", cidr: "10.0.2.128/25" },
  { id: "sn-1a", vpcId: "vpc-1", cidr: "10.1.1.0/24" },
  { id: "sn-2a", vpcId: "vpc-2", cidr: "172.16.1.0/24" },
  { id: "sn-3a", vpcId: "vpc-3", cidr: "10.0.1.0/24" },
];
/** Odd addresses some instances take: shared by two subnets' ranges or two networks, or ruled by a /32. */
const HOSTS = ["10.0.1.10", "10.0.1.11", "10.0.1.200", "10.0.2.10", "10.0.2.130", "10.1.1.10", "10.1.1.77", "172.16.1.10"];
const CLASSIC_HOSTS = ["10.48.0.1", "10.48.0.2", "10.48.1.9", "10.64.0.5", "10.0.1.10"];
const RULE_CIDRS = ["0.0.0.0/0", "10.0.0.0/16", "10.0.1.0/24", "10.0.1.0/25", "10.0.1.11", "10.0.2.128/25", "10.48.0.0/16", "10.48.0.2/32", "10.1.0.0/16", "172.16.0.0/12"];

const rule: fc.Arbitrary<PlanRule> = fc.record({
  action: fc.constantFrom<PlanRule["action"]>("ACCEPT", "ACCEPT", "DROP"),
  protocol: fc.constantFrom("TCP", "UDP", "ALL", "ICMP"),
  cidr: fc.constantFrom(...RULE_CIDRS),
  port: fc.constantFrom("22", "80", "1-1024", "32768", "ALL", "22,80"),
}).map((r) => (r.protocol === "TCP" || r.protocol === "UDP" ? r : { ...r, port: "ALL" }));
const rules = fc.array(rule, { maxLength: 5 });

/** rarely reports a value one time in five, else null. */
const rarely = <T>(a: fc.Arbitrary<T>) => fc.oneof({ weight: 4, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: a });

/** Security groups an instance binds, in order: few sets, so alike instances are common. */
const SG_SETS = fc.constantFrom<number[]>([], [0], [1], [1, 2], [2, 0]);

const crowd = fc.record({
  groups: fc.array(fc.record({ ingress: rules, egress: rules }), { minLength: 3, maxLength: 3 }),
  acls: fc.array(fc.record({ inbound: rules, outbound: rules }), { minLength: 2, maxLength: 2 }),
  aclOf: fc.array(fc.integer({ min: -1, max: 1 }), { minLength: SUBNETS.length, maxLength: SUBNETS.length }),
  vpcNodes: fc.array(fc.record({ subnet: fc.nat(SUBNETS.length - 1), offset: fc.integer({ min: 10, max: 60 }), odd: rarely(fc.nat(HOSTS.length - 1)), sgs: SG_SETS }), { minLength: 4, maxLength: 16 }),
  classicNodes: fc.array(fc.record({ offset: fc.integer({ min: 1, max: 40 }), odd: rarely(fc.nat(CLASSIC_HOSTS.length - 1)), sgs: SG_SETS, link: fc.integer({ min: -1, max: 3 }), again: fc.integer({ min: -1, max: 3 }), beijing: fc.boolean() }), { maxLength: 10 }),
  routes: fc.array(fc.record({ destination: fc.constantFrom("192.168.0.0/16", "0.0.0.0/0", "10.48.0.0/16", "10.1.0.0/16"), gatewayType: fc.constantFrom("VPN", "NAT", "PEERCONNECTION", "CVM") }), { maxLength: 3 }),
  ccn: fc.uniqueArray(fc.nat(3), { maxLength: 3 }),
  lb: fc.boolean(),
});

type Crowd = typeof crowd extends fc.Arbitrary<infer T> ? T : never;

/** crowdPlan builds a plan from the generated choices (subnets whose address falls outside are skipped). */
function crowdPlan(c: Crowd): NetworkPlan {
  const instances: NonNullable<NetworkPlan["instances"]> = [];
  c.vpcNodes.forEach((n, i) => {
    const s = SUBNETS[n.subnet]!;
    const base = s.cidr.split("/")[0]!.split(".").map(Number);
    const ip = n.odd !== null ? HOSTS[n.odd]! : [base[0], base[1], base[2], base[3]! + n.offset].join(".");
    instances.push({ id: `vm-${i}`, network: "vpc", vpcId: s.vpcId, subnetId: s.id, ip, securityGroupIds: n.sgs.map((g) => `sg-${g}`) });
  });
  c.classicNodes.forEach((n, i) => {
    instances.push({ id: `cvm-${i}`, network: "classic", ip: n.odd !== null ? CLASSIC_HOSTS[n.odd]! : `10.48.0.${n.offset}`, securityGroupIds: n.sgs.map((g) => `sg-${g}`), ...(n.beijing ? { region: "ap-beijing" } : {}) });
  });
  const links = c.classicNodes.flatMap((n, i) => [n.link, n.again].filter((v) => v >= 0).map((v) => ({ vpcId: `vpc-${v}`, instanceId: `cvm-${i}` })));
  return {
    version: 1,
    region: "ap-guangzhou",
    vpcs: [
      { id: "vpc-0", cidrs: ["10.0.0.0/16"] },
      { id: "vpc-1", cidrs: ["10.1.0.0/16"] },
      { id: "vpc-2", cidrs: ["172.16.0.0/16"] },
      { id: "vpc-3", region: "ap-beijing", cidrs: ["10.0.0.0/16"] },
    ],
    routeTables: [{ id: "rt-0", vpcId: "vpc-0", main: true, routes: c.routes }],
    networkAcls: c.acls.map((a, i) => ({ id: `acl-${i}`, vpcId: "vpc-0", inbound: a.inbound, outbound: a.outbound })),
    subnets: SUBNETS.map((s, i) => ({ ...s, ...(c.aclOf[i]! >= 0 ? { networkAclId: `acl-${c.aclOf[i]}` } : {}) })),
    securityGroups: c.groups.map((g, i) => ({ id: `sg-${i}`, ingress: g.ingress, egress: g.egress })),
    instances,
    classicLinks: links,
    loadBalancers: c.lb ? [{ id: "lb-0", vpcId: "vpc-0", subnetId: "sn-0a", ip: "10.0.1.11", securityGroupIds: ["sg-1"], backendIds: ["vm-0"] }] : [],
    ccns: c.ccn.length >= 2 ? [{ id: "ccn-0", vpcIds: c.ccn.map((v) => `vpc-${v}`) }] : [],
  };
}

const FLOWS = fc.constantFrom<[string, string]>(["TCP", "22"], ["TCP", "80"], ["UDP", "32768"], ["ICMP", ""]);

describe("matrix by classes", () => {
  it("equals one trace per pair, cell by cell, over generated crowded plans", () => {
    let shared = 0;
    const seen = new Set<string>();
    fc.assert(
      fc.property(crowd, FLOWS, (c, [protocol, port]) => {
        const plan = load(core, crowdPlan(c));
        const fast = plan.matrixCodes(protocol, port);
        const slow = plan.matrixCodes(protocol, port, { byTrace: true });
        if (!fast.ok || !slow.ok) return expect.fail("the flow is valid");
        const { size, ids } = fast.matrix;
        if (fast.matrix.classes < size) shared++;
        for (let i = 0; i < size; i++) {
          for (let j = 0; j < size; j++) {
            const got = fast.matrix.codes[i * size + j]!;
            seen.add(cellName(got));
            expect(got, `${ids[i]} -> ${ids[j]} ${protocol} ${port}`).toBe(slow.matrix.codes[i * size + j]);
          }
        }
      }),
      { numRuns: 300, seed: 1212 },
    );
    // most plans have alike instances, so the classes are exercised, and many verdicts occur
    expect(shared).toBeGreaterThan(150);
    for (const name of ["ACCEPTED", "SELF", "NO_ROUTE", "NOT_LINKED", "SG_INGRESS_DENIED", "ACL_INBOUND_DENIED", "DEST_NOT_LINKED_CLASSIC", "REGION_MISMATCH"]) {
      expect(seen.has(name), `${name} in ${[...seen].join(", ")}`).toBe(true);
    }
  }, 120_000);

  it("agrees with the public trace of each pair (first explanation, or ACCEPTED)", () => {
    fc.assert(
      fc.property(crowd, FLOWS, (c, [protocol, port]) => {
        const plan = load(core, crowdPlan(c));
        const r = plan.matrix(protocol, port);
        if (!r.ok) return expect.fail("the flow is valid");
        r.matrix.ids.forEach((src, i) =>
          r.matrix.ids.forEach((dst, j) => {
            if (i === j) return expect(r.matrix.cells[i]![j]).toBe("SELF");
            const t = plan.trace({ source: src, destination: dst, protocol, port });
            if (!t.ok) return expect.fail(t.error.message);
            expect(r.matrix.cells[i]![j], `${src} -> ${dst}`).toBe(t.trace.verdict === "ACCEPTED" ? "ACCEPTED" : t.trace.explanations[0]!.code);
          }),
        );
      }),
      { numRuns: 60, seed: 77 },
    );
  }, 120_000);

  it("traces the 200-instance bench plan as a handful of classes and equals the per-pair matrix", () => {
    const plan = load(core, bigPlan());
    const fast = plan.matrixCodes("TCP", 22);
    const slow = plan.matrixCodes("TCP", 22, { byTrace: true });
    if (!fast.ok || !slow.ok) return expect.fail("the flow is valid");
    expect(fast.matrix.size).toBe(200);
    expect(fast.matrix.classes).toBeLessThan(20);
    expect(fast.matrix.codes).toEqual(slow.matrix.codes);
    for (let i = 0; i < 200; i++) expect(fast.matrix.codes[i * 200 + i]).toBe(MATRIX.M_SELF);
  }, 60_000);
});
