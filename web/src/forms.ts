// The plan editor's forms: one table (or card list) per plan list, every input bound to a JSON path
// of the document. It only edits the document; whether a value is valid is the core's answer.
import { esc, isObj, objects, text } from "./dom";
import { SECTIONS, ids, type Field, type Nested, type Section } from "./sections";
import type { PolicyCore } from "../../policy-core/bindings/index";
import { freeClassicIp, freeIp, freeSubnetCidr, freeVpcCidr } from "./fresh";
import { getAt, joinPath, setAt, type Store } from "./state";

/** Lists whose ids are offered as suggestions. */
const ID_LISTS = ["vpcs", "subnets", "routeTables", "networkAcls", "securityGroups", "instances", "gatewayInstances", "services"];
const WORDS: Record<string, string[]> = {
  "dl-actions": ["ACCEPT", "DROP"],
  "dl-protocols": ["TCP", "UDP", "ICMP", "ALL"],
  "dl-network": ["vpc", "classic"],
  "dl-gatewayTypes": ["VPN", "DIRECTCONNECT", "PEERCONNECTION", "NAT", "EIP", "CVM", "HAVIP", "CCN"],
};

function shown(f: Field, v: unknown): string {
  if (f.kind === "list" && Array.isArray(v)) return v.map(text).join(", ");
  return text(v);
}

function input(f: Field, path: string, v: unknown, label: string): string {
  const attrs = `data-path="${esc(path)}" data-kind="${f.kind ?? "text"}"${f.required ? ' data-req="1"' : ""} aria-label="${esc(label)}"`;
  if (f.kind === "bool") return `<span class="cell"><input type="checkbox" ${attrs}${v === true ? " checked" : ""}></span>`;
  const list = f.hint ? ` list="${f.hint}"` : "";
  const cls = f.wide ? ' class="wide"' : "";
  const style = f.w ? ` style="width:${f.w}rem"` : "";
  return `<span class="cell"><input ${attrs}${list}${cls}${style} value="${esc(shown(f, v))}" autocomplete="off" spellcheck="false"></span>`;
}

function nestedTable(n: Nested, listPath: string, items: unknown, owner: string): string {
  const rows = Array.isArray(items) ? items : [];
  const head = n.fields.map((f) => `<th scope="col">${esc(f.label)}</th>`).join("");
  const body = rows.map((r, k) => {
    const p = `${listPath}[${k}]`;
    const cells = isObj(r)
      ? n.fields.map((f) => `<td>${input(f, `${p}.${f.key}`, r[f.key], `${owner} ${n.label} ${k} ${f.label}`)}</td>`).join("")
      : `<td colspan="${n.fields.length}">not an object: edit it in the JSON</td>`;
    const move = n.ordered
      ? `<button type="button" data-act="up" data-list="${esc(listPath)}" data-i="${k}" aria-label="Move ${esc(owner)} ${n.label} ${k} up"${k === 0 ? " disabled" : ""}>↑</button>` +
        `<button type="button" data-act="down" data-list="${esc(listPath)}" data-i="${k}" aria-label="Move ${esc(owner)} ${n.label} ${k} down"${k === rows.length - 1 ? " disabled" : ""}>↓</button>`
      : "";
    return `<tr data-row-path="${esc(p)}"><th scope="row">${k}</th>${cells}<td class="acts">${move}<button type="button" data-act="del" data-list="${esc(listPath)}" data-i="${k}" aria-label="Remove ${esc(owner)} ${n.label} ${k}">✕</button></td></tr>`;
  }).join("");
  return `<div class="nested"><div class="nested-head"><strong>${esc(n.label)}</strong> <button type="button" data-act="add-nested" data-list="${esc(listPath)}" data-nested="${n.key}">Add ${n.ordered && n.key !== "routes" ? "rule" : n.key === "routes" ? "route" : "node"}</button></div>` +
    (rows.length ? `<table class="rules"><thead><tr><th scope="col">#</th>${head}<th scope="col"><span class="sr">Actions</span></th></tr></thead><tbody>${body}</tbody></table>` : `<p class="empty">No ${esc(n.label.toLowerCase())}.</p>`) +
    `</div>`;
}

function rowKey(sec: Section, o: Record<string, unknown>): string {
  return sec.key === "classicLinks" ? `${text(o.vpcId)}/${text(o.instanceId)}` : text(o.id);
}

function sectionHtml(sec: Section, doc: Record<string, unknown>, open: boolean): string {
  const all = doc[sec.key];
  const broken = all !== undefined && !Array.isArray(all);
  const items = Array.isArray(all) ? all.map((o, i) => [o, i] as const).filter(([o]) => !sec.filter || (isObj(o) && sec.filter(o))) : [];
  let body: string;
  if (broken) body = `<p class="empty" data-path="${sec.key}">${esc(sec.key)} is not a list: edit it in the JSON.</p>`;
  else if (sec.nested) {
    body = items.map(([o, i]) => {
      const p = joinPath(sec.key, i);
      if (!isObj(o)) return `<p class="empty">${esc(p)} is not an object: edit it in the JSON.</p>`;
      const name = text(o.id) || p;
      const fields = sec.fields.map((f) => `<label class="inline">${esc(f.label)} ${input(f, `${p}.${f.key}`, o[f.key], `${name} ${f.label}`)}</label>`).join(" ");
      const nested = sec.nested!.map((n) => nestedTable(n, `${p}.${n.key}`, o[n.key], name)).join("");
      return `<fieldset class="card" data-row="${esc(sec.key)}:${esc(rowKey(sec, o))}" data-row-path="${esc(p)}"><legend>${esc(name)}</legend>${fields} <button type="button" data-act="del" data-list="${sec.key}" data-i="${i}" aria-label="Remove ${esc(name)}">Remove</button>${nested}</fieldset>`;
    }).join("");
  } else {
    // One wrapping row of labelled fields per item: it reflows to any width, so no column is cut off.
    const rows = items.map(([o, i]) => {
      const p = joinPath(sec.key, i);
      if (!isObj(o)) return `<div class="item">${esc(p)} is not an object: edit it in the JSON.</div>`;
      const name = text(o.id) || p;
      const cells = sec.fields.map((f) => `<label class="inline">${esc(f.label)} ${input(f, `${p}.${f.key}`, o[f.key], `${name} ${f.label}`)}</label>`).join("");
      return `<div class="item" data-row="${esc(sec.key)}:${esc(rowKey(sec, o))}" data-row-path="${esc(p)}">${cells}<span class="acts"><button type="button" data-act="del" data-list="${sec.key}" data-i="${i}" aria-label="Remove ${esc(name)}">✕</button></span></div>`;
    }).join("");
    body = items.length ? `<div class="items">${rows}</div>` : `<p class="empty">None yet.</p>`;
  }
  const help = sec.help ? `<p class="help">${esc(sec.help)}</p>` : "";
  const add = broken ? "" : `<button type="button" data-act="add" data-sec="${esc(sec.title)}">${esc(sec.addLabel)}</button>`;
  return `<details class="sec" data-sec="${esc(sec.title)}"${open ? " open" : ""}><summary>${esc(sec.title)} <span class="count">(${items.length})</span><span class="sec-problems"></span></summary>${help}${body}${add}</details>`;
}

function datalists(doc: Record<string, unknown>): string {
  const dl = (id: string, values: string[]) => `<datalist id="${id}">${values.map((v) => `<option value="${esc(v)}"></option>`).join("")}</datalist>`;
  return ID_LISTS.map((l) => dl(`dl-${l}`, ids(doc, l))).join("") + Object.entries(WORDS).map(([id, w]) => dl(id, w)).join("");
}

/** How a form value becomes a JSON value: empty optional fields are left out. */
function valueOf(el: HTMLInputElement): unknown {
  const kind = el.dataset.kind;
  const req = el.dataset.req === "1";
  if (kind === "bool") return el.checked ? true : undefined;
  const v = el.value;
  if (kind === "list") {
    const parts = v.split(",").map((s) => s.trim()).filter((s) => s !== "");
    return parts.length || req ? parts : undefined;
  }
  if (v === "") return req ? "" : undefined;
  if (kind === "number") return /^-?\d+(\.\d+)?$/.test(v.trim()) ? Number(v.trim()) : v;
  return v;
}

function uniqueId(doc: Record<string, unknown>, list: string, prefix: string): string {
  const taken = new Set(ids(doc, list));
  let n = 1;
  while (taken.has(`${prefix}${n}`)) n++;
  return `${prefix}${n}`;
}

const PREFIX: Record<string, string> = {
  vpcs: "vpc-new", subnets: "subnet-new", instances: "ins-new", securityGroups: "sg-new", networkAcls: "acl-new", routeTables: "rtb-new",
  loadBalancers: "lb-new", ccns: "ccn-new", gatewayInstances: "instance-new", services: "service-new", channels: "upstream-new",
};

/** Forms renders the editor and writes every edit into the store's document. */
export class Forms {
  private open = new Set<string>(["VPCs", "Subnets", "VPC instances", "Classic instances", "ClassicLinks", "Security groups", "Network ACLs", "VPC channels", "Gateway services"]);
  /** Called after the forms were rebuilt (marks are then applied again). */
  onRender: () => void = () => {};

  constructor(private readonly root: HTMLElement, private readonly store: Store, private readonly core: PolicyCore) {
    root.addEventListener("input", (e) => this.edit(e, false));
    root.addEventListener("change", (e) => this.edit(e, true));
    root.addEventListener("click", (e) => this.act(e));
    root.addEventListener("toggle", (e) => {
      const d = e.target as HTMLDetailsElement;
      if (d.dataset.sec) d.open ? this.open.add(d.dataset.sec) : this.open.delete(d.dataset.sec);
    }, true);
  }

  /** render rebuilds the forms from the document. */
  render(): void {
    const doc = this.store.doc;
    if (!isObj(doc)) {
      this.root.innerHTML = `<p class="empty" data-path="">The document is not a JSON object: fix it in the JSON below.</p>`;
      this.onRender();
      return;
    }
    const big = (s: Section) => (Array.isArray(doc[s.key]) ? (doc[s.key] as unknown[]).length : 0) > 40;
    const plan = `<details class="sec" data-sec="Plan" open><summary>Plan</summary><label class="inline">Version ${input({ key: "version", label: "Version", kind: "number", required: true }, "version", doc.version, "Plan version")}</label> <label class="inline">Default region ${input({ key: "region", label: "Region" }, "region", doc.region, "Plan default region")}</label></details>`;
    this.root.innerHTML = datalists(doc) + plan + SECTIONS.map((s) => sectionHtml(s, doc, this.open.has(s.title) && !big(s))).join("");
    this.onRender();
  }

  /** reveal opens the section holding an element and scrolls it into view. */
  reveal(el: Element): void {
    const d = el.closest("details");
    if (d && !d.open) d.open = true;
    el.scrollIntoView({ block: "center" });
  }

  /** startValid gives a new item free addresses, so it does not stop the plan from loading. */
  private startValid(list: string, item: Record<string, unknown>, doc: Record<string, unknown>): void {
    const core = this.core;
    if (list === "vpcs") item.cidrs = [freeVpcCidr(core, doc)];
    if (list === "subnets") item.cidr = freeSubnetCidr(core, doc, item.vpcId);
    if (list === "instances") item.ip = item.network === "classic" ? freeClassicIp(core, doc) : freeIp(core, doc, item.subnetId);
    if (list === "loadBalancers") item.ip = freeIp(core, doc, item.subnetId);
    if (list === "classicLinks") {
      const linked = new Set(objects(doc.classicLinks).map((l) => l.instanceId));
      const free = objects(doc.instances).find((i) => i.network === "classic" && !linked.has(i.id));
      if (free) item.instanceId = free.id;
    }
  }

  /** startValidNested does the same for a new route or channel node. */
  private startValidNested(key: string, item: Record<string, unknown>, owner: Record<string, unknown>, doc: Record<string, unknown>): void {
    const core = this.core;
    const vpc = objects(doc.vpcs).find((v) => v.id === owner.vpcId);
    const cidrs = Array.isArray(vpc?.cidrs) ? vpc.cidrs.filter((c): c is string => typeof c === "string") : [];
    if (key === "routes") {
      item.destination = ["192.168.0.0/16", "172.16.0.0/12", "10.200.0.0/16"].find((d) => cidrs.every((c) => core.overlaps(c, d) === false)) ?? "192.168.0.0/24";
    }
    if (key === "nodes") {
      const host = objects(doc.instances).find((i) => i.vpcId === owner.vpcId && typeof i.ip === "string")?.ip;
      const subnet = objects(doc.subnets).find((s) => s.vpcId === owner.vpcId);
      item.host = host ?? (subnet ? freeIp(core, doc, subnet.id) : "") ?? "";
      if (item.host === "") item.host = "10.0.0.10";
    }
  }

  private edit(e: Event, committed: boolean): void {
    const el = e.target as HTMLInputElement;
    const path = el.dataset.path;
    if (!path || (el.type === "checkbox") !== committed) {
      // Text inputs are written on input; a committed network change moves the row to the other table.
      if (path && committed && path.endsWith(".network")) this.store.changed("structure");
      return;
    }
    setAt(this.store.doc, path, valueOf(el));
    this.store.changed("form");
  }

  private act(e: Event): void {
    const b = (e.target as Element).closest<HTMLButtonElement>("button[data-act]");
    if (!b) return;
    const doc = this.store.doc;
    if (!isObj(doc)) return;
    const act = b.dataset.act!;
    const sec = b.closest<HTMLElement>("details.sec")?.dataset.sec ?? "";
    /** Where the keyboard goes once the forms are rebuilt: a row's first input, or a button. */
    let focusRow: string | null = null;
    let focusButton: string | null = null;
    if (act === "add") {
      const spec = SECTIONS.find((x) => x.title === b.dataset.sec)!;
      const item = spec.make(doc);
      if ("id" in item) item.id = uniqueId(doc, spec.key, PREFIX[spec.key] ?? "new-");
      this.startValid(spec.key, item, doc);
      if (!Array.isArray(doc[spec.key])) doc[spec.key] = [];
      const list = doc[spec.key] as unknown[];
      list.push(item);
      this.open.add(spec.title);
      focusRow = joinPath(spec.key, list.length - 1);
    } else if (act === "add-nested") {
      const owner = getAt(doc, b.dataset.list!.replace(/\.[^.]+$/, ""));
      const key = b.dataset.nested!;
      const spec = SECTIONS.flatMap((s) => s.nested ?? []).find((n) => n.key === key)!;
      if (!isObj(owner)) return;
      if (!Array.isArray(owner[key])) owner[key] = [];
      const list = owner[key] as unknown[];
      const item = spec.make();
      this.startValidNested(key, item, owner, doc);
      list.push(item);
      focusRow = `${b.dataset.list}[${list.length - 1}]`;
    } else {
      const list = getAt(doc, b.dataset.list!);
      const i = Number(b.dataset.i);
      if (!Array.isArray(list)) return;
      if (act === "del") {
        list.splice(i, 1);
        focusRow = list.length ? `${b.dataset.list}[${Math.min(i, list.length - 1)}]` : null;
      }
      const j = act === "up" ? i - 1 : act === "down" ? i + 1 : -1;
      if (j >= 0 && j < list.length) {
        [list[i], list[j]] = [list[j], list[i]];
        const edge = (act === "up" && j === 0) || (act === "down" && j === list.length - 1);
        focusButton = `button[data-act="${edge ? (act === "up" ? "down" : "up") : act}"][data-list="${CSS.escape(b.dataset.list!)}"][data-i="${j}"]`;
      }
    }
    this.store.changed("structure");
    const target = focusButton
      ? this.root.querySelector<HTMLElement>(focusButton)
      : focusRow
        ? this.root.querySelector<HTMLElement>(`[data-path^="${CSS.escape(focusRow)}."]`)
        : null;
    (target ?? this.root.querySelector<HTMLElement>(`details[data-sec="${CSS.escape(sec)}"] button[data-act^="add"]`))?.focus();
  }
}
