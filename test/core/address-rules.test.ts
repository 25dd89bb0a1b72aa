// Rules the Worker used to decide in TypeScript and now asks the core: the /29 smallest subnet,
// the addresses a subnet gives out, the pick of a classic address, canonical rule forms, and a
// trace that is accepted somewhere other than the instance asked for (NO_ROUTE, in the wasm).
import { describe, expect, it } from "vitest";
import { STATUS, type NetworkPlan } from "../../policy-core/bindings/index";
import { loadCore } from "../helpers/core-node";
import { basePlan, load } from "../helpers/plans";

const core = await loadCore();

describe("subnets", () => {
  it.each([["10.0.0.0/29", true], ["10.0.0.0/28", true], ["10.0.0.0/16", true], ["10.0.0.0/30", false], ["10.0.0.0/32", false]] as const)(
    "%s is %s a subnet size Tencent creates (smallest /29)",
    (cidr, ok) => expect(core.subnetSize(cidr).ok).toBe(ok),
  );

  it("reports a malformed subnet CIDR with the parse reason, not the size", () => {
    expect(core.subnetSize("10.0.0.1/29")).toMatchObject({ ok: false, statusName: "HOST_BITS_SET" });
    expect(core.subnetSize("10.0.0.0/30")).toMatchObject({ ok: false, status: STATUS.SUBNET_TOO_SMALL });
  });

  it("gives out every address but the network, the gateway (.1) and the broadcast address", () => {
    const given: string[] = [];
    for (let k = 0; ; k++) {
      const ip = core.subnetHostAt("10.0.0.0/29", k);
      if (ip === null) break;
      given.push(ip);
    }
    expect(given).toEqual(["10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.5", "10.0.0.6"]);
    for (const [ip, ok] of [["10.0.0.0", false], ["10.0.0.1", false], ["10.0.0.2", true], ["10.0.0.6", true], ["10.0.0.7", false], ["10.0.0.8", false]] as const) {
      expect(core.subnetHost("10.0.0.0/29", ip).ok, ip).toBe(ok);
    }
    expect(core.subnetHostAt("10.255.255.0/24", 253)).toBeNull();
    expect(core.subnetHostAt("10.255.255.0/24", 252)).toBe("10.255.255.254");
  });
});

describe("classic address picks", () => {
  it("maps any 32-bit number into 10.48.0.0-10.255.255.255 and never gives out a .0 or .255", () => {
    let refused = 0;
    for (let i = 0; i < 5_000; i++) {
      const n = (Math.imul(i, 2654435761) >>> 0) ^ (i << 7);
      const ip = core.classicAddressAt(n >>> 0);
      if (ip === null) {
        refused++;
        continue;
      }
      expect(core.classicIp(ip).ok, ip).toBe(true);
      expect(ip).not.toMatch(/\.(0|255)$/);
    }
    expect(refused).toBeGreaterThan(0);
    expect(core.classicAddressAt(0)).toBeNull(); // 10.48.0.0
    expect(core.classicAddressAt(1)).toBe("10.48.0.1");
    expect(core.classicAddressAt(0x00d00000 - 2)).toBe("10.255.255.254");
    expect(core.classicAddressAt(0x00d00000 - 1)).toBeNull(); // 10.255.255.255
    expect(core.classicAddressAt(0x00d00000 + 1)).toBe("10.48.0.1"); // the range wraps
  });

  it("formats addresses as dotted quads", () => {
    expect([0, 0x0a000001, 0xffffffff].map((v) => core.format(v))).toEqual(["0.0.0.0", "10.0.0.1", "255.255.255.255"]);
  });
});

describe("a trace asked of an instance that the flow does not reach", () => {
  it("ends NO_ROUTE when another network's instance holds the same address", () => {
    const doc: NetworkPlan = basePlan();
    doc.vpcs.push({ id: "vpc-c", cidrs: ["10.0.0.0/16"] });
    doc.subnets!.push({ id: "sn-c1", vpcId: "vpc-c", cidr: "10.0.1.0/24" });
    doc.instances!.push({ id: "vm-c1", network: "vpc", ip: "10.0.1.10", vpcId: "vpc-c", subnetId: "sn-c1" });
    const r = load(core, doc).trace({ source: "vm-a2", destination: "vm-c1", protocol: "TCP", port: 22 });
    expect(r).toMatchObject({
      ok: true,
      trace: {
        verdict: "DENIED", disposition: "NO_ROUTE", deliveredTo: "vm-a1",
        explanations: [{ code: "NO_ROUTE", rule: "ROUTE", objectId: "vm-c1", ruleIndex: null, message: "NO_ROUTE: the flow reaches vm-a1, which holds the same address in another network and never reaches vm-c1" }],
      },
    });
    const byAddress = load(core, doc).trace({ source: "vm-a2", destination: "10.0.1.10", protocol: "TCP", port: 22 });
    expect(byAddress).toMatchObject({ ok: true, trace: { verdict: "ACCEPTED", deliveredTo: "vm-a1" } });
  });

  it("ends NO_ROUTE when only the subnet takes the flow", () => {
    const doc: NetworkPlan = basePlan();
    doc.instances!.push({ id: "cvm-x", network: "classic", ip: "10.0.1.50" });
    const r = load(core, doc).trace({ source: "vm-a1", destination: "cvm-x", protocol: "TCP", port: 22 });
    expect(r).toMatchObject({
      ok: true,
      trace: { verdict: "DENIED", disposition: "NO_ROUTE", deliveredTo: null, explanations: [{ code: "NO_ROUTE", message: "NO_ROUTE: the flow ends DELIVERED_TO_SUBNET and never reaches cvm-x" }] },
    });
  });
});
