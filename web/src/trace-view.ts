// "What if": pick a source, destination, protocol and port and see the core's trace, forward and
// return hops, the deciding rule and the explanation. A service and a channel are traced as a
// channel use (CH2, CH6). Recomputed on every edit; every verdict, and each hop's JSON path, is the core's.
import type { Hop, NetworkPlan, Trace } from "../../policy-core/bindings/index";
import { $, esc, objects } from "./dom";
import { clearField, markField } from "./marks";
import type { Store } from "./state";

function hopRows(hops: Hop[]): string {
  if (!hops.length) return `<p class="empty">No hops.</p>`;
  const rows = hops.map((h, k) => {
    const path = h.code ? h.path : null;
    const show = path ? ` <button type="button" class="link" data-show-path="${esc(path)}">Show in the plan</button>` : "";
    return `<tr class="${h.code ? "deny" : ""}"><td data-label="#">${k + 1}</td><td data-label="Component">${esc(h.component)}</td><td data-label="Object">${esc(h.id ?? "")}</td><td data-label="Rule">${h.ruleIndex ?? ""}</td><td data-label="Instance">${esc(h.instanceId ?? "")}</td><td data-label="Result">${h.code ? `<code>${h.code}</code>` : "pass"}</td><td data-label="Detail">${esc(h.detail)}${show}</td></tr>`;
  }).join("");
  return `<table class="hops"><thead><tr><th scope="col">#</th><th scope="col">Component</th><th scope="col">Object</th><th scope="col">Rule</th><th scope="col">Instance</th><th scope="col">Result</th><th scope="col">Detail</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/** renderTrace shows a trace: verdict, explanations (code, rule, message) and both paths. */
function renderTrace(t: Trace, what: string): string {
  const ok = t.verdict === "ACCEPTED";
  const ex = t.explanations.map((e) => {
    return `<li data-code="${e.code}"><span class="badge">${esc(e.rule)}</span> <span class="msg">${esc(e.message)}</span></li>`;
  }).join("");
  const hop = decidingHop(t);
  const path = hop?.path ?? null;
  const deciding = hop
    ? `<p class="deciding-line">Decided by: ${esc(hop.component)} ${esc(hop.id ?? "")}${hop.ruleIndex !== null ? ` rule ${hop.ruleIndex}` : ""}${path ? ` <button type="button" class="link" data-show-path="${esc(path)}">Show in the plan</button>` : ""}</p>`
    : "";
  return `<p class="verdict ${ok ? "ok" : "no"}" data-verdict="${t.verdict}"><strong>${t.verdict}</strong> — ${esc(what)} · disposition ${t.disposition}${t.deliveredTo ? ` · delivered to ${esc(t.deliveredTo)}` : ""}</p>` +
    (ex ? `<ul class="explanations">${ex}</ul>` : "") + deciding +
    `<div data-dir="forward"><h4>Forward</h4>${hopRows(t.forward)}</div><div data-dir="return"><h4>Return</h4>${hopRows(t.return)}</div>`;
}

/** The deciding hop of a trace (the one carrying the explanation code), if any. */
function decidingHop(t: Trace): Hop | null {
  return [...t.forward, ...t.return].find((h) => h.code !== null) ?? null;
}

/** TraceView owns the what-if form and the trace output. */
export class TraceView {
  private readonly src = $<HTMLInputElement>("#wi-src");
  private readonly dst = $<HTMLInputElement>("#wi-dst");
  private readonly proto = $<HTMLInputElement>("#wi-proto");
  private readonly port = $<HTMLInputElement>("#wi-port");
  private readonly sport = $<HTMLInputElement>("#wi-sport");
  private readonly out = $<HTMLElement>("#trace");
  /** The path of the rule that decided the last trace (for highlighting in the editor). */
  decidingPath: string | null = null;
  /** The last trace shown (null when none), for drawing it on the diagram. */
  last: Trace | null = null;
  /** Called after every trace. */
  onTrace: () => void = () => {};
  /** Called when the user edits the flow (protocol or port), so the matrix can follow. */
  onFlow: (protocol: string, port: string) => void = () => {};

  constructor(private readonly store: Store) {
    for (const el of [this.src, this.dst, this.sport]) el.addEventListener("input", () => this.run());
    for (const el of [this.proto, this.port]) {
      el.addEventListener("input", () => {
        this.onFlow(this.proto.value, this.port.value);
        this.run();
      });
    }
  }

  /** ask fills the form with one question and (unless told not to) traces it. */
  ask(source: string, destination: string, protocol: string, port: string, run = true): void {
    this.src.value = source;
    this.dst.value = destination;
    this.setFlow(protocol, port);
    if (run) this.run();
  }

  /** setFlow sets the protocol and port (the matrix's flow changed). */
  setFlow(protocol: string, port: string): void {
    this.proto.value = protocol;
    this.port.value = port;
  }

  /** suggest lists the plan's instances, load balancers, services and channels as choices. */
  suggest(doc: NetworkPlan): void {
    const opt = (o: Record<string, unknown>, kind: string) => `<option value="${esc(o.id)}">${esc(kind)}${o.name ? `: ${esc(o.name)}` : ""}</option>`;
    const nodes = [...objects(doc.instances).map((o) => opt(o, `${o.network} instance`)), ...objects(doc.loadBalancers).map((o) => opt(o, "load balancer"))];
    $("#dl-wi-src").innerHTML = nodes.join("") + objects(doc.services).map((o) => opt(o, "service")).join("");
    $("#dl-wi-dst").innerHTML = nodes.join("") + objects(doc.channels).map((o) => opt(o, "channel")).join("");
  }

  /** run traces the question in the form against the current plan (the last good one, marked stale, while it does not load). */
  run(): void {
    for (const el of [this.src, this.dst, this.proto, this.port, this.sport]) clearField(el);
    this.decidingPath = null;
    this.last = null;
    const a = this.store.good;
    const source = this.src.value.trim();
    const destination = this.dst.value.trim();
    this.out.classList.toggle("stale", this.store.stale);
    if (!a) {
      this.out.innerHTML = `<p class="empty">Fix the plan's problems to trace flows.</p>`;
    } else if (!source || !destination) {
      this.out.innerHTML = `<p class="empty">Pick a source and a destination, or a matrix cell.</p>`;
    } else {
      // A service and a channel of the plan: a channel use (the core names what is neither).
      const used = a.plan.traceChannel(source, destination);
      const channel = used.ok;
      const r = channel
        ? used
        : a.plan.trace({ source, destination, protocol: this.proto.value.trim(), port: this.port.value.trim(), sourcePort: Number.isFinite(this.sport.valueAsNumber) ? this.sport.valueAsNumber : undefined });
      if (!r.ok) {
        const field = { source: this.src, service: this.src, destination: this.dst, channel: this.dst, protocol: this.proto, port: this.port, sourcePort: this.sport }[r.error.field];
        markField(field, r.error.message);
        this.out.innerHTML = `<p class="verdict bad">Cannot trace: ${esc(r.error.message)}</p>`;
      } else {
        const what = channel ? `${source} using channel ${destination}` : `${source} → ${destination} ${this.proto.value.trim()}${this.port.value.trim() ? `/${this.port.value.trim()}` : ""}`;
        this.out.innerHTML = renderTrace(r.trace, what);
        this.last = r.trace;
        this.decidingPath = decidingHop(r.trace)?.path ?? null;
      }
    }
    this.onTrace();
  }
}
