// The in-browser part of the matrix benchmark (bundled by scripts/bench-core.mjs as an IIFE and
// run in Chromium): loads the wasm from its bytes, then times the class matrix of the 1,000- and
// 200-instance plans and, for the 200, the per-pair one. Reports medians in milliseconds.
import { instantiate } from "../../policy-core/build/policy-core.js";
import { PolicyCore } from "../../policy-core/bindings/index";
import { bigPlan } from "./big-plan";
import { timeMatrices, type MatrixTimes } from "./matrix-times";

/** benchMatrix runs in the page: bytes are the wasm's, base64. */
export async function benchMatrix(base64: string): Promise<MatrixTimes> {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const wasm = WebAssembly as unknown as { compile(b: Uint8Array): Promise<WebAssembly.Module> };
  const core = new PolicyCore(await instantiate(await wasm.compile(bytes), { env: {} }));
  return timeMatrices(core, bigPlan, () => performance.now());
}
