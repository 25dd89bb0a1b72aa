// Durable Object per account for the tag product: the account's tag list (every key:value pair
// created by CreateTag or by binding it), and which pairs each resource carries, the resource
// named by service type, region, resource prefix and id (Tencent's six-segment name).
import { DurableObject } from "cloudflare:workers";
import type { Env } from "../env";
import { fail, type Failure } from "../errors";
import type { Ok, TagListRow, TagRow, TagTarget } from "./records";

/** MAX_TAGS_PER_RESOURCE is Tencent's limit of tags bound to one resource. */
const MAX_TAGS_PER_RESOURCE = 50;
/** Tencent's tag-list limits (LimitExceeded.TagKey, LimitExceeded.TagValue): keys per account, values per key. */
const MAX_TAG_KEYS = 1000;
const MAX_VALUES_PER_KEY = 1000;

type Pair = { key: string; value: string };

/**
 * listable reports the pairs the tag list may hold: a pair with an empty value (which
 * ModifyResourceTags and create actions' Tags accept) is bound only, since CreateTag and DeleteTag
 * refuse empty values (InvalidParameterValue.TagValueEmpty) and such a list entry could never go.
 */
const listable = (pairs: Pair[]) => pairs.filter((p) => p.value !== "");

/** TagRegistry keeps one account's resource tags, in every region. */
export class TagRegistry extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.storage.sql.exec(
      `CREATE TABLE IF NOT EXISTS tags(service TEXT, region TEXT, prefix TEXT, id TEXT, key TEXT, value TEXT, seq INTEGER,
       PRIMARY KEY(service, region, prefix, id, key))`,
    );
    const fresh = ctx.storage.sql.exec(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'tag_list'`).toArray().length === 0;
    ctx.storage.sql.exec(`CREATE TABLE IF NOT EXISTS tag_list(key TEXT, value TEXT, seq INTEGER, PRIMARY KEY(key, value))`);
    // State kept before the tag list existed: every bound pair is a listed tag, as binding creates it
    // (but an empty value: the list holds no such pair, as CreateTag and DeleteTag refuse one).
    if (fresh) ctx.storage.sql.exec(`INSERT OR IGNORE INTO tag_list(key, value, seq) SELECT key, value, MIN(seq) FROM tags WHERE value != '' GROUP BY key, value`);
  }

  private listed(key: string, value: string): boolean {
    return this.ctx.storage.sql.exec(`SELECT 1 FROM tag_list WHERE key = ? AND value = ?`, key, value).toArray().length > 0;
  }

  private bound(key: string, value: string): boolean {
    return this.ctx.storage.sql.exec(`SELECT 1 FROM tags WHERE key = ? AND value = ? LIMIT 1`, key, value).toArray().length > 0;
  }

  /** listLimit reports the failure of adding pairs to the tag list past Tencent's key or value limits, or null. */
  private listLimit(pairs: Pair[]): Failure | null {
    const sql = this.ctx.storage.sql;
    const fresh = listable(pairs).filter((p, i, all) => !this.listed(p.key, p.value) && all.findIndex((q) => q.key === p.key && q.value === p.value) === i);
    if (fresh.length === 0) return null;
    const keyListed = (k: string) => sql.exec(`SELECT 1 FROM tag_list WHERE key = ? LIMIT 1`, k).toArray().length > 0;
    const newKeys = new Set(fresh.filter((p) => !keyListed(p.key)).map((p) => p.key));
    const keys = sql.exec<{ n: number }>(`SELECT COUNT(DISTINCT key) AS n FROM tag_list`).one().n;
    if (newKeys.size > 0 && keys + newKeys.size > MAX_TAG_KEYS) {
      return fail("LimitExceeded.TagKey", `The account would have more than ${MAX_TAG_KEYS} tag keys.`);
    }
    for (const k of new Set(fresh.map((p) => p.key))) {
      const values = sql.exec<{ n: number }>(`SELECT COUNT(*) AS n FROM tag_list WHERE key = ?`, k).one().n;
      if (values + fresh.filter((p) => p.key === k).length > MAX_VALUES_PER_KEY) {
        return fail("LimitExceeded.TagValue", `The tag key ${JSON.stringify(k)} would have more than ${MAX_VALUES_PER_KEY} values.`);
      }
    }
    return null;
  }

  private list(pairs: Pair[]): void {
    for (const p of listable(pairs)) {
      this.ctx.storage.sql.exec(
        `INSERT OR IGNORE INTO tag_list(key, value, seq) VALUES (?, ?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM tag_list))`,
        p.key, p.value,
      );
    }
  }

  /**
   * checkList reports whether pairs fit a new resource (at most 50) and the tag list's limits: a
   * create action asks before it creates anything.
   */
  async checkList(pairs: Pair[]): Promise<Ok<object> | Failure> {
    if (pairs.length > MAX_TAGS_PER_RESOURCE) return fail("LimitExceeded.ResourceAttachedTags", `A resource carries at most ${MAX_TAGS_PER_RESOURCE} tags.`);
    return this.listLimit(pairs) ?? { ok: true };
  }

  /** createTag adds one key:value pair to the account's tag list (CreateTag). */
  async createTag(key: string, value: string): Promise<Ok<object> | Failure> {
    if (this.listed(key, value)) return fail("ResourceInUse.TagDuplicate", `The tag ${JSON.stringify(key)}:${JSON.stringify(value)} already exists.`);
    const limit = this.listLimit([{ key, value }]);
    if (limit) return limit;
    this.list([{ key, value }]);
    return { ok: true };
  }

  /** deleteTag removes one pair from the tag list; a pair still bound to a resource stays (DeleteTag). */
  async deleteTag(key: string, value: string): Promise<Ok<object> | Failure> {
    if (!this.listed(key, value)) return fail("ResourceNotFound.TagNonExist", `The tag ${JSON.stringify(key)}:${JSON.stringify(value)} does not exist.`);
    if (this.bound(key, value)) return fail("FailedOperation.TagAttachedResource", `The tag ${JSON.stringify(key)}:${JSON.stringify(value)} is bound to resources; detach it first.`);
    this.ctx.storage.sql.exec(`DELETE FROM tag_list WHERE key = ? AND value = ?`, key, value);
    return { ok: true };
  }

  /** tagList reports the account's tags in the order created, each with whether a resource carries it. */
  async tagList(): Promise<TagListRow[]> {
    return this.ctx.storage.sql
      .exec<{ key: string; value: string; bound: number }>(
        `SELECT key, value, EXISTS(SELECT 1 FROM tags t WHERE t.key = l.key AND t.value = l.value) AS bound FROM tag_list l ORDER BY seq`,
      )
      .toArray()
      .map((r) => ({ key: r.key, value: r.value, bound: r.bound === 1 }));
  }

  /**
   * attach binds one listed tag to several resources, all or nothing (AttachResourcesTag): the tag
   * must exist, no resource may carry the key already, and none may pass 50 tags.
   */
  async attach(targets: TagTarget[], key: string, value: string): Promise<Ok<object> | Failure> {
    if (!this.listed(key, value)) return fail("ResourceNotFound.TagNonExist", `The tag ${JSON.stringify(key)}:${JSON.stringify(value)} does not exist; create it with CreateTag first.`);
    for (const t of targets) {
      if (this.has(t, key)) return fail("ResourceInUse.TagKeyAttached", `The resource ${t.prefix}/${t.id} already carries the tag key ${JSON.stringify(key)}; detach it first.`);
      if (this.count(t) + 1 > MAX_TAGS_PER_RESOURCE) return fail("LimitExceeded.ResourceAttachedTags", `The resource ${t.prefix}/${t.id} would carry more than ${MAX_TAGS_PER_RESOURCE} tags.`);
    }
    return this.modify(targets, [{ key, value }], []);
  }

  /** detach unbinds one tag key from several resources, all or nothing: each must carry it (DetachResourcesTag). */
  async detach(targets: TagTarget[], key: string): Promise<Ok<object> | Failure> {
    const lacking = targets.find((t) => !this.has(t, key));
    if (lacking) return fail("ResourceNotFound.AttachedTagKeyNotFound", `The resource ${lacking.prefix}/${lacking.id} carries no tag key ${JSON.stringify(key)}.`);
    return this.modify(targets, [], [key]);
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
   * a resource that would carry more than 50 tags refuses the whole change. A pair set that is not
   * in the tag list yet is added to it (Tencent creates a tag that binding names), within its limits
   * unless `checked`: a create action checked them before creating its resource, and binding the
   * new resource's tags must not fail then (a call between the two may take the list a few past).
   */
  async modify(targets: TagTarget[], set: Pair[], remove: string[], checked = false): Promise<Ok<object> | Failure> {
    for (const t of targets) {
      const added = set.filter((s) => !this.has(t, s.key)).length;
      const removed = remove.filter((k) => this.has(t, k)).length;
      if (this.count(t) + added - removed > MAX_TAGS_PER_RESOURCE) {
        return fail("LimitExceeded.ResourceAttachedTags", `The resource ${t.prefix}/${t.id} would carry more than ${MAX_TAGS_PER_RESOURCE} tags.`);
      }
    }
    const limit = checked ? null : this.listLimit(set);
    if (limit) return limit;
    this.list(set);
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

  /** reset forgets every tag of the account and its tag list, or the bindings of one region (the list is account-wide). */
  async reset(region?: string): Promise<void> {
    if (region === undefined) {
      this.ctx.storage.sql.exec(`DELETE FROM tags`);
      this.ctx.storage.sql.exec(`DELETE FROM tag_list`);
    } else this.ctx.storage.sql.exec(`DELETE FROM tags WHERE region = ?`, region);
  }
}
