// Loads a plan document into the wasm: the objects in dependency order, every address, CIDR, rule
// and gateway type parsed there; problems come back with their JSON paths. Remembers which plan
// the wasm holds, so a loaded plan can reload itself after another one replaced it.
import { ruleFieldName } from "./boundary";
import type { CoreExports } from "./index";
import type { NetworkPlan, PlanIssue, PlanRule } from "./plan-doc";
import { STATUS, reasonOf } from "./reasons";

/** The index tables of a loaded plan. */
export interface Index {
  doc: NetworkPlan;
  vpcs: string[];
  routeTables: string[];
  subnets: string[];
  sgs: string[];
  acls: string[];
  nodes: string[];
  /** Instance and load balancer ids to their index (a Map: ids such as `__proto__` are plain keys). */
  nodeIndex: Map<string, number>;
  links: string[];
  ccns: string[];
  gateways: string[];
  services: string[];
  channels: string[];
}

let generation = 0;
const loaded = new WeakMap<object, number>();

/** holds reports whether the wasm instance still holds the plan loaded as generation gen. */
export function holds(x: CoreExports, gen: number): boolean {
  return loaded.get(x) === gen;
}

/** remember records that the wasm instance now holds a new plan; reports its generation. */
export function remember(x: CoreExports): number {
  const gen = ++generation;
  loaded.set(x, gen);
  return gen;
}

/** forget records that the wasm instance holds no complete plan. */
export function forget(x: CoreExports): void {
  loaded.delete(x);
}

/** build loads a checked plan document into the wasm, adding each problem it finds to issues. */
export function build(x: CoreExports, plan: NetworkPlan, issues: PlanIssue[]): Index {
  const maps = new Map<string[], Map<string, number>>();
  const at = (list: string[], id: string | undefined) => {
    if (id === undefined) return -1;
    let m = maps.get(list);
    if (!m || m.size !== list.length) maps.set(list, (m = new Map(list.map((v, i) => [v, i] as [string, number]).reverse())));
    return m.get(id) ?? -1;
  };
  const vpcRegion = new Map(plan.vpcs.map((v) => [v.id, v.region] as [string, string | undefined]));
  const st = (status: number, path: string) => {
    if (status !== 0) issues.push({ path, message: reasonOf(status) });
  };
  const regions: string[] = [];
  const region = (r: string | undefined) => {
    const name = r ?? plan.region ?? "";
    if (!regions.includes(name)) regions.push(name);
    return regions.indexOf(name);
  };
  const ix: Index = {
    doc: plan, vpcs: [], routeTables: [], subnets: [], sgs: [], acls: [], nodes: [], nodeIndex: new Map(), links: [], ccns: [], gateways: [], services: [], channels: [],
  };
  forget(x);
  x.planReset();
  plan.vpcs.forEach((v, i) => {
    x.planAddVpc(region(v.region));
    ix.vpcs.push(v.id);
    v.cidrs.forEach((c, k) => st(x.planAddVpcCidr(i, c), `vpcs[${i}].cidrs[${k}]`));
  });
  (plan.routeTables ?? []).forEach((t, i) => {
    x.planAddRouteTable(at(ix.vpcs, t.vpcId), t.main === true);
    ix.routeTables.push(t.id);
    (t.routes ?? []).forEach((r, k) => {
      const s = x.planAddRoute(i, r.destination, r.gatewayType);
      st(s, `routeTables[${i}].routes[${k}].${s === STATUS.BAD_GATEWAY_TYPE ? "gatewayType" : "destination"}`);
    });
  });
  plan.vpcs.forEach((v, i) => {
    if ((plan.routeTables ?? []).some((t) => t.vpcId === v.id)) return;
    x.planAddRouteTable(i, true);
    ix.routeTables.push(`${v.id}:main`);
  });
  const rules = (isAcl: boolean, owner: number, inbound: boolean, list: PlanRule[] | undefined, path: string) =>
    (list ?? []).forEach((r, k) => {
      const c = x.planAddRule(isAcl, owner, inbound, r.action, r.protocol, r.port ?? "", r.cidr);
      if (c.status !== 0) issues.push({ path: `${path}[${k}].${ruleFieldName(c.field)}`, message: reasonOf(c.status) });
    });
  (plan.networkAcls ?? []).forEach((a, i) => {
    x.planAddNetworkAcl(at(ix.vpcs, a.vpcId));
    ix.acls.push(a.id);
    rules(true, i, true, a.inbound, `networkAcls[${i}].inbound`);
    rules(true, i, false, a.outbound, `networkAcls[${i}].outbound`);
  });
  (plan.securityGroups ?? []).forEach((g, i) => {
    x.planAddSecurityGroup();
    ix.sgs.push(g.id);
    rules(false, i, true, g.ingress, `securityGroups[${i}].ingress`);
    rules(false, i, false, g.egress, `securityGroups[${i}].egress`);
  });
  (plan.subnets ?? []).forEach((s, i) => {
    st(x.planAddSubnet(at(ix.vpcs, s.vpcId), s.cidr, at(ix.routeTables, s.routeTableId), at(ix.acls, s.networkAclId)), `subnets[${i}].cidr`);
    ix.subnets.push(s.id);
  });
  const sgsOf: (string[] | undefined)[] = [];
  (plan.instances ?? []).forEach((n, i) => {
    const vpc = n.network === "vpc" ? at(ix.vpcs, n.vpcId) : -1;
    st(x.planAddInstance(n.network, region(n.region ?? (n.vpcId === undefined ? undefined : vpcRegion.get(n.vpcId))), n.ip, vpc, at(ix.subnets, n.subnetId)), `instances[${i}].ip`);
    ix.nodes.push(n.id);
    sgsOf.push(n.securityGroupIds);
  });
  (plan.loadBalancers ?? []).forEach((b, i) => {
    st(x.planAddInstance("lb", region(vpcRegion.get(b.vpcId)), b.ip, at(ix.vpcs, b.vpcId), at(ix.subnets, b.subnetId)), `loadBalancers[${i}].ip`);
    ix.nodes.push(b.id);
    sgsOf.push(b.securityGroupIds);
  });
  ix.nodes.forEach((id, i) => ix.nodeIndex.has(id) || ix.nodeIndex.set(id, i));
  if (issues.length) return ix;
  sgsOf.forEach((list, node) => (list ?? []).forEach((g) => x.planBindSecurityGroup(node, at(ix.sgs, g))));
  (plan.loadBalancers ?? []).forEach((b) => (b.backendIds ?? []).forEach((n) => x.planAddBackend(at(ix.nodes, b.id), at(ix.nodes, n))));
  (plan.classicLinks ?? []).forEach((l) => {
    x.planAddLink(at(ix.vpcs, l.vpcId), at(ix.nodes, l.instanceId));
    ix.links.push(`${l.vpcId}/${l.instanceId}`);
  });
  (plan.ccns ?? []).forEach((c, i) => {
    x.planAddCcn();
    ix.ccns.push(c.id);
    c.vpcIds.forEach((v) => x.planAttachCcn(i, at(ix.vpcs, v)));
  });
  (plan.gatewayInstances ?? []).forEach((g) => {
    x.planAddGatewayInstance(at(ix.vpcs, g.vpcId));
    ix.gateways.push(g.id);
  });
  (plan.services ?? []).forEach((s) => {
    x.planAddService(at(ix.gateways, s.gatewayInstanceId));
    ix.services.push(s.id);
  });
  (plan.channels ?? []).forEach((c, i) => {
    x.planAddChannel(at(ix.vpcs, c.vpcId));
    ix.channels.push(c.id);
    (c.serviceIds ?? []).forEach((s) => x.planUseChannel(i, at(ix.services, s)));
    // A node is an IPv4 address or a host name, as the live service takes it; nothing is resolved,
    // so a host-name node takes no part in traces (neither does any node: CH6 is about the VPC).
    (c.nodes ?? []).forEach((n, k) => {
      const h = x.nodeHost(n.host);
      if (h !== 0) issues.push({ path: `channels[${i}].nodes[${k}].host`, message: reasonOf(h) });
      const p = x.nodePort(n.port);
      if (p !== 0) issues.push({ path: `channels[${i}].nodes[${k}].port`, message: reasonOf(p) });
    });
  });
  return ix;
}
