// SDK conformance: the ways the official SDK can talk to the service (TC3 over POST and GET, the
// form-signed HmacSHA256 / HmacSHA1 mode), authentication failures, the error envelope's
// requestId / traceId, and unknown actions. Region ap-singapore belongs to this file.
import { afterEach, describe, expect, inject, it, vi } from "vitest";
import { expectCode, LOCAL_CREDENTIAL } from "../helpers/sdk";
import { clientsWithHttp, instance, makeClassic, type Clients } from "../helpers/resources";

const REGION = "ap-singapore";
const ZONE = `${REGION}-1`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The SDK error fields these tests read. */
interface SdkError {
  code?: string;
  message?: string;
  requestId?: string;
  traceId?: string;
  httpCode?: number;
}

function failure(p: Promise<unknown>): Promise<SdkError | null> {
  return p.then(
    () => null,
    (e: SdkError) => e,
  );
}

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

const MODES: [string, Record<string, unknown>, Record<string, unknown>][] = [
  ["TC3 over POST (the default)", {}, {}],
  ["TC3 over GET", { reqMethod: "GET" }, {}],
  ["the form-signed HmacSHA256 mode", {}, { signMethod: "HmacSHA256" }],
  ["the form-signed HmacSHA1 mode", {}, { signMethod: "HmacSHA1" }],
  ["the form-signed HmacSHA256 mode over GET", { reqMethod: "GET" }, { signMethod: "HmacSHA256" }],
];

describe.each(MODES)("%s", (_mode, http, profile) => {
  let n = 0;
  const cidr = () => `10.${40 + MODES.findIndex((m) => m[1] === http && m[2] === profile)}.${n++}.0/24`;
  const mode = (): Clients => clientsWithHttp(inject("devPort"), REGION, http, profile);

  it("drives CreateVpc, AttachClassicLinkVpc, DescribeVpcTaskResult and DescribeClassicLinkInstances", async () => {
    const c = mode();
    const block = cidr();
    const made = await c.vpc.CreateVpc({ VpcName: "proto mode", CidrBlock: block });
    expect(made.RequestId).toMatch(UUID);
    const vpcId = made.Vpc!.VpcId!;
    expect(made.Vpc).toMatchObject({ VpcName: "proto mode", CidrBlock: block });

    const ids = await makeClassic(c.cvm, ZONE, 2);
    const ip = (await instance(c.cvm, ids[1]!)).PrivateIp;
    const linked = await c.vpc.AttachClassicLinkVpc({ VpcId: vpcId, InstanceIds: ids });
    expect(linked.RequestId).toMatch(UUID);
    const task = await c.vpc.DescribeVpcTaskResult({ TaskId: linked.RequestId! });
    expect(task.Status).toBe("SUCCESS");
    expect(task.Result?.map((x) => x.ResourceId).sort()).toEqual([...ids].sort());

    const byVpc = await c.vpc.DescribeClassicLinkInstances({ Filters: [{ Name: "vpc-id", Values: [vpcId] }], Offset: "0", Limit: "20" });
    expect(byVpc.TotalCount).toBe(2);
    expect(byVpc.ClassicLinkInstanceSet?.map((l) => l.InstanceId).sort()).toEqual([...ids].sort());
    const byIp = await c.vpc.DescribeClassicLinkInstances({
      Filters: [
        { Name: "vpc-id", Values: [vpcId] },
        { Name: "vm-ip", Values: [ip] },
      ],
      Offset: "0",
      Limit: "1",
    });
    expect(byIp.ClassicLinkInstanceSet).toEqual([{ VpcId: vpcId, InstanceId: ids[1] }]);

    await c.vpc.DetachClassicLinkVpc({ VpcId: vpcId, InstanceIds: ids });
    await c.cvm.TerminateInstances({ InstanceIds: ids });
    await c.vpc.DeleteVpc({ VpcId: vpcId });
  });

  it("reports a request error with its code, message, requestId and the request's traceId", async () => {
    const traceId = `trace-${Math.random().toString(36).slice(2)}`;
    const c = clientsWithHttp(inject("devPort"), REGION, { ...http, headers: { "X-TC-TraceId": traceId } }, profile);
    const err = await failure(c.vpc.DeleteVpc({ VpcId: "vpc-00000000" }));
    expect(err).toMatchObject({ code: "ResourceNotFound", traceId });
    expect(err?.message).toMatch(/vpc-00000000 does not exist/);
    expect(err?.requestId).toMatch(UUID);
    expect(err?.httpCode).toBeUndefined();
  });

  it("refuses a wrong SecretKey with AuthFailure.SignatureFailure, still echoing the traceId", async () => {
    const traceId = `trace-${Math.random().toString(36).slice(2)}`;
    const c = clientsWithHttp(inject("devPort"), REGION, { ...http, headers: { "X-TC-TraceId": traceId } }, profile, {
      ...LOCAL_CREDENTIAL,
      secretKey: "WrongSecretKey000000000000000000000",
    });
    await expectCode(c.vpc.DescribeVpcs({}), "AuthFailure.SignatureFailure", /could not be validated/);
    const err = await failure(c.vpc.DescribeVpcs({}));
    expect(err).toMatchObject({ code: "AuthFailure.SignatureFailure", traceId });
    expect(err?.requestId).toMatch(UUID);
  });

  it("refuses an unknown SecretId with AuthFailure.SecretIdNotFound", async () => {
    const c = clientsWithHttp(inject("devPort"), REGION, http, profile, { secretId: "AKIDUNKNOWN00000000000000000000000000", secretKey: LOCAL_CREDENTIAL.secretKey });
    await expectCode(c.vpc.DescribeVpcs({}), "AuthFailure.SecretIdNotFound", /AKIDUNKNOWN00000000000000000000000000 does not exist/);
  });

  it("answers an unknown action with InvalidAction", async () => {
    const c = mode();
    await expectCode(c.vpc.request("NoSuchThing", {}), "InvalidAction", /NoSuchThing does not exist/);
    await expectCode(c.cvm.request("NoSuchThing", { Foo: "bar" }), "InvalidAction", /NoSuchThing/);
  });

  it("refuses a request signed more than 5 minutes ago with AuthFailure.SignatureExpire", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() - 10 * 60_000 });
    const c = mode();
    await expectCode(c.vpc.DescribeVpcs({}), "AuthFailure.SignatureExpire", /more than 300 seconds/);
  });
});

describe("the form-signed mode", () => {
  it("refuses the same signed request a second time", async () => {
    const c = clientsWithHttp(inject("devPort"), REGION, {}, { signMethod: "HmacSHA256" });
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
    vi.spyOn(Math, "random").mockReturnValue(0.25);
    await c.vpc.DescribeVpcs({ Limit: "1" });
    await expectCode(c.vpc.DescribeVpcs({ Limit: "1" }), "ReplayAttack", /already received/);
  });
});

describe("the API version and region", () => {
  it("answers a region the service does not know with UnsupportedRegion", async () => {
    const c = clientsWithHttp(inject("devPort"), "mars-olympus-1");
    await expectCode(c.vpc.DescribeVpcs({}), "UnsupportedRegion", /mars-olympus-1/);
  });

  it("answers an action called with another product's version with NoSuchVersion", async () => {
    const c = clientsWithHttp(inject("devPort"), REGION);
    (c.vpc as unknown as { apiVersion: string }).apiVersion = "2016-01-01";
    await expectCode(c.vpc.DescribeVpcs({}), "NoSuchVersion", /2016-01-01/);
  });

  it("keeps each region's resources apart", async () => {
    const sg = clientsWithHttp(inject("devPort"), REGION);
    const tokyo = clientsWithHttp(inject("devPort"), "ap-tokyo");
    const made = await sg.vpc.CreateVpc({ VpcName: "region-apart", CidrBlock: "10.39.0.0/16" });
    const id = made.Vpc!.VpcId!;
    expect((await tokyo.vpc.DescribeVpcs({ VpcIds: [id] })).TotalCount).toBe(0);
    expect((await sg.vpc.DescribeVpcs({ VpcIds: [id] })).TotalCount).toBe(1);
    await sg.vpc.DeleteVpc({ VpcId: id });
  });
});
