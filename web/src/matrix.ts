// The reachability matrix: the core's verdict for one protocol and port from every instance to
// every other one (one typed array of codes), as a keyboard-navigable ARIA grid (green: accepted,
// red: the code). Choosing a cell traces that flow. Also shows how long the core took (#matrix-time).
import { CODE_MEANINGS, CODE_RULES, cellName, type CodeName, type Matrix, type MatrixCodes } from "../../policy-core/bindings/index";
import { $, esc } from "./dom";
import { clearField, markField } from "./marks";
import type { Store } from "./state";

/** abbr reports a cell's short text: OK, a dot for the diagonal, else the code's initials. */
function abbr(cell: Matrix["cells"][number][number]): string {
  if (cell === "ACCEPTED") return "OK";
  if (cell === "SELF") return "·";
  return cell.split("_").map((w) => w[0]).join("");
}

/** nameOf reports a cell code's name (cached: a matrix holds few distinct codes). */
const names = new Map<number, Matrix["cells"][number][number]>();
function nameOf(code: number): Matrix["cells"][number][number] {
  let n = names.get(code);
  if (n === undefined) names.set(code, (n = cellName(code)));
  return n;
}

/** asNames reports a matrix of codes as names, cells[i][j] (for the debugging hook). */
export function asNames(m: MatrixCodes): Matrix {
  const cells = Array.from({ length: m.size }, (_, i) => Array.from(m.codes.subarray(i * m.size, (i + 1) * m.size), nameOf));
  return { protocol: m.protocol, port: m.port, ids: m.ids, cells };
}

/** MatrixView renders the matrix and lets the user pick a cell. */
export class MatrixView {
  private readonly proto = $<HTMLInputElement>("#mx-proto");
  private readonly port = $<HTMLInputElement>("#mx-port");
  private readonly grid = $<HTMLElement>("#matrix");
  private readonly time = $<HTMLElement>("#matrix-time");
  private readonly info = $<HTMLElement>("#matrix-cell-info");
  private readonly legend = $<HTMLElement>("#matrix-legend");
  /** The last matrix the core computed (null when the plan does not load or the flow is bad). */
  last: MatrixCodes | null = null;
  /** Milliseconds the core took for the last matrix. */
  lastMs = 0;
  private active: [number, number] = [0, 1];
  /** Called with (source, destination, protocol, port) when a cell is chosen. */
  onPick: (src: string, dst: string, protocol: string, port: string) => void = () => {};
  /** Called when the user edits the matrix's flow, so the what-if can follow. */
  onFlow: (protocol: string, port: string) => void = () => {};

  constructor(private readonly store: Store) {
    const css = document.createElement("style");
    css.textContent = ["ACCEPTED", "SELF", ...Object.keys(CODE_RULES)].map((c) => `#matrix .c-${c}::before { content: "${abbr(c as CodeName)}"; }`).join("\n");
    document.head.append(css);
    // The cell's code as its tooltip and accessible name, set when the pointer or the keyboard gets there.
    this.grid.addEventListener("pointerover", (e) => this.titleOf(e.target as Element));
    for (const el of [this.proto, this.port]) {
      el.addEventListener("input", () => {
        this.compute();
        this.onFlow(this.proto.value, this.port.value);
      });
    }
    this.grid.addEventListener("click", (e) => {
      const cell = (e.target as Element).closest("[role=gridcell]");
      if (cell) this.pick(cell);
    });
    this.grid.addEventListener("keydown", (e) => this.key(e));
    this.grid.addEventListener("focusin", (e) => {
      const cell = (e.target as Element).closest("[role=gridcell]");
      if (cell) {
        this.titleOf(cell);
        this.describe(cell);
      }
    });
  }

  /** setFlow sets the protocol and port inputs. */
  setFlow(protocol: string, port: string): void {
    this.proto.value = protocol;
    this.port.value = port;
  }

  /** compute asks the core for the matrix of the current plan and renders it. */
  compute(): void {
    clearField(this.proto);
    clearField(this.port);
    const a = this.store.good;
    this.last = null;
    this.grid.parentElement!.classList.toggle("stale", this.store.stale);
    if (!a) {
      this.shown = null;
      this.grid.innerHTML = "";
      this.time.textContent = "matrix: —";
      this.legend.innerHTML = "";
      this.info.textContent = "Fix the plan's problems to see the matrix.";
      return;
    }
    const protocol = this.proto.value.trim();
    const port = this.port.value.trim();
    const t = performance.now();
    const r = a.plan.matrixCodes(protocol, port);
    const ms = performance.now() - t;
    if (!r.ok) {
      markField(r.error.field === "protocol" ? this.proto : this.port, r.error.message);
      this.shown = null;
      this.grid.innerHTML = "";
      this.time.textContent = "matrix: —";
      this.info.textContent = `Cannot compute: ${r.error.message}`;
      return;
    }
    this.last = r.matrix;
    this.lastMs = ms;
    this.info.textContent = this.store.stale
      ? "Stale: this is the last plan that loaded. Fix the problems listed in Findings to update it."
      : "Choose a cell (click, or arrow keys and Enter) to trace that flow.";
    const t2 = performance.now();
    this.render(r.matrix);
    const focused = this.grid.querySelector(":focus");
    if (focused) this.describe(focused);
    const n = r.matrix.ids.length;
    this.time.dataset.ms = ms.toFixed(2);
    this.time.textContent = `matrix: ${ms < 1 ? ms.toFixed(2) : ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms (${n} × ${n}, drawn in ${Math.round(performance.now() - t2)} ms)`;
  }

  /** The matrix on screen, to update only the cells that changed when the ids are the same. */
  private shown: MatrixCodes | null = null;

  private render(m: MatrixCodes): void {
    const n = m.ids.length;
    const prev = this.shown;
    this.shown = m;
    if (prev && n > 0 && prev.ids.length === n && prev.ids.every((id, i) => id === m.ids[i]) && this.grid.children.length === n + 1) {
      this.patch(prev, m);
      return;
    }
    if (n === 0) {
      this.shown = null;
      this.grid.innerHTML = "";
      this.legend.innerHTML = "";
      this.info.textContent = "No instances yet.";
      return;
    }
    const [ai, aj] = this.active[0] < n && this.active[1] < n ? this.active : [0, Math.min(1, n - 1)];
    this.active = [ai, aj];
    // Rows are blocks with content-visibility: auto, so only the rows on screen are laid out.
    const head = m.ids.map((id) => `<div role="columnheader" class="ch"><span>${esc(id)}</span></div>`).join("");
    const rows: string[] = [];
    for (let i = 0; i < n; i++) {
      let cells = "";
      for (let j = 0; j < n; j++) cells += `<div role="gridcell" class="c-${nameOf(m.codes[i * n + j]!)}"${i === ai && j === aj ? ' tabindex="0"' : ""}></div>`;
      rows.push(`<div role="row" class="mx-row"><div role="rowheader" class="rh">${esc(m.ids[i])}</div>${cells}</div>`);
    }
    this.grid.setAttribute("aria-label", `Reachability for ${m.protocol} ${m.port}: rows are sources, columns destinations. Arrow keys move, Enter traces.`);
    this.grid.setAttribute("aria-rowcount", String(n + 1));
    this.grid.setAttribute("aria-colcount", String(n + 1));
    this.grid.innerHTML = `<div role="row" class="mx-row mx-head"><div role="columnheader" class="rh corner">from \\ to</div>${head}</div>${rows.join("")}`;
    this.renderLegend(m);
  }

  private patch(prev: MatrixCodes, m: MatrixCodes): void {
    const n = m.size;
    const [was, now] = [prev.codes, m.codes];
    for (let k = 0; k < n * n; k++) {
      if (was[k] === now[k]) continue;
      // One write per changed cell: the class names the code; its colour and initials come from CSS.
      this.cell(Math.floor(k / n), k % n)!.className = `c-${nameOf(now[k]!)}`;
    }
    this.grid.setAttribute("aria-label", `Reachability for ${m.protocol} ${m.port}: rows are sources, columns destinations. Arrow keys move, Enter traces.`);
    this.renderLegend(m);
  }

  private renderLegend(m: MatrixCodes): void {
    const seen = new Uint8Array(256);
    for (let k = 0; k < m.codes.length; k++) seen[m.codes[k]!] = 1;
    const used = [...seen.keys()].filter((c) => seen[c]).map(nameOf).filter((c): c is CodeName => c !== "ACCEPTED" && c !== "SELF").sort();
    this.legend.innerHTML = `<li><span class="sw ok">OK</span> ACCEPTED</li>` + used.map((c) => `<li><span class="sw no">${abbr(c)}</span> <code>${c}</code> (${CODE_RULES[c]}): ${esc(CODE_MEANINGS[c])}</li>`).join("");
  }

  private titleOf(el: Element): void {
    const cell = el.closest<HTMLElement>("[role=gridcell]");
    if (cell) cell.title = cell.className.split(" ")[0]!.slice(2);
  }

  private cell(i: number, j: number): HTMLElement | null {
    return (this.grid.children[i + 1]?.children[j + 1] as HTMLElement | undefined) ?? null;
  }

  private coords(cell: Element): [number, number] {
    const row = cell.parentElement!;
    return [Array.prototype.indexOf.call(this.grid.children, row) - 1, Array.prototype.indexOf.call(row.children, cell) - 1];
  }

  private describe(cell: Element): void {
    if (!this.last) return;
    const [i, j] = this.coords(cell);
    const n = this.last.size;
    if (i < 0 || j < 0 || i >= n || j >= n) return;
    const c = nameOf(this.last.codes[i * n + j]!);
    const why = c === "ACCEPTED" || c === "SELF" ? c : `${c} (${CODE_RULES[c]}): ${CODE_MEANINGS[c]}`;
    this.info.textContent = `${this.last.ids[i]} → ${this.last.ids[j]}: ${why}`;
  }

  private focusCell(i: number, j: number): void {
    const next = this.cell(i, j);
    if (!next) return;
    this.cell(...this.active)?.removeAttribute("tabindex");
    next.tabIndex = 0;
    next.focus();
    this.active = [i, j];
  }

  private pick(cell: Element): void {
    const [i, j] = this.coords(cell);
    this.focusCell(i, j);
    for (const el of this.grid.querySelectorAll(".picked")) el.classList.remove("picked");
    cell.classList.add("picked");
    if (this.last && i !== j) this.onPick(this.last.ids[i]!, this.last.ids[j]!, this.last.protocol, this.last.port);
  }

  private key(e: KeyboardEvent): void {
    const cell = (e.target as Element).closest("[role=gridcell]");
    if (!cell || !this.last) return;
    const [i, j] = this.coords(cell);
    const n = this.last.ids.length;
    const moves: Record<string, [number, number]> = {
      ArrowUp: [i - 1, j], ArrowDown: [i + 1, j], ArrowLeft: [i, j - 1], ArrowRight: [i, j + 1],
      Home: [i, 0], End: [i, n - 1], PageUp: [Math.max(0, i - 10), j], PageDown: [Math.min(n - 1, i + 10), j],
    };
    if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      this.pick(cell);
    } else if (moves[e.key]) {
      e.preventDefault();
      const [a, b] = moves[e.key]!;
      if (a >= 0 && b >= 0 && a < n && b < n) this.focusCell(a, b);
    }
  }
}
