// The policy-core part of `npm run bench` (bundled by scripts/bench-core.mjs): address-in-prefix
// checks per second by the wasm, by ipaddr.js and by the slow TypeScript reference on the same
// inputs; the reachability matrix of a large plan; the wasm's size. Prints a table, writes JSON.
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import ipaddr from "ipaddr.js";
import { instantiate } from "../../policy-core/build/policy-core.js";
import { PolicyCore } from "../../policy-core/bindings/index";
import { refContainsIp } from "../../test/core/reference";
import { bigPlan } from "./big-plan";

// This file runs bundled as .tmp/bench-core.mjs, so the repository root is one level up.
const root = new URL("..", import.meta.url).pathname;
const wasmPath = `${root}policy-core/build/policy-core.wasm`;
const bytes = readFileSync(wasmPath);
const module = await (WebAssembly as unknown as { compile(b: Uint8Array): Promise<WebAssembly.Module> }).compile(bytes);
const core = new PolicyCore(await instantiate(module, { env: {} }));

// Inputs: 20 000 (CIDR, address) pairs, about half of them inside.
let seed = 7;
const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296);
const pairs: [string, string][] = [];
for (let i = 0; i < 20_000; i++) {
  const prefix = 8 + Math.floor(rand() * 25);
  const base = Math.floor(rand() * 2 ** 32) >>> 0;
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  const net = (base & mask) >>> 0;
  const inside = rand() < 0.5;
  const ip = inside ? (net | (Math.floor(rand() * 2 ** (32 - prefix)) >>> 0)) >>> 0 : Math.floor(rand() * 2 ** 32) >>> 0;
  const fmt = (v: number) => [24, 16, 8, 0].map((s) => (v >>> s) & 255).join(".");
  pairs.push([`${fmt(net)}/${prefix}`, fmt(ip)]);
}

function rate(name: string, fn: (cidr: string, ip: string) => boolean | null): { name: string; perSecond: number; inside: number } {
  let inside = 0;
  for (const [c, a] of pairs.slice(0, 2000)) fn(c, a); // warm-up
  const start = performance.now();
  let n = 0;
  while (performance.now() - start < 1000) {
    for (const [c, a] of pairs) if (fn(c, a)) inside++;
    n += pairs.length;
  }
  const seconds = (performance.now() - start) / 1000;
  return { name, perSecond: n / seconds, inside: inside / (n / pairs.length) };
}

const wasm = rate("policy-core wasm (strict parse + contains)", (c, a) => core.containsIp(c, a));
const lib = rate("ipaddr.js 2.5 (parse + match)", (c, a) => ipaddr.parse(a).match(ipaddr.parseCIDR(c)));
const ref = rate("TypeScript reference (BigInt)", (c, a) => refContainsIp(c, a));
if (wasm.inside !== ref.inside || lib.inside !== ref.inside) throw new Error(`the three disagree: ${wasm.inside} / ${lib.inside} / ${ref.inside} inside`);

const plan = bigPlan();
const loads: number[] = [];
const matrices: number[] = [];
let accepted = 0;
for (let round = 0; round < 5; round++) {
  const t0 = performance.now();
  const loaded = core.plan(plan);
  const t1 = performance.now();
  if (!loaded.ok) throw new Error(`the bench plan does not load: ${JSON.stringify(loaded.issues.slice(0, 3))}`);
  const m = loaded.plan.matrix("TCP", 22);
  const t2 = performance.now();
  if (!m.ok) throw new Error(m.error.message);
  loads.push(t1 - t0);
  matrices.push(t2 - t1);
  accepted = m.matrix.cells.flat().filter((c) => c === "ACCEPTED").length;
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const nodes = (plan.instances ?? []).length;

const rows: [string, string, string][] = [
  [wasm.name, `${Math.round(wasm.perSecond).toLocaleString("en")} checks/s`, "1.00"],
  [lib.name, `${Math.round(lib.perSecond).toLocaleString("en")} checks/s`, (wasm.perSecond / lib.perSecond).toFixed(2)],
  [ref.name, `${Math.round(ref.perSecond).toLocaleString("en")} checks/s`, (wasm.perSecond / ref.perSecond).toFixed(2)],
];
console.log("\npolicy-core: address-in-prefix checks on the same 20 000 (CIDR, address) pairs");
console.log("| case | rate | wasm speed-up (wasm / case) |\n|---|---|---|");
for (const r of rows) console.log(`| ${r.join(" | ")} |`);
console.log(`\npolicy-core: reachability matrix, ${nodes} instances (100 VPC + 100 classic, all linked), 4 SGs and 8 ACLs of 100 rules per direction, TCP/22, median of 5`);
console.log("| step | time |\n|---|---|");
console.log(`| load plan into the wasm | ${median(loads).toFixed(1)} ms |`);
console.log(`| matrix (${nodes * (nodes - 1)} traces) | ${median(matrices).toFixed(1)} ms (${((median(matrices) * 1000) / (nodes * (nodes - 1))).toFixed(2)} µs per trace; ${accepted} accepted) |`);
console.log(`| wasm size | ${bytes.byteLength.toLocaleString("en")} bytes |`);

mkdirSync(`${root}.tmp`, { recursive: true });
writeFileSync(
  `${root}.tmp/bench-core.json`,
  JSON.stringify({ date: new Date().toISOString(), node: process.version, checks: { wasm, ipaddr: lib, reference: ref }, matrix: { nodes, loadMs: median(loads), matrixMs: median(matrices), accepted }, wasmBytes: bytes.byteLength }, null, 2) + "\n",
);
