// Types of scripts/selfhost-server.mjs, for the TypeScript tests that use it.
import type { DevServer } from "./dev-server.mjs";

/** A running `workerd serve`: a DevServer plus its state folder and where each variable came from. */
export interface SelfHostServer extends DevServer {
  stateDir: string;
  sources: Record<string, string>;
  protocol: "http" | "https";
}
export interface SelfHostOptions {
  port?: number;
  stateDir?: string;
  ip?: string;
  vars?: Record<string, string>;
  env?: Record<string, string | undefined>;
  timeoutMs?: number;
  stdio?: "pipe" | "inherit";
  /** PEM files: serve https instead of http. */
  tls?: { key: string; cert: string };
}
export function workerdBinary(root: string): string;
export function startSelfHost(root: string, options?: SelfHostOptions): Promise<SelfHostServer>;
