// Security-group policies and network-ACL entries at the edge: wire rule → checked record (every
// field parsed by policy-core, a bad one named in InvalidParameterValue) and record → wire rule.
import { ApiError } from "../../errors";
import type { RuleRecord } from "../../objects/records";
import { withPolicy } from "../../policy/core";
import { tencentTime } from "../context";

/** A rule as SecurityGroupPolicy or NetworkAclEntry carries it on the wire. */
export interface WireRule {
  PolicyIndex?: number;
  Protocol?: string;
  Port?: string;
  CidrBlock?: string;
  Ipv6CidrBlock?: string;
  Action?: string;
  PolicyDescription?: string;
  Description?: string;
  SecurityGroupId?: string;
  ServiceTemplate?: Record<string, string>;
  AddressTemplate?: Record<string, string>;
}

const WIRE_FIELD = { action: "Action", protocol: "Protocol", port: "Port", cidr: "CidrBlock" } as const;

const unset = (v: unknown) => v === undefined || v === "" || (typeof v === "object" && v !== null && Object.values(v).every((x) => !x));

/**
 * checkWireRules reports the rules as records, or throws naming the first bad field
 * (`<path>.<i>.<Field>`): MissingParameter for an absent one, InvalidParameterValue with the
 * core's reason for a malformed one, and for references this service does not model.
 */
export async function checkWireRules(rules: WireRule[], path: string, now: number, descriptionField: "PolicyDescription" | "Description"): Promise<RuleRecord[]> {
  const out: RuleRecord[] = [];
  for (const [i, r] of rules.entries()) {
    const at = `${path}.${i}`;
    for (const f of ["Ipv6CidrBlock", "SecurityGroupId", "ServiceTemplate", "AddressTemplate"] as const) {
      if (!unset(r[f])) throw new ApiError("InvalidParameterValue", `The parameter \`${at}.${f}\` is not supported by this service; give Protocol, Port and an IPv4 CidrBlock.`);
    }
    for (const f of ["Protocol", "Action", "CidrBlock"] as const) {
      if (r[f] === undefined) throw new ApiError("MissingParameter", `The request is missing a required parameter \`${at}.${f}\`.`);
    }
    const rule = { action: r.Action!, protocol: r.Protocol!, port: r.Port ?? "", cidr: r.CidrBlock! };
    const verdict = await withPolicy((core) => core.checkRule(rule));
    if (!verdict.ok) {
      const field = WIRE_FIELD[verdict.field];
      throw new ApiError("InvalidParameterValue", `The parameter \`${at}.${field}\` (${JSON.stringify(rule[verdict.field])}) is not valid: ${verdict.reason}.`);
    }
    const description = (r[descriptionField] ?? "").slice(0, 100);
    // the core's canonical form: ACCEPT/DROP, the protocol upper-cased, port ALL when none was given
    const { action, protocol, port, cidr } = verdict.rule;
    out.push({ action, protocol, port, cidr, description, modifiedAt: now });
  }
  return out;
}

/** policyWire renders a security-group rule as SecurityGroupPolicy. */
export function policyWire(r: RuleRecord, index: number, securityGroupId: string) {
  return {
    PolicyIndex: index,
    Protocol: r.protocol,
    Port: r.port,
    ServiceTemplate: { ServiceId: "", ServiceGroupId: "" },
    CidrBlock: r.cidr,
    Ipv6CidrBlock: "",
    SecurityGroupId: securityGroupId,
    AddressTemplate: { AddressId: "", AddressGroupId: "" },
    Action: r.action,
    PolicyDescription: r.description,
    ModifyTime: tencentTime(r.modifiedAt),
  };
}

/** entryWire renders a network-ACL rule as NetworkAclEntry. */
export function entryWire(r: RuleRecord, index: number) {
  return {
    ModifyTime: tencentTime(r.modifiedAt),
    Protocol: r.protocol,
    Port: r.port,
    CidrBlock: r.cidr,
    Ipv6CidrBlock: "",
    Action: r.action,
    Description: r.description,
    Priority: index + 1,
  };
}
