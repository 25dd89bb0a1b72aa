// Durable Object for one CVM instance: its record and its task locks (CL4: `pending` for an attach,
// `op` for detach, terminate or IP change), each owned by one task id; never calls other objects.
import { DurableObject } from "cloudflare:workers";
import type { Env } from "../env";
import { fail, type Failure } from "../errors";
import type { InstanceRecord, InstanceState, LockFailure, Ok, OpKind } from "./records";

function notFound(instanceId: string): Failure {
  return fail("ResourceNotFound", `The instance ${instanceId} does not exist.`, "InvalidInstance.NotFound");
}

/**
 * lockedBy reports the refusal for an instance locked by another task (null when it is free or
 * the lock is the caller's own), naming the holder so the caller can have it recover first.
 */
function lockedBy(r: InstanceRecord, taskId: string, forAttach: boolean): LockFailure | null {
  if (r.pending && r.pending.taskId !== taskId) {
    const f = forAttach
      ? fail(
          "UnsupportedOperation.ClassicInstanceIdAlreadyExists",
          `The instance ${r.instanceId} is being linked to ${r.pending.vpcId} by task ${r.pending.taskId}; an instance can be linked to one VPC at a time.`,
        )
      : fail(
          "UnsupportedOperation.InvalidInstanceState",
          `The instance ${r.instanceId} is being linked to ${r.pending.vpcId} by task ${r.pending.taskId}; retry when that task ends.`,
        );
    return { ...f, holders: [r.pending.taskId] };
  }
  if (r.op && r.op.taskId !== taskId) {
    const f = fail("UnsupportedOperation.InvalidInstanceState", `The instance ${r.instanceId} is busy: task ${r.op.taskId} is running ${r.op.kind} on it.`);
    return { ...f, holders: [r.op.taskId] };
  }
  return null;
}

/** InstanceObject owns one instance. Each method is one named state transition. */
export class InstanceObject extends DurableObject<Env> {
  private rec: InstanceRecord | null = null;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    // the state is read once, before any call is let in
    void ctx.blockConcurrencyWhile(async () => {
      this.rec = (await ctx.storage.get<InstanceRecord>("instance")) ?? null;
    });
  }

  private async save(r: InstanceRecord): Promise<void> {
    this.rec = r;
    await this.ctx.storage.put("instance", r);
  }

  /** init creates the instance record, or reports the one already there (idempotent). */
  async init(r: InstanceRecord): Promise<Ok<{ instance: InstanceRecord }> | Failure> {
    const cur = this.rec;
    if (cur) {
      if (cur.region !== r.region || cur.createdAt !== r.createdAt) return fail("ResourceInUse", `The id ${r.instanceId} is taken.`);
      return { ok: true, instance: cur };
    }
    await this.save(r);
    return { ok: true, instance: r };
  }

  /** describe reports the record, or null when the instance does not exist. */
  async describe(): Promise<InstanceRecord | null> {
    return this.rec;
  }

  /**
   * prepareLink takes the single-link lock for an attach task. It checks CL2 (same region as the
   * VPC) and CL3 (classic network only); then another task's lock refuses (naming its holder); then
   * CL4 (one VPC at a time). Linked to this VPC already: reports `already` and takes no lock. Idempotent per task.
   */
  async prepareLink(
    taskId: string,
    instanceId: string,
    vpcId: string,
    vpcRegion: string,
  ): Promise<Ok<{ ip: string; already: boolean }> | LockFailure> {
    const r = this.rec;
    if (!r) return notFound(instanceId);
    if (r.pending?.taskId === taskId) return { ok: true, ip: r.privateIp, already: false };
    if (r.region !== vpcRegion) {
      return fail(
        "UnsupportedOperation.InstanceMismatch",
        `The instance ${instanceId} is in ${r.region} but the VPC ${vpcId} is in ${vpcRegion}; ClassicLink needs both in the same region.`,
      );
    }
    if (r.network !== "classic") {
      return fail(
        "UnsupportedOperation.InvalidInstanceState",
        `The instance ${instanceId} is in the VPC network (${r.vpcId}); only classic-network CVM instances can be linked.`,
      );
    }
    const held = lockedBy(r, taskId, true);
    if (held) return held;
    if (r.state === "TERMINATING") return notFound(instanceId);
    if (r.link?.vpcId === vpcId) return { ok: true, ip: r.privateIp, already: true };
    if (r.link) {
      return fail(
        "UnsupportedOperation.ClassicInstanceIdAlreadyExists",
        `The instance ${instanceId} is already linked to ${r.link.vpcId}; an instance can be linked to one VPC at a time.`,
      );
    }
    r.pending = { taskId, vpcId };
    await this.save(r);
    return { ok: true, ip: r.privateIp, already: false };
  }

  /** commitLink turns the task's lock into the link (idempotent). */
  async commitLink(taskId: string, now: number): Promise<void> {
    const r = this.rec;
    if (!r || r.pending?.taskId !== taskId) return;
    r.link = { vpcId: r.pending.vpcId, since: now };
    delete r.pending;
    await this.save(r);
  }

  /** releaseLink drops the task's lock without linking (idempotent). */
  async releaseLink(taskId: string): Promise<void> {
    const r = this.rec;
    if (!r || r.pending?.taskId !== taskId) return;
    delete r.pending;
    await this.save(r);
  }

  /** clearLink ends a detach task's hold: removes the link if it is to the given VPC (idempotent per task). */
  async clearLink(taskId: string, vpcId: string): Promise<void> {
    const r = this.rec;
    if (!r || r.op?.taskId !== taskId) return;
    if (r.link?.vpcId === vpcId) delete r.link;
    delete r.op;
    await this.save(r);
  }

  /**
   * setState moves the instance between RUNNING and STOPPED (CL13: power changes, resets and
   * type changes never touch the link). Reports the Tencent error for a wrong current state.
   */
  async setState(instanceId: string, to: InstanceState, from: InstanceState[]): Promise<Ok<object> | Failure> {
    const r = this.rec;
    if (!r || r.state === "TERMINATING") return fail("InvalidInstanceId.NotFound", `The instance ${instanceId} does not exist.`);
    if (!from.includes(r.state)) {
      const code = r.state === "RUNNING" ? "UnsupportedOperation.InstanceStateRunning" : "UnsupportedOperation.InstanceStateStopped";
      return fail(code, `The instance ${instanceId} is ${r.state}; this operation needs it ${from.join(" or ")}.`);
    }
    if (r.state !== to) {
      r.state = to;
      await this.save(r);
    }
    return { ok: true };
  }

  /** update changes descriptive fields (image, type) that never affect a link (CL13). */
  async update(instanceId: string, patch: Partial<Pick<InstanceRecord, "imageId" | "instanceType">>): Promise<Ok<object> | Failure> {
    const r = this.rec;
    if (!r || r.state === "TERMINATING") return fail("InvalidInstanceId.NotFound", `The instance ${instanceId} does not exist.`);
    await this.save({ ...r, ...patch });
    return { ok: true };
  }

  /**
   * beginOp holds the instance for a detach, terminate or IP-change task: another task's lock
   * refuses (with its holder), as does a detach of an instance not linked to `vpcId`. Idempotent
   * per task; reports the record as it stands, link included, which stays stable until the task ends.
   */
  async beginOp(taskId: string, instanceId: string, kind: OpKind, vpcId?: string): Promise<Ok<{ instance: InstanceRecord }> | LockFailure> {
    const r = this.rec;
    if (!r) {
      if (kind === "detach") return notFound(instanceId);
      return fail("InvalidInstanceId.NotFound", `The instance ${instanceId} does not exist.`, "InvalidInstance.NotFound");
    }
    if (r.op?.taskId === taskId) return { ok: true, instance: r };
    const held = lockedBy(r, taskId, false);
    if (held) return held;
    if (r.state === "TERMINATING") {
      return fail("UnsupportedOperation.InvalidInstanceState", `The instance ${instanceId} is busy with task terminate.`);
    }
    if (kind === "detach" && r.link?.vpcId !== vpcId) {
      return fail("ResourceNotFound", `The instance ${instanceId} is not linked to the VPC ${vpcId}.`, "InvalidInstance.NotFound");
    }
    r.op = { taskId, kind };
    await this.save(r);
    return { ok: true, instance: r };
  }

  /** endOp releases the instance from a task that rolled back or finished (idempotent per task). */
  async endOp(taskId: string): Promise<void> {
    const r = this.rec;
    if (!r || r.op?.taskId !== taskId) return;
    delete r.op;
    await this.save(r);
  }

  /** markTerminating shows the instance as TERMINATING while its task finishes (idempotent). */
  async markTerminating(taskId: string): Promise<void> {
    const r = this.rec;
    if (!r || r.op?.taskId !== taskId || r.state === "TERMINATING") return;
    r.state = "TERMINATING";
    await this.save(r);
  }

  /** changeIp sets a classic instance's new private IP and drops its link (CL12); the task's hold stays. */
  async changeIp(taskId: string, newIp: string): Promise<void> {
    const r = this.rec;
    if (!r || r.op?.taskId !== taskId || (r.privateIp === newIp && !r.link)) return;
    r.privateIp = newIp;
    delete r.link;
    await this.save(r);
  }

  /** destroy forgets the instance entirely (the last step of termination; idempotent). */
  async destroy(): Promise<void> {
    this.rec = null;
    await this.ctx.storage.deleteAll();
  }

  // ---- Lifecycle: ModifyInstancesAttribute's name. ----

  /** rename changes the instance's name (never affects a link). */
  async rename(instanceId: string, name: string): Promise<Ok<object> | Failure> {
    const r = this.rec;
    if (!r || r.state === "TERMINATING") return fail("InvalidInstanceId.NotFound", `The instance ${instanceId} does not exist.`);
    await this.save({ ...r, name });
    return { ok: true };
  }
}
