// Durable Object per account+region for API Gateway: exclusive instances (small records kept
// here) and the listing of services and channels (whose own objects hold their state).
import { DurableObject } from "cloudflare:workers";
import type { Env } from "../env";
import { channelObject, serviceObject } from "./names";
import type { ExclusiveInstanceRecord } from "./records";

/** A kind of listed id. */
type MemberKind = "service" | "channel";
// a channel's rows are stored with kind "upstream", the name first stored (kept so stored listings read back)
const STORED_KIND: Record<MemberKind, string> = { service: "service", channel: "upstream" };

/**
 * ApiGatewayRegistry lists one account's API Gateway resources in one region. Its class is
 * exported to the runtime as GatewayRegistry, the name wrangler.toml declares: a Durable Object
 * class name is its storage identity.
 */
export class ApiGatewayRegistry extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    const sql = ctx.storage.sql;
    sql.exec(`CREATE TABLE IF NOT EXISTS instances(id TEXT PRIMARY KEY, seq INTEGER, record TEXT)`);
    sql.exec(`CREATE TABLE IF NOT EXISTS members(kind TEXT, id TEXT, seq INTEGER, PRIMARY KEY(kind, id))`);
    sql.exec(`CREATE TABLE IF NOT EXISTS counters(name TEXT PRIMARY KEY, value INTEGER)`);
  }

  private next(): number {
    return this.ctx.storage.sql
      .exec<{ value: number }>(`INSERT INTO counters(name, value) VALUES ('seq', 1) ON CONFLICT(name) DO UPDATE SET value = value + 1 RETURNING value`)
      .one().value;
  }

  /** addInstance records an exclusive instance; false if the id is taken. */
  async addInstance(rec: ExclusiveInstanceRecord): Promise<boolean> {
    const sql = this.ctx.storage.sql;
    if (sql.exec(`SELECT 1 FROM instances WHERE id = ?`, rec.instanceId).toArray().length) return false;
    sql.exec(`INSERT INTO instances(id, seq, record) VALUES (?, ?, ?)`, rec.instanceId, this.next(), JSON.stringify(rec));
    return true;
  }

  /** instance reports one exclusive instance, or null. */
  async instance(id: string): Promise<ExclusiveInstanceRecord | null> {
    const row = this.ctx.storage.sql.exec<{ record: string }>(`SELECT record FROM instances WHERE id = ?`, id).toArray()[0];
    return row ? (JSON.parse(row.record) as ExclusiveInstanceRecord) : null;
  }

  /** instances reports every exclusive instance in creation order. */
  async instances(): Promise<ExclusiveInstanceRecord[]> {
    return this.ctx.storage.sql
      .exec<{ record: string }>(`SELECT record FROM instances ORDER BY seq`)
      .toArray()
      .map((r) => JSON.parse(r.record) as ExclusiveInstanceRecord);
  }

  /** updateInstance replaces an exclusive instance's record; false if there is none. */
  async updateInstance(rec: ExclusiveInstanceRecord): Promise<boolean> {
    const sql = this.ctx.storage.sql;
    if (!sql.exec(`SELECT 1 FROM instances WHERE id = ?`, rec.instanceId).toArray().length) return false;
    sql.exec(`UPDATE instances SET record = ? WHERE id = ?`, JSON.stringify(rec), rec.instanceId);
    return true;
  }

  /** removeInstance deletes an exclusive instance's record (idempotent). */
  async removeInstance(id: string): Promise<void> {
    this.ctx.storage.sql.exec(`DELETE FROM instances WHERE id = ?`, id);
  }

  /** add lists a service or channel id (after its object exists). */
  async add(kind: MemberKind, id: string): Promise<void> {
    this.ctx.storage.sql.exec(`INSERT OR IGNORE INTO members(kind, id, seq) VALUES (?, ?, ?)`, STORED_KIND[kind], id, this.next());
  }

  /** remove unlists a service or channel id (idempotent). */
  async remove(kind: MemberKind, id: string): Promise<void> {
    this.ctx.storage.sql.exec(`DELETE FROM members WHERE kind = ? AND id = ?`, STORED_KIND[kind], id);
  }

  /** ids reports the listed ids of one kind in creation order. */
  async ids(kind: MemberKind): Promise<string[]> {
    return this.ctx.storage.sql.exec<{ id: string }>(`SELECT id FROM members WHERE kind = ? ORDER BY seq`, STORED_KIND[kind]).toArray().map((r) => r.id);
  }

  // ---- Control plane: reset. ----

  /** wipe forgets every service and channel listed here (their objects too), the exclusive instances and the listing. */
  async wipe(account: string): Promise<void> {
    for (const id of await this.ids("service")) await serviceObject(this.env, id).wipe();
    for (const id of await this.ids("channel")) await channelObject(this.env, account, id).wipe();
    for (const t of ["instances", "members", "counters"]) this.ctx.storage.sql.exec(`DELETE FROM ${t}`);
  }
}
