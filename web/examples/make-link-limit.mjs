// Writes link-limit.json: one VPC with 100 VPC instances and 101 linked classic instances, one
// link over the 100-link limit (CL5). Run: node web/examples/make-link-limit.mjs
import { writeFileSync } from "node:fs";

const vpcInstances = Array.from({ length: 100 }, (_, i) => ({
  id: `ins-vpc${String(i + 1).padStart(3, "0")}`,
  network: "vpc",
  ip: `10.8.${i < 50 ? 1 : 2}.${(i % 50) + 10}`,
  vpcId: "vpc-big",
  subnetId: i < 50 ? "subnet-a" : "subnet-b",
  securityGroupIds: ["sg-app"],
}));
const classic = Array.from({ length: 101 }, (_, i) => ({
  id: `ins-cl${String(i + 1).padStart(3, "0")}`,
  network: "classic",
  ip: `10.100.${Math.floor(i / 50)}.${(i % 50) + 10}`,
  securityGroupIds: ["sg-classic"],
}));
const plan = {
  version: 1,
  region: "ap-guangzhou",
  vpcs: [{ id: "vpc-big", name: "100 links and one more", cidrs: ["10.8.0.0/16"] }],
  networkAcls: [
    {
      id: "acl-b", name: "subnet b", vpcId: "vpc-big",
      inbound: [
        { action: "ACCEPT", protocol: "TCP", port: "22,80", cidr: "10.0.0.0/8" },
        { action: "ACCEPT", protocol: "TCP", port: "32768-65535", cidr: "10.8.0.0/16" },
      ],
      outbound: [{ action: "ACCEPT", protocol: "ALL", cidr: "0.0.0.0/0" }],
    },
  ],
  subnets: [
    { id: "subnet-a", vpcId: "vpc-big", cidr: "10.8.1.0/24" },
    { id: "subnet-b", vpcId: "vpc-big", cidr: "10.8.2.0/24", networkAclId: "acl-b" },
  ],
  securityGroups: [
    {
      id: "sg-app", name: "app",
      ingress: [
        { action: "ACCEPT", protocol: "TCP", port: "80", cidr: "10.0.0.0/8" },
        { action: "ACCEPT", protocol: "TCP", port: "22", cidr: "10.8.0.0/16" },
      ],
      egress: [{ action: "ACCEPT", protocol: "ALL", cidr: "0.0.0.0/0" }],
    },
    {
      id: "sg-classic", name: "classic",
      ingress: [{ action: "ACCEPT", protocol: "TCP", port: "22,80", cidr: "10.0.0.0/8" }],
      egress: [{ action: "ACCEPT", protocol: "ALL", cidr: "0.0.0.0/0" }],
    },
  ],
  instances: [...vpcInstances, ...classic],
  classicLinks: classic.map((c) => ({ vpcId: "vpc-big", instanceId: c.id })),
};
writeFileSync(new URL("./link-limit.json", import.meta.url), JSON.stringify(plan, null, 1) + "\n");
console.log(`link-limit.json: ${plan.instances.length} instances, ${plan.classicLinks.length} links`);
