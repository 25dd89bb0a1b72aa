// Durable Object for one VPC: its record, subnets and ClassicLinks. The 100-link limit (CL5) is
// enforced here, counting committed links and open reservations (each owned by a task id), and a
// link is removed only by the task holding it; never calls other objects.
import { DurableObject } from "cloudflare:workers";
import type { Env } from "../env";
import { fail, type Failure } from "../errors";
import { withPolicy } from "../policy/core";
import type { LinkRecord, LockFailure, Ok, RouteRecord, SubnetRecord, VpcRecord } from "./records";

/** MAX_LINKS_PER_VPC is the ClassicLink quota per VPC (vpc-max-basic-network-interconnections). */
export const MAX_LINKS_PER_VPC = 100;

interface VpcState {
  vpc: VpcRecord;
  links: Record<string, LinkRecord>;
  /** Open attach reservations by task id: instance ids counted against the limit. */
  reservations: Record<string, string[]>;
  subnets: Record<string, SubnetRecord>;
  /** The last route id handed out (1 is the VPC CIDR's Local route). */
  lastRouteId?: number;
  /** Custom routes of the VPC's route table, in creation order. */
  routes?: RouteRecord[];
  /** Tests only (FAULT_INJECTION): a lower link limit than MAX_LINKS_PER_VPC. */
  linkLimit?: number;
}

function limitOf(s: VpcState): number {
  return s.linkLimit ?? MAX_LINKS_PER_VPC;
}

/** nextRouteId hands out the route table's next route id (1 is the VPC CIDR's Local route). */
function nextRouteId(s: VpcState): number {
  s.lastRouteId = Math.max(s.lastRouteId ?? 1, 1) + 1;
  return s.lastRouteId;
}

/**
 * recoverable names the fewest other tasks whose reservations or held links, if those tasks were
 * cut off and recovered, would free `need` places: oldest reservations first, then held links.
 * None when even all of them could not (the refusal then stands without asking anyone).
 */
function recoverable(s: VpcState, taskId: string, need: number): string[] {
  const counts = new Map<string, number>();
  for (const [t, ids] of Object.entries(s.reservations)) if (t !== taskId) counts.set(t, ids.length);
  for (const l of Object.values(s.links)) if (l.heldBy && l.heldBy !== taskId) counts.set(l.heldBy, (counts.get(l.heldBy) ?? 0) + 1);
  const out: string[] = [];
  let freed = 0;
  for (const [t, n] of counts) {
    if (freed >= need) break;
    out.push(t);
    freed += n;
  }
  return freed >= need ? out : [];
}

function notFound(vpcId: string): Failure {
  return fail("ResourceNotFound", `The VPC ${vpcId} does not exist.`, "InvalidVpc.NotFound");
}

/** VpcObject owns one VPC. Each method is one named state transition and returns a result value. */
export class VpcObject extends DurableObject<Env> {
  private state: VpcState | null = null;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    // the state is read once, before any call is let in
    void ctx.blockConcurrencyWhile(async () => {
      this.state = (await ctx.storage.get<VpcState>("state")) ?? null;
    });
  }

  private async save(s: VpcState): Promise<void> {
    this.state = s;
    await this.ctx.storage.put("state", s);
  }

  /** init creates the VPC record, or reports the one already there (idempotent for one id). */
  async init(vpc: VpcRecord): Promise<Ok<{ vpc: VpcRecord }> | Failure> {
    const s = this.state;
    if (s) {
      if (s.vpc.region !== vpc.region || s.vpc.cidrBlock !== vpc.cidrBlock) return fail("ResourceInUse", `The id ${vpc.vpcId} is taken.`);
      return { ok: true, vpc: s.vpc };
    }
    await this.save({ vpc, links: {}, reservations: {}, subnets: {} });
    return { ok: true, vpc };
  }

  /** describe reports the VPC record with its links and subnets, or null if it does not exist. */
  async describe(): Promise<{
    vpc: VpcRecord;
    links: LinkRecord[];
    reserved: number;
    reservations: Record<string, string[]>;
    linkLimit: number;
    subnets: SubnetRecord[];
    routes: RouteRecord[];
  } | null> {
    const s = this.state;
    if (!s) return null;
    const reserved = Object.values(s.reservations).reduce((n, ids) => n + ids.length, 0);
    const reservations = s.reservations;
    return { vpc: s.vpc, links: Object.values(s.links), reserved, reservations, linkLimit: limitOf(s), subnets: Object.values(s.subnets), routes: s.routes ?? [] };
  }

  /** setLinkLimit lowers this VPC's link limit, for tests only (FAULT_INJECTION=1); reports whether it did. */
  async setLinkLimit(limit: number): Promise<boolean> {
    const s = this.state;
    if (!s || this.env.FAULT_INJECTION !== "1" || !Number.isInteger(limit) || limit < 1 || limit > MAX_LINKS_PER_VPC) return false;
    s.linkLimit = limit;
    await this.save(s);
    return true;
  }

  /** addRoutes appends custom routes (checked by the caller), refusing a destination already routed. */
  async addRoutes(routes: Omit<RouteRecord, "routeId">[]): Promise<Ok<{ routes: RouteRecord[] }> | Failure> {
    const s = this.state;
    if (!s) return fail("ResourceNotFound", "The route table's VPC does not exist.");
    const have = s.routes ?? [];
    const clash = routes.find((r, i) => have.some((h) => h.destination === r.destination) || routes.findIndex((o) => o.destination === r.destination) !== i);
    if (clash) return fail("InvalidParameterValue.Duplicate", `The route table already has (or is given twice) a route to ${clash.destination}.`);
    const made = routes.map((r) => ({ ...r, routeId: nextRouteId(s) }));
    s.routes = [...have, ...made];
    await this.save(s);
    return { ok: true, routes: made };
  }

  /**
   * reserve holds room for an attach task's instances (CL5, CL6): the VPC must exist in the
   * region, its CIDR must be ClassicLink-eligible, and links + reservations must stay <= 100.
   * Instances already linked here are not counted again. Idempotent per task. Over the limit it
   * names the other tasks whose reservations or held links count, so the caller can have them recover.
   */
  async reserve(
    taskId: string,
    vpcId: string,
    region: string,
    instanceIds: string[],
  ): Promise<Ok<{ vpc: VpcRecord; fresh: string[] }> | LockFailure> {
    const s = this.state;
    if (!s || s.vpc.region !== region) return notFound(vpcId);
    const fresh = instanceIds.filter((id) => !s.links[id]);
    if (s.reservations[taskId]) return { ok: true, vpc: s.vpc, fresh };
    const verdict = await withPolicy((core) => core.classicLinkCidr(s.vpc.cidrBlock));
    if (!verdict.ok) {
      return fail(
        "UnsupportedOperation.CIDRUnSupportedClassicLink",
        `The VPC ${s.vpc.vpcId} (${s.vpc.cidrBlock}) cannot use ClassicLink: ${verdict.reason}.`,
      );
    }
    const reserved = Object.values(s.reservations).reduce((n, ids) => n + ids.length, 0);
    const used = Object.keys(s.links).length + reserved;
    const limit = limitOf(s);
    if (used + fresh.length > limit) {
      const holders = recoverable(s, taskId, used + fresh.length - limit);
      const f = fail(
        "LimitExceeded",
        `The VPC ${s.vpc.vpcId} has ${used} of ${limit} ClassicLinks in use; linking ${fresh.length} more would pass the limit, so none were linked.`,
      );
      return holders.length ? { ...f, holders } : f;
    }
    s.reservations[taskId] = fresh;
    await this.save(s);
    return { ok: true, vpc: s.vpc, fresh };
  }

  /** commitLinks turns a task's reservation into links with the instances' IPs (idempotent). */
  async commitLinks(taskId: string, ips: Record<string, string>, now: number): Promise<void> {
    const s = this.state;
    if (!s || !s.reservations[taskId]) return;
    for (const id of s.reservations[taskId]!) {
      if (!ips[id]) continue;
      s.links[id] = { instanceId: id, ip: ips[id]!, createdAt: now, routeId: nextRouteId(s) };
    }
    delete s.reservations[taskId];
    await this.save(s);
  }

  /** release drops a task's reservation without linking anything (idempotent). */
  async release(taskId: string): Promise<void> {
    const s = this.state;
    if (!s || !s.reservations[taskId]) return;
    delete s.reservations[taskId];
    await this.save(s);
  }

  /**
   * holdLinks marks the given instances' links as held by a task that will remove them (detach,
   * terminate, IP change); held links still count against the limit. Idempotent per task.
   */
  async holdLinks(taskId: string, instanceIds: string[]): Promise<void> {
    const s = this.state;
    const mine = instanceIds.filter((id) => s?.links[id] && s.links[id]!.heldBy !== taskId);
    if (!s || mine.length === 0) return;
    for (const id of mine) s.links[id]!.heldBy = taskId;
    await this.save(s);
  }

  /** releaseHolds unmarks the links a task held, leaving them in place (rollback; idempotent). */
  async releaseHolds(taskId: string): Promise<void> {
    const s = this.state;
    const held = Object.values(s?.links ?? {}).filter((l) => l.heldBy === taskId);
    if (!s || held.length === 0) return;
    for (const l of held) delete l.heldBy;
    await this.save(s);
  }

  /** removeLinks unlinks the given instances whose links the task holds; it reports which (idempotent per task). */
  async removeLinks(taskId: string, instanceIds: string[]): Promise<string[]> {
    const s = this.state;
    if (!s) return [];
    const removed = instanceIds.filter((id) => s.links[id]?.heldBy === taskId);
    if (removed.length === 0) return [];
    for (const id of removed) delete s.links[id];
    await this.save(s);
    return removed;
  }

  /** createSubnet adds a subnet whose CIDR lies inside the VPC and overlaps no other subnet. */
  async createSubnet(sub: Omit<SubnetRecord, "usedIps">): Promise<Ok<{ subnet: SubnetRecord }> | Failure> {
    const s = this.state;
    if (!s) return notFound(sub.vpcId);
    const problem = await withPolicy((core) => {
      const parsed = core.parseCidr(sub.cidrBlock);
      if (!parsed.ok) return `The parameter \`CidrBlock\` (${sub.cidrBlock}) is not a valid CIDR: ${parsed.reason}.`;
      if (!core.contains(s.vpc.cidrBlock, sub.cidrBlock)) return `The subnet ${sub.cidrBlock} is not inside the VPC's ${s.vpc.cidrBlock}.`;
      if (!core.subnetSize(sub.cidrBlock).ok) return `The subnet ${sub.cidrBlock} is smaller than /29.`;
      const clash = Object.values(s.subnets).find((x) => core.overlaps(x.cidrBlock, sub.cidrBlock));
      return clash ? `The subnet ${sub.cidrBlock} overlaps ${clash.subnetId} (${clash.cidrBlock}).` : null;
    });
    if (problem) return fail("InvalidParameterValue", problem);
    const subnet: SubnetRecord = { ...sub, usedIps: {} };
    s.subnets[sub.subnetId] = subnet;
    await this.save(s);
    return { ok: true, subnet };
  }

  /**
   * allocateIp hands an instance the requested or the lowest free address of a subnet, skipping
   * the network address, the gateway (.1) and the broadcast address. Idempotent per instance.
   */
  async allocateIp(subnetId: string, instanceId: string, wanted?: string): Promise<Ok<{ ip: string }> | Failure> {
    const s = this.state;
    const sub = s?.subnets[subnetId];
    if (!s || !sub) return fail("ResourceNotFound", `The subnet ${subnetId} does not exist in VPC ${s?.vpc.vpcId ?? ""}.`);
    const mine = Object.entries(sub.usedIps).find(([, owner]) => owner === instanceId);
    if (mine) return { ok: true, ip: mine[0] };
    const picked = await withPolicy((core) => {
      if (!core.parseCidr(sub.cidrBlock).ok) return null;
      // which addresses a subnet gives out is the core's rule (not the network, gateway or broadcast address)
      if (wanted !== undefined) return core.subnetHost(sub.cidrBlock, wanted).ok && !Object.hasOwn(sub.usedIps, wanted) ? wanted : null;
      for (let k = 0; ; k++) {
        const ip = core.subnetHostAt(sub.cidrBlock, k);
        if (ip === null || !Object.hasOwn(sub.usedIps, ip)) return ip;
      }
    });
    if (!picked) {
      return fail(
        "InvalidParameterValue",
        wanted ? `The IP ${wanted} is not a free host address of subnet ${subnetId} (${sub.cidrBlock}).` : `The subnet ${subnetId} has no free IP left.`,
      );
    }
    sub.usedIps[picked] = instanceId;
    await this.save(s);
    return { ok: true, ip: picked };
  }

  /** freeIp returns an instance's address to its subnet, if that instance (when named) holds it (idempotent). */
  async freeIp(subnetId: string, ip: string, instanceId?: string): Promise<void> {
    const s = this.state;
    const sub = s?.subnets[subnetId];
    if (!s || !sub || !sub.usedIps[ip] || (instanceId !== undefined && sub.usedIps[ip] !== instanceId)) return;
    delete sub.usedIps[ip];
    await this.save(s);
  }

  /** destroy deletes the VPC unless links, reservations or used subnet IPs remain. */
  async destroy(vpcId: string): Promise<Ok<object> | Failure> {
    const s = this.state;
    if (!s) return notFound(vpcId);
    const links = Object.keys(s.links).length + Object.keys(s.reservations).length;
    if (links > 0) {
      return fail("ResourceInUse", `The VPC ${s.vpc.vpcId} still has ${links} ClassicLink(s); detach them before deleting it.`);
    }
    if (Object.values(s.subnets).some((x) => Object.keys(x.usedIps).length > 0)) {
      return fail("ResourceInUse", `The VPC ${s.vpc.vpcId} still has instances in its subnets.`);
    }
    const subnets = Object.keys(s.subnets);
    if (subnets.length > 0) {
      return fail("ResourceInUse", `The VPC ${s.vpc.vpcId} still has the subnet(s) ${subnets.join(", ")}; delete them before deleting it.`);
    }
    this.state = null;
    await this.ctx.storage.deleteAll();
    return { ok: true };
  }

  // ---- Lifecycle: attributes, subnet removal, route removal and replacement, reset. ----

  /** updateVpc changes the VPC's name and settings (fields left undefined are kept). */
  async updateVpc(patch: Partial<Pick<VpcRecord, "name" | "enableMulticast" | "dnsServers" | "domainName">>): Promise<Ok<{ vpc: VpcRecord }> | Failure> {
    const s = this.state;
    if (!s) return fail("ResourceNotFound", "The VPC does not exist.");
    for (const [k, v] of Object.entries(patch)) if (v !== undefined) (s.vpc as unknown as Record<string, unknown>)[k] = v;
    await this.save(s);
    return { ok: true, vpc: s.vpc };
  }

  /** updateSubnet changes a subnet's name or broadcast flag (fields left undefined are kept). */
  async updateSubnet(subnetId: string, patch: Partial<Pick<SubnetRecord, "name" | "enableBroadcast">>): Promise<Ok<{ subnet: SubnetRecord }> | Failure> {
    const s = this.state;
    const sub = s?.subnets[subnetId];
    if (!s || !sub) return fail("ResourceNotFound", `The subnet ${subnetId} does not exist.`);
    for (const [k, v] of Object.entries(patch)) if (v !== undefined) (sub as unknown as Record<string, unknown>)[k] = v;
    await this.save(s);
    return { ok: true, subnet: sub };
  }

  /** deleteSubnet removes a subnet that no instance uses. */
  async deleteSubnet(subnetId: string): Promise<Ok<object> | Failure> {
    const s = this.state;
    const sub = s?.subnets[subnetId];
    if (!s || !sub) return fail("ResourceNotFound", `The subnet ${subnetId} does not exist.`);
    const users = [...new Set(Object.values(sub.usedIps))];
    if (users.length) return fail("ResourceInUse", `The subnet ${subnetId} still holds the instance(s) ${users.join(", ")}; terminate them first.`);
    delete s.subnets[subnetId];
    await this.save(s);
    return { ok: true };
  }

  /** deleteRoutes removes custom routes by id; Local routes cannot be removed. All or nothing. */
  async deleteRoutes(routeIds: number[]): Promise<Ok<{ routes: RouteRecord[] }> | Failure> {
    const s = this.state;
    if (!s) return fail("ResourceNotFound", "The route table's VPC does not exist.");
    const have = s.routes ?? [];
    const missing = routeIds.find((id) => !have.some((r) => r.routeId === id));
    if (missing !== undefined) return fail("ResourceNotFound", `The route ${missing} does not exist in the route table (Local routes cannot be deleted).`);
    s.routes = have.filter((r) => !routeIds.includes(r.routeId));
    await this.save(s);
    return { ok: true, routes: have.filter((r) => routeIds.includes(r.routeId)) };
  }

  /** replaceRoutes swaps custom routes in place (same ids), refusing a destination another route holds. */
  async replaceRoutes(next: RouteRecord[]): Promise<Ok<{ old: RouteRecord[]; routes: RouteRecord[] }> | Failure> {
    const s = this.state;
    if (!s) return fail("ResourceNotFound", "The route table's VPC does not exist.");
    const have = s.routes ?? [];
    const old: RouteRecord[] = [];
    for (const r of next) {
      const hit = have.find((h) => h.routeId === r.routeId);
      if (!hit) return fail("ResourceNotFound", `The route ${r.routeId} does not exist in the route table (Local routes cannot be replaced).`);
      old.push(hit);
      const clash = have.find((h) => h.routeId !== r.routeId && !next.some((n) => n.routeId === h.routeId) && h.destination === r.destination);
      if (clash || next.some((n) => n !== r && n.destination === r.destination)) return fail("InvalidParameterValue.Duplicate", `The route table already has a route to ${r.destination}.`);
    }
    s.routes = have.map((h) => next.find((n) => n.routeId === h.routeId) ?? h);
    await this.save(s);
    return { ok: true, old, routes: next };
  }

  /** setRoutesEnabled enables or disables custom routes by id (all or nothing). */
  async setRoutesEnabled(routeIds: number[], enabled: boolean): Promise<Ok<object> | Failure> {
    const s = this.state;
    if (!s) return fail("ResourceNotFound", "The route table's VPC does not exist.");
    const have = s.routes ?? [];
    const missing = routeIds.find((id) => !have.some((r) => r.routeId === id));
    if (missing !== undefined) return fail("ResourceNotFound", `The route ${missing} does not exist in the route table.`);
    for (const r of have) if (routeIds.includes(r.routeId)) r.enabled = enabled;
    await this.save(s);
    return { ok: true };
  }

  /** wipe forgets everything this VPC object holds (the control plane's reset). */
  async wipe(): Promise<void> {
    this.state = null;
    await this.ctx.storage.deleteAll();
  }
}
