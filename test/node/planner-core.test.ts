// The planner page decides nothing itself: for every shipped example plan, the matrix, lint list,
// shadowed rules and the example's trace shown in Chromium equal what policy-core answers in Node.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { PolicyCore } from "../../policy-core/bindings/index";
import { launchChromium, lintCodes, loadExample, openPlanner, setMatrixFlow, shownMatrix, type InPage } from "../helpers/browser";
import { loadCore } from "../helpers/core-node";

const DIR = join(process.cwd(), "web/examples");
const EXAMPLES = readdirSync(DIR).filter((f) => f.endsWith(".json")).map((f) => ({ id: f.replace(/\.json$/, ""), doc: JSON.parse(readFileSync(join(DIR, f), "utf8")) as unknown }));
const FLOWS: [string, string][] = [["TCP", "22"], ["TCP", "80"], ["TCP", "3306"], ["UDP", "53"], ["ICMP", ""]];

let browser: Browser;
let core: PolicyCore;
let page: Page;
beforeAll(async () => {
  browser = await launchChromium();
  core = await loadCore();
  page = await openPlanner(browser, `http://127.0.0.1:${inject("devPort")}/planner/`);
});
afterAll(async () => {
  await browser?.close();
});

describe("planner page against policy-core in Node", () => {
  it("ships at least the four example plans and offers each one", async () => {
    expect(EXAMPLES.map((e) => e.id).sort()).toEqual(expect.arrayContaining(["channels", "ineligible-cidr", "link-limit", "valid-classiclink"]));
    const offered = await page.$$eval("#example option", (os) => os.map((o) => o.getAttribute("value")));
    expect([...offered].sort()).toEqual(EXAMPLES.map((e) => e.id).sort());
  });

  for (const ex of EXAMPLES) {
    it(`${ex.id}: matrix, lint, shadowed rules and trace equal the core's`, async () => {
      const loaded = core.plan(ex.doc);
      if (!loaded.ok) throw new Error(`${ex.id} does not load: ${JSON.stringify(loaded.issues)}`);
      const plan = loaded.plan;
      await loadExample(page, ex.id);

      // Lint and shadowed rules, message for message.
      expect(await lintCodes(page)).toEqual(plan.lint().map((f) => f.code));
      expect(await page.$$eval("#lint li .msg", (l) => l.map((x) => x.textContent))).toEqual(plan.lint().map((f) => f.message));
      const shadowed = plan.shadowed().map((s) => s.message);
      expect(await page.$$eval("#shadowed li .msg", (l) => l.map((x) => x.textContent))).toEqual(shadowed);

      // The example's question, traced in the page and in Node.
      const q = {
        source: await page.inputValue("#wi-src"), destination: await page.inputValue("#wi-dst"),
        protocol: await page.inputValue("#wi-proto"), port: await page.inputValue("#wi-port"),
      };
      const channel = (plan.doc.services ?? []).some((s) => s.id === q.source);
      const t = channel ? plan.traceChannel(q.source, q.destination) : plan.trace(q);
      if (!t.ok) throw new Error(`${ex.id}: ${t.error.message}`);
      expect(await page.getAttribute("#trace [data-verdict]", "data-verdict")).toBe(t.trace.verdict);
      expect(await page.$$eval("#trace .explanations li .msg", (l) => l.map((x) => x.textContent))).toEqual(t.trace.explanations.map((e) => e.message));
      for (const dir of ["forward", "return"] as const) {
        const shown = await page.$$eval(`#trace [data-dir=${dir}] tbody tr`, (rows) => rows.map((r) => [...r.querySelectorAll("td")].slice(1, 6).map((td) => td.textContent)));
        expect(shown, dir).toEqual(t.trace[dir].map((h) => [h.component, h.id ?? "", h.ruleIndex === null ? "" : String(h.ruleIndex), h.instanceId ?? "", h.code ?? "pass"]));
      }

      // The matrix for several flows: the table on screen and the debugging hook.
      for (const [protocol, port] of FLOWS) {
        await setMatrixFlow(page, protocol, port);
        const m = plan.matrix(protocol, port);
        if (!m.ok) throw new Error(`${ex.id} ${protocol} ${port}: ${m.error.message}`);
        const shown = await shownMatrix(page);
        expect(shown.ids, `${ex.id} ${protocol} ${port}`).toEqual(m.matrix.ids);
        expect(shown.cells, `${ex.id} ${protocol} ${port}`).toEqual(m.matrix.cells);
        const hook = await page.evaluate(() => (globalThis as unknown as InPage).__planner.matrix);
        expect(hook?.cells).toEqual(m.matrix.cells);
      }
    });
  }

  it("each Show link goes to the form row at the JSON path the core names (lint, shadowed rules, the deciding hop)", async () => {
    const focusedRow = () => page.evaluate(() => (globalThis as unknown as { document: { activeElement: { closest(s: string): { getAttribute(a: string): string | null } | null } | null } }).document.activeElement?.closest("[data-row-path]")?.getAttribute("data-row-path") ?? null);
    let checked = 0;
    for (const ex of EXAMPLES) {
      const loaded = core.plan(ex.doc);
      if (!loaded.ok) throw new Error(`${ex.id} does not load`);
      await loadExample(page, ex.id);
      const lint = loaded.plan.lint();
      for (let i = 0; i < lint.length; i++) {
        await page.click(`[data-lint="${i}"]`);
        expect(await focusedRow(), `${ex.id} ${lint[i]!.code}`).toBe(lint[i]!.path);
        checked++;
      }
      const shadowed = loaded.plan.shadowed();
      for (let i = 0; i < shadowed.length; i++) {
        await page.click(`[data-shadow="${i}"]`);
        expect(await focusedRow(), `${ex.id} ${shadowed[i]!.message}`).toBe(shadowed[i]!.path);
        expect(await page.$eval(`tr[data-row-path="${shadowed[i]!.path}"]`, (r) => r.classList.contains("shadowed"))).toBe(true);
        checked++;
      }
      const show = await page.$("#trace .deciding-line button[data-show-path]");
      if (show) {
        const path = await show.getAttribute("data-show-path");
        await show.click();
        expect(await focusedRow(), `${ex.id} deciding hop`).toBe(path);
        expect(await page.$eval(`[data-row-path="${path}"]`, (r) => r.classList.contains("deciding"))).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(4);
  });

  it("a flow the core refuses is marked at the input with the core's reason", async () => {
    await loadExample(page, "valid-classiclink");
    const plan = core.plan(EXAMPLES.find((e) => e.id === "valid-classiclink")!.doc);
    if (!plan.ok) throw new Error("valid-classiclink does not load");
    for (const [protocol, port, field] of [["ALL", "", "#mx-proto"], ["TCP", "70000", "#mx-port"], ["TCP", "", "#mx-port"]] as const) {
      await setMatrixFlow(page, protocol, port);
      const r = plan.plan.matrix(protocol, port);
      expect(r.ok).toBe(false);
      if (r.ok) continue;
      expect(await page.getAttribute(field, "aria-invalid")).toBe("true");
      expect(await page.$eval(field, (el) => el.parentElement?.querySelector(".field-msg")?.textContent)).toBe(r.error.message);
      expect(await page.textContent("#matrix-time")).toBe("matrix: —");
    }
    await setMatrixFlow(page, "TCP", "22");
    expect(await page.getAttribute("#mx-port", "aria-invalid")).toBeNull();
  });
});
