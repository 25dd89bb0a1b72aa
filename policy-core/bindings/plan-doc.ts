// The network plan document, version 1: its TypeScript shape and the structural check (types,
// required fields, unique ids, references). Addresses, ports and protocols are parsed by the wasm
// when the plan is loaded (see plan.ts); nothing here decides a network rule.

/** PLAN_VERSION is the plan document version these bindings read and write. */
export const PLAN_VERSION = 1;

/** An ordered security-group or network-ACL rule, as Tencent writes it. */
export interface PlanRule {
  action: "ACCEPT" | "DROP";
  /** TCP, UDP, ICMP or ALL. */
  protocol: string;
  /** ALL (or absent), "80", "8000-9000", "80,443"; only with TCP or UDP. */
  port?: string;
  /** An address or CIDR; 0.0.0.0/n means everything. */
  cidr: string;
  description?: string;
}

export interface PlanVpc { id: string; name?: string; region?: string; cidrs: string[] }
export interface PlanSubnet { id: string; name?: string; vpcId: string; cidr: string; routeTableId?: string; networkAclId?: string; zone?: string }
export interface PlanRoute { destination: string; gatewayType: string; gatewayId?: string }
export interface PlanRouteTable { id: string; name?: string; vpcId: string; main?: boolean; routes: PlanRoute[] }
export interface PlanSecurityGroup { id: string; name?: string; ingress: PlanRule[]; egress: PlanRule[] }
export interface PlanNetworkAcl { id: string; name?: string; vpcId: string; inbound: PlanRule[]; outbound: PlanRule[] }
export interface PlanInstance {
  id: string;
  name?: string;
  network: "classic" | "vpc";
  region?: string;
  ip: string;
  vpcId?: string;
  subnetId?: string;
  securityGroupIds?: string[];
}
export interface PlanClassicLink { vpcId: string; instanceId: string }
export interface PlanLoadBalancer {
  id: string;
  name?: string;
  vpcId: string;
  subnetId: string;
  ip: string;
  securityGroupIds?: string[];
  backendIds?: string[];
}
export interface PlanCcn { id: string; name?: string; vpcIds: string[] }
export interface PlanGatewayInstance { id: string; name?: string; vpcId: string }
/** A gateway service: on a dedicated instance (gatewayInstanceId) or, without one, the shared instance. */
export interface PlanService { id: string; name?: string; gatewayInstanceId?: string }
export interface PlanChannelNode { host: string; port: number; weight: number }
export interface PlanChannel { id: string; name?: string; vpcId: string; serviceIds?: string[]; nodes?: PlanChannelNode[] }

/** NetworkPlan is a whole plan document. Lists left out are empty. */
export interface NetworkPlan {
  version: 1;
  /** The region of VPCs and instances that do not name theirs. */
  region?: string;
  vpcs: PlanVpc[];
  subnets?: PlanSubnet[];
  routeTables?: PlanRouteTable[];
  securityGroups?: PlanSecurityGroup[];
  networkAcls?: PlanNetworkAcl[];
  instances?: PlanInstance[];
  classicLinks?: PlanClassicLink[];
  loadBalancers?: PlanLoadBalancer[];
  ccns?: PlanCcn[];
  gatewayInstances?: PlanGatewayInstance[];
  services?: PlanService[];
  channels?: PlanChannel[];
}

/** A problem with a plan, at a JSON path such as `securityGroups[0].ingress[2].port`. */
export interface PlanIssue {
  path: string;
  message: string;
}

type Obj = Record<string, unknown>;

/** The deepest nesting a plan document has is 5 (plan, list, item, rules, rule); more is refused. */
const MAX_DEPTH = 8;

/**
 * copyPlan reports a copy of a plan document made of plain data only: arrays, and objects with a
 * null prototype holding the original's own enumerable properties. So a key such as `__proto__`
 * or `constructor` is an ordinary field, nothing is read through a prototype (even a polluted
 * Object.prototype), and later edits of the original change nothing. Throws on anything deeper,
 * cyclic, or not JSON-like (functions, symbols, bigints).
 */
export function copyPlan(v: unknown, depth = 0): unknown {
  if (depth > MAX_DEPTH) throw new Error("a plan document nests too deeply");
  if (v === null || typeof v === "string" || typeof v === "number" || typeof v === "boolean" || v === undefined) return v;
  if (Array.isArray(v)) return Array.from(v, (x) => copyPlan(x, depth + 1));
  if (typeof v !== "object") throw new Error(`a plan document holds no ${typeof v}`);
  const out = Object.create(null) as Obj;
  for (const k of Object.keys(v)) out[k] = copyPlan((v as Obj)[k], depth + 1);
  return out;
}
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/** The lists of a plan and, for each, the fields holding strings, string lists and references. */
const LISTS: Record<string, { required: string[]; strings: string[]; lists?: string[]; refs?: Record<string, string> }> = {
  vpcs: { required: ["id", "cidrs"], strings: ["id", "name", "region"], lists: ["cidrs"] },
  routeTables: { required: ["id", "vpcId"], strings: ["id", "name", "vpcId"], refs: { vpcId: "vpcs" } },
  networkAcls: { required: ["id", "vpcId"], strings: ["id", "name", "vpcId"], refs: { vpcId: "vpcs" } },
  subnets: {
    required: ["id", "vpcId", "cidr"],
    strings: ["id", "name", "vpcId", "cidr", "routeTableId", "networkAclId", "zone"],
    refs: { vpcId: "vpcs", routeTableId: "routeTables", networkAclId: "networkAcls" },
  },
  securityGroups: { required: ["id"], strings: ["id", "name"] },
  instances: {
    required: ["id", "network", "ip"],
    strings: ["id", "name", "network", "region", "ip", "vpcId", "subnetId"],
    lists: ["securityGroupIds"],
    refs: { vpcId: "vpcs", subnetId: "subnets", securityGroupIds: "securityGroups" },
  },
  loadBalancers: {
    required: ["id", "vpcId", "subnetId", "ip"],
    strings: ["id", "name", "vpcId", "subnetId", "ip"],
    lists: ["securityGroupIds", "backendIds"],
    refs: { vpcId: "vpcs", subnetId: "subnets", securityGroupIds: "securityGroups", backendIds: "instances" },
  },
  classicLinks: { required: ["vpcId", "instanceId"], strings: ["vpcId", "instanceId"], refs: { vpcId: "vpcs", instanceId: "instances" } },
  ccns: { required: ["id", "vpcIds"], strings: ["id", "name"], lists: ["vpcIds"], refs: { vpcIds: "vpcs" } },
  gatewayInstances: { required: ["id", "vpcId"], strings: ["id", "name", "vpcId"], refs: { vpcId: "vpcs" } },
  services: { required: ["id"], strings: ["id", "name", "gatewayInstanceId"], refs: { gatewayInstanceId: "gatewayInstances" } },
  channels: { required: ["id", "vpcId"], strings: ["id", "name", "vpcId"], lists: ["serviceIds"], refs: { vpcId: "vpcs", serviceIds: "services" } },
};

/** PLAN_LISTS names the plan's lists in the order they are checked and loaded. */
export const PLAN_LISTS = Object.keys(LISTS) as (keyof NetworkPlan)[];

function checkRules(at: string, v: unknown, issues: PlanIssue[]): void {
  if (v === undefined) return;
  if (!Array.isArray(v)) return void issues.push({ path: at, message: "must be a list of rules" });
  v.forEach((r, i) => {
    const p = `${at}[${i}]`;
    if (!isObj(r)) return void issues.push({ path: p, message: "must be an object" });
    for (const f of ["action", "protocol", "cidr"]) {
      if (typeof r[f] !== "string") issues.push({ path: `${p}.${f}`, message: "is required and must be a string" });
    }
    for (const f of ["port", "description"]) {
      if (r[f] !== undefined && typeof r[f] !== "string") issues.push({ path: `${p}.${f}`, message: "must be a string" });
    }
  });
}

/**
 * checkPlanShape reports the structural problems of a plan document: wrong version, missing or
 * mistyped fields, duplicate ids and references to ids the plan does not hold. An empty list
 * means the plan can be loaded (its addresses and rules are then parsed by the core).
 */
export function checkPlanShape(doc: unknown): PlanIssue[] {
  const issues: PlanIssue[] = [];
  if (!isObj(doc)) return [{ path: "", message: "a plan is a JSON object" }];
  if (doc.version !== PLAN_VERSION) issues.push({ path: "version", message: `must be ${PLAN_VERSION}` });
  if (doc.region !== undefined && typeof doc.region !== "string") issues.push({ path: "region", message: "must be a string" });
  const ids: Record<string, Set<string>> = {};
  for (const name of PLAN_LISTS) {
    const list = doc[name];
    ids[name] = new Set();
    if (list === undefined && name !== "vpcs") continue;
    if (!Array.isArray(list)) {
      issues.push({ path: name, message: "must be a list" });
      continue;
    }
    list.forEach((item, i) => {
      const at = `${name}[${i}]`;
      if (!isObj(item)) return void issues.push({ path: at, message: "must be an object" });
      const spec = LISTS[name]!;
      for (const f of spec.required) if (item[f] === undefined) issues.push({ path: `${at}.${f}`, message: "is required" });
      for (const f of spec.strings) {
        if (item[f] !== undefined && typeof item[f] !== "string") issues.push({ path: `${at}.${f}`, message: "must be a string" });
      }
      for (const f of spec.lists ?? []) {
        const v = item[f];
        if (v !== undefined && (!Array.isArray(v) || v.some((x) => typeof x !== "string"))) {
          issues.push({ path: `${at}.${f}`, message: "must be a list of strings" });
        }
      }
      if (typeof item.id === "string") {
        if (ids[name]!.has(item.id)) issues.push({ path: `${at}.id`, message: `duplicates the id ${item.id}` });
        ids[name]!.add(item.id);
      }
    });
  }
  if (issues.length) return issues;
  for (const name of PLAN_LISTS) {
    const spec = LISTS[name]!;
    ((doc[name] as Obj[] | undefined) ?? []).forEach((item, i) => {
      for (const [f, target] of Object.entries(spec.refs ?? {})) {
        const v = item[f];
        const refs = Array.isArray(v) ? (v as string[]) : v === undefined ? [] : [v as string];
        refs.forEach((ref, k) => {
          if (!ids[target]!.has(ref)) {
            const p = Array.isArray(v) ? `${name}[${i}].${f}[${k}]` : `${name}[${i}].${f}`;
            issues.push({ path: p, message: `names ${ref}, which is not in ${target}` });
          }
        });
      }
    });
  }
  const items = (name: string) => (doc[name] as Obj[] | undefined) ?? [];
  items("vpcs").forEach((v, i) => {
    if (!(v.cidrs as string[]).length) issues.push({ path: `vpcs[${i}].cidrs`, message: "needs at least one CIDR" });
  });
  items("instances").forEach((n, i) => {
    if (n.network !== "classic" && n.network !== "vpc") issues.push({ path: `instances[${i}].network`, message: 'must be "classic" or "vpc"' });
    if (n.network === "vpc" && (n.vpcId === undefined || n.subnetId === undefined)) {
      issues.push({ path: `instances[${i}].subnetId`, message: "a VPC instance names its vpcId and subnetId" });
    }
  });
  items("securityGroups").forEach((g, i) => {
    checkRules(`securityGroups[${i}].ingress`, g.ingress, issues);
    checkRules(`securityGroups[${i}].egress`, g.egress, issues);
  });
  items("networkAcls").forEach((a, i) => {
    checkRules(`networkAcls[${i}].inbound`, a.inbound, issues);
    checkRules(`networkAcls[${i}].outbound`, a.outbound, issues);
  });
  items("routeTables").forEach((t, i) => {
    const routes = t.routes ?? [];
    if (!Array.isArray(routes)) return void issues.push({ path: `routeTables[${i}].routes`, message: "must be a list" });
    routes.forEach((r: unknown, k: number) => {
      const p = `routeTables[${i}].routes[${k}]`;
      if (!isObj(r) || typeof r.destination !== "string" || typeof r.gatewayType !== "string") {
        issues.push({ path: p, message: "a route has a destination and a gatewayType (strings)" });
      }
    });
  });
  items("channels").forEach((c, i) => {
    const nodes = c.nodes ?? [];
    if (!Array.isArray(nodes)) return void issues.push({ path: `channels[${i}].nodes`, message: "must be a list" });
    nodes.forEach((n: unknown, k: number) => {
      if (!isObj(n) || typeof n.host !== "string" || typeof n.port !== "number" || typeof n.weight !== "number") {
        issues.push({ path: `channels[${i}].nodes[${k}]`, message: "a node has a host (string), a port and a weight (numbers)" });
      }
    });
  });
  return issues;
}
