// Official-SDK clients pointed at the local Worker, and a helper asserting Tencent error codes.
import tencentcloud from "tencentcloud-sdk-nodejs";
import { expect } from "vitest";

/** The local default credential of wrangler.toml. */
export const LOCAL_CREDENTIAL = {
  secretId: "AKIDLOCALDEVELOPMENT0000000000000000",
  secretKey: "LocalDevelopmentSecretKey000000000",
};

/**
 * sdkClients reports the vpc, cvm, apigateway and tag SDK clients for a region of the local Worker
 * (the one client factory of the tests): the local httpProfile plus http, the given profile and credential.
 */
export function sdkClients(
  port: number,
  region: string,
  http: Record<string, unknown> = {},
  profile: Record<string, unknown> = {},
  credential: { secretId: string; secretKey: string } = LOCAL_CREDENTIAL,
) {
  const httpProfile = { endpoint: `127.0.0.1:${port}`, protocol: "http://", reqTimeout: 30, ...http };
  const config = { credential, region, profile: { ...profile, httpProfile } };
  return {
    vpc: new tencentcloud.vpc.v20170312.Client(config),
    cvm: new tencentcloud.cvm.v20170312.Client(config),
    apigateway: new tencentcloud.apigateway.v20180808.Client(config),
    tag: new tencentcloud.tag.v20180813.Client(config),
  };
}

/** clients reports vpc and cvm SDK clients for a region, signing as the SDK does by default. */
export function clients(port: number, region = "ap-guangzhou") {
  const { vpc, cvm } = sdkClients(port, region);
  return { vpc, cvm };
}

/** expectCode asserts the SDK call rejects with the given Tencent error code (and message part). */
export async function expectCode(p: Promise<unknown>, code: string, messagePart?: string | RegExp): Promise<void> {
  const err = (await p.then(
    () => null,
    (e: unknown) => e,
  )) as { code?: string; message?: string } | null;
  expect(err, `expected ${code}`).not.toBeNull();
  expect(err!.code).toBe(code);
  if (messagePart) expect(err!.message).toMatch(messagePart);
}
