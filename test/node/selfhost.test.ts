// Self-host mode (`npm start`, workerd serve with the config generated from wrangler.toml): state
// survives a restart, alarms finish a task a crash left (also across a restart), the planner's
// files are served as [assets] serves them, and credentials come from the environment first.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseDotVars, resolveVars } from "../../scripts/selfhost/config.mjs";
import { attach, linkedTo, makeClassic, makeVpc, type Clients } from "../helpers/resources";
import { clients, expectCode, sdkClients } from "../helpers/sdk";
import { freePort, killGroup } from "../helpers/dev-server";
import { startSelfHost, type SelfHostServer } from "../helpers/selfhost";

const REGION = "ap-hongkong";
const ZONE = `${REGION}-2`;
const root = process.cwd();
const running = new Set<SelfHostServer>();
const folders: string[] = [];

async function start(o: Parameters<typeof startSelfHost>[1] = {}): Promise<SelfHostServer> {
  const s = await startSelfHost(root, { env: {}, ...o });
  running.add(s);
  return s;
}
async function stop(s: SelfHostServer): Promise<void> {
  await s.stop();
  running.delete(s);
}
function stateFolder(): string {
  const d = mkdtempSync(join(root, ".tmp", "selfhost-test-"));
  folders.push(d);
  return d;
}
afterAll(async () => {
  for (const s of running) await s.stop();
  for (const d of folders) rmSync(d, { recursive: true, force: true });
});

describe("self-host mode: state on local disk", () => {
  it("keeps VPCs, instances and links across a restart on the same state folder", async () => {
    const state = stateFolder();
    let s = await start({ stateDir: state });
    let c: Clients = clients(s.port, REGION);
    const vpcId = await makeVpc(c.vpc, "10.21.0.0/16");
    const ids = await makeClassic(c.cvm, ZONE, 2);
    await attach(c.vpc, vpcId, ids);
    await stop(s);
    expect(readdirSync(state)).toContain("tc-classiclink-edge-VpcObject");
    expect(readdirSync(join(state, "tc-classiclink-edge-VpcObject")).some((f) => f.endsWith(".sqlite"))).toBe(true);

    s = await start({ stateDir: state });
    c = clients(s.port, REGION);
    const vpcs = await c.vpc.DescribeVpcs({ VpcIds: [vpcId] });
    expect(vpcs.VpcSet?.map((v) => v.CidrBlock)).toEqual(["10.21.0.0/16"]);
    expect(await linkedTo(c.vpc, vpcId)).toEqual([...ids].sort());
    await stop(s);
    expect(existsSync(state), "a chosen state folder is kept by stop()").toBe(true);
  });

  it("a throw-away state folder starts empty and is removed by stop()", async () => {
    const s = await start();
    const c = clients(s.port, REGION);
    expect((await c.vpc.DescribeVpcs({})).TotalCount).toBe(0);
    await stop(s);
    expect(existsSync(s.stateDir)).toBe(false);
  });

  it("the recovery alarm finishes a task that a crash cut off, after workerd restarts", { timeout: 120_000 }, async () => {
    const state = stateFolder();
    let s = await start({ stateDir: state, vars: { FAULT_INJECTION: "1" } });
    let c = clients(s.port, REGION);
    const vpcId = await makeVpc(c.vpc, "10.22.0.0/16");
    const [id] = await makeClassic(c.cvm, ZONE);
    const cut = (await c.vpc
      .request("AttachClassicLinkVpc", { VpcId: vpcId, InstanceIds: [id] }, { headers: { "X-Fault-After": "attach:decided" } })
      .then(
        (r: { RequestId?: string }) => ({ ok: true, r }),
        (e: unknown) => ({ ok: false, e }),
      )) as { ok: boolean };
    expect(cut.ok, "the task was cut off after it decided").toBe(false);
    expect(await linkedTo(c.vpc, vpcId), "not linked yet: the VPC's step had not run").toEqual([]);
    await stop(s); // the crash of the whole server, with the task's alarm pending on disk

    s = await start({ stateDir: state, vars: { FAULT_INJECTION: "1" } });
    c = clients(s.port, REGION);
    const deadline = Date.now() + 90_000;
    let linked: string[] = [];
    while (Date.now() < deadline) {
      linked = await linkedTo(c.vpc, vpcId);
      if (linked.length) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    expect(linked, "the alarm rolled the committed task forward").toEqual([id]);
  });
});

describe("self-host mode: static files and credentials", () => {
  let s: SelfHostServer;
  it("serves the planner under /planner/ with the platform's redirects and content types", async () => {
    s = await start({ env: { TC_CREDENTIALS: "AKIDSELFHOSTTEST000000000000000000000:SelfHostTestKey0000000000000000000" } });
    const get = (p: string) => fetch(`http://127.0.0.1:${s.port}${p}`, { redirect: "manual" });
    const page = await get("/planner/");
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await page.text()).toMatch(/<html/i);
    const app = await get("/planner/app.js");
    expect(app.headers.get("content-type")).toMatch(/^text\/javascript/);
    expect((await app.arrayBuffer()).byteLength).toBeGreaterThan(1000);
    for (const p of ["/planner", "/planner/index.html"]) {
      const r = await get(p);
      expect([r.status, r.headers.get("location")], p).toEqual([307, "/planner/"]);
    }
    const home = await get("/");
    expect([home.status, home.headers.get("location")]).toEqual([302, "/planner/"]);
    expect((await get("/planner/nothing.js")).status).toBe(404);
  });

  it("takes TC_CREDENTIALS from the environment: that key works, the local one does not", async () => {
    expect(s.sources.TC_CREDENTIALS).toBe("environment");
    const mine = clients(s.port, REGION);
    await expectCode(mine.vpc.DescribeVpcs({}), "AuthFailure.SecretIdNotFound");
    const own = sdkClients(s.port, REGION, {}, {}, { secretId: "AKIDSELFHOSTTEST000000000000000000000", secretKey: "SelfHostTestKey0000000000000000000" }).vpc;
    expect((await own.DescribeVpcs({})).TotalCount).toBe(0);
    await stop(s);
  });

  it("merges variables: wrangler.toml, then .dev.vars, then the environment, then options", () => {
    expect(parseDotVars('# local\nTC_CREDENTIALS="a:b"\nexport X=1 # note\nY=\'q r\'\nnot a line\n')).toEqual({ TC_CREDENTIALS: "a:b", X: "1", Y: "q r" });
    const toml = { TC_CREDENTIALS: "toml:key", VPC_QUOTA_PER_REGION: "20" };
    expect(resolveVars(toml, {}, {}).sources).toEqual({ TC_CREDENTIALS: "wrangler.toml", VPC_QUOTA_PER_REGION: "wrangler.toml" });
    expect(resolveVars(toml, { TC_CREDENTIALS: "dot:key" }, {}).vars.TC_CREDENTIALS).toBe("dot:key");
    const r = resolveVars({}, { TC_CREDENTIALS: "dot:key" }, { TC_CREDENTIALS: "env:key", PATH: "/bin" });
    expect(r.vars).toEqual({ TC_CREDENTIALS: "env:key" });
    expect(resolveVars(toml, {}, { VPC_QUOTA_PER_REGION: "5" }, { VPC_QUOTA_PER_REGION: "7" }).vars.VPC_QUOTA_PER_REGION).toBe("7");
  });
});

describe("npm start (scripts/start.mjs)", () => {
  it("serves on the chosen port and state folder, and SIGTERM stops workerd with it", async () => {
    const port = await freePort();
    const state = stateFolder();
    const cli = spawn(process.execPath, ["scripts/start.mjs", "--port", String(port), "--state", state], { cwd: root, detached: true, stdio: "ignore" });
    const answers = () =>
      fetch(`http://127.0.0.1:${port}/`, { method: "POST", body: "{}" }).then(
        (r) => r.status,
        () => 0,
      );
    try {
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline && (await answers()) !== 200) await new Promise((r) => setTimeout(r, 300));
      expect(await answers()).toBe(200);
      expect(readdirSync(state).length, "state folder in use").toBeGreaterThan(0);
      const exited = new Promise((r) => cli.once("exit", r));
      process.kill(cli.pid!, "SIGTERM");
      await exited;
      expect(await answers(), "workerd stopped with npm start").toBe(0);
    } finally {
      await killGroup(cli.pid);
    }
  });
});
