// Calls the Worker inside workerd (SELF) and reads state straight from the Durable Objects, for
// tests that check what the objects agree on.
import { env, SELF } from "cloudflare:test";
import { expect } from "vitest";
import type { Env } from "../../functions/env";
import { instanceObject, vpcObject } from "../../functions/objects/names";
import { formRequest, tc3Request, type FormOptions, type Tc3Options } from "./signer";

export const ACCOUNT = "1250000000";
export const testEnv = env as unknown as Env;

export type V3Reply = { Response: Record<string, any> & { RequestId: string; Error?: { Code: string; Message: string } } };

/** api calls an API 3.0 action and reports the parsed envelope (always HTTP 200 expected). */
export async function api(action: string, params: Record<string, unknown> = {}, o: Tc3Options = {}): Promise<V3Reply["Response"]> {
  const r = await SELF.fetch(tc3Request(action, params, o));
  expect(r.status).toBe(200);
  return ((await r.json()) as V3Reply).Response;
}

/** ok calls an action that must succeed and reports its Response. */
export async function ok(action: string, params: Record<string, unknown> = {}, o: Tc3Options = {}) {
  const r = await api(action, params, o);
  expect(r.Error, `${action} failed: ${JSON.stringify(r.Error)}`).toBeUndefined();
  return r;
}

/** err calls an action that must fail and reports its Error. */
export async function err(action: string, params: Record<string, unknown>, code: string, o: Tc3Options = {}) {
  const r = await api(action, params, o);
  expect(r.Error?.Code, JSON.stringify(r)).toBe(code);
  return r.Error!;
}

/** v2 calls a legacy v2 action and reports the parsed body. */
export async function v2(action: string, params: Record<string, unknown>, o: FormOptions = {}) {
  const r = await SELF.fetch(formRequest(action, params, { path: "/v2/index.php", ...o }));
  expect(r.status).toBe(200);
  return (await r.json()) as Record<string, any>;
}

/** newVpc creates a VPC and reports its id. */
export async function newVpc(cidr = "10.1.0.0/16", region?: string): Promise<string> {
  return (await ok("CreateVpc", { VpcName: "t", CidrBlock: cidr }, { region })).Vpc.VpcId;
}

/** newClassic creates classic instances and reports their ids. */
export async function newClassic(count = 1, region = "ap-guangzhou"): Promise<string[]> {
  const r = await ok("RunInstances", { Placement: { Zone: `${region}-3` }, InstanceCount: count }, { version: "2017-03-12", region });
  return r.InstanceIdSet;
}

/** linkState reports what the VPC object and each instance object say about links. */
export async function linkState(vpcId: string, instanceIds: string[]) {
  const vpc = await vpcObject(testEnv, ACCOUNT, vpcId).describe();
  const inst = await Promise.all(instanceIds.map((id) => instanceObject(testEnv, ACCOUNT, id).describe()));
  return {
    vpcLinks: new Set(vpc?.links.map((l) => l.instanceId) ?? []),
    reserved: vpc?.reserved ?? 0,
    instLinks: new Set(inst.filter((r) => r?.link?.vpcId === vpcId).map((r) => r!.instanceId)),
    pending: inst.filter((r) => r?.pending).length,
    ops: inst.filter((r) => r?.op).length,
  };
}

/** expectConsistent asserts the VPC's link set equals the instances that say they are linked to it, with no lock left open. */
export async function expectConsistent(vpcId: string, instanceIds: string[]) {
  const s = await linkState(vpcId, instanceIds);
  expect([...s.vpcLinks].sort()).toEqual([...s.instLinks].sort());
  expect(s.reserved).toBe(0);
  expect(s.pending).toBe(0);
  expect(s.ops).toBe(0);
  return s;
}

/** until polls a condition (a state another call is reaching) until it holds, or fails after `tries`. */
export async function until(cond: () => Promise<boolean>, tries = 200): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error("the awaited state was never reached");
}
