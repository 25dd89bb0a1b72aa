// Durable Object per account+region for security groups (ordered ingress/egress rules, bound to
// instances) and network ACLs (ordered inbound/outbound rules, bound to subnets). One object
// holds both so a rule change and a binding never race; rules arrive already checked by the core.
import { DurableObject } from "cloudflare:workers";
import type { Env } from "../env";
import { fail, type Failure } from "../errors";
import type { NetworkAclRecord, Ok, RuleRecord, SecurityGroupRecord } from "./records";

/** FirewallRegistry keeps one account's security groups and network ACLs in one region. */
export class FirewallRegistry extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    const sql = ctx.storage.sql;
    sql.exec(`CREATE TABLE IF NOT EXISTS sgs(id TEXT PRIMARY KEY, seq INTEGER, record TEXT)`);
    sql.exec(`CREATE TABLE IF NOT EXISTS sg_bindings(instance_id TEXT, sg_id TEXT, pos INTEGER, PRIMARY KEY(instance_id, sg_id))`);
    sql.exec(`CREATE TABLE IF NOT EXISTS acls(id TEXT PRIMARY KEY, seq INTEGER, record TEXT)`);
    sql.exec(`CREATE TABLE IF NOT EXISTS acl_subnets(subnet_id TEXT PRIMARY KEY, acl_id TEXT)`);
    sql.exec(`CREATE TABLE IF NOT EXISTS counters(name TEXT PRIMARY KEY, value INTEGER)`);
  }

  private next(): number {
    return this.ctx.storage.sql
      .exec<{ value: number }>(`INSERT INTO counters(name, value) VALUES ('seq', 1) ON CONFLICT(name) DO UPDATE SET value = value + 1 RETURNING value`)
      .one().value;
  }

  private read<T>(table: "sgs" | "acls", id: string): T | null {
    const row = this.ctx.storage.sql.exec<{ record: string }>(`SELECT record FROM ${table} WHERE id = ?`, id).toArray()[0];
    return row ? (JSON.parse(row.record) as T) : null;
  }

  private all<T>(table: "sgs" | "acls"): T[] {
    return this.ctx.storage.sql.exec<{ record: string }>(`SELECT record FROM ${table} ORDER BY seq`).toArray().map((r) => JSON.parse(r.record) as T);
  }

  /** createSecurityGroup records a new group; false if the id is taken. */
  async createSecurityGroup(g: SecurityGroupRecord): Promise<boolean> {
    if (this.read("sgs", g.securityGroupId)) return false;
    this.ctx.storage.sql.exec(`INSERT INTO sgs(id, seq, record) VALUES (?, ?, ?)`, g.securityGroupId, this.next(), JSON.stringify(g));
    return true;
  }

  /** securityGroup reports one group, or null. */
  async securityGroup(id: string): Promise<SecurityGroupRecord | null> {
    return this.read<SecurityGroupRecord>("sgs", id);
  }

  /** securityGroups reports every group in creation order. */
  async securityGroups(): Promise<SecurityGroupRecord[]> {
    return this.all<SecurityGroupRecord>("sgs");
  }

  /**
   * addPolicies inserts rules into one direction of a group, at `index` (0-based) or at the end;
   * refuses a stale version.
   */
  async addPolicies(
    sgId: string,
    direction: "ingress" | "egress",
    rules: RuleRecord[],
    index: number | null,
    version: number | null,
    now: number,
  ): Promise<Ok<{ group: SecurityGroupRecord }> | Failure> {
    const g = this.read<SecurityGroupRecord>("sgs", sgId);
    if (!g) return fail("ResourceNotFound", `The security group ${sgId} does not exist.`);
    if (version !== null && version !== g.version) {
      return fail("UnsupportedOperation.VersionMismatch", `The security group ${sgId} is at version ${g.version}, not ${version}; read its rules again.`);
    }
    const list = g[direction];
    if (index !== null && index > list.length) {
      return fail("InvalidParameterValue.Range", `The PolicyIndex ${index} is past the end of the ${direction} rules (${list.length}).`);
    }
    list.splice(index ?? list.length, 0, ...rules);
    g.version += 1;
    g.updatedAt = now;
    this.ctx.storage.sql.exec(`UPDATE sgs SET record = ? WHERE id = ?`, JSON.stringify(g), sgId);
    return { ok: true, group: g };
  }

  /** deleteSecurityGroup deletes a group that no instance uses. */
  async deleteSecurityGroup(sgId: string): Promise<Ok<object> | Failure> {
    const sql = this.ctx.storage.sql;
    if (!this.read("sgs", sgId)) return fail("ResourceNotFound", `The security group ${sgId} does not exist.`);
    const users = sql.exec<{ instance_id: string }>(`SELECT instance_id FROM sg_bindings WHERE sg_id = ? ORDER BY instance_id`, sgId).toArray();
    if (users.length) {
      return fail("ResourceInUse", `The security group ${sgId} is bound to ${users.map((u) => u.instance_id).join(", ")}; disassociate it first.`);
    }
    sql.exec(`DELETE FROM sgs WHERE id = ?`, sgId);
    return { ok: true };
  }

  /** bind adds groups to instances (after the ones each already has); groups must exist. */
  async bind(instanceIds: string[], sgIds: string[]): Promise<Ok<object> | Failure> {
    const sql = this.ctx.storage.sql;
    const missing = sgIds.find((id) => !this.read("sgs", id));
    if (missing) return fail("ResourceNotFound", `The security group ${missing} does not exist.`);
    for (const ins of instanceIds) {
      for (const sg of sgIds) {
        const pos = sql.exec<{ n: number }>(`SELECT COALESCE(MAX(pos), -1) + 1 AS n FROM sg_bindings WHERE instance_id = ?`, ins).one().n;
        sql.exec(`INSERT OR IGNORE INTO sg_bindings(instance_id, sg_id, pos) VALUES (?, ?, ?)`, ins, sg, pos);
      }
    }
    return { ok: true };
  }

  /**
   * unbind removes one group from each instance, all or none: refused when an instance does not
   * have the group (the group's other bindings and the instances' other groups stay).
   */
  async unbind(instanceIds: string[], sgId: string): Promise<Ok<object> | Failure> {
    const sql = this.ctx.storage.sql;
    if (!this.read("sgs", sgId)) return fail("ResourceNotFound", `The security group ${sgId} does not exist.`);
    const loose = instanceIds.find((ins) => !sql.exec(`SELECT 1 FROM sg_bindings WHERE instance_id = ? AND sg_id = ?`, ins, sgId).toArray().length);
    if (loose) return fail("FailedOperation.SecurityGroupActionFailed", `The instance ${loose} is not bound to the security group ${sgId}; nothing was unbound.`);
    for (const ins of instanceIds) sql.exec(`DELETE FROM sg_bindings WHERE instance_id = ? AND sg_id = ?`, ins, sgId);
    return { ok: true };
  }

  /** unbindInstance forgets a (terminated) instance's groups. */
  async unbindInstance(instanceId: string): Promise<void> {
    this.ctx.storage.sql.exec(`DELETE FROM sg_bindings WHERE instance_id = ?`, instanceId);
  }

  /** bindings reports each instance's groups in evaluation order. */
  async bindings(): Promise<Record<string, string[]>> {
    const out: Record<string, string[]> = {};
    for (const r of this.ctx.storage.sql.exec<{ instance_id: string; sg_id: string }>(`SELECT instance_id, sg_id FROM sg_bindings ORDER BY instance_id, pos`)) {
      (out[r.instance_id] ??= []).push(r.sg_id);
    }
    return out;
  }

  /** createAcl records a new network ACL; false if the id is taken. */
  async createAcl(a: NetworkAclRecord): Promise<boolean> {
    if (this.read("acls", a.networkAclId)) return false;
    this.ctx.storage.sql.exec(`INSERT INTO acls(id, seq, record) VALUES (?, ?, ?)`, a.networkAclId, this.next(), JSON.stringify(a));
    return true;
  }

  /** acl reports one network ACL, or null. */
  async acl(id: string): Promise<NetworkAclRecord | null> {
    return this.read<NetworkAclRecord>("acls", id);
  }

  /** acls reports every network ACL in creation order. */
  async acls(): Promise<NetworkAclRecord[]> {
    return this.all<NetworkAclRecord>("acls");
  }

  /** setEntries replaces the inbound and/or outbound rules of an ACL (a side left null is kept). */
  async setEntries(aclId: string, inbound: RuleRecord[] | null, outbound: RuleRecord[] | null): Promise<Ok<{ acl: NetworkAclRecord }> | Failure> {
    const a = this.read<NetworkAclRecord>("acls", aclId);
    if (!a) return fail("ResourceNotFound", `The network ACL ${aclId} does not exist.`);
    if (inbound) a.inbound = inbound;
    if (outbound) a.outbound = outbound;
    this.ctx.storage.sql.exec(`UPDATE acls SET record = ? WHERE id = ?`, JSON.stringify(a), aclId);
    return { ok: true, acl: a };
  }

  /** associate binds subnets to an ACL; a subnet holds one ACL, so an earlier binding is replaced. */
  async associate(aclId: string, subnetIds: string[]): Promise<Ok<object> | Failure> {
    if (!this.read("acls", aclId)) return fail("ResourceNotFound", `The network ACL ${aclId} does not exist.`);
    for (const s of subnetIds) this.ctx.storage.sql.exec(`INSERT OR REPLACE INTO acl_subnets(subnet_id, acl_id) VALUES (?, ?)`, s, aclId);
    return { ok: true };
  }

  /** deleteAcl deletes a network ACL that no subnet uses. */
  async deleteAcl(aclId: string): Promise<Ok<object> | Failure> {
    const sql = this.ctx.storage.sql;
    if (!this.read("acls", aclId)) return fail("ResourceNotFound", `The network ACL ${aclId} does not exist.`);
    const users = sql.exec<{ subnet_id: string }>(`SELECT subnet_id FROM acl_subnets WHERE acl_id = ? ORDER BY subnet_id`, aclId).toArray();
    if (users.length) return fail("ResourceInUse", `The network ACL ${aclId} is bound to ${users.map((u) => u.subnet_id).join(", ")}.`);
    sql.exec(`DELETE FROM acls WHERE id = ?`, aclId);
    return { ok: true };
  }

  /** subnetAcls reports each subnet's ACL. */
  async subnetAcls(): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    for (const r of this.ctx.storage.sql.exec<{ subnet_id: string; acl_id: string }>(`SELECT subnet_id, acl_id FROM acl_subnets`)) out[r.subnet_id] = r.acl_id;
    return out;
  }

  // ---- Lifecycle: attributes, rule replacement and removal, undoing bindings, reset. ----

  private write(table: "sgs" | "acls", id: string, record: object): void {
    this.ctx.storage.sql.exec(`UPDATE ${table} SET record = ? WHERE id = ?`, JSON.stringify(record), id);
  }

  /** updateGroup changes a group's name or description (fields left undefined are kept). */
  async updateGroup(sgId: string, patch: { name?: string; description?: string }, now: number): Promise<Ok<object> | Failure> {
    const g = this.read<SecurityGroupRecord>("sgs", sgId);
    if (!g) return fail("ResourceNotFound", `The security group ${sgId} does not exist.`);
    if (patch.name !== undefined) g.name = patch.name;
    if (patch.description !== undefined) g.description = patch.description;
    g.updatedAt = now;
    this.write("sgs", sgId, g);
    return { ok: true };
  }

  /**
   * changePolicies applies `edit` to a group's rule lists under the version guard, then bumps the
   * version; edit reports a Failure to refuse the change (nothing is written then).
   */
  async changePolicies(
    sgId: string,
    version: number | null,
    now: number,
    edit: { kind: "set"; ingress: RuleRecord[] | null; egress: RuleRecord[] | null } | { kind: "delete"; direction: "ingress" | "egress"; indexes: number[] } | { kind: "replace"; direction: "ingress" | "egress"; index: number; rule: RuleRecord },
  ): Promise<Ok<{ group: SecurityGroupRecord }> | Failure> {
    const g = this.read<SecurityGroupRecord>("sgs", sgId);
    if (!g) return fail("ResourceNotFound", `The security group ${sgId} does not exist.`);
    if (version !== null && version !== g.version) {
      return fail("UnsupportedOperation.VersionMismatch", `The security group ${sgId} is at version ${g.version}, not ${version}; read its rules again.`);
    }
    if (edit.kind === "set") {
      if (edit.ingress) g.ingress = edit.ingress;
      if (edit.egress) g.egress = edit.egress;
    } else if (edit.kind === "delete") {
      const list = g[edit.direction];
      const bad = edit.indexes.find((i) => i >= list.length);
      if (bad !== undefined) return fail("InvalidParameterValue.Range", `The PolicyIndex ${bad} is past the end of the ${edit.direction} rules (${list.length}).`);
      g[edit.direction] = list.filter((_, i) => !edit.indexes.includes(i));
    } else {
      const list = g[edit.direction];
      if (edit.index >= list.length) return fail("InvalidParameterValue.Range", `The PolicyIndex ${edit.index} is past the end of the ${edit.direction} rules (${list.length}).`);
      list[edit.index] = edit.rule;
    }
    g.version += 1;
    g.updatedAt = now;
    this.write("sgs", sgId, g);
    return { ok: true, group: g };
  }

  /** instancesOf reports the instances a group is bound to. */
  async instancesOf(sgId: string): Promise<string[]> {
    return this.ctx.storage.sql.exec<{ instance_id: string }>(`SELECT instance_id FROM sg_bindings WHERE sg_id = ? ORDER BY instance_id`, sgId).toArray().map((r) => r.instance_id);
  }

  /** renameAcl changes a network ACL's name. */
  async renameAcl(aclId: string, name: string): Promise<Ok<object> | Failure> {
    const a = this.read<NetworkAclRecord>("acls", aclId);
    if (!a) return fail("ResourceNotFound", `The network ACL ${aclId} does not exist.`);
    a.name = name;
    this.write("acls", aclId, a);
    return { ok: true };
  }

  /** disassociate unbinds subnets from an ACL; every subnet must be bound to it (all or nothing). */
  async disassociate(aclId: string, subnetIds: string[]): Promise<Ok<object> | Failure> {
    const sql = this.ctx.storage.sql;
    if (!this.read("acls", aclId)) return fail("ResourceNotFound", `The network ACL ${aclId} does not exist.`);
    for (const s of subnetIds) {
      const row = sql.exec<{ acl_id: string }>(`SELECT acl_id FROM acl_subnets WHERE subnet_id = ?`, s).toArray()[0];
      if (row?.acl_id !== aclId) return fail("ResourceNotFound", `The subnet ${s} is not associated with the network ACL ${aclId}.`);
    }
    for (const s of subnetIds) sql.exec(`DELETE FROM acl_subnets WHERE subnet_id = ?`, s);
    return { ok: true };
  }

  /** setBindings replaces an instance's groups with the given ones, in order (groups must exist). */
  async setBindings(instanceId: string, sgIds: string[]): Promise<Ok<object> | Failure> {
    const missing = sgIds.find((id) => !this.read("sgs", id));
    if (missing) return fail("ResourceNotFound", `The security group ${missing} does not exist.`);
    this.ctx.storage.sql.exec(`DELETE FROM sg_bindings WHERE instance_id = ?`, instanceId);
    sgIds.forEach((sg, pos) => this.ctx.storage.sql.exec(`INSERT OR IGNORE INTO sg_bindings(instance_id, sg_id, pos) VALUES (?, ?, ?)`, instanceId, sg, pos));
    return { ok: true };
  }

  /** forgetSubnet drops a deleted subnet's ACL binding (idempotent). */
  async forgetSubnet(subnetId: string): Promise<void> {
    this.ctx.storage.sql.exec(`DELETE FROM acl_subnets WHERE subnet_id = ?`, subnetId);
  }

  /** wipe forgets every group, ACL and binding of this account and region (the control plane's reset). */
  async wipe(): Promise<void> {
    for (const t of ["sgs", "sg_bindings", "acls", "acl_subnets", "counters"]) this.ctx.storage.sql.exec(`DELETE FROM ${t}`);
  }
}
