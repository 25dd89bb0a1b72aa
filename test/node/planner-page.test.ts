// The planner page in a real Chromium: served by the Worker under /planner/ and from the built
// files alone (offline), showing the core's verdicts with reasons.
import { pathToFileURL } from "node:url";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { ARTIFACTS, launchChromium } from "../helpers/browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

async function verdicts(page: Page, table: string): Promise<string[]> {
  return page.$$eval(`${table} td`, (tds) => tds.map((td) => td.textContent ?? ""));
}

describe("planner page", () => {
  it("is served under /planner/ and GET / redirects there", async () => {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${inject("devPort")}/`);
    expect(new URL(page.url()).pathname).toBe("/planner/");
    await page.waitForSelector("body[data-ready='1']");
    expect(await verdicts(page, "#cidr-verdicts")).toEqual(["passes", "passes", "passes"]);
    await page.screenshot({ path: join(ARTIFACTS, "planner-served.png") });
    await page.close();
  });

  it("shows the core's reason when a CIDR breaks CL6 and when it is malformed", async () => {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${inject("devPort")}/planner/`);
    await page.waitForSelector("body[data-ready='1']");
    await page.fill("#cidr", "10.48.0.0/16");
    const cl6 = await verdicts(page, "#cidr-verdicts");
    expect(cl6[0]).toBe("passes");
    expect(cl6[2]).toContain("second octet is above 47");
    await page.fill("#cidr", "010.0.0.0/16");
    expect((await verdicts(page, "#cidr-verdicts"))[0]).toContain("leading zero");
    await page.fill("#ip", "10.3.0.9");
    expect((await verdicts(page, "#ip-verdicts"))[1]).toContain("10.48.0.0-10.255.255.255");
    await page.screenshot({ path: join(ARTIFACTS, "planner-reasons.png") });
    await page.close();
  });

  it("works offline from the built files alone", async () => {
    const context = await browser.newContext({ offline: true });
    const page = await context.newPage();
    await page.goto(pathToFileURL(join(process.cwd(), "web/dist/planner/index.html")).href);
    await page.waitForSelector("body[data-ready='1']");
    await page.fill("#cidr", "10.0.0.0/12");
    expect((await verdicts(page, "#cidr-verdicts"))[2]).toContain("prefix is shorter than /16");
    await context.close();
  });
});
