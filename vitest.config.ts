// Three test projects: "core" (policy-core wasm in Node), "worker" (actions and Durable Objects
// inside workerd through the Workers pool) and "sdk" (the official SDK against `wrangler dev`).
import { cloudflareTest } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      {
        test: { name: "core", include: ["test/core/**/*.test.ts"], environment: "node" },
      },
      {
        plugins: [
          cloudflareTest({
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: { bindings: { FAULT_INJECTION: "1", VPC_QUOTA_PER_REGION: "200" } },
          }),
        ],
        test: { name: "worker", include: ["test/worker/**/*.test.ts"], testTimeout: 60_000 },
      },
      {
        test: {
          name: "sdk",
          include: ["test/node/**/*.test.ts"],
          environment: "node",
          globalSetup: ["test/node/global-setup.ts"],
          setupFiles: ["test/node/setup-agent.ts"],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
