// The backend nodes of the benchmark, run as a child process (forked by scripts/bench.mjs, in its
// own process group) so the load generator and the servers never share an event loop.
// Starts one tiny node:http server per name given on the command line on 127.0.0.1:0, each
// answering every request with a short fixed-size body, and talks to the parent over IPC:
//   -> { type: "ready", nodes: [{ name, port }] }
//   <- { type: "hits" }   -> { type: "hits", hits: { name: count } }   (counters are reset)
// It exits when the parent goes away (IPC disconnect) or on SIGTERM.
import { createServer } from "node:http";

const names = process.argv.slice(2);
if (!names.length) names.push("a", "b", "c");
const hits = Object.fromEntries(names.map((n) => [n, 0]));

const servers = await Promise.all(
  names.map(
    (name) =>
      new Promise((resolve, reject) => {
        const body = Buffer.from(`ok node-${name}\n`);
        const s = createServer((req, res) => {
          hits[name]++;
          req.resume(); // drain any body
          res.writeHead(200, { "content-type": "text/plain", "content-length": body.length });
          res.end(body);
        });
        s.keepAliveTimeout = 60_000;
        s.headersTimeout = 65_000;
        s.once("error", reject);
        s.listen(0, "127.0.0.1", () => resolve({ name, s, port: s.address().port }));
      }),
  ),
);

const bye = () => {
  for (const { s } of servers) s.closeAllConnections?.(), s.close();
  process.exit(0);
};
process.on("SIGTERM", bye);
process.on("SIGINT", bye);
process.on("disconnect", bye);
process.on("message", (m) => {
  if (m?.type === "hits") {
    process.send({ type: "hits", hits: { ...hits } });
    for (const n of names) hits[n] = 0;
  }
});
process.send({ type: "ready", nodes: servers.map(({ name, port }) => ({ name, port })) });
