// Plan documents built to break the bindings: `__proto__` and `constructor` keys, ids named after
// Object.prototype's members, inherited and throwing fields, a polluted Object.prototype, and
// channel nodes named by host name. Each loads or is refused with a path; nothing leaks or throws.
import { describe, expect, it } from "vitest";
import { STATUS, reasonOf, type NetworkPlan } from "../../policy-core/bindings/index";
import { loadCore } from "../helpers/core-node";
import { basePlan, load } from "../helpers/plans";

const core = await loadCore();
const NAMES = ["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf"];

/** A small plan whose every id is one of Object.prototype's member names. */
function prototypeNamed(): NetworkPlan {
  return JSON.parse(JSON.stringify({
    version: 1,
    region: "ap-guangzhou",
    vpcs: [{ id: "__proto__", cidrs: ["10.0.0.0/16"] }],
    subnets: [{ id: "constructor", vpcId: "__proto__", cidr: "10.0.1.0/24", networkAclId: "valueOf" }],
    networkAcls: [{ id: "valueOf", vpcId: "__proto__", inbound: [{ action: "ACCEPT", protocol: "ALL", cidr: "0.0.0.0/0" }], outbound: [{ action: "ACCEPT", protocol: "ALL", cidr: "0.0.0.0/0" }] }],
    securityGroups: [{ id: "hasOwnProperty", ingress: [{ action: "ACCEPT", protocol: "TCP", port: "22", cidr: "10.0.0.0/16" }], egress: [{ action: "ACCEPT", protocol: "ALL", cidr: "0.0.0.0/0" }] }],
    instances: [
      { id: "toString", network: "vpc", vpcId: "__proto__", subnetId: "constructor", ip: "10.0.1.10", securityGroupIds: ["hasOwnProperty"] },
      { id: "__proto__", network: "vpc", vpcId: "__proto__", subnetId: "constructor", ip: "10.0.1.11", securityGroupIds: ["hasOwnProperty"] },
      { id: "constructor", network: "classic", ip: "10.48.0.5" },
    ],
    classicLinks: [{ vpcId: "__proto__", instanceId: "constructor" }],
  }));
}

describe("prototype-named ids and keys", () => {
  it("loads a plan whose ids are Object.prototype's member names and answers with those ids", () => {
    const plan = load(core, prototypeNamed());
    expect(plan.nodeIds).toEqual(["toString", "__proto__", "constructor"]);
    const t = plan.trace({ source: "toString", destination: "__proto__", protocol: "TCP", port: 22 });
    expect(t).toMatchObject({ ok: true, trace: { verdict: "ACCEPTED", deliveredTo: "__proto__" } });
    const m = plan.matrix("TCP", 22);
    expect(m).toMatchObject({ ok: true, matrix: { ids: ["toString", "__proto__", "constructor"], cells: [["SELF", "ACCEPTED", "ACCEPTED"], ["ACCEPTED", "SELF", "ACCEPTED"], ["SG_INGRESS_DENIED", "SG_INGRESS_DENIED", "SELF"]] } });
    expect(plan.lint()).toEqual([]);
  });

  it.each(NAMES)("refuses %s as a source that the plan does not hold, naming it", (name) => {
    const plan = load(core, basePlan());
    expect(plan.trace({ source: name, destination: "vm-a1", protocol: "TCP", port: 22 })).toEqual({
      ok: false, error: { field: "source", message: `${name} is neither an instance of the plan nor an IPv4 address` },
    });
    expect(plan.traceChannel(name, name)).toMatchObject({ ok: false, error: { field: "service" } });
  });

  it("treats __proto__ and constructor keys as fields, and leaves Object.prototype alone", () => {
    const text = JSON.stringify(basePlan()).replace('"version":1', '"__proto__":{"polluted":1,"vpcs":[]},"constructor":{"prototype":{"polluted":1}},"version":1');
    const doc = JSON.parse(text) as NetworkPlan;
    const r = core.plan(doc);
    expect(r.ok).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    if (r.ok) expect(r.plan.nodeIds).toEqual(load(core, basePlan()).nodeIds);
  });

  it("reads no field through a prototype: inherited lists are not lists", () => {
    const doc = Object.assign(Object.create({ vpcs: basePlan().vpcs }) as object, { version: 1 });
    expect(core.plan(doc)).toEqual({ ok: false, issues: [{ path: "vpcs", message: "must be a list" }] });
  });

  it("loads the same plan while Object.prototype is polluted with plan fields", () => {
    const proto = Object.prototype as Record<string, unknown>;
    const want = load(core, basePlan()).matrix("TCP", 22);
    try {
      for (const k of ["networkAcls", "routeTables", "region", "securityGroupIds", "port", "main"]) proto[k] = "polluted";
      const r = core.plan(basePlan());
      if (!r.ok) return expect.fail(JSON.stringify(r.issues));
      expect(r.plan.matrix("TCP", 22)).toEqual(want);
    } finally {
      for (const k of ["networkAcls", "routeTables", "region", "securityGroupIds", "port", "main"]) delete proto[k];
    }
  });

  it("refuses a document with a throwing getter, a cycle or a function as no JSON object", () => {
    const getter = { ...basePlan(), get vpcs(): never { throw new Error("boom"); } };
    const cyclic = basePlan() as NetworkPlan & { self?: unknown };
    cyclic.self = cyclic;
    for (const doc of [getter, cyclic, { ...basePlan(), region: () => "x" }]) {
      expect(core.plan(doc)).toEqual({ ok: false, issues: [{ path: "", message: "a plan is a JSON object" }] });
    }
  });
});

describe("channel nodes (issue 13, item 6)", () => {
  it.each(["backend.example", "api-1.internal", "localhost", "10.0.1.5", "a".repeat(63) + ".example"])("loads a channel node whose host is %s", (host) => {
    const doc = basePlan();
    doc.channels![0]!.nodes = [{ host, port: 8080, weight: 10 }];
    expect(core.plan(doc).ok).toBe(true);
  });

  it.each<[string, number, string, number]>([
    ["-backend.example", 80, "host", STATUS.NOT_A_HOST],
    ["backend..example", 80, "host", STATUS.NOT_A_HOST],
    ["a".repeat(64) + ".example", 80, "host", STATUS.NOT_A_HOST],
    ["h.example\r\nX-Injected: 1", 80, "host", STATUS.NOT_A_HOST],
    ["", 80, "host", STATUS.NOT_A_HOST],
    ["10.0.1.05", 80, "host", STATUS.LEADING_ZERO],
    ["backend.example", -1, "port", STATUS.NODE_PORT_RANGE],
    ["backend.example", 65536, "port", STATUS.NODE_PORT_RANGE],
  ])("refuses a node %j port %i at its %s", (host, port, field, status) => {
    const doc = basePlan();
    doc.channels![0]!.nodes = [{ host, port, weight: 10 }];
    expect(core.plan(doc)).toEqual({ ok: false, issues: [{ path: `channels[0].nodes[0].${field}`, message: reasonOf(status) }] });
  });

  it("agrees with the live service's check, which asks the same core", () => {
    expect(core.nodeHost("backend.example")).toEqual({ ok: true, status: 0, address: false });
    expect(core.nodeHost("10.0.0.1")).toEqual({ ok: true, status: 0, address: true });
    expect(core.nodePort(0).ok).toBe(true);
    expect(core.nodePort(65535).ok).toBe(true);
    expect(core.nodePort(80.5).ok).toBe(false);
  });
});

describe("every issue at once (everyIssue)", () => {
  // Shape problems (vpcs[0].cidrs, instances[0].network, the port type) stop a load before the
  // wasm parses the addresses; everyIssue also reports instances[1].ip, found on a second pass.
  const doc = {
    version: 1,
    vpcs: [{ id: "vpc-a", cidrs: "10.1.0.0/16" }],
    instances: [{ id: "ins-a", network: "classc", ip: "10.60.0.1" }, { id: "ins-b", network: "classic", ip: "010.60.0.2" }],
    securityGroups: [{ id: "sg-a", ingress: [{ action: "ACCEPT", protocol: "TCP", port: 22, cidr: "0.0.0.0/0" }] }],
  };

  it("reports the first stage's problems alone by default", () => {
    const r = core.plan(doc);
    expect(r.ok).toBe(false);
    const paths = r.ok ? [] : r.issues.map((i) => i.path);
    expect(paths).toContain("vpcs[0].cidrs");
    expect(paths).not.toContain("instances[1].ip");
  });

  it("reports every stage's problems with their paths into the document as given", () => {
    const r = core.plan(doc, { everyIssue: true });
    const issues = r.ok ? [] : r.issues;
    expect(issues.map((i) => i.path)).toEqual(expect.arrayContaining(["vpcs[0].cidrs", "instances[0].network", "securityGroups[0].ingress[0].port", "instances[1].ip"]));
    expect(issues.find((i) => i.path === "instances[1].ip")?.message).toBe(reasonOf(STATUS.LEADING_ZERO));
    expect(new Set(issues.map((i) => `${i.path} ${i.message}`)).size).toBe(issues.length);
  });

  it("loads a valid plan the same with or without it", () => {
    expect(core.plan(prototypeNamed(), { everyIssue: true }).ok).toBe(true);
  });
});
