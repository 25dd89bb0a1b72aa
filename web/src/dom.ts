// Small DOM helpers shared by the page's modules: escaping, element lookup and one-off elements.
// Presentation only.

/** esc escapes text for use inside HTML text and attribute values. */
export function esc(v: unknown): string {
  return String(v ?? "").replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** $ reports the element with a selector, or throws (the page's own markup is fixed). */
export function $<T extends Element = HTMLElement>(sel: string, root: ParentNode = document): T {
  const e = root.querySelector<T>(sel);
  if (!e) throw new Error(`planner: no element ${sel}`);
  return e;
}

/** setStatus shows a short message in a status element (role=status, so it is announced). */
export function setStatus(el: HTMLElement, text: string, bad = false): void {
  el.textContent = text;
  el.classList.toggle("bad", bad);
}

/** isObj reports whether a JSON value is a plain object. */
export function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** list reports a JSON value as an array of objects (anything else as an empty list). */
export function objects(v: unknown): Record<string, unknown>[] {
  return Array.isArray(v) ? v.filter(isObj) : [];
}

/** text reports a JSON value as display text. */
export function text(v: unknown): string {
  if (v === undefined || v === null) return "";
  if (typeof v === "string") return v;
  return JSON.stringify(v);
}
