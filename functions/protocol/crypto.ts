// Hashing and HMAC over WebCrypto for request signatures (hex and base64 forms). No protocol logic.

const enc = new TextEncoder();

function toBytes(data: string | ArrayBuffer | Uint8Array): Uint8Array {
  if (typeof data === "string") return enc.encode(data);
  return data instanceof Uint8Array ? data : new Uint8Array(data);
}

/** hex renders bytes as lowercase hexadecimal. */
export function hex(bytes: ArrayBuffer | Uint8Array): string {
  const b = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let s = "";
  for (const x of b) s += x.toString(16).padStart(2, "0");
  return s;
}

/** base64 renders bytes as standard base64. */
export function base64(bytes: ArrayBuffer): string {
  let s = "";
  for (const x of new Uint8Array(bytes)) s += String.fromCharCode(x);
  return btoa(s);
}

/** sha256Hex reports the lowercase hex SHA-256 of the data. */
export async function sha256Hex(data: string | ArrayBuffer | Uint8Array): Promise<string> {
  return hex(await crypto.subtle.digest("SHA-256", toBytes(data)));
}

/** hmac reports the raw HMAC of msg under key with SHA-1 or SHA-256. */
export async function hmac(
  hash: "SHA-1" | "SHA-256",
  key: string | ArrayBuffer | Uint8Array,
  msg: string,
): Promise<ArrayBuffer> {
  const k = await crypto.subtle.importKey("raw", toBytes(key), { name: "HMAC", hash }, false, ["sign"]);
  return crypto.subtle.sign("HMAC", k, enc.encode(msg));
}

/** timingSafeEqual reports whether two strings are equal without an early exit. */
export function timingSafeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return d === 0;
}
