// Marks the editor with the core's answers: each plan issue at the field its JSON path names
// (aria-invalid and the reason next to it), shadowed rules and the trace's deciding rule in the
// rule tables. It maps paths to inputs; the reasons are the core's.
import type { PlanIssue, ShadowedRule } from "../../policy-core/bindings/index";
import { esc } from "./dom";

let msgSeq = 0;

function clear(root: HTMLElement): void {
  for (const el of root.querySelectorAll("[aria-invalid='true']")) {
    el.removeAttribute("aria-invalid");
    el.removeAttribute("aria-describedby");
  }
  for (const el of root.querySelectorAll(".field-msg")) el.remove();
  for (const el of root.querySelectorAll(".sec-problems")) el.textContent = "";
}

/** fieldFor finds the input an issue path names: the path itself, else the closest enclosing one. */
function fieldFor(byPath: Map<string, HTMLElement>, paths: string[], path: string): HTMLElement | null {
  let p = path;
  for (;;) {
    const exact = byPath.get(p);
    if (exact) return exact;
    if (p === "") return null;
    const inside = paths.find((q) => q.startsWith(`${p}.`) || q.startsWith(`${p}[`));
    if (inside) return byPath.get(inside)!;
    const up = p.replace(/(\.[^.[\]]+|\[\d+\])$/, "");
    if (up === p) return null;
    p = up;
  }
}

/** markField shows a reason next to one input. */
export function markField(el: HTMLElement, message: string): void {
  el.setAttribute("aria-invalid", "true");
  const host = el.parentElement ?? el;
  let msg = host.querySelector<HTMLElement>(":scope > .field-msg");
  if (!msg) {
    msg = document.createElement("div");
    msg.className = "field-msg";
    msg.id = `fm-${++msgSeq}`;
    el.insertAdjacentElement("afterend", msg);
    el.setAttribute("aria-describedby", msg.id);
  }
  msg.textContent = msg.textContent ? `${msg.textContent}; ${message}` : message;
}

/** clearField removes one input's mark. */
export function clearField(el: HTMLElement): void {
  el.removeAttribute("aria-invalid");
  el.removeAttribute("aria-describedby");
  el.parentElement?.querySelector(":scope > .field-msg")?.remove();
}

/**
 * markIssues marks each issue at its field in the editor (the JSON box takes the ones no field
 * holds) and reports the element each issue was marked on.
 */
export function markIssues(root: HTMLElement, json: HTMLTextAreaElement, issues: PlanIssue[]): HTMLElement[] {
  clear(root);
  const byPath = new Map<string, HTMLElement>();
  for (const el of root.querySelectorAll<HTMLElement>("[data-path]")) byPath.set(el.dataset.path!, el);
  const paths = [...byPath.keys()];
  const counts = new Map<Element, number>();
  const marked = issues.map((i) => {
    const el = fieldFor(byPath, paths, i.path) ?? json;
    if (el !== json) markField(el, i.message);
    const sec = el.closest("details.sec");
    if (sec) counts.set(sec, (counts.get(sec) ?? 0) + 1);
    return el;
  });
  for (const [sec, n] of counts) {
    const note = sec.querySelector(".sec-problems");
    if (note) note.textContent = ` ⚠ ${n} problem${n > 1 ? "s" : ""}`;
  }
  return marked;
}

/** markShadowed highlights the rules the core reports as shadowed (at the core's path), with its message below each. */
export function markShadowed(root: HTMLElement, shadowed: ShadowedRule[]): void {
  for (const row of root.querySelectorAll(".shadowed")) row.classList.remove("shadowed");
  for (const note of root.querySelectorAll(".shadow-note")) note.remove();
  for (const s of shadowed) {
    const row = root.querySelector<HTMLTableRowElement>(`tr[data-row-path="${CSS.escape(s.path)}"]`);
    if (!row) continue;
    row.classList.add("shadowed");
    const id = `sn-${++msgSeq}`;
    row.insertAdjacentHTML("afterend", `<tr class="shadow-note"><td></td><td colspan="${row.cells.length - 1}" id="${id}">Shadowed: ${esc(s.message)}</td></tr>`);
    row.setAttribute("aria-describedby", id);
  }
}

/** markDeciding highlights the rule row that decided the last trace (none: null). */
export function markDeciding(root: HTMLElement, path: string | null): HTMLElement | null {
  for (const row of root.querySelectorAll(".deciding")) row.classList.remove("deciding");
  if (!path) return null;
  const row = root.querySelector<HTMLElement>(`[data-row-path="${CSS.escape(path)}"]`);
  row?.classList.add("deciding");
  return row;
}
