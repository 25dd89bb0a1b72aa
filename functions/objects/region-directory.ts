// Durable Object per account+region: the listing of VPCs and instances, the classic network's
// private IPs (unique per region), v2 task numbers and the VPC quota. Creation of a VPC or an
// instance is driven from here: the row is written first ("creating"), then the resource's own
// object is initialised, then the row is "ready"; an alarm re-drives rows a crash left creating.
import { DurableObject } from "cloudflare:workers";
import type { Env } from "../env";
import { fail, type Failure } from "../errors";
import { withPolicy } from "../policy/core";
import { instanceObject, vpcObject } from "./names";
import type { InstanceRecord, Ok, VpcRecord } from "./records";

/** DEFAULT_VPC_QUOTA is the number of VPCs per region (Tencent's default appid-max-vpcs). */
export const DEFAULT_VPC_QUOTA = 20;

/** vpcQuota reports the VPCs allowed per region: VPC_QUOTA_PER_REGION if set, else the default. */
export function vpcQuota(env: Env): number {
  const n = Number(env.VPC_QUOTA_PER_REGION);
  return Number.isInteger(n) && n > 0 ? n : DEFAULT_VPC_QUOTA;
}

const REDRIVE_MS = 5_000;

type Row = { id: string; record: string; state: string };

/** RegionDirectory lists and allocates for one account in one region. */
export class RegionDirectory extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    const sql = ctx.storage.sql;
    sql.exec(`CREATE TABLE IF NOT EXISTS vpcs(id TEXT PRIMARY KEY, seq INTEGER, record TEXT, state TEXT)`);
    sql.exec(`CREATE TABLE IF NOT EXISTS instances(id TEXT PRIMARY KEY, seq INTEGER, record TEXT, state TEXT)`);
    sql.exec(`CREATE TABLE IF NOT EXISTS ips(ip TEXT PRIMARY KEY, instance_id TEXT)`);
    sql.exec(`CREATE TABLE IF NOT EXISTS counters(name TEXT PRIMARY KEY, value INTEGER)`);
    sql.exec(`CREATE TABLE IF NOT EXISTS meta(k TEXT PRIMARY KEY, v TEXT)`);
  }

  /** The account this directory serves, remembered from the first call that creates anything. */
  private remember(account: string): void {
    this.ctx.storage.sql.exec(`INSERT OR IGNORE INTO meta(k, v) VALUES ('account', ?)`, account);
  }

  private account(): string {
    return this.ctx.storage.sql.exec<{ v: string }>(`SELECT v FROM meta WHERE k = 'account'`).toArray()[0]?.v ?? "";
  }

  private next(name: string): number {
    const row = this.ctx.storage.sql
      .exec<{ value: number }>(
        `INSERT INTO counters(name, value) VALUES (?, 1) ON CONFLICT(name) DO UPDATE SET value = value + 1 RETURNING value`,
        name,
      )
      .one();
    return row.value;
  }

  /** createVpc registers and initialises a VPC; it refuses past the quota or on an id clash. */
  async createVpc(account: string, vpc: VpcRecord): Promise<Ok<{ vpc: VpcRecord }> | Failure> {
    const sql = this.ctx.storage.sql;
    this.remember(account);
    const count = sql.exec<{ n: number }>(`SELECT COUNT(*) AS n FROM vpcs`).one().n;
    const quota = vpcQuota(this.env);
    if (count >= quota) return fail("LimitExceeded", `The region already has ${count} of ${quota} VPCs.`);
    if (sql.exec(`SELECT 1 FROM vpcs WHERE id = ?`, vpc.vpcId).toArray().length) return fail("ResourceInUse", `The id ${vpc.vpcId} is taken.`);
    sql.exec(`INSERT INTO vpcs(id, seq, record, state) VALUES (?, ?, ?, 'creating')`, vpc.vpcId, this.next("vpc"), JSON.stringify(vpc));
    await this.ctx.storage.setAlarm(Date.now() + REDRIVE_MS);
    const made = await vpcObject(this.env, this.account(), vpc.vpcId).init(vpc);
    if (!made.ok) {
      sql.exec(`DELETE FROM vpcs WHERE id = ?`, vpc.vpcId);
      return made;
    }
    sql.exec(`UPDATE vpcs SET state = 'ready' WHERE id = ?`, vpc.vpcId);
    return made;
  }

  /** deleteVpc deletes a VPC that has no links or instances left, then its row. */
  async deleteVpc(account: string, vpcId: string): Promise<Ok<object> | Failure> {
    this.remember(account);
    const sql = this.ctx.storage.sql;
    if (!sql.exec(`SELECT 1 FROM vpcs WHERE id = ?`, vpcId).toArray().length) {
      return fail("ResourceNotFound", `The VPC ${vpcId} does not exist.`, "InvalidVpc.NotFound");
    }
    const gone = await vpcObject(this.env, this.account(), vpcId).destroy(vpcId);
    if (!gone.ok && gone.code !== "ResourceNotFound") return gone;
    sql.exec(`DELETE FROM vpcs WHERE id = ?`, vpcId);
    return { ok: true };
  }

  /** vpcIds reports the region's VPC ids in creation order. */
  async vpcIds(): Promise<string[]> {
    return this.ctx.storage.sql.exec<{ id: string }>(`SELECT id FROM vpcs ORDER BY seq`).toArray().map((r) => r.id);
  }

  /** instanceIds reports the region's instance ids in creation order. */
  async instanceIds(): Promise<string[]> {
    return this.ctx.storage.sql.exec<{ id: string }>(`SELECT id FROM instances ORDER BY seq`).toArray().map((r) => r.id);
  }

  /**
   * runInstances registers, addresses and initialises new instances. Classic instances get a
   * unique random IP in 10.48.0.0-10.255.255.255; VPC instances get theirs from their subnet.
   */
  async runInstances(account: string, records: InstanceRecord[], wantedIp?: string): Promise<Ok<{ instances: InstanceRecord[] }> | Failure> {
    const sql = this.ctx.storage.sql;
    this.remember(account);
    for (const r of records) {
      if (sql.exec(`SELECT 1 FROM instances WHERE id = ?`, r.instanceId).toArray().length) return fail("ResourceInUse", `The id ${r.instanceId} is taken.`);
    }
    for (const r of records) {
      sql.exec(`INSERT INTO instances(id, seq, record, state) VALUES (?, ?, ?, 'creating')`, r.instanceId, this.next("instance"), JSON.stringify(r));
    }
    await this.ctx.storage.setAlarm(Date.now() + REDRIVE_MS);
    const out: InstanceRecord[] = [];
    for (const r of records) {
      const done = await this.finishInstance(r, wantedIp);
      if (!done.ok) {
        // all or nothing: undo the instances this call already made, then this one's row
        for (const made of out) await this.undoInstance(made);
        await this.undoInstance({ ...r, privateIp: "" });
        return done;
      }
      out.push(done.instance);
    }
    return { ok: true, instances: out };
  }

  /** undoInstance removes an instance this directory created moments ago: object, address, row. */
  private async undoInstance(r: InstanceRecord): Promise<void> {
    const account = this.account();
    await instanceObject(this.env, account, r.instanceId).destroy();
    if (r.network === "vpc") {
      if (r.privateIp) await vpcObject(this.env, account, r.vpcId!).freeIp(r.subnetId!, r.privateIp);
    } else this.ctx.storage.sql.exec(`DELETE FROM ips WHERE instance_id = ?`, r.instanceId);
    this.ctx.storage.sql.exec(`DELETE FROM instances WHERE id = ?`, r.instanceId);
  }

  private async finishInstance(r: InstanceRecord, wantedIp?: string): Promise<Ok<{ instance: InstanceRecord }> | Failure> {
    const sql = this.ctx.storage.sql;
    let ip: string;
    if (r.network === "vpc") {
      const got = await vpcObject(this.env, this.account(), r.vpcId!).allocateIp(r.subnetId!, r.instanceId, wantedIp);
      if (!got.ok) return got;
      ip = got.ip;
    } else {
      const mine = sql.exec<{ ip: string }>(`SELECT ip FROM ips WHERE instance_id = ?`, r.instanceId).toArray()[0];
      ip = mine?.ip ?? (await this.freshClassicIp(r.instanceId));
    }
    const rec = { ...r, privateIp: ip };
    const made = await instanceObject(this.env, this.account(), r.instanceId).init(rec);
    if (!made.ok) return made;
    sql.exec(`UPDATE instances SET state = 'ready', record = ? WHERE id = ?`, JSON.stringify(rec), r.instanceId);
    return made;
  }

  private async freshClassicIp(instanceId: string): Promise<string> {
    const sql = this.ctx.storage.sql;
    for (;;) {
      const n = crypto.getRandomValues(new Uint32Array(1))[0]!;
      // the core maps the pick into the classic range and refuses the .0 and .255 of each /24
      const candidate = await withPolicy((core) => core.classicAddressAt(n));
      if (candidate === null) continue;
      const taken = sql.exec(`SELECT 1 FROM ips WHERE ip = ?`, candidate).toArray().length > 0;
      if (taken) continue;
      sql.exec(`INSERT INTO ips(ip, instance_id) VALUES (?, ?)`, candidate, instanceId);
      return candidate;
    }
  }

  /** reserveIp claims a classic IP for an instance; refuses one held by another instance (named as ipHolder). */
  async reserveIp(ip: string, instanceId: string): Promise<Ok<object> | (Failure & { ipHolder: string })> {
    const sql = this.ctx.storage.sql;
    const holder = sql.exec<{ instance_id: string }>(`SELECT instance_id FROM ips WHERE ip = ?`, ip).toArray()[0];
    if (holder && holder.instance_id !== instanceId) {
      return { ...fail("InvalidParameterValue", `The IP ${ip} is already used by ${holder.instance_id}.`), ipHolder: holder.instance_id };
    }
    if (!holder) sql.exec(`INSERT INTO ips(ip, instance_id) VALUES (?, ?)`, ip, instanceId);
    return { ok: true };
  }

  /** releaseIp frees a classic IP if the instance holds it (idempotent). */
  async releaseIp(ip: string, instanceId: string): Promise<void> {
    this.ctx.storage.sql.exec(`DELETE FROM ips WHERE ip = ? AND instance_id = ?`, ip, instanceId);
  }

  /** removeInstance forgets an instance's row (idempotent). */
  async removeInstance(instanceId: string): Promise<void> {
    this.ctx.storage.sql.exec(`DELETE FROM instances WHERE id = ?`, instanceId);
  }

  /** nextTaskNumber hands out the region's next v2 task id (an integer, as v2 clients expect). */
  async nextTaskNumber(): Promise<number> {
    return this.next("v2task");
  }

  /** alarm re-drives creations that a crash left half-done. */
  async alarm(): Promise<void> {
    const sql = this.ctx.storage.sql;
    for (const row of sql.exec<Row>(`SELECT id, record, state FROM vpcs WHERE state = 'creating'`).toArray()) {
      const vpc = JSON.parse(row.record) as VpcRecord;
      const made = await vpcObject(this.env, this.account(), vpc.vpcId).init(vpc);
      if (made.ok) sql.exec(`UPDATE vpcs SET state = 'ready' WHERE id = ?`, row.id);
      else sql.exec(`DELETE FROM vpcs WHERE id = ?`, row.id);
    }
    for (const row of sql.exec<Row>(`SELECT id, record, state FROM instances WHERE state = 'creating'`).toArray()) {
      const done = await this.finishInstance(JSON.parse(row.record) as InstanceRecord);
      if (!done.ok) sql.exec(`DELETE FROM instances WHERE id = ?`, row.id);
    }
  }

  // ---- Control plane: reset. ----

  /**
   * wipe forgets up to `batch` VPCs and instances of the region (their objects too) and reports
   * how many are left; once none are, it forgets the listing, classic IPs and counters as well.
   * The caller repeats it: each call is its own request, so no one request makes hundreds of calls.
   */
  async wipe(batch = 25): Promise<number> {
    const account = this.account();
    const sql = this.ctx.storage.sql;
    let budget = batch;
    for (const id of (await this.vpcIds()).slice(0, budget)) {
      await vpcObject(this.env, account, id).wipe();
      sql.exec(`DELETE FROM vpcs WHERE id = ?`, id);
      budget--;
    }
    for (const id of (await this.instanceIds()).slice(0, budget)) {
      await instanceObject(this.env, account, id).destroy();
      sql.exec(`DELETE FROM instances WHERE id = ?`, id);
    }
    const left = sql.exec<{ n: number }>(`SELECT (SELECT COUNT(*) FROM vpcs) + (SELECT COUNT(*) FROM instances) AS n`).one().n;
    if (left > 0) return left;
    await this.ctx.storage.deleteAlarm();
    for (const t of ["vpcs", "instances", "ips", "counters", "meta"]) sql.exec(`DELETE FROM ${t}`);
    return 0;
  }
}
