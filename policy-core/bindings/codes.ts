// Explanation codes of traces and lint findings: the wasm's numbers, their names, the SPEC rule
// each one enforces and a sentence saying what it means. Presentation only; no rule is decided here.

/** CODES maps each explanation code name to the number the wasm reports. */
export const CODES = {
  NOT_LINKED: 101,
  REGION_MISMATCH: 102,
  CIDR_NOT_ELIGIBLE: 103,
  DEST_OUTSIDE_LINKED_VPC: 104,
  DEST_NOT_LINKED_CLASSIC: 105,
  VIA_GATEWAY_FORBIDDEN: 106,
  NO_ROUTE: 107,
  SG_EGRESS_DENIED: 108,
  SG_INGRESS_DENIED: 109,
  ACL_OUTBOUND_DENIED: 110,
  ACL_INBOUND_DENIED: 111,
  ACL_RETURN_DENIED: 112,
  LB_BACKEND_CLASSIC: 113,
  SHARED_INSTANCE: 114,
  CHANNEL_VPC_UNREACHABLE: 115,
  NOT_CLASSIC_INSTANCE: 116,
  INSTANCE_ALREADY_LINKED: 117,
  LINK_LIMIT_EXCEEDED: 118,
  VPC_CIDR_INVALID: 119,
  SUBNET_OUTSIDE_VPC: 120,
  IP_OUTSIDE_SUBNET: 121,
  CLASSIC_IP_INVALID: 122,
  DUPLICATE_IP: 123,
  NO_WAY_IN: 124,
} as const;

export type CodeName = keyof typeof CODES;

/** The SPEC rule behind each code ("PLAN" for a plan that contradicts itself). */
export const CODE_RULES: Record<CodeName, string> = {
  NOT_LINKED: "CL8",
  REGION_MISMATCH: "CL2",
  CIDR_NOT_ELIGIBLE: "CL6",
  DEST_OUTSIDE_LINKED_VPC: "CL7",
  DEST_NOT_LINKED_CLASSIC: "CL8",
  VIA_GATEWAY_FORBIDDEN: "CL7",
  NO_ROUTE: "ROUTE",
  SG_EGRESS_DENIED: "CL10",
  SG_INGRESS_DENIED: "CL10",
  ACL_OUTBOUND_DENIED: "CL10",
  ACL_INBOUND_DENIED: "CL10",
  ACL_RETURN_DENIED: "CL10",
  LB_BACKEND_CLASSIC: "CL11",
  SHARED_INSTANCE: "CH2",
  CHANNEL_VPC_UNREACHABLE: "CH6",
  NOT_CLASSIC_INSTANCE: "CL3",
  INSTANCE_ALREADY_LINKED: "CL4",
  LINK_LIMIT_EXCEEDED: "CL5",
  VPC_CIDR_INVALID: "PLAN",
  SUBNET_OUTSIDE_VPC: "PLAN",
  IP_OUTSIDE_SUBNET: "PLAN",
  CLASSIC_IP_INVALID: "PLAN",
  DUPLICATE_IP: "PLAN",
  NO_WAY_IN: "ROUTE",
};

/** What each code means, in one sentence. */
export const CODE_MEANINGS: Record<CodeName, string> = {
  NOT_LINKED: "the classic instance is not linked to the VPC that holds the destination",
  REGION_MISMATCH: "the classic instance and the VPC it is linked to are in different regions",
  CIDR_NOT_ELIGIBLE: "the VPC has a CIDR outside 10.[0-47].0.0/16, so ClassicLink cannot carry traffic",
  DEST_OUTSIDE_LINKED_VPC: "a linked classic instance reaches only private IPs inside its linked VPC",
  DEST_NOT_LINKED_CLASSIC: "VPC instances reach only the classic instances linked to their VPC",
  VIA_GATEWAY_FORBIDDEN:
    "classic traffic never crosses the VPC's VPN, Direct Connect, NAT/public gateway or peering, in either direction",
  NO_ROUTE: "no route (or no subnet) holds the destination",
  SG_EGRESS_DENIED: "the source's security groups do not let the flow out",
  SG_INGRESS_DENIED: "the destination's security groups do not let the flow in",
  ACL_OUTBOUND_DENIED: "the source subnet's network ACL does not let the flow out",
  ACL_INBOUND_DENIED: "the destination subnet's network ACL does not let the flow in",
  ACL_RETURN_DENIED: "a network ACL is stateless and drops the reply",
  LB_BACKEND_CLASSIC: "a load balancer cannot take a linked classic instance as a backend",
  SHARED_INSTANCE: "VPC channels serve only services on a dedicated gateway instance",
  CHANNEL_VPC_UNREACHABLE: "the dedicated instance's VPC is not the channel's and no CCN joins the two",
  NOT_CLASSIC_INSTANCE: "only classic-network instances can be linked",
  INSTANCE_ALREADY_LINKED: "an instance is linked to at most one VPC",
  LINK_LIMIT_EXCEEDED: "a VPC holds at most 100 ClassicLinks",
  VPC_CIDR_INVALID: "a VPC CIDR must be a /12 to /28 inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16",
  SUBNET_OUTSIDE_VPC: "the subnet's CIDR is not inside its VPC's CIDRs",
  IP_OUTSIDE_SUBNET: "the instance's IP is not inside its subnet",
  CLASSIC_IP_INVALID: "a classic instance's IP must lie in 10.48.0.0-10.255.255.255",
  DUPLICATE_IP: "two instances of one network share an address",
  NO_WAY_IN:
    "the source is outside the plan and nothing lets outside traffic in: no VPN, Direct Connect, peering or public (EIP) route of the destination's VPC covers it",
};

const BY_NUMBER = new Map<number, CodeName>(Object.entries(CODES).map(([k, v]) => [v, k as CodeName]));

/** codeName reports the name of a code number (null for 0, "accepted"). */
export function codeName(n: number): CodeName | null {
  if (n === 0) return null;
  const name = BY_NUMBER.get(n);
  if (!name) throw new Error(`policy-core: unknown explanation code ${n}`);
  return name;
}
