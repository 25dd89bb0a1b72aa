// Verifies the form-field signatures: the SDK's HmacSHA1/HmacSHA256 mode on the API 3.0 endpoint
// (§3.4) and the legacy v2 API (§4.2). Same algorithm, different host/path; no replay state here.
import { ApiError } from "../errors";
import type { Credential } from "./credentials";
import { base64, hmac, timingSafeEqual } from "./crypto";
import { SKEW_SECONDS } from "./tc3";

/** The request pieces a form signature covers. */
interface FormSignInput {
  method: string;
  hostHeader: string;
  path: string;
  /** Every parameter as sent, Signature included; names as sent. */
  params: [string, string][];
  /** v2 signs names with "_" written as "."; the API 3.0 form mode does not. */
  underscoreAsDot: boolean;
}

/**
 * verifyFormSignature reports the signing credential, or throws the AuthFailure code. The host is
 * tried with its port (how the SDK signs) and without it.
 */
export async function verifyFormSignature(
  input: FormSignInput,
  creds: Map<string, Credential>,
  nowSeconds: number,
): Promise<Credential> {
  const get = (n: string) => input.params.find(([k]) => k === n)?.[1];
  const secretId = get("SecretId");
  const signature = get("Signature");
  const tsText = get("Timestamp");
  if (!secretId || !signature || !tsText) {
    const missing = !secretId ? "SecretId" : !signature ? "Signature" : "Timestamp";
    throw new ApiError("MissingParameter", `The request is missing a required parameter \`${missing}\`.`);
  }
  if (!/^\d{1,12}$/.test(tsText)) throw new ApiError("InvalidParameter", "The parameter `Timestamp` must be UNIX seconds.");
  const ts = Number(tsText);
  if (Math.abs(nowSeconds - ts) > SKEW_SECONDS) {
    throw new ApiError(
      "AuthFailure.SignatureExpire",
      `The signature expired: Timestamp ${ts} is more than ${SKEW_SECONDS} seconds from the server time ${nowSeconds}.`,
    );
  }
  const cred = creds.get(secretId);
  if (!cred) throw new ApiError("AuthFailure.SecretIdNotFound", `The SecretId ${secretId} does not exist or is disabled.`);
  const method = get("SignatureMethod") === "HmacSHA256" ? "SHA-256" : "SHA-1";
  const pairs = input.params
    .filter(([k]) => k !== "Signature")
    .map(([k, v]) => [input.underscoreAsDot ? k.replace(/_/g, ".") : k, v] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
  const bare = input.hostHeader.replace(/:\d+$/, "");
  const hosts = bare === input.hostHeader ? [bare] : [input.hostHeader, bare];
  for (const host of hosts) {
    const src = `${input.method.toUpperCase()}${host}${input.path}?${pairs}`;
    if (timingSafeEqual(base64(await hmac(method, cred.secretKey, src)), signature)) return cred;
  }
  throw new ApiError(
    "AuthFailure.SignatureFailure",
    "The provided credentials could not be validated. Please check your signature is correct.",
  );
}
