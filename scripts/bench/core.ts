// The policy-core part of `npm run bench` (bundled by scripts/bench-core.mjs): address-in-prefix
// checks per second by the wasm, by ipaddr.js and by the slow TypeScript reference on the same
// inputs; the reachability matrices in Node and Chromium; the wasm's size. Prints tables, writes JSON.
import { existsSync, readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { chromium } from "playwright-core";
import ipaddr from "ipaddr.js";
import { instantiate } from "../../policy-core/build/policy-core.js";
import { PolicyCore } from "../../policy-core/bindings/index";
import { refContainsIp } from "../../test/core/reference";
import { bigPlan } from "./big-plan";
import { timeMatrices, type MatrixTimes } from "./matrix-times";

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

// The matrix: in this process, then in Chromium (the bundle scripts/bench-core.mjs built).
const inNode = timeMatrices(core, bigPlan, () => performance.now());
if (!inNode.small.same) throw new Error("the class matrix and the per-pair matrix disagree on the 200-instance plan");
let inChromium: MatrixTimes | null = null;
const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
if (existsSync(chromiumPath)) {
  const browser = await chromium.launch({ executablePath: chromiumPath, args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"] });
  try {
    const page = await browser.newPage();
    await page.addScriptTag({ content: readFileSync(`${root}.tmp/bench-matrix-browser.js`, "utf8") });
    inChromium = await page.evaluate((b64) => (globalThis as unknown as { benchMatrix: { benchMatrix(b: string): Promise<MatrixTimes> } }).benchMatrix.benchMatrix(b64), Buffer.from(bytes).toString("base64"));
  } finally {
    await browser.close();
  }
} else console.log(`\n(no Chromium at ${chromiumPath}: the in-browser matrix is not measured; apt-get install -y chromium)`);

const rows: [string, string, string][] = [
  [wasm.name, `${Math.round(wasm.perSecond).toLocaleString("en")} checks/s`, "1.00"],
  [lib.name, `${Math.round(lib.perSecond).toLocaleString("en")} checks/s`, (wasm.perSecond / lib.perSecond).toFixed(2)],
  [ref.name, `${Math.round(ref.perSecond).toLocaleString("en")} checks/s`, (wasm.perSecond / ref.perSecond).toFixed(2)],
];
console.log("\npolicy-core: address-in-prefix checks on the same 20 000 (CIDR, address) pairs");
console.log("| case | rate | wasm speed-up (wasm / case) |\n|---|---|---|");
for (const r of rows) console.log(`| ${r.join(" | ")} |`);
console.log("\npolicy-core: reachability matrix, TCP/22, 4 SGs and 8 ACLs of 100 rules per direction, medians");
console.log("| plan | where | load | matrix (codes) | classes | matrix as names | one trace per pair | speed-up |\n|---|---|---|---|---|---|---|---|");
for (const [where, t] of [["Node", inNode], ["Chromium", inChromium]] as const) {
  if (!t) continue;
  console.log(`| 1,000 instances (5 VPCs) | ${where} | ${t.big.loadMs.toFixed(1)} ms | ${t.big.matrixMs.toFixed(1)} ms | ${t.big.classes} | — | — | — |`);
  console.log(`| 200 instances (2 VPCs) | ${where} | ${t.small.loadMs.toFixed(1)} ms | ${t.small.matrixMs.toFixed(2)} ms | ${t.small.classes} | ${t.small.namesMs.toFixed(1)} ms | ${t.small.byTraceMs.toFixed(1)} ms | ${(t.small.byTraceMs / t.small.matrixMs).toFixed(0)}× |`);
}
console.log(`| wasm size | ${bytes.byteLength.toLocaleString("en")} bytes |`);
const nodes = inNode.small.nodes;
const accepted = inNode.small.accepted;

mkdirSync(`${root}.tmp`, { recursive: true });
writeFileSync(
  `${root}.tmp/bench-core.json`,
  JSON.stringify({ date: new Date().toISOString(), node: process.version, checks: { wasm, ipaddr: lib, reference: ref }, matrix: { nodes, accepted, node: inNode, chromium: inChromium }, wasmBytes: bytes.byteLength }, null, 2) + "\n",
);
