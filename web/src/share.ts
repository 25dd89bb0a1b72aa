// Sharing a plan: the document lives in the URL fragment (#plan=, deflate-raw + base64url), kept
// up to date as it changes, and can be downloaded as a JSON file. Works offline and from file://.

const PREFIX = "#plan=";

function toBase64url(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64url(s: string): Uint8Array<ArrayBuffer> {
  const bin = atob(s.replace(/-/g, "+").replace(/_/g, "/"));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

async function pipe(bytes: Uint8Array<ArrayBuffer>, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const out = new Blob([bytes]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(out).arrayBuffer());
}

/** encodePlan reports the fragment for a document. */
async function encodePlan(doc: unknown): Promise<string> {
  const packed = await pipe(new TextEncoder().encode(JSON.stringify(doc)), new CompressionStream("deflate-raw"));
  return PREFIX + toBase64url(packed);
}

/** decodePlan reports the document in a fragment, null when the fragment holds none. */
export async function decodePlan(hash: string): Promise<unknown> {
  if (!hash.startsWith(PREFIX)) return null;
  const raw = await pipe(fromBase64url(hash.slice(PREFIX.length)), new DecompressionStream("deflate-raw"));
  return JSON.parse(new TextDecoder().decode(raw));
}

let seq = 0;
let timer: number | undefined;
/** The fragment this page wrote last (so its own updates are not read back as a new plan). */
export let ownHash = "";

/** scheduleUrl writes the document into the URL fragment shortly after the last change. */
export function scheduleUrl(doc: unknown): void {
  clearTimeout(timer);
  const snapshot = JSON.stringify(doc);
  const mine = ++seq;
  timer = window.setTimeout(async () => {
    const hash = await encodePlan(JSON.parse(snapshot));
    if (mine !== seq) return;
    ownHash = hash;
    history.replaceState(null, "", hash);
    document.body.dataset.shared = String(mine);
  }, 200);
}

/** flushUrl writes the document into the URL fragment now. */
export async function flushUrl(doc: unknown): Promise<void> {
  clearTimeout(timer);
  const mine = ++seq;
  const hash = await encodePlan(doc);
  if (mine !== seq) return;
  ownHash = hash;
  history.replaceState(null, "", hash);
  document.body.dataset.shared = String(mine);
}

/** download saves the document as a JSON file. */
export function download(doc: unknown, name = "network-plan.json"): void {
  const url = URL.createObjectURL(new Blob([JSON.stringify(doc, null, 2) + "\n"], { type: "application/json" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
