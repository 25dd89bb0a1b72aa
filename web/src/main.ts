// The planner page's entry: loads policy-core's wasm, wires the editor, the JSON box, findings,
// what-if traces, the matrix, the diagram, sharing and the live load. No rule is decided here;
// every verdict, reason and trace comes from the core.
import type { NetworkPlan } from "../../policy-core/bindings/index";
import { loadCore } from "./core";
import { renderDiagram } from "./diagram";
import { $, esc, isObj, objects, setStatus } from "./dom";
import { BLANK, EXAMPLES, exampleById, type Example } from "./examples";
import { renderFindings, rowKeys } from "./findings";
import { Forms } from "./forms";
import { JsonView } from "./json-view";
import { loadLivePlan } from "./live";
import { markDeciding, markIssues, markShadowed, rulePath } from "./marks";
import { MatrixView } from "./matrix";
import { decodePlan, download, flushUrl, ownHash, scheduleUrl } from "./share";
import { Store } from "./state";
import { TraceView } from "./trace-view";

async function main(): Promise<void> {
  const core = await loadCore();
  const store = new Store(core);
  const editor = $("#editor");
  const forms = new Forms(editor, store);
  const json = new JsonView($<HTMLTextAreaElement>("#json"), $("#json-msg"), store);
  const matrix = new MatrixView(store);
  const trace = new TraceView(store);
  const toolbarStatus = $("#toolbar-status");
  let marked: HTMLElement[] = [];
  let generation = 0;

  const applyMarks = () => {
    const a = store.analysis;
    if (!a) return;
    marked = markIssues(editor, json.area, a.ok ? [] : a.issues);
    json.setIssues(a.ok ? [] : a.issues.filter((_, k) => marked[k] === json.area).map((i) => `${i.path || "(document)"}: ${i.message}`));
    markShadowed(editor, a.ok ? a.plan.doc : ({ version: 1, vpcs: [] } as NetworkPlan), a.ok ? a.shadowed : []);
    markDeciding(editor, trace.decidingPath);
  };
  trace.onTrace = () => markDeciding(editor, trace.decidingPath);

  const analyzeNow = () => {
    const a = store.analyze();
    const doc = isObj(store.doc) ? store.doc : {};
    renderFindings(a, { vpcs: objects(doc.vpcs).length, nodes: objects(doc.instances).length + objects(doc.loadBalancers).length });
    trace.suggest(doc as unknown as NetworkPlan);
    matrix.compute();
    trace.run();
    applyMarks();
    $("#diagram").innerHTML = renderDiagram(store.doc, a.ok ? a.lint : []);
    document.body.dataset.gen = String(++generation);
    document.body.dataset.ready = "1";
  };
  // Small plans are checked again at once; when a check takes long (a large plan), edits in a
  // burst (typing) are checked once the burst pauses, so the page stays responsive.
  let timer: number | undefined;
  let lastCost = 0;
  const schedule = () => {
    clearTimeout(timer);
    timer = window.setTimeout(() => {
      const t = performance.now();
      analyzeNow();
      lastCost = performance.now() - t;
    }, lastCost > 80 ? 120 : 0);
  };

  store.subscribe((origin) => {
    if (origin !== "form") forms.render();
    if (origin !== "json") json.show();
    schedule();
    scheduleUrl(store.doc);
  });

  const loadDoc = (doc: unknown, example?: Example) => {
    if (example) {
      matrix.setFlow(example.protocol, example.port);
      trace.ask(...example.ask, false);
      document.body.dataset.example = example.id;
    } else {
      delete document.body.dataset.example;
    }
    store.set(doc, "load");
  };

  // Start from: an example, a blank plan, an uploaded file, or the live service.
  const select = $<HTMLSelectElement>("#example");
  select.innerHTML = EXAMPLES.map((e) => `<option value="${esc(e.id)}">${esc(e.title)}</option>`).join("");
  $("#load-example").addEventListener("click", () => {
    const ex = exampleById(select.value)!;
    loadDoc(ex.doc, ex);
  });
  $("#blank").addEventListener("click", () => {
    trace.ask("", "", "TCP", "22", false);
    loadDoc(structuredClone(BLANK));
  });
  $<HTMLInputElement>("#upload").addEventListener("change", async (e) => {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    try {
      loadDoc(JSON.parse(await file.text()));
      setStatus(toolbarStatus, `Loaded ${file.name}.`);
    } catch (err) {
      setStatus(toolbarStatus, `${file.name} is not JSON: ${(err as Error).message}`, true);
    }
    input.value = "";
  });
  $("#download").addEventListener("click", () => download(store.doc));
  $("#copy-link").addEventListener("click", async () => {
    await flushUrl(store.doc);
    try {
      await navigator.clipboard.writeText(location.href);
      setStatus(toolbarStatus, "Link copied: it holds the whole plan.");
    } catch {
      setStatus(toolbarStatus, "The address bar now holds the plan; copy it from there.");
    }
  });

  const endpoint = $<HTMLInputElement>("#live-endpoint");
  if (location.protocol === "http:" || location.protocol === "https:") endpoint.value = location.origin;
  else endpoint.placeholder = "https://vpc.tencentcloudapi.com";
  $("#live-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const status = $("#live-status");
    const region = $<HTMLInputElement>("#live-region").value;
    setStatus(status, "Loading…");
    try {
      const plan = await loadLivePlan(endpoint.value, region, $<HTMLInputElement>("#live-secret-id").value, $<HTMLInputElement>("#live-secret-key").value);
      trace.ask("", "", "TCP", "22", false);
      loadDoc(plan);
      setStatus(status, `Loaded the live state of ${region}: ${objects(isObj(plan) ? plan.vpcs : []).length} VPCs, ${objects(isObj(plan) ? plan.instances : []).length} instances.`);
    } catch (err) {
      setStatus(status, `Could not load: ${(err as Error).message}`, true);
    }
  });

  // "Show" links: from a finding, a shadowed rule or a trace hop to the form that holds it.
  const focusRow = (row: Element | null | undefined) => {
    if (!row) return;
    forms.reveal(row);
    (row.matches("input") ? (row as HTMLElement) : row.querySelector<HTMLElement>("input"))?.focus();
  };
  $("#answer-col").addEventListener("click", (e) => {
    const b = (e.target as Element).closest<HTMLButtonElement>("button");
    const a = store.analysis;
    if (!b || !a) return;
    if (b.dataset.issue !== undefined) focusRow(marked[Number(b.dataset.issue)]);
    if (!a.ok) return;
    if (b.dataset.lint !== undefined) {
      const f = a.lint[Number(b.dataset.lint)]!;
      focusRow(rowKeys(f).map((k) => editor.querySelector(`[data-row="${CSS.escape(k)}"]`)).find((r) => r));
    }
    if (b.dataset.shadow !== undefined) {
      const s = a.shadowed[Number(b.dataset.shadow)]!;
      focusRow(editor.querySelector(`[data-row-path="${CSS.escape(rulePath(a.plan.doc, s.kind, s.ownerId, s.direction, s.ruleIndex))}"]`));
    }
    if (b.dataset.showPath !== undefined) focusRow(editor.querySelector(`[data-row-path="${CSS.escape(b.dataset.showPath)}"]`));
  });
  matrix.onPick = (src, dst, protocol, port) => trace.ask(src, dst, protocol, port, true);

  // A debugging hook for tests and the curious: the core, the document and the last matrix.
  (window as unknown as { __planner: unknown }).__planner = {
    core, store,
    get doc() { return store.doc; },
    get matrix() { return matrix.last; },
    get matrixMs() { return matrix.lastMs; },
    load: (doc: unknown) => loadDoc(structuredClone(doc)),
    examples: EXAMPLES.map((e) => e.id),
  };

  const fromHash = async () => {
    try {
      return await decodePlan(location.hash);
    } catch (err) {
      setStatus(toolbarStatus, `The link's plan could not be read (${(err as Error).message}); showing an example instead.`, true);
      return null;
    }
  };
  window.addEventListener("hashchange", async () => {
    if (location.hash === ownHash) return;
    const doc = await fromHash();
    if (doc !== null) loadDoc(doc);
  });
  const shared = await fromHash();
  if (shared !== null) loadDoc(shared);
  else {
    const ex = exampleById(EXAMPLES[0]!.id)!;
    loadDoc(ex.doc, ex);
  }
}

main().catch((err: unknown) => {
  document.body.dataset.error = String(err);
  document.querySelector("#load-status")!.textContent = `The planner could not start: ${String(err)}`;
});
