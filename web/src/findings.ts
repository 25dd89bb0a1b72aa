// The findings panel: whether the plan loads (else every issue with its path), the lint list with
// each finding's rule (CLx/CHx) and message, and the shadowed rules. All of it is the core's output.
import type { LintFinding, ShadowedRule } from "../../policy-core/bindings/index";
import { esc } from "./dom";
import type { Analysis } from "./state";

function lintItem(f: LintFinding, i: number): string {
  return `<li data-code="${f.code}" data-rule="${esc(f.rule)}"><span class="badge">${esc(f.rule)}</span> <code>${f.code}</code> <span class="msg">${esc(f.message)}</span> <button type="button" class="link" data-lint="${i}">Show</button></li>`;
}

function shadowItem(s: ShadowedRule, i: number): string {
  return `<li><span class="msg">${esc(s.message)}</span> <button type="button" class="link" data-shadow="${i}">Show</button></li>`;
}

/** renderFindings fills the findings panel from the core's analysis (lint of the last good plan when stale). */
export function renderFindings(a: Analysis, good: Extract<Analysis, { ok: true }> | null, counts: { vpcs: number; nodes: number }, jsonError: string | null): void {
  const status = document.querySelector<HTMLElement>("#load-status")!;
  const issues = document.querySelector<HTMLElement>("#issues")!;
  const lint = document.querySelector<HTMLElement>("#lint")!;
  const shadowed = document.querySelector<HTMLElement>("#shadowed")!;
  const stale = jsonError !== null || !a.ok;
  lint.classList.toggle("stale", stale);
  shadowed.parentElement!.classList.toggle("stale", stale);
  if (jsonError !== null) {
    status.className = "bad";
    status.textContent = `The JSON box does not hold valid JSON (${jsonError}); nothing below changes until it does.`;
    issues.innerHTML = "";
  } else if (!a.ok) {
    status.className = "bad";
    status.textContent = `The plan does not load: ${a.issues.length} problem${a.issues.length === 1 ? "" : "s"} (marked at the fields).`;
    issues.innerHTML = a.issues.map((i, k) => `<li><code>${esc(i.path || "(document)")}</code> ${esc(i.message)} <button type="button" class="link" data-issue="${k}">Show</button></li>`).join("");
  } else {
    status.className = a.lint.length ? "warn" : "good";
    status.textContent = `The plan loads (${counts.vpcs} VPC${counts.vpcs === 1 ? "" : "s"}, ${counts.nodes} instances and load balancers, checked in ${a.ms.toFixed(1)} ms): ${a.lint.length ? `${a.lint.length} finding${a.lint.length === 1 ? "" : "s"}` : "no lint findings"}.`;
    issues.innerHTML = "";
  }
  const shown = a.ok ? a : good;
  shadowed.parentElement!.hidden = !shown;
  lint.innerHTML = shown ? shown.lint.map(lintItem).join("") : "";
  shadowed.innerHTML = !shown ? "" : shown.shadowed.length ? shown.shadowed.map(shadowItem).join("") : `<li class="empty">No shadowed rules.</li>`;
}
