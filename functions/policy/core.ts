// Loads policy-core's wasm once per isolate for the Worker and its Durable Objects. A trap drops
// the instance so the next call starts from a fresh one. Decides nothing itself.
import wasmModule from "../../policy-core/build/policy-core.wasm";
import { instantiate } from "../../policy-core/build/policy-core.js";
import { PolicyCore } from "../../policy-core/bindings/index";

let current: Promise<PolicyCore> | undefined;

/** policyCore reports the isolate's PolicyCore, instantiating the wasm on first use. */
function policyCore(): Promise<PolicyCore> {
  current ??= instantiate(wasmModule, { env: {} }).then((x) => new PolicyCore(x));
  return current;
}

/** withPolicy runs fn on the core; if the wasm traps, the instance is dropped and the error rethrown. */
export async function withPolicy<T>(fn: (core: PolicyCore) => T): Promise<T> {
  const core = await policyCore();
  try {
    return fn(core);
  } catch (e) {
    current = undefined;
    throw e;
  }
}
