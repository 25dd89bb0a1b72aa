// The planner's layout in Chromium at 1440×900 and 390×844: the trace opens where the user clicked
// and is drawn on the diagram, phones get no sideways scroll and verdicts first, the diagram has a
// legend for every mark, routed lines, full labels and the key findings marked on the picture.
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { ARTIFACTS, SCREENS, cellSelector, launchChromium, loadExample, openPlanner, pageProblems, settled } from "../helpers/browser";

/** The page's globals as the in-page callbacks see them (the tests' tsconfig has no DOM types). */
interface Box { left: number; right: number; top: number; bottom: number; width: number; height: number }
interface Pt { x: number; y: number; matrixTransform(m: unknown): Pt }
interface SvgPath { dataset: Record<string, string>; getAttribute(n: string): string | null; getScreenCTM(): unknown; getTotalLength(): number; getPointAtLength(d: number): Pt }
declare const document: { querySelector(s: string): { getBoundingClientRect(): Box }; documentElement: { scrollWidth: number } };
declare const innerHeight: number;
declare const innerWidth: number;
declare function scrollTo(x: number, y: number): void;

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const served = () => `http://127.0.0.1:${inject("devPort")}/planner/`;
type Screen = keyof typeof SCREENS;
const SCREEN_NAMES = Object.keys(SCREENS) as Screen[];

async function open(screen: Screen): Promise<Page> {
  return openPlanner(browser, served(), SCREENS[screen]);
}

/** inView reports whether an element's box lies (at least partly) on the screen. */
async function inView(page: Page, sel: string): Promise<boolean> {
  return page.$eval(sel, (el) => {
    const r = el.getBoundingClientRect();
    return r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth && r.height > 0;
  });
}

/** Segments of routed lines that pass through a box they neither start nor end at (nor sit inside). */
async function crossings(page: Page): Promise<string[]> {
  return page.$eval("#diagram svg", (svg) => {
    const boxes = [...svg.querySelectorAll("g[data-id]")].map((g) => {
      const rect = g.querySelector(":scope > rect")!;
      return { id: g.getAttribute("data-id")!, r: rect.getBoundingClientRect() as Box };
    }).filter((b) => b.r.width > 0);
    const inside = (a: Box, b: Box) => a.left >= b.left - 0.5 && a.right <= b.right + 0.5 && a.top >= b.top - 0.5 && a.bottom <= b.bottom + 0.5;
    const bad: string[] = [];
    for (const p of [...svg.querySelectorAll("path[data-ends]")] as unknown as SvgPath[]) {
      const ends = p.dataset.ends!.split(" ");
      const endBoxes = boxes.filter((b) => ends.includes(b.id)).map((b) => b.r);
      const related = (r: Box) => endBoxes.some((e) => e === r || inside(e, r));
      const ctm = p.getScreenCTM();
      const len = p.getTotalLength();
      for (let d = 0; d <= len; d += 3) {
        const pt = p.getPointAtLength(d).matrixTransform(ctm);
        const hit = boxes.find((b) => !related(b.r) && pt.x > b.r.left + 1 && pt.x < b.r.right - 1 && pt.y > b.r.top + 1 && pt.y < b.r.bottom - 1);
        if (hit) {
          bad.push(`${p.getAttribute("class")} ${p.dataset.ends} crosses ${hit.id}`);
          break;
        }
      }
    }
    return bad;
  });
}

for (const screen of SCREEN_NAMES) {
  describe(`planner layout at ${SCREENS[screen].width}×${SCREENS[screen].height}`, () => {
    it("a trace opened from a matrix cell shows where the user is looking, and is drawn on the diagram", async () => {
      const page = await open(screen);
      await loadExample(page, "valid-classiclink");
      await page.$eval(cellSelector(5, 0), (el) => el.scrollIntoView({ block: "center", inline: "center" }));
      await page.click(cellSelector(5, 0));
      expect(await page.inputValue("#wi-src")).toBe("ins-batch");
      // The verdict is on the screen right after the click, below the matrix it came from.
      expect(await inView(page, "#trace [data-verdict]")).toBe(true);
      const below = await page.evaluate(() => document.querySelector("#trace")!.getBoundingClientRect().top - document.querySelector(".matrix-wrap")!.getBoundingClientRect().top);
      expect(below).toBeGreaterThan(0);
      // The path on the diagram: hops highlighted, the deciding object marked, forward and return apart.
      await page.fill("#wi-src", "ins-legacy1");
      await page.fill("#wi-dst", "ins-web1");
      expect(await page.$$eval("#diagram svg .on-path", (l) => l.map((e) => e.getAttribute("data-id")))).toEqual(expect.arrayContaining(["ins-legacy1", "ins-web1"]));
      expect(await page.$$eval("#diagram svg path.trace-forward", (l) => l.length)).toBeGreaterThan(0);
      expect(await page.$$eval("#diagram svg path.trace-return", (l) => l.length)).toBeGreaterThan(0);
      await page.fill("#wi-dst", "ins-db1");
      await page.fill("#wi-port", "3306");
      expect(await page.$$eval("#diagram svg .deciding-mark", (l) => l.length)).toBe(1);
      expect(await page.textContent("#diagram svg .deciding-mark")).toContain("ACL_INBOUND_DENIED");
      await page.$eval("#diagram", (el) => el.scrollIntoView({ block: "start" }));
      await page.screenshot({ path: join(ARTIFACTS, `planner-${screen}-trace-diagram.png`) });
      expect(pageProblems(page)).toEqual([]);
      await page.close();
    });

    it("the diagram has a legend for every mark and line style, full labels, and lines that avoid unrelated boxes", async () => {
      const page = await open(screen);
      for (const id of ["valid-classiclink", "channels", "ineligible-cidr", "link-limit"]) {
        await loadExample(page, id);
        const used = await page.$$eval("#diagram svg [data-mark]", (l) => [...new Set(l.map((e) => e.getAttribute("data-mark")))]);
        const legend = await page.$$eval("#diagram [data-legend]", (l) => l.map((e) => e.getAttribute("data-legend")));
        expect(used.filter((m) => !legend.includes(m)), id).toEqual([]);
        expect(await page.$$eval("#diagram svg text", (l) => l.map((t) => t.textContent ?? "").filter((t) => t.includes("…"))), id).toEqual([]);
        expect(await crossings(page), id).toEqual([]);
      }
      await loadExample(page, "channels");
      expect(await page.$$eval("#diagram svg text", (l) => l.map((t) => t.textContent))).toContain("upstream-orders → vpc-orders");
      expect(await page.$$eval("#diagram [data-legend]", (l) => l.map((e) => e.getAttribute("data-legend")))).toEqual(
        expect.arrayContaining(["service", "channel", "ccn", "gateway", "line-uses", "line-chan-vpc", "line-on-gw", "line-ccn"]),
      );
      await page.$eval("#diagram", (el) => el.scrollIntoView({ block: "start" }));
      await page.screenshot({ path: join(ARTIFACTS, `planner-${screen}-diagram-channels.png`) });
      await page.close();
    });

    it("the finding that matters is marked on the picture: the 101st link, the channel without a CCN", async () => {
      const page = await open(screen);
      await loadExample(page, "link-limit");
      const doc = await page.evaluate(() => (globalThis as unknown as { __planner: { doc: { classicLinks: { instanceId: string }[] } } }).__planner.doc);
      const mark = "#diagram svg [data-finding='LINK_LIMIT_EXCEEDED']";
      expect(await page.textContent(mark)).toContain("101st link");
      expect(await page.textContent(mark)).toContain(doc.classicLinks[100]!.instanceId);
      expect(await page.$eval(`#diagram svg g[data-id='${doc.classicLinks[100]!.instanceId}']`, (g) => g.classList.contains("over-limit"))).toBe(true);
      await page.$eval(mark, (el) => el.scrollIntoView({ block: "center", inline: "center" }));
      await page.screenshot({ path: join(ARTIFACTS, `planner-${screen}-diagram-link-limit.png`) });
      await loadExample(page, "channels");
      expect(await page.textContent("#diagram svg [data-finding='CHANNEL_VPC_UNREACHABLE']")).toContain("no CCN");
      await page.close();
    });
  });
}

describe("planner on a phone (390×844)", () => {
  it("no sideways page scroll, the verdicts first, the editor one tap away, tables inside their boxes", async () => {
    const page = await open("phone");
    for (const id of ["valid-classiclink", "link-limit", "channels"]) {
      await loadExample(page, id);
      expect(await page.evaluate(() => document.documentElement.scrollWidth), id).toBeLessThanOrEqual(390);
    }
    await loadExample(page, "valid-classiclink");
    await page.evaluate(() => scrollTo(0, 0));
    // The first verdict is on the first screen.
    const top = await page.$eval("#trace [data-verdict]", (el) => el.getBoundingClientRect().top);
    expect(top).toBeLessThan(844);
    await page.screenshot({ path: join(ARTIFACTS, "planner-phone-first-screen.png") });
    // The trace's columns are all on the screen (the table reflows).
    const right = await page.$$eval("#trace td", (tds) => Math.max(...tds.map((t) => t.getBoundingClientRect().right)));
    expect(right).toBeLessThanOrEqual(390);
    // The matrix legend's entries do not run into each other.
    const overlaps = await page.$$eval("#matrix-legend li", (lis) => {
      const rs = lis.map((l) => l.getBoundingClientRect());
      return rs.some((a, i) => rs.some((b, j) => j > i && a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom));
    });
    expect(overlaps).toBe(false);
    // One tap to the editor.
    await page.click("#to-editor");
    await page.waitForFunction(() => document.querySelector("#edit-h")!.getBoundingClientRect().top < innerHeight && document.querySelector("#edit-h")!.getBoundingClientRect().top >= 0);
    await page.screenshot({ path: join(ARTIFACTS, "planner-phone-editor.png") });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(pageProblems(page)).toEqual([]);
    await page.close();
  });
});

describe("planner on a desktop (1440×900)", () => {
  it("the editor's tables show all their columns, and a port range fits its input", async () => {
    const page = await open("desktop");
    await loadExample(page, "valid-classiclink");
    const cut = await page.$$eval("#editor table", (ts) => ts.filter((t) => {
      const box = t.parentElement!;
      return t.getBoundingClientRect().right > box.getBoundingClientRect().right + 1 || box.scrollWidth > box.clientWidth + 1;
    }).length);
    expect(cut).toBe(0);
    await settled(page, () => page.fill("[data-path='securityGroups[0].ingress[0].port']", "32768-65535"));
    expect(await page.$eval("[data-path='securityGroups[0].ingress[0].port']", (el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, "planner-desktop-editor.png") });
    await page.close();
  });
});
