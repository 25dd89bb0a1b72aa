// The bench's reference Worker: a trivial fetch() proxy to one backend under raw `workerd serve`
// (the runtime's own limit for a proxying Worker). Config and script are generated under .tmp/.
import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { freePort, proxyFreeEnv } from "../dev-server.mjs";
import { workerdBinary } from "../selfhost-server.mjs";

/** startProxyWorker serves `fetch(backend + path)` on a free 127.0.0.1 port; returns { port, pid }. */
export async function startProxyWorker(root, backendPort) {
  const dir = join(root, ".tmp", "bench-proxy");
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  writeFileSync(
    join(dir, "proxy.js"),
    `export default { fetch(req) { const u = new URL(req.url); return fetch("http://127.0.0.1:${backendPort}" + u.pathname + u.search, { method: req.method, headers: req.headers, body: req.body }); } };\n`,
  );
  writeFileSync(
    join(dir, "config.capnp"),
    `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "main", worker = (modules = [(name = "proxy.js", esModule = embed "proxy.js")], compatibilityDate = "2026-05-01", globalOutbound = "internet")),
    (name = "internet", network = (allow = ["public", "private", "local"])),
  ],
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "main")],
);
`,
  );
  const child = spawn(workerdBinary(root), ["serve", join(dir, "config.capnp")], { cwd: dir, detached: true, stdio: "ignore", env: proxyFreeEnv() });
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/backend`);
      if ((await r.text()).startsWith("ok node-")) return { port, pid: child.pid };
    } catch {
      /* not up yet */
    }
    if (child.exitCode !== null) throw new Error(`the proxy workerd exited (${child.exitCode})`);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("the proxy Worker did not answer within 20 s");
}
