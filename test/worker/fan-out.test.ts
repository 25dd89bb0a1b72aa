// Bounded fan-out: mapLimit keeps order and its bound, and listings over hundreds of instances
// answer (DescribeInstances over 300, with and without filters). Region ap-seoul belongs to this file.
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { mapLimit } from "../../functions/actions/fan-out";
import { ok } from "../helpers/worker-api";

const CVM = { version: "2017-03-12", service: "cvm", region: "ap-seoul" } as const;

describe("mapLimit", () => {
  it("reports results in order and never has more than the limit in flight", async () => {
    let inFlight = 0;
    let most = 0;
    const items = Array.from({ length: 50 }, (_, i) => i);
    const out = await mapLimit(
      items,
      async (n) => {
        inFlight++;
        most = Math.max(most, inFlight);
        await new Promise((r) => setTimeout(r, (n * 7) % 5));
        inFlight--;
        return n * 2;
      },
      4,
    );
    expect(out).toEqual(items.map((n) => n * 2));
    expect(most).toBe(4);
  });

  it("rejects with the first failure and starts no further calls", async () => {
    const started: number[] = [];
    const run = mapLimit(
      Array.from({ length: 20 }, (_, i) => i),
      async (n) => {
        started.push(n);
        if (n === 2) throw new Error("boom");
        await new Promise((r) => setTimeout(r, 1));
        return n;
      },
      2,
    );
    await expect(run).rejects.toThrow("boom");
    await new Promise((r) => setTimeout(r, 20));
    expect(started.length).toBeLessThan(6);
  });

  it("handles an empty list", async () => {
    expect(await mapLimit([], async () => 1)).toEqual([]);
  });
});

// Creating 300 instances takes minutes on a 2-core machine: this runs in the long mode
// (`npm run fuzz`, which sets FUZZ_CASES), not in every `npm test`.
describe.runIf((env as Record<string, unknown>).FUZZ_CASES)("DescribeInstances over 300 instances", () => {
  it("answers every page, the total, and the filters", async () => {
    const made: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await ok("RunInstances", { Placement: { Zone: "ap-seoul-1" }, InstanceCount: 100, InstanceName: `fan-${i}` }, CVM);
      made.push(...(r.InstanceIdSet as string[]));
    }
    expect(new Set(made).size).toBe(300);
    const all = await ok("DescribeInstances", { Limit: 100 }, CVM);
    expect(all.TotalCount).toBe(300);
    expect(all.InstanceSet.map((x: { InstanceId: string }) => x.InstanceId)).toEqual(made.slice(0, 100));
    const last = await ok("DescribeInstances", { Offset: 250, Limit: 100 }, CVM);
    expect(last.InstanceSet.map((x: { InstanceId: string }) => x.InstanceId)).toEqual(made.slice(250));
    const named = await ok("DescribeInstances", { Filters: [{ Name: "instance-name", Values: ["fan-1"] }], Limit: 100 }, CVM);
    expect(named.TotalCount).toBe(100);
    expect(named.InstanceSet.map((x: { InstanceId: string }) => x.InstanceId)).toEqual(made.slice(100, 200));
    const picked = [made[299]!, made[0]!, made[150]!];
    const byId = await ok("DescribeInstances", { Filters: [{ Name: "instance-id", Values: picked }] }, CVM);
    expect(byId.InstanceSet.map((x: { InstanceId: string }) => x.InstanceId)).toEqual([made[0], made[150], made[299]]);
    const both = await ok("DescribeInstances", { Filters: [{ Name: "instance-id", Values: picked }, { Name: "instance-name", Values: ["fan-2"] }] }, CVM);
    expect(both.TotalCount).toBe(1);
    expect(both.InstanceSet[0].InstanceId).toBe(made[299]);
    const asked = await ok("DescribeInstances", { InstanceIds: [made[42]!, "ins-zzzzzzzz"] }, CVM);
    expect(asked.InstanceSet.map((x: { InstanceId: string }) => x.InstanceId)).toEqual([made[42]]);
  }, 900_000); // 300 instances take minutes to create on a loaded 2-core machine
});
