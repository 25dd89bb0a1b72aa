// Three test projects: "core" (policy-core wasm in Node), "worker" (actions and Durable Objects
// inside workerd through the Workers pool) and "sdk" (the official SDK against `wrangler dev`).
import { cloudflareTest } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";
import { localCredentials } from "./scripts/dev-server.mjs";
import { TENANT_B } from "./test/helpers/signer";

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
            miniflare: {
              bindings: {
                FAULT_INJECTION: "1",
                VPC_QUOTA_PER_REGION: "200",
                // the model-based test's run count (npm run fuzz raises it)
                MBT_RUNS: process.env.MBT_RUNS ?? "",
                TENANT_RUNS: process.env.TENANT_RUNS ?? "",
                // the seeded fuzzer's knobs (npm run fuzz sets them)
                FUZZ_CASES: process.env.FUZZ_CASES ?? "",
                FUZZ_SEED: process.env.FUZZ_SEED ?? "",
                // the local pair and a second account's (tenant tests)
                TC_CREDENTIALS: `${localCredentials(".")},${TENANT_B.secretId}:${TENANT_B.secretKey}:${TENANT_B.account}`,
              },
            },
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
