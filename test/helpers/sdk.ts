// Official-SDK clients pointed at the local Worker, and a helper asserting Tencent error codes.
import tencentcloud from "tencentcloud-sdk-nodejs";
import { expect } from "vitest";

/** The local default credential of wrangler.toml. */
export const LOCAL_CREDENTIAL = {
  secretId: "AKIDLOCALDEVELOPMENT0000000000000000",
  secretKey: "LocalDevelopmentSecretKey000000000",
};

/** clients reports vpc and cvm SDK clients for a region, signing as the SDK does by default. */
export function clients(port: number, region = "ap-guangzhou", profile: Record<string, unknown> = {}) {
  const config = {
    credential: LOCAL_CREDENTIAL,
    region,
    profile: { httpProfile: { endpoint: `127.0.0.1:${port}`, protocol: "http://", reqTimeout: 30 }, ...profile },
  };
  return {
    vpc: new tencentcloud.vpc.v20170312.Client(config),
    cvm: new tencentcloud.cvm.v20170312.Client(config),
  };
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
