// Loads policy-core's wasm in the browser: the bytes are inlined in the bundle by esbuild's binary
// loader, so the page needs no server and works from file://.
import wasmBytes from "../../policy-core/build/policy-core.wasm";
import { instantiate } from "../../policy-core/build/policy-core.js";
import { PolicyCore } from "../../policy-core/bindings/index";

/** loadCore compiles and instantiates the wasm and wraps it in the typed PolicyCore. */
export async function loadCore(): Promise<PolicyCore> {
  const module = await WebAssembly.compile(wasmBytes);
  return new PolicyCore(await instantiate(module, { env: {} }));
}
