// Loads policy-core's wasm in Node for the "core" test project: the bytes are read with fs,
// compiled, instantiated through the raw bindings and wrapped in the typed PolicyCore.
// Build it first with `npm run build:core`.
//
// The tsconfig carries only the Workers' types (no @types/node, and the Workers' WebAssembly
// namespace lacks `compile`), so the few Node pieces used here are typed locally.
import { instantiate } from "../../policy-core/build/policy-core.js";
import { PolicyCore, type CoreExports } from "../../policy-core/bindings/index";

/** The piece of node:fs used here. */
interface NodeFs {
  readFileSync(path: URL): Uint8Array;
}

/** The piece of Node's WebAssembly namespace that the Workers' types leave out. */
interface NodeWebAssembly {
  compile(bytes: BufferSource): Promise<WebAssembly.Module>;
}

/** The location of the built wasm. */
export const WASM_URL = new URL("../../policy-core/build/policy-core.wasm", import.meta.url);

function nodeFs(): NodeFs {
  const proc = (globalThis as unknown as { process?: { getBuiltinModule?(id: string): unknown } }).process;
  const fs = proc?.getBuiltinModule?.("node:fs") as NodeFs | undefined;
  if (!fs) throw new Error("core-node: needs Node 20.16+ (process.getBuiltinModule)");
  return fs;
}

/** wasmBytes reports the bytes of policy-core/build/policy-core.wasm. */
export function wasmBytes(): Uint8Array {
  try {
    return nodeFs().readFileSync(WASM_URL);
  } catch (e) {
    throw new Error(`core-node: cannot read ${WASM_URL.pathname}; run \`npm run build:core\` first`, { cause: e });
  }
}

let compiled: Promise<WebAssembly.Module> | undefined;

/** compileCore reports the compiled module (compiled once per test file). */
export function compileCore(): Promise<WebAssembly.Module> {
  compiled ??= (WebAssembly as unknown as NodeWebAssembly).compile(wasmBytes());
  return compiled;
}

/** loadCoreExports reports a fresh instance's adapted raw exports (globals, memory, runtime). */
export async function loadCoreExports(): Promise<CoreExports> {
  return instantiate(await compileCore(), { env: {} });
}

/** loadCore reports a PolicyCore over a fresh wasm instance. */
export async function loadCore(): Promise<PolicyCore> {
  return new PolicyCore(await loadCoreExports());
}

/** loadCoreWithExports reports a PolicyCore and the raw exports of the same instance. */
export async function loadCoreWithExports(): Promise<{ core: PolicyCore; exports: CoreExports }> {
  const exports = await loadCoreExports();
  return { core: new PolicyCore(exports), exports };
}
