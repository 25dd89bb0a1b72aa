// Bundles scripts/bench/core.ts (TypeScript: the bindings, the reference and the bench plan) with
// esbuild into .tmp/, and the in-browser matrix bench as a script for Chromium, then runs the
// first in this process. Run after `npm run build`.
import { build } from "esbuild";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const root = new URL("..", import.meta.url).pathname;
mkdirSync(join(root, ".tmp"), { recursive: true });
const outfile = join(root, ".tmp", "bench-core.mjs");
await build({
  entryPoints: [join(root, "scripts/bench/core.ts")],
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  external: ["playwright-core"],
  outfile,
  logLevel: "warning",
  banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
});
await build({
  entryPoints: [join(root, "scripts/bench/matrix-browser.ts")],
  bundle: true,
  platform: "browser",
  format: "iife",
  globalName: "benchMatrix",
  target: "es2022",
  outfile: join(root, ".tmp", "bench-matrix-browser.js"),
  logLevel: "warning",
});
await import(pathToFileURL(outfile).href);
