// The raw JSON editor, kept in sync with the forms: typing valid JSON replaces the document (the
// forms follow); invalid JSON is marked with the parser's message and changes nothing.
import type { Store } from "./state";

/** JsonView binds the textarea to the store. */
export class JsonView {
  private parseError: string | null = null;
  private planIssues: string[] = [];
  /** Called when the text stops (or starts again) being JSON, so the page can mark its answers stale. */
  onParseError: () => void = () => {};

  constructor(readonly area: HTMLTextAreaElement, private readonly msg: HTMLElement, private readonly store: Store) {
    area.addEventListener("input", () => this.edited());
  }

  /** show writes the document into the textarea. */
  show(): void {
    if (this.idle) cancelIdleCallback(this.idle);
    this.idle = 0;
    const t = performance.now();
    this.area.value = JSON.stringify(this.store.doc, null, 2);
    performance.measure("planner-json-text", { start: t, end: performance.now() });
    this.parseError = null;
    this.store.jsonError = null;
    this.paint();
  }

  private idle = 0;

  /**
   * showSoon writes the document into the textarea once the page is idle. A large plan's text is
   * slow to lay out (Chromium lays out a textarea line by line: about 100 ms for the 2,300 lines
   * of the link-limit example), so a form edit writes it only after the answer is painted.
   */
  showSoon(): void {
    if (this.area.value.length < 10_000) return this.show();
    if (this.idle) cancelIdleCallback(this.idle);
    this.idle = requestIdleCallback(() => {
      this.idle = 0;
      this.show();
    }, { timeout: 400 });
  }

  /** setIssues lists the plan issues no form field holds. */
  setIssues(messages: string[]): void {
    this.planIssues = messages;
    this.paint();
  }

  private edited(): void {
    // The user's text leads now: a form edit's pending write must not overwrite it.
    if (this.idle) cancelIdleCallback(this.idle);
    this.idle = 0;
    let doc: unknown;
    try {
      doc = JSON.parse(this.area.value);
    } catch (e) {
      this.parseError = `Not valid JSON: ${(e as Error).message}`;
      this.store.jsonError = (e as Error).message;
      this.paint();
      this.onParseError();
      return;
    }
    this.parseError = null;
    this.store.jsonError = null;
    this.paint();
    this.store.set(doc, "json");
  }

  private paint(): void {
    const lines = this.parseError ? [this.parseError] : this.planIssues;
    this.msg.textContent = lines.join("\n");
    if (lines.length) this.area.setAttribute("aria-invalid", "true");
    else this.area.removeAttribute("aria-invalid");
  }
}
