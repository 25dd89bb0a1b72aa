// Matching a request to a released API (Tencent's frontend path and method), and building the
// backend path. Pure functions; no I/O.
import type { ApiRecord } from "../objects/records";

/** A matched API, the path parameters it captured, and the request path beyond the API's path. */
interface RouteMatch {
  api: ApiRecord;
  params: Record<string, string>;
  rest: string;
}

function segments(path: string): string[] {
  return path.split("/").filter((s) => s !== "");
}

function methodFits(api: ApiRecord, method: string): boolean {
  return api.method === "ANY" || api.method === method;
}

/**
 * matchApi reports the API serving a request: an exact match of every segment (a `{name}`
 * segment matches any one segment) wins; otherwise the API whose path is the longest prefix of
 * the request path at a segment boundary. Fewer path parameters win among exact matches.
 */
export function matchApi(apis: readonly ApiRecord[], method: string, path: string): RouteMatch | null {
  const req = segments(path);
  let best: { m: RouteMatch; exact: boolean; len: number; params: number } | null = null;
  for (const api of apis) {
    if (!methodFits(api, method)) continue;
    const pat = segments(api.path);
    if (pat.length > req.length) continue;
    const params: Record<string, string> = Object.create(null); // `{__proto__}` is a plain name
    let fits = true;
    for (let i = 0; i < pat.length; i++) {
      const p = pat[i]!;
      if (/^\{[^/{}]+\}$/.test(p)) params[p.slice(1, -1)] = decodeURIComponent(req[i]!);
      else if (p !== req[i]) {
        fits = false;
        break;
      }
    }
    if (!fits) continue;
    const exact = pat.length === req.length;
    const n = Object.keys(params).length;
    const rest = req.slice(pat.length).join("/");
    const better =
      !best ||
      (exact && !best.exact) ||
      (exact === best.exact && (pat.length > best.len || (pat.length === best.len && n < best.params)));
    if (better) best = { m: { api, params, rest: rest ? `/${rest}` : "" }, exact, len: pat.length, params: n };
  }
  return best?.m ?? null;
}

/** backendPath reports the path sent to the node: the backend path with `{name}`s filled, then the rest. */
export function backendPath(match: RouteMatch): string {
  const base = (match.api.backend.path ?? match.api.path).replace(/\{([^/{}]+)\}/g, (_, name: string) =>
    encodeURIComponent(match.params[name] ?? ""),
  );
  const joined = `${base.replace(/\/$/, "")}${match.rest}`;
  return joined.startsWith("/") ? joined : `/${joined || ""}`;
}
