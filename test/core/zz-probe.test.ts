import { it } from "vitest";
import { loadCore } from "../helpers/core-node";
import { basePlan, load } from "../helpers/plans";
it("probe", async () => {
  const core = await loadCore();
  const first = load(core, basePlan());
  core.plan({ version: 1, vpcs: [{ id: "v", cidrs: ["10.0.0.1/16"] }] });
  try { console.log("X", JSON.stringify(first.lint())); } catch (e) { console.log("X lint threw", String(e)); }
  try { console.log("X", JSON.stringify(first.matrix("TCP", 22))); } catch (e) { console.log("X matrix threw", String(e)); }
  const d = basePlan(); d.subnets![0]!.cidr = "10.0.1.0/024";
  console.log("X", JSON.stringify(core.plan(d)));
});
