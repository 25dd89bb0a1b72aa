// ClassicLink rules CL2-CL6, CL12-CL14 and CL16 in both API forms: the API 3.0 code and message,
// and the v2 numeric code with the seed's business code in codeDesc.
import { describe, expect, it } from "vitest";
import { api, expectConsistent, newClassic, newVpc, ok, v2 } from "../helpers/worker-api";

const CVM = { version: "2017-03-12" };

async function vpcInstance(vpcId: string): Promise<string> {
  const sub = await ok("CreateSubnet", { VpcId: vpcId, SubnetName: "s", CidrBlock: "10.30.1.0/24", Zone: "ap-guangzhou-3" });
  const r = await ok("RunInstances", {
    Placement: { Zone: "ap-guangzhou-3" },
    VirtualPrivateCloud: { VpcId: vpcId, SubnetId: sub.Subnet.SubnetId },
  }, CVM);
  return r.InstanceIdSet[0];
}

type Case = [string, () => Promise<{ vpc: string; ids: string[] }>, string, RegExp, number, string];

const cases: Case[] = [
  [
    "an unknown VPC (CL16)",
    async () => ({ vpc: "vpc-zzzzzzzz", ids: await newClassic(1) }),
    "ResourceNotFound", /VPC vpc-zzzzzzzz does not exist/, 5000, "InvalidVpc.NotFound",
  ],
  [
    "an unknown instance (CL16)",
    async () => ({ vpc: await newVpc("10.31.0.0/16"), ids: ["ins-zzzzzzzz"] }),
    "ResourceNotFound", /instance ins-zzzzzzzz does not exist/, 5000, "InvalidInstance.NotFound",
  ],
  [
    "an instance of another region (CL2)",
    async () => ({ vpc: await newVpc("10.32.0.0/16"), ids: await newClassic(1, "ap-shanghai") }),
    "UnsupportedOperation.InstanceMismatch", /is in ap-shanghai but the VPC .* is in ap-guangzhou/, 5100, "InvalidInstance.NotSupported",
  ],
  [
    "a VPC instance (CL3)",
    async () => {
      const vpc = await newVpc("10.30.0.0/16");
      return { vpc, ids: [await vpcInstance(vpc)] };
    },
    "UnsupportedOperation.InvalidInstanceState", /only classic-network CVM instances can be linked/, 5100, "InvalidInstance.NotSupported",
  ],
  [
    "an instance linked to another VPC (CL4)",
    async () => {
      const ids = await newClassic(1);
      await ok("AttachClassicLinkVpc", { VpcId: await newVpc("10.33.0.0/16"), InstanceIds: ids });
      return { vpc: await newVpc("10.34.0.0/16"), ids };
    },
    "UnsupportedOperation.ClassicInstanceIdAlreadyExists", /already linked to vpc-/, 5100, "InstanceAlreadyLinked",
  ],
  [
    "a full VPC (CL5)",
    async () => {
      const vpc = await newVpc("10.35.0.0/16");
      await ok("AttachClassicLinkVpc", { VpcId: vpc, InstanceIds: await newClassic(100) });
      return { vpc, ids: await newClassic(1) };
    },
    "LimitExceeded", /100 of 100 ClassicLinks in use/, 4400, "InstanceLimitExceeded",
  ],
  [
    "a VPC outside 10.[0-47].0.0/16 (CL6)",
    async () => ({ vpc: await newVpc("10.48.0.0/16"), ids: await newClassic(1) }),
    "UnsupportedOperation.CIDRUnSupportedClassicLink", /10\.48\.0\.0\/16.*second octet is above 47/, 5100, "InvalidVpc.CidrNotSupported",
  ],
  [
    "a VPC wider than /16 (CL6)",
    async () => ({ vpc: await newVpc("10.0.0.0/12"), ids: await newClassic(1) }),
    "UnsupportedOperation.CIDRUnSupportedClassicLink", /prefix is shorter than \/16/, 5100, "InvalidVpc.CidrNotSupported",
  ],
  [
    "a 172.16 VPC (CL6)",
    async () => ({ vpc: await newVpc("172.16.0.0/16"), ids: await newClassic(1) }),
    "UnsupportedOperation.CIDRUnSupportedClassicLink", /first octet is not 10/, 5100, "InvalidVpc.CidrNotSupported",
  ],
];

describe("AttachClassicLinkVpc rules", () => {
  it.each(cases)("refuses %s in API 3.0", async (_what, setup, code, message) => {
    const { vpc, ids } = await setup();
    const r = await api("AttachClassicLinkVpc", { VpcId: vpc, InstanceIds: ids });
    expect(r.Error?.Code).toBe(code);
    expect(r.Error?.Message).toMatch(message);
  });

  it.each(cases)("refuses %s in v2", async (_what, setup, _code, message, v2code, codeDesc) => {
    const { vpc, ids } = await setup();
    const r = await v2("AttachClassicLinkVpc", { vpcId: vpc, instanceIds: ids });
    expect(r).toMatchObject({ code: v2code, codeDesc });
    expect(r.message).toMatch(message);
  });

  it.each(["10.0.0.0/16", "10.47.0.0/16", "10.5.1.0/24", "10.47.255.240/28"])("links a VPC of %s (CL6)", async (cidr) => {
    const vpc = await newVpc(cidr);
    await ok("AttachClassicLinkVpc", { VpcId: vpc, InstanceIds: await newClassic(1) });
  });

  it("treats re-attaching to the same VPC as a harmless no-op (CL4)", async () => {
    const vpc = await newVpc("10.36.0.0/16");
    const ids = await newClassic(2);
    await ok("AttachClassicLinkVpc", { VpcId: vpc, InstanceIds: ids });
    await ok("AttachClassicLinkVpc", { VpcId: vpc, InstanceIds: ids });
    expect((await expectConsistent(vpc, ids)).vpcLinks.size).toBe(2);
  });

  it("links nothing of a batch with one bad instance", async () => {
    const vpc = await newVpc("10.37.0.0/16");
    const good = await newClassic(2);
    const r = await api("AttachClassicLinkVpc", { VpcId: vpc, InstanceIds: [...good, "ins-zzzzzzzz"] });
    expect(r.Error?.Code).toBe("ResourceNotFound");
    expect((await expectConsistent(vpc, good)).vpcLinks.size).toBe(0);
  });

  it.each([
    [{ VpcId: "vpc-1", InstanceIds: ["ins-aaaaaaaa"] }, "InvalidParameterValue.Malformed", /`VpcId`/],
    [{ VpcId: "vpc-aaaaaaaa", InstanceIds: ["ins-AAAAAAAA"] }, "InvalidParameterValue.Malformed", /`InstanceIds.0`/],
    [{ VpcId: "vpc-aaaaaaaa", InstanceIds: [] }, "MissingParameter", /InstanceIds/],
    [{ VpcId: "vpc-aaaaaaaa", InstanceIds: Array.from({ length: 101 }, (_, i) => `ins-${String(i).padStart(8, "0")}`) }, "InvalidParameterValue.LimitExceeded", /at most 100/],
  ])("answers malformed input %# with its code", async (params, code, message) => {
    const r = await api("AttachClassicLinkVpc", params);
    expect(r.Error?.Code).toBe(code);
    expect(r.Error?.Message).toMatch(message);
  });
});

describe("the link's lifecycle", () => {
  it("adds and removes the linked IP as a Local route (CL9)", async () => {
    const vpc = await newVpc("10.38.0.0/16");
    const [id] = await newClassic(1);
    const ip = (await ok("DescribeInstances", { InstanceIds: [id] }, CVM)).InstanceSet[0].PrivateIpAddresses[0];
    await ok("AttachClassicLinkVpc", { VpcId: vpc, InstanceIds: [id] });
    const routes = async () =>
      (await ok("DescribeRouteTables", { Filters: [{ Name: "vpc-id", Values: [vpc] }] })).RouteTableSet[0].RouteSet.map((r: any) => `${r.DestinationCidrBlock} ${r.GatewayType}`);
    expect(await routes()).toEqual(["10.38.0.0/16 LOCAL", `${ip}/32 LOCAL`]);
    await ok("DetachClassicLinkVpc", { VpcId: vpc, InstanceIds: [id] });
    expect(await routes()).toEqual(["10.38.0.0/16 LOCAL"]);
  });

  it("keeps the link through stop, start, reset and type change (CL13)", async () => {
    const vpc = await newVpc("10.39.0.0/16");
    const [id] = await newClassic(1);
    await ok("AttachClassicLinkVpc", { VpcId: vpc, InstanceIds: [id] });
    await ok("StopInstances", { InstanceIds: [id] }, CVM);
    await ok("ResetInstancesType", { InstanceIds: [id], InstanceType: "S5.LARGE8" }, CVM);
    await ok("ResetInstance", { InstanceId: id, ImageId: "img-22trbn9x" }, CVM);
    await ok("StartInstances", { InstanceIds: [id] }, CVM);
    expect((await expectConsistent(vpc, [id!])).vpcLinks.has(id!)).toBe(true);
  });

  it("drops the link when the private IP changes (CL12)", async () => {
    const vpc = await newVpc("10.40.0.0/16");
    const [id] = await newClassic(1);
    await ok("AttachClassicLinkVpc", { VpcId: vpc, InstanceIds: [id] });
    await ok("ModifyClassicInstancePrivateIp", { InstanceId: id, PrivateIpAddress: "10.99.1.2" }, CVM);
    expect((await expectConsistent(vpc, [id!])).vpcLinks.size).toBe(0);
    const links = await ok("DescribeClassicLinkInstances", { Filters: [{ Name: "vm-ip", Values: ["10.99.1.2"] }] });
    expect(links.TotalCount).toBe(0);
  });

  it("unlinks a terminated instance, after which the VPC can be deleted (CL14)", async () => {
    const vpc = await newVpc("10.41.0.0/16");
    const ids = await newClassic(2);
    await ok("AttachClassicLinkVpc", { VpcId: vpc, InstanceIds: ids });
    expect((await api("DeleteVpc", { VpcId: vpc })).Error?.Code).toBe("ResourceInUse");
    await ok("TerminateInstances", { InstanceIds: ids }, CVM);
    expect((await ok("DescribeInstances", { InstanceIds: ids }, CVM)).TotalCount).toBe(0);
    await ok("DeleteVpc", { VpcId: vpc });
  });
});
