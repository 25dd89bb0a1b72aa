// A task cut off at any named point blocks nothing: the next call that meets one of its locks
// (instance lock, VPC reservation or held link, claimed IP) has it finish at once, back before
// its decision and forward after it, with no alarm run (task-object.ts, "Failure cases").
import { runDurableObjectAlarm } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { taskObject, vpcObject } from "../../functions/objects/names";
import { CRASH_POINTS } from "../../functions/objects/task-object";
import { ACCOUNT, api, expectConsistent, newClassic, newVpc, ok, testEnv } from "../helpers/worker-api";

const CVM = { version: "2017-03-12" };

/** afterDecision reports whether a crash at this point leaves a committed task (rolled forward). */
function afterDecision(kind: keyof typeof CRASH_POINTS, point: string): boolean {
  const all: readonly string[] = CRASH_POINTS[kind];
  return all.indexOf(point) >= all.indexOf(`${kind}:decided`);
}

async function crash(action: string, params: Record<string, unknown>, point: string, version = "2017-03-12") {
  const r = await api(action, params, { version, headers: { "X-Fault-After": point } });
  expect(r.Error?.Code).toBe("InternalError");
  expect((await ok("DescribeVpcTaskResult", { TaskId: r.RequestId })).Status).toBe("RUNNING");
  return r.RequestId;
}

/**
 * statusOf reports the task's status after the later call. A crash after the last point of attach, detach or terminate (or
 * change-ip:locked, which claims nothing the later call asks for) leaves no lock that call meets:
 * the record then waits for the alarm, which is run here and must end it.
 */
async function statusOf(taskId: string, point: string) {
  const stub = taskObject(testEnv, ACCOUNT, "ap-guangzhou", taskId);
  const kind = point.split(":")[0] as keyof typeof CRASH_POINTS;
  const met = kind === "change-ip" ? point !== "change-ip:locked" : point !== CRASH_POINTS[kind].at(-1);
  const now = (await stub.result())?.status;
  if (met) return now;
  expect(now).toBe("RUNNING");
  expect(await runDurableObjectAlarm(stub)).toBe(true);
  return (await stub.result())?.status;
}

describe("a later call after a crash", () => {
  it.each(CRASH_POINTS.attach.map((p) => [p]))("recovers an attach cut off after %s at once", async (point) => {
    const [a, b] = [await newVpc("10.20.0.0/16"), await newVpc("10.21.0.0/16")];
    const ids = await newClassic(2);
    const task = await crash("AttachClassicLinkVpc", { VpcId: a, InstanceIds: ids }, point);
    const later = await api("AttachClassicLinkVpc", { VpcId: b, InstanceIds: ids });
    const forward = afterDecision("attach", point);
    expect(later.Error?.Code).toBe(forward ? "UnsupportedOperation.ClassicInstanceIdAlreadyExists" : undefined);
    expect(await statusOf(task, point)).toBe(forward ? "SUCCESS" : "FAILED");
    expect((await expectConsistent(a, ids)).vpcLinks.size).toBe(forward ? 2 : 0);
    expect((await expectConsistent(b, ids)).vpcLinks.size).toBe(forward ? 0 : 2);
  });

  it.each(CRASH_POINTS.detach.map((p) => [p]))("recovers a detach cut off after %s at once", async (point) => {
    const [a, b] = [await newVpc("10.22.0.0/16"), await newVpc("10.23.0.0/16")];
    const ids = await newClassic(2);
    await ok("AttachClassicLinkVpc", { VpcId: a, InstanceIds: ids });
    const task = await crash("DetachClassicLinkVpc", { VpcId: a, InstanceIds: ids }, point);
    const later = await api("AttachClassicLinkVpc", { VpcId: b, InstanceIds: ids });
    const forward = afterDecision("detach", point);
    expect(later.Error?.Code).toBe(forward ? undefined : "UnsupportedOperation.ClassicInstanceIdAlreadyExists");
    expect(await statusOf(task, point)).toBe(forward ? "SUCCESS" : "FAILED");
    expect((await expectConsistent(a, ids)).vpcLinks.size).toBe(forward ? 0 : 2);
    expect((await expectConsistent(b, ids)).vpcLinks.size).toBe(forward ? 2 : 0);
  });

  it.each(CRASH_POINTS.terminate.map((p) => [p]))("recovers a terminate cut off after %s at once", async (point) => {
    const [a, b] = [await newVpc("10.24.0.0/16"), await newVpc("10.25.0.0/16")];
    const ids = await newClassic(2);
    await ok("AttachClassicLinkVpc", { VpcId: a, InstanceIds: ids });
    const task = await crash("TerminateInstances", { InstanceIds: ids }, point, CVM.version);
    const later = await api("AttachClassicLinkVpc", { VpcId: b, InstanceIds: ids });
    const forward = afterDecision("terminate", point);
    expect(later.Error?.Code).toBe(forward ? "ResourceNotFound" : "UnsupportedOperation.ClassicInstanceIdAlreadyExists");
    expect(await statusOf(task, point)).toBe(forward ? "SUCCESS" : "FAILED");
    expect((await expectConsistent(a, ids)).vpcLinks.size).toBe(forward ? 0 : 2);
  });

  it.each(CRASH_POINTS["change-ip"].map((p) => [p]))("recovers an IP change cut off after %s at once", async (point) => {
    const a = await newVpc("10.26.0.0/16");
    const [x, y] = await newClassic(2);
    await ok("AttachClassicLinkVpc", { VpcId: a, InstanceIds: [x] });
    const ip = `10.201.${Math.floor(Math.random() * 250)}.${2 + Math.floor(Math.random() * 250)}`;
    const task = await crash("ModifyClassicInstancePrivateIp", { InstanceId: x, PrivateIpAddress: ip }, point, CVM.version);
    // another instance asks for the same address: it meets the claim of the cut-off task
    const later = await api("ModifyClassicInstancePrivateIp", { InstanceId: y, PrivateIpAddress: ip }, CVM);
    const forward = afterDecision("change-ip", point);
    expect(later.Error?.Code).toBe(forward ? "InvalidParameterValue" : undefined);
    expect(await statusOf(task, point)).toBe(forward ? "SUCCESS" : "FAILED");
    expect((await expectConsistent(a, [x!, y!])).vpcLinks.size).toBe(forward ? 0 : 1);
  });

  it.each([
    ["attach:reserved", "a reservation"],
    ["detach:decided", "a held link"],
  ])("finds room in a full VPC once the task cut off after %s (%s) is recovered", async (point) => {
    const a = await newVpc("10.27.0.0/16");
    expect(await vpcObject(testEnv, ACCOUNT, a).setLinkLimit(2)).toBe(true);
    const ids = await newClassic(3);
    if (point.startsWith("detach")) await ok("AttachClassicLinkVpc", { VpcId: a, InstanceIds: ids.slice(0, 2) });
    const params = { VpcId: a, InstanceIds: ids.slice(0, 2) };
    const task = await crash(point.startsWith("detach") ? "DetachClassicLinkVpc" : "AttachClassicLinkVpc", params, point);
    await ok("AttachClassicLinkVpc", { VpcId: a, InstanceIds: [ids[2]] });
    expect(await statusOf(task, point)).toBe(point.startsWith("detach") ? "SUCCESS" : "FAILED");
    expect([...(await expectConsistent(a, ids)).vpcLinks]).toEqual([ids[2]]);
  });
});
