// The four task kinds of the cross-object protocol, each with its own prepare / forward /
// rollback and named crash points (the runner and the protocol's rules: task-object.ts).
// Every step is keyed by the task id, so running a step again changes nothing.
import type { Env } from "../env";
import { fail, type Failure } from "../errors";
import { firewallRegistry, instanceObject, regionDirectory, vpcObject } from "./names";
import type { AttachTask, ChangeIpTask, DetachTask, InstanceRecord, LockFailure, TaskKind, TaskRecord, TerminateTask } from "./records";

/** The named points of each kind, in the order a task passes them (`<kind>:decided` is the commit). */
export const CRASH_POINTS = {
  attach: ["attach:locked", "attach:reserved", "attach:decided", "attach:vpc-linked", "attach:instances-linked"],
  detach: ["detach:locked", "detach:decided", "detach:vpc-unlinked", "detach:instances-unlinked"],
  terminate: ["terminate:locked", "terminate:decided", "terminate:vpc-unlinked", "terminate:destroyed"],
  "change-ip": ["change-ip:locked", "change-ip:ip-reserved", "change-ip:decided", "change-ip:vpc-unlinked", "change-ip:ip-changed"],
} as const satisfies Record<TaskKind, readonly string[]>;

/** A named point of some task kind. */
export type TaskPoint = (typeof CRASH_POINTS)[TaskKind][number];

/** What a kind's steps may use from the runner. */
export interface TaskSteps {
  env: Env;
  /** at marks that the task reached a named point (a test may crash or pause it there). */
  at(point: TaskPoint): Promise<void>;
  /** acquire runs a lock-taking call; when other tasks' locks refuse it, it has them recover if they are cut off, then tries again. */
  acquire<R extends { ok: boolean }>(call: () => Promise<R>): Promise<R>;
}

/** One kind: prepare takes every lock (or reports the refusal), forward makes the change, rollback undoes prepare. */
interface TaskProtocol<T extends TaskRecord> {
  prepare(s: TaskSteps, t: T): Promise<Failure | null>;
  forward(s: TaskSteps, t: T): Promise<void>;
  rollback(s: TaskSteps, t: T): Promise<void>;
}

function vpcNotFound(vpcId: string): Failure {
  return fail("ResourceNotFound", `The VPC ${vpcId} does not exist.`, "InvalidVpc.NotFound");
}

/** vpcInRegion reports a refusal unless the task's VPC exists in the task's region. */
async function vpcInRegion(s: TaskSteps, t: AttachTask | DetachTask): Promise<Failure | null> {
  const vpc = await vpcObject(s.env, t.account, t.vpcId).describe();
  return !vpc || vpc.vpc.region !== t.region ? vpcNotFound(t.vpcId) : null;
}

/** holdLink marks an instance's VPC link (if any) as held by the task. */
async function holdLink(s: TaskSteps, t: TaskRecord, r: InstanceRecord): Promise<void> {
  if (r.link) await vpcObject(s.env, t.account, r.link.vpcId).holdLinks(t.taskId, [r.instanceId]);
}

/** releaseOps undoes beginOp for each instance the task holds: the VPC link's hold first, then the instance. */
async function releaseOps(s: TaskSteps, t: TaskRecord, each?: (r: InstanceRecord) => Promise<void>): Promise<void> {
  for (const id of t.instanceIds) {
    const inst = instanceObject(s.env, t.account, id);
    const r = await inst.describe();
    if (r?.op?.taskId !== t.taskId) continue;
    if (r.link) await vpcObject(s.env, t.account, r.link.vpcId).releaseHolds(t.taskId);
    if (each) await each(r);
    await inst.endOp(t.taskId);
  }
}

const attach: TaskProtocol<AttachTask> = {
  async prepare(s, t) {
    const missing = await vpcInRegion(s, t);
    if (missing) return missing;
    const ips: Record<string, string> = {};
    for (const id of t.instanceIds) {
      const r = await s.acquire(async () => await instanceObject(s.env, t.account, id).prepareLink(t.taskId, id, t.vpcId, t.region));
      if (!r.ok) return r;
      if (!r.already) ips[id] = r.ip;
    }
    await s.at("attach:locked");
    const room = await s.acquire(async () => await vpcObject(s.env, t.account, t.vpcId).reserve(t.taskId, t.vpcId, t.region, Object.keys(ips)));
    if (!room.ok) return room;
    await s.at("attach:reserved");
    t.ips = ips;
    return null;
  },
  async forward(s, t) {
    await vpcObject(s.env, t.account, t.vpcId).commitLinks(t.taskId, t.ips ?? {}, t.now);
    await s.at("attach:vpc-linked");
    for (const id of Object.keys(t.ips ?? {})) await instanceObject(s.env, t.account, id).commitLink(t.taskId, t.now);
    await s.at("attach:instances-linked");
  },
  async rollback(s, t) {
    await vpcObject(s.env, t.account, t.vpcId).release(t.taskId);
    for (const id of t.instanceIds) await instanceObject(s.env, t.account, id).releaseLink(t.taskId);
  },
};

const detach: TaskProtocol<DetachTask> = {
  async prepare(s, t) {
    const missing = await vpcInRegion(s, t);
    if (missing) return missing;
    for (const id of t.instanceIds) {
      const r = await s.acquire(async () => await instanceObject(s.env, t.account, id).beginOp(t.taskId, id, "detach", t.vpcId));
      if (!r.ok) return r;
    }
    await vpcObject(s.env, t.account, t.vpcId).holdLinks(t.taskId, t.instanceIds);
    await s.at("detach:locked");
    return null;
  },
  async forward(s, t) {
    await vpcObject(s.env, t.account, t.vpcId).removeLinks(t.taskId, t.instanceIds);
    await s.at("detach:vpc-unlinked");
    for (const id of t.instanceIds) await instanceObject(s.env, t.account, id).clearLink(t.taskId, t.vpcId);
    await s.at("detach:instances-unlinked");
  },
  async rollback(s, t) {
    await vpcObject(s.env, t.account, t.vpcId).releaseHolds(t.taskId);
    for (const id of t.instanceIds) await instanceObject(s.env, t.account, id).endOp(t.taskId);
  },
};

const terminate: TaskProtocol<TerminateTask> = {
  async prepare(s, t) {
    const held: InstanceRecord[] = [];
    for (const id of t.instanceIds) {
      const r = await s.acquire(async () => await instanceObject(s.env, t.account, id).beginOp(t.taskId, id, "terminate"));
      if (!r.ok) return r;
      await holdLink(s, t, r.instance);
      held.push(r.instance);
    }
    t.held = held;
    await s.at("terminate:locked");
    return null;
  },
  async forward(s, t) {
    const held = t.held ?? [];
    for (const r of held) {
      await instanceObject(s.env, t.account, r.instanceId).markTerminating(t.taskId);
      if (r.link) await vpcObject(s.env, t.account, r.link.vpcId).removeLinks(t.taskId, [r.instanceId]);
    }
    await s.at("terminate:vpc-unlinked");
    const dir = regionDirectory(s.env, t.account, t.region);
    const fw = firewallRegistry(s.env, t.account, t.region);
    for (const r of held) {
      if (r.network === "vpc") await vpcObject(s.env, t.account, r.vpcId!).freeIp(r.subnetId!, r.privateIp, r.instanceId);
      else await dir.releaseIp(r.privateIp, r.instanceId);
      await fw.unbindInstance(r.instanceId);
      await dir.removeInstance(r.instanceId);
      await instanceObject(s.env, t.account, r.instanceId).destroy();
    }
    await s.at("terminate:destroyed");
  },
  async rollback(s, t) {
    await releaseOps(s, t);
  },
};

const changeIp: TaskProtocol<ChangeIpTask> = {
  async prepare(s, t) {
    const id = t.instanceIds[0]!;
    const r = await s.acquire(async () => await instanceObject(s.env, t.account, id).beginOp(t.taskId, id, "change-ip"));
    if (!r.ok) return r;
    t.held = r.instance;
    if (r.instance.privateIp === t.newIp) return fail("InvalidParameterValue", `The instance ${id} already has the IP ${t.newIp}.`);
    await holdLink(s, t, r.instance);
    await s.at("change-ip:locked");
    const got = await s.acquire(async () => {
      const g = await regionDirectory(s.env, t.account, t.region).reserveIp(t.newIp, id);
      if (g.ok) return g;
      // the address is claimed by an instance that a terminate or IP-change task holds: that task may be cut off
      const h = await instanceObject(s.env, t.account, g.ipHolder).describe();
      const { ipHolder: _, ...refusal } = g;
      return h?.op && h.op.kind !== "detach" ? { ...refusal, holders: [h.op.taskId] } : refusal;
    });
    if (!got.ok) return got;
    await s.at("change-ip:ip-reserved");
    return null;
  },
  async forward(s, t) {
    const id = t.instanceIds[0]!;
    const old = t.held!;
    if (old.link) await vpcObject(s.env, t.account, old.link.vpcId).removeLinks(t.taskId, [id]);
    await s.at("change-ip:vpc-unlinked");
    const inst = instanceObject(s.env, t.account, id);
    // while the task holds the instance no other task can claim addresses for it, so the old one is freed safely
    if ((await inst.describe())?.op?.taskId !== t.taskId) return;
    await inst.changeIp(t.taskId, t.newIp);
    await s.at("change-ip:ip-changed");
    await regionDirectory(s.env, t.account, t.region).releaseIp(old.privateIp, id);
    await inst.endOp(t.taskId);
  },
  async rollback(s, t) {
    const dir = regionDirectory(s.env, t.account, t.region);
    await releaseOps(s, t, async (r) => {
      if (r.privateIp !== t.newIp) await dir.releaseIp(t.newIp, r.instanceId);
    });
  },
};

/** protocolOf reports the steps of a task's kind. */
export function protocolOf(t: TaskRecord): TaskProtocol<TaskRecord> {
  const all = { attach, detach, terminate, "change-ip": changeIp } as const;
  return all[t.kind] as TaskProtocol<TaskRecord>;
}
