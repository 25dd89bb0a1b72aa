// SDK conformance: the tag product (tag 2018-08-13) — ModifyResourceTags, TagResources,
// UnTagResources, DescribeResourceTagsByResourceIds, DescribeResourcesByTags — on six-segment names.
import tencentcloud from "tencentcloud-sdk-nodejs";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { expectResponseShape } from "../helpers/response-shape";
import { expectCode, sdkClients } from "../helpers/sdk";

type TagClient = InstanceType<typeof tencentcloud.tag.v20180813.Client>;
let tag: TagClient;
const REGION = "ap-chengdu";
const uniq = () => Math.random().toString(36).slice(2, 10).padEnd(8, "0");
const name = (id: string, prefix = "vpc") => `qcs::vpc:${REGION}:uin/:${prefix}/${id}`;

beforeAll(() => {
  tag = sdkClients(inject("devPort"), REGION).tag;
});

async function tagsOf(id: string, prefix = "vpc") {
  const r = await tag.DescribeResourceTagsByResourceIds({ ServiceType: "vpc", ResourcePrefix: prefix, ResourceIds: [id], ResourceRegion: REGION });
  return (r.Tags ?? []).map((t) => [t.TagKey, t.TagValue]);
}

describe("ModifyResourceTags and DescribeResourceTagsByResourceIds", () => {
  it("adds, replaces and deletes tags, and reads them back in order", async () => {
    const id = `vpc-${uniq()}`;
    expect(await tagsOf(id)).toEqual([]);
    await tag.ModifyResourceTags({ Resource: name(id), ReplaceTags: [{ TagKey: "env", TagValue: "dev" }, { TagKey: "team", TagValue: "net" }] });
    expect(await tagsOf(id)).toEqual([["env", "dev"], ["team", "net"]]);
    await tag.ModifyResourceTags({ Resource: name(id), ReplaceTags: [{ TagKey: "env", TagValue: "prod" }], DeleteTags: [{ TagKey: "team" }] });
    expect(await tagsOf(id)).toEqual([["env", "prod"]]);
    const r = await tag.DescribeResourceTagsByResourceIds({ ServiceType: "vpc", ResourcePrefix: "vpc", ResourceIds: [id], ResourceRegion: REGION });
    expect(r).toMatchObject({ TotalCount: 1, Offset: 0, Tags: [{ TagKey: "env", TagValue: "prod", ResourceId: id, ServiceType: "vpc" }] });
    expectResponseShape("tag", "DescribeResourceTagsByResourceIds", r, { present: ["Tags.*.TagKey", "Tags.*.TagValue", "Tags.*.ResourceId"] });
    expectResponseShape("tag", "ModifyResourceTags", await tag.ModifyResourceTags({ Resource: name(id), DeleteTags: [{ TagKey: "none" }] }));
    // Another prefix or region is another resource.
    expect(await tagsOf(id, "subnet")).toEqual([]);
  });

  it("accepts the caller's own account in the name", async () => {
    const id = `vpc-${uniq()}`;
    await tag.ModifyResourceTags({ Resource: `qcs::vpc:${REGION}:uin/1250000000:vpc/${id}`, ReplaceTags: [{ TagKey: "a", TagValue: "1" }] });
    expect(await tagsOf(id)).toEqual([["a", "1"]]);
  });

  it.each([
    ["a name of five segments", { Resource: `qcs::vpc:${REGION}:vpc/vpc-x` , ReplaceTags: [{ TagKey: "a", TagValue: "1" }] }, "InvalidParameterValue.ResourceDescriptionError"],
    ["another account", { Resource: `qcs::vpc:${REGION}:uin/999:vpc/vpc-x`, ReplaceTags: [{ TagKey: "a", TagValue: "1" }] }, "InvalidParameterValue.ResourceDescriptionError"],
    ["neither list", { Resource: name("vpc-x") }, "MissingParameter"],
    ["a reserved key", { Resource: name("vpc-x"), ReplaceTags: [{ TagKey: "qcloud:x", TagValue: "1" }] }, "InvalidParameter.ReservedTagKey"],
    ["a key of 128 characters", { Resource: name("vpc-x"), ReplaceTags: [{ TagKey: "k".repeat(128), TagValue: "1" }] }, "InvalidParameterValue.TagKeyLengthExceeded"],
    ["a value of 256 characters", { Resource: name("vpc-x"), ReplaceTags: [{ TagKey: "k", TagValue: "v".repeat(256) }] }, "InvalidParameterValue.TagValueLengthExceeded"],
    ["an illegal character", { Resource: name("vpc-x"), ReplaceTags: [{ TagKey: "a#b", TagValue: "1" }] }, "InvalidParameterValue.TagKeyCharacterIllegal"],
    ["one key twice", { Resource: name("vpc-x"), ReplaceTags: [{ TagKey: "a", TagValue: "1" }, { TagKey: "a", TagValue: "2" }] }, "InvalidParameterValue.TagKeyDuplicate"],
    ["one key set and deleted", { Resource: name("vpc-x"), ReplaceTags: [{ TagKey: "a", TagValue: "1" }], DeleteTags: [{ TagKey: "a" }] }, "InvalidParameterValue.DeleteTagsParamError"],
  ])("refuses %s", async (_what, params, code) => {
    await expectCode(tag.ModifyResourceTags(params as never), code);
  });

  it("refuses a 51st tag on one resource and keeps the 50", async () => {
    const id = `vpc-${uniq()}`;
    for (let i = 0; i < 5; i++) {
      await tag.ModifyResourceTags({ Resource: name(id), ReplaceTags: Array.from({ length: 10 }, (_, j) => ({ TagKey: `k${i * 10 + j}`, TagValue: "v" })) });
    }
    await expectCode(tag.ModifyResourceTags({ Resource: name(id), ReplaceTags: [{ TagKey: "one-more", TagValue: "v" }] }), "LimitExceeded.ResourceAttachedTags");
    const all = await tag.DescribeResourceTagsByResourceIds({ ServiceType: "vpc", ResourcePrefix: "vpc", ResourceIds: [id], ResourceRegion: REGION, Limit: 100 });
    expect(all.TotalCount).toBe(50);
    expect(all.Tags?.length).toBe(50);
    // The default page is 15 tags.
    expect((await tagsOf(id)).length).toBe(15);
    await tag.ModifyResourceTags({ Resource: name(id), ReplaceTags: [{ TagKey: "k0", TagValue: "changed" }] });
  });
});

describe("TagResources, UnTagResources, DescribeResourcesByTags", () => {
  it("tags several resources at once, finds them by tag, and untags them", async () => {
    const a = `subnet-${uniq()}`;
    const b = `subnet-${uniq()}`;
    const marker = `m${uniq()}`;
    expectResponseShape("tag", "TagResources", await tag.TagResources({ ResourceList: [name(a, "subnet"), name(b, "subnet")], Tags: [{ TagKey: "marker", TagValue: marker }] }));
    const found = await tag.DescribeResourcesByTags({ TagFilters: [{ TagKey: "marker", TagValue: [marker] }] });
    expectResponseShape("tag", "DescribeResourcesByTags", found, { present: ["Rows.*.ResourceId", "Rows.*.Tags"] });
    expect(found.TotalCount).toBe(2);
    expect(found.Rows?.map((r) => r.ResourceId).sort()).toEqual([a, b].sort());
    expect(found.Rows?.[0]).toMatchObject({ ServiceType: "vpc", ResourcePrefix: "subnet", ResourceRegion: REGION, Tags: [{ TagKey: "marker", TagValue: marker }] });
    expectResponseShape("tag", "UnTagResources", await tag.UnTagResources({ ResourceList: [name(a, "subnet")], TagKeys: ["marker"] }));
    const after = await tag.DescribeResourcesByTags({ TagFilters: [{ TagKey: "marker", TagValue: [marker] }] });
    expect(after.Rows?.map((r) => r.ResourceId)).toEqual([b]);
  });
});
