// Response-shape coverage: which API 3.0 actions the service registers, and SDK clients whose
// every successful reply is checked against the SDK model of its Response and recorded, so a test
// can fail when a registered action with a model never had its reply checked.
import { build, type Plugin } from "esbuild";
import { describe, expect, it } from "vitest";
import { fileURLToPath } from "node:url";
import { runInThisContext } from "node:vm";
import { loadModels } from "../../scripts/sdk-models.mjs";
import { responseProblems, type ShapeOptions } from "./response-shape";

export type Product = "vpc" | "cvm" | "apigateway" | "tag";

/** The version whose models the checker reads, per product (the registry must use the same). */
const VERSIONS: Record<Product, string> = { vpc: "2017-03-12", cvm: "2017-03-12", apigateway: "2018-08-08", tag: "2018-08-13" };

/** EXTENSION_ACTIONS are the actions this service adds beyond Tencent's API: no SDK model to check against. */
export const EXTENSION_ACTIONS: Record<Product, string[]> = {
  vpc: ["AnalyzeReachability", "ExportNetworkPlan", "ResetState", "SeedNetworkPlan"],
  cvm: ["ModifyClassicInstancePrivateIp"],
  apigateway: ["DeleteExclusiveInstance"],
  tag: [],
};

// The registry imports Workers-only modules (cloudflare:workers, the policy-core wasm) that Node
// cannot load; reading the table of actions needs none of them, so they are stubbed.
const workersOnly: Plugin = {
  name: "workers-only",
  setup(b) {
    b.onResolve({ filter: /^cloudflare:workers$|\.wasm$|policy-core\/build\// }, (a) => ({ path: a.path, namespace: "stub" }));
    b.onLoad({ filter: /.*/, namespace: "stub" }, () => ({ contents: "export class DurableObject {} export default {}; export function instantiate() { throw new Error('stub'); }", loader: "js" }));
  },
};

type Registry = Record<string, { product: Product; version: string }[]>;
let registry: Promise<Registry> | undefined;

/** registeredActions reports the actions functions/actions/registry.ts registers for a product (sorted). */
export async function registeredActions(product: Product): Promise<string[]> {
  registry ??= (async () => {
    const entry = fileURLToPath(new URL("../../functions/actions/registry.ts", import.meta.url));
    const out = await build({ entryPoints: [entry], bundle: true, write: false, format: "cjs", platform: "neutral", plugins: [workersOnly], logLevel: "silent" });
    const module = { exports: {} as { ACTIONS?: Registry } };
    (runInThisContext(`(function (module, exports) {${out.outputFiles[0]!.text}\n})`) as (m: unknown, e: unknown) => void)(module, module.exports);
    return module.exports.ACTIONS!;
  })();
  const actions = await registry;
  const names = Object.keys(actions).filter((a) => actions[a]!.some((d) => d.product === product));
  for (const a of names) {
    const v = actions[a]!.find((d) => d.product === product)!.version;
    if (v !== VERSIONS[product]) throw new Error(`${product} ${a} is registered under version ${v}, the models are ${VERSIONS[product]}`);
  }
  return names.sort();
}

/** ShapeLog checks replies as they come and remembers which actions were checked and what was wrong. */
export class ShapeLog {
  readonly checked: Record<Product, Set<string>> = { vpc: new Set(), cvm: new Set(), apigateway: new Set(), tag: new Set() };
  readonly problems: string[] = [];

  /**
   * present names, per action, reply paths a real client reads without a nil check; failFast fails
   * the running test at the reply that departs from its model (else problems are kept for the end).
   */
  constructor(private readonly present: Record<string, string[]> = {}, private readonly failFast = false) {}

  /** check checks one reply (as the SDK resolves it, RequestId included) and records the action. */
  check(product: Product, action: string, reply: unknown): void {
    const opts: ShapeOptions = { present: this.present[`${product}.${action}`] ?? this.present[action] ?? [] };
    const found = responseProblems(product, action, reply, opts);
    if (this.failFast) expect(found, `${product} ${action} reply shape`).toEqual([]);
    for (const p of found) this.problems.push(`${product} ${action}: ${p}`);
    this.checked[product].add(action);
  }

  /** wrap reports the client with every Action method (capitalised) checked on success; request() is left as is. */
  wrap<T extends object>(client: T, product: Product): T {
    return new Proxy(client, {
      get: (target, name, receiver) => {
        const v = Reflect.get(target, name, receiver);
        if (typeof name !== "string" || typeof v !== "function" || !/^[A-Z]/.test(name)) return v;
        return async (req: unknown) => {
          const reply = await (v as (r: unknown) => Promise<unknown>).call(target, req);
          this.check(product, name, reply);
          return reply;
        };
      },
    });
  }

  /**
   * coverage reports, for a product, the registered actions with a model whose reply was never
   * checked, and the registered actions that have no model (these must be the extension actions).
   */
  async coverage(product: Product): Promise<{ unchecked: string[]; withoutModel: string[] }> {
    const models = loadModels(product);
    const registered = await registeredActions(product);
    const withoutModel = registered.filter((a) => !models[`${a}Response`]);
    const unchecked = registered.filter((a) => models[`${a}Response`] && !this.checked[product].has(a));
    return { unchecked, withoutModel };
  }
}

/** coverageSuite declares a shape file's closing tests: no reply departed from its model, and every action the products register with a model had its reply checked. */
export function coverageSuite(log: ShapeLog, products: Product[]): void {
  describe("response-shape coverage", () => {
    it("every reply above matched the SDK model of its Response", () => {
      expect(log.problems).toEqual([]);
    });

    it.each(products)("every %s action the service registers with a model had its reply checked", async (product) => {
      expect(await log.coverage(product)).toEqual({ unchecked: [], withoutModel: EXTENSION_ACTIONS[product] });
    });
  });
}
