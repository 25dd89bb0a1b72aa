// The legacy v2 API of the seed (/v2/index.php): its signature, replay guard, task ids and the
// DescribeVpcClassicLink listing.
import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { formRequest } from "../helpers/signer";
import { newClassic, newVpc, ok, v2 } from "../helpers/worker-api";

describe("v2 AttachClassicLinkVpc", () => {
  it("links and returns an integer taskId that DescribeVpcTaskResult reports as done", async () => {
    const vpc = await newVpc("10.42.0.0/16");
    const ids = await newClassic(2);
    const r = await v2("AttachClassicLinkVpc", { vpcId: vpc, instanceIds: ids });
    expect(r).toMatchObject({ code: 0, message: "", codeDesc: "Success" });
    expect(Number.isInteger(r.taskId)).toBe(true);
    const t = await v2("DescribeVpcTaskResult", { taskId: r.taskId });
    expect(t).toMatchObject({ code: 0, data: { status: 0 } });
    // the same task is visible through API 3.0
    expect((await ok("DescribeVpcTaskResult", { TaskId: String(r.taskId) })).Status).toBe("SUCCESS");
  });

  it("accepts GET, HmacSHA1 and names written with underscores", async () => {
    const vpc = await newVpc("10.43.0.0/16");
    const [id] = await newClassic(1);
    const req = formRequest("AttachClassicLinkVpc", {}, {
      path: "/v2/index.php",
      method: "GET",
      signatureMethod: "HmacSHA1",
      region: "gz",
      extra: { vpcId: vpc, instanceIds_0: id! },
    });
    expect(await (await SELF.fetch(req)).json()).toMatchObject({ code: 0 });
  });

  it.each([
    ["a replayed request", "ReplayAttack", 4500],
    ["a wrong key", "AuthFailure.SignatureFailure", 4100],
    ["an old timestamp", "AuthFailure.SignatureExpire", 4500],
  ])("refuses %s", async (what, codeDesc, code) => {
    const o =
      what === "a wrong key" ? { secretKey: "bad" } : what === "an old timestamp" ? { timestamp: Math.floor(Date.now() / 1000) - 400 } : { nonce: 77 };
    const req = formRequest("DescribeVpcClassicLink", {}, { path: "/v2/index.php", ...o });
    const first = await (await SELF.fetch(req.clone())).json();
    const answer = what === "a replayed request" ? await (await SELF.fetch(req)).json() : first;
    expect(answer).toMatchObject({ code, codeDesc });
  });

  it("answers an unknown action and a missing parameter in the v2 envelope", async () => {
    expect(await v2("NoSuchAction", {})).toMatchObject({ code: 4000, codeDesc: "InvalidAction" });
    expect(await v2("AttachClassicLinkVpc", { vpcId: "vpc-aaaaaaaa" })).toMatchObject({ code: 4000, codeDesc: "MissingParameter" });
  });
});

describe("v2 DetachClassicLinkVpc", () => {
  it("unlinks and refuses an unknown VPC with InvalidVpc.NotFound", async () => {
    const vpc = await newVpc("10.44.0.0/16");
    const ids = await newClassic(1);
    await v2("AttachClassicLinkVpc", { vpcId: vpc, instanceIds: ids });
    expect(await v2("DetachClassicLinkVpc", { vpcId: vpc, instanceIds: ids })).toMatchObject({ code: 0 });
    expect(await v2("DetachClassicLinkVpc", { vpcId: "vpc-zzzzzzzz", instanceIds: ids })).toMatchObject({ code: 5000, codeDesc: "InvalidVpc.NotFound" });
    expect(await v2("DetachClassicLinkVpc", { vpcId: vpc, instanceIds: ["gz_ins_1"] })).toMatchObject({ code: 5000, codeDesc: "InvalidInstance.NotFound" });
  });
});

describe("v2 DescribeVpcClassicLink", () => {
  it("lists links with lanIp, ids, createTime and instanceName, newest first, at most 50", async () => {
    const vpc = await newVpc("10.45.0.0/16");
    const ids = await newClassic(3);
    for (const id of ids) await v2("AttachClassicLinkVpc", { vpcId: vpc, instanceIds: [id] });
    const r = await v2("DescribeVpcClassicLink", { vpcId: vpc });
    expect(r.totalCount).toBe(3);
    expect(r.data[0]).toMatchObject({ vpcId: vpc, unVpcId: vpc, instanceName: "Unnamed" });
    expect(r.data[0].classicLinkId).toMatch(/^vcx-[0-9a-f]{8}$/);
    expect(r.data[0].createTime).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    expect(r.data.map((d: any) => d.instanceId)).toEqual([...ids].reverse());
    const one = await v2("DescribeVpcClassicLink", { vpcId: vpc, lanIp: r.data[1].lanIp });
    expect(one.data.map((d: any) => d.instanceId)).toEqual([ids[1]]);
    const asc = await v2("DescribeVpcClassicLink", { vpcId: vpc, orderDirection: "asc", offset: 1, limit: 1 });
    expect(asc.data.map((d: any) => d.instanceId)).toEqual([ids[1]]);
    expect(await v2("DescribeVpcClassicLink", { limit: 51 })).toMatchObject({ code: 4000 });
    expect(await v2("DescribeVpcClassicLink", { lanIp: "10.250.250.250" })).toMatchObject({ code: 5000, codeDesc: "InvalidLanIp.NotFound" });
  });
});
