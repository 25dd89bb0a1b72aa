// Large network plans for the benchmark: VPCs joined by a CCN, 8 subnets with 100-rule ACLs, 4
// security groups of 100 rules per direction, VPC instances and classic instances, every classic
// instance linked (100 per VPC). Deterministic (a fixed-seed generator), no I/O.
import type { NetworkPlan, PlanRule } from "../../policy-core/bindings/index";

/** seeded reports a small deterministic pseudo-random generator (mulberry32). */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function rules(rand: () => number, n: number, vpcCount: number): PlanRule[] {
  const out: PlanRule[] = [];
  for (let i = 0; i < n - 1; i++) {
    const port = 1000 + Math.floor(rand() * 9000);
    const third = Math.floor(rand() * 256);
    const kind = i % 3;
    out.push({
      action: rand() < 0.5 ? "DROP" : "ACCEPT",
      protocol: kind === 2 ? "UDP" : "TCP",
      port: kind === 0 ? String(port) : kind === 1 ? `${port}-${port + 50}` : `${port},${port + 7}`,
      cidr: `10.${Math.floor(rand() * vpcCount)}.${third}.0/24`,
    });
  }
  out.push({ action: "ACCEPT", protocol: "ALL", cidr: "0.0.0.0/0" });
  return out;
}

/**
 * bigPlan reports a benchmark plan: vpcCount VPCs (10.k.0.0/16), rulesPerList rules in every SG
 * and ACL direction. The defaults are the 200-instance plan; bigPlan(500, 500, 100, 5) is the
 * 1,000-instance one.
 */
export function bigPlan(vpcInstances = 100, classicInstances = 100, rulesPerList = 100, vpcCount = 2): NetworkPlan {
  const rand = seeded(42);
  const vpcs = Array.from({ length: vpcCount }, (_, k) => ({ id: `vpc-big0000${k}`, cidrs: [`10.${k}.0.0/16`] }));
  const subnets = Array.from({ length: 8 }, (_, s) => ({
    id: `subnet-big000${s}`, vpcId: vpcs[s % vpcCount]!.id, cidr: `10.${s % vpcCount}.${s}.0/24`, networkAclId: `acl-big0000${s}`,
  }));
  const networkAcls = subnets.map((s) => ({ id: s.networkAclId, vpcId: s.vpcId, inbound: rules(rand, rulesPerList, vpcCount), outbound: rules(rand, rulesPerList, vpcCount) }));
  const securityGroups = Array.from({ length: 4 }, (_, g) => ({ id: `sg-big0000${g}`, ingress: rules(rand, rulesPerList, vpcCount), egress: rules(rand, rulesPerList, vpcCount) }));
  const instances = [
    ...Array.from({ length: vpcInstances }, (_, i) => {
      const s = subnets[i % subnets.length]!;
      return {
        id: `ins-v${String(i).padStart(7, "0")}`, network: "vpc" as const, vpcId: s.vpcId, subnetId: s.id,
        ip: `${s.cidr.split(".").slice(0, 3).join(".")}.${10 + Math.floor(i / subnets.length)}`, securityGroupIds: [securityGroups[i % 4]!.id],
      };
    }),
    ...Array.from({ length: classicInstances }, (_, i) => ({
      id: `ins-c${String(i).padStart(7, "0")}`, network: "classic" as const, ip: `10.64.${Math.floor(i / 250)}.${(i % 250) + 2}`,
      securityGroupIds: [securityGroups[(i + 1) % 4]!.id],
    })),
  ];
  // 100 links per VPC (the CL5 limit), VPC by VPC
  const classicLinks = instances.filter((n) => n.network === "classic").slice(0, 100 * vpcCount).map((n, i) => ({ vpcId: vpcs[Math.floor(i / 100)]!.id, instanceId: n.id }));
  return {
    version: 1, region: "ap-guangzhou", vpcs, subnets, networkAcls, securityGroups, instances, classicLinks,
    ccns: [{ id: "ccn-big00000", vpcIds: vpcs.map((v) => v.id) }],
  };
}
