// The bench's outside tools: Debian's nginx (backends answering `return 200`, and a smooth WRR
// 5:1:1 keepalive proxy over them) and wrk (1 thread, 32 connections). Installs both with apt if
// missing; nginx runs with a generated config under .tmp/, its own pid and log paths, in its own
// process group, on 127.0.0.1 only.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { freePort, proxyFreeEnv } from "../dev-server.mjs";

const has = (cmd) => {
  try {
    execFileSync("sh", ["-c", `command -v ${cmd}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
};

/** ensureTools installs nginx and wrk with apt-get when either is missing (needs root). */
export function ensureTools(log) {
  const missing = ["nginx", "wrk"].filter((c) => !has(c));
  if (!missing.length) return;
  log(`installing ${missing.join(", ")} with apt-get ...`);
  const env = { ...proxyFreeEnv(), DEBIAN_FRONTEND: "noninteractive" };
  execFileSync("sh", ["-c", `apt-get install -y -qq ${missing.join(" ")} >/dev/null || (apt-get update -qq && apt-get install -y -qq ${missing.join(" ")} >/dev/null)`], { stdio: "inherit", env });
}

/** nginxVersion reports `nginx -v` (e.g. "nginx/1.22.1"). */
export function nginxVersion() {
  const r = spawnSync("nginx", ["-v"], { encoding: "utf8" });
  return /nginx\/[\d.]+/.exec(`${r.stdout}${r.stderr}`)?.[0] ?? "nginx";
}

/**
 * startNginx runs one nginx (1 worker process) with three backends (a, b, c: `return 200
 * "ok node-X\n"`) and a smooth weighted round robin proxy over them with weights 5:1:1 and
 * keepalive connections. Returns { pid, backends: [{ name, port }], wrrPort }.
 */
export async function startNginx(root) {
  const dir = join(root, ".tmp", "bench-nginx");
  mkdirSync(join(dir, "logs"), { recursive: true });
  const backends = [];
  for (const name of ["a", "b", "c"]) backends.push({ name, port: await freePort() });
  const wrrPort = await freePort();
  const weights = { a: 5, b: 1, c: 1 };
  const conf = `
${process.getuid?.() === 0 ? "user root;" : ""}
worker_processes 1;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy; fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
  keepalive_requests 1000000;
${backends.map((b) => `  server { listen 127.0.0.1:${b.port}; location / { default_type text/plain; return 200 "ok node-${b.name}\\n"; } }`).join("\n")}
  upstream channel {
${backends.map((b) => `    server 127.0.0.1:${b.port} weight=${weights[b.name]};`).join("\n")}
    keepalive 32;
  }
  server {
    listen 127.0.0.1:${wrrPort};
    location / { proxy_pass http://channel; proxy_http_version 1.1; proxy_set_header Connection ""; }
  }
}
`;
  const file = join(dir, "nginx.conf");
  writeFileSync(file, conf);
  const child = spawn("nginx", ["-p", dir, "-c", file, "-e", join(dir, "logs", "error.log")], { detached: true, stdio: "ignore" });
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    try {
      const r = await fetch(`http://127.0.0.1:${wrrPort}/backend`);
      if ((await r.text()).startsWith("ok node-")) return { pid: child.pid, backends, wrrPort };
    } catch {
      /* not up yet */
    }
    if (child.exitCode !== null) throw new Error(`nginx exited (${child.exitCode}); see ${dir}/logs/error.log`);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("nginx did not answer within 10 s");
}

function ms(text) {
  const m = /^([\d.]+)(us|ms|s|m)$/.exec(text.trim());
  if (!m) return NaN;
  return Number(m[1]) * { us: 0.001, ms: 1, s: 1000, m: 60_000 }[m[2]];
}

/** wrk runs `wrk -t1 -c<connections> -d<seconds>s --latency url` and reports { rps, p50, p99, requests, errors, non2xx }. */
export function wrk(url, { seconds, connections = 32 }) {
  return new Promise((resolve, reject) => {
    const child = spawn("wrk", ["-t1", `-c${connections}`, `-d${seconds}s`, "--timeout", "10s", "--latency", url], { stdio: ["ignore", "pipe", "pipe"], env: proxyFreeEnv() });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.on("error", reject);
    child.on("exit", (code) => {
      if (code !== 0) return reject(new Error(`wrk exited ${code}: ${out}`));
      const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]);
      const p50 = ms(/^\s+50%\s+(\S+)/m.exec(out)?.[1] ?? "");
      const p99 = ms(/^\s+99%\s+(\S+)/m.exec(out)?.[1] ?? "");
      const requests = Number(/(\d+) requests in/.exec(out)?.[1] ?? 0);
      const sockErr = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
      const errors = sockErr ? sockErr.slice(1).reduce((s, x) => s + Number(x), 0) : 0;
      const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0);
      resolve({ rps, p50, p99, requests, errors, non2xx });
    });
  });
}
