// Starts the service locally: `wrangler dev` on 127.0.0.1:8787 with local Durable Object
// persistence in .wrangler/state, offline-friendly settings, and the planner page at /planner/.
import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const tmp = join(root, ".wrangler", "tmp-home");
mkdirSync(tmp, { recursive: true });
const port = process.env.PORT ?? "8787";
const child = spawn(
  "npx",
  ["wrangler", "dev", "--ip", "127.0.0.1", "--port", port, "--persist-to", join(root, ".wrangler", "state"), ...process.argv.slice(2)],
  {
    cwd: root,
    stdio: "inherit",
    env: {
      ...process.env,
      WRANGLER_SEND_METRICS: "false",
      CLOUDFLARE_CF_FETCH_ENABLED: "false",
      WRANGLER_HIDE_BANNER: "true",
      XDG_CONFIG_HOME: join(tmp, "config"),
      TMPDIR: tmp,
    },
  },
);
const stop = () => child.kill("SIGTERM");
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
child.on("exit", (code) => process.exit(code ?? 0));
