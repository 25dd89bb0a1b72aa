// Self-host mode over https, as tools that force https reach it: Terraform's provider with
// `domain = "tc.local"` and `protocol = "HTTPS"` calls https://vpc.tc.local:<port>/, so the SDK here
// sends to that host name (resolved to 127.0.0.1 by its agent) and verifies the certificate
// against the self-signed one `npm start -- --https` makes (no verification skipped).
import { spawn } from "node:child_process";
import { lookup as dnsLookup } from "node:dns";
import { X509Certificate } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { Agent, request } from "node:https";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { selfSignedPair } from "../../scripts/selfhost/tls.mjs";
import { freePort, killGroup } from "../helpers/dev-server";
import { startSelfHost, type SelfHostServer } from "../helpers/selfhost";
import { expectCode, sdkClients } from "../helpers/sdk";

const root = process.cwd();
const REGION = "ap-nanjing";
let dir: string;
let pair: { key: string; cert: string };
let server: SelfHostServer;

/** agent resolves *.tc.local to 127.0.0.1 and trusts only the self-signed certificate. */
function agent(): Agent {
  return new Agent({
    ca: readFileSync(pair.cert),
    lookup: ((host: string, opts: object, cb: (...a: unknown[]) => void) =>
      /\.tc\.local$/.test(host) ? cb(null, opts && (opts as { all?: boolean }).all ? [{ address: "127.0.0.1", family: 4 }] : "127.0.0.1", 4) : dnsLookup(host, opts, cb)) as never,
  });
}

/** over reports the SDK clients at https://<host>:<port>, as the provider builds the address from its domain. */
function over(host: string, port = server.port) {
  return sdkClients(port, REGION, { endpoint: `${host}:${port}`, protocol: "https://", agent: agent() });
}

beforeAll(async () => {
  dir = mkdtempSync(join(root, ".tmp", "tls-test-"));
  pair = selfSignedPair(dir, 2);
  server = await startSelfHost(root, { env: {}, tls: pair });
}, 90_000);
afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("self-host mode over https", () => {
  it("answers the SDK at vpc.tc.local over verified https, and signs for that host", async () => {
    expect(server.protocol).toBe("https");
    const { vpc } = over("vpc.tc.local");
    const made = await vpc.CreateVpc({ VpcName: "over-https", CidrBlock: "10.3.0.0/16" });
    const listed = await vpc.DescribeVpcs({ VpcIds: [made.Vpc!.VpcId!] });
    expect(listed.VpcSet!.map((v) => v.VpcName)).toEqual(["over-https"]);
    await vpc.DeleteVpc({ VpcId: made.Vpc!.VpcId! });
  });

  it("matches the host's product to the action: apigateway.tc.local answers gateway actions, not VPC ones", async () => {
    const { apigateway, vpc } = over("apigateway.tc.local");
    expect((await apigateway.DescribeServicesStatus({})).Result).toBeDefined();
    await expectCode(vpc.DescribeVpcs({}), "InvalidAction");
  });

  it("refuses a client that verifies against another certificate", async () => {
    const status = await new Promise<string>((resolve) => {
      const req = request({ host: "127.0.0.1", port: server.port, path: "/", method: "POST", servername: "vpc.tc.local" }, (res) => resolve(String(res.statusCode)));
      req.on("error", (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
      req.end("{}");
    });
    expect(status).toMatch(/SELF_SIGNED|UNABLE_TO_VERIFY|DEPTH_ZERO/);
  });

  it("renews a kept self-signed pair that is unreadable or within a week of expiry, and keeps a good one", () => {
    const keep = mkdtempSync(join(dir, "renew-"));
    const short = readFileSync(selfSignedPair(keep, 3).cert, "utf8");
    const renewed = readFileSync(selfSignedPair(keep).cert, "utf8");
    expect(renewed).not.toBe(short);
    expect(Date.parse(new X509Certificate(renewed).validTo)).toBeGreaterThan(Date.now() + 800 * 86_400_000);
    expect(readFileSync(selfSignedPair(keep).cert, "utf8")).toBe(renewed);
    writeFileSync(join(keep, "cert.pem"), "not a certificate");
    expect(readFileSync(selfSignedPair(keep).cert, "utf8")).toContain("BEGIN CERTIFICATE");
  });

  it("npm start -- --https with the key and certificate given serves https on the chosen port; half a pair is refused", async () => {
    const port = await freePort();
    const state = mkdtempSync(join(dir, "state-"));
    const cli = spawn(process.execPath, ["scripts/start.mjs", "--port", String(port), "--state", state, "--https-key-path", pair.key, "--https-cert-path", pair.cert], { cwd: root, detached: true, stdio: ["ignore", "pipe", "ignore"] });
    let out = "";
    cli.stdout!.on("data", (d) => (out += d));
    try {
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline && !out.includes("serving on")) await new Promise((r) => setTimeout(r, 200));
      expect(out).toContain(`serving on https://127.0.0.1:${port}/`);
      const { vpc } = over("vpc.tc.local", port);
      expect((await vpc.DescribeVpcLimits({ LimitTypes: ["appid-max-vpcs"] })).VpcLimitSet).toHaveLength(1);
    } finally {
      await killGroup(cli.pid);
    }
    const half = spawn(process.execPath, ["scripts/start.mjs", "--port", String(port), "--https-key-path", pair.key], { cwd: root, stdio: ["ignore", "ignore", "pipe"] });
    let err = "";
    half.stderr!.on("data", (d) => (err += d));
    expect(await new Promise((r) => half.once("exit", r))).toBe(2);
    expect(err).toContain("--https-cert-path");
  });
});
