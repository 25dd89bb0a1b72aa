// The self-host mode's https: a key and certificate given by the user, or a self-signed pair made
// once with openssl and kept (for tools that force https and skip verification, or trust the file).
import { execFileSync } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** The names a self-signed certificate covers: the tools' own host names and the local ones. */
export const SELF_SIGNED_NAMES = ["DNS:localhost", "DNS:*.tencentcloudapi.com", "DNS:tencentcloudapi.com", "DNS:*.tc.local", "IP:127.0.0.1"];

/** stillGood reports whether a certificate file parses and is valid for at least another week. */
function stillGood(cert) {
  try {
    return Date.parse(new X509Certificate(readFileSync(cert)).validTo) > Date.now() + 7 * 86_400_000;
  } catch {
    return false;
  }
}

/**
 * selfSignedPair reports { key, cert } files in dir, making them with openssl when absent, unreadable
 * or within a week of expiry (valid `days`, default 825; RSA 2048; the names above). Throws a
 * readable error when openssl is missing.
 */
export function selfSignedPair(dir, days = 825) {
  const key = join(dir, "key.pem");
  const cert = join(dir, "cert.pem");
  if (existsSync(key) && existsSync(cert) && stillGood(cert)) return { key, cert };
  mkdirSync(dir, { recursive: true });
  try {
    execFileSync("openssl", [
      "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", String(days),
      "-subj", "/CN=tc-classiclink-edge local", "-addext", `subjectAltName=${SELF_SIGNED_NAMES.join(",")}`,
    ], { stdio: "ignore" });
  } catch (e) {
    throw new Error(`making a self-signed certificate needs openssl (apt-get install openssl), or give --https-key-path and --https-cert-path: ${e?.message ?? e}`);
  }
  return { key, cert };
}
