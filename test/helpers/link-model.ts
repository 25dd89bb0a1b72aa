// The model of ClassicLink state for the model-based test (test/worker/model.test.ts): what each
// operation should answer, read from the model alone, and the invariant that the live objects,
// the Describe* answers and the task records must agree on after every step.
import { expect } from "vitest";
import { instanceObject, regionDirectory, taskObject, vpcObject } from "../../functions/objects/names";
import { CRASH_POINTS } from "../../functions/objects/task-object";
import type { TaskKind } from "../../functions/objects/records";
import { ACCOUNT, api, testEnv } from "./worker-api";

export const REGION = "ap-guangzhou";

/** One operation of a caller. */
export type Op =
  | { kind: "attach" | "detach"; vpc: number; ids: number[]; crash?: string }
  | { kind: "terminate"; ids: number[]; crash?: string }
  | { kind: "change-ip"; ids: [number]; ip: number; crash?: string };

/** The model: VPC limits, and for each instance whether it lives, its IP and its link. */
export interface Model {
  limits: number[];
  inst: { alive: boolean; ip: string; link?: number }[];
  ips: string[];
}

/** The real world of one run: ids, and every task sent (crashed ones apart). */
export interface World {
  vpcs: string[];
  ids: string[];
  ips: string[];
  crashed: Set<string>;
}

/** expected reports the code an operation must answer when sent alone (undefined: success), and the stage it is refused at. */
export function expected(m: Model, op: Op): { code?: string; stage: number } {
  const dead = op.ids.find((i) => !m.inst[i]!.alive);
  if (op.kind === "attach") {
    if (dead !== undefined) return { code: "ResourceNotFound", stage: 0 };
    if (op.ids.some((i) => m.inst[i]!.link !== undefined && m.inst[i]!.link !== op.vpc)) return { code: "UnsupportedOperation.ClassicInstanceIdAlreadyExists", stage: 0 };
    const used = m.inst.filter((r) => r.alive && r.link === op.vpc).length;
    const fresh = op.ids.filter((i) => m.inst[i]!.link !== op.vpc).length;
    return used + fresh > m.limits[op.vpc]! ? { code: "LimitExceeded", stage: 1 } : { stage: Infinity };
  }
  if (op.kind === "detach") {
    const off = op.ids.find((i) => !m.inst[i]!.alive || m.inst[i]!.link !== op.vpc);
    return off !== undefined ? { code: "ResourceNotFound", stage: 0 } : { stage: Infinity };
  }
  if (dead !== undefined) return { code: "InvalidInstanceId.NotFound", stage: 0 };
  if (op.kind !== "change-ip") return { stage: Infinity };
  const ip = m.ips[op.ip]!;
  if (m.inst[op.ids[0]]!.ip === ip) return { code: "InvalidParameterValue", stage: 0 };
  if (m.inst.some((r) => r.alive && r.ip === ip)) return { code: "InvalidParameterValue", stage: 1 };
  return { stage: Infinity };
}

/** apply changes the model as a successful operation does. */
export function apply(m: Model, op: Op): void {
  const newIp = op.kind === "change-ip" ? m.ips[op.ip]! : undefined;
  for (const i of op.ids) {
    const r = m.inst[i]!;
    if (op.kind === "attach") r.link = op.vpc;
    else if (op.kind === "detach" || op.kind === "change-ip") delete r.link;
    else {
      r.alive = false;
      delete r.link;
    }
    if (newIp) r.ip = newIp;
  }
}

/** pointIndex reports where a crash point lies among its kind's points, and where the decision is. */
export function pointIndex(kind: TaskKind, point: string): { at: number; decided: number } {
  const all: readonly string[] = CRASH_POINTS[kind];
  return { at: all.indexOf(point), decided: all.indexOf(`${kind}:decided`) };
}

/** send runs one operation through the Worker and reports its reply. */
export function send(w: World, op: Op) {
  const headers = op.crash ? { "X-Fault-After": op.crash } : undefined;
  const ids = op.ids.map((i) => w.ids[i]!);
  if (op.kind === "attach") return api("AttachClassicLinkVpc", { VpcId: w.vpcs[op.vpc], InstanceIds: ids }, { headers });
  if (op.kind === "detach") return api("DetachClassicLinkVpc", { VpcId: w.vpcs[op.vpc], InstanceIds: ids }, { headers });
  if (op.kind === "terminate") return api("TerminateInstances", { InstanceIds: ids }, { version: "2017-03-12", headers });
  const ip = op.kind === "change-ip" ? w.ips[op.ip] : "";
  return api("ModifyClassicInstancePrivateIp", { InstanceId: ids[0], PrivateIpAddress: ip }, { version: "2017-03-12", headers });
}

/** What the objects and the Describe* answers say. */
export async function observe(w: World) {
  const vpcs = await Promise.all(w.vpcs.map((id) => vpcObject(testEnv, ACCOUNT, id).describe()));
  const inst = await Promise.all(w.ids.map((id) => instanceObject(testEnv, ACCOUNT, id).describe()));
  const listed = new Set(await regionDirectory(testEnv, ACCOUNT, REGION).instanceIds());
  const tasks = new Map(await Promise.all([...w.crashed].map(async (id) => [id, await taskObject(testEnv, ACCOUNT, REGION, id).result()] as const)));
  const linked: { VpcId: string; InstanceId: string }[] = [];
  for (let total = 1; linked.length < total; ) {
    const page = await api("DescribeClassicLinkInstances", { Filters: [{ Name: "vpc-id", Values: w.vpcs }], Offset: String(linked.length), Limit: "100" });
    expect(page.Error).toBeUndefined();
    total = page.TotalCount;
    if (page.ClassicLinkInstanceSet.length === 0) break;
    linked.push(...page.ClassicLinkInstanceSet);
  }
  const tables = await api("DescribeRouteTables", { Filters: [{ Name: "vpc-id", Values: w.vpcs }], Limit: "100" });
  const limits = await api("DescribeVpcLimits", { LimitTypes: ["vpc-max-basic-network-interconnections"] });
  return { vpcs, inst, listed, tasks, linked, tables, limits };
}

/** check asserts the invariant; `settled` also demands that no task runs and that the model matches. */
export async function check(w: World, m: Model | null, settled: boolean): Promise<void> {
  const o = await observe(w);
  const running = new Set([...o.tasks].filter(([, t]) => t?.status === "RUNNING").map(([id]) => id));
  if (settled) expect([...running]).toEqual([]);
  expect(o.limits.Error).toBeUndefined();
  expect(o.limits.VpcLimitSet[0].LimitValue).toBe(100);
  const listedLinks = new Set<string>(o.linked.map((l) => `${l.VpcId}/${l.InstanceId}`));
  expect(listedLinks.size).toBe(o.linked.length);
  const routes = new Set<string>();
  for (const t of o.tables.RouteTableSet as { VpcId: string; RouteSet: { DestinationCidrBlock: string; RouteDescription: string }[] }[]) {
    for (const r of t.RouteSet) if (r.DestinationCidrBlock.endsWith("/32")) routes.add(`${t.VpcId}/${r.RouteDescription.replace("ClassicLink ", "")}/${r.DestinationCidrBlock}`);
  }
  const wantLinks = new Set<string>();
  const wantRoutes = new Set<string>();
  const linkedTo = new Map<string, number[]>();
  o.vpcs.forEach((v, vi) => {
    expect(v).not.toBeNull();
    const reserved = Object.values(v!.reservations).reduce((n, ids) => n + ids.length, 0);
    expect(v!.links.length + reserved).toBeLessThanOrEqual(v!.linkLimit);
    for (const task of Object.keys(v!.reservations)) expect(running.has(task), `reservation of ${task}`).toBe(true);
    for (const l of v!.links) {
      if (l.heldBy) expect(running.has(l.heldBy), `hold of ${l.heldBy}`).toBe(true);
      wantLinks.add(`${w.vpcs[vi]}/${l.instanceId}`);
      wantRoutes.add(`${w.vpcs[vi]}/${l.instanceId}/${l.ip}/32`);
      linkedTo.set(l.instanceId, [...(linkedTo.get(l.instanceId) ?? []), vi]);
      const r = o.inst[w.ids.indexOf(l.instanceId)];
      expect(r, `link of a forgotten instance ${l.instanceId}`).toBeTruthy();
      expect(l.ip).toBe(r!.privateIp);
    }
  });
  expect(listedLinks).toEqual(wantLinks);
  expect(routes).toEqual(wantRoutes);
  w.ids.forEach((id, i) => {
    const r = o.inst[i];
    const held = r?.pending?.taskId ?? r?.op?.taskId;
    expect((linkedTo.get(id) ?? []).length).toBeLessThanOrEqual(1);
    if (held) expect(running.has(held), `lock of ${held} on ${id}`).toBe(true);
    if (!r) expect(o.listed.has(id)).toBe(false);
    if (r && !held) {
      expect(o.listed.has(id)).toBe(true);
      const vpcSide = linkedTo.get(id)?.[0];
      expect(r.link ? w.vpcs.indexOf(r.link.vpcId) : undefined, `links of ${id}`).toBe(vpcSide);
    }
    if (settled && m) {
      expect(!!r, `${id} alive`).toBe(m.inst[i]!.alive);
      if (r) {
        expect(r.privateIp).toBe(m.inst[i]!.ip);
        expect(r.link ? w.vpcs.indexOf(r.link.vpcId) : undefined, `${id} link`).toBe(m.inst[i]!.link);
      }
    }
  });
}

/** modelOf reads the model from a settled world (after concurrent steps, whose outcome the invariant judged). */
export async function modelOf(w: World, limits: number[]): Promise<Model> {
  const inst = await Promise.all(w.ids.map((id) => instanceObject(testEnv, ACCOUNT, id).describe()));
  return {
    limits,
    ips: w.ips,
    inst: inst.map((r) => (r ? { alive: true, ip: r.privateIp, ...(r.link ? { link: w.vpcs.indexOf(r.link.vpcId) } : {}) } : { alive: false, ip: "" })),
  };
}
