// The tours (examples/*.mjs) run many times in a row and leave nothing behind: each is run
// TOUR_RUNS times (default 21, one more than the 20-VPC quota, so a tour that kept one VPC per run
// fails by its last run) against a self-host server of this file's own, whose whole state is then
// read back empty: no VPC, instance, security group, ACL, CCN, service, channel or bound tag.
import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { proxyFreeEnv } from "../../scripts/dev-server.mjs";
import { startSelfHost, type SelfHostServer } from "../helpers/selfhost";
import { sdkClients } from "../helpers/sdk";

const RUNS = Number(process.env.TOUR_RUNS ?? 21);
const TOURS = [
  { file: "examples/quick-tour.mjs", regions: ["ap-guangzhou"] },
  { file: "examples/reachability-tour.mjs", regions: ["ap-guangzhou"] },
  { file: "examples/channel-tour.mjs", regions: ["ap-singapore"] },
];
let server: SelfHostServer;

beforeAll(async () => {
  server = await startSelfHost(process.cwd(), { env: {} });
}, 90_000);
afterAll(async () => {
  await server?.stop();
});

/** tour runs one tour with PORT set, as a user would; reports its exit code and output. */
function tour(file: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [file], { env: proxyFreeEnv({ PORT: String(server.port) }), stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

/** leftovers lists what a region still holds, read through the SDK and ExportNetworkPlan. */
async function leftovers(region: string): Promise<Record<string, number>> {
  const c = sdkClients(server.port, region);
  const plan = ((await c.vpc.request("ExportNetworkPlan", {})) as { Plan: Record<string, unknown[] | undefined> }).Plan;
  const count = (k: string) => plan[k]?.length ?? 0;
  // A listed tag still bound to some resource shows CanDelete 0 (the server is this file's own: the whole account is the tours').
  const listed = (await c.tag.DescribeTags({ Limit: 1000, Offset: 0 })).Tags ?? [];
  return {
    vpcs: (await c.vpc.DescribeVpcs({})).TotalCount ?? 0,
    instances: (await c.cvm.DescribeInstances({})).TotalCount ?? 0,
    securityGroups: count("securityGroups"),
    networkAcls: count("networkAcls"),
    ccns: (await c.vpc.DescribeCcns({})).TotalCount ?? 0,
    gatewayInstances: count("gatewayInstances"),
    services: (await c.apigateway.DescribeServicesStatus({})).Result?.TotalCount ?? 0,
    channels: (await c.apigateway.DescribeUpstreams({ Limit: 100, Offset: 0 })).Result?.TotalCount ?? 0,
    boundTags: listed.filter((t) => t.CanDelete === 0).length,
  };
}

describe(`the tours, ${RUNS} times each in a row`, () => {
  for (const t of TOURS) {
    it(`${t.file} succeeds every time and leaves its regions empty`, { timeout: 60_000 + RUNS * 20_000 }, async () => {
      for (let i = 1; i <= RUNS; i++) {
        const r = await tour(t.file);
        expect(r.code, `run ${i} of ${t.file}:\n${r.out.slice(-2000)}`).toBe(0);
      }
      for (const region of t.regions) {
        const left = await leftovers(region);
        expect(left, `${region} after ${RUNS} runs`).toEqual(Object.fromEntries(Object.keys(left).map((k) => [k, 0])));
      }
    });
  }
});
