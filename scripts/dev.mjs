// Starts the service locally: `wrangler dev` on 127.0.0.1 with local Durable Object persistence in
// .wrangler/state and the planner page at /planner/. The port is PORT, or `npm run dev -- --port N`
// (default 8787); the examples read the same PORT.
import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const tmp = join(root, ".wrangler", "tmp-home");
mkdirSync(tmp, { recursive: true });
const args = process.argv.slice(2);
let port = process.env.PORT ?? "8787";
// `--port N` or `--port=N` on the command line wins over PORT; it is passed to wrangler once.
for (let i = 0; i < args.length; i++) {
  const m = /^--port(?:=(.+))?$/.exec(args[i]);
  if (!m) continue;
  port = m[1] ?? args[i + 1] ?? port;
  args.splice(i, m[1] ? 1 : 2);
  i--;
}
const child = spawn(
  "npx",
  ["wrangler", "dev", "--ip", "127.0.0.1", "--port", port, "--persist-to", join(root, ".wrangler", "state"), ...args],
  {
    cwd: root,
    stdio: "inherit",
    env: {
      ...process.env,
      PORT: port,
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
