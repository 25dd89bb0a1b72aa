// postinstall: applies the fix of cloudflare/workers-sdk#15092 (merged as PR #15106, not yet in a
// released @cloudflare/vitest-pool-workers) to the installed package. Its Durable Object wrapper
// class wraps the shared prototype in one more Proxy at every construction, so after N objects
// every property read walks N nested traps: a long test run slows with each object it makes and
// ends in "RangeError: Maximum call stack size exceeded" (the fuzzer's long mode met it at about
// 1,770 cases). The fix installs the proxy once per class. Test tooling only: the Worker never
// loads this package. Idempotent; says so and changes nothing when the text is not the one expected.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const MARK = "/* tc-edge: proxy installed once (workers-sdk#15092) */";
const BEFORE = "\tfunction Class(...args) {\n\t\tClass.prototype = new Proxy(Class.prototype, {";
const AFTER = `\tlet proxied = false; ${MARK}\n\tfunction Class(...args) {\n\t\tif (!proxied) proxied = true, Class.prototype = new Proxy(Class.prototype, {`;

// The package's exports map hides its files from require.resolve: read it where npm puts it.
const file = fileURLToPath(new URL("../node_modules/@cloudflare/vitest-pool-workers/dist/worker/lib/cloudflare/test-internal.mjs", import.meta.url));
if (!existsSync(file)) {
  console.log("patch-vitest-pool-workers: the package is not installed; nothing to do");
  process.exit(0);
}
const text = readFileSync(file, "utf8");
if (text.includes(MARK)) {
  console.log("patch-vitest-pool-workers: already applied");
} else if (text.split(BEFORE).length === 2) {
  writeFileSync(file, text.replace(BEFORE, AFTER));
  console.log("patch-vitest-pool-workers: applied (one Proxy per Durable Object wrapper class)");
} else {
  console.log("patch-vitest-pool-workers: the expected text is not there (fixed upstream?); nothing changed");
}
