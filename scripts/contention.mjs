// `npm run contention` (issue 13 item 5): the same calls through `wrangler dev` and through
// self-host mode's `workerd serve`, with the machine's cores kept busy by 3 busy loops.
// Per mode: (A) 400 alternating AttachClassicLinkVpc / DetachClassicLinkVpc at 24 at a time under
// contention; (B) 3,000 mixed calls at 32 at a time, normal load; (C) the same under contention.
// Counted: HTTP 5xx, dropped calls (no HTTP answer), Tencent errors, server exits (a fresh server
// then serves the next phase), p50/p99.
// Bounded: every phase stops at its count or CONTENTION_PHASE_SECONDS (90), busy loops end by
// themselves, a watchdog ends the run after 12 minutes; every process group is stopped at the end.
// Output: a table on stdout and .tmp/contention.json. Knobs: CONTENTION_MODES ("wrangler,workerd"),
// CONTENTION_KEEPALIVE=0 (a connection per call instead of the SDK's keep-alive default).
import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import http from "node:http";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import tencentcloud from "tencentcloud-sdk-nodejs";
import { killGroup, startDevServer } from "./dev-server.mjs";
import { startSelfHost } from "./selfhost-server.mjs";
import { percentile } from "./bench/load.mjs";

for (const k of Object.keys(process.env)) if (/^(https?|all)_proxy$/i.test(k)) delete process.env[k];
const root = new URL("..", import.meta.url).pathname;
const t0 = Date.now();
const log = (m) => console.log(`[contention ${((Date.now() - t0) / 1000).toFixed(1)}s] ${m}`);
const PHASE_MS = Number(process.env.CONTENTION_PHASE_SECONDS ?? 90) * 1000;
const MODES = (process.env.CONTENTION_MODES ?? "wrangler,workerd").split(",").map((m) => m.trim());
const BUSY_LOOPS = 3;
const REGION = "ap-shanghai";
const ZONE = `${REGION}-2`;
const CREDENTIAL = { secretId: "AKIDLOCALDEVELOPMENT0000000000000000", secretKey: "LocalDevelopmentSecretKey000000000" };

const groups = new Set();
const servers = new Set();
async function cleanup() {
  for (const s of servers) await s.stop().catch(() => {});
  servers.clear();
  for (const pid of groups) await killGroup(pid, 500);
  groups.clear();
}
const watchdog = setTimeout(async () => {
  console.error("contention: watchdog (12 min) fired; stopping");
  await cleanup();
  process.exit(1);
}, 12 * 60_000);
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, async () => (await cleanup(), process.exit(130)));

/** busyLoops starts n processes that spin until ms have passed (or they are stopped). */
function busyLoops(n, ms) {
  const pids = [];
  for (let i = 0; i < n; i++) {
    const c = spawn(process.execPath, ["-e", `const end = Date.now() + ${ms}; while (Date.now() < end) {}`], { detached: true, stdio: "ignore" });
    groups.add(c.pid);
    pids.push(c.pid);
  }
  return async () => {
    for (const pid of pids) {
      await killGroup(pid, 200);
      groups.delete(pid);
    }
  };
}

function sdk(port) {
  // The SDK's default is Node's global agent (keep-alive); CONTENTION_KEEPALIVE=0 opens a connection per call.
  const agent = process.env.CONTENTION_KEEPALIVE === "0" ? new http.Agent({ keepAlive: false }) : undefined;
  const cfg = { credential: CREDENTIAL, region: REGION, profile: { httpProfile: { endpoint: `127.0.0.1:${port}`, protocol: "http://", reqTimeout: 20, ...(agent ? { agent } : {}) } } };
  return { vpc: new tencentcloud.vpc.v20170312.Client(cfg), cvm: new tencentcloud.cvm.v20170312.Client(cfg) };
}

/** classify tells what became of a call: ok, http5xx, httpOther, dropped (no HTTP answer), or a Tencent code. */
function classify(e) {
  if (!e) return "ok";
  if (e.httpCode) return e.httpCode >= 500 ? "http5xx" : "httpOther";
  if (e.code) return e.code === "InternalError" ? "InternalError" : "refused";
  return "dropped";
}

/** drive runs total calls with `concurrency` in flight; next(i) makes call i. Stops at PHASE_MS. */
async function drive(total, concurrency, next, server) {
  const counts = { ok: 0, http5xx: 0, httpOther: 0, dropped: 0, InternalError: 0, refused: 0 };
  const ms = [];
  const samples = {};
  let sent = 0;
  const deadline = Date.now() + PHASE_MS;
  const lane = async (l) => {
    while (sent < total && Date.now() < deadline) {
      const i = sent++;
      const t = performance.now();
      let err = null;
      try {
        await next(i, l);
      } catch (e) {
        err = e;
      }
      ms.push(performance.now() - t);
      const kind = classify(err);
      counts[kind]++;
      if (kind !== "ok") {
        const what = `${kind}: ${err?.code ?? err?.httpCode ?? ""} ${String(err?.message).replace(/http:\/\/127\.0\.0\.1:\d+\//, "").replace(/\b(ins|vpc)-[a-z0-9]+|[0-9a-f-]{36}/g, "…").slice(0, 100)}`;
        samples[what] = (samples[what] ?? 0) + 1;
      }
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: concurrency }, (_, l) => lane(l)));
  const wall = (performance.now() - start) / 1000;
  ms.sort((a, b) => a - b);
  return {
    loadAtEnd: loadavg()[0],
    sent,
    ...counts,
    serverExited: server.child.exitCode !== null || server.child.signalCode !== null,
    cutByTime: sent < total,
    callsPerSecond: Math.round(sent / wall),
    p50: Math.round(percentile(ms, 50)),
    p99: Math.round(percentile(ms, 99)),
    samples,
  };
}

/** setup makes 4 VPCs and one classic instance per lane, through the SDK. */
async function setup(c, lanes) {
  const vpcs = [];
  for (let i = 0; i < 4; i++) vpcs.push((await c.vpc.CreateVpc({ VpcName: `cont-${i}`, CidrBlock: `10.${30 + i}.0.0/16` })).Vpc.VpcId);
  const r = await c.cvm.RunInstances({ Placement: { Zone: ZONE }, InstanceCount: lanes });
  return { vpcs, instances: r.InstanceIdSet };
}

/** attachDetach is one lane's alternating call: attach its instance, or detach it after a success. */
function attachDetach(c, world) {
  const linked = new Map();
  return async (_i, l) => {
    const InstanceIds = [world.instances[l]];
    const VpcId = world.vpcs[l % world.vpcs.length];
    if (linked.get(l)) {
      const r = await c.vpc.DetachClassicLinkVpc({ VpcId, InstanceIds });
      linked.set(l, false);
      return r.RequestId;
    }
    const r = await c.vpc.AttachClassicLinkVpc({ VpcId, InstanceIds });
    linked.set(l, true);
    return r.RequestId;
  };
}

/** mixed is a fixed rotation of reads and writes: VPCs, route tables, links, instances, tasks, attach/detach. */
function mixed(c, world) {
  const flip = attachDetach(c, world);
  let lastTask = null;
  return async (i, l) => {
    const vpcId = world.vpcs[i % world.vpcs.length];
    switch (i % 10) {
      case 0:
      case 1:
        return c.vpc.DescribeVpcs({});
      case 2:
        return c.vpc.DescribeRouteTables({ Filters: [{ Name: "vpc-id", Values: [vpcId] }] });
      case 3:
      case 4:
        return c.vpc.DescribeClassicLinkInstances({ Filters: [{ Name: "vpc-id", Values: [vpcId] }] });
      case 5:
      case 6:
        return c.cvm.DescribeInstances({ InstanceIds: [world.instances[l]] });
      case 7:
        return lastTask ? c.vpc.DescribeVpcTaskResult({ TaskId: lastTask }) : c.vpc.DescribeVpcs({ VpcIds: [vpcId] });
      default:
        lastTask = await flip(i, l);
    }
  };
}

/** serve starts a fresh server of the mode (throw-away state) with its VPCs and instances. */
async function serve(mode) {
  const vars = { VPC_QUOTA_PER_REGION: "200" };
  const server = mode === "workerd" ? await startSelfHost(root, { vars }) : await startDevServer(root, { vars });
  servers.add(server);
  const c = sdk(server.port);
  return { server, c, world: await setup(c, 32) };
}

/** errorLines picks the server's own error lines (why it failed or exited) from its output. */
function errorLines(text) {
  const all = text.replace(/\x1b\[[0-9;]*m/g, "").split("\n").map((l) => l.trim());
  const picked = all.flatMap((l, i) => (/uncaught|error|exited|fatal|panic/i.test(l) ? [`${l} ${all[i + 1] ?? ""}`.slice(0, 200)] : []));
  return [...new Set(picked)].slice(0, 12);
}

/** runMode runs the three phases; a server that exited is counted, then replaced for the next phase. */
async function runMode(mode) {
  log(`${mode}: starting`);
  const out = { mode, restarts: 0, serverErrors: [] };
  let cur = await serve(mode);
  const phases = [
    ["attachDetachContended", 400, 24, attachDetach, true],
    ["mixedNormal", 3000, 32, mixed, false],
    ["mixedContended", 3000, 32, mixed, true],
  ];
  try {
    for (const [name, total, concurrency, make, contended] of phases) {
      const stopBusy = contended ? busyLoops(BUSY_LOOPS, PHASE_MS + 5000) : async () => {};
      out[name] = await drive(total, concurrency, make(cur.c, cur.world), cur.server);
      await stopBusy();
      log(`${mode}: ${name} ${JSON.stringify(out[name])}`);
      if (out[name].serverExited) {
        out.serverErrors.push(...errorLines(cur.server.log()));
        await cur.server.stop();
        servers.delete(cur.server);
        out.restarts++;
        cur = await serve(mode);
      }
    }
  } finally {
    out.serverErrors.push(...errorLines(cur.server.log()));
    await cur.server.stop();
    servers.delete(cur.server);
  }
  return out;
}

const results = [];
try {
  for (const mode of MODES) results.push(await runMode(mode));
} finally {
  await cleanup();
  clearTimeout(watchdog);
}
const rows = [];
for (const r of results) {
  for (const [phase, label] of [
    ["attachDetachContended", "400 attach/detach, 24 at once, 3 busy loops"],
    ["mixedNormal", "3,000 mixed, 32 at once, normal load"],
    ["mixedContended", "3,000 mixed, 32 at once, 3 busy loops"],
  ]) {
    const p = r[phase];
    rows.push(`| ${r.mode} | ${label} | ${p.sent}${p.cutByTime ? " (time cap)" : ""} | ${p.ok} | ${p.http5xx} | ${p.dropped} | ${p.InternalError} / ${p.refused} | ${p.serverExited ? "yes" : "no"} | ${p.p50} ms / ${p.p99} ms |`);
  }
}
console.log("\n| mode | calls | sent | ok | HTTP 5xx | dropped | InternalError / refused | server exited | p50 / p99 |");
console.log("|---|---|---|---|---|---|---|---|---|");
for (const row of rows) console.log(row);
mkdirSync(join(root, ".tmp"), { recursive: true });
writeFileSync(join(root, ".tmp", "contention.json"), JSON.stringify({ at: new Date().toISOString(), keepAlive: process.env.CONTENTION_KEEPALIVE !== "0", cores: cpus().length, busyLoops: BUSY_LOOPS, results }, null, 2));
log("wrote .tmp/contention.json");
