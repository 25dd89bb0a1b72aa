// The planner page with real plans in a real Chromium: each shipped example (lint list, matrix
// cells, one trace), editing rules in the forms and the raw JSON, fields marked with the core's
// reason, the live state loaded from the running Worker, shared URLs and the offline file.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { NetworkPlan, PolicyCore } from "../../policy-core/bindings/index";
import {
  ARTIFACTS, PLANNER_FILE, cellSelector, launchChromium, lintCodes, loadExample, matrixCell, openPlanner, setMatrixFlow, settled,
  type InPage,
} from "../helpers/browser";
import { loadCore } from "../helpers/core-node";
import { attach, makeClassic, makeSubnet, makeVpc, makeVpcInstance } from "../helpers/resources";
import { LOCAL_CREDENTIAL, clients } from "../helpers/sdk";

let browser: Browser;
let core: PolicyCore;
beforeAll(async () => {
  browser = await launchChromium();
  core = await loadCore();
});
afterAll(async () => {
  await browser?.close();
});

const served = () => `http://127.0.0.1:${inject("devPort")}/planner/`;
/** shot saves a screenshot of the 1366×768 screen, with the answers column scrolled to a panel. */
async function shot(page: Page, name: string, panel?: string): Promise<void> {
  if (panel) await page.$eval(panel, (el) => el.scrollIntoView({ block: "start" }));
  await page.screenshot({ path: join(ARTIFACTS, `planner-${name}.png`) });
}

/** The trace panel's verdict and explanation codes. */
async function shownTrace(page: Page): Promise<{ verdict: string | null; codes: string[]; text: string }> {
  return {
    verdict: await page.$eval("#trace", (t) => t.querySelector("[data-verdict]")?.getAttribute("data-verdict") ?? null),
    codes: await page.$$eval("#trace .explanations li", (lis) => lis.map((li) => li.getAttribute("data-code") ?? "")),
    text: (await page.textContent("#trace")) ?? "",
  };
}

async function pageDoc(page: Page): Promise<NetworkPlan> {
  return page.evaluate(() => JSON.parse(JSON.stringify((globalThis as unknown as InPage).__planner.doc)) as NetworkPlan);
}

/** fieldMark reports whether a form field is marked invalid, and the message next to it. */
async function fieldMark(page: Page, path: string): Promise<{ invalid: boolean; message: string }> {
  return page.$eval(`[data-path="${path}"]`, (el) => ({
    invalid: el.getAttribute("aria-invalid") === "true",
    message: el.parentElement?.querySelector(".field-msg")?.textContent ?? "",
  }));
}

describe("planner: the shipped examples", () => {
  it("valid ClassicLink setup: no lint findings, linked and unlinked classic instances in the matrix, a trace", async () => {
    const page = await openPlanner(browser, served());
    await loadExample(page, "valid-classiclink");
    expect(await lintCodes(page)).toEqual([]);
    expect(await page.textContent("#load-status")).toContain("no lint findings");
    expect(await matrixCell(page, "ins-legacy1", "ins-web1")).toBe("ACCEPTED");
    expect(await matrixCell(page, "ins-web1", "ins-legacy1")).toBe("ACCEPTED");
    expect(await matrixCell(page, "ins-batch", "ins-web1")).toBe("NOT_LINKED");
    expect(await matrixCell(page, "ins-web1", "ins-batch")).toBe("DEST_NOT_LINKED_CLASSIC");
    expect(await matrixCell(page, "ins-legacy1", "ins-db1")).toBe("ACL_INBOUND_DENIED");
    // The example opens on a reachable flow (the linked classic host to a web server).
    expect((await shownTrace(page)).verdict).toBe("ACCEPTED");
    // The linked classic host cannot reach the database directly.
    await page.fill("#wi-dst", "ins-db1");
    await page.fill("#wi-port", "3306");
    const t = await shownTrace(page);
    expect(t.verdict).toBe("DENIED");
    expect(t.codes).toEqual(["ACL_INBOUND_DENIED"]);
    expect(t.text).toContain("ACL_INBOUND_DENIED (CL10)");
    expect(await page.isVisible("#trace li[data-code='ACL_INBOUND_DENIED']")).toBe(true);
    // The deciding ACL is highlighted in the editor.
    expect(await page.$eval("[data-row-path='networkAcls[1]']", (f) => f.classList.contains("deciding"))).toBe(true);
    // The diagram draws the VPC, its subnets and instances, and both links.
    expect(await page.$$eval("#diagram svg g.vpc", (gs) => gs.map((g) => g.getAttribute("data-id")))).toEqual(["vpc-prod"]);
    expect(await page.$$eval("#diagram svg path.link", (ls) => ls.length)).toBe(2);
    await shot(page, "example-valid");

    // Keyboard: the active cell is focusable; arrows move; Enter traces the cell's flow (the matrix follows the what-if's flow).
    await setMatrixFlow(page, "TCP", "22");
    await page.focus("#matrix [role=gridcell][tabindex='0']");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Enter");
    expect(await page.inputValue("#wi-src")).toBe("ins-legacy1");
    expect(await page.inputValue("#wi-dst")).toBe("ins-web2");
    expect((await shownTrace(page)).verdict).toBe("ACCEPTED");
    expect(await page.textContent("#matrix-cell-info")).toContain("ins-legacy1 → ins-web2: ACCEPTED");
    // Clicking a cell traces it too.
    await page.click(cellSelector(5, 0));
    expect(await page.inputValue("#wi-src")).toBe("ins-batch");
    expect((await shownTrace(page)).codes).toEqual(["NOT_LINKED"]);
    await page.close();
  });

  it("101 links on one VPC: LINK_LIMIT_EXCEEDED (CL5), the largest matrix and its time", async () => {
    const page = await openPlanner(browser, served());
    const started = Date.now();
    await loadExample(page, "link-limit");
    const loadMs = Date.now() - started;
    expect(await lintCodes(page)).toEqual(["LINK_LIMIT_EXCEEDED"]);
    expect(await page.textContent("#lint li")).toContain("CL5");
    expect(await page.textContent("#lint li")).toContain("(101 links)");
    const ids = await page.$$eval("#matrix .mx-head [role=columnheader] span", (s) => s.length);
    expect(ids).toBe(201);
    expect(await matrixCell(page, "ins-cl001", "ins-vpc001")).toBe("ACCEPTED");
    expect(await matrixCell(page, "ins-vpc051", "ins-cl001")).toBe("ACL_RETURN_DENIED");
    expect(await matrixCell(page, "ins-vpc001", "ins-cl101")).toBe("ACCEPTED");
    await setMatrixFlow(page, "TCP", "22");
    expect(await matrixCell(page, "ins-cl001", "ins-vpc001")).toBe("SG_INGRESS_DENIED");
    expect(await matrixCell(page, "ins-vpc002", "ins-vpc001")).toBe("ACCEPTED");
    await setMatrixFlow(page, "TCP", "80");
    const time = (await page.textContent("#matrix-time")) ?? "";
    expect(time).toMatch(/^matrix: [\d.]+ ms \(201 × 201/);
    const ms = await page.evaluate(() => (globalThis as unknown as InPage).__planner.matrixMs);
    // A rule edited in the form: the whole plan is checked again and 10,100 cells change.
    const editStarted = Date.now();
    await settled(page, () => page.fill("[data-path='securityGroups[0].ingress[0].port']", "81"));
    const editMs = Date.now() - editStarted;
    expect(await matrixCell(page, "ins-cl001", "ins-vpc001")).toBe("SG_INGRESS_DENIED");
    console.log(`planner: largest example (link-limit, 201 instances, 101 links): ${time}; core matrix ${ms.toFixed(1)} ms; example loaded and drawn in ${loadMs} ms; a rule edit re-checked and redrawn in ${editMs} ms`);
    await settled(page, () => page.fill("[data-path='securityGroups[0].ingress[0].port']", "80"));
    // The example's question: a subnet-b host's reply from a classic host is dropped by its ACL.
    const t = await shownTrace(page);
    expect(t.codes).toEqual(["ACL_RETURN_DENIED"]);
    expect(t.text).toContain("acl-b");
    expect(await page.$$eval("#diagram svg path.link", (ls) => ls.length)).toBe(101);
    expect(await page.$eval("#diagram svg g.vpc", (g) => g.classList.contains("bad"))).toBe(true);
    await shot(page, "example-link-limit", "#matrix-h");
    await page.close();
  });

  it("a linked VPC outside 10.[0-47]: CIDR_NOT_ELIGIBLE (CL6) with the core's reason, a shadowed rule", async () => {
    const page = await openPlanner(browser, served());
    await loadExample(page, "ineligible-cidr");
    expect(await lintCodes(page)).toEqual(["CIDR_NOT_ELIGIBLE"]);
    const lint = (await page.textContent("#lint li")) ?? "";
    expect(lint).toContain("CL6");
    expect(lint).toContain("the first octet is not 10");
    expect(await matrixCell(page, "ins-cl1", "ins-old1")).toBe("CIDR_NOT_ELIGIBLE");
    expect(await matrixCell(page, "ins-cl2", "ins-new1")).toBe("ACCEPTED");
    expect(await matrixCell(page, "ins-new1", "ins-cl1")).toBe("DEST_NOT_LINKED_CLASSIC");
    const t = await shownTrace(page);
    expect(t.codes).toEqual(["CIDR_NOT_ELIGIBLE"]);
    expect(t.text).toContain("CIDR_NOT_ELIGIBLE (CL6)");
    // The shadowed rule is highlighted in its table with the core's message.
    const row = "tr[data-row-path='securityGroups[0].ingress[1]']";
    expect(await page.$eval(row, (r) => r.classList.contains("shadowed"))).toBe(true);
    expect(await page.textContent(`${row} + tr.shadow-note`)).toContain("sg-app ingress rule 1 never matches: rule 0 matches every flow it would");
    expect(await page.textContent("#shadowed")).toContain("sg-app ingress rule 1 never matches");
    expect(await page.$eval("#diagram svg path.link.bad title", (t) => t.textContent)).toContain("CIDR_NOT_ELIGIBLE");
    await shot(page, "example-ineligible-cidr");
    await page.close();
  });

  it("VPC channels: CHANNEL_VPC_UNREACHABLE (CH6) without a CCN, SHARED_INSTANCE (CH2), channel traces", async () => {
    const page = await openPlanner(browser, served());
    await loadExample(page, "channels");
    expect((await lintCodes(page)).sort()).toEqual(["CHANNEL_VPC_UNREACHABLE", "SHARED_INSTANCE"]);
    const lint = (await page.textContent("#lint")) ?? "";
    expect(lint).toContain("CH6");
    expect(lint).toContain("CH2");
    expect(lint).toContain("upstream-orders (service-orders)");
    expect(lint).toContain("upstream-app (service-public)");
    expect(await matrixCell(page, "ins-tools", "ins-app1")).toBe("ACCEPTED");
    expect(await matrixCell(page, "ins-tools", "ins-orders1")).toBe("NO_ROUTE");
    const t = await shownTrace(page);
    expect(t.codes).toEqual(["CHANNEL_VPC_UNREACHABLE"]);
    expect(t.text).toContain("CHANNEL_VPC_UNREACHABLE (CH6)");
    await page.fill("#wi-src", "service-public");
    await page.fill("#wi-dst", "upstream-app");
    expect((await shownTrace(page)).codes).toEqual(["SHARED_INSTANCE"]);
    await page.fill("#wi-src", "service-app");
    expect((await shownTrace(page)).verdict).toBe("ACCEPTED");
    expect(await page.$$eval("#diagram svg path.uses.bad", (ls) => ls.length)).toBe(2);
    await shot(page, "example-channels", "#diagram-h");
    // Joining the orders VPC to the CCN in the form clears CH6 at once.
    await page.click("details[data-sec='CCNs'] > summary");
    await settled(page, () => page.fill("[data-path='ccns[0].vpcIds']", "vpc-gateway, vpc-app, vpc-orders"));
    expect(await lintCodes(page)).toEqual(["SHARED_INSTANCE"]);
    await page.close();
  });
});

describe("planner: editing", () => {
  it("a rule edited in the form changes the trace's verdict and the matrix cell at once", async () => {
    const page = await openPlanner(browser, served());
    await loadExample(page, "valid-classiclink");
    await setMatrixFlow(page, "TCP", "3306");
    await page.fill("#wi-dst", "ins-db1");
    expect(await matrixCell(page, "ins-legacy1", "ins-db1")).toBe("ACL_INBOUND_DENIED");
    expect((await shownTrace(page)).codes).toEqual(["ACL_INBOUND_DENIED"]);

    await settled(page, () => page.fill("[data-path='networkAcls[1].inbound[0].cidr']", "10.0.0.0/8"));
    expect(await matrixCell(page, "ins-legacy1", "ins-db1")).toBe("SG_INGRESS_DENIED");
    expect((await shownTrace(page)).codes).toEqual(["SG_INGRESS_DENIED"]);

    await settled(page, () => page.fill("[data-path='securityGroups[1].ingress[0].cidr']", "10.0.0.0/8"));
    expect(await matrixCell(page, "ins-legacy1", "ins-db1")).toBe("ACL_RETURN_DENIED");
    const t = await shownTrace(page);
    expect(t.codes).toEqual(["ACL_RETURN_DENIED"]);
    // No outbound rule lets the reply out, so the ACL itself (its default deny) decided.
    expect(t.text).toContain("no rule matched: default deny");
    expect(await page.$eval("[data-row-path='networkAcls[1]']", (f) => f.classList.contains("deciding"))).toBe(true);

    await settled(page, () => page.fill("[data-path='networkAcls[1].outbound[0].cidr']", "10.0.0.0/8"));
    expect(await matrixCell(page, "ins-legacy1", "ins-db1")).toBe("ACCEPTED");
    expect((await shownTrace(page)).verdict).toBe("ACCEPTED");
    // The JSON box follows the forms.
    const json = JSON.parse(await page.inputValue("#json")) as NetworkPlan;
    expect(json.networkAcls![1]!.outbound[0]!.cidr).toBe("10.0.0.0/8");
    await shot(page, "edit-rule", "#whatif-h");
    await page.close();
  });

  it("rules can be moved, added and removed; shadowed rules follow", async () => {
    const page = await openPlanner(browser, served());
    await loadExample(page, "ineligible-cidr");
    expect(await page.$$eval("#shadowed li", (l) => l.length)).toBe(1);
    await settled(page, () => page.click("button[aria-label='Move sg-app Ingress 1 up']"));
    expect(await page.inputValue("[data-path='securityGroups[0].ingress[0].cidr']")).toBe("10.48.0.0/12");
    expect(await page.textContent("#shadowed")).toContain("No shadowed rules.");
    expect(await page.$$eval("tr.shadowed", (l) => l.length)).toBe(0);
    // A rule added at the end after DROP ALL can never match.
    await settled(page, () => page.click("[data-row-path='securityGroups[0]'] button[data-nested='ingress']"));
    expect(await page.inputValue("[data-path='securityGroups[0].ingress[4].port']")).toBe("22");
    expect(await page.textContent("tr[data-row-path='securityGroups[0].ingress[4]'] + tr.shadow-note")).toContain("sg-app ingress rule 4 never matches");
    await shot(page, "reorder-rules");
    await settled(page, () => page.click("button[aria-label='Remove sg-app Ingress 4']"));
    expect(await page.$("[data-path='securityGroups[0].ingress[4].port']")).toBeNull();
    expect(await page.textContent("#shadowed")).toContain("No shadowed rules.");
    await page.close();
  });

  it("starts from a blank plan and builds one in the forms, each empty field marked with the core's reason", async () => {
    const page = await openPlanner(browser, served());
    await settled(page, () => page.click("#blank"));
    expect(await pageDoc(page)).toEqual({ version: 1, region: "ap-guangzhou", vpcs: [] });
    expect(await page.textContent("#matrix-cell-info")).toContain("No instances yet.");
    await settled(page, () => page.click("button[data-sec='VPCs']"));
    expect(await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { getAttribute(n: string): string | null } } }).document.activeElement.getAttribute("data-path"))).toBe("vpcs[0].id");
    await settled(page, () => page.click("button[data-sec='Subnets']"));
    // A new subnet starts valid, with a free /24 of its VPC; emptied, its CIDR is marked with the core's reason.
    expect(await page.inputValue("[data-path='subnets[0].cidr']")).toMatch(/^10\.\d+\.\d+\.0\/24$/);
    expect(await page.textContent("#load-status")).toContain("The plan loads");
    await settled(page, () => page.fill("[data-path='subnets[0].cidr']", ""));
    const empty = core.plan({ version: 1, vpcs: [{ id: "v", cidrs: ["10.0.0.0/16"] }], subnets: [{ id: "s", vpcId: "v", cidr: "" }] });
    expect(empty.ok).toBe(false);
    const reason = empty.ok ? "" : empty.issues[0]!.message;
    expect(await fieldMark(page, "subnets[0].cidr")).toEqual({ invalid: true, message: reason });
    await settled(page, () => page.fill("[data-path='subnets[0].cidr']", "10.0.1.0/24"));
    await settled(page, () => page.click("button[data-sec='VPC instances']"));
    await settled(page, () => page.fill("[data-path='instances[0].ip']", "10.0.1.5"));
    await settled(page, () => page.click("button[data-sec='Classic instances']"));
    await settled(page, () => page.fill("[data-path='instances[1].ip']", "10.60.0.1"));
    expect(await matrixCell(page, "ins-new2", "ins-new1")).toBe("NOT_LINKED");
    await settled(page, () => page.click("button[data-sec='ClassicLinks']"));
    expect(await pageDoc(page)).toMatchObject({ classicLinks: [{ vpcId: "vpc-new1", instanceId: "ins-new2" }] });
    expect(await matrixCell(page, "ins-new2", "ins-new1")).toBe("ACCEPTED");
    expect(await lintCodes(page)).toEqual([]);
    await shot(page, "blank-built");
    await page.close();
  });

  it("the raw JSON edits the plan and the forms follow; invalid JSON is marked and changes nothing", async () => {
    const page = await openPlanner(browser, served());
    await loadExample(page, "valid-classiclink");
    const doc = JSON.parse(await page.inputValue("#json")) as NetworkPlan;
    doc.vpcs.push({ id: "vpc-json", name: "from the JSON", cidrs: ["10.2.0.0/16"] });
    doc.instances![1]!.name = "renamed in JSON";
    await settled(page, () => page.fill("#json", JSON.stringify(doc)));
    expect(await page.inputValue("[data-path='vpcs[1].id']")).toBe("vpc-json");
    expect(await page.inputValue("[data-path='vpcs[1].cidrs']")).toBe("10.2.0.0/16");
    expect(await page.inputValue("[data-path='instances[1].name']")).toBe("renamed in JSON");
    expect(await page.$$eval("#diagram svg g.vpc", (gs) => gs.map((g) => g.getAttribute("data-id")))).toEqual(["vpc-prod", "vpc-json"]);
    await shot(page, "json-edit");
    await page.fill("#json", "{ \"version\": 1, ");
    expect(await page.getAttribute("#json", "aria-invalid")).toBe("true");
    expect(await page.textContent("#json-msg")).toContain("Not valid JSON");
    expect(await page.inputValue("[data-path='vpcs[1].id']")).toBe("vpc-json");
    // An uploaded plan document replaces the plan.
    const uploaded = { version: 1, region: "ap-guangzhou", vpcs: [{ id: "vpc-uploaded", cidrs: ["10.9.0.0/16"] }] };
    await settled(page, () => page.setInputFiles("#upload", { name: "plan.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(uploaded)) }));
    expect(await page.inputValue("[data-path='vpcs[0].id']")).toBe("vpc-uploaded");
    expect(JSON.parse(await page.inputValue("#json"))).toEqual(uploaded);
    await page.close();
  });

  it("a large plan's JSON box follows a form edit once painted, and never overwrites text typed there since", async () => {
    const page = await openPlanner(browser, served());
    await loadExample(page, "link-limit");
    const field = "[data-path='securityGroups[0].ingress[0].port']";
    await settled(page, () => page.fill(field, "81"));
    await page.waitForFunction(() => (globalThis as unknown as { document: { querySelector(s: string): { value: string } } }).document.querySelector("#json").value.includes('"port": "81"'));
    // A form edit, then at once a typo in the JSON box (one task: the form's write is still pending).
    await page.$eval(field, (el, typed) => {
      const doc = (el as unknown as { ownerDocument: { querySelector(s: string): { value: string; dispatchEvent(e: unknown): void } } }).ownerDocument;
      const input = el as unknown as { value: string; dispatchEvent(e: unknown): void };
      const E = (globalThis as unknown as { Event: new (t: string, o: object) => unknown }).Event;
      input.value = "82";
      input.dispatchEvent(new E("input", { bubbles: true }));
      const json = doc.querySelector("#json");
      json.value = typed;
      json.dispatchEvent(new E("input", { bubbles: true }));
    }, "{ \"version\": 1, ");
    await page.waitForTimeout(900);
    expect(await page.inputValue("#json")).toBe("{ \"version\": 1, ");
    expect(await page.getAttribute("#json", "aria-invalid")).toBe("true");
    await page.close();
  });

  it("marks each invalid field with the core's reason, and clears it when fixed", async () => {
    const page = await openPlanner(browser, served());
    await loadExample(page, "valid-classiclink");
    await settled(page, async () => {
      await page.fill("[data-path='subnets[0].cidr']", "10.1.1.0/33");
      await page.fill("[data-path='securityGroups[0].ingress[1].port']", "22-");
      await page.fill("[data-path='instances[3].ip']", "010.66.1.20");
    });
    const answer = core.plan(await pageDoc(page));
    expect(answer.ok).toBe(false);
    const issues = answer.ok ? [] : answer.issues;
    expect(issues.map((i) => i.path).sort()).toEqual(["instances[3].ip", "securityGroups[0].ingress[1].port", "subnets[0].cidr"]);
    for (const issue of issues) {
      const mark = await fieldMark(page, issue.path);
      expect(mark.invalid, issue.path).toBe(true);
      expect(mark.message).toBe(issue.message);
    }
    expect((await fieldMark(page, "instances[3].ip")).message).toContain("leading zero");
    expect(await page.textContent("#load-status")).toContain("does not load: 3 problems");
    // The matrix stays, marked stale, until the plan loads again.
    expect(await page.textContent("#matrix-time")).toMatch(/^matrix: [\d.]+ ms/);
    expect(await page.$eval("body", (b) => b.dataset.stale)).toBe("1");
    await shot(page, "invalid-field");
    // "Show" takes the keyboard to the field.
    await page.click("#issues li:first-child button");
    expect(await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { getAttribute(n: string): string | null } } }).document.activeElement.getAttribute("data-path"))).toBe(issues[0]!.path);
    await settled(page, async () => {
      await page.fill("[data-path='subnets[0].cidr']", "10.1.1.0/24");
      await page.fill("[data-path='securityGroups[0].ingress[1].port']", "22");
      await page.fill("[data-path='instances[3].ip']", "10.66.1.20");
    });
    expect((await fieldMark(page, "subnets[0].cidr")).invalid).toBe(false);
    expect(await page.$$eval("[aria-invalid='true']", (l) => l.length)).toBe(0);
    expect(await page.textContent("#load-status")).toContain("no lint findings");
    await page.close();
  });
});

describe("planner: live state, sharing and offline", () => {
  it("loads the live service's state with a request signed in the page", async () => {
    const region = "ap-tokyo";
    const zone = `${region}-1`;
    const c = clients(inject("devPort"), region);
    const vpcId = await makeVpc(c.vpc, "10.44.0.0/16");
    const subnetId = await makeSubnet(c.vpc, vpcId, "10.44.1.0/24", zone);
    const vmId = await makeVpcInstance(c.cvm, zone, vpcId, subnetId);
    const [classicId] = await makeClassic(c.cvm, zone);
    await attach(c.vpc, vpcId, [classicId!]);

    const page = await openPlanner(browser, served());
    await page.click("#live summary");
    expect(await page.inputValue("#live-endpoint")).toBe(`http://127.0.0.1:${inject("devPort")}`);
    await page.fill("#live-region", region);
    await page.fill("#live-secret-id", LOCAL_CREDENTIAL.secretId);
    await page.fill("#live-secret-key", "not the key");
    await page.click("#live-load");
    await page.waitForSelector("#live-status.bad");
    expect(await page.textContent("#live-status")).toContain("AuthFailure.SignatureFailure");

    await page.fill("#live-secret-key", LOCAL_CREDENTIAL.secretKey);
    await page.click("#live-load");
    await settled(page, () => page.click("#live-confirm"));
    expect(await page.textContent("#live-status")).toContain(`Loaded the live state of ${region}`);
    const doc = await pageDoc(page);
    const v = doc.vpcs.findIndex((x) => x.id === vpcId);
    expect(v).toBeGreaterThanOrEqual(0);
    expect(await page.inputValue(`[data-path='vpcs[${v}].id']`)).toBe(vpcId);
    expect(await page.inputValue(`[data-path='vpcs[${v}].cidrs']`)).toBe("10.44.0.0/16");
    expect(await page.$(`[data-row="classicLinks:${vpcId}/${classicId}"]`)).not.toBeNull();
    expect(await page.$(`#diagram svg g.vpc[data-id="${vpcId}"]`)).not.toBeNull();
    expect(doc.instances!.some((i) => i.id === vmId)).toBe(true);
    // The linked classic instance reaches the VPC instance (no security groups, no ACL).
    await page.fill("#wi-src", classicId!);
    await page.fill("#wi-dst", vmId);
    expect((await shownTrace(page)).verdict).toBe("ACCEPTED");
    // The SecretKey is in neither the address nor the page's storage.
    expect(page.url()).not.toContain(LOCAL_CREDENTIAL.secretKey);
    expect(await page.evaluate(() => JSON.stringify({ ...(globalThis as unknown as { localStorage: object }).localStorage, ...(globalThis as unknown as { sessionStorage: object }).sessionStorage }))).toBe("{}");
    await shot(page, "live");
    await page.close();
  });

  it("loads the live state from its own files too: the service allows other origins (CORS)", async () => {
    const region = "ap-tokyo";
    const c = clients(inject("devPort"), region);
    const vpcId = await makeVpc(c.vpc, "10.45.0.0/16");
    const page = await openPlanner(browser, PLANNER_FILE);
    await page.click("#live summary");
    await page.fill("#live-endpoint", `http://127.0.0.1:${inject("devPort")}`);
    await page.fill("#live-region", region);
    await page.fill("#live-secret-id", LOCAL_CREDENTIAL.secretId);
    await page.fill("#live-secret-key", LOCAL_CREDENTIAL.secretKey);
    await page.click("#live-load");
    await settled(page, () => page.click("#live-confirm"));
    expect(await page.textContent("#live-status")).toContain(`Loaded the live state of ${region}`);
    expect((await pageDoc(page)).vpcs.some((v) => v.id === vpcId)).toBe(true);
    await shot(page, "live-from-file");
    await page.close();
  });

  it("keeps the plan in the URL fragment; the shared URL restores it", async () => {
    const page = await openPlanner(browser, served());
    await loadExample(page, "channels");
    await settled(page, () => page.fill("[data-path='channels[0].nodes[1].weight']", "75"));
    await page.click("#copy-link");
    await page.waitForFunction(() => (globalThis as unknown as InPage).document.body.dataset.shared !== undefined);
    await page.waitForSelector("#toolbar-status:not(:empty)");
    const url = page.url();
    expect(url).toMatch(/#plan=[A-Za-z0-9_-]+$/);
    const doc = await pageDoc(page);
    expect(doc.channels![0]!.nodes![1]!.weight).toBe(75);

    const [file] = await Promise.all([page.waitForEvent("download"), page.click("#download")]);
    expect(file.suggestedFilename()).toBe("network-plan.json");
    expect(JSON.parse(readFileSync(await file.path(), "utf8"))).toEqual(doc);

    const again = await openPlanner(browser, url);
    expect(await pageDoc(again)).toEqual(doc);
    expect(await again.inputValue("[data-path='channels[0].nodes[1].weight']")).toBe("75");
    expect((await lintCodes(again)).sort()).toEqual(["CHANNEL_VPC_UNREACHABLE", "SHARED_INSTANCE"]);
    await shot(again, "shared");
    await again.close();
    await page.close();
  });

  it("works offline from the built files: an example is checked with no request made", async () => {
    const context = await browser.newContext({ offline: true });
    const requests: string[] = [];
    context.on("request", (r) => requests.push(r.url()));
    const page = await openPlanner(context, PLANNER_FILE);
    await loadExample(page, "channels");
    expect((await lintCodes(page)).sort()).toEqual(["CHANNEL_VPC_UNREACHABLE", "SHARED_INSTANCE"]);
    expect(await matrixCell(page, "ins-tools", "ins-app1")).toBe("ACCEPTED");
    expect((await shownTrace(page)).codes).toEqual(["CHANNEL_VPC_UNREACHABLE"]);
    // Sharing works from file:// too.
    await settled(page, () => page.fill("[data-path='services[2].name']", "offline edit"));
    await page.click("#copy-link");
    await page.waitForSelector("#toolbar-status:not(:empty)");
    expect(page.url()).toMatch(/^file:.*#plan=/);
    expect(requests.filter((u) => !u.startsWith("file:") && !u.startsWith("data:") && !u.startsWith("blob:"))).toEqual([]);
    await shot(page, "offline");
    await context.close();
  });
});
