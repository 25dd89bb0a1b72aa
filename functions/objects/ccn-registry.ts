// Durable Object per account for Cloud Connect Networks (CCN): which VPCs each CCN joins. A VPC
// joins at most one CCN. Answers whether two VPCs are joined (rule CH6).
import { DurableObject } from "cloudflare:workers";
import type { Env } from "../env";
import { fail, type Failure } from "../errors";
import type { CcnRecord, Ok } from "./records";

/** CcnRegistry keeps one account's CCNs. */
export class CcnRegistry extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    const sql = ctx.storage.sql;
    sql.exec(`CREATE TABLE IF NOT EXISTS ccns(id TEXT PRIMARY KEY, created INTEGER, record TEXT)`);
    sql.exec(`CREATE TABLE IF NOT EXISTS attachments(vpc_id TEXT PRIMARY KEY, ccn_id TEXT)`);
  }

  private load(id: string): CcnRecord | null {
    const row = this.ctx.storage.sql.exec<{ record: string }>(`SELECT record FROM ccns WHERE id = ?`, id).toArray()[0];
    return row ? (JSON.parse(row.record) as CcnRecord) : null;
  }

  private store(c: CcnRecord): void {
    this.ctx.storage.sql.exec(`INSERT OR REPLACE INTO ccns(id, created, record) VALUES (?, ?, ?)`, c.ccnId, c.createdAt, JSON.stringify(c));
  }

  /** create records a new CCN; false if the id is taken. */
  async create(c: CcnRecord): Promise<boolean> {
    if (this.load(c.ccnId)) return false;
    this.store(c);
    return true;
  }

  /** list reports every CCN in creation order. */
  async list(): Promise<CcnRecord[]> {
    return this.ctx.storage.sql
      .exec<{ record: string }>(`SELECT record FROM ccns ORDER BY created, id`)
      .toArray()
      .map((r) => JSON.parse(r.record) as CcnRecord);
  }

  /** attach joins VPCs to a CCN; all or nothing. A VPC already in a CCN is refused. */
  async attach(ccnId: string, vpcs: { vpcId: string; region: string; description?: string }[], now: number): Promise<Ok<object> | Failure> {
    const c = this.load(ccnId);
    if (!c) return fail("ResourceNotFound", `The CCN ${ccnId} does not exist.`);
    if (new Set(vpcs.map((v) => v.vpcId)).size !== vpcs.length) return fail("InvalidParameterValue.Duplicate", "A VPC is listed more than once.");
    for (const v of vpcs) {
      const row = this.ctx.storage.sql.exec<{ ccn_id: string }>(`SELECT ccn_id FROM attachments WHERE vpc_id = ?`, v.vpcId).toArray()[0];
      if (row) return fail("UnsupportedOperation.CcnAttached", `The VPC ${v.vpcId} is already attached to ${row.ccn_id}; a VPC joins one CCN.`);
    }
    for (const v of vpcs) {
      this.ctx.storage.sql.exec(`INSERT INTO attachments(vpc_id, ccn_id) VALUES (?, ?)`, v.vpcId, ccnId);
      c.vpcs.push({ ...v, attachedAt: now });
    }
    this.store(c);
    return { ok: true };
  }

  /** detach removes VPCs from a CCN; all or nothing. */
  async detach(ccnId: string, vpcIds: string[]): Promise<Ok<object> | Failure> {
    const c = this.load(ccnId);
    if (!c) return fail("ResourceNotFound", `The CCN ${ccnId} does not exist.`);
    const missing = vpcIds.find((id) => !c.vpcs.some((v) => v.vpcId === id));
    if (missing) return fail("UnsupportedOperation.CcnNotAttached", `The VPC ${missing} is not attached to ${ccnId}.`);
    for (const id of vpcIds) this.ctx.storage.sql.exec(`DELETE FROM attachments WHERE vpc_id = ?`, id);
    c.vpcs = c.vpcs.filter((v) => !vpcIds.includes(v.vpcId));
    this.store(c);
    return { ok: true };
  }

  /** remove deletes a CCN that has no VPC attached. */
  async remove(ccnId: string): Promise<Ok<object> | Failure> {
    const c = this.load(ccnId);
    if (!c) return fail("ResourceNotFound", `The CCN ${ccnId} does not exist.`);
    if (c.vpcs.length) return fail("ResourceInUse", `The CCN ${ccnId} still has ${c.vpcs.length} VPC(s) attached; detach them first.`);
    this.ctx.storage.sql.exec(`DELETE FROM ccns WHERE id = ?`, ccnId);
    return { ok: true };
  }

  /** ccnOf reports the CCN a VPC is attached to, or null. */
  async ccnOf(vpcId: string): Promise<string | null> {
    return this.ctx.storage.sql.exec<{ ccn_id: string }>(`SELECT ccn_id FROM attachments WHERE vpc_id = ?`, vpcId).toArray()[0]?.ccn_id ?? null;
  }

  /** joined reports whether two VPCs are attached to the same CCN. */
  async joined(a: string, b: string): Promise<boolean> {
    const rows = this.ctx.storage.sql.exec<{ ccn_id: string }>(`SELECT ccn_id FROM attachments WHERE vpc_id IN (?, ?)`, a, b).toArray();
    return rows.length === 2 && rows[0]!.ccn_id === rows[1]!.ccn_id;
  }

  // ---- Lifecycle: attributes and reset. ----

  /** update changes a CCN's name or description, or an attached VPC's description (undefined: kept). */
  async update(ccnId: string, patch: { name?: string; description?: string; vpcDescriptions?: Record<string, string> }): Promise<Ok<object> | Failure> {
    const c = this.load(ccnId);
    if (!c) return fail("ResourceNotFound", `The CCN ${ccnId} does not exist.`);
    const missing = Object.keys(patch.vpcDescriptions ?? {}).find((id) => !c.vpcs.some((v) => v.vpcId === id));
    if (missing) return fail("UnsupportedOperation.CcnNotAttached", `The VPC ${missing} is not attached to ${ccnId}.`);
    if (patch.name !== undefined) c.name = patch.name;
    if (patch.description !== undefined) c.description = patch.description;
    for (const v of c.vpcs) if (patch.vpcDescriptions?.[v.vpcId] !== undefined) v.description = patch.vpcDescriptions[v.vpcId];
    this.store(c);
    return { ok: true };
  }

  /**
   * wipe forgets every CCN of the account, or (with a region) detaches that region's VPCs and
   * forgets the CCNs that joined only that region's VPCs (the control plane's reset).
   */
  async wipe(region?: string): Promise<void> {
    const sql = this.ctx.storage.sql;
    if (region === undefined) {
      sql.exec(`DELETE FROM ccns`);
      sql.exec(`DELETE FROM attachments`);
      return;
    }
    for (const c of await this.list()) {
      const gone = c.vpcs.filter((v) => v.region === region).map((v) => v.vpcId);
      if (!gone.length) continue;
      await this.detach(c.ccnId, gone);
      if (gone.length === c.vpcs.length) sql.exec(`DELETE FROM ccns WHERE id = ?`, c.ccnId);
    }
  }
}
