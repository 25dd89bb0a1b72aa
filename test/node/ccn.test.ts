// SDK conformance: Cloud Connect Network (CCN) actions of vpc 2017-03-12, the part rule CH6
// needs — CreateCcn, AttachCcnInstances, DetachCcnInstances, DescribeCcns, DeleteCcn — through
// the official SDK. Regions ap-shenzhen-fsi and ap-shanghai-fsi belong to this file.
import { beforeAll, describe, expect, inject, it } from "vitest";
import { makeVpc, uniqueName, type Clients, type VpcClient } from "../helpers/resources";
import { clients, expectCode } from "../helpers/sdk";

const REGION = "ap-shenzhen-fsi";
const OTHER = "ap-shanghai-fsi";

let c: Clients;
let far: Clients;
let octet = 40;
/** A VPC of REGION that no test attaches (at most 20 VPCs per region: share where possible). */
let spare: string;

beforeAll(async () => {
  c = clients(inject("devPort"), REGION);
  far = clients(inject("devPort"), OTHER);
  spare = await vpcIn(c.vpc);
});

/** vpcIn creates a VPC in a region's client. */
async function vpcIn(vpc: VpcClient): Promise<string> {
  octet += 1;
  return makeVpc(vpc, `10.${octet}.0.0/16`);
}

/** makeCcn creates a CCN and reports its id. */
async function makeCcn(name = uniqueName("ccn")): Promise<string> {
  const r = await c.vpc.CreateCcn({ CcnName: name });
  expect(r.Ccn?.CcnId).toMatch(/^ccn-[a-z0-9]{8}$/);
  return r.Ccn!.CcnId!;
}

/** inst is one CcnInstance of type VPC. */
function inst(id: string, region = REGION) {
  return { InstanceId: id, InstanceRegion: region, InstanceType: "VPC" };
}

/** count reports a CCN's InstanceCount as DescribeCcns shows it. */
async function count(ccnId: string): Promise<number> {
  const r = await c.vpc.DescribeCcns({ CcnIds: [ccnId] });
  expect(r.TotalCount).toBe(1);
  return r.CcnSet![0]!.InstanceCount!;
}

describe("CreateCcn and DescribeCcns", () => {
  it("creates a CCN with its defaults and lists it", async () => {
    const name = uniqueName("ccn-create");
    const r = await c.vpc.CreateCcn({ CcnName: name, CcnDescription: "joins VPCs" });
    expect(r.Ccn).toMatchObject({ CcnName: name, CcnDescription: "joins VPCs", InstanceCount: 0, State: "AVAILABLE" });
    expect(r.Ccn?.CcnId).toMatch(/^ccn-[a-z0-9]{8}$/);
    expect(r.Ccn?.CreateTime).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    const d = await c.vpc.DescribeCcns({ CcnIds: [r.Ccn!.CcnId!] });
    expect(d.TotalCount).toBe(1);
    expect(d.CcnSet?.[0]).toMatchObject({ CcnId: r.Ccn!.CcnId, CcnName: name, InstanceCount: 0 });
    const byName = await c.vpc.DescribeCcns({ Filters: [{ Name: "ccn-name", Values: [name] }] });
    expect(byName.CcnSet?.map((x) => x.CcnId)).toEqual([r.Ccn!.CcnId]);
  });

  it("a CCN is global: every region's client sees it", async () => {
    const id = await makeCcn();
    const d = await far.vpc.DescribeCcns({ CcnIds: [id] });
    expect(d.CcnSet?.map((x) => x.CcnId)).toEqual([id]);
  });

  it.each([
    ["CreateCcn without CcnName", () => c.vpc.CreateCcn({} as never), "MissingParameter", /`CcnName`/],
    ["CreateCcn with an unknown field", () => c.vpc.CreateCcn({ CcnName: "x", Colour: "red" } as never), "UnknownParameter", /`Colour`/],
    ["DescribeCcns with an unknown filter", () => c.vpc.DescribeCcns({ Filters: [{ Name: "vpc-id", Values: ["x"] }] }), "InvalidParameter.FilterInvalidKey", /vpc-id/],
    ["DescribeCcns with a malformed id", () => c.vpc.DescribeCcns({ CcnIds: ["ccn-1"] }), "InvalidParameterValue.Malformed", /`CcnIds\.0`/],
  ])("%s is refused", async (_what, call, code, message) => {
    await expectCode(call(), code, message);
  });
});

describe("AttachCcnInstances", () => {
  it("attaches VPCs of several regions and DescribeCcns counts them", async () => {
    const ccn = await makeCcn();
    const a = await vpcIn(c.vpc);
    const b = await vpcIn(far.vpc);
    const r = await c.vpc.AttachCcnInstances({ CcnId: ccn, Instances: [inst(a), inst(b, OTHER)] });
    expect(r.RequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await count(ccn)).toBe(2);
  });

  it.each([
    ["InstanceType DIRECTCONNECT", (v: string) => [{ ...inst(v), InstanceType: "DIRECTCONNECT" }], "InvalidParameterValue.NotInOptions", /`Instances\.0\.InstanceType`/],
    ["a VPC that does not exist", () => [inst("vpc-00000000")], "ResourceNotFound", /vpc-00000000/],
    ["a VPC given with the wrong region", (v: string) => [inst(v, OTHER)], "ResourceNotFound", new RegExp(OTHER)],
    ["a malformed VPC id", () => [inst("vpc-1")], "InvalidParameterValue.Malformed", /`Instances\.0\.InstanceId`/],
    ["a region that does not exist", (v: string) => [inst(v, "mars-north-1")], "InvalidParameterValue", /`Instances\.0\.InstanceRegion`/],
    ["an empty Instances list", () => [], "MissingParameter", /`Instances/],
    ["an instance without InstanceRegion", (v: string) => [{ InstanceId: v, InstanceType: "VPC" }], "MissingParameter", /`Instances\.0\.InstanceRegion`/],
  ])("refuses %s and attaches nothing", async (_what, list, code, message) => {
    const ccn = await makeCcn();
    await expectCode(c.vpc.AttachCcnInstances({ CcnId: ccn, Instances: list(spare) as never }), code, message);
    expect(await count(ccn)).toBe(0);
  });

  it.each([
    ["an unknown CCN", "ccn-00000000", "ResourceNotFound", /ccn-00000000/],
    ["a malformed CCN id", "ccn-1", "InvalidParameterValue.Malformed", /`CcnId`/],
  ])("refuses %s", async (_what, id, code, message) => {
    await expectCode(c.vpc.AttachCcnInstances({ CcnId: id, Instances: [inst(spare)] }), code, message);
  });

  it("refuses a VPC already in a CCN with UnsupportedOperation.CcnAttached naming that CCN", async () => {
    const first = await makeCcn();
    const second = await makeCcn();
    const v = await vpcIn(c.vpc);
    await c.vpc.AttachCcnInstances({ CcnId: first, Instances: [inst(v)] });
    await expectCode(c.vpc.AttachCcnInstances({ CcnId: second, Instances: [inst(v)] }), "UnsupportedOperation.CcnAttached", new RegExp(`${v}.*${first}`));
    await expectCode(c.vpc.AttachCcnInstances({ CcnId: first, Instances: [inst(v)] }), "UnsupportedOperation.CcnAttached", new RegExp(first));
    expect(await count(first)).toBe(1);
    expect(await count(second)).toBe(0);
  });

  it("is all or nothing: one attached VPC in the list leaves the others free", async () => {
    const first = await makeCcn();
    const second = await makeCcn();
    const taken = await vpcIn(c.vpc);
    const free = await vpcIn(c.vpc);
    await c.vpc.AttachCcnInstances({ CcnId: first, Instances: [inst(taken)] });
    await expectCode(c.vpc.AttachCcnInstances({ CcnId: second, Instances: [inst(free), inst(taken)] }), "UnsupportedOperation.CcnAttached", new RegExp(taken));
    expect(await count(second)).toBe(0);
    await c.vpc.AttachCcnInstances({ CcnId: first, Instances: [inst(free)] });
    expect(await count(first)).toBe(2);
  });

  it("answers a VPC listed twice in one request with a client error or by taking it once, never InternalError", async () => {
    const ccn = await makeCcn();
    const v = await vpcIn(c.vpc);
    const err = (await c.vpc.AttachCcnInstances({ CcnId: ccn, Instances: [inst(v), inst(v)] }).then(
      () => null,
      (e: unknown) => e,
    )) as { code?: string; message?: string } | null;
    if (err) expect(err.code, err.message).toMatch(/^InvalidParameterValue(\.Duplicate)?$/);
    else expect(await count(ccn)).toBe(1);
  });

  it("after a VPC listed twice, the VPC is either in the CCN's list or free to join another CCN", async () => {
    const ccn = await makeCcn();
    const other = await makeCcn();
    const v = await vpcIn(c.vpc);
    await c.vpc.AttachCcnInstances({ CcnId: ccn, Instances: [inst(v), inst(v)] }).catch(() => undefined);
    if ((await count(ccn)) === 1) {
      await c.vpc.DetachCcnInstances({ CcnId: ccn, Instances: [inst(v)] });
    } else {
      // The CCN does not list the VPC, so the VPC must not count as attached anywhere.
      await c.vpc.AttachCcnInstances({ CcnId: other, Instances: [inst(v)] });
      expect(await count(other)).toBe(1);
    }
  });
});

describe("DetachCcnInstances and DeleteCcn", () => {
  it("detaches a VPC, which may then join another CCN", async () => {
    const ccn = await makeCcn();
    const other = await makeCcn();
    const a = await vpcIn(c.vpc);
    const b = await vpcIn(c.vpc);
    await c.vpc.AttachCcnInstances({ CcnId: ccn, Instances: [inst(a), inst(b)] });
    const r = await c.vpc.DetachCcnInstances({ CcnId: ccn, Instances: [inst(a)] });
    expect(r.RequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await count(ccn)).toBe(1);
    await c.vpc.AttachCcnInstances({ CcnId: other, Instances: [inst(a)] });
    expect(await count(other)).toBe(1);
  });

  it("refuses a VPC that is not attached with UnsupportedOperation.CcnNotAttached, detaching nothing", async () => {
    const ccn = await makeCcn();
    const other = await makeCcn();
    const attached = await vpcIn(c.vpc);
    const elsewhere = await vpcIn(c.vpc);
    const loose = await vpcIn(c.vpc);
    await c.vpc.AttachCcnInstances({ CcnId: ccn, Instances: [inst(attached)] });
    await c.vpc.AttachCcnInstances({ CcnId: other, Instances: [inst(elsewhere)] });
    await expectCode(c.vpc.DetachCcnInstances({ CcnId: ccn, Instances: [inst(loose)] }), "UnsupportedOperation.CcnNotAttached", new RegExp(loose));
    await expectCode(c.vpc.DetachCcnInstances({ CcnId: ccn, Instances: [inst(elsewhere)] }), "UnsupportedOperation.CcnNotAttached", new RegExp(elsewhere));
    await expectCode(c.vpc.DetachCcnInstances({ CcnId: ccn, Instances: [inst(attached), inst(loose)] }), "UnsupportedOperation.CcnNotAttached", new RegExp(loose));
    expect(await count(ccn)).toBe(1);
    expect(await count(other)).toBe(1);
  });

  it("DetachCcnInstances of an unknown CCN is ResourceNotFound", async () => {
    await expectCode(c.vpc.DetachCcnInstances({ CcnId: "ccn-00000000", Instances: [inst("vpc-00000000")] }), "ResourceNotFound", /ccn-00000000/);
  });

  it("DeleteCcn is refused with ResourceInUse while VPCs are attached, and works once they are detached", async () => {
    const ccn = await makeCcn();
    const a = await vpcIn(c.vpc);
    const b = await vpcIn(far.vpc);
    await c.vpc.AttachCcnInstances({ CcnId: ccn, Instances: [inst(a), inst(b, OTHER)] });
    await expectCode(c.vpc.DeleteCcn({ CcnId: ccn }), "ResourceInUse", new RegExp(`${ccn}.*2 VPC`));
    await c.vpc.DetachCcnInstances({ CcnId: ccn, Instances: [inst(a)] });
    await expectCode(c.vpc.DeleteCcn({ CcnId: ccn }), "ResourceInUse", new RegExp(ccn));
    await c.vpc.DetachCcnInstances({ CcnId: ccn, Instances: [inst(b, OTHER)] });
    const r = await c.vpc.DeleteCcn({ CcnId: ccn });
    expect(r.RequestId).toMatch(/^[0-9a-f-]{36}$/);
    const d = await c.vpc.DescribeCcns({ CcnIds: [ccn] });
    expect(d.TotalCount).toBe(0);
    await expectCode(c.vpc.DeleteCcn({ CcnId: ccn }), "ResourceNotFound", new RegExp(ccn));
    await expectCode(c.vpc.AttachCcnInstances({ CcnId: ccn, Instances: [inst(a)] }), "ResourceNotFound", new RegExp(ccn));
  });

  it("DeleteCcn refuses a malformed id", async () => {
    await expectCode(c.vpc.DeleteCcn({ CcnId: "ccn" }), "InvalidParameterValue.Malformed", /`CcnId`/);
  });

  it("DeleteVpc of a VPC attached to a CCN is refused (Tencent: a VPC joined to a CCN cannot be deleted)", async () => {
    const ccn = await makeCcn();
    const v = await vpcIn(c.vpc);
    await c.vpc.AttachCcnInstances({ CcnId: ccn, Instances: [inst(v)] });
    await expectCode(c.vpc.DeleteVpc({ VpcId: v }), "ResourceInUse", new RegExp(v));
    expect((await c.vpc.DescribeVpcs({ VpcIds: [v] })).VpcSet?.map((x) => x.VpcId)).toEqual([v]);
  });
});
