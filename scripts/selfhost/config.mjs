// Builds what `workerd serve` needs from wrangler.toml: the Worker bundle (esbuild), its wasm
// modules, the planner's static-file list, and a capnp config with every binding, Durable Object
// namespace (SQLite on local disk) and variable. Pure text generation apart from the file writes.
import { build } from "esbuild";
import { copyFileSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { basename, isAbsolute, join, relative, resolve, sep } from "node:path";

/** ASSETS_BINDING is the service binding the entry module serves static files through. */
export const ASSETS_BINDING = "__SELFHOST_ASSETS";

/** readWranglerConfig parses wrangler.toml with wrangler's own reader (no second TOML parser). */
export async function readWranglerConfig(root) {
  // Importing wrangler installs signal handlers that exit the process at once: drop them, so the
  // caller's own SIGINT/SIGTERM handlers still stop workerd.
  const signals = ["SIGINT", "SIGTERM", "SIGHUP"];
  const before = new Map(signals.map((sig) => [sig, new Set(process.listeners(sig))]));
  const { unstable_readConfig } = await import("wrangler");
  const config = unstable_readConfig({ config: join(root, "wrangler.toml") }, {});
  for (const sig of signals) for (const l of process.listeners(sig)) if (!before.get(sig).has(l)) process.removeListener(sig, l);
  return config;
}

/** parseDotVars reads a .dev.vars (dotenv) text: KEY=VALUE lines, # comments, optional quotes. */
export function parseDotVars(text) {
  const out = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!m) continue;
    let v = m[2];
    const q = v[0];
    if ((q === '"' || q === "'") && v.length >= 2 && v.endsWith(q)) {
      v = v.slice(1, -1);
      if (q === '"') v = v.replace(/\\n/g, "\n").replace(/\\"/g, '"');
    } else {
      v = v.replace(/\s+#.*$/, "");
    }
    out[m[1]] = v;
  }
  return out;
}

/**
 * resolveVars merges the Worker's variables, later sources winning: wrangler.toml [vars], then
 * .dev.vars (local development values, as wrangler dev reads them), then the process
 * environment for every name either of them declares (and TC_CREDENTIALS always), then the
 * caller's explicit vars. Returns { vars, sources } (sources names where each value came from).
 */
export function resolveVars(tomlVars, dotVars, env, explicit = {}) {
  const vars = {};
  const sources = {};
  const put = (from, obj) => {
    for (const [k, v] of Object.entries(obj)) {
      vars[k] = v;
      sources[k] = from;
    }
  };
  put("wrangler.toml", tomlVars ?? {});
  put(".dev.vars", dotVars ?? {});
  const names = new Set([...Object.keys(vars), "TC_CREDENTIALS"]);
  for (const k of names) if (typeof env[k] === "string" && env[k] !== "") put("environment", { [k]: env[k] });
  put("option", explicit);
  return { vars, sources };
}

/** capnpString quotes a value as a Cap'n Proto text literal. */
export function capnpString(s) {
  return `"${String(s).replace(/[\\"\u0000-\u001f]/g, (c) => {
    if (c === "\\" || c === '"') return `\\${c}`;
    return `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`;
  })}"`;
}

/** sqliteClasses lists the classes any migration declares as SQLite-backed. */
export function sqliteClasses(migrations = []) {
  return new Set(migrations.flatMap((m) => [...(m.new_sqlite_classes ?? []), ...(m.renamed_classes ?? []).map((r) => r.to)]));
}

/** listAssets returns every file under dir as a URL path ("/planner/index.html"), sorted. */
export function listAssets(dir) {
  if (!dir || !existsSync(dir)) return [];
  const out = [];
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      if (name.startsWith(".")) continue;
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push("/" + relative(dir, p).split(sep).join("/"));
    }
  };
  walk(dir);
  return out.sort();
}

/**
 * capnpConfig renders the workerd config text. `w` is { name, compatibilityDate, flags, modules:
 * [{ name, kind, file }], vars, durableObjects: [{ binding, className, sql }], assetsDir,
 * stateDir, address, tls?: { key, cert } (file names in the config's folder: serve https) }. Module files are embedded relative to the config file's folder.
 */
export function capnpConfig(w) {
  const modules = w.modules.map((m) => `    (name = ${capnpString(m.name)}, ${m.kind} = embed ${capnpString(m.file)}),`);
  const bindings = [];
  for (const [k, v] of Object.entries(w.vars)) {
    bindings.push(typeof v === "string" ? `(name = ${capnpString(k)}, text = ${capnpString(v)})` : `(name = ${capnpString(k)}, json = ${capnpString(JSON.stringify(v))})`);
  }
  for (const d of w.durableObjects) bindings.push(`(name = ${capnpString(d.binding)}, durableObjectNamespace = ${capnpString(d.className)})`);
  if (w.assetsDir) bindings.push(`(name = ${capnpString(ASSETS_BINDING)}, service = "assets")`);
  const seen = new Set();
  const namespaces = [];
  for (const d of w.durableObjects) {
    if (seen.has(d.className)) continue;
    seen.add(d.className);
    namespaces.push(`(className = ${capnpString(d.className)}, uniqueKey = ${capnpString(`${w.name}-${d.className}`)}, enableSql = ${d.sql})`);
  }
  return `# Generated by scripts/selfhost/config.mjs from wrangler.toml. Do not edit.
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "main", worker = .worker),
    (name = "state", disk = (path = ${capnpString(w.stateDir)}, writable = true)),
${w.assetsDir ? `    (name = "assets", disk = (path = ${capnpString(w.assetsDir)}, writable = false)),\n` : ""}    (name = "internet", network = (allow = ["public", "private", "local"], tlsOptions = (trustBrowserCas = true))),
  ],
  sockets = [${w.tls
    ? `(name = "https", address = ${capnpString(w.address)}, https = (options = (), tlsOptions = (keypair = (privateKey = embed ${capnpString(w.tls.key)}, certificateChain = embed ${capnpString(w.tls.cert)}))), service = "main")`
    : `(name = "http", address = ${capnpString(w.address)}, http = (), service = "main")`}],
);

const worker :Workerd.Worker = (
  modules = [
${modules.join("\n")}
  ],
  compatibilityDate = ${capnpString(w.compatibilityDate)},
  compatibilityFlags = [${w.flags.map(capnpString).join(", ")}],
  bindings = [
    ${bindings.join(",\n    ")}
  ],
  durableObjectNamespaces = [
    ${namespaces.join(",\n    ")}
  ],
  durableObjectStorage = (localDisk = "state"),
  globalOutbound = "internet",
);
`;
}

/** bundleWorker bundles the Worker's main module into outDir/worker.js; wasm imports stay modules. */
export async function bundleWorker(main, outDir) {
  const wasm = new Map(); // module name -> source file
  await build({
    entryPoints: [main],
    bundle: true,
    format: "esm",
    target: "es2022",
    platform: "neutral",
    conditions: ["workerd", "worker", "browser"],
    mainFields: ["browser", "module", "main"],
    external: ["cloudflare:*", "node:*"],
    outfile: join(outDir, "worker.js"),
    logLevel: "warning",
    plugins: [
      {
        name: "wasm-modules",
        setup(b) {
          b.onResolve({ filter: /\.wasm$/ }, (args) => {
            const file = isAbsolute(args.path) ? args.path : resolve(args.resolveDir, args.path);
            const name = basename(file);
            if (wasm.has(name) && wasm.get(name) !== file) throw new Error(`two wasm modules named ${name}`);
            wasm.set(name, file);
            return { path: `./${name}`, external: true };
          });
        },
      },
    ],
  });
  const modules = [{ name: "worker.js", kind: "esModule", file: "worker.js" }];
  for (const [name, file] of wasm) {
    copyFileSync(file, join(outDir, name));
    modules.push({ name, kind: "wasm", file: name });
  }
  return modules;
}

/** copyTls copies the https key and certificate next to the config, which embeds them. */
function copyTls({ key, cert }, buildDir) {
  copyFileSync(key, join(buildDir, "tls-key.pem"));
  copyFileSync(cert, join(buildDir, "tls-cert.pem"));
  return { key: "tls-key.pem", cert: "tls-cert.pem" };
}

/**
 * prepareSelfHost writes into buildDir: worker.js, its wasm modules, entry.js (static files in
 * front of the app), asset-manifest.json and workerd.capnp (https with tls: { key, cert } files). Returns { configFile, vars, sources }.
 */
export async function prepareSelfHost(root, { buildDir, stateDir, address, vars: explicit = {}, env = process.env, tls }) {
  const cfg = await readWranglerConfig(root);
  const dotFile = join(root, ".dev.vars");
  const dotVars = existsSync(dotFile) ? parseDotVars(readFileSync(dotFile, "utf8")) : {};
  const { vars, sources } = resolveVars(cfg.vars, dotVars, env, explicit);
  const appModules = await bundleWorker(cfg.main, buildDir);
  const assetsPath = cfg.assets?.directory ? resolve(root, cfg.assets.directory) : undefined;
  const assetsDir = assetsPath && existsSync(assetsPath) ? assetsPath : undefined; // not built yet: no files
  writeFileSync(join(buildDir, "asset-manifest.json"), JSON.stringify(listAssets(assetsDir)));
  copyFileSync(new URL("./entry.js", import.meta.url), join(buildDir, "entry.js"));
  const modules = [
    { name: "entry.js", kind: "esModule", file: "entry.js" },
    ...appModules,
    { name: "asset-manifest.json", kind: "json", file: "asset-manifest.json" },
  ];
  const sql = sqliteClasses(cfg.migrations);
  const durableObjects = (cfg.durable_objects?.bindings ?? []).map((b) => {
    if (b.script_name) throw new Error(`Durable Object binding ${b.name} points at another script (${b.script_name}): not supported in self-host mode`);
    return { binding: b.name, className: b.class_name, sql: sql.has(b.class_name) };
  });
  const text = capnpConfig({
    name: cfg.name,
    compatibilityDate: cfg.compatibility_date,
    flags: cfg.compatibility_flags ?? [],
    modules,
    vars,
    durableObjects,
    assetsDir,
    stateDir: resolve(stateDir),
    address,
    tls: tls && copyTls(tls, buildDir),
  });
  const configFile = join(buildDir, "workerd.capnp");
  writeFileSync(configFile, text);
  return { configFile, vars, sources };
}
