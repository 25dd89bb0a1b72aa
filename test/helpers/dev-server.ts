// The SDK tests start `wrangler dev` with the same helper as the benchmark.
export { freePort, killGroup, startDevServer, type DevServer } from "../../scripts/dev-server.mjs";
