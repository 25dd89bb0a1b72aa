// Draws the plan as an inline SVG (no library): services, channels and CCNs in bands above one row
// of VPCs (subnets and instances inside), the classic network below with each VPC's linked
// instances under it. Lines are routed through the gaps between boxes; objects the core's lint
// names are outlined in red and the key findings are written on the picture.
import type { LintFinding, Trace } from "../../policy-core/bindings/index";
import { esc, isObj, objects, text } from "./dom";
import { legendHtml, overlaySvg, type Box, type Drawn } from "./diagram-marks";

type Obj = Record<string, unknown>;
const M = 16;
const GAP = 6;
const CH = 7; // a character's width at 11px, roughly
/** Text for the picture: names past 80 characters are cut there (the full text is in the tooltip). */
const str = (v: unknown): string => {
  const s = typeof v === "string" ? v : text(v);
  return s.length > 80 ? `${s.slice(0, 79)}…` : s;
};
const ordinal = (n: number) => `${n}${n % 100 >= 11 && n % 100 <= 13 ? "th" : ["th", "st", "nd", "rd"][n % 10] ?? "th"}`;

/** layout computes every box and line of the picture; the view renders it and draws traces over it. */
function layout(doc: Obj, lint: LintFinding[]): Drawn {
  const d: Drawn = { parts: [], lines: [], pos: new Map(), marks: new Set(), linkPts: new Map(), vpcOf: new Map(), width: 0, height: 0 };
  const flagged = new Map<string, string[]>();
  for (const f of lint) flagged.set(`${f.objectKind}:${f.objectId}`, [...(flagged.get(`${f.objectKind}:${f.objectId}`) ?? []), `${f.rule} ${f.code}: ${f.message}`]);
  const flag = (kind: string, id: string) => flagged.get(`${kind}:${id}`);
  const vpcs = objects(doc.vpcs);
  const subnets = objects(doc.subnets);
  const instances = objects(doc.instances);
  const lbs = objects(doc.loadBalancers);
  const classic = instances.filter((i) => i.network === "classic");
  const vpcNodes = [...instances.filter((i) => i.network !== "classic").map((o) => ({ o, lb: false })), ...lbs.map((o) => ({ o, lb: true }))];
  const compact = instances.length + lbs.length > 40;
  const longest = Math.max(8, ...instances.map((i) => str(i.id).length), ...lbs.map((i) => str(i.id).length));
  const cw = compact ? 12 : Math.max(110, longest * CH + 14);
  const chh = compact ? 12 : 22;
  const cols = compact ? 20 : 2;
  const mark = (m: string) => (d.marks.add(m), m);
  const chip = (id: string, x: number, y: number, cls: string, title: string, bad: boolean, extra = "") => {
    d.pos.set(id, { x, y, w: cw, h: chh });
    if (bad) d.marks.add("bad");
    const label = compact ? "" : `<text x="${x + 6}" y="${y + 15}">${esc(id)}</text>`;
    return `<g class="chip ${cls}${bad ? " bad" : ""}${extra}" data-id="${esc(id)}" data-mark="${mark(cls)}"><title>${esc(title)}</title><rect x="${x}" y="${y}" width="${cw}" height="${chh}" rx="${compact ? 2 : 4}"/>${label}</g>`;
  };

  // The bands above the VPCs, all on one column grid so the gaps between columns are free lanes.
  const services = objects(doc.services);
  const channels = objects(doc.channels);
  const gws = objects(doc.gatewayInstances);
  const ccns = objects(doc.ccns);
  const gwVpc = (serviceId: string) => gws.find((g) => g.id === services.find((s) => s.id === serviceId)?.gatewayInstanceId)?.vpcId;
  const nodeLines = (o: Obj) => (Array.isArray(o.nodes) ? o.nodes.filter(isObj).map((n) => `${str(n.host)}:${str(n.port)} weight ${str(n.weight)}`) : []);
  const chFindings = (c: Obj) => lint.filter((f) => f.objectKind === "channel" && f.objectId === str(c.id));
  const findingLine = (f: LintFinding) => f.code === "CHANNEL_VPC_UNREACHABLE"
    ? `⚠ ${f.rule}: no CCN joins ${str(gwVpc(f.relatedId ?? "") ?? "?")} and ${str(channels.find((c) => c.id === f.objectId)?.vpcId)}`
    : `⚠ ${f.rule}: ${f.relatedId ?? ""} ${f.code === "SHARED_INSTANCE" ? "is on the shared instance" : f.code}`;
  const labels = (cls: string, o: Obj): { lines: string[]; findings: LintFinding[] } => {
    if (cls === "service") return { lines: [str(o.id), o.gatewayInstanceId ? `on ${str(o.gatewayInstanceId)}` : "on the shared instance"], findings: [] };
    if (cls === "channel") return { lines: [`${str(o.id)} → ${str(o.vpcId)}`, ...nodeLines(o)], findings: chFindings(o) };
    return { lines: [str(o.id), `joins ${Array.isArray(o.vpcIds) ? o.vpcIds.map(str).join(", ") : "nothing"}`], findings: [] };
  };
  const bands: [string, Obj[]][] = [["service", services], ["channel", channels], ["ccn", ccns]];
  const bw = Math.min(340, Math.max(160, ...bands.flatMap(([cls, items]) => items.flatMap((o) => { const l = labels(cls, o); return [...l.lines.map((s) => s.length), ...l.findings.map((f) => findingLine(f).length)]; })).map((n) => n * CH + 18)));
  const pitch = bw + 24;
  const levels: { top: number; bottom: number }[] = [];
  const levelOf = new Map<string, number>();
  let y = M;
  const vpcWidths = vpcs.map((v) => vpcWidth(v));
  const rowW = Math.max(680, vpcWidths.reduce((a, w) => a + w + 40, M));
  const perRow = Math.max(1, Math.floor((rowW - M) / pitch));
  for (const [cls, items] of bands) {
    for (let r = 0; r * perRow < items.length; r++) {
      const row = items.slice(r * perRow, (r + 1) * perRow);
      const h = Math.max(...row.map((o) => { const l = labels(cls, o); return 14 + (l.lines.length + l.findings.length) * 14; }), 36);
      row.forEach((o, k) => {
        const x = M + k * pitch;
        const id = str(o.id);
        const l = labels(cls, o);
        const bad = l.findings.length > 0;
        if (bad) d.marks.add("finding");
        const tl = l.lines.map((s, i) => `<text x="${x + 8}" y="${y + 16 + i * 14}"${i ? ' class="small"' : ""}>${esc(s)}</text>`).join("") +
          l.findings.map((f, i) => `<text x="${x + 8}" y="${y + 16 + (l.lines.length + i) * 14}" class="finding" data-finding="${f.code}">${esc(findingLine(f))}</text>`).join("");
        d.parts.push(`<g class="chip ${cls}${bad ? " bad" : ""}" data-id="${esc(id)}" data-mark="${mark(cls)}"><title>${esc(`${cls} ${[...l.lines, ...l.findings.map((f) => f.message)].join("\n")}`)}</title><rect x="${x}" y="${y}" width="${bw}" height="${h}" rx="6"/>${tl}</g>`);
        d.pos.set(id, { x, y, w: bw, h });
        levelOf.set(id, levels.length);
      });
      levels.push({ top: y, bottom: y + h });
      y += h + 36;
    }
  }

  // One row of VPC boxes.
  function vpcWidth(v: Obj): number {
    const id = str(v.id);
    const subs = subnets.filter((s) => s.vpcId === id).map((s) => `${str(s.id)} ${str(s.cidr)}`.length);
    const cidrs = Array.isArray(v.cidrs) ? v.cidrs.map(str).join(", ") : str(v.cidrs);
    return Math.max(cols * (cw + GAP) - GAP + 40, (`${id} · ${str(v.name)}`.length + 4) * (CH + 0.6) + 24, cidrs.length * 6.2 + 24, ...subs.map((n) => n * 6.2 + 40),
      gws.some((g) => g.vpcId === id) ? 2 * 170 : 0);
  }
  const vpcTop = y;
  const vpcLevel = levels.length;
  let x = M;
  let rowH = 0;
  vpcs.forEach((v, vi) => {
    const id = str(v.id);
    const w = vpcWidths[vi]!;
    const inside: string[] = [];
    let iy = y + 48;
    const myGws = gws.filter((g) => g.vpcId === id);
    myGws.forEach((g, k) => {
      const gx = x + 12 + (k % 2) * 164;
      const gy = iy + Math.floor(k / 2) * 28;
      const gid = str(g.id);
      inside.push(`<g class="chip gateway" data-id="${esc(gid)}" data-mark="${mark("gateway")}"><title>dedicated gateway instance ${esc(gid)}</title><rect x="${gx}" y="${gy}" width="156" height="22" rx="4"/><text x="${gx + 6}" y="${gy + 15}">${esc(gid)}</text></g>`);
      d.pos.set(gid, { x: gx, y: gy, w: 156, h: 22 });
    });
    if (myGws.length) iy += Math.ceil(myGws.length / 2) * 28 + 4;
    const groups = subnets.filter((s) => s.vpcId === id).map((s) => ({ id: str(s.id), label: `${str(s.id)} ${str(s.cidr)}`, cls: "subnet", nodes: vpcNodes.filter((n) => n.o.subnetId === s.id && n.o.vpcId === id) }));
    const placed = new Set(groups.flatMap((g) => g.nodes));
    const loose = vpcNodes.filter((n) => n.o.vpcId === id && !placed.has(n));
    if (loose.length) groups.push({ id: `${id}:loose`, label: "not in a subnet of this VPC", cls: "subnet-loose", nodes: loose });
    for (const g of groups) {
      const h = 26 + Math.max(1, Math.ceil(g.nodes.length / cols)) * (chh + GAP) + 4;
      const bad = flag("subnet", g.id);
      if (bad) d.marks.add("bad");
      inside.push(`<g class="${g.cls}${bad ? " bad" : ""}" data-id="${esc(g.id)}" data-mark="${mark(g.cls)}"><title>${esc(bad?.join("\n") ?? g.label)}</title><rect x="${x + 12}" y="${iy}" width="${w - 24}" height="${h}" rx="6"/><text x="${x + 20}" y="${iy + 16}" class="small">${esc(g.label)}</text></g>`);
      d.pos.set(g.id, { x: x + 12, y: iy, w: w - 24, h });
      g.nodes.forEach((n, k) => {
        const nid = str(n.o.id);
        const nbad = flag("instance", nid);
        d.vpcOf.set(nid, id);
        inside.push(chip(nid, x + 20 + (k % cols) * (cw + GAP), iy + 24 + Math.floor(k / cols) * (chh + GAP), n.lb ? "lb" : "vpc-ins", `${n.lb ? "load balancer" : "VPC instance"} ${nid} ${str(n.o.ip)}${nbad ? `\n${nbad.join("\n")}` : ""}`, !!nbad));
      });
      iy += h + 8;
    }
    const h = Math.max(iy + 4 - y, 80);
    const bad = flag("vpc", id);
    if (bad) d.marks.add("bad");
    const cidrs = Array.isArray(v.cidrs) ? v.cidrs.map(str).join(", ") : str(v.cidrs);
    const rules = bad ? ` ⚠ ${[...new Set(lint.filter((f) => f.objectKind === "vpc" && f.objectId === id).map((f) => f.rule))].join(" ")}` : "";
    d.parts.push(`<g class="vpc${bad ? " bad" : ""}" data-id="${esc(id)}" data-mark="${mark("vpc")}"><title>${esc(`VPC ${id}${v.name ? ` (${str(v.name)})` : ""} ${cidrs}${bad ? `\n${bad.join("\n")}` : ""}`)}</title><rect x="${x}" y="${y}" width="${w}" height="${h}" rx="10"/><text x="${x + 12}" y="${y + 20}" class="title">${esc(`${id}${v.name ? ` · ${str(v.name)}` : ""}`)}${rules}</text><text x="${x + 12}" y="${y + 38}" class="small">${esc(cidrs)}</text></g>`, ...inside);
    d.pos.set(id, { x, y, w, h });
    levelOf.set(id, vpcLevel);
    for (const g of myGws) levelOf.set(str(g.id), vpcLevel);
    rowH = Math.max(rowH, h);
    x += w + 40;
  });
  if (vpcs.length) levels.push({ top: vpcTop, bottom: vpcTop + rowH });
  y = (vpcs.length ? vpcTop + rowH : vpcTop) + 44;
  const gutterY = y - 22;

  // The classic network: each VPC's linked instances under it, the others at the end.
  const links = objects(doc.classicLinks);
  const firstVpcOf = new Map<string, string>();
  for (const l of links) if (!firstVpcOf.has(str(l.instanceId))) firstVpcOf.set(str(l.instanceId), str(l.vpcId));
  // The core's CL5 findings name the links past a VPC's limit and their places.
  const overLinks = lint.flatMap((f) => f.overLimit ?? []);
  const over = new Map<string, number>(overLinks.map((o) => [o.instanceId, o.place])); // instance id → its place
  const overPaths = new Set(overLinks.map((o) => o.path));
  if (classic.length) {
    const top = y;
    const groupCols = (w: number) => Math.max(1, Math.floor((w - 16 + GAP) / (cw + GAP)));
    const byVpc = [...vpcs.map((v) => ({ at: d.pos.get(str(v.id))!, items: classic.filter((c) => firstVpcOf.get(str(c.id)) === str(v.id)) })),
      { at: { x, y: 0, w: Math.max(rowW - x, 2 * (cw + GAP) + 16), h: 0 }, items: classic.filter((c) => !vpcs.some((v) => firstVpcOf.get(str(c.id)) === str(v.id))) }];
    let h = 0;
    const chips: string[] = [];
    for (const g of byVpc) {
      const n = groupCols(g.at.w);
      g.items.forEach((c, k) => {
        const id = str(c.id);
        const bad = flag("instance", id);
        const place = over.get(id);
        chips.push(chip(id, g.at.x + 8 + (k % n) * (cw + GAP), top + 30 + Math.floor(k / n) * (chh + GAP), "classic", `classic instance ${id} ${str(c.ip)}${place ? `\nthe ${ordinal(place)} link of its VPC: over the limit of 100 (CL5)` : ""}${bad ? `\n${bad.join("\n")}` : ""}`, !!bad || place !== undefined, place ? " over-limit" : ""));
      });
      h = Math.max(h, 30 + Math.ceil(g.items.length / n) * (chh + GAP) + 6);
    }
    const width = Math.max(rowW, x + byVpc[byVpc.length - 1]!.at.w) - 8;
    const overList = [...over].sort((a, b) => a[1] - b[1]);
    if (overList.length) d.marks.add("over-limit").add("finding");
    const title = `Classic network${typeof doc.region === "string" ? ` · ${doc.region}` : ""}`;
    const note = overList.length
      ? `<text x="${20 + str(title).length * 7.6 + 16}" y="${top + 18}" class="finding" data-finding="LINK_LIMIT_EXCEEDED">⚠ CL5 ${esc(overList.slice(0, 3).map(([id, k]) => `${ordinal(k)} link: ${id}`).join(", "))}${overList.length > 3 ? ` and ${overList.length - 3} more` : ""} (a VPC holds at most 100)</text>`
      : "";
    d.parts.push(`<g class="classic-net" data-id="classic-network" data-mark="${mark("classic-net")}"><rect x="8" y="${top}" width="${width}" height="${h}" rx="10"/><text x="20" y="${top + 18}" class="title">Classic network${typeof doc.region === "string" ? ` · ${esc(doc.region)}` : ""}</text>${note}</g>`, ...chips);
    y = top + h + 16;
  }

  // Lines. Links go up the gap left of their chip, along the gutter and into the VPC's bottom.
  links.forEach((l, k) => {
    const v = d.pos.get(str(l.vpcId));
    const c = d.pos.get(str(l.instanceId));
    if (!v || !c || !classic.some((i) => i.id === l.instanceId)) return;
    const bad = flag("classicLink", `${str(l.vpcId)}/${str(l.instanceId)}`) ?? (overPaths.has(`classicLinks[${k}]`) ? ["over the link limit (CL5)"] : undefined);
    const lane = c.x - GAP / 2;
    const tx = lane > v.x + 4 && lane < v.x + v.w - 4 ? lane : v.x + 12 + ((k * 7) % Math.max(1, v.w - 24));
    const gy = gutterY + (k % 5) * 2;
    const path = `M${c.x},${c.y + c.h / 2} H${lane} V${gy} H${tx} V${v.y + v.h}`;
    d.linkPts.set(`${str(l.vpcId)}/${str(l.instanceId)}`, [[c.x, c.y + c.h / 2], [lane, c.y + c.h / 2], [lane, gy], [tx, gy], [tx, v.y + v.h]]);
    d.lines.push(line(path, `link${bad ? " bad" : ""}`, bad ? "line-bad" : "line-link", [str(l.instanceId), str(l.vpcId)], `ClassicLink ${str(l.instanceId)} → ${str(l.vpcId)}${bad ? `\n${bad.join("\n")}` : ""}`));
    d.marks.add(bad ? "line-bad" : "line-link");
  });
  let edge = 0;
  const route = (from: string, to: string, cls: string, markName: string, title: string) => {
    const a = d.pos.get(from);
    const b = d.pos.get(to);
    const la = levelOf.get(from);
    const lb = levelOf.get(to);
    if (!a || !b || la === undefined || lb === undefined || lb <= la) return;
    const k = edge++;
    const sx = a.x + a.w / 2 + ((k % 3) - 1) * 8;
    const tx = b.x + Math.min(b.w - 10, 14 + ((k * 23) % Math.max(1, b.w - 28)));
    const y1 = levels[la]!.bottom + 10 + (k % 4) * 4;
    let p = `M${sx},${a.y + a.h} V${y1}`;
    if (lb > la + 1) {
      const lane = M - 12 + Math.round((sx - M + 12) / pitch) * pitch + ((k % 3) - 1) * 3;
      p += ` H${lane} V${levels[lb]!.top - 10 - (k % 4) * 4}`;
    }
    p += ` H${tx} V${b.y}`;
    const bad = cls.endsWith(" bad");
    d.lines.push(line(p, cls, bad ? "line-bad" : markName, [from, to], title));
    d.marks.add(bad ? "line-bad" : markName);
  };
  for (const ch of channels) {
    route(str(ch.id), str(ch.vpcId), "chan-vpc", "line-chan-vpc", `channel ${str(ch.id)} is in ${str(ch.vpcId)}`);
    for (const s of Array.isArray(ch.serviceIds) ? ch.serviceIds.map(str) : []) {
      const bad = lint.filter((f) => f.objectKind === "channel" && f.objectId === str(ch.id) && f.relatedId === s).map((f) => `${f.rule} ${f.code}: ${f.message}`);
      route(s, str(ch.id), `uses${bad.length ? " bad" : ""}`, "line-uses", `${s} uses ${str(ch.id)}${bad.length ? `\n${bad.join("\n")}` : ""}`);
    }
  }
  for (const s of services) if (s.gatewayInstanceId) route(str(s.id), str(s.gatewayInstanceId), "on-gw", "line-on-gw", `${str(s.id)} runs on ${str(s.gatewayInstanceId)}`);
  for (const c of ccns) for (const v of Array.isArray(c.vpcIds) ? c.vpcIds.map(str) : []) route(str(c.id), v, "ccn-line", "line-ccn", `${str(c.id)} joins ${v}`);
  d.width = Math.max(rowW, ...[...d.pos.values()].map((b) => b.x + b.w + M));
  d.height = y + 8;
  return d;
}

function line(path: string, cls: string, markName: string, ends: string[], title: string): string {
  return `<path class="${cls}" d="${path}" data-mark="${markName}" data-ends="${esc(ends.join(" "))}"><title>${esc(title)}</title></path>`;
}

/** DiagramView draws a plan and, over it, the path of the last trace. */
export class DiagramView {
  private drawn: Drawn | null = null;
  private summary = "";

  constructor(private readonly root: HTMLElement) {}

  /** draw renders a plan document (any JSON: missing parts are skipped) with the core's lint. */
  draw(doc: unknown, lint: LintFinding[]): void {
    if (!isObj(doc)) {
      this.drawn = null;
      this.root.innerHTML = `<p class="empty">Nothing to draw.</p>`;
      return;
    }
    this.drawn = layout(doc, lint);
    this.root.innerHTML = "";
    const n = (k: string) => objects(doc[k]).length;
    this.summary = `Diagram: ${n("vpcs")} VPCs, ${n("subnets")} subnets, ${n("instances")} instances, ${n("loadBalancers")} load balancers, ${n("classicLinks")} links, ${n("channels")} channels, ${n("ccns")} CCNs.`;
    this.overlay(null);
  }

  /** overlay draws a trace's hops on the picture (null: none). */
  overlay(t: Trace | null): void {
    const d = this.drawn;
    if (!d) return;
    if (!this.root.querySelector("svg")) {
      this.root.innerHTML = `<div class="diagram-box"><svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${esc(this.summary)}" width="${d.width}" height="${d.height}" viewBox="0 0 ${d.width} ${d.height}"><title>${esc(this.summary)}</title>${d.lines.join("")}${d.parts.join("")}<g class="trace-overlay"></g></svg></div><div class="legend-box"></div>`;
    }
    const over = overlaySvg(d, t);
    for (const el of this.root.querySelectorAll("svg .on-path")) el.classList.remove("on-path");
    for (const id of over.onPath) this.root.querySelector(`svg g[data-id="${CSS.escape(id)}"]`)?.classList.add("on-path");
    this.root.querySelector("svg .trace-overlay")!.innerHTML = over.svg;
    this.root.querySelector(".legend-box")!.innerHTML = legendHtml(new Set([...d.marks, ...over.marks]));
  }
}

export type { Box };
