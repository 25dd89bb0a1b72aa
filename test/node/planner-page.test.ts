// The planner page in a real Chromium: served by the Worker under /planner/ and from the built
// files alone (offline), showing the core's reasons (CL6 and malformed CIDRs among them).
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { join } from "node:path";
import { ARTIFACTS, PLANNER_FILE, launchChromium, lintCodes, openPlanner, settled } from "../helpers/browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe("planner page", () => {
  it("is served under /planner/ and GET / redirects there", async () => {
    const page = await openPlanner(browser, `http://127.0.0.1:${inject("devPort")}/`);
    expect(new URL(page.url()).pathname).toBe("/planner/");
    expect(await page.textContent("#load-status")).toContain("The plan loads");
    expect(await page.textContent("#matrix-time")).toMatch(/^matrix: [\d.]+ ms/);
    await page.screenshot({ path: join(ARTIFACTS, "planner-served.png") });
    await page.close();
  });

  it("shows the core's reason when a CIDR breaks CL6 and when it is malformed", async () => {
    const page = await openPlanner(browser, `http://127.0.0.1:${inject("devPort")}/planner/`);
    // A second VPC CIDR above 10.47 is a fine VPC CIDR, but ClassicLink cannot use the VPC (CL6).
    await settled(page, () => page.fill("[data-path='vpcs[0].cidrs']", "10.1.0.0/16, 10.48.0.0/16"));
    expect(await lintCodes(page)).toEqual(["CIDR_NOT_ELIGIBLE", "CIDR_NOT_ELIGIBLE"]);
    expect(await page.textContent("#lint")).toContain("second octet is above 47");
    // A malformed CIDR is marked at its field with the parser's reason.
    await settled(page, () => page.fill("[data-path='vpcs[0].cidrs']", "010.1.0.0/16"));
    expect(await page.getAttribute("[data-path='vpcs[0].cidrs']", "aria-invalid")).toBe("true");
    expect(await page.textContent("[data-path='vpcs[0].cidrs'] + .field-msg")).toContain("leading zero");
    await settled(page, () => page.fill("[data-path='vpcs[0].cidrs']", "10.1.0.0/16"));
    // A classic instance inside the linkable range.
    await settled(page, () => page.fill("[data-path='instances[5].ip']", "10.3.0.9"));
    expect(await lintCodes(page)).toEqual(["CLASSIC_IP_INVALID"]);
    expect(await page.textContent("#lint")).toContain("10.48.0.0-10.255.255.255");
    await page.screenshot({ path: join(ARTIFACTS, "planner-reasons.png") });
    await page.close();
  });

  it("works offline from the built files alone", async () => {
    const context = await browser.newContext({ offline: true });
    const page = await openPlanner(context, PLANNER_FILE);
    await settled(page, () => page.fill("[data-path='vpcs[0].cidrs']", "10.0.0.0/12"));
    expect(await page.textContent("#lint")).toContain("prefix is shorter than /16");
    await context.close();
  });
});
