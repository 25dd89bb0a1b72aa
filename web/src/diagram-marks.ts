// The diagram's trace overlay (the hops of the last trace highlighted, the forward and return paths
// drawn apart, the deciding object marked) and its legend, one entry per mark and line style used.
import type { Hop, Trace } from "../../policy-core/bindings/index";
import { esc } from "./dom";

/** A box on the picture. */
export interface Box { x: number; y: number; w: number; h: number }

/** A laid-out picture: its parts, its lines, where each object is and which marks it uses. */
export interface Drawn {
  parts: string[];
  lines: string[];
  pos: Map<string, Box>;
  marks: Set<string>;
  /** Each drawn ClassicLink's route, from its classic instance to its VPC's edge, by "vpcId/instanceId". */
  linkPts: Map<string, [number, number][]>;
  /** The VPC of each instance or load balancer drawn inside one. */
  vpcOf: Map<string, string>;
  width: number;
  height: number;
}

const OWN_ID: Partial<Record<Hop["component"], true>> = {
  instance: true, loadBalancer: true, subnet: true, vpc: true, ccn: true, channel: true, service: true, gatewayInstance: true,
};
/** Objects drawn as points of the path (small boxes); subnets and VPCs are only highlighted. */
const POINTS: Partial<Record<Hop["component"], true>> = { instance: true, loadBalancer: true, channel: true, service: true, gatewayInstance: true, ccn: true };

function idsOf(h: Hop): string[] {
  const out: string[] = [];
  if (h.instanceId) out.push(h.instanceId);
  if (h.id && OWN_ID[h.component]) out.push(h.id);
  if (h.id && h.component === "classicLink") out.push(...h.id.split("/").reverse());
  return out;
}

/** The link route to follow between two consecutive points of a path (classic instance and a node of its linked VPC). */
function via(d: Drawn, a: string, b: string): [number, number][] {
  const fwd = d.linkPts.get(`${d.vpcOf.get(b)}/${a}`);
  if (fwd) return fwd;
  const back = d.linkPts.get(`${d.vpcOf.get(a)}/${b}`);
  return back ? [...back].reverse() : [];
}

function pathOf(d: Drawn, hops: Hop[], shift: number): string | null {
  const pts: [number, number][] = [];
  let last = "";
  for (const h of hops) {
    for (const id of idsOf(h)) {
      const b = d.pos.get(id);
      if (!b || id === last || (id !== h.instanceId && !(POINTS[h.component] && id === h.id))) continue;
      if (last) pts.push(...via(d, last, id));
      last = id;
      pts.push([b.x + b.w / 2, b.y + b.h / 2]);
    }
  }
  if (pts.length < 2) return null;
  return pts.map(([x, y], i) => `${i ? "L" : "M"}${x + shift},${y + shift}`).join(" ");
}

/** overlaySvg reports the SVG drawn over the picture for a trace, the ids on its path and the marks it uses. */
export function overlaySvg(d: Drawn, t: Trace | null): { svg: string; onPath: string[]; marks: string[] } {
  if (!t) return { svg: "", onPath: [], marks: [] };
  const onPath = [...new Set([...t.forward, ...t.return].flatMap(idsOf))].filter((id) => d.pos.has(id));
  const out = [`<defs><marker id="arrow-fwd" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="arrow-fwd"/></marker><marker id="arrow-ret" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="arrow-ret"/></marker></defs>`];
  const marks = ["on-path"];
  const fwd = pathOf(d, t.forward, -3);
  if (fwd) {
    out.push(`<path class="trace-forward" data-mark="trace-forward" d="${fwd}" marker-end="url(#arrow-fwd)"><title>the flow, forward</title></path>`);
    marks.push("trace-forward");
  }
  const ret = pathOf(d, t.return, 3);
  if (ret) {
    out.push(`<path class="trace-return" data-mark="trace-return" d="${ret}" marker-end="url(#arrow-ret)"><title>the reply, returning</title></path>`);
    marks.push("trace-return");
  }
  const all = [...t.forward, ...t.return];
  const k = all.findIndex((h) => h.code !== null);
  if (k >= 0) {
    const hop = all[k]!;
    const at = [hop, ...all.slice(0, k).reverse()].flatMap(idsOf).map((id) => d.pos.get(id)).find((b) => b);
    if (at) {
      const label = `✕ ${hop.code} at ${hop.id ?? hop.component}${hop.ruleIndex !== null ? ` rule ${hop.ruleIndex}` : ""} (${hop.direction})`;
      const w = label.length * 7.4 + 14;
      const x = Math.max(2, Math.min(at.x + at.w - 8, d.width - w - 2));
      const y = Math.max(2, at.y - 20);
      out.push(`<g class="deciding-mark" data-mark="deciding"><title>${esc(`decided here: ${hop.detail}`)}</title><rect x="${x}" y="${y}" width="${w}" height="18" rx="9"/><text x="${x + 6}" y="${y + 13}">${esc(label)}</text></g>`);
      marks.push("deciding");
    }
  }
  return { svg: out.join(""), onPath, marks };
}

// Swatches are HTML (not SVG), so they never count as parts of the picture.
const box = (cls: string) => `<span class="lg box ${cls}" aria-hidden="true"></span>`;
const stroke = (cls: string) => `<span class="lg stroke ${cls}" aria-hidden="true"></span>`;

/** Every mark and line style the diagram uses, with its swatch and meaning. */
const LEGEND: [key: string, swatch: string, label: string][] = [
  ["vpc", box("vpc"), "VPC (id · name, CIDRs)"],
  ["subnet", box("subnet"), "subnet (id, CIDR)"],
  ["subnet-loose", box("subnet-loose"), "instances not in a subnet of their VPC"],
  ["vpc-ins", box("vpc-ins"), "VPC instance"],
  ["lb", box("lb"), "load balancer"],
  ["gateway", box("gateway"), "dedicated gateway instance"],
  ["classic-net", box("classic-net"), "classic network"],
  ["classic", box("classic"), "classic instance (under the VPC it is linked to)"],
  ["service", box("service"), "API gateway service"],
  ["channel", box("channel"), "VPC channel (→ its VPC; its nodes)"],
  ["ccn", box("ccn"), "CCN"],
  ["line-link", stroke("link"), "ClassicLink"],
  ["line-uses", stroke("uses"), "service uses channel"],
  ["line-on-gw", stroke("on-gw"), "service runs on gateway instance"],
  ["line-chan-vpc", stroke("chan-vpc"), "channel is in VPC"],
  ["line-ccn", stroke("ccn-line"), "CCN joins VPC"],
  ["line-bad", stroke("bad"), "a line the core's lint flags (hover for the finding)"],
  ["bad", box("bad"), "an object the core's lint flags (hover for the finding)"],
  ["over-limit", box("over-limit"), "a link past a VPC's 100th"],
  ["finding", `<span class="finding-sw">⚠</span>`, "a finding, written on the picture"],
  ["on-path", box("vpc-ins on-path"), "on the traced flow's path"],
  ["trace-forward", stroke("trace-forward"), "traced flow, forward"],
  ["trace-return", stroke("trace-return"), "traced flow's reply, returning"],
  ["deciding", `<span class="deciding-sw">✕</span>`, "where the trace was decided (code, object, rule)"],
];

/** legendHtml reports the legend for the marks in use. */
export function legendHtml(used: Set<string>): string {
  const items = LEGEND.filter(([k]) => used.has(k)).map(([k, sw, label]) => `<li data-legend="${k}">${sw}<span>${esc(label)}</span></li>`).join("");
  return items ? `<ul class="legend" aria-label="Diagram legend">${items}</ul>` : "";
}
