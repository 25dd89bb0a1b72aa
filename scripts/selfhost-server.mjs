// Self-host mode: the same Worker under the real `workerd serve` (node_modules/workerd), with a
// capnp config generated from wrangler.toml (scripts/selfhost/config.mjs). Same contract as
// startDevServer: free 127.0.0.1 port, own process group, stop() ends the group.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { freePort, killGroup, proxyFreeEnv, waitUntilServing } from "./dev-server.mjs";
import { prepareSelfHost } from "./selfhost/config.mjs";

/** workerdBinary is the path of the workerd executable that wrangler and miniflare use. */
export function workerdBinary(root) {
  return createRequire(join(root, "package.json")).resolve("workerd/bin/workerd");
}

/**
 * startSelfHost bundles the Worker, writes the config and runs `workerd serve` until its first
 * answer. Options: port (default a free one), stateDir (kept; default a throw-away folder under
 * .tmp/ removed by stop()), ip (default 127.0.0.1), vars (override every other source), env
 * (where variables and TC_CREDENTIALS are looked up; default process.env),
 * timeoutMs, stdio ("pipe" keeps the output for log(); "inherit" passes it through), tls
 * ({ key, cert } PEM files: serve https instead of http).
 * Returns { port, protocol, pid, stateDir, sources, stop(), log() }; throws (after stopping) if it does not come up.
 */
export async function startSelfHost(root, { port, stateDir, ip = "127.0.0.1", vars = {}, env = process.env, timeoutMs = 60_000, stdio = "pipe", tls } = {}) {
  const tmpRoot = join(root, ".tmp");
  mkdirSync(tmpRoot, { recursive: true });
  const throwAway = !stateDir;
  const state = throwAway ? mkdtempSync(join(tmpRoot, "selfhost-state-")) : resolve(stateDir);
  mkdirSync(state, { recursive: true });
  const buildDir = mkdtempSync(join(tmpRoot, "selfhost-build-"));
  const listenPort = port ?? (await freePort());
  let prepared;
  try {
    prepared = await prepareSelfHost(root, { buildDir, stateDir: state, address: `${ip}:${listenPort}`, vars, env, tls });
  } catch (e) {
    rmSync(buildDir, { recursive: true, force: true });
    if (throwAway) rmSync(state, { recursive: true, force: true });
    throw e;
  }
  const child = spawn(workerdBinary(root), ["serve", prepared.configFile, "--experimental"], {
    cwd: buildDir,
    detached: true, // own process group, stopped as a whole
    stdio: ["ignore", stdio, stdio],
    env: proxyFreeEnv({ TMPDIR: tmpRoot }),
  });
  let log = "";
  const keep = (d) => {
    log += d;
    if (log.length > 200_000) log = log.slice(-100_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await killGroup(child.pid);
    child.stdout?.destroy();
    child.stderr?.destroy();
    rmSync(buildDir, { recursive: true, force: true });
    if (throwAway) rmSync(state, { recursive: true, force: true });
  };
  const protocol = tls ? "https" : "http";
  const server = { port: listenPort, protocol, pid: child.pid, stateDir: state, sources: prepared.sources, stop, log: () => log, child };
  const why = await waitUntilServing(listenPort, child, timeoutMs, protocol);
  if (!why) return server;
  await stop();
  throw new Error(`workerd serve did not start on ${ip}:${listenPort}: ${why}\n--- workerd output (tail) ---\n${log.slice(-4000)}`);
}
