// Starts `wrangler dev` (real workerd) on a free 127.0.0.1 port with a throw-away state folder
// under .tmp/, and stops its whole process group. Shared by the benchmark and the SDK tests
// (plain ESM, no TypeScript loader needed). wrangler's bin is run with
// this Node directly (no npx layer), proxies are dropped from the child's environment, and
// stop() waits for the group to go away (SIGTERM, then SIGKILL after a grace period).
import { spawn } from "node:child_process";
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { join } from "node:path";

/** localCredentials reports TC_CREDENTIALS from the repo's .dev.vars (the one place of the local key). */
export function localCredentials(root) {
  const text = readFileSync(join(root, ".dev.vars"), "utf8");
  const m = /^\s*TC_CREDENTIALS\s*=\s*"?([^"\n]*)"?\s*$/m.exec(text);
  if (!m || !m[1]) throw new Error(`${join(root, ".dev.vars")} has no TC_CREDENTIALS line`);
  return m[1];
}

/** freePort reports a TCP port on 127.0.0.1 that nothing listens on right now. */
export async function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const addr = s.address();
      s.close(() => resolve(typeof addr === "object" && addr ? addr.port : 0));
    });
  });
}

/** groupAlive reports whether any process of the group led by pid still exists. */
export function groupAlive(pid) {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** killGroup sends SIGTERM to the process group, waits up to graceMs, then SIGKILLs it. */
export async function killGroup(pid, graceMs = 3000) {
  if (!pid) return;
  try {
    process.kill(-pid, "SIGTERM");
  } catch {
    return; // already gone
  }
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && groupAlive(pid)) await new Promise((r) => setTimeout(r, 50));
  if (groupAlive(pid)) {
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      /* gone meanwhile */
    }
  }
}

/** proxyFreeEnv is process.env without http(s)_proxy / all_proxy in either case. */
export function proxyFreeEnv(extra = {}) {
  const env = { ...process.env, ...extra };
  for (const k of Object.keys(env)) if (/^(https?|all)_proxy$/i.test(k)) delete env[k];
  return env;
}

/**
 * startDevServer runs `wrangler dev` from the repo root and waits for its first answer.
 * Returns { port, pid, stop(), log(), child }; throws (after stopping the group) if it does not come up.
 */
export async function startDevServer(root, { vars = {}, timeoutMs = 60_000 } = {}) {
  const port = await freePort();
  const tmpRoot = join(root, ".tmp");
  mkdirSync(tmpRoot, { recursive: true });
  const state = mkdtempSync(join(tmpRoot, "state-"));
  const wranglerBin = createRequire(join(root, "package.json")).resolve("wrangler/bin/wrangler.js");
  const args = [wranglerBin, "dev", "--ip", "127.0.0.1", "--port", String(port), "--persist-to", state, "--inspector-port", "0"];
  for (const [k, v] of Object.entries(vars)) args.push("--var", `${k}:${v}`);
  const child = spawn(process.execPath, args, {
    cwd: root,
    detached: true, // own process group: workerd and friends are stopped with it
    stdio: ["ignore", "pipe", "pipe"],
    env: proxyFreeEnv({
      WRANGLER_SEND_METRICS: "false",
      CLOUDFLARE_CF_FETCH_ENABLED: "false",
      WRANGLER_HIDE_BANNER: "true",
      XDG_CONFIG_HOME: join(tmpRoot, "config"),
      TMPDIR: tmpRoot,
    }),
  });
  let log = "";
  const keep = (d) => {
    log += d;
    if (log.length > 200_000) log = log.slice(-100_000);
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await killGroup(child.pid);
    child.stdout.destroy();
    child.stderr.destroy();
    rmSync(state, { recursive: true, force: true });
  };
  const server = { port, pid: child.pid, stop, log: () => log, child };
  const why = await waitUntilServing(port, child, timeoutMs);
  if (!why) return server;
  await stop();
  throw new Error(`wrangler dev did not start on 127.0.0.1:${port}: ${why}\n--- wrangler output (tail) ---\n${log.slice(-4000)}`);
}

/**
 * waitUntilServing polls `POST /` with `{}` on 127.0.0.1:port (http or https) until it answers 200. Returns null
 * once it does, or why it gave up (the child exited, or no answer within timeoutMs).
 */
export async function waitUntilServing(port, child, timeoutMs, protocol = "http") {
  const deadline = Date.now() + timeoutMs;
  const exited = () => child.exitCode !== null || child.signalCode !== null;
  while (Date.now() < deadline) {
    if ((await probe(port, protocol)) === 200) return null;
    if (exited()) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  return exited() ? `exited (${child.exitCode ?? child.signalCode})` : `no answer within ${timeoutMs} ms`;
}

/** probe POSTs {} to / and reports the status (0 when nothing answers); https skips verification (a self-signed pair). */
function probe(port, protocol) {
  return new Promise((resolve) => {
    const req = (protocol === "https" ? httpsRequest : httpRequest)(
      { host: "127.0.0.1", port, path: "/", method: "POST", rejectUnauthorized: false, headers: { "content-type": "application/json" }, timeout: 5000 },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
        res.on("error", () => resolve(0));
      },
    );
    req.on("error", () => resolve(0));
    req.on("timeout", () => req.destroy());
    req.end("{}");
  });
}
