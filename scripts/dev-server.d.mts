// Types of scripts/dev-server.mjs, for the TypeScript tests that use it.
/** A running `wrangler dev`: its port, process group id, how to stop it, and its output so far. */
export interface DevServer {
  port: number;
  pid: number | undefined;
  stop(): Promise<void>;
  log(): string;
  /** The server's process (the group leader). */
  child: import("node:child_process").ChildProcess;
}
export function localCredentials(root: string): string;
export function freePort(): Promise<number>;
export function groupAlive(pid: number): boolean;
export function killGroup(pid: number | undefined, graceMs?: number): Promise<void>;
export function proxyFreeEnv(extra?: Record<string, string>): NodeJS.ProcessEnv;
export function startDevServer(root: string, options?: { vars?: Record<string, string>; timeoutMs?: number }): Promise<DevServer>;
export function waitUntilServing(port: number, child: import("node:child_process").ChildProcess, timeoutMs: number, protocol?: "http" | "https"): Promise<string | null>;
