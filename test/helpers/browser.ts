// Launches Debian's Chromium through playwright-core with the flags this closed network needs, and
// small readers for the planner page (web/) that its tests share.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { expect } from "vitest";

/** ARTIFACTS is where screenshots go (ignored by git). */
export const ARTIFACTS = join(process.cwd(), "test-artifacts");

/** launchChromium starts a headless /usr/bin/chromium (playwright gives it a fresh temporary profile). */
export async function launchChromium(): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
      "--disable-dev-shm-usage",
    ],
  });
}

// ---- The planner page (web/) ----

/** PLANNER_FILE is the built planner page, opened from the files alone. */
export const PLANNER_FILE = pathToFileURL(join(process.cwd(), "web/dist/planner/index.html")).href;

/** The little of the page's globals the helpers read inside the browser (the tests have no DOM types). */
export interface InPage {
  document: { body: { dataset: Record<string, string | undefined> } };
  location: { href: string; hash: string };
  __planner: { doc: unknown; matrix: { ids: string[]; cells: string[][] } | null; matrixMs: number };
}

/** A matrix as the page shows it: ids in order and each cell's code (its class, c-CODE). */
export interface ShownMatrix {
  ids: string[];
  cells: string[][];
}

/** The screens the planner is tested on: a desktop and a phone. */
export const SCREENS = { desktop: { width: 1440, height: 900 }, phone: { width: 390, height: 844 } } as const;

const problems = new WeakMap<Page, string[]>();

/** pageProblems reports the page errors and console errors a page has logged so far. */
export function pageProblems(page: Page): string[] {
  return problems.get(page) ?? [];
}

/** openPlanner opens the planner (on a 1366×768 screen unless told) and waits until it has checked its first plan. */
export async function openPlanner(target: Browser | BrowserContext, url: string, viewport: { width: number; height: number } = { width: 1366, height: 768 }): Promise<Page> {
  const page = await target.newPage({ viewport });
  const errors: string[] = [];
  problems.set(page, errors);
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(`console: ${m.text()} ${m.location().url}`);
  });
  await page.goto(url);
  await page.waitForSelector("body[data-ready='1']", { timeout: 20_000 }).catch((e: unknown) => {
    throw new Error(`the planner did not start: ${errors.join("; ") || String(e)}`);
  });
  return page;
}

/** settled runs an action and waits until the planner has checked the plan again. */
export async function settled(page: Page, action: () => Promise<unknown>): Promise<void> {
  const gen = await page.$eval("body", (b) => Number(b.dataset.gen ?? 0));
  await action();
  await page.waitForFunction((g) => Number((globalThis as unknown as InPage).document.body.dataset.gen ?? 0) > g, gen, { timeout: 20_000 });
}

/** loadExample picks a shipped example and waits until the planner has checked it. */
export async function loadExample(page: Page, id: string): Promise<void> {
  await page.selectOption("#example", id);
  await settled(page, () => page.click("#load-example"));
  expect(await page.$eval("body", (b) => b.dataset.example)).toBe(id);
}

/** shownMatrix reads the reachability matrix from the page's table. */
export async function shownMatrix(page: Page): Promise<ShownMatrix> {
  return page.$eval("#matrix", (grid) => ({
    ids: [...grid.querySelectorAll(".mx-head [role=columnheader] span")].map((s) => s.textContent ?? ""),
    cells: [...grid.querySelectorAll("[role=row]:not(.mx-head)")].map((row) => [...row.querySelectorAll("[role=gridcell]")].map((c) => /(?:^| )c-([A-Z_]+)/.exec(c.className)?.[1] ?? "")),
  }));
}

/** cellSelector is the selector of one cell of the page's matrix, by row and column index. */
export function cellSelector(i: number, j: number): string {
  return `#matrix > [role=row]:nth-child(${i + 2}) > [role=gridcell]:nth-child(${j + 2})`;
}

/** matrixCell reads one cell (source row, destination column) of the page's matrix. */
export async function matrixCell(page: Page, source: string, destination: string): Promise<string> {
  const m = await shownMatrix(page);
  const i = m.ids.indexOf(source);
  const j = m.ids.indexOf(destination);
  expect(i, `row ${source}`).toBeGreaterThanOrEqual(0);
  expect(j, `column ${destination}`).toBeGreaterThanOrEqual(0);
  return m.cells[i]![j]!;
}

/** setMatrixFlow sets the matrix's protocol and port (the page recomputes on input). */
export async function setMatrixFlow(page: Page, protocol: string, port: string): Promise<void> {
  await page.fill("#mx-proto", protocol);
  await page.fill("#mx-port", port);
}

/** lintCodes reads the codes of the page's lint list. */
export async function lintCodes(page: Page): Promise<string[]> {
  return page.$$eval("#lint li", (lis) => lis.map((li) => li.getAttribute("data-code") ?? ""));
}
