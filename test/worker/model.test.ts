// Model-based test of the task protocol in workerd: fast-check commands (fc.commands +
// fc.asyncModelRun) mix attach (1..n instances), detach, terminate and IP changes from many
// callers on shared VPCs and instances, with crashes at every named point; fc.scheduler orders
// the concurrent calls. After every step the invariant of test/helpers/link-model.ts holds.
// MBT_RUNS sets the runs of the small world (default 6; `MBT_RUNS=200 npx vitest run --project worker test/worker/model.test.ts`).
import { env, runDurableObjectAlarm } from "cloudflare:test";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { taskObject, vpcObject } from "../../functions/objects/names";
import { CRASH_POINTS } from "../../functions/objects/task-object";
import type { TaskKind } from "../../functions/objects/records";
import { apply, check, expected, modelOf, pointIndex, REGION, send, type Model, type Op, type World } from "../helpers/link-model";
import { ACCOUNT, newClassic, newVpc, ok, testEnv } from "../helpers/worker-api";

const RUNS = Number((env as Record<string, unknown>).MBT_RUNS) || 6;
const stats = { runs: 0, commands: 0, operations: 0, scheduled: 0, crashes: 0, laterCallRecoveries: 0, alarmRecoveries: 0 };
let scheduler: fc.Scheduler | null = null;

const BUSY = "UnsupportedOperation.InvalidInstanceState";
const ALLOWED: Record<TaskKind, (string | undefined)[]> = {
  attach: [undefined, "ResourceNotFound", "UnsupportedOperation.ClassicInstanceIdAlreadyExists", "LimitExceeded", BUSY],
  detach: [undefined, "ResourceNotFound", BUSY],
  terminate: [undefined, "InvalidInstanceId.NotFound", BUSY],
  "change-ip": [undefined, "InvalidInstanceId.NotFound", "InvalidParameterValue", BUSY],
};

function crashArb(kind: TaskKind): fc.Arbitrary<string | undefined> {
  return fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom(...CRASH_POINTS[kind]) });
}

function opArb(n: number, vpcs: number, maxIds: number, ips: number): fc.Arbitrary<Op> {
  const ids = fc.uniqueArray(fc.nat(n - 1), { minLength: 1, maxLength: maxIds });
  const vpc = fc.nat(vpcs - 1);
  return fc.oneof(
    fc.record({ kind: fc.constant("attach" as const), vpc, ids, crash: crashArb("attach") }),
    fc.record({ kind: fc.constant("detach" as const), vpc, ids, crash: crashArb("detach") }),
    fc.record({ kind: fc.constant("terminate" as const), ids: fc.uniqueArray(fc.nat(n - 1), { minLength: 1, maxLength: 2 }), crash: crashArb("terminate") }),
    fc.record({ kind: fc.constant("change-ip" as const), ids: fc.tuple(fc.nat(n - 1)), ip: fc.nat(ips - 1), crash: crashArb("change-ip") }),
  );
}

/** recoverAll runs the alarm of every crashed task still running, counting those a later call already finished. */
async function recoverAll(w: World): Promise<void> {
  for (const id of w.crashed) {
    const stub = taskObject(testEnv, ACCOUNT, REGION, id);
    if ((await stub.result())?.status === "RUNNING") {
      expect(await runDurableObjectAlarm(stub)).toBe(true);
      stats.alarmRecoveries++;
    } else stats.laterCallRecoveries++;
    w.crashed.delete(id);
  }
}

/** One call alone: its answer must be the model's, crash or not. */
class Alone implements fc.AsyncCommand<Model, World> {
  constructor(readonly op: Op) {}
  check = () => true;
  async run(m: Model, w: World) {
    stats.commands++;
    stats.operations++;
    const want = expected(m, this.op);
    const r = await send(w, this.op);
    const crash = this.op.crash ? pointIndex(this.op.kind, this.op.crash) : null;
    if (crash && crash.at < want.stage) {
      expect(r.Error?.Code, JSON.stringify(r.Error)).toBe("InternalError");
      w.crashed.add(r.RequestId);
      stats.crashes++;
      if (crash.at >= crash.decided) apply(m, this.op);
    } else {
      expect(r.Error?.Code, JSON.stringify(r.Error)).toBe(want.code);
      if (!want.code) apply(m, this.op);
    }
    await check(w, m, false);
  }
  toString = () => `alone ${JSON.stringify(this.op)}`;
}

/** Calls from many callers at once, started and answered in the scheduler's order; some start when another answers. */
class Crowd implements fc.AsyncCommand<Model, World> {
  constructor(readonly ops: { op: Op; after: number }[]) {}
  check = () => true;
  async run(m: Model, w: World) {
    stats.commands++;
    const s = scheduler!;
    const replies: Promise<Awaited<ReturnType<typeof send>>>[] = [];
    this.ops.forEach(({ op, after }, i) => {
      const gate = after < i ? replies[after]!.then(() => undefined) : Promise.resolve();
      replies[i] = gate
        .then(() => s.schedule(Promise.resolve(), `start ${i}`))
        .then(() => s.schedule(send(w, op), `answer ${i}`));
    });
    const got = await s.waitFor(Promise.all(replies));
    stats.operations += got.length;
    got.forEach((r, i) => {
      const { op } = this.ops[i]!;
      if (op.crash && r.Error?.Code === "InternalError") {
        w.crashed.add(r.RequestId);
        stats.crashes++;
      } else expect(ALLOWED[op.kind], `${JSON.stringify(op)} → ${JSON.stringify(r.Error)}`).toContain(r.Error?.Code);
    });
    await check(w, null, false);
    await recoverAll(w);
    await check(w, null, true);
    Object.assign(m, await modelOf(w, m.limits));
  }
  toString = () => `crowd ${JSON.stringify(this.ops)}`;
}

/** Recovery by the alarms of every cut-off task: then nothing runs and the model matches exactly. */
class Recover implements fc.AsyncCommand<Model, World> {
  check = () => true;
  async run(m: Model, w: World) {
    stats.commands++;
    await recoverAll(w);
    await check(w, m, true);
  }
  toString = () => "recover";
}

interface Size {
  instances: number;
  /** Instances linked to the first VPC before the commands run (to start near the limit). */
  prelinked: number;
  limit: number;
  maxIds: number;
  maxCommands: number;
}

async function setup(size: Size) {
  const vpcs = [await newVpc("10.1.0.0/16"), await newVpc("10.2.0.0/16")];
  for (const v of vpcs) if (size.limit < 100) expect(await vpcObject(testEnv, ACCOUNT, v).setLinkLimit(size.limit)).toBe(true);
  const ids: string[] = [];
  while (ids.length < size.instances) ids.push(...(await newClassic(Math.min(100, size.instances - ids.length))));
  const base = 2 + Math.floor(Math.random() * 200);
  const ips = [0, 1, 2].map((k) => `10.203.${base}.${10 + k}`);
  const w: World = { vpcs, ids, ips, crashed: new Set() };
  if (size.prelinked) await ok("AttachClassicLinkVpc", { VpcId: vpcs[0], InstanceIds: ids.slice(0, size.prelinked) });
  return { model: await modelOf(w, [size.limit, size.limit]), real: w };
}

/** finish recovers, checks that every unlinked live instance can be attached, then frees the run's resources. */
async function finish(m: Model, w: World): Promise<void> {
  await recoverAll(w);
  await check(w, m, true);
  let free = [...m.inst.keys()].filter((i) => m.inst[i]!.alive && m.inst[i]!.link === undefined);
  for (const [vpc, limit] of m.limits.entries()) {
    const room = limit - m.inst.filter((x) => x.alive && x.link === vpc).length;
    const batch = free.slice(0, Math.min(room, 100));
    if (batch.length === 0) continue;
    await ok("AttachClassicLinkVpc", { VpcId: w.vpcs[vpc], InstanceIds: batch.map((i) => w.ids[i]) });
    for (const i of batch) m.inst[i]!.link = vpc;
    free = free.slice(batch.length);
  }
  await check(w, m, true);
  const alive = w.ids.filter((_, i) => m.inst[i]!.alive);
  for (let k = 0; k < alive.length; k += 100) await ok("TerminateInstances", { InstanceIds: alive.slice(k, k + 100) }, { version: "2017-03-12" });
  for (const v of w.vpcs) await ok("DeleteVpc", { VpcId: v });
}

function property(size: Size) {
  const op = opArb(size.instances, 2, size.maxIds, 3);
  const commands = fc.commands(
    [
      op.map((o) => new Alone(o)),
      fc.array(fc.record({ op, after: fc.nat(5) }), { minLength: 2, maxLength: 5 }).map((ops) => new Crowd(ops)),
      fc.constant(new Recover()),
    ],
    { maxCommands: size.maxCommands, size: "max" },
  );
  return fc.asyncProperty(fc.scheduler(), commands, async (s, cmds) => {
    scheduler = s;
    stats.runs++;
    const world = await setup(size);
    await fc.asyncModelRun(() => world, cmds);
    stats.scheduled += s.report().length;
    await finish(world.model, world.real);
  });
}

describe("the task protocol against its model", () => {
  it("keeps links, locks, routes, limits and task records in agreement (5 instances, 2 VPCs of 3 links)", { timeout: 3_600_000 }, async () => {
    const before = { ...stats };
    await fc.assert(property({ instances: 5, prelinked: 0, limit: 3, maxIds: 3, maxCommands: 8 }), { numRuns: RUNS, endOnFailure: true });
    console.log("model-based (small world):", JSON.stringify(diff(stats, before)));
    expect(stats.crashes - before.crashes).toBeGreaterThan(0);
  });

  it("holds at the real limit of 100 links per VPC (110 instances, 90 linked at the start)", { timeout: 3_600_000 }, async () => {
    const before = { ...stats };
    await fc.assert(property({ instances: 110, prelinked: 90, limit: 100, maxIds: 20, maxCommands: 6 }), { numRuns: Math.max(1, Math.round(RUNS / 6)), endOnFailure: true });
    console.log("model-based (limit 100):", JSON.stringify(diff(stats, before)));
  });
});

function diff(now: typeof stats, before: typeof stats) {
  return Object.fromEntries(Object.entries(now).map(([k, v]) => [k, v - before[k as keyof typeof stats]]));
}
