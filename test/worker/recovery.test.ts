// Crash recovery of the cross-object task protocol (functions/objects/task-object.ts): each task
// is stopped after each named step, as a crash would stop it, then its alarm is run; whatever
// the step, the VPC's links and the instances' locks agree afterwards.
import { runDurableObjectAlarm } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { instanceObject, regionDirectory, taskObject } from "../../functions/objects/names";
import { ACCOUNT, api, expectConsistent, linkState, newClassic, newVpc, ok, testEnv, until } from "../helpers/worker-api";

const CVM = { version: "2017-03-12" };

async function crashThenRecover(action: string, params: Record<string, unknown>, point: string, version = "2017-03-12") {
  const r = await api(action, params, { version, headers: { "X-Fault-After": point } });
  expect(r.Error?.Code).toBe("InternalError");
  const taskId = r.RequestId;
  const running = await ok("DescribeVpcTaskResult", { TaskId: taskId });
  expect(running.Status).toBe("RUNNING");
  const stub = taskObject(testEnv, ACCOUNT, "ap-guangzhou", taskId);
  expect(await runDurableObjectAlarm(stub)).toBe(true);
  return (await ok("DescribeVpcTaskResult", { TaskId: taskId })).Status as string;
}

describe("AttachClassicLinkVpc after a crash", () => {
  it.each([
    // crashes before the commit point roll back: nothing linked, locks released
    ["attach:locked", "FAILED", 0],
    ["attach:reserved", "FAILED", 0],
    // crashes after the commit point roll forward: both instances linked
    ["attach:decided", "SUCCESS", 2],
    ["attach:vpc-linked", "SUCCESS", 2],
    ["attach:instances-linked", "SUCCESS", 2],
  ])("recovers after %s to %s with %i links", async (point, status, links) => {
    const vpc = await newVpc();
    const ids = await newClassic(2);
    expect(await crashThenRecover("AttachClassicLinkVpc", { VpcId: vpc, InstanceIds: ids }, point)).toBe(status);
    const s = await expectConsistent(vpc, ids);
    expect(s.vpcLinks.size).toBe(links);
    // the locks are free again: a fresh attach links (or re-confirms) both
    await ok("AttachClassicLinkVpc", { VpcId: vpc, InstanceIds: ids });
    expect((await expectConsistent(vpc, ids)).vpcLinks.size).toBe(2);
  });

  it("keeps the half-done state visible to reads until a later call or the alarm recovers it", async () => {
    const vpc = await newVpc();
    const ids = await newClassic(1);
    await api("AttachClassicLinkVpc", { VpcId: vpc, InstanceIds: ids }, { headers: { "X-Fault-After": "attach:reserved" } });
    const s = await linkState(vpc, ids);
    expect(s.reserved).toBe(1);
    expect(s.pending).toBe(1);
  });

  it("refuses to link elsewhere an instance whose lock a live (paused) task holds, and never steals it", async () => {
    const vpc = await newVpc();
    const ids = await newClassic(1);
    const first = api("AttachClassicLinkVpc", { VpcId: vpc, InstanceIds: ids }, { headers: { "X-Fault-After": "attach:reserved/pause" } });
    await until(async () => (await linkState(vpc, ids)).reserved === 1);
    const other = await newVpc("10.2.0.0/16");
    const r = await api("AttachClassicLinkVpc", { VpcId: other, InstanceIds: ids });
    expect(r.Error?.Code).toBe("UnsupportedOperation.ClassicInstanceIdAlreadyExists");
    const t = await api("TerminateInstances", { InstanceIds: ids }, CVM);
    expect(t.Error?.Code).toBe("UnsupportedOperation.InvalidInstanceState");
    // the paused task still owns its locks and finishes as it would have
    const held = await instanceObject(testEnv, ACCOUNT, ids[0]!).describe();
    expect(held?.pending?.vpcId).toBe(vpc);
    expect(await taskObject(testEnv, ACCOUNT, "ap-guangzhou", held!.pending!.taskId).resume()).toBe(true);
    const reply = await first;
    expect(reply.RequestId).toBe(held!.pending!.taskId);
    expect(reply.Error).toBeUndefined();
    expect((await ok("DescribeVpcTaskResult", { TaskId: reply.RequestId })).Status).toBe("SUCCESS");
    expect((await expectConsistent(vpc, ids)).vpcLinks.size).toBe(1);
  });
});

describe("DetachClassicLinkVpc after a crash", () => {
  it.each(["detach:decided", "detach:vpc-unlinked", "detach:instances-unlinked"])("finishes the detach after %s", async (point) => {
    const vpc = await newVpc();
    const ids = await newClassic(2);
    await ok("AttachClassicLinkVpc", { VpcId: vpc, InstanceIds: ids });
    expect(await crashThenRecover("DetachClassicLinkVpc", { VpcId: vpc, InstanceIds: ids }, point)).toBe("SUCCESS");
    expect((await expectConsistent(vpc, ids)).vpcLinks.size).toBe(0);
  });

  it("never undoes a link made after the detach it recovers (regression: the alarm removed it)", async () => {
    const vpc = await newVpc();
    const ids = await newClassic(1);
    await ok("AttachClassicLinkVpc", { VpcId: vpc, InstanceIds: ids });
    const r = await api("DetachClassicLinkVpc", { VpcId: vpc, InstanceIds: ids }, { headers: { "X-Fault-After": "detach:instances-unlinked" } });
    expect(r.Error?.Code).toBe("InternalError");
    await ok("AttachClassicLinkVpc", { VpcId: vpc, InstanceIds: ids });
    expect(await runDurableObjectAlarm(taskObject(testEnv, ACCOUNT, "ap-guangzhou", r.RequestId))).toBe(true);
    expect((await ok("DescribeVpcTaskResult", { TaskId: r.RequestId })).Status).toBe("SUCCESS");
    expect((await expectConsistent(vpc, ids)).vpcLinks.size).toBe(1);
  });

  it("rolls back a detach cut off after detach:locked and keeps both links", async () => {
    const vpc = await newVpc();
    const ids = await newClassic(2);
    await ok("AttachClassicLinkVpc", { VpcId: vpc, InstanceIds: ids });
    expect(await crashThenRecover("DetachClassicLinkVpc", { VpcId: vpc, InstanceIds: ids }, "detach:locked")).toBe("FAILED");
    expect((await expectConsistent(vpc, ids)).vpcLinks.size).toBe(2);
  });
});

describe("TerminateInstances after a crash", () => {
  it.each([
    ["terminate:locked", "FAILED"],
    ["terminate:decided", "SUCCESS"],
    ["terminate:vpc-unlinked", "SUCCESS"],
    ["terminate:destroyed", "SUCCESS"],
  ])("after %s ends %s with no link left behind", async (point, status) => {
    const vpc = await newVpc();
    const ids = await newClassic(2);
    await ok("AttachClassicLinkVpc", { VpcId: vpc, InstanceIds: ids });
    expect(await crashThenRecover("TerminateInstances", { InstanceIds: ids }, point, CVM.version)).toBe(status);
    const s = await expectConsistent(vpc, ids);
    expect(s.vpcLinks.size).toBe(status === "SUCCESS" ? 0 : 2);
    const listed = await regionDirectory(testEnv, ACCOUNT, "ap-guangzhou").instanceIds();
    for (const id of ids) expect(listed.includes(id)).toBe(status !== "SUCCESS");
  });
});

describe("ModifyClassicInstancePrivateIp after a crash", () => {
  it.each([
    ["change-ip:locked", "FAILED"],
    ["change-ip:ip-reserved", "FAILED"],
    ["change-ip:decided", "SUCCESS"],
    ["change-ip:vpc-unlinked", "SUCCESS"],
    ["change-ip:ip-changed", "SUCCESS"],
  ])("after %s ends %s and frees exactly one IP", async (point, status) => {
    const vpc = await newVpc();
    const [id] = await newClassic(1);
    await ok("AttachClassicLinkVpc", { VpcId: vpc, InstanceIds: [id] });
    const before = (await ok("DescribeInstances", { InstanceIds: [id] }, CVM)).InstanceSet[0].PrivateIpAddresses[0];
    const ip = `10.200.${Math.floor(Math.random() * 250)}.${2 + Math.floor(Math.random() * 250)}`;
    expect(await crashThenRecover("ModifyClassicInstancePrivateIp", { InstanceId: id, PrivateIpAddress: ip }, point, CVM.version)).toBe(status);
    const after = (await ok("DescribeInstances", { InstanceIds: [id] }, CVM)).InstanceSet[0].PrivateIpAddresses[0];
    expect(after).toBe(status === "SUCCESS" ? ip : before);
    const s = await expectConsistent(vpc, [id!]);
    expect(s.vpcLinks.size).toBe(status === "SUCCESS" ? 0 : 1);
    // the IP not in use is free again: another instance can take it
    const [other] = await newClassic(1);
    await ok("ModifyClassicInstancePrivateIp", { InstanceId: other, PrivateIpAddress: status === "SUCCESS" ? before : ip }, CVM);
  });
});
