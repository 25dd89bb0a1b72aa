// The response-shape checker itself, on hand-made replies against the SDK's real models.
import { describe, expect, it } from "vitest";
import { responseProblems } from "../helpers/response-shape";

describe("responseProblems", () => {
  it("accepts a reply that fits the model", () => {
    const reply = { TotalCount: 1, VpcSet: [{ VpcId: "vpc-1", VpcName: "a", TagSet: [{ Key: "k", Value: "v" }] }], RequestId: "r" };
    expect(responseProblems("vpc", "DescribeVpcs", reply)).toEqual([]);
  });

  it("names wrong types, in arrays and nested models too", () => {
    const reply = { TotalCount: "1", VpcSet: [{ VpcId: 5, TagSet: [{ Key: "k", Value: 1 }] }], RequestId: "r" };
    expect(responseProblems("vpc", "DescribeVpcs", reply)).toEqual([
      "TotalCount: expected a number, got string \"1\"",
      "VpcSet.0.VpcId: expected a string, got number 5",
      "VpcSet.0.TagSet.0.Value: expected a string, got number 1",
    ]);
  });

  it("names missing required fields (PolicyStatistics) and unknown fields", () => {
    const reply = { SecurityGroupPolicySet: { Version: "1", Ingress: [], Egress: [], PolicyStatistics: { IngressIPv4TotalCount: 0 }, Extra: 1 }, RequestId: "r" };
    expect(responseProblems("vpc", "DescribeSecurityGroupPolicies", reply)).toEqual([
      "SecurityGroupPolicySet.PolicyStatistics.IngressIPv6TotalCount: required by PolicyStatistics but missing",
      "SecurityGroupPolicySet.PolicyStatistics.EgressIPv4TotalCount: required by PolicyStatistics but missing",
      "SecurityGroupPolicySet.PolicyStatistics.EgressIPv6TotalCount: required by PolicyStatistics but missing",
      "SecurityGroupPolicySet.Extra: not a field of SecurityGroupPolicySet",
    ]);
  });

  it("checks paths a client reads without a nil check", () => {
    const reply = { TotalCount: 1, VpcSet: [{ VpcId: "vpc-1" }], RequestId: "r" };
    expect(responseProblems("vpc", "DescribeVpcs", reply, { present: ["VpcSet.*.VpcId", "VpcSet.*.CidrBlock"] })).toEqual(["VpcSet.0.CidrBlock: must be present"]);
  });

  it("knows the tag product's models", () => {
    expect(responseProblems("tag", "DescribeResourceTagsByResourceIds", { Tags: [{ TagKey: "a", TagValue: "b" }], RequestId: "r" })).toEqual([]);
  });
});

describe("null where the model says Tencent may return it", () => {
  it("accepts a null HealthChecker (注意：此字段可能返回 null) and still refuses null elsewhere", () => {
    const info = (h: unknown) => ({ UpstreamId: "upstream-1", UpstreamName: "n", UpstreamDescription: "", Scheme: "HTTP", Algorithm: "ROUND-ROBIN", UniqVpcId: "vpc-1", Retries: 3, Nodes: [], CreatedTime: "t", Tags: [], HealthChecker: h, UpstreamType: "IP_PORT", K8sServices: [], UpstreamHost: "" });
    const reply = (h: unknown, total: unknown = 1) => ({ Result: { TotalCount: total, UpstreamSet: [info(h)] }, RequestId: "r" });
    expect(responseProblems("apigateway", "DescribeUpstreams", reply(null)).filter((p) => p.includes("HealthChecker"))).toEqual([]);
    expect(responseProblems("apigateway", "DescribeUpstreams", reply(null, null))).toContain("Result.TotalCount: required by DescribeUpstreamInfo but null");
  });
});
