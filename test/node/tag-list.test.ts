// SDK conformance: the tag product's tag list and one-tag bindings (tag 2018-08-13) — DescribeTags,
// CreateTag, DeleteTag, AttachResourcesTag, DetachResourcesTag, the actions
// tencent-component-toolkit's Tag module calls — with each error code Tencent lists for them.
// The tag list is account-wide and shared with the other files, so every key here is unique.
import tencentcloud from "tencentcloud-sdk-nodejs";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { responseProblems } from "../helpers/response-shape";
import { expectCode, sdkClients } from "../helpers/sdk";

type TagClient = InstanceType<typeof tencentcloud.tag.v20180813.Client>;
type VpcClient = InstanceType<typeof tencentcloud.vpc.v20170312.Client>;
let tag: TagClient;
let vpc: VpcClient;
const REGION = "ap-chengdu";
const ACCOUNT = 1250000000;
const uniq = () => Math.random().toString(36).slice(2, 10).padEnd(8, "0");

beforeAll(() => {
  const c = sdkClients(inject("devPort"), REGION);
  tag = c.tag;
  vpc = c.vpc;
});

/** shaped fails with the problems when a reply departs from the SDK's model of the action's Response. */
function shaped<T>(action: string, reply: T, present: string[] = []): T {
  expect(responseProblems("tag", action, reply, { present }), `tag ${action} reply shape`).toEqual([]);
  return reply;
}

const listOf = async (keys: string[], extra: Record<string, unknown> = {}) =>
  shaped("DescribeTags", await tag.DescribeTags({ TagKeys: keys, Limit: 1000, ...extra }), ["TotalCount", "Offset", "Limit", "Tags"]);

const tagsOf = async (service: string, prefix: string, id: string) =>
  ((await tag.DescribeResourceTagsByResourceIds({ ServiceType: service, ResourcePrefix: prefix, ResourceIds: [id], ResourceRegion: REGION, Limit: 100 })).Tags ?? []).map((t) => [t.TagKey, t.TagValue]);

const bind = (id: string, key: string, value: string, extra: Record<string, unknown> = {}) =>
  tag.AttachResourcesTag({ ServiceType: "vpc", ResourcePrefix: "vpc", ResourceRegion: REGION, ResourceIds: [id], TagKey: key, TagValue: value, ...extra });

describe("CreateTag, DescribeTags, DeleteTag", () => {
  it("creates a tag, lists it (CanDelete 1, Custom), refuses it twice, and deletes it", async () => {
    const key = `team-${uniq()}`;
    shaped("CreateTag", await tag.CreateTag({ TagKey: key, TagValue: "net" }));
    const one = shaped("DescribeTags", await tag.DescribeTags({ TagKey: key, TagValue: "net" }), ["Tags.*.TagKey", "Tags.*.TagValue", "Tags.*.CanDelete", "Tags.*.Category"]);
    expect(one).toMatchObject({ TotalCount: 1, Offset: 0, Limit: 15, Tags: [{ TagKey: key, TagValue: "net", CanDelete: 1, Category: "Custom" }] });
    await expectCode(tag.CreateTag({ TagKey: key, TagValue: "net" }), "ResourceInUse.TagDuplicate");
    shaped("DeleteTag", await tag.DeleteTag({ TagKey: key, TagValue: "net" }));
    expect((await tag.DescribeTags({ TagKey: key, TagValue: "net" })).TotalCount).toBe(0);
    await expectCode(tag.DeleteTag({ TagKey: key, TagValue: "net" }), "ResourceNotFound.TagNonExist");
  });

  it("accepts Tencent's whole character set and Chinese letters", async () => {
    const key = `部门【一】:/@=+-._()[],;><${uniq()}`;
    await tag.CreateTag({ TagKey: key, TagValue: "电商 业务（一）" });
    expect((await listOf([key])).Tags).toEqual([{ TagKey: key, TagValue: "电商 业务（一）", CanDelete: 1, Category: "Custom" }]);
    await tag.DeleteTag({ TagKey: key, TagValue: "电商 业务（一）" });
  });

  it("pages with Offset a multiple of Limit and filters by TagKeys, TagKey and TagValue, CreateUin", async () => {
    const a = `a-${uniq()}`;
    const b = `b-${uniq()}`;
    for (const v of ["1", "2", "3", "4", "5"]) await tag.CreateTag({ TagKey: a, TagValue: v });
    await tag.CreateTag({ TagKey: b, TagValue: "1" });
    const pages = [];
    for (const offset of [0, 2, 4]) pages.push(await listOf([a], { Limit: 2, Offset: offset }));
    expect(pages.map((p) => p.TotalCount)).toEqual([5, 5, 5]);
    expect(pages.map((p) => p.Tags!.map((t) => t.TagValue))).toEqual([["1", "2"], ["3", "4"], ["5"]]);
    expect(pages[1]).toMatchObject({ Offset: 2, Limit: 2 });
    expect((await listOf([a, b])).TotalCount).toBe(6);
    // TagKeys wins over TagKey; TagValue narrows either.
    expect((await listOf([b], { TagKey: a })).Tags!.map((t) => t.TagKey)).toEqual([b]);
    expect((await tag.DescribeTags({ TagKey: a, TagValue: "3" })).Tags!.map((t) => t.TagValue)).toEqual(["3"]);
    expect((await listOf([a, b], { TagValue: "1" })).TotalCount).toBe(2);
    // Every tag was created by the account itself; another creator has none.
    expect((await listOf([a], { CreateUin: ACCOUNT })).TotalCount).toBe(5);
    expect((await listOf([a], { CreateUin: 100000000001 })).TotalCount).toBe(0);
    expect((await listOf([a], { ShowProject: 1 })).TotalCount).toBe(5);
    // An empty TagKeys (as the toolkit sends) is no filter.
    const all = await tag.DescribeTags({ TagKeys: [], Limit: 1000 });
    expect(all.Tags!.filter((t) => t.TagKey === a).length).toBe(5);
    for (const v of ["1", "2", "3", "4", "5"]) await tag.DeleteTag({ TagKey: a, TagValue: v });
    await tag.DeleteTag({ TagKey: b, TagValue: "1" });
  });

  it.each([
    ["an Offset not a multiple of Limit", { Offset: 1, Limit: 2 }, "InvalidParameterValue.OffsetInvalid"],
    ["a negative Offset", { Offset: -15 }, "InvalidParameterValue.OffsetInvalid"],
    ["a Limit above 1000", { Limit: 1001 }, "InvalidParameterValue"],
    ["TagKey without TagValue", { TagKey: "a" }, "MissingParameter"],
    ["TagValue without TagKey", { TagValue: "a" }, "MissingParameter"],
    ["a CreateUin that is no account", { CreateUin: -1 }, "InvalidParameterValue.UinInvalid"],
    ["ShowProject 2", { ShowProject: 2 }, "InvalidParameterValue"],
  ])("DescribeTags refuses %s", async (_what, params, code) => {
    await expectCode(tag.DescribeTags(params as never), code);
  });

  it.each([
    ["an empty key", { TagKey: "", TagValue: "v" }, "InvalidParameterValue.TagKeyEmpty"],
    ["a key of 128 characters", { TagKey: "k".repeat(128), TagValue: "v" }, "InvalidParameterValue.TagKeyLengthExceeded"],
    ["a key with #", { TagKey: "a#b", TagValue: "v" }, "InvalidParameterValue.TagKeyCharacterIllegal"],
    ["a key with a leading space", { TagKey: " ab", TagValue: "v" }, "InvalidParameterValue.TagKeyCharacterIllegal"],
    ["a key starting qcloud", { TagKey: "qcloud-x", TagValue: "v" }, "InvalidParameter.ReservedTagKey"],
    ["a key starting tencent", { TagKey: "Tencent1", TagValue: "v" }, "InvalidParameter.ReservedTagKey"],
    ["a key starting project", { TagKey: "project", TagValue: "v" }, "InvalidParameter.ReservedTagKey"],
    ["a key starting qcs:", { TagKey: "qcs:x", TagValue: "v" }, "InvalidParameter.ReservedTagKey"],
    ["a key starting 项目", { TagKey: "项目组", TagValue: "v" }, "InvalidParameter.ReservedTagKey"],
    ["an empty value", { TagKey: "k", TagValue: "" }, "InvalidParameterValue.TagValueEmpty"],
    ["a value of 256 characters", { TagKey: "k", TagValue: "v".repeat(256) }, "InvalidParameterValue.TagValueLengthExceeded"],
    ["a value with a trailing space", { TagKey: "k", TagValue: "v " }, "InvalidParameterValue.TagValueCharacterIllegal"],
    ["a value with %", { TagKey: "k", TagValue: "50%" }, "InvalidParameterValue.TagValueCharacterIllegal"],
  ])("CreateTag refuses %s", async (_what, params, code) => {
    await expectCode(tag.CreateTag(params), code);
  });

  it.each([
    ["an empty key", { TagKey: "", TagValue: "v" }, "InvalidParameterValue.TagKeyEmpty"],
    ["an empty value", { TagKey: "k", TagValue: "" }, "InvalidParameterValue.TagValueEmpty"],
    ["an illegal character", { TagKey: "k", TagValue: "a#" }, "InvalidParameterValue.TagValueCharacterIllegal"],
    ["a reserved key (no such tag can exist)", { TagKey: "qcloud:x", TagValue: "v" }, "ResourceNotFound.TagNonExist"],
  ])("DeleteTag refuses %s", async (_what, params, code) => {
    await expectCode(tag.DeleteTag(params), code);
  });
});

describe("AttachResourcesTag and DetachResourcesTag", () => {
  it("binds a created tag to a VPC (DescribeVpcs TagSet, DescribeResourceTagsByResourceIds), keeps DeleteTag off it, unbinds it; a deleted VPC loses it", async () => {
    const key = `owner-${uniq()}`;
    const { VpcId: id } = (await vpc.CreateVpc({ VpcName: "tag-list", CidrBlock: "10.41.0.0/16" })).Vpc!;
    await expectCode(bind(id!, key, "alice"), "ResourceNotFound.TagNonExist");
    await tag.CreateTag({ TagKey: key, TagValue: "alice" });
    shaped("AttachResourcesTag", await bind(id!, key, "alice"));
    expect((await vpc.DescribeVpcs({ VpcIds: [id!] })).VpcSet![0]!.TagSet).toEqual([{ Key: key, Value: "alice" }]);
    expect(await tagsOf("vpc", "vpc", id!)).toEqual([[key, "alice"]]);
    expect((await listOf([key])).Tags).toEqual([{ TagKey: key, TagValue: "alice", CanDelete: 0, Category: "Custom" }]);
    await expectCode(tag.DeleteTag({ TagKey: key, TagValue: "alice" }), "FailedOperation.TagAttachedResource");
    // One key per resource: another value is refused until the key is detached (the toolkit detaches first).
    await tag.CreateTag({ TagKey: key, TagValue: "bob" });
    await expectCode(bind(id!, key, "bob"), "ResourceInUse.TagKeyAttached");
    await expectCode(bind(id!, key, "alice"), "ResourceInUse.TagKeyAttached");
    shaped("DetachResourcesTag", await tag.DetachResourcesTag({ ServiceType: "vpc", ResourcePrefix: "vpc", ResourceRegion: REGION, ResourceIds: [id!], TagKey: key }));
    expect(await tagsOf("vpc", "vpc", id!)).toEqual([]);
    await expectCode(tag.DetachResourcesTag({ ServiceType: "vpc", ResourcePrefix: "vpc", ResourceRegion: REGION, ResourceIds: [id!], TagKey: key }), "ResourceNotFound.AttachedTagKeyNotFound");
    await bind(id!, key, "bob");
    expect((await vpc.DescribeVpcs({ VpcIds: [id!] })).VpcSet![0]!.TagSet).toEqual([{ Key: key, Value: "bob" }]);
    await vpc.DeleteVpc({ VpcId: id! });
    expect(await tagsOf("vpc", "vpc", id!)).toEqual([]);
    expect((await tag.DescribeResourcesByTags({ TagFilters: [{ TagKey: key }] })).TotalCount).toBe(0);
    // The tags stay in the list, unbound, until DeleteTag.
    expect((await listOf([key])).Tags!.map((t) => [t.TagValue, t.CanDelete])).toEqual([["alice", 1], ["bob", 1]]);
    await tag.DeleteTag({ TagKey: key, TagValue: "alice" });
    await tag.DeleteTag({ TagKey: key, TagValue: "bob" });
    expect((await listOf([key])).TotalCount).toBe(0);
  });

  it("binds several resources at once, all or nothing", async () => {
    const key = `env-${uniq()}`;
    const [a, b] = [`vpc-${uniq()}`, `vpc-${uniq()}`];
    await tag.CreateTag({ TagKey: key, TagValue: "dev" });
    await tag.CreateTag({ TagKey: key, TagValue: "prod" });
    await bind(b, key, "prod");
    await expectCode(tag.AttachResourcesTag({ ServiceType: "vpc", ResourcePrefix: "vpc", ResourceRegion: REGION, ResourceIds: [a, b], TagKey: key, TagValue: "dev" }), "ResourceInUse.TagKeyAttached");
    expect(await tagsOf("vpc", "vpc", a)).toEqual([]);
    await expectCode(tag.DetachResourcesTag({ ServiceType: "vpc", ResourcePrefix: "vpc", ResourceRegion: REGION, ResourceIds: [a, b], TagKey: key }), "ResourceNotFound.AttachedTagKeyNotFound");
    expect(await tagsOf("vpc", "vpc", b)).toEqual([[key, "prod"]]);
    await tag.DetachResourcesTag({ ServiceType: "vpc", ResourcePrefix: "vpc", ResourceRegion: REGION, ResourceIds: [b], TagKey: key });
    await tag.AttachResourcesTag({ ServiceType: "vpc", ResourcePrefix: "vpc", ResourceRegion: REGION, ResourceIds: [a, b], TagKey: key, TagValue: "dev" });
    expect([await tagsOf("vpc", "vpc", a), await tagsOf("vpc", "vpc", b)]).toEqual([[[key, "dev"]], [[key, "dev"]]]);
    // The same resource as a six-segment name, through the other tag actions.
    const found = await tag.DescribeResourcesByTags({ TagFilters: [{ TagKey: key, TagValue: ["dev"] }] });
    expect(found.Rows!.map((r) => r.ResourceId).sort()).toEqual([a, b].sort());
    await tag.UnTagResources({ ResourceList: [`qcs::vpc:${REGION}:uin/:vpc/${a}`, `qcs::vpc:${REGION}:uin/:vpc/${b}`], TagKeys: [key] });
    await tag.DeleteTag({ TagKey: key, TagValue: "dev" });
    await tag.DeleteTag({ TagKey: key, TagValue: "prod" });
  });

  it("refuses a 51st tag on one resource", async () => {
    const id = `vpc-${uniq()}`;
    const key = `fifty-${uniq()}`;
    for (let i = 0; i < 5; i++) {
      await tag.ModifyResourceTags({ Resource: `qcs::vpc:${REGION}:uin/:vpc/${id}`, ReplaceTags: Array.from({ length: 10 }, (_, j) => ({ TagKey: `${key}-${i * 10 + j}`, TagValue: "v" })) });
    }
    await tag.CreateTag({ TagKey: key, TagValue: "v" });
    await expectCode(bind(id, key, "v"), "LimitExceeded.ResourceAttachedTags");
    expect((await tagsOf("vpc", "vpc", id)).length).toBe(50);
    await tag.DeleteTag({ TagKey: key, TagValue: "v" });
    // A create action with 51 tags is refused before it creates anything.
    const name = `tags51-${uniq()}`;
    await expectCode(vpc.CreateVpc({ VpcName: name, CidrBlock: "10.9.0.0/16", Tags: Array.from({ length: 51 }, (_, i) => ({ Key: `${key}-c${i}`, Value: "v" })) }), "LimitExceeded.ResourceAttachedTags");
    expect((await vpc.DescribeVpcs({ Filters: [{ Name: "vpc-name", Values: [name] }] })).TotalCount).toBe(0);
    // Leave nothing: unbind the 50 (ten keys a call) and delete them from the list.
    for (let i = 0; i < 5; i++) {
      await tag.UnTagResources({ ResourceList: [`qcs::vpc:${REGION}:uin/:vpc/${id}`], TagKeys: Array.from({ length: 10 }, (_, j) => `${key}-${i * 10 + j}`) });
    }
    for (let i = 0; i < 50; i++) await tag.DeleteTag({ TagKey: `${key}-${i}`, TagValue: "v" });
    expect((await listOf([`${key}-0`, `${key}-49`])).TotalCount).toBe(0);
  });

  const attach = { ServiceType: "vpc", ResourcePrefix: "vpc", ResourceRegion: REGION, ResourceIds: ["vpc-x"], TagKey: "k", TagValue: "v" };
  it.each([
    ["a service type that cannot be one", { ...attach, ServiceType: "V PC" }, "InvalidParameterValue.ServiceTypeInvalid"],
    ["no resource prefix (only cos goes without)", { ...attach, ResourcePrefix: undefined }, "InvalidParameterValue.ResourcePrefixInvalid"],
    ["a prefix that cannot be one", { ...attach, ResourcePrefix: "vpc/x" }, "InvalidParameterValue.ResourcePrefixInvalid"],
    ["an id with a space", { ...attach, ResourceIds: ["vpc x"] }, "InvalidParameterValue.ResourceIdInvalid"],
    ["an empty id", { ...attach, ResourceIds: [""] }, "InvalidParameterValue.ResourceIdInvalid"],
    ["no ids", { ...attach, ResourceIds: [] }, "MissingParameter"],
    ["51 ids", { ...attach, ResourceIds: Array.from({ length: 51 }, (_, i) => `vpc-${i}`) }, "LimitExceeded.ResourceNumPerRequest"],
    ["an unknown region", { ...attach, ResourceRegion: "mars-north-1" }, "InvalidParameterValue.RegionInvalid"],
    ["no region for a regional (vpc) resource", { ...attach, ResourceRegion: undefined }, "InvalidParameterValue.RegionInvalid"],
    ["an empty key", { ...attach, TagKey: "" }, "InvalidParameterValue.TagKeyEmpty"],
    ["an illegal key", { ...attach, TagKey: "a#" }, "InvalidParameterValue.TagKeyCharacterIllegal"],
    ["a reserved key", { ...attach, TagKey: "tencent:x" }, "InvalidParameter.ReservedTagKey"],
    ["an illegal value", { ...attach, TagValue: "a#" }, "InvalidParameterValue.TagValueCharacterIllegal"],
  ])("AttachResourcesTag refuses %s", async (_what, params, code) => {
    await expectCode(tag.AttachResourcesTag(params as never), code);
  });

  const { TagValue: _v, ...detach } = attach;
  it.each([
    ["a service type that cannot be one", { ...detach, ServiceType: "" }, "InvalidParameterValue.ServiceTypeInvalid"],
    ["no resource prefix", { ...detach, ResourcePrefix: undefined }, "InvalidParameterValue.ResourcePrefixInvalid"],
    ["an id with a space", { ...detach, ResourceIds: ["a b"] }, "InvalidParameterValue.ResourceIdInvalid"],
    ["51 ids", { ...detach, ResourceIds: Array.from({ length: 51 }, (_, i) => `vpc-${i}`) }, "LimitExceeded.ResourceNumPerRequest"],
    ["an unknown region", { ...detach, ResourceRegion: "xx" }, "InvalidParameterValue.RegionInvalid"],
    ["an illegal key", { ...detach, TagKey: "a#" }, "InvalidParameterValue.TagKeyCharacterIllegal"],
    ["a key no resource carries", { ...detach, TagKey: `none-${uniq()}` }, "ResourceNotFound.AttachedTagKeyNotFound"],
  ])("DetachResourcesTag refuses %s", async (_what, params, code) => {
    await expectCode(tag.DetachResourcesTag(params as never), code);
  });
});

describe("binding creates the tag, and the list's limits", () => {
  it("TagResources and ModifyResourceTags add the tags they bind to the list", async () => {
    const key = `auto-${uniq()}`;
    const [subnet, vpcName] = [`qcs::vpc:${REGION}:uin/:subnet/subnet-${uniq()}`, `qcs::vpc:${REGION}:uin/:vpc/vpc-${uniq()}`];
    await tag.TagResources({ ResourceList: [subnet], Tags: [{ TagKey: key, TagValue: "one" }] });
    await tag.ModifyResourceTags({ Resource: vpcName, ReplaceTags: [{ TagKey: key, TagValue: "two" }] });
    expect((await listOf([key])).Tags!.map((t) => [t.TagValue, t.CanDelete])).toEqual([["one", 0], ["two", 0]]);
    await tag.UnTagResources({ ResourceList: [subnet, vpcName], TagKeys: [key] });
    await tag.DeleteTag({ TagKey: key, TagValue: "one" });
    await tag.DeleteTag({ TagKey: key, TagValue: "two" });
  });

  it("a pair with an empty value is bound but not listed (CreateTag and DeleteTag take no empty value)", async () => {
    const key = `empty-${uniq()}`;
    const res = `qcs::vpc:${REGION}:uin/:vpc/vpc-${uniq()}`;
    await tag.ModifyResourceTags({ Resource: res, ReplaceTags: [{ TagKey: key, TagValue: "" }] });
    expect(await tagsOf("vpc", "vpc", res.split("/").pop()!)).toEqual([[key, ""]]);
    expect((await listOf([key])).TotalCount).toBe(0);
    await tag.UnTagResources({ ResourceList: [res], TagKeys: [key] });
  });

  it("ResetState of a region removes its bindings and keeps the account-wide list", async () => {
    const key = `reset-${uniq()}`;
    const id = `vpc-${uniq()}`;
    await tag.ModifyResourceTags({ Resource: `qcs::vpc:${REGION}:uin/:vpc/${id}`, ReplaceTags: [{ TagKey: key, TagValue: "v" }] });
    await vpc.request("ResetState", { Scope: "REGION" });
    expect(await tagsOf("vpc", "vpc", id)).toEqual([]);
    expect((await listOf([key])).Tags).toEqual([{ TagKey: key, TagValue: "v", CanDelete: 1, Category: "Custom" }]);
    await tag.DeleteTag({ TagKey: key, TagValue: "v" });
  });

  it.each([
    ["an empty value", { Tags: [{ TagKey: "k", TagValue: "" }] }, "InvalidParameterValue.TagValueEmpty"],
    ["11 tags", { Tags: Array.from({ length: 11 }, (_, i) => ({ TagKey: `k${i}`, TagValue: "v" })) }, "LimitExceeded.TagNumPerRequest"],
    ["11 resources", { ResourceList: Array.from({ length: 11 }, (_, i) => `qcs::vpc:${REGION}:uin/:vpc/vpc-${i}`) }, "LimitExceeded.ResourceNumPerRequest"],
  ])("TagResources refuses %s", async (_what, params, code) => {
    await expectCode(tag.TagResources({ ResourceList: [`qcs::vpc:${REGION}:uin/:vpc/vpc-x`], Tags: [{ TagKey: "k", TagValue: "v" }], ...params }), code);
  });

  it("refuses a 1001st value of one key (LimitExceeded.TagValue) and a 1001st key (LimitExceeded.TagKey)", { timeout: 120_000 }, async () => {
    const key = `many-${uniq()}`;
    const inBatches = async (n: number, f: (i: number) => Promise<unknown>) => {
      for (let i = 0; i < n; i += 25) await Promise.all(Array.from({ length: Math.min(25, n - i) }, (_, j) => f(i + j)));
    };
    await inBatches(1000, (i) => tag.CreateTag({ TagKey: key, TagValue: `v${i}` }));
    await expectCode(tag.CreateTag({ TagKey: key, TagValue: "v1000" }), "LimitExceeded.TagValue");
    await expectCode(tag.ModifyResourceTags({ Resource: `qcs::vpc:${REGION}:uin/:vpc/vpc-${uniq()}`, ReplaceTags: [{ TagKey: key, TagValue: "v1000" }] }), "LimitExceeded.TagValue");
    await inBatches(1000, (i) => tag.DeleteTag({ TagKey: key, TagValue: `v${i}` }));
    // Fill the account up to 1000 keys with keys of this run, then one more.
    const keys = new Set<string>();
    for (let offset = 0; ; offset += 1000) {
      const page = await tag.DescribeTags({ Limit: 1000, Offset: offset });
      for (const t of page.Tags ?? []) keys.add(t.TagKey!);
      if (offset + 1000 >= page.TotalCount!) break;
    }
    const prefix = `key-${uniq()}`;
    const room = 1000 - keys.size;
    await inBatches(room, (i) => tag.CreateTag({ TagKey: `${prefix}-${i}`, TagValue: "v" }));
    await expectCode(tag.CreateTag({ TagKey: `${prefix}-more`, TagValue: "v" }), "LimitExceeded.TagKey");
    await expectCode(tag.TagResources({ ResourceList: [`qcs::vpc:${REGION}:uin/:vpc/vpc-${uniq()}`], Tags: [{ TagKey: `${prefix}-more`, TagValue: "v" }] }), "LimitExceeded.TagKey");
    // A create action whose tags would pass the limit is refused before it creates anything.
    const name = `over-${uniq()}`;
    await expectCode(vpc.CreateVpc({ VpcName: name, CidrBlock: "10.9.0.0/16", Tags: [{ Key: `${prefix}-more`, Value: "v" }] }), "LimitExceeded.TagKey");
    expect((await vpc.DescribeVpcs({ Filters: [{ Name: "vpc-name", Values: [name] }] })).TotalCount).toBe(0);
    // A new value of a listed key is no new key.
    await tag.CreateTag({ TagKey: `${prefix}-0`, TagValue: "w" });
    await tag.DeleteTag({ TagKey: `${prefix}-0`, TagValue: "w" });
    await inBatches(room, (i) => tag.DeleteTag({ TagKey: `${prefix}-${i}`, TagValue: "v" }));
  });
});
