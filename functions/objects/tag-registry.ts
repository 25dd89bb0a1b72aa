// Durable Object per account for the tag product: which tag keys and values each resource
// carries, the resource named by service type, region, resource prefix and id (Tencent's six-segment name).
import { DurableObject } from "cloudflare:workers";
import type { Env } from "../env";
import { fail, type Failure } from "../errors";
import type { Ok, TagRow, TagTarget } from "./records";

/** MAX_TAGS_PER_RESOURCE is Tencent's limit of tags bound to one resource. */
const MAX_TAGS_PER_RESOURCE = 50;

/** TagRegistry keeps one account's resource tags, in every region. */
export class TagRegistry extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.storage.sql.exec(
      `CREATE TABLE IF NOT EXISTS tags(service TEXT, region TEXT, prefix TEXT, id TEXT, key TEXT, value TEXT, seq INTEGER,
       PRIMARY KEY(service, region, prefix, id, key))`,
    );
  }

  private count(t: TagTarget): number {
    return this.ctx.storage.sql
      .exec<{ n: number }>(`SELECT COUNT(*) AS n FROM tags WHERE service = ? AND region = ? AND prefix = ? AND id = ?`, t.service, t.region, t.prefix, t.id)
      .one().n;
  }

  private has(t: TagTarget, key: string): boolean {
    return this.ctx.storage.sql
      .exec(`SELECT 1 FROM tags WHERE service = ? AND region = ? AND prefix = ? AND id = ? AND key = ?`, t.service, t.region, t.prefix, t.id, key)
      .toArray().length > 0;
  }

  /**
   * modify sets (adds or replaces) and removes tags of several resources at once, all or nothing:
   * a resource that would carry more than 50 tags refuses the whole change.
   */
  async modify(targets: TagTarget[], set: { key: string; value: string }[], remove: string[]): Promise<Ok<object> | Failure> {
    for (const t of targets) {
      const added = set.filter((s) => !this.has(t, s.key)).length;
      const removed = remove.filter((k) => this.has(t, k)).length;
      if (this.count(t) + added - removed > MAX_TAGS_PER_RESOURCE) {
        return fail("LimitExceeded.ResourceAttachedTags", `The resource ${t.prefix}/${t.id} would carry more than ${MAX_TAGS_PER_RESOURCE} tags.`);
      }
    }
    const sql = this.ctx.storage.sql;
    for (const t of targets) {
      for (const k of remove) sql.exec(`DELETE FROM tags WHERE service = ? AND region = ? AND prefix = ? AND id = ? AND key = ?`, t.service, t.region, t.prefix, t.id, k);
      for (const s of set) {
        sql.exec(
          `INSERT INTO tags(service, region, prefix, id, key, value, seq) VALUES (?, ?, ?, ?, ?, ?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM tags))
           ON CONFLICT(service, region, prefix, id, key) DO UPDATE SET value = excluded.value`,
          t.service, t.region, t.prefix, t.id, s.key, s.value,
        );
      }
    }
    return { ok: true };
  }

  /** tagsOf reports the tags of the given resources (one service, region and prefix), in the order they were added. */
  async tagsOf(service: string, region: string, prefix: string, ids: string[]): Promise<TagRow[]> {
    if (ids.length === 0) return [];
    // One query for the type, filtered here: SQLite in a Durable Object binds at most 100 values.
    const wanted = new Set(ids);
    return this.ctx.storage.sql
      .exec<{ service: string; region: string; prefix: string; id: string; key: string; value: string }>(
        `SELECT service, region, prefix, id, key, value FROM tags WHERE service = ? AND region = ? AND prefix = ? ORDER BY seq`,
        service, region, prefix,
      )
      .toArray()
      .filter((r) => wanted.has(r.id))
      .map((r) => ({ ...r }));
  }

  /** all reports every tag row of the account (optionally of one region), in the order added. */
  async all(region?: string): Promise<TagRow[]> {
    const rows = region === undefined
      ? this.ctx.storage.sql.exec<TagRow & Record<string, string>>(`SELECT service, region, prefix, id, key, value FROM tags ORDER BY seq`)
      : this.ctx.storage.sql.exec<TagRow & Record<string, string>>(`SELECT service, region, prefix, id, key, value FROM tags WHERE region = ? ORDER BY seq`, region);
    return rows.toArray().map((r) => ({ ...r }));
  }

  /** drop removes every tag of one resource (it was deleted). */
  async drop(t: TagTarget): Promise<void> {
    this.ctx.storage.sql.exec(`DELETE FROM tags WHERE service = ? AND region = ? AND prefix = ? AND id = ?`, t.service, t.region, t.prefix, t.id);
  }

  /** reset forgets every tag of the account, or of one region. */
  async reset(region?: string): Promise<void> {
    if (region === undefined) this.ctx.storage.sql.exec(`DELETE FROM tags`);
    else this.ctx.storage.sql.exec(`DELETE FROM tags WHERE region = ?`, region);
  }
}
