// The planner page's entry: loads policy-core's wasm, wires the editor, the JSON box, findings,
// what-if traces, the matrix, the diagram, sharing and the live load. No rule is decided here;
// every verdict, reason and trace comes from the core.
import type { NetworkPlan } from "../../policy-core/bindings/index";
import { loadCore } from "./core";
import { DiagramView } from "./diagram";
import { $, esc, isObj, objects, setStatus } from "./dom";
import { BLANK, EXAMPLES, exampleById, type Example } from "./examples";
import { renderFindings } from "./findings";
import { Forms } from "./forms";
import { JsonView } from "./json-view";
import { loadLivePlan } from "./live";
import { markDeciding, markIssues, markShadowed } from "./marks";
import { MatrixView, asNames } from "./matrix";
import { decodePlan, download, flushUrl, ownHash, scheduleUrl } from "./share";
import { Store } from "./state";
import { TraceView } from "./trace-view";

async function main(): Promise<void> {
  const core = await loadCore();
  const store = new Store(core);
  const editor = $("#editor");
  const forms = new Forms(editor, store, core);
  const json = new JsonView($<HTMLTextAreaElement>("#json"), $("#json-msg"), store);
  const matrix = new MatrixView(store);
  const trace = new TraceView(store);
  const diagram = new DiagramView($("#diagram"));
  const toolbarStatus = $("#toolbar-status");
  let marked: HTMLElement[] = [];
  let generation = 0;

  const applyMarks = () => {
    const a = store.analysis;
    if (!a) return;
    marked = markIssues(editor, json.area, a.ok ? [] : a.issues);
    json.setIssues(a.ok ? [] : a.issues.filter((_, k) => marked[k] === json.area).map((i) => `${i.path || "(document)"}: ${i.message}`));
    markShadowed(editor, a.ok ? a.shadowed : []);
    markDeciding(editor, trace.decidingPath);
  };
  trace.onTrace = () => {
    markDeciding(editor, trace.decidingPath);
    diagram.overlay(trace.last);
  };
  // One flow for both questions: editing the what-if's flow moves the matrix, and the other way round.
  trace.onFlow = (protocol, port) => {
    matrix.setFlow(protocol, port);
    matrix.compute();
  };
  matrix.onFlow = (protocol, port) => {
    trace.setFlow(protocol, port);
    trace.run();
  };

  const showStale = () => {
    const stale = store.stale;
    const note = $("#stale-note");
    note.hidden = !stale;
    const a = store.analysis;
    const why = store.jsonError !== null ? "the JSON box does not parse" : a && !a.ok ? `the plan does not load (${a.issues.length} problem${a.issues.length === 1 ? "" : "s"}, listed in Findings and marked at the fields)` : "";
    note.textContent = store.good
      ? `Stale: ${why}. The answers below are from the last plan that loaded; they update as soon as it loads again.`
      : `No answers yet: ${why}.`;
    document.body.dataset.stale = stale ? "1" : "0";
    $("#diagram").classList.toggle("stale", stale);
  };

  const timed = <T,>(name: string, fn: () => T): T => {
    const t = performance.now();
    const r = fn();
    performance.measure(`planner-${name}`, { start: t, end: performance.now() });
    return r;
  };
  const analyzeNow = () => {
    const a = timed("core-check", () => store.analyze());
    const doc = isObj(store.doc) ? store.doc : {};
    timed("findings", () => renderFindings(a, store.good, { vpcs: objects(doc.vpcs).length, nodes: objects(doc.instances).length + objects(doc.loadBalancers).length }, store.jsonError));
    showStale();
    const good = store.good;
    trace.suggest((good ? good.plan.doc : doc) as unknown as NetworkPlan);
    timed("diagram", () => {
      if (good && good !== drawn) {
        diagram.draw(good.plan.doc, good.lint);
        drawn = good;
      } else if (!good) {
        diagram.draw(store.doc, []);
        drawn = null;
      }
    });
    timed("trace", () => trace.run());
    timed("marks", () => applyMarks());
  };
  /** afterPaint runs fn once the frame being drawn is on the screen. */
  const afterPaint = (fn: () => void) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = fn;
    ch.port2.postMessage(0);
  };
  const done = () => {
    document.body.dataset.gen = String(++generation);
    document.body.dataset.ready = "1";
  };
  let drawn: typeof store.good = null;

  // Every edit is checked again in the next frame; edits that come faster than that are checked
  // once. Each keystroke's time to the painted answer is recorded (performance measures).
  let frame = 0;
  let inputAt: number | null = null;
  const paints: number[] = [];
  document.addEventListener("input", (e) => {
    inputAt ??= e.timeStamp;
  }, true);
  // The trace, findings and diagram are painted first; the matrix (the costliest part on a large
  // plan) follows in the next frame.
  let matrixFrame = 0;
  const schedule = () => {
    if (frame) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      const started = inputAt;
      inputAt = null;
      timed("check-and-draw", analyzeNow);
      cancelAnimationFrame(matrixFrame);
      afterPaint(() => {
        if (started !== null) performance.measure("planner-keystroke-to-trace", { start: started, end: performance.now() });
        cancelAnimationFrame(matrixFrame);
        matrixFrame = requestAnimationFrame(matrixNow);
      });
      const matrixNow = () => {
        matrixFrame = 0;
        if (frame) return; // a newer edit is on its way: its own pass draws the matrix and settles
        timed("matrix", () => matrix.compute());
        done();
        if (started === null) return;
        afterPaint(() => {
          const end = performance.now();
          paints.push(end - started);
          performance.measure("planner-keystroke-to-paint", { start: started, end });
        });
      };
    });
  };

  store.subscribe((origin) => timed("edit", () => {
    if (origin !== "form") forms.render();
    if (origin === "form") json.showSoon();
    else if (origin !== "json") json.show();
    schedule();
    scheduleUrl(store.doc);
  }));
  json.onParseError = schedule;

  // Loading a plan replaces the document; the one before can be brought back with Undo.
  let undoDoc: unknown = undefined;
  const undo = $<HTMLButtonElement>("#undo");
  undo.addEventListener("click", () => {
    if (undoDoc === undefined) return;
    const back = undoDoc;
    undoDoc = undefined;
    undo.hidden = true;
    store.forget();
    store.set(back, "load");
    setStatus(toolbarStatus, "The plan before the load is back.");
  });
  const loadDoc = (doc: unknown, example?: Example) => {
    if (generation > 0) {
      undoDoc = structuredClone(store.doc);
      undo.hidden = false;
    }
    if (example) {
      matrix.setFlow(example.ask[2], example.ask[3]);
      trace.ask(...example.ask, false);
      document.body.dataset.example = example.id;
    } else {
      delete document.body.dataset.example;
    }
    store.forget();
    store.jsonError = null;
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

  // The live state: fetched, then shown only after the user agrees to replace the plan.
  const endpoint = $<HTMLInputElement>("#live-endpoint");
  if (location.protocol === "http:" || location.protocol === "https:") endpoint.value = location.origin;
  const status = $("#live-status");
  let fetched: { plan: unknown; region: string } | null = null;
  $("#live-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const region = $<HTMLInputElement>("#live-region").value.trim();
    fetched = null;
    setStatus(status, "Loading…");
    try {
      const plan = await loadLivePlan(endpoint.value, region, $<HTMLInputElement>("#live-secret-id").value, $<HTMLInputElement>("#live-secret-key").value);
      fetched = { plan, region };
      const n = (k: string, one: string) => {
        const c = objects(isObj(plan) ? plan[k] : []).length;
        return `${c} ${one}${c === 1 ? "" : "s"}`;
      };
      const counts = `${n("vpcs", "VPC")}, ${n("instances", "instance")}`;
      status.classList.remove("bad");
      status.innerHTML = `The live state of ${esc(region)} has ${esc(counts)}. Replace the plan you are editing with it? <button type="button" id="live-confirm">Replace my plan</button> <button type="button" id="live-cancel">Keep my plan</button>`;
      $<HTMLButtonElement>("#live-confirm").focus();
    } catch (err) {
      setStatus(status, (err as Error).message, true);
    }
  });
  status.addEventListener("click", (e) => {
    const b = (e.target as Element).closest("button");
    if (!b || !fetched) return;
    const got = fetched;
    fetched = null;
    if (b.id === "live-cancel") return setStatus(status, "Kept your plan; the live state was not loaded.");
    trace.ask("", "", "TCP", "22", false);
    loadDoc(got.plan);
    setStatus(status, `Loaded the live state of ${got.region}: ${objects(isObj(got.plan) ? got.plan.vpcs : []).length} VPCs, ${objects(isObj(got.plan) ? got.plan.instances : []).length} instances. Undo brings your plan back.`);
  });

  // "Show" links: from a finding, a shadowed rule or a trace hop to the form that holds it (the
  // core names each one's JSON path, which is the form row's data-row-path).
  const focusRow = (row: Element | null | undefined) => {
    if (!row) return;
    forms.reveal(row);
    (row.matches("input") ? (row as HTMLElement) : row.querySelector<HTMLElement>("input"))?.focus();
  };
  $("#answer-col").addEventListener("click", (e) => {
    const b = (e.target as Element).closest<HTMLButtonElement>("button");
    if (!b) return;
    if (b.dataset.issue !== undefined) focusRow(marked[Number(b.dataset.issue)]);
    const a = store.good;
    if (!a) return;
    const path = b.dataset.lint !== undefined ? a.lint[Number(b.dataset.lint)]?.path : b.dataset.shadow !== undefined ? a.shadowed[Number(b.dataset.shadow)]?.path : b.dataset.showPath;
    if (path !== undefined) focusRow(editor.querySelector(`[data-row-path="${CSS.escape(path)}"]`));
  });
  // A trace asked from the matrix opens under the matrix, where the user is looking; one asked in
  // the what-if form opens under the form.
  const traceBox = $("#trace-box");
  const place = (where: "matrix" | "whatif") => {
    const anchor = where === "matrix" ? $("#matrix-cell-info") : $("#whatif-form");
    if (anchor.nextElementSibling !== traceBox) anchor.after(traceBox);
    traceBox.dataset.at = where;
  };
  matrix.onPick = (src, dst, protocol, port) => {
    place("matrix");
    trace.ask(src, dst, protocol, port, true);
    traceBox.scrollIntoView({ block: "nearest" });
  };
  $("#whatif-form").addEventListener("input", () => place("whatif"));
  $("#to-editor").addEventListener("click", () => $("#edit-h").scrollIntoView({ block: "start" }));
  $("#to-answers").addEventListener("click", () => $("#answers-h").scrollIntoView({ block: "start" }));

  // A debugging hook for tests and the curious: the core, the document and the last matrix (as names).
  (window as unknown as { __planner: unknown }).__planner = {
    core, store,
    get doc() { return store.doc; },
    get matrix() { return matrix.last && asNames(matrix.last); },
    get matrixMs() { return matrix.lastMs; },
    paints,
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
