// Concurrent requests against the per-VPC limit (CL5) and the per-instance single link (CL4):
// no interleaving of requests may break either, and the objects always agree afterwards.
import { describe, expect, it } from "vitest";
import { api, expectConsistent, newClassic, newVpc, ok } from "../helpers/worker-api";

describe("AttachClassicLinkVpc under concurrency", () => {
  it("leaves exactly 100 of 150 concurrent single attaches linked", async () => {
    const vpc = await newVpc("10.7.0.0/16");
    const ids = [...(await newClassic(100)), ...(await newClassic(50))];
    const replies = await Promise.all(ids.map((id) => api("AttachClassicLinkVpc", { VpcId: vpc, InstanceIds: [id] })));
    const codes = replies.map((r) => r.Error?.Code ?? "OK");
    expect(codes.filter((c) => c === "OK")).toHaveLength(100);
    expect(codes.filter((c) => c === "LimitExceeded")).toHaveLength(50);
    const s = await expectConsistent(vpc, ids);
    expect(s.vpcLinks.size).toBe(100);
    const listed = await ok("DescribeClassicLinkInstances", { Filters: [{ Name: "vpc-id", Values: [vpc] }], Limit: "100" });
    expect(listed.TotalCount).toBe(100);
  });

  it("links one instance attached concurrently to two VPCs to exactly one of them", async () => {
    const a = await newVpc("10.8.0.0/16");
    const b = await newVpc("10.9.0.0/16");
    const ids = await newClassic(10);
    for (const id of ids) {
      const [ra, rb] = await Promise.all([
        api("AttachClassicLinkVpc", { VpcId: a, InstanceIds: [id] }),
        api("AttachClassicLinkVpc", { VpcId: b, InstanceIds: [id] }),
      ]);
      const wins = [ra, rb].filter((r) => !r.Error);
      expect(wins).toHaveLength(1);
      expect([ra, rb].find((r) => r.Error)!.Error!.Code).toBe("UnsupportedOperation.ClassicInstanceIdAlreadyExists");
    }
    const sa = await expectConsistent(a, ids);
    const sb = await expectConsistent(b, ids);
    expect(sa.vpcLinks.size + sb.vpcLinks.size).toBe(10);
    for (const id of ids) expect(sa.vpcLinks.has(id) !== sb.vpcLinks.has(id)).toBe(true);
  });

  it("keeps links and locks in agreement through a storm of attach, detach and terminate", async () => {
    const a = await newVpc("10.10.0.0/16");
    const b = await newVpc("10.11.0.0/16");
    const ids = await newClassic(40);
    const ops = ids.flatMap((id, i) => [
      api("AttachClassicLinkVpc", { VpcId: i % 2 ? a : b, InstanceIds: [id] }),
      api("AttachClassicLinkVpc", { VpcId: i % 2 ? b : a, InstanceIds: [id, ids[(i + 1) % ids.length]] }),
      api("DetachClassicLinkVpc", { VpcId: a, InstanceIds: [id] }),
      ...(i % 7 === 0 ? [api("TerminateInstances", { InstanceIds: [id] })] : []),
    ]);
    const replies = await Promise.all(ops);
    for (const r of replies) expect(r.Error?.Code ?? "OK").not.toBe("InternalError");
    await expectConsistent(a, ids);
    await expectConsistent(b, ids);
  });

  it("refuses a batch that would pass the limit and links none of it", { timeout: 180_000 }, async () => {
    const vpc = await newVpc("10.12.0.0/16");
    const first = await newClassic(98);
    await ok("AttachClassicLinkVpc", { VpcId: vpc, InstanceIds: first });
    const batch = await newClassic(3);
    const e = await api("AttachClassicLinkVpc", { VpcId: vpc, InstanceIds: batch });
    expect(e.Error?.Code).toBe("LimitExceeded");
    expect(e.Error?.Message).toContain("98 of 100");
    const s = await expectConsistent(vpc, [...first, ...batch]);
    expect(s.vpcLinks.size).toBe(98);
    await ok("AttachClassicLinkVpc", { VpcId: vpc, InstanceIds: batch.slice(0, 2) });
    expect((await expectConsistent(vpc, [...first, ...batch])).vpcLinks.size).toBe(100);
  });
});
