// Status numbers the wasm returns for bad input and the reason given for each.

/** Status numbers returned by the wasm; a test checks they equal the wasm's exported globals. */
export const STATUS = {
  OK: 0,
  EMPTY: 1,
  BAD_CHAR: 2,
  BAD_PARTS: 3,
  LEADING_ZERO: 4,
  OCTET_RANGE: 5,
  MISSING_PREFIX: 6,
  BAD_PREFIX: 7,
  HOST_BITS_SET: 8,
  TOO_LONG: 9,
  CL_NOT_TEN: 20,
  CL_SECOND_OCTET: 21,
  CL_PREFIX_TOO_SHORT: 22,
  VPC_NOT_PRIVATE: 30,
  VPC_PREFIX_RANGE: 31,
  CLASSIC_IP_IN_VPC_RANGE: 40,
  BAD_PROTOCOL: 10,
  BAD_PORT: 11,
  PORT_RANGE: 12,
  PORT_ORDER: 13,
  PORT_WITH_PROTOCOL: 14,
  BAD_ACTION: 15,
  FLOW_PROTOCOL: 16,
  BAD_GATEWAY_TYPE: 17,
  BAD_KIND: 18,
  BAD_REF: 19,
  SUBNET_TOO_SMALL: 32,
  NOT_HOST_ADDRESS: 33,
  NOT_A_HOST: 41,
  NODE_PORT_RANGE: 42,
  NOT_AN_ADDRESS: 43,
} as const;

export type StatusName = keyof typeof STATUS;

export const REASONS: Record<number, string> = {
  [STATUS.EMPTY]: "it is empty",
  [STATUS.BAD_CHAR]: "only decimal digits, dots and one '/' are allowed",
  [STATUS.BAD_PARTS]: "an IPv4 address has exactly four dot-separated decimal parts",
  [STATUS.LEADING_ZERO]: "a part has a leading zero (octal-looking forms are refused)",
  [STATUS.OCTET_RANGE]: "each part must be 0-255",
  [STATUS.MISSING_PREFIX]: "a CIDR needs a '/prefix'",
  [STATUS.BAD_PREFIX]: "the prefix length must be a plain decimal 0-32",
  [STATUS.HOST_BITS_SET]: "host bits are set beyond the prefix length",
  [STATUS.TOO_LONG]: "it is too long",
  [STATUS.CL_NOT_TEN]: "ClassicLink needs a VPC CIDR inside 10.[0-47].0.0/16: the first octet is not 10",
  [STATUS.CL_SECOND_OCTET]: "ClassicLink needs a VPC CIDR inside 10.[0-47].0.0/16: the second octet is above 47",
  [STATUS.CL_PREFIX_TOO_SHORT]: "ClassicLink needs a VPC CIDR inside 10.[0-47].0.0/16: the prefix is shorter than /16",
  [STATUS.VPC_NOT_PRIVATE]: "a VPC CIDR must lie inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16",
  [STATUS.VPC_PREFIX_RANGE]: "a VPC CIDR must be /12 to /28",
  [STATUS.CLASSIC_IP_IN_VPC_RANGE]:
    "a classic-network IP must lie in 10.48.0.0-10.255.255.255 (10.0-47.x.x belongs to linkable VPCs)",
  [STATUS.BAD_PROTOCOL]: "the protocol must be TCP, UDP, ICMP or ALL",
  [STATUS.BAD_PORT]: "a port is a plain decimal 1-65535 (no sign or leading zero); write ALL, 80, 8000-9000 or 80,443",
  [STATUS.PORT_RANGE]: "a port must be 1-65535",
  [STATUS.PORT_ORDER]: "a port range must run from low to high",
  [STATUS.PORT_WITH_PROTOCOL]: "ports can be given only with TCP or UDP (ICMP and ALL take port ALL)",
  [STATUS.BAD_ACTION]: "the action must be ACCEPT or DROP",
  [STATUS.FLOW_PROTOCOL]: "a flow's protocol is TCP, UDP or ICMP",
  [STATUS.BAD_GATEWAY_TYPE]: "the gateway type must be VPN, DIRECTCONNECT, PEERCONNECTION, NAT, EIP, CVM, NORMAL_CVM, HAVIP or CCN",
  [STATUS.BAD_KIND]: 'the instance network must be "classic" or "vpc"',
  [STATUS.BAD_REF]: "it names an object the plan does not hold",
  [STATUS.SUBNET_TOO_SMALL]: "the smallest subnet is a /29",
  [STATUS.NOT_HOST_ADDRESS]: "the network address, the gateway (the next one) and the broadcast address of a subnet are never given out",
  [STATUS.NOT_A_HOST]: "a host is a strict IPv4 address or a host name (dot-separated labels of 1-63 letters, digits and inner hyphens; 253 characters at most)",
  [STATUS.NODE_PORT_RANGE]: "a node port is a whole number from 0 to 65535",
  [STATUS.NOT_AN_ADDRESS]: "it is neither an instance of the plan nor an IPv4 address",
};

/** STATUS_NAME names each status number. */
const STATUS_NAME = new Map<number, StatusName>((Object.entries(STATUS) as [StatusName, number][]).map(([k, v]) => [v, k]));

/** statusName reports the name of a status number ("BAD_CHAR" for a number the table lacks). */
export function statusName(status: number): StatusName {
  return STATUS_NAME.get(status) ?? "BAD_CHAR";
}

/** reasonOf reports the human reason for a status code. */
export function reasonOf(status: number): string {
  return Object.hasOwn(REASONS, status) ? REASONS[status]! : `unknown status ${status}`;
}

