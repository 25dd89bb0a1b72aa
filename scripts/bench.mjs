// `npm run bench`: how much a call costs through the gateway's data plane compared with calling a
// backend node directly. Everything runs on 127.0.0.1, bounded in count and time, and stops by
// itself:
//   1. baseline: GET straight to one node server (a tiny node:http server, short fixed body);
//   2. gateway: the same GET through a released API bound to a VPC channel of 3 nodes
//      (weights 1,1,1, smooth weighted round robin) on a local `wrangler dev`
//      (`/{ServiceId}/release/bench` -> node `/backend`);
//   3. ratios gateway/direct for throughput and latency.
// Process layout: this process is the load generator (and sets the channel up through the
// official SDK); the node servers run in a forked child process (scripts/bench/nodes.mjs, own
// process group) so they never share an event loop with the client; wrangler dev/workerd run in
// their own process group. Both groups are stopped at the end, also on failure or Ctrl-C.
// Load: closed loop, CONCURRENCY in-flight requests over a keep-alive node:http Agent; a warm-up
// run (discarded) then a measured run per case, each ending at MAX_REQUESTS or MAX_SECONDS.
// Output: a table on stdout and the same numbers in .tmp/bench.json.
// Knobs (env): BENCH_CONCURRENCY (16), BENCH_REQUESTS (2000), BENCH_SECONDS (5),
// BENCH_WARMUP_REQUESTS (300), BENCH_WARMUP_SECONDS (1.5).
import { fork } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { killGroup, localCredentials, proxyFreeEnv, startDevServer } from "./dev-server.mjs";
import { run } from "./bench/load.mjs";

for (const k of Object.keys(process.env)) if (/^(https?|all)_proxy$/i.test(k)) delete process.env[k];

const t0 = Date.now();
const root = new URL("..", import.meta.url).pathname;
const num = (name, dflt) => {
  const v = Number(process.env[name] ?? dflt);
  return Number.isFinite(v) && v > 0 ? v : dflt;
};
const CONCURRENCY = Math.round(num("BENCH_CONCURRENCY", 16));
const MAX_REQUESTS = Math.round(num("BENCH_REQUESTS", 2000));
const MAX_SECONDS = num("BENCH_SECONDS", 5);
const WARMUP_REQUESTS = Math.round(num("BENCH_WARMUP_REQUESTS", 300));
const WARMUP_SECONDS = num("BENCH_WARMUP_SECONDS", 1.5);
const WATCHDOG_MS = 150_000; // the whole run normally takes well under a minute

const log = (msg) => console.log(`[bench ${((Date.now() - t0) / 1000).toFixed(1)}s] ${msg}`);

// ---- clean-up of every child process group, on success, failure, signal or watchdog --------
const groups = new Set(); // pids of process-group leaders we started
const cleanups = [];
let cleaning = null;
function cleanup() {
  cleaning ??= (async () => {
    for (const fn of cleanups.splice(0).reverse()) {
      try {
        await fn();
      } catch (e) {
        console.error(`bench: clean-up step failed: ${e?.message ?? e}`);
      }
    }
    for (const pid of groups) await killGroup(pid, 1000);
    groups.clear();
  })();
  return cleaning;
}
process.on("exit", () => {
  // last resort, synchronous: nothing we started may outlive us
  for (const pid of groups) {
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      /* gone */
    }
  }
});
let failCode = null; // set by the first failure
async function fail(message, code = 1) {
  if (failCode !== null) return; // a first failure is already being reported and cleaned up
  failCode = code;
  console.error(`\nbench FAILED: ${message}`);
  await cleanup();
  process.exit(code);
}
for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(sig, () => fail(`interrupted by ${sig}`, 130));
const watchdog = setTimeout(() => fail(`the run did not finish within ${WATCHDOG_MS / 1000} s`), WATCHDOG_MS);
watchdog.unref();

// ---- set-up helpers ---------------------------------------------------------------------
/** localCredential reads the first "SecretId:SecretKey[:Account]" pair of .dev.vars' TC_CREDENTIALS. */
function localCredential() {
  const raw = localCredentials(root);
  const [secretId, secretKey] = raw.split(",")[0].trim().split(":");
  if (!secretId || !secretKey) throw new Error(`.dev.vars TC_CREDENTIALS is not "SecretId:SecretKey[:Account]": ${raw}`);
  return { secretId, secretKey };
}

/** startNodes forks scripts/bench/nodes.mjs and waits for its ports. */
function startNodes(names) {
  return new Promise((resolve, reject) => {
    const child = fork(join(root, "scripts", "bench", "nodes.mjs"), names, {
      detached: true, // own process group, stopped as a whole
      stdio: ["ignore", "inherit", "inherit", "ipc"],
      env: proxyFreeEnv(),
    });
    groups.add(child.pid);
    const waiters = [];
    const timer = setTimeout(() => reject(new Error("node servers did not report ready within 10 s")), 10_000);
    child.on("message", (m) => {
      if (m?.type === "ready") {
        clearTimeout(timer);
        resolve({
          nodes: m.nodes,
          hits: () =>
            new Promise((res, rej) => {
              waiters.push(res);
              child.send({ type: "hits" }, (e) => e && rej(e));
            }),
          stop: async () => {
            if (child.connected) child.disconnect();
            await killGroup(child.pid, 1000);
            groups.delete(child.pid);
          },
        });
      } else if (m?.type === "hits") waiters.shift()?.(m.hits);
    });
    child.on("exit", (code, sig) => {
      clearTimeout(timer);
      reject(new Error(`node servers exited early (${code ?? sig})`));
    });
  });
}

/** setUpChannel creates VPC, subnet, dedicated instance, service, channel, API and release. */
async function setUpChannel(port, nodes) {
  const { default: tencentcloud } = await import("tencentcloud-sdk-nodejs");
  const config = {
    credential: localCredential(),
    region: "ap-guangzhou",
    profile: { httpProfile: { endpoint: `127.0.0.1:${port}`, protocol: "http://", reqTimeout: 10 } },
  };
  const vpc = new tencentcloud.vpc.v20170312.Client(config);
  const apigw = new tencentcloud.apigateway.v20180808.Client(config);
  const step = async (what, p) => {
    try {
      return await p;
    } catch (e) {
      throw new Error(`set-up step ${what} failed: ${e?.code ? `${e.code}: ` : ""}${e?.message ?? e}`);
    }
  };
  const { Vpc } = await step("CreateVpc", vpc.CreateVpc({ VpcName: "bench", CidrBlock: "10.9.0.0/16" }));
  const { Subnet } = await step(
    "CreateSubnet",
    vpc.CreateSubnet({ VpcId: Vpc.VpcId, SubnetName: "bench-gw", CidrBlock: "10.9.1.0/24", Zone: "ap-guangzhou-3" }),
  );
  const { Result: instanceId } = await step(
    "CreateExclusiveInstances",
    apigw.CreateExclusiveInstances({
      Zones: ["ap-guangzhou-3"],
      InstanceType: "professional",
      NetworkConfig: { InternetMaxBandwidthOut: 10 },
      VpcConfig: { UniqVpcId: Vpc.VpcId, UniqSubnetId: Subnet.SubnetId },
      PayMode: "POSTPAID",
    }),
  );
  const { ServiceId } = await step("CreateService", apigw.CreateService({ ServiceName: "bench", Protocol: "http", InstanceId: instanceId }));
  const { UpstreamId } = await step(
    "CreateUpstream",
    apigw.CreateUpstream({
      UpstreamName: "bench_channel",
      Scheme: "HTTP",
      Algorithm: "ROUND-ROBIN",
      UniqVpcId: Vpc.VpcId,
      Retries: 2,
      Nodes: nodes.map((n) => ({ Host: "127.0.0.1", Port: n.port, Weight: 1 })),
    }),
  );
  await step(
    "CreateApi",
    apigw.CreateApi({
      ServiceId,
      ServiceType: "UPSTREAM",
      ServiceTimeout: 10,
      Protocol: "HTTP",
      RequestConfig: { Path: "/bench", Method: "GET" },
      ServiceConfig: { UpstreamId, Path: "/backend" },
    }),
  );
  // a MOCK API of the same service: the Worker's own cost (routing, service lookup) without a channel
  await step(
    "CreateApi (mock)",
    apigw.CreateApi({
      ServiceId,
      ServiceType: "MOCK",
      ServiceTimeout: 10,
      Protocol: "HTTP",
      RequestConfig: { Path: "/mock", Method: "GET" },
      ServiceMockReturnMessage: "ok mock\n",
    }),
  );
  await step("ReleaseService", apigw.ReleaseService({ ServiceId, EnvironmentName: "release", ReleaseDesc: "bench" }));
  return { ServiceId, UpstreamId };
}

// ---- the run -------------------------------------------------------------------------------
const fmt = (x, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : "n/a");
const isNodeBody = (b) => /^ok node-[abc]\n$/.test(b);
const isMockBody = (b) => b === "ok mock\n";

async function measure(label, url, beforeRun = async () => {}, check = isNodeBody) {
  const warm = await run(url, { concurrency: CONCURRENCY, maxRequests: WARMUP_REQUESTS, maxDurationMs: WARMUP_SECONDS * 1000, check });
  if (warm.ok === 0) throw new Error(`${label}: no good answer during warm-up (${warm.firstError})`);
  await beforeRun();
  const r = await run(url, { concurrency: CONCURRENCY, maxRequests: MAX_REQUESTS, maxDurationMs: MAX_SECONDS * 1000, check });
  log(`${label}: ${r.ok} ok / ${r.errors} errors in ${r.seconds.toFixed(2)} s (warm-up ${warm.ok} ok / ${warm.errors} errors)`);
  if (r.errors > Math.max(1, r.requests * 0.01)) throw new Error(`${label}: ${r.errors} of ${r.requests} calls failed; first: ${r.firstError}`);
  if (r.errors) console.warn(`bench: warning: ${label}: ${r.errors} of ${r.requests} calls failed; first: ${r.firstError}`);
  return { ...r, warmup: { requests: warm.requests, ok: warm.ok, errors: warm.errors, seconds: warm.seconds } };
}

const loadAtStart = loadavg(); // other work on the machine skews the numbers: recorded with them
async function main() {
  log(`node ${process.version}, ${cpus().length} CPUs, load average ${loadAtStart.map((x) => x.toFixed(2)).join(" ")}; concurrency ${CONCURRENCY}, per case up to ${MAX_REQUESTS} requests or ${MAX_SECONDS} s after a warm-up of up to ${WARMUP_REQUESTS} requests or ${WARMUP_SECONDS} s`);
  log("starting node servers (child process) and wrangler dev ...");
  const tStart = Date.now();
  const nodesP = startNodes(["a", "b", "c"]);
  const devP = startDevServer(root).then((dev) => {
    groups.add(dev.pid);
    cleanups.push(async () => {
      await dev.stop();
      groups.delete(dev.pid);
    });
    return dev;
  });
  const [nodesR, devR] = await Promise.allSettled([nodesP, devP]);
  if (nodesR.status === "fulfilled") cleanups.push(nodesR.value.stop);
  if (nodesR.status === "rejected") throw new Error(`could not start the node servers: ${nodesR.reason?.message ?? nodesR.reason}`);
  if (devR.status === "rejected") throw devR.reason;
  const servers = nodesR.value;
  const dev = devR.value;
  const wranglerStartSeconds = (Date.now() - tStart) / 1000;
  log(`wrangler dev up on 127.0.0.1:${dev.port} in ${wranglerStartSeconds.toFixed(1)} s; nodes ${servers.nodes.map((n) => `${n.name}:${n.port}`).join(" ")}`);

  const tSetup = Date.now();
  const { ServiceId, UpstreamId } = await setUpChannel(dev.port, servers.nodes);
  const gatewayUrl = `http://127.0.0.1:${dev.port}/${ServiceId}/release/bench`;
  const probe = await fetch(gatewayUrl);
  const probeBody = await probe.text();
  if (probe.status !== 200 || !isNodeBody(probeBody)) throw new Error(`a call through the gateway (${gatewayUrl}) answered HTTP ${probe.status}: ${probeBody.slice(0, 500)}`);
  const setupSeconds = (Date.now() - tSetup) / 1000;
  log(`channel ${UpstreamId} (3 nodes, weights 1,1,1) behind ${ServiceId} released in ${setupSeconds.toFixed(1)} s`);

  const directUrl = `http://127.0.0.1:${servers.nodes[0].port}/backend`;
  const direct = await measure("direct node (baseline)", directUrl);
  // reading the hit counters resets them: read after the warm-up, count the measured run only
  const mock = await measure("gateway, mock API (no channel)", `http://127.0.0.1:${dev.port}/${ServiceId}/release/mock`, async () => {}, isMockBody);
  const gateway = await measure("gateway, channel of 3 nodes", gatewayUrl, () => servers.hits());
  const hits = await servers.hits();
  log(`node hits during the measured gateway run: ${Object.entries(hits).map(([k, v]) => `${k}=${v}`).join(" ")}`);

  const ratio = { rps: gateway.rps / direct.rps, p50: gateway.p50 / direct.p50, p99: gateway.p99 / direct.p99 };
  const row = (c, a, b, d) => `${c.padEnd(31)}${a.padStart(8)}${b.padStart(10)}${d.padStart(10)}`;
  console.log("");
  console.log(row("case", "req/s", "p50 ms", "p99 ms"));
  console.log(row("direct node (baseline)", fmt(direct.rps, 0), fmt(direct.p50, 2), fmt(direct.p99, 2)));
  console.log(row("gateway, mock API (no channel)", fmt(mock.rps, 0), fmt(mock.p50, 2), fmt(mock.p99, 2)));
  console.log(row("gateway, channel of 3 nodes", fmt(gateway.rps, 0), fmt(gateway.p50, 2), fmt(gateway.p99, 2)));
  console.log(row("ratio gateway/direct", `${fmt(ratio.rps, 2)}x`, `${fmt(ratio.p50, 1)}x`, `${fmt(ratio.p99, 1)}x`));
  console.log(row("ratio channel/mock", `${fmt(gateway.rps / mock.rps, 2)}x`, `${fmt(gateway.p50 / mock.p50, 1)}x`, `${fmt(gateway.p99 / mock.p99, 1)}x`));
  console.log("");

  const pick = (r) => ({
    requests: r.requests,
    ok: r.ok,
    errors: r.errors,
    seconds: +r.seconds.toFixed(3),
    rps: +r.rps.toFixed(1),
    p50Ms: +r.p50.toFixed(3),
    p99Ms: +r.p99.toFixed(3),
    meanMs: +r.mean.toFixed(3),
    warmup: { ...r.warmup, seconds: +r.warmup.seconds.toFixed(3) },
    ...(r.firstError ? { firstError: r.firstError } : {}),
  });
  const totalSeconds = (Date.now() - t0) / 1000;
  const report = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: cpus().length,
    loadAverageAtStart: loadAtStart.map((x) => +x.toFixed(2)),
    settings: {
      concurrency: CONCURRENCY,
      maxRequests: MAX_REQUESTS,
      maxSeconds: MAX_SECONDS,
      warmupRequests: WARMUP_REQUESTS,
      warmupSeconds: WARMUP_SECONDS,
      client: "node:http keep-alive Agent, closed loop",
      servers: "node:http servers in a forked child process (separate from the load generator)",
    },
    cases: {
      direct: { name: "direct node (baseline)", url: directUrl.replace(/:\d+\//, ":{port}/"), ...pick(direct) },
      mock: { name: "gateway, mock API (no channel)", ...pick(mock) },
      gateway: {
        name: "gateway, channel of 3 nodes",
        url: gatewayUrl.replace(/:\d+\//, ":{port}/"),
        weights: [1, 1, 1],
        nodeHits: hits,
        ...pick(gateway),
      },
    },
    ratio: { rps: +ratio.rps.toFixed(4), p50: +ratio.p50.toFixed(3), p99: +ratio.p99.toFixed(3) },
    ratioChannelToMock: { rps: +(gateway.rps / mock.rps).toFixed(4), p50: +(gateway.p50 / mock.p50).toFixed(3) },
    timings: { wranglerStartSeconds: +wranglerStartSeconds.toFixed(2), setupSeconds: +setupSeconds.toFixed(2), totalSeconds: +totalSeconds.toFixed(2) },
  };
  mkdirSync(join(root, ".tmp"), { recursive: true });
  writeFileSync(join(root, ".tmp", "bench.json"), JSON.stringify(report, null, 2) + "\n");
  log(`wrote .tmp/bench.json; stopping wrangler dev and the node servers`);
}

try {
  await main();
  await cleanup();
  if (failCode !== null) process.exit(failCode); // interrupted while finishing
  log(`done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  process.exit(0);
} catch (e) {
  await fail(e?.message ?? String(e));
}
