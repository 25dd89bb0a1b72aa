// The wasm module as an artefact: what it imports, that the bindings' status and explanation-code
// numbers are the wasm's own, its size, and that its memory stays flat under many calls.
import { describe, expect, it } from "vitest";
import { BOUNDARY, CODES, STATUS, reasonOf, type CodeName, type StatusName } from "../../policy-core/bindings/index";
import { compileCore, loadCoreWithExports, wasmBytes } from "../helpers/core-node";

const PAGE = 65_536;

describe("policy-core.wasm", () => {
  it("imports nothing but env.abort", async () => {
    const imports = WebAssembly.Module.imports(await compileCore());
    expect(imports).toEqual([{ module: "env", name: "abort", kind: "function" }]);
  });

  it("is smaller than 64 KB", () => {
    expect(wasmBytes().byteLength).toBeLessThan(64 * 1024);
  });

  it("exports one i32 global per status, explanation code and boundary number the bindings name, and no other", async () => {
    const exported = WebAssembly.Module.exports(await compileCore())
      .filter((e) => e.kind === "global" && !e.name.startsWith("__"))
      .map((e) => e.name)
      .sort();
    expect(exported).toEqual([...Object.keys(STATUS), ...Object.keys(CODES), ...Object.keys(BOUNDARY)].sort());
  });

  // Hop kinds, dispositions, object kinds, field numbers, record layouts and matrix values: one
  // definition in the wasm, named once in bindings/boundary.ts; adding one on either side alone fails.
  it.each(Object.entries(BOUNDARY))("has BOUNDARY.%s equal to the wasm's exported global (%i)", async (name, value) => {
    const { exports } = await loadCoreWithExports();
    const global: unknown = (exports as unknown as Record<string, unknown>)[name];
    expect(global).toBeInstanceOf(WebAssembly.Global);
    expect((global as WebAssembly.Global).value).toBe(value);
  });

  // Results come back as values: the only last-call state the bindings may read is a record
  // (traceRecord, findings, matrixCodes/matrixClasses), never one number at a time.
  it("exports no getter of a last parse or check (r*Value, ruleFieldValue, traceFieldValue)", async () => {
    const fns = WebAssembly.Module.exports(await compileCore()).filter((e) => e.kind === "function").map((e) => e.name);
    expect(fns.filter((n) => /Value$/.test(n) || /^r[A-Z]/.test(n))).toEqual([]);
  });

  it("answers a parse as one value: status, range and the blamed part", async () => {
    const { exports } = await loadCoreWithExports();
    expect({ ...exports.readCidr("10.1.2.3/16") }).toEqual({ status: STATUS.HOST_BITS_SET, start: 0x0a010000, end: 0x0a01ffff, prefix: 16, errFrom: 0, errTo: 8 });
    expect({ ...exports.readIpv4("10.01.0.1") }).toMatchObject({ status: STATUS.LEADING_ZERO, errFrom: 3, errTo: 5 });
    expect({ ...exports.checkRule("accept", "tcp", "80", "0.0.0.0/0") }).toEqual({ status: 0, field: 0, canonical: "ACCEPT TCP 80" });
    expect(exports.checkRule("ACCEPT", "TCP", "80", "10.0.0.1/8")).toMatchObject({ status: STATUS.HOST_BITS_SET, field: BOUNDARY.F_CIDR });
  });

  it("has no name in two families", () => {
    const names = [...Object.keys(STATUS), ...Object.keys(CODES), ...Object.keys(BOUNDARY)];
    expect(names.length).toBe(new Set(names).size);
  });

  it("has no name that is both a status and an explanation code", () => {
    expect(Object.keys(STATUS).filter((k) => k in CODES)).toEqual([]);
  });

  it.each(Object.entries(STATUS) as [StatusName, number][])(
    "has STATUS.%s equal to the wasm's exported global (%i)",
    async (name, value) => {
      const { exports } = await loadCoreWithExports();
      const global: unknown = exports[name];
      expect(global).toBeInstanceOf(WebAssembly.Global);
      expect((global as WebAssembly.Global).value).toBe(value);
    },
  );

  it.each(Object.entries(CODES) as [CodeName, number][])(
    "has CODES.%s equal to the wasm's exported global (%i)",
    async (name, value) => {
      const { exports } = await loadCoreWithExports();
      const global: unknown = (exports as unknown as Record<string, unknown>)[name];
      expect(global).toBeInstanceOf(WebAssembly.Global);
      expect((global as WebAssembly.Global).value).toBe(value);
    },
  );

  it.each((Object.keys(STATUS) as StatusName[]).filter((n) => n !== "OK"))("has a reason for %s", (name) => {
    expect(reasonOf(STATUS[name])).not.toMatch(/^unknown status/);
  });
});

describe("memory", () => {
  it("stays within a few pages over 200,000 parse calls (the GC frees the strings)", async () => {
    const { core, exports } = await loadCoreWithExports();
    const before = exports.memory.buffer.byteLength;
    let accepted = 0;
    for (let i = 0; i < 200_000; i++) {
      // distinct strings, so no call can reuse another's allocation by accident
      const r = i % 2 === 0 ? core.parseIpv4(`10.${i & 255}.${(i >>> 8) & 255}.${i % 7}`) : core.parseCidr(`10.${i & 255}.${(i >>> 8) & 255}.0/24`);
      if (r.ok) accepted++;
    }
    const grown = (exports.memory.buffer.byteLength - before) / PAGE;
    // 200,000 strings of ~30 bytes each would take about 100 pages if none were freed
    expect(grown).toBeLessThanOrEqual(4);
    expect(accepted).toBe(200_000);
  });
});
