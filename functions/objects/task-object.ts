// Durable Object coordinating one asynchronous task (attach, detach, terminate, IP change) across
// the per-VPC, per-instance and directory objects. It alone moves links between them; its record
// is the task result that DescribeVpcTaskResult reads. Each kind's steps: task-kinds.ts.
//
// States of the record (phase/status), the same for every kind:
//   prepare/RUNNING   written, with a recovery alarm, BEFORE any other object is touched. The
//                     kind's prepare takes every lock, each owned by this task id:
//                       attach    instance.pending (CL4) for each, then the VPC's reservation
//                                 under the limit (CL5/CL6)               points attach:locked, attach:reserved
//                       detach    instance.op for each (linked to the VPC), the VPC links held
//                                                                          point  detach:locked
//                       terminate instance.op for each, its VPC link held  point  terminate:locked
//                       change-ip instance.op, its VPC link held, then the new IP claimed in the
//                                 directory                               points change-ip:locked, change-ip:ip-reserved
//                     Any refusal → rollback.
//   commit/RUNNING    the decision, written durably (point `<kind>:decided`). From here the task
//                     only rolls forward: attach → VPC links, instance links (attach:vpc-linked,
//                     attach:instances-linked); detach → VPC links removed, instance links and
//                     holds cleared (detach:vpc-unlinked, detach:instances-unlinked); terminate →
//                     TERMINATING and VPC links removed (terminate:vpc-unlinked), IPs freed,
//                     instances forgotten (terminate:destroyed); change-ip → VPC link removed
//                     (change-ip:vpc-unlinked), new IP set (change-ip:ip-changed), old IP freed.
//   done/SUCCESS|FAILED  the end (rollback released every lock); the alarm is deleted.
// Every step is keyed by the task id (a link is removed only by the task holding it, a lock
// released only by its owner), so a step run twice changes nothing.
//
// Failure cases and the lease rule. The lease on a task's locks is its run: `running` is true
// exactly while run() executes in this live object, and a crash, a reset or a lost isolate ends
// it with the object. Then:
//   - a step throws (an object reset, a lost connection): run() itself finishes at once, back
//     from prepare or forward from commit, and answers from the record;
//   - the task object itself dies (or the caller's connection drops and takes it): the record
//     stays in prepare or commit with its locks. Any later task that meets one of its locks (an
//     instance's pending/op, a VPC's reservation or held link, a claimed IP) calls recover() on
//     the holder, which finishes it at once and idempotently (roll back before the decision,
//     forward after it); the later task then takes its locks and goes on. Nobody else ever
//     breaks a lock: recovery runs inside the owner's own object, one finish at a time.
//   - a task that is still running (slow, not dead) answers recover() "running": its locks are
//     kept and the later task is refused as before (the lock is never stolen);
//   - nobody comes: the alarm, RECOVERY_DELAY_MS after the start, finishes it the same way (or
//     looks again later while the run is alive).
// Order matters: a VPC link is made before the instance's and removed before it, so an instance
// never looks free while a VPC still counts it. Tests crash or pause each kind at each named point
// (FAULT_INJECTION) and recover by a later call or by the alarm.
import { DurableObject } from "cloudflare:workers";
import type { Env } from "../env";
import { fail, type Failure } from "../errors";
import { taskObject } from "./names";
import type { LockFailure, Ok, Recovery, TaskRecord, TaskRequest } from "./records";
import { protocolOf, type TaskPoint, type TaskSteps } from "./task-kinds";

export { CRASH_POINTS } from "./task-kinds";
export type { TaskKind, TaskRecord, TaskRequest } from "./records";

/** How long after its start an unfinished task's alarm finishes it, if no later call has. */
const RECOVERY_DELAY_MS = 10_000;

/** A fault a test may ask for: crash after a named point, or pause there until resume(). */
export type CrashPoint = TaskPoint | `${TaskPoint}/pause`;

const INTERRUPTED = { code: "FailedOperation", message: "The task was interrupted before it committed and has been rolled back." } as const;
const PAUSE_LIMIT_MS = 30_000;

/** TaskObject runs and remembers one task. */
export class TaskObject extends DurableObject<Env> {
  private running = false;
  private crashed = false;
  private finishing: Promise<void> | null = null;
  private paused: (() => void) | null = null;

  /** save writes the record and waits until it is durable: each phase is a point of no return. */
  private async save(t: TaskRecord): Promise<void> {
    await this.ctx.storage.put("task", t);
    await this.ctx.storage.sync();
  }

  /** result reports the task record, or null when no such task exists. */
  async result(): Promise<TaskRecord | null> {
    return (await this.ctx.storage.get<TaskRecord>("task")) ?? null;
  }

  /** run starts the task and drives it to its end; replays of the same task id report the record. */
  async run(req: TaskRequest): Promise<Ok<{ task: TaskRecord }> | Failure> {
    const existing = await this.result();
    if (existing) return outcome(existing);
    const { crashAfter, ...rest } = req;
    const t = { ...rest, phase: "prepare", status: "RUNNING" } as TaskRecord;
    await this.save(t);
    await this.ctx.storage.setAlarm(Date.now() + RECOVERY_DELAY_MS);
    this.running = true;
    const steps = this.steps(t, this.env.FAULT_INJECTION === "1" ? crashAfter : undefined);
    try {
      const refused = await protocolOf(t).prepare(steps, t);
      if (refused) {
        t.phase = "rollback";
        t.error = { code: refused.code, message: refused.message, ...(refused.v2Code ? { v2Code: refused.v2Code } : {}) };
        await this.save(t);
        await this.finish(t, steps);
        return fail(refused.code, refused.message, refused.v2Code);
      }
      t.phase = "commit";
      await this.save(t);
      await steps.at(`${t.kind}:decided`);
      await this.finish(t, steps);
      return outcome(t);
    } catch (e) {
      if (this.crashed) throw e;
      // a step failed: finish now from the phase reached, so no lock waits for a later call or the alarm
      console.error(`task ${t.taskId}: step failed, finishing from ${t.phase}`, e);
      await this.finish(t, this.steps(t));
      return outcome(t);
    } finally {
      this.running = false;
    }
  }

  /**
   * recover finishes this task at once if its run was cut off (back before the decision, forward
   * after it) and reports "done"; a run still alive keeps its locks ("running").
   */
  async recover(): Promise<Recovery> {
    const t = await this.result();
    if (!t) return "unknown";
    if (t.phase === "done") return "done";
    if (this.running) return "running";
    await this.finish(t, this.steps(t));
    return "done";
  }

  /** alarm finishes whatever a cut-off run left, or looks again later while the run is alive. */
  async alarm(): Promise<void> {
    const t = await this.result();
    if (!t || t.phase === "done") return;
    if (this.running) {
      await this.ctx.storage.setAlarm(Date.now() + RECOVERY_DELAY_MS);
      return;
    }
    await this.finish(t, this.steps(t));
  }

  /** resume lets a run paused by a test (`<point>/pause`) go on; reports whether one was paused. */
  async resume(): Promise<boolean> {
    const go = this.paused;
    this.paused = null;
    go?.();
    return go !== null;
  }

  /** finish rolls the task forward (commit) or back (otherwise) to its end; one finish at a time. */
  private finish(t: TaskRecord, steps: TaskSteps): Promise<void> {
    this.finishing ??= (async () => {
      try {
        const p = protocolOf(t);
        if (t.phase === "commit") {
          await p.forward(steps, t);
          t.status = "SUCCESS";
        } else {
          t.error ??= { ...INTERRUPTED };
          await p.rollback(steps, t);
          t.status = "FAILED";
        }
        t.phase = "done";
        t.finishedAt = Date.now();
        await this.save(t);
        await this.ctx.storage.deleteAlarm();
      } finally {
        this.finishing = null;
      }
    })();
    return this.finishing;
  }

  private steps(t: TaskRecord, fault?: string): TaskSteps {
    const env = this.env;
    return {
      env,
      at: async (point) => {
        if (fault === `${point}/pause`) {
          await new Promise<void>((go) => {
            this.paused = go;
            setTimeout(go, PAUSE_LIMIT_MS);
          });
        } else if (fault === point) {
          this.crashed = true;
          this.ctx.abort(`fault injection after ${point}`);
          throw new Error(`fault injection after ${point}`);
        }
      },
      acquire: async <R extends { ok: boolean }>(call: () => Promise<R>): Promise<R> => {
        for (let round = 0; ; round++) {
          const r = await call();
          const holders = r.ok ? [] : ((r as unknown as LockFailure).holders ?? []).filter((h) => h !== t.taskId);
          if (holders.length === 0 || round === 3) return r;
          let freed = false;
          for (const h of holders) {
            const state = await taskObject(env, t.account, t.region, h)
              .recover()
              .catch(() => "running" as const);
            if (state === "done") freed = true;
          }
          if (!freed) return r;
        }
      },
    };
  }
}

function outcome(t: TaskRecord): Ok<{ task: TaskRecord }> | Failure {
  if (t.status === "FAILED" && t.error) return fail(t.error.code, t.error.message, t.error.v2Code);
  return { ok: true, task: t };
}
