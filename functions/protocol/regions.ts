// Tencent Cloud region names accepted by the service, and the v2 API's short aliases.
import { ownValue } from "./own-key";

/** REGIONS lists the region names the service accepts (Tencent's public regions). */
export const REGIONS = new Set([
  "ap-bangkok", "ap-beijing", "ap-chengdu", "ap-chongqing", "ap-guangzhou", "ap-hongkong",
  "ap-jakarta", "ap-mumbai", "ap-nanjing", "ap-seoul", "ap-shanghai", "ap-shanghai-fsi",
  "ap-shenzhen-fsi", "ap-singapore", "ap-tokyo", "eu-frankfurt", "na-ashburn",
  "na-siliconvalley", "na-toronto", "sa-saopaulo",
]);

const V2_ALIASES: Record<string, string> = {
  bj: "ap-beijing", gz: "ap-guangzhou", sh: "ap-shanghai", hk: "ap-hongkong", ca: "na-toronto",
  cd: "ap-chengdu", cq: "ap-chongqing", nj: "ap-nanjing", sg: "ap-singapore", kr: "ap-seoul",
  th: "ap-bangkok", in: "ap-mumbai", jp: "ap-tokyo", de: "eu-frankfurt", usw: "na-siliconvalley",
  use: "na-ashburn", shjr: "ap-shanghai-fsi", szjr: "ap-shenzhen-fsi",
};

/** canonicalRegion reports the region name for a v3 name or v2 short alias, or null. */
export function canonicalRegion(name: string): string | null {
  if (REGIONS.has(name)) return name;
  return ownValue(V2_ALIASES, name) ?? null;
}
