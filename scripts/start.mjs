// `npm start`: self-host mode. Serves the Worker under `workerd serve` on 127.0.0.1:8787 with its
// Durable Objects in .selfhost/state (kept between runs). Options: --port N, --state DIR, --ip A
// (or PORT, STATE_DIR, IP in the environment); --https serves https instead of http, with
// --https-key-path/--https-cert-path or a self-signed pair kept in .selfhost/tls/. Stops workerd on
// Ctrl-C / SIGTERM.
import { join } from "node:path";
import { parseArgs } from "node:util";
import { startSelfHost } from "./selfhost-server.mjs";
import { selfSignedPair } from "./selfhost/tls.mjs";

const root = new URL("..", import.meta.url).pathname;
const { values } = parseArgs({
  options: {
    port: { type: "string" }, state: { type: "string" }, ip: { type: "string" },
    https: { type: "boolean" }, "https-key-path": { type: "string" }, "https-cert-path": { type: "string" },
    help: { type: "boolean", short: "h" },
  },
});
if (values.help) {
  console.log("npm start -- [--port N] [--state DIR] [--ip ADDRESS] [--https [--https-key-path K --https-cert-path C]]   (env: PORT, STATE_DIR, IP, TC_CREDENTIALS)");
  process.exit(0);
}
const port = Number(values.port ?? process.env.PORT ?? 8787);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error(`self-host: --port must be a TCP port, not ${values.port ?? process.env.PORT}`);
  process.exit(2);
}
const stateDir = values.state ?? process.env.STATE_DIR ?? join(root, ".selfhost", "state");
const ip = values.ip ?? process.env.IP ?? "127.0.0.1";
const loopback = /^(127\.|localhost$|::1$|\[::1\]$)/.test(ip);

if (!loopback && !process.env.TC_CREDENTIALS) {
  // The fallback key is the publicly documented development pair: never on a reachable address.
  console.error(`self-host: listening on ${ip} needs your own keys: set TC_CREDENTIALS="SecretId:SecretKey[:Account]" in the environment`);
  process.exit(2);
}
let tls;
if (values.https || values["https-key-path"] || values["https-cert-path"]) {
  const key = values["https-key-path"];
  const cert = values["https-cert-path"];
  if (!key !== !cert) {
    console.error("self-host: give both --https-key-path and --https-cert-path, or neither (a self-signed pair)");
    process.exit(2);
  }
  try {
    tls = key ? { key, cert } : selfSignedPair(join(root, ".selfhost", "tls"));
  } catch (e) {
    console.error(`self-host: ${e?.message ?? e}`);
    process.exit(2);
  }
}
// Signals are taken from the start: one that comes while workerd is starting stops it once it is up
// (without a handler yet, the default action would end this process and leave workerd running).
let server;
let stopping = false;
const stop = async () => {
  stopping = true;
  if (!server) return;
  await server.stop();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
try {
  server = await startSelfHost(root, { port, stateDir, ip, stdio: "inherit", tls });
} catch (e) {
  console.error(`self-host: ${e?.message ?? e}`);
  process.exit(1);
}
if (stopping) await stop();
console.log(`self-host: workerd serving on ${server.protocol}://${ip}:${server.port}/ (planner at /planner/), state in ${server.stateDir}, credentials from ${server.sources.TC_CREDENTIALS ?? "nowhere"}${tls ? `, certificate ${tls.cert}` : ""}`);
server.child.on("exit", async (code, signal) => {
  if (stopping) return;
  console.error(`self-host: workerd exited (${code ?? signal})`);
  await server.stop();
  process.exit(code ?? 1);
});
