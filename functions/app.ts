// The Hono app: routes only. API 3.0 on "/", legacy v2 on "/v2/index.php", released APIs on
// "/service-xxxxxxxx/{env}/..."; the planner page is served as static assets under /planner/
// by the platform before this app runs.
import { Hono } from "hono";
import { cors } from "hono/cors";
import { handleV2, handleV3 } from "./dispatch";
import type { Env } from "./env";
import { handleApiCall, parseServiceUrl } from "./dataplane/serve";

/** app is the Worker's HTTP entry. */
export const app = new Hono<{ Bindings: Env }>();

app.all("/v2/index.php", (c) => handleV2(c.req.raw, c.env));
// The data plane: calls to released APIs, by path or by the service's own host name.
app.use("*", async (c, next) => {
  const target = parseServiceUrl(new URL(c.req.url), c.req.header("host") ?? null);
  if (!target) return next();
  return handleApiCall(c.req.raw, c.env, target, { bg: c.executionCtx });
});
// Any origin may call the API from a browser (the planner page opened from its files loads the
// live state this way): every request is signed, so the origin grants nothing.
app.use(
  "/",
  cors({
    origin: "*",
    allowMethods: ["GET", "POST", "OPTIONS"],
    allowHeaders: ["Authorization", "Content-Type", "X-TC-Action", "X-TC-Version", "X-TC-Timestamp", "X-TC-Region", "X-TC-Token", "X-TC-Language", "X-TC-RequestClient", "X-TC-TraceId"],
    exposeHeaders: ["X-TC-TraceId"],
    maxAge: 600,
  }),
);
// Only a plain browser GET goes to the planner page. The runtime hands an upgrade request of any
// method (`POST` with `Upgrade: websocket`) over as a bodiless GET, so upgrade, API and body
// headers mark a call, which gets an envelope.
const CALL_HEADERS = ["authorization", "upgrade", "x-tc-action", "content-type", "content-length"];
app.get("/", (c) => {
  const plain = new URL(c.req.url).search === "" && CALL_HEADERS.every((h) => !c.req.raw.headers.has(h));
  if (plain) return c.redirect("/planner/", 302);
  return handleV3(c.req.raw, c.env);
});
app.all("/", (c) => handleV3(c.req.raw, c.env));
app.notFound((c) => c.json({ error: "NotFound", message: `No route for ${c.req.method} ${new URL(c.req.url).pathname}` }, 404));
app.onError((e, c) => {
  console.error("unhandled", e);
  return c.json({ Response: { Error: { Code: "InternalError", Message: "An internal error occurred." }, RequestId: crypto.randomUUID() } }, 200);
});
