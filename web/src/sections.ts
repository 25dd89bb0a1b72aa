// The editor's sections: for each list of the plan document, its fields (with suggestion lists)
// and how a new item starts. Presentation only; whether a value is valid is the core's answer.
import { objects } from "./dom";

type Kind = "text" | "list" | "number" | "bool";

export interface Field {
  key: string;
  label: string;
  kind?: Kind;
  required?: boolean;
  /** The id of a datalist offering suggestions (ids of the plan, or words Tencent uses). */
  hint?: string;
  wide?: boolean;
  /** The input's width in rem, when it differs from the default. */
  w?: number;
}

export interface Nested {
  key: string;
  label: string;
  fields: Field[];
  /** Ordered rules: rows can be moved up and down. */
  ordered?: boolean;
  make: () => Record<string, unknown>;
}

export interface Section {
  key: string;
  title: string;
  /** A row is shown in this section when it passes the filter (instances are split in two). */
  filter?: (item: Record<string, unknown>) => boolean;
  fields: Field[];
  nested?: Nested[];
  make: (doc: Record<string, unknown>) => Record<string, unknown>;
  addLabel: string;
  help?: string;
}

const RULE_FIELDS: Field[] = [
  { key: "action", label: "Action", required: true, hint: "dl-actions", w: 4.7 },
  { key: "protocol", label: "Protocol", required: true, hint: "dl-protocols", w: 3.9 },
  { key: "port", label: "Port", w: 7 },
  { key: "cidr", label: "CIDR", required: true, w: 7.4 },
  { key: "description", label: "Description", w: 5.4 },
];
const newRule = () => ({ action: "ACCEPT", protocol: "TCP", port: "22", cidr: "0.0.0.0/0" });
const rules = (key: string, label: string): Nested => ({ key, label, fields: RULE_FIELDS, ordered: true, make: newRule });

export const ids = (doc: Record<string, unknown>, list: string) => objects(doc[list]).map((o) => o.id).filter((v): v is string => typeof v === "string");
const first = (doc: Record<string, unknown>, list: string) => ids(doc, list)[0] ?? "";
const isClassic = (o: Record<string, unknown>) => o.network === "classic";

/** The editor's sections, in the order a plan is usually written. */
export const SECTIONS: Section[] = [
  {
    key: "vpcs", title: "VPCs", addLabel: "Add VPC",
    fields: [
      { key: "id", label: "Id", required: true }, { key: "name", label: "Name" }, { key: "region", label: "Region" },
      { key: "cidrs", label: "CIDRs (comma separated)", kind: "list", required: true, wide: true },
    ],
    make: () => ({ id: "", cidrs: ["10.0.0.0/16"] }),
  },
  {
    key: "subnets", title: "Subnets", addLabel: "Add subnet",
    fields: [
      { key: "id", label: "Id", required: true }, { key: "name", label: "Name" },
      { key: "vpcId", label: "VPC", required: true, hint: "dl-vpcs" }, { key: "cidr", label: "CIDR", required: true },
      { key: "routeTableId", label: "Route table", hint: "dl-routeTables" }, { key: "networkAclId", label: "Network ACL", hint: "dl-networkAcls" },
      { key: "zone", label: "Zone", w: 9 },
    ],
    make: (d) => ({ id: "", vpcId: first(d, "vpcs"), cidr: "" }),
  },
  {
    key: "instances", title: "VPC instances", addLabel: "Add VPC instance", filter: (o) => !isClassic(o),
    fields: [
      { key: "id", label: "Id", required: true }, { key: "name", label: "Name" },
      { key: "network", label: "Network", required: true, hint: "dl-network" }, { key: "ip", label: "Private IP", required: true },
      { key: "vpcId", label: "VPC", hint: "dl-vpcs" }, { key: "subnetId", label: "Subnet", hint: "dl-subnets" },
      { key: "securityGroupIds", label: "Security groups", kind: "list", hint: "dl-securityGroups" },
    ],
    make: (d) => {
      const vpcId = first(d, "vpcs");
      const subnet = objects(d.subnets).find((s) => s.vpcId === vpcId)?.id ?? "";
      return { id: "", network: "vpc", ip: "", vpcId, subnetId: subnet, securityGroupIds: [] };
    },
  },
  {
    key: "instances", title: "Classic instances", addLabel: "Add classic instance", filter: isClassic,
    fields: [
      { key: "id", label: "Id", required: true }, { key: "name", label: "Name" },
      { key: "network", label: "Network", required: true, hint: "dl-network" }, { key: "ip", label: "Private IP", required: true },
      { key: "region", label: "Region" }, { key: "securityGroupIds", label: "Security groups", kind: "list", hint: "dl-securityGroups" },
    ],
    make: () => ({ id: "", network: "classic", ip: "", securityGroupIds: [] }),
  },
  {
    key: "classicLinks", title: "ClassicLinks", addLabel: "Add link",
    fields: [
      { key: "vpcId", label: "VPC", required: true, hint: "dl-vpcs" },
      { key: "instanceId", label: "Classic instance", required: true, hint: "dl-instances" },
    ],
    make: (d) => ({ vpcId: first(d, "vpcs"), instanceId: objects(d.instances).find(isClassic)?.id ?? "" }),
  },
  {
    key: "securityGroups", title: "Security groups", addLabel: "Add security group",
    fields: [{ key: "id", label: "Id", required: true }, { key: "name", label: "Name" }],
    nested: [rules("ingress", "Ingress"), rules("egress", "Egress")],
    make: () => ({ id: "", ingress: [], egress: [] }),
  },
  {
    key: "networkAcls", title: "Network ACLs", addLabel: "Add network ACL",
    fields: [{ key: "id", label: "Id", required: true }, { key: "name", label: "Name" }, { key: "vpcId", label: "VPC", required: true, hint: "dl-vpcs" }],
    nested: [rules("inbound", "Inbound"), rules("outbound", "Outbound")],
    make: (d) => ({ id: "", vpcId: first(d, "vpcs"), inbound: [], outbound: [] }),
  },
  {
    key: "routeTables", title: "Route tables", addLabel: "Add route table",
    fields: [
      { key: "id", label: "Id", required: true }, { key: "name", label: "Name" },
      { key: "vpcId", label: "VPC", required: true, hint: "dl-vpcs" }, { key: "main", label: "Main", kind: "bool" },
    ],
    nested: [{
      key: "routes", label: "Routes", ordered: true,
      fields: [
        { key: "destination", label: "Destination", required: true },
        { key: "gatewayType", label: "Gateway type", required: true, hint: "dl-gatewayTypes" },
        { key: "gatewayId", label: "Gateway id" },
      ],
      make: () => ({ destination: "", gatewayType: "VPN" }),
    }],
    make: (d) => ({ id: "", vpcId: first(d, "vpcs"), routes: [] }),
  },
  {
    key: "loadBalancers", title: "Load balancers", addLabel: "Add load balancer",
    fields: [
      { key: "id", label: "Id", required: true }, { key: "vpcId", label: "VPC", required: true, hint: "dl-vpcs" },
      { key: "subnetId", label: "Subnet", required: true, hint: "dl-subnets" }, { key: "ip", label: "IP", required: true },
      { key: "securityGroupIds", label: "Security groups", kind: "list", hint: "dl-securityGroups" },
      { key: "backendIds", label: "Backends", kind: "list", hint: "dl-instances" },
    ],
    make: (d) => ({ id: "", vpcId: first(d, "vpcs"), subnetId: first(d, "subnets"), ip: "" }),
  },
  {
    key: "ccns", title: "CCNs", addLabel: "Add CCN",
    fields: [{ key: "id", label: "Id", required: true }, { key: "name", label: "Name" }, { key: "vpcIds", label: "VPCs (comma separated)", kind: "list", required: true, wide: true }],
    make: () => ({ id: "", vpcIds: [] }),
  },
  {
    key: "gatewayInstances", title: "Dedicated gateway instances", addLabel: "Add gateway instance",
    fields: [{ key: "id", label: "Id", required: true }, { key: "name", label: "Name" }, { key: "vpcId", label: "VPC", required: true, hint: "dl-vpcs" }],
    make: (d) => ({ id: "", vpcId: first(d, "vpcs") }),
  },
  {
    key: "services", title: "Gateway services", addLabel: "Add service",
    help: "Leave the gateway instance empty for a service on the shared instance.",
    fields: [{ key: "id", label: "Id", required: true }, { key: "name", label: "Name" }, { key: "gatewayInstanceId", label: "Gateway instance", hint: "dl-gatewayInstances" }],
    make: () => ({ id: "" }),
  },
  {
    key: "channels", title: "VPC channels", addLabel: "Add channel",
    fields: [
      { key: "id", label: "Id", required: true }, { key: "name", label: "Name" }, { key: "vpcId", label: "VPC", required: true, hint: "dl-vpcs" },
      { key: "serviceIds", label: "Services (comma separated)", kind: "list", hint: "dl-services", wide: true },
    ],
    nested: [{
      key: "nodes", label: "Nodes",
      fields: [{ key: "host", label: "Host", required: true }, { key: "port", label: "Port", kind: "number", required: true }, { key: "weight", label: "Weight", kind: "number", required: true }],
      make: () => ({ host: "", port: 80, weight: 10 }),
    }],
    make: (d) => ({ id: "", vpcId: first(d, "vpcs"), serviceIds: [], nodes: [] }),
  },
];
