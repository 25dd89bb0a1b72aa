// Draws the plan as an inline SVG (no library): VPCs as boxes with their CIDRs, subnets inside
// with their instances, classic instances below with link lines to their VPC, channels with their
// nodes and services above, CCNs joining VPCs. Objects the core's lint names are drawn in red.
import type { LintFinding } from "../../policy-core/bindings/index";
import { esc, isObj, objects, text } from "./dom";

type Obj = Record<string, unknown>;
interface Box { x: number; y: number; w: number; h: number }

const GAP = 6;

function str(v: unknown): string {
  return typeof v === "string" ? v : text(v);
}

function cut(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

/** Chip sizes: labelled chips for small plans, small squares (with tooltips) for large ones. */
function chipSize(compact: boolean): { w: number; h: number; cols: number } {
  return compact ? { w: 12, h: 12, cols: 20 } : { w: 124, h: 22, cols: 2 };
}

function chip(id: string, label: string, x: number, y: number, cls: string, compact: boolean, title: string): string {
  const { w, h } = chipSize(compact);
  const t = `<title>${esc(title)}</title>`;
  if (compact) return `<g class="chip ${cls}" data-id="${esc(id)}">${t}<rect x="${x}" y="${y}" width="${w}" height="${h}" rx="2"/></g>`;
  return `<g class="chip ${cls}" data-id="${esc(id)}">${t}<rect x="${x}" y="${y}" width="${w}" height="${h}" rx="4"/><text x="${x + 6}" y="${y + 15}">${esc(cut(label, 19))}</text></g>`;
}

function line(a: [number, number], b: [number, number], cls: string, title: string): string {
  return `<line class="${cls}" x1="${a[0]}" y1="${a[1]}" x2="${b[0]}" y2="${b[1]}"><title>${esc(title)}</title></line>`;
}

/** renderDiagram reports the SVG for a plan document (any JSON: missing parts are skipped). */
export function renderDiagram(doc: unknown, lint: LintFinding[]): string {
  if (!isObj(doc)) return `<p class="empty">Nothing to draw.</p>`;
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
  const cs = chipSize(compact);
  const gridW = cs.cols * (cs.w + GAP) - GAP;
  const vpcW = gridW + 40;
  const out: string[] = [];
  const pos = new Map<string, Box>();
  const maxW = Math.max(680, vpcW + 32);
  const rows = (n: number) => Math.ceil(n / cs.cols);

  // Services and channels (top bands).
  const services = objects(doc.services);
  const channels = objects(doc.channels);
  const gws = objects(doc.gatewayInstances);
  const ccns = objects(doc.ccns);
  let y = 16;
  const band = (items: Obj[], cls: string, label: (o: Obj) => string, title: (o: Obj) => string, height: number) => {
    let x = 16;
    for (const o of items) {
      if (x + 160 > maxW && x > 16) {
        x = 16;
        y += height + 12;
      }
      const id = str(o.id);
      out.push(`<g class="chip ${cls}" data-id="${esc(id)}"><title>${esc(title(o))}</title><rect x="${x}" y="${y}" width="160" height="${height}" rx="6"/>${label(o)
        .split("\n").map((l, k) => `<text x="${x + 8}" y="${y + 15 + k * 14}"${k ? ' class="small"' : ""}>${esc(cut(l, 26))}</text>`).join("")}</g>`);
      pos.set(`${cls}:${id}`, { x, y, w: 160, h: height });
      x += 176;
    }
    if (items.length) y += height + 28;
  };
  band(services, "service", (o) => `${str(o.id)}\n${o.gatewayInstanceId ? `on ${str(o.gatewayInstanceId)}` : "shared instance"}`, (o) => `service ${str(o.id)}${o.name ? ` (${str(o.name)})` : ""}`, 36);
  const nodeLines = (o: Obj) => (Array.isArray(o.nodes) ? o.nodes.filter(isObj).map((n) => `${str(n.host)}:${str(n.port)} w${str(n.weight)}`) : []);
  const chH = Math.max(36, 22 + Math.min(4, Math.max(...channels.map((c) => nodeLines(c).length), 0)) * 14);
  band(channels, "channel", (o) => [`${str(o.id)} → ${str(o.vpcId)}`, ...nodeLines(o).slice(0, 4)].join("\n"), (o) => `channel ${str(o.id)} in ${str(o.vpcId)}; nodes ${nodeLines(o).join(", ") || "none"}`, chH);
  band(ccns, "ccn", (o) => `${str(o.id)}\n${Array.isArray(o.vpcIds) ? o.vpcIds.map(str).join(", ") : ""}`, (o) => `CCN ${str(o.id)} joins ${Array.isArray(o.vpcIds) ? o.vpcIds.map(str).join(", ") : "nothing"}`, 36);

  // VPC boxes with subnets and instances.
  let x = 16;
  let rowH = 0;
  const vpcTop = y;
  for (const v of vpcs) {
    const id = str(v.id);
    const inside: string[] = [];
    let iy = 48;
    const myGws = gws.filter((g) => g.vpcId === id);
    if (myGws.length) {
      myGws.forEach((g, k) => {
        const gx = 12 + (k % 2) * 150;
        const gy = iy + Math.floor(k / 2) * 26;
        inside.push(`<g class="chip gateway" data-id="${esc(str(g.id))}"><title>dedicated gateway instance ${esc(str(g.id))}</title><rect x="${gx}" y="${gy}" width="142" height="20" rx="4"/><text x="${gx + 6}" y="${gy + 14}">${esc(cut(str(g.id), 20))}</text></g>`);
        pos.set(`gateway:${str(g.id)}`, { x: gx, y: gy, w: 142, h: 20 });
      });
      iy += Math.ceil(myGws.length / 2) * 26 + 4;
    }
    const groups: { id: string; label: string; cls: string; nodes: typeof vpcNodes }[] = subnets
      .filter((s) => s.vpcId === id)
      .map((s) => ({ id: str(s.id), label: `${str(s.id)} ${str(s.cidr)}`, cls: "subnet", nodes: vpcNodes.filter((n) => n.o.subnetId === s.id && n.o.vpcId === id) }));
    const placed = new Set(groups.flatMap((g) => g.nodes));
    const loose = vpcNodes.filter((n) => n.o.vpcId === id && !placed.has(n));
    if (loose.length) groups.push({ id: "", label: "not in a subnet of this VPC", cls: "subnet loose", nodes: loose });
    for (const g of groups) {
      const h = 26 + Math.max(1, rows(g.nodes.length)) * (cs.h + GAP) + 4;
      const bad = g.id ? flag("subnet", g.id) : undefined;
      inside.push(`<g class="${g.cls}${bad ? " bad" : ""}" data-id="${esc(g.id)}"><title>${esc(bad?.join("\n") ?? g.label)}</title><rect x="12" y="${iy}" width="${gridW + 16}" height="${h}" rx="6"/><text x="20" y="${iy + 16}" class="small">${esc(cut(g.label, compact ? 40 : 38))}</text></g>`);
      g.nodes.forEach((n, k) => {
        const cx = 20 + (k % cs.cols) * (cs.w + GAP);
        const cy = iy + 24 + Math.floor(k / cs.cols) * (cs.h + GAP);
        const nid = str(n.o.id);
        const bad = flag("instance", nid);
        inside.push(chip(nid, nid, cx, cy, `${n.lb ? "lb" : "vpc-ins"}${bad ? " bad" : ""}`, compact, `${n.lb ? "load balancer" : "VPC instance"} ${nid} ${str(n.o.ip)}${bad ? `\n${bad.join("\n")}` : ""}`));
      });
      iy += h + 8;
    }
    const h = Math.max(iy + 4, 80);
    if (x + vpcW > maxW && x > 16) {
      x = 16;
      y += rowH + 40;
      rowH = 0;
    }
    const bad = flag("vpc", id);
    const cidrs = Array.isArray(v.cidrs) ? v.cidrs.map(str).join(", ") : str(v.cidrs);
    out.push(`<g class="vpc${bad ? " bad" : ""}" data-id="${esc(id)}" transform="translate(${x},${y})"><title>${esc(`VPC ${id}${v.name ? ` (${str(v.name)})` : ""} ${cidrs}${bad ? `\n${bad.join("\n")}` : ""}`)}</title><rect width="${vpcW}" height="${h}" rx="10"/><text x="12" y="20" class="title">${esc(cut(`${id}${v.name ? ` · ${str(v.name)}` : ""}`, 40))}${bad ? " ⚠" : ""}</text><text x="12" y="38" class="small">${esc(cut(cidrs, 48))}</text>${inside.join("")}</g>`);
    pos.set(`vpc:${id}`, { x, y, w: vpcW, h });
    for (const g of myGws) {
      const b = pos.get(`gateway:${str(g.id)}`)!;
      pos.set(`gateway:${str(g.id)}`, { ...b, x: b.x + x, y: b.y + y });
    }
    rowH = Math.max(rowH, h);
    x += vpcW + 40;
  }
  y = (vpcs.length ? y + rowH : vpcTop) + 60;

  // The classic network.
  const clLinks = objects(doc.classicLinks);
  if (classic.length) {
    const cols = Math.floor((maxW - 40) / (cs.w + GAP));
    const h = 30 + Math.ceil(classic.length / cols) * (cs.h + GAP) + 6;
    out.push(`<g class="classic-net"><rect x="8" y="${y}" width="${maxW - 16}" height="${h}" rx="10"/><text x="20" y="${y + 18}" class="title">Classic network${typeof doc.region === "string" ? ` · ${esc(doc.region)}` : ""}</text></g>`);
    classic.forEach((c, k) => {
      const id = str(c.id);
      const cx = 20 + (k % cols) * (cs.w + GAP);
      const cy = y + 26 + Math.floor(k / cols) * (cs.h + GAP);
      const bad = flag("instance", id);
      out.push(chip(id, id, cx, cy, `classic${bad ? " bad" : ""}`, compact, `classic instance ${id} ${str(c.ip)}${bad ? `\n${bad.join("\n")}` : ""}`));
      pos.set(`classic:${id}`, { x: cx, y: cy, w: cs.w, h: cs.h });
    });
    y += h + 16;
  }

  // Lines: links, channels, services, CCNs.
  const lines: string[] = [];
  const perVpc = new Map<string, number>();
  const linkTotal = new Map<string, number>();
  for (const l of clLinks) linkTotal.set(str(l.vpcId), (linkTotal.get(str(l.vpcId)) ?? 0) + 1);
  for (const l of clLinks) {
    const v = pos.get(`vpc:${str(l.vpcId)}`);
    const c = pos.get(`classic:${str(l.instanceId)}`);
    if (!v || !c) continue;
    const k = (perVpc.get(str(l.vpcId)) ?? 0) + 1;
    perVpc.set(str(l.vpcId), k);
    const bx = v.x + (k * v.w) / ((linkTotal.get(str(l.vpcId)) ?? 1) + 1);
    const bad = flag("classicLink", `${str(l.vpcId)}/${str(l.instanceId)}`);
    lines.push(line([c.x + c.w / 2, c.y], [bx, v.y + v.h], `link${bad ? " bad" : ""}`, `ClassicLink ${str(l.instanceId)} → ${str(l.vpcId)}${bad ? `\n${bad.join("\n")}` : ""}`));
  }
  const top = (b: Box): [number, number] => [b.x + b.w / 2, b.y];
  const bottom = (b: Box): [number, number] => [b.x + b.w / 2, b.y + b.h];
  const chFindings = lint.filter((f) => f.objectKind === "channel");
  for (const ch of channels) {
    const cb = pos.get(`channel:${str(ch.id)}`);
    const vb = pos.get(`vpc:${str(ch.vpcId)}`);
    if (cb && vb) lines.push(line(bottom(cb), top(vb), "chan-vpc", `channel ${str(ch.id)} is in ${str(ch.vpcId)}`));
    for (const s of Array.isArray(ch.serviceIds) ? ch.serviceIds.map(str) : []) {
      const sb = pos.get(`service:${s}`);
      if (!sb || !cb) continue;
      const bad = chFindings.filter((f) => f.objectId === str(ch.id) && f.relatedId === s).map((f) => `${f.rule} ${f.code}: ${f.message}`);
      lines.push(line(bottom(sb), top(cb), `uses${bad.length ? " bad" : ""}`, `${s} uses ${str(ch.id)}${bad.length ? `\n${bad.join("\n")}` : ""}`));
    }
  }
  for (const s of services) {
    const sb = pos.get(`service:${str(s.id)}`);
    const gb = pos.get(`gateway:${str(s.gatewayInstanceId)}`);
    if (sb && gb) lines.push(line(bottom(sb), top(gb), "on-gw", `${str(s.id)} runs on ${str(s.gatewayInstanceId)}`));
  }
  for (const c of ccns) {
    const cb = pos.get(`ccn:${str(c.id)}`);
    for (const v of Array.isArray(c.vpcIds) ? c.vpcIds.map(str) : []) {
      const vb = pos.get(`vpc:${v}`);
      if (cb && vb) lines.push(line(bottom(cb), top(vb), "ccn-line", `${str(c.id)} joins ${v}`));
    }
  }
  const width = Math.max(maxW, ...[...pos.values()].map((b) => b.x + b.w + 16));
  const summary = `Diagram: ${vpcs.length} VPCs, ${subnets.length} subnets, ${vpcNodes.length} VPC instances and load balancers, ${classic.length} classic instances, ${clLinks.length} links, ${channels.length} channels, ${ccns.length} CCNs.`;
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${esc(summary)}" width="${width}" height="${y + 8}" viewBox="0 0 ${width} ${y + 8}"><title>${esc(summary)}</title>${lines.join("")}${out.join("")}</svg>` +
    `<p class="legend-line"><span class="sw vpc-ins"></span> VPC instance <span class="sw classic"></span> classic instance <span class="sw lb"></span> load balancer <span class="sw line-link"></span> ClassicLink <span class="sw line-bad"></span> a lint finding (hover for the message)</p>`;
}
