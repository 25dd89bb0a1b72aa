// Durable Object coordinating one asynchronous task (attach, detach, terminate, IP change) across
// the per-VPC and per-instance objects. It alone moves links between them; its record is the
// task result that DescribeVpcTaskResult reads.
//
// The protocol, for every kind of task:
//   RUNNING/prepare  record written and a recovery alarm set BEFORE any other object is touched.
//                    Locks are taken: attach → instance.prepareLink (single-link lock, CL4) for
//                    each instance, then vpc.reserve (room under the 100-link limit, CL5/CL6);
//                    terminate / change-ip → instance.beginOp (no new locks while it runs).
//                    Any refusal → rollback.
//   RUNNING/commit   the decision, written durably. From here the task only rolls forward:
//                    attach → vpc.commitLinks, then instance.commitLink for each;
//                    detach → vpc.removeLinks, then instance.clearLink for each;
//                    terminate → mark TERMINATING, vpc.removeLinks, free the IP, forget the
//                    instance; change-ip → vpc.removeLinks, instance.changeIp, free the old IP.
//   RUNNING/rollback release every lock this task may hold: vpc.release, instance.releaseLink,
//                    instance.endOp (all no-ops where this task holds nothing).
//   SUCCESS | FAILED the end; the alarm is deleted.
// Every step is idempotent and keyed by the task id. A crash at any point leaves the record in
// prepare, commit or rollback; the alarm then rolls back (prepare, rollback) or forward
// (commit), so no half link outlives the alarm. Order matters: a VPC link is always removed
// before the instance's, and made before the instance's, so an instance never looks free while
// a VPC still counts it. Tests stop a task after each named step (FAULT_INJECTION) and run the
// alarm.
import { DurableObject } from "cloudflare:workers";
import type { Env } from "../env";
import { fail, type ErrorCode, type Failure } from "../errors";
import { instanceObject, regionDirectory, vpcObject } from "./names";
import type { InstanceRecord, Ok } from "./records";

/** How long a task may stay unfinished before its alarm completes or rolls it back. */
export const RECOVERY_DELAY_MS = 30_000;

/** Named points after which a test may stop a task as a crash would. */
export type CrashPoint = "locked" | "reserved" | "decided" | "vpc-done" | "instance-done";

export type TaskKind = "attach" | "detach" | "terminate" | "change-ip";

/** What a handler asks a task to do. */
export interface TaskRequest {
  taskId: string;
  account: string;
  region: string;
  kind: TaskKind;
  instanceIds: string[];
  vpcId?: string;
  newIp?: string;
  now: number;
  crashAfter?: CrashPoint;
}

/** The durable record of a task: its request, phase and outcome. */
export interface TaskRecord extends Omit<TaskRequest, "crashAfter"> {
  phase: "prepare" | "commit" | "rollback" | "done";
  status: "RUNNING" | "SUCCESS" | "FAILED";
  /** attach: IP of each instance to link (instances already linked to the VPC are left out). */
  ips?: Record<string, string>;
  /** terminate / change-ip: the instance records as they stood when the task took them. */
  held?: InstanceRecord[];
  error?: { code: ErrorCode; message: string; v2Code?: ErrorCode };
  finishedAt?: number;
}

/** TaskObject runs and remembers one task. */
export class TaskObject extends DurableObject<Env> {
  private running = false;

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
    const t: TaskRecord = { ...rest, phase: "prepare", status: "RUNNING" };
    await this.save(t);
    await this.ctx.storage.setAlarm(req.now + RECOVERY_DELAY_MS);
    this.running = true;
    try {
      const crash = this.env.FAULT_INJECTION === "1" ? crashAfter : undefined;
      const refused = await this.prepare(t, crash);
      if (refused) {
        t.phase = "rollback";
        t.error = { code: refused.code, message: refused.message, v2Code: refused.v2Code };
        await this.save(t);
        await this.rollback(t);
        return refused;
      }
      t.phase = "commit";
      await this.save(t);
      this.maybeCrash(crash, "decided");
      await this.forward(t, crash);
      return outcome(t);
    } finally {
      this.running = false;
    }
  }

  /** alarm finishes whatever a crash left: forward from commit, back from prepare or rollback. */
  async alarm(): Promise<void> {
    const t = await this.result();
    if (!t || t.phase === "done") return;
    if (this.running) {
      await this.ctx.storage.setAlarm(Date.now() + RECOVERY_DELAY_MS);
      return;
    }
    if (t.phase === "commit") await this.forward(t);
    else {
      t.error ??= { code: "FailedOperation", message: "The task was interrupted before it committed and has been rolled back." };
      await this.rollback(t);
    }
  }

  private maybeCrash(crash: CrashPoint | undefined, point: CrashPoint): void {
    if (crash === point) this.ctx.abort(`fault injection after ${point}`);
  }

  private async prepare(t: TaskRecord, crash?: CrashPoint): Promise<Failure | null> {
    const env = this.env;
    if (t.kind === "attach") {
      const vpc = await vpcObject(env, t.account, t.vpcId!).describe();
      if (!vpc || vpc.vpc.region !== t.region) return fail("ResourceNotFound", `The VPC ${t.vpcId} does not exist.`, "InvalidVpc.NotFound");
      const ips: Record<string, string> = {};
      for (const id of t.instanceIds) {
        const r = await instanceObject(env, t.account, id).prepareLink(t.taskId, id, t.vpcId!, vpc.vpc.region);
        if (!r.ok) return r;
        if (!r.already) ips[id] = r.ip;
      }
      this.maybeCrash(crash, "locked");
      const room = await vpcObject(env, t.account, t.vpcId!).reserve(t.taskId, t.vpcId!, t.region, Object.keys(ips));
      if (!room.ok) return room;
      this.maybeCrash(crash, "reserved");
      t.ips = ips;
      return null;
    }
    if (t.kind === "detach") {
      const vpc = await vpcObject(env, t.account, t.vpcId!).describe();
      if (!vpc || vpc.vpc.region !== t.region) return fail("ResourceNotFound", `The VPC ${t.vpcId} does not exist.`, "InvalidVpc.NotFound");
      for (const id of t.instanceIds) {
        const r = await instanceObject(env, t.account, id).describe();
        if (!r) return fail("ResourceNotFound", `The instance ${id} does not exist.`, "InvalidInstance.NotFound");
        if (r.link?.vpcId !== t.vpcId) {
          return fail("ResourceNotFound", `The instance ${id} is not linked to the VPC ${t.vpcId}.`, "InvalidInstance.NotFound");
        }
      }
      return null;
    }
    const held: InstanceRecord[] = [];
    t.held = held;
    for (const id of t.instanceIds) {
      const r = await instanceObject(env, t.account, id).beginOp(t.taskId, id, t.kind);
      if (!r.ok) return r;
      held.push(r.instance);
    }
    this.maybeCrash(crash, "locked");
    if (t.kind === "change-ip") {
      const got = await regionDirectory(env, t.account, t.region).reserveIp(t.newIp!, t.instanceIds[0]!);
      if (!got.ok) return got;
      this.maybeCrash(crash, "reserved");
    }
    return null;
  }

  private async forward(t: TaskRecord, crash?: CrashPoint): Promise<void> {
    const env = this.env;
    if (t.kind === "attach") {
      await vpcObject(env, t.account, t.vpcId!).commitLinks(t.taskId, t.ips ?? {}, t.now);
      this.maybeCrash(crash, "vpc-done");
      for (const id of Object.keys(t.ips ?? {})) await instanceObject(env, t.account, id).commitLink(t.taskId, t.now);
    } else if (t.kind === "detach") {
      await vpcObject(env, t.account, t.vpcId!).removeLinks(t.instanceIds);
      this.maybeCrash(crash, "vpc-done");
      for (const id of t.instanceIds) await instanceObject(env, t.account, id).clearLink(t.vpcId!);
    } else {
      const dir = regionDirectory(env, t.account, t.region);
      for (const r of t.held ?? []) {
        const inst = instanceObject(env, t.account, r.instanceId);
        if (t.kind === "terminate") await inst.markTerminating(t.taskId);
        if (r.link) await vpcObject(env, t.account, r.link.vpcId).removeLinks([r.instanceId]);
        this.maybeCrash(crash, "vpc-done");
        if (t.kind === "change-ip") {
          await inst.changeIp(t.taskId, t.newIp!);
          await dir.releaseIp(r.privateIp, r.instanceId);
        } else {
          if (r.network === "vpc") await vpcObject(env, t.account, r.vpcId!).freeIp(r.subnetId!, r.privateIp);
          else await dir.releaseIp(r.privateIp, r.instanceId);
          await dir.removeInstance(r.instanceId);
          await inst.destroy();
        }
      }
    }
    this.maybeCrash(crash, "instance-done");
    t.phase = "done";
    t.status = "SUCCESS";
    t.finishedAt = Date.now();
    await this.save(t);
    await this.ctx.storage.deleteAlarm();
  }

  private async rollback(t: TaskRecord): Promise<void> {
    const env = this.env;
    if (t.kind === "attach") {
      await vpcObject(env, t.account, t.vpcId!).release(t.taskId);
      for (const id of t.instanceIds) await instanceObject(env, t.account, id).releaseLink(t.taskId);
    } else if (t.kind === "terminate" || t.kind === "change-ip") {
      if (t.kind === "change-ip") await regionDirectory(env, t.account, t.region).releaseIp(t.newIp!, t.instanceIds[0]!);
      for (const id of t.instanceIds) await instanceObject(env, t.account, id).endOp(t.taskId);
    }
    t.phase = "done";
    t.status = "FAILED";
    t.finishedAt = Date.now();
    await this.save(t);
    await this.ctx.storage.deleteAlarm();
  }
}

function outcome(t: TaskRecord): Ok<{ task: TaskRecord }> | Failure {
  if (t.status === "FAILED" && t.error) return fail(t.error.code, t.error.message, t.error.v2Code);
  return { ok: true, task: t };
}
