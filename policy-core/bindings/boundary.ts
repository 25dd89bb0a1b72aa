// Every number that crosses the wasm boundary besides statuses and explanation codes: hop kinds,
// dispositions, object kinds, field numbers, record layouts, matrix values. Keys are the wasm's
// export names; test/core/module.test.ts fails when a value here and the wasm's global differ.

/** Hop kinds (H_*) and the component name each one stands for. */
export const HOP = {
  H_INSTANCE: 1, H_EXTERNAL: 2, H_ROUTE: 3, H_CLASSIC_LINK: 4, H_CLASSIC_NETWORK: 5, H_SG_EGRESS: 6, H_SG_INGRESS: 7,
  H_ACL_OUTBOUND: 8, H_ACL_INBOUND: 9, H_CCN: 10, H_VPC: 11, H_SUBNET: 12, H_SERVICE: 13, H_GATEWAY_INSTANCE: 14,
  H_CHANNEL: 15, H_LOAD_BALANCER: 16,
} as const;

/** HOP_COMPONENT names each hop kind as the bindings' Hop.component does. */
export const HOP_COMPONENT = {
  H_INSTANCE: "instance", H_EXTERNAL: "external", H_ROUTE: "route", H_CLASSIC_LINK: "classicLink",
  H_CLASSIC_NETWORK: "classicNetwork", H_SG_EGRESS: "securityGroupEgress", H_SG_INGRESS: "securityGroupIngress",
  H_ACL_OUTBOUND: "networkAclOutbound", H_ACL_INBOUND: "networkAclInbound", H_CCN: "ccn", H_VPC: "vpc", H_SUBNET: "subnet",
  H_SERVICE: "service", H_GATEWAY_INSTANCE: "gatewayInstance", H_CHANNEL: "channel", H_LOAD_BALANCER: "loadBalancer",
} as const satisfies Record<keyof typeof HOP, string>;

export type HopComponent = (typeof HOP_COMPONENT)[keyof typeof HOP];

/** Route "rule" numbers of the routes a table holds implicitly. */
export const ROUTE = { ROUTE_LOCAL: -1, ROUTE_CLASSIC_LOCAL: -2 } as const;

/** Dispositions (D_*), after Batfish; the name is the key without its prefix. */
export const DISPOSITION = {
  D_ACCEPTED: 0, D_EXITS_NETWORK: 1, D_DELIVERED_TO_SUBNET: 2, D_DENIED_OUT: 3, D_DENIED_IN: 4, D_DENIED_RETURN: 5,
  D_NO_ROUTE: 6, D_REFUSED: 7,
} as const;

export type Disposition = keyof typeof DISPOSITION extends `D_${infer N}` ? N : never;

/** Object kinds of lint and shadow findings (O_*). */
export const OBJECT = { O_VPC: 1, O_SUBNET: 2, O_INSTANCE: 3, O_LINK: 4, O_CHANNEL: 5, O_SECURITY_GROUP: 6, O_NETWORK_ACL: 7 } as const;

/** Rule fields as a Checked answer names them (F_*), and their names in a plan rule. */
export const RULE_FIELD = { F_ACTION: 1, F_PROTOCOL: 2, F_PORT: 3, F_CIDR: 4 } as const;
export const RULE_FIELD_NAME = { F_ACTION: "action", F_PROTOCOL: "protocol", F_PORT: "port", F_CIDR: "cidr" } as const;

/** Trace inputs as a Checked answer names them (TF_*), and their names in a flow question. */
export const TRACE_FIELD_NUMBER = { TF_SOURCE: 1, TF_DESTINATION: 2, TF_PROTOCOL: 3, TF_PORT: 4, TF_SOURCE_PORT: 5 } as const;
export const TRACE_FIELD_NAME = {
  TF_SOURCE: "source", TF_DESTINATION: "destination", TF_PROTOCOL: "protocol", TF_PORT: "port", TF_SOURCE_PORT: "sourcePort",
} as const;

/** Record layouts: traceRecord's head and per-hop length, findings' columns. */
export const LAYOUT = { TRACE_HEAD: 5, TRACE_HOP: 6, FINDING_COLUMNS: 5 } as const;

/** Matrix cell values besides the explanation codes. */
export const MATRIX = { M_ACCEPTED: 0, M_SELF: 1 } as const;

/** BOUNDARY gathers every family above, for the test that compares them with the wasm. */
export const BOUNDARY = { ...HOP, ...ROUTE, ...DISPOSITION, ...OBJECT, ...RULE_FIELD, ...TRACE_FIELD_NUMBER, ...LAYOUT, ...MATRIX } as const;

/** nameOf reports, by number, the key of a family (null when the number is not one of it). */
export function namesByNumber<K extends string>(family: Record<K, number>): Map<number, K> {
  return new Map((Object.entries(family) as [K, number][]).map(([k, v]) => [v, k]));
}

const HOP_BY_NUMBER = namesByNumber(HOP);
const DISPOSITION_BY_NUMBER = namesByNumber(DISPOSITION);
const RULE_FIELD_BY_NUMBER = namesByNumber(RULE_FIELD);
const TRACE_FIELD_BY_NUMBER = namesByNumber(TRACE_FIELD_NUMBER);

/** hopComponent names a hop kind number; an unknown number is a mismatch of the two sides. */
export function hopComponent(kind: number): HopComponent {
  const k = HOP_BY_NUMBER.get(kind);
  if (!k) throw new Error(`policy-core: unknown hop kind ${kind}`);
  return HOP_COMPONENT[k];
}

/** dispositionName names a disposition number. */
export function dispositionName(d: number): Disposition {
  const k = DISPOSITION_BY_NUMBER.get(d);
  if (!k) throw new Error(`policy-core: unknown disposition ${d}`);
  return k.slice(2) as Disposition;
}

/** ruleFieldName names a rule field number ("action" when the wasm named none). */
export function ruleFieldName(f: number): "action" | "protocol" | "port" | "cidr" {
  const k = RULE_FIELD_BY_NUMBER.get(f);
  return k ? RULE_FIELD_NAME[k] : "action";
}

/** traceFieldName names a trace input number (null when the wasm named none). */
export function traceFieldName(f: number): (typeof TRACE_FIELD_NAME)[keyof typeof TRACE_FIELD_NAME] | null {
  const k = TRACE_FIELD_BY_NUMBER.get(f);
  return k ? TRACE_FIELD_NAME[k] : null;
}
