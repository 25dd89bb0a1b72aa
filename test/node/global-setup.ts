// Starts one `wrangler dev` for the SDK test files and hands its port over with provide().
import type { TestProject } from "vitest/node";
import { startDevServer, type DevServer } from "../helpers/dev-server";

let server: DevServer | undefined;

export async function setup(project: TestProject): Promise<void> {
  delete process.env.http_proxy;
  delete process.env.HTTP_PROXY;
  server = await startDevServer(process.cwd());
  project.provide("devPort", server.port);
}

export async function teardown(): Promise<void> {
  await server?.stop();
}

declare module "vitest" {
  export interface ProvidedContext {
    devPort: number;
  }
}
