// Verifies TC3-HMAC-SHA256 signatures exactly as reference/tencent-api.md §3.3 describes.
// Reads only what it is given; the caller supplies the clock and the credential table.
import { ApiError } from "../errors";
import type { Credential } from "./credentials";
import { hex, hmac, sha256Hex, timingSafeEqual } from "./crypto";

/** The parts of a TC3 request the signature covers. */
interface Tc3Input {
  method: string;
  path: string;
  rawQuery: string;
  headers: Headers;
  /** The Host header, or the URL's host where the runtime gives no Host header. */
  host: string;
  body: Uint8Array;
  timestamp: number;
}

const AUTH_RE =
  /^TC3-HMAC-SHA256 Credential=([^/,\s]+)\/(\d{4}-\d{2}-\d{2})\/([^/,\s]+)\/tc3_request, ?SignedHeaders=([a-z0-9;.\-_]+), ?Signature=([0-9a-f]{64})$/;

/** SKEW_SECONDS is how far the request's timestamp may be from the server's clock. */
export const SKEW_SECONDS = 300;

function utcDate(ts: number): string {
  return new Date(ts * 1000).toISOString().slice(0, 10);
}

async function signingKey(secretKey: string, date: string, service: string): Promise<ArrayBuffer> {
  const kDate = await hmac("SHA-256", `TC3${secretKey}`, date);
  const kService = await hmac("SHA-256", kDate, service);
  return hmac("SHA-256", kService, "tc3_request");
}

/**
 * verifyTc3 reports the credential that signed the request, or throws the AuthFailure code
 * Tencent gives. Both the host without its port (Node SDK) and with it (Go SDK) are accepted.
 */
export async function verifyTc3(
  authorization: string,
  input: Tc3Input,
  creds: Map<string, Credential>,
  nowSeconds: number,
): Promise<Credential> {
  const m = AUTH_RE.exec(authorization.trim());
  if (!m) throw new ApiError("AuthFailure.InvalidAuthorization", "The Authorization header does not follow the TC3-HMAC-SHA256 format.");
  const [, secretId, date, service, signedHeaders, signature] = m as unknown as string[];
  if (Math.abs(nowSeconds - input.timestamp) > SKEW_SECONDS) {
    throw new ApiError(
      "AuthFailure.SignatureExpire",
      `The signature expired: X-TC-Timestamp ${input.timestamp} is more than ${SKEW_SECONDS} seconds from the server time ${nowSeconds}.`,
    );
  }
  const cred = creds.get(secretId!);
  if (!cred) throw new ApiError("AuthFailure.SecretIdNotFound", `The SecretId ${secretId} does not exist or is disabled.`);
  const names = signedHeaders!.split(";");
  if (!names.includes("host") || names.some((n) => n !== "host" && !input.headers.has(n))) {
    throw new ApiError("AuthFailure.InvalidAuthorization", "SignedHeaders must include host and only headers the request carries.");
  }
  const hostHeader = input.host;
  const bareHost = hostHeader.replace(/:\d+$/, "");
  const hosts = bareHost === hostHeader ? [hostHeader] : [bareHost, hostHeader];
  const payloadHash = await sha256Hex(input.body);
  const key = await signingKey(cred.secretKey, date!, service!);
  const scope = `${date}/${service}/tc3_request`;
  for (const host of hosts) {
    for (const lower of [false, true]) {
      const canonicalHeaders = names
        .map((n) => {
          const v = (n === "host" ? host : (input.headers.get(n) ?? "")).trim();
          return `${n}:${lower ? v.toLowerCase() : v}\n`;
        })
        .join("");
      const canonical = [input.method, input.path, input.rawQuery, canonicalHeaders, signedHeaders, payloadHash].join("\n");
      const toSign = `TC3-HMAC-SHA256\n${input.timestamp}\n${scope}\n${await sha256Hex(canonical)}`;
      const expected = hex(await hmac("SHA-256", key, toSign));
      if (timingSafeEqual(expected, signature!)) {
        if (date !== utcDate(input.timestamp)) break;
        return cred;
      }
    }
  }
  throw new ApiError(
    "AuthFailure.SignatureFailure",
    "The provided credentials could not be validated. Please check your signature is correct.",
  );
}
