// Values for new editor rows, so a row starts valid and the rest of the plan keeps checking: a
// VPC CIDR, a subnet CIDR and addresses no other object uses. Each candidate is checked by the core
// (containment, overlap, the classic range); the page only proposes.
import { formatIpv4, type PolicyCore } from "../../policy-core/bindings/index";
import { objects } from "./dom";

type Doc = Record<string, unknown>;
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : typeof v === "string" ? [v] : []);
const ipsOf = (doc: Doc) => new Set([...objects(doc.instances), ...objects(doc.loadBalancers)].map((o) => o.ip).filter((ip): ip is string => typeof ip === "string"));

/** freeVpcCidr proposes a /16 that ClassicLink can use and no VPC of the plan overlaps. */
export function freeVpcCidr(core: PolicyCore, doc: Doc): string {
  const taken = objects(doc.vpcs).flatMap((v) => strings(v.cidrs));
  for (let b = 0; b <= 47; b++) {
    const c = `10.${b}.0.0/16`;
    if (core.classicLinkCidr(c).ok && taken.every((t) => core.overlaps(c, t) === false)) return c;
  }
  return "172.16.0.0/16";
}

/** freeSubnetCidr proposes a /24 inside the VPC that no subnet of the plan overlaps ("" when the VPC is full or unknown). */
export function freeSubnetCidr(core: PolicyCore, doc: Doc, vpcId: unknown): string {
  const vpc = objects(doc.vpcs).find((v) => v.id === vpcId);
  const taken = objects(doc.subnets).map((s) => s.cidr).filter((c): c is string => typeof c === "string");
  for (const cidr of strings(vpc?.cidrs)) {
    const r = core.parseCidr(cidr);
    if (!r.ok) continue;
    for (let start = r.start; start + 255 <= r.end && start - r.start < 256 * 4096; start += 256) {
      const c = `${formatIpv4(start)}/24`;
      if (core.contains(cidr, c) && taken.every((t) => core.overlaps(c, t) !== true)) return c;
    }
  }
  return "";
}

/** freeIp proposes an address inside the subnet that no instance or load balancer uses. */
export function freeIp(core: PolicyCore, doc: Doc, subnetId: unknown): string {
  const subnet = objects(doc.subnets).find((s) => s.id === subnetId);
  const r = typeof subnet?.cidr === "string" ? core.parseCidr(subnet.cidr) : null;
  if (!r?.ok) return "";
  const used = ipsOf(doc);
  for (let a = r.start + 10; a < r.end - 2 && a - r.start < 65536; a++) {
    const ip = formatIpv4(a);
    if (!used.has(ip) && core.containsIp(subnet!.cidr as string, ip)) return ip;
  }
  return "";
}

/** freeClassicIp proposes a classic-network address no instance uses. */
export function freeClassicIp(core: PolicyCore, doc: Doc): string {
  const used = ipsOf(doc);
  const base = (10 << 24) + (66 << 16);
  for (let k = 10; k < 65536; k++) {
    const ip = formatIpv4(base + k);
    if (!used.has(ip) && core.classicIp(ip).ok) return ip;
  }
  return "";
}
