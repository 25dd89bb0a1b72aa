// Builds the static planner page into web/dist/planner/: the page, and one script bundle with
// policy-core's wasm inlined so the page also works offline from the files alone.
import { build } from "esbuild";
import { copyFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = dirname(fileURLToPath(import.meta.url));
const out = join(root, "dist/planner");
mkdirSync(out, { recursive: true });
await build({
  entryPoints: [join(root, "src/main.ts")],
  bundle: true,
  format: "iife",
  target: "es2022",
  outfile: join(out, "app.js"),
  loader: { ".wasm": "binary" },
  logLevel: "warning",
});
copyFileSync(join(root, "public/index.html"), join(out, "index.html"));
console.log("web: built web/dist/planner/");
