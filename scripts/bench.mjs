// `npm run bench` (after the policy-core bench): what the data plane adds to a call, side by side
// in one run, every row measured with wrk (1 thread, 32 connections) on 127.0.0.1:
//   one nginx backend directly; nginx 1.22 smooth WRR 5:1:1 with keepalive over three backends;
//   a trivial fetch() proxy Worker under raw `workerd serve`; this project's MOCK API and a
//   channel of the three backends (weights 5,1,1) under `wrangler dev` and under `workerd serve`
//   (self-host mode). Ratios against the targets of issue #10 are printed, and .tmp/bench.json written.
// Every server runs in its own process group and is stopped at the end, also on failure or signal.
// Knobs (env): BENCH_SECONDS (8 per row), BENCH_WARMUP_SECONDS (2), BENCH_CONNECTIONS (32).
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { killGroup, startDevServer } from "./dev-server.mjs";
import { setUpChannel } from "./bench/channel.mjs";
import { startProxyWorker } from "./bench/proxy-worker.mjs";
import { ensureTools, nginxVersion, startNginx, wrk } from "./bench/tools.mjs";
import { startSelfHost } from "./selfhost-server.mjs";

for (const k of Object.keys(process.env)) if (/^(https?|all)_proxy$/i.test(k)) delete process.env[k];

const t0 = Date.now();
const root = new URL("..", import.meta.url).pathname;
const num = (name, dflt) => {
  const v = Number(process.env[name] ?? dflt);
  return Number.isFinite(v) && v > 0 ? v : dflt;
};
const SECONDS = num("BENCH_SECONDS", 8);
const WARMUP = num("BENCH_WARMUP_SECONDS", 2);
const CONNECTIONS = Math.round(num("BENCH_CONNECTIONS", 32));
const WATCHDOG_MS = 420_000;
const log = (msg) => console.log(`[bench ${((Date.now() - t0) / 1000).toFixed(1)}s] ${msg}`);

// ---- clean-up of every process group we started, on success, failure, signal or watchdog ----
const groups = new Set();
const stops = [];
let cleaning = null;
const cleanup = () =>
  (cleaning ??= (async () => {
    for (const fn of stops.splice(0).reverse()) await fn().catch((e) => console.error(`bench: clean-up step failed: ${e?.message ?? e}`));
    for (const pid of groups) await killGroup(pid, 1000);
    groups.clear();
  })());
process.on("exit", () => {
  for (const pid of groups) {
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      /* gone */
    }
  }
});
let failed = false;
async function fail(message, code = 1) {
  if (failed) return;
  failed = true;
  console.error(`\nbench FAILED: ${message}`);
  await cleanup();
  process.exit(code);
}
for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(sig, () => fail(`interrupted by ${sig}`, 130));
setTimeout(() => fail(`the run did not finish within ${WATCHDOG_MS / 1000} s`), WATCHDOG_MS).unref();

const own = (server) => {
  groups.add(server.pid);
  stops.push(async () => {
    await (server.stop ? server.stop() : killGroup(server.pid, 2000));
    groups.delete(server.pid);
  });
  return server;
};

/** measure checks one answer, warms up, then runs wrk for SECONDS; a row with failed calls fails the bench. */
async function measure(label, url, expectBody) {
  const probe = await fetch(url);
  const body = await probe.text();
  if (probe.status !== 200 || !expectBody.test(body)) throw new Error(`${label}: ${url} answered HTTP ${probe.status}: ${body.slice(0, 300)}`);
  await wrk(url, { seconds: WARMUP, connections: CONNECTIONS });
  const r = await wrk(url, { seconds: SECONDS, connections: CONNECTIONS });
  log(`${label}: ${r.rps.toFixed(0)} req/s, p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms (${r.requests} calls, ${r.errors} socket errors, ${r.non2xx} non-2xx)`);
  if (r.non2xx > r.requests * 0.01 || r.errors > r.requests * 0.01) throw new Error(`${label}: ${r.non2xx} non-2xx answers and ${r.errors} socket errors of ${r.requests}`);
  return { label, ...r };
}

const loadAtStart = loadavg();
async function main() {
  ensureTools(log);
  log(`node ${process.version}, ${cpus().length} CPUs, load ${loadAtStart.map((x) => x.toFixed(2)).join(" ")}; wrk -t1 -c${CONNECTIONS}, ${SECONDS} s per row after ${WARMUP} s warm-up; ${nginxVersion()}`);
  const nginx = own(await startNginx(root));
  const proxy = own(await startProxyWorker(root, nginx.backends[0].port));
  log("starting wrangler dev and workerd serve (self-host mode) ...");
  const [dev, self] = await Promise.all([startDevServer(root).then(own), startSelfHost(root).then(own)]);
  const devGw = await setUpChannel(root, dev.port, nginx.backends);
  const selfGw = await setUpChannel(root, self.port, nginx.backends);
  log(`nginx WRR :${nginx.wrrPort}, proxy Worker :${proxy.port}, wrangler dev :${dev.port}, workerd serve :${self.port}`);

  const node = /^ok node-[abc]\n$/;
  const rows = {
    direct: await measure("one backend directly", `http://127.0.0.1:${nginx.backends[0].port}/backend`, node),
    nginx: await measure("nginx smooth WRR 5:1:1, keepalive", `http://127.0.0.1:${nginx.wrrPort}/backend`, node),
    proxy: await measure("trivial fetch() proxy Worker, workerd serve", `http://127.0.0.1:${proxy.port}/backend`, node),
    devMock: await measure("this project, wrangler dev: MOCK API", devGw.mockUrl, /^ok mock\n$/),
    devChannel: await measure("this project, wrangler dev: channel", devGw.channelUrl, node),
    selfMock: await measure("this project, workerd serve: MOCK API", selfGw.mockUrl, /^ok mock\n$/),
    selfChannel: await measure("this project, workerd serve: channel", selfGw.channelUrl, node),
    selfSocket: await measure("  the same, socket client (UpstreamHost set)", selfGw.socketUrl, node),
  };
  const best = rows.selfChannel.rps >= rows.devChannel.rps ? rows.selfChannel : rows.devChannel;
  const ratios = {
    channelToProxy: best.rps / rows.proxy.rps,
    channelToNginx: best.rps / rows.nginx.rps,
    channelToMockWorkerd: rows.selfChannel.rps / rows.selfMock.rps,
    channelToMockWrangler: rows.devChannel.rps / rows.devMock.rps,
    p99ToNginx: best.p99 / rows.nginx.p99,
    fetchToSocket: rows.selfChannel.rps / rows.selfSocket.rps,
    proxyToMockWorkerd: rows.proxy.rps / rows.selfMock.rps,
  };
  const targets = [
    ["channel (best mode) / trivial proxy, req/s", ratios.channelToProxy, 0.8, ">="],
    ["channel (best mode) / nginx WRR, req/s", ratios.channelToNginx, 0.12, ">="],
    ["channel / MOCK, workerd serve, req/s", ratios.channelToMockWorkerd, 0.9, ">="],
    ["channel / MOCK, wrangler dev, req/s", ratios.channelToMockWrangler, 0.9, ">="],
    ["channel (best mode) p99 / nginx p99", ratios.p99ToNginx, 10, "<="],
  ];

  const pad = (s, n) => String(s).padEnd(n);
  const lpad = (s, n) => String(s).padStart(n);
  console.log("");
  console.log(`${pad("path", 46)}${lpad("req/s", 9)}${lpad("p50 ms", 9)}${lpad("p99 ms", 9)}${lpad("vs proxy", 10)}${lpad("vs nginx", 10)}`);
  for (const r of Object.values(rows)) {
    console.log(`${pad(r.label, 46)}${lpad(r.rps.toFixed(0), 9)}${lpad(r.p50.toFixed(2), 9)}${lpad(r.p99.toFixed(2), 9)}${lpad((r.rps / rows.proxy.rps).toFixed(2) + "x", 10)}${lpad((r.rps / rows.nginx.rps).toFixed(3) + "x", 10)}`);
  }
  console.log("");
  for (const [name, value, target, op] of targets) {
    const met = op === ">=" ? value >= target : value <= target;
    console.log(`${pad(name, 46)}${lpad(value.toFixed(3), 9)}  target ${op} ${target}  ${met ? "met" : "MISSED"}`);
  }
  console.log(`best local mode for the channel: ${best.label}`);
  console.log(`fetch() (pooled) / socket client, workerd serve: ${ratios.fetchToSocket.toFixed(2)}x; trivial proxy / MOCK (the most a proxied call can reach of MOCK): ${ratios.proxyToMockWorkerd.toFixed(2)}\n`);

  const round = (r) => ({ label: r.label, rps: +r.rps.toFixed(1), p50Ms: +r.p50.toFixed(3), p99Ms: +r.p99.toFixed(3), requests: r.requests, socketErrors: r.errors, non2xx: r.non2xx });
  const report = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: cpus().length,
    loadAverageAtStart: loadAtStart.map((x) => +x.toFixed(2)),
    settings: { tool: "wrk", threads: 1, connections: CONNECTIONS, seconds: SECONDS, warmupSeconds: WARMUP, nginx: nginxVersion(), weights: [5, 1, 1] },
    rows: Object.fromEntries(Object.entries(rows).map(([k, r]) => [k, round(r)])),
    bestChannelMode: best.label,
    ratios: Object.fromEntries(Object.entries(ratios).map(([k, v]) => [k, +v.toFixed(4)])),
    targets: targets.map(([name, value, target, op]) => ({ name, value: +value.toFixed(4), target, op, met: op === ">=" ? value >= target : value <= target })),
    totalSeconds: +((Date.now() - t0) / 1000).toFixed(1),
  };
  mkdirSync(join(root, ".tmp"), { recursive: true });
  writeFileSync(join(root, ".tmp", "bench.json"), JSON.stringify(report, null, 2) + "\n");
  log("wrote .tmp/bench.json; stopping every server");
}

try {
  await main();
  await cleanup();
  log(`done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  process.exit(0);
} catch (e) {
  await fail(e?.stack ?? e?.message ?? String(e));
}
