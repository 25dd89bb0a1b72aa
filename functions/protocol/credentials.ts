// Parses the TC_CREDENTIALS variable: "SecretId:SecretKey[:Account][,...]". No signing here.
import { ApiError } from "../errors";

/** A Credential is one accepted key pair and the account its resources belong to. */
export interface Credential {
  secretId: string;
  secretKey: string;
  account: string;
}

/** DEFAULT_ACCOUNT names the account of pairs that do not name one. */
const DEFAULT_ACCOUNT = "1250000000";

const cache = new Map<string, Map<string, Credential>>();

/** parseCredentials reports the accepted pairs by SecretId (memoised per variable value). */
function parseCredentials(raw: string | undefined): Map<string, Credential> {
  const key = raw ?? "";
  const hit = cache.get(key);
  if (hit) return hit;
  const out = new Map<string, Credential>();
  for (const entry of key.split(",")) {
    const [secretId, secretKey, account] = entry.trim().split(":");
    if (secretId && secretKey) out.set(secretId, { secretId, secretKey, account: account || DEFAULT_ACCOUNT });
  }
  cache.set(key, out);
  return out;
}

/**
 * configuredCredentials reports the accepted pairs, or throws AuthFailure.SecretIdNotFound saying
 * how to set them when the deployment has none (TC_CREDENTIALS is never shipped in wrangler.toml).
 */
export function configuredCredentials(raw: string | undefined): Map<string, Credential> {
  const creds = parseCredentials(raw);
  if (creds.size === 0) {
    throw new ApiError(
      "AuthFailure.SecretIdNotFound",
      "This deployment has no credentials configured, so every call is refused: set the accepted key pairs with `wrangler secret put TC_CREDENTIALS` (value \"SecretId:SecretKey[:Account]\", comma-separated).",
    );
  }
  return creds;
}
