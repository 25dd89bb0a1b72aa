// Starts one server for the SDK test files and hands its port over with provide(): self-host
// mode's `workerd serve` by default, or `wrangler dev` with SERVE_MODE=wrangler.
import type { TestProject } from "vitest/node";
import { startDevServer, type DevServer } from "../helpers/dev-server";
import { startSelfHost } from "../helpers/selfhost";

let server: DevServer | undefined;

export async function setup(project: TestProject): Promise<void> {
  delete process.env.http_proxy;
  delete process.env.HTTP_PROXY;
  const mode = process.env.SERVE_MODE ?? "workerd";
  if (mode !== "wrangler" && mode !== "workerd") throw new Error(`SERVE_MODE must be "wrangler" or "workerd", not ${JSON.stringify(mode)}`);
  server = mode === "workerd" ? await startSelfHost(process.cwd()) : await startDevServer(process.cwd());
  project.provide("devPort", server.port);
  project.provide("serveMode", mode);
}

export async function teardown(): Promise<void> {
  const c = server?.child;
  if (c && (c.exitCode !== null || c.signalCode !== null)) {
    // The server died during the run: show why, or every later failure is a bare ECONNREFUSED.
    console.error(`the ${process.env.SERVE_MODE ?? "workerd"} server exited (${c.exitCode ?? c.signalCode}) during the tests; its output (tail):\n${server!.log().slice(-3000)}`);
  }
  await server?.stop();
}

declare module "vitest" {
  export interface ProvidedContext {
    devPort: number;
    serveMode: "wrangler" | "workerd";
  }
}
