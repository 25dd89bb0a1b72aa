// Builds policy-core's wasm and its raw JS bindings into policy-core/build/ (ignored by git).
// One raw build serves the Worker (imported module), Node (compiled from bytes) and the browser.
import asc from "assemblyscript/asc";
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = dirname(fileURLToPath(import.meta.url));
mkdirSync(join(root, "build"), { recursive: true });
const { error, stderr } = await asc.main(
  [
    join(root, "assembly/index.ts"),
    "--outFile", join(root, "build/policy-core.wasm"),
    "--bindings", "raw",
    "-O3",
    "--noAssert",
    "--exportRuntime",
  ],
  {},
);
if (error) {
  console.error(stderr.toString());
  process.exit(1);
}
console.log("policy-core: built build/policy-core.wasm");
