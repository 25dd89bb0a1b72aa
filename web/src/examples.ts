// The example plans shipped with the page (web/examples/*.json, bundled), each with a matrix flow
// and a what-if question worth looking at first.
import valid from "../examples/valid-classiclink.json";
import linkLimit from "../examples/link-limit.json";
import ineligible from "../examples/ineligible-cidr.json";
import channels from "../examples/channels.json";

/** An example plan and where to look first. */
export interface Example {
  id: string;
  title: string;
  doc: unknown;
  protocol: string;
  port: string;
  ask: [source: string, destination: string, protocol: string, port: string];
}

export const EXAMPLES: Example[] = [
  { id: "valid-classiclink", title: "Valid ClassicLink setup", doc: valid, protocol: "TCP", port: "22", ask: ["ins-legacy1", "ins-web1", "TCP", "22"] },
  { id: "link-limit", title: "101 links on one VPC (CL5, largest)", doc: linkLimit, protocol: "TCP", port: "80", ask: ["ins-vpc051", "ins-cl001", "TCP", "80"] },
  { id: "ineligible-cidr", title: "Linked VPC outside 10.[0-47] (CL6)", doc: ineligible, protocol: "TCP", port: "22", ask: ["ins-cl1", "ins-old1", "TCP", "22"] },
  { id: "channels", title: "VPC channels: CCN and shared instance (CH2, CH6)", doc: channels, protocol: "TCP", port: "8080", ask: ["service-orders", "upstream-orders", "TCP", "8080"] },
];

/** BLANK is the empty plan a new design starts from. */
export const BLANK = { version: 1, region: "ap-guangzhou", vpcs: [] };

/** exampleById reports a fresh copy of an example's document. */
export function exampleById(id: string): Example | undefined {
  const e = EXAMPLES.find((x) => x.id === id);
  return e && { ...e, doc: structuredClone(e.doc) };
}
