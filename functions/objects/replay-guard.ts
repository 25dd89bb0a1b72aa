// Durable Object per SecretId remembering form-signed requests (v2 and the SDK's HmacSHA mode)
// for the signature's lifetime, so that the same signed request is refused a second time.
import { DurableObject } from "cloudflare:workers";
import type { Env } from "../env";

/** How long a seen request is remembered: the timestamp window on both sides. */
const REPLAY_WINDOW_MS = 2 * 300_000;

/** ReplayGuard answers "seen before?" and remembers, in one step. */
export class ReplayGuard extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.storage.sql.exec(`CREATE TABLE IF NOT EXISTS seen(key TEXT PRIMARY KEY, expires INTEGER)`);
  }

  /** firstUse reports true the first time a key is offered within the window, false on a replay. */
  async firstUse(key: string, now: number): Promise<boolean> {
    const sql = this.ctx.storage.sql;
    sql.exec(`DELETE FROM seen WHERE expires < ?`, now);
    const hit = sql.exec(`SELECT 1 FROM seen WHERE key = ?`, key).toArray().length > 0;
    if (hit) return false;
    sql.exec(`INSERT INTO seen(key, expires) VALUES (?, ?)`, key, now + REPLAY_WINDOW_MS);
    return true;
  }
}
