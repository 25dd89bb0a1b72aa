// The self-host entry module (runs inside workerd): static files from [assets] first, as the
// platform serves them before the Worker (html_handling "auto-trailing-slash"), then the app.
// Re-exports every Durable Object class of the bundled Worker.
import app from "./worker.js";
import files from "./asset-manifest.json";

export * from "./worker.js";

const FILES = new Set(files);
const TYPES = {
  html: "text/html; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  mjs: "text/javascript; charset=utf-8",
  css: "text/css; charset=utf-8",
  json: "application/json",
  map: "application/json",
  svg: "image/svg+xml",
  png: "image/png",
  ico: "image/x-icon",
  txt: "text/plain; charset=utf-8",
  wasm: "application/wasm",
};

/** route tells which file a path serves ({ file }), where it moves ({ redirect }), or null. */
function route(path) {
  if (FILES.has(path)) {
    if (path.endsWith("/index.html")) return { redirect: path.slice(0, -"index.html".length) };
    if (path.endsWith(".html")) return { redirect: path.slice(0, -".html".length) };
    return { file: path };
  }
  if (path.endsWith("/")) return FILES.has(`${path}index.html`) ? { file: `${path}index.html` } : null;
  if (FILES.has(`${path}.html`)) return { file: `${path}.html` };
  if (FILES.has(`${path}/index.html`)) return { redirect: `${path}/` };
  return null;
}

async function serveAsset(request, env) {
  const url = new URL(request.url);
  let path;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  const hit = route(path);
  if (!hit) return null;
  if (hit.redirect) return new Response(null, { status: 307, headers: { Location: encodeURI(hit.redirect) + url.search } });
  const r = await env.__SELFHOST_ASSETS.fetch(`http://assets${encodeURI(hit.file)}`, { method: request.method });
  if (!r.ok) return null;
  const ext = hit.file.slice(hit.file.lastIndexOf(".") + 1).toLowerCase();
  const headers = new Headers(r.headers);
  headers.set("Content-Type", TYPES[ext] ?? "application/octet-stream");
  headers.set("Cache-Control", "public, max-age=0, must-revalidate");
  return new Response(request.method === "HEAD" ? null : r.body, { status: 200, headers });
}

export default {
  async fetch(request, env, ctx) {
    if ((request.method === "GET" || request.method === "HEAD") && env.__SELFHOST_ASSETS) {
      const asset = await serveAsset(request, env);
      if (asset) return asset;
    }
    return app.fetch(request, env, ctx);
  },
};
