// What every tour shares: the service's address (PORT, as `npm run dev -- --port N` or PORT=N npm
// run dev set it; TC_ENDPOINT overrides the whole host:port) and the local credential.
delete process.env.http_proxy; // the SDK would send 127.0.0.1 traffic through a proxy otherwise
delete process.env.HTTP_PROXY;

/** port is the service's port on 127.0.0.1 (PORT, default 8787). */
export const port = process.env.PORT ?? "8787";

/** endpoint is host:port of the service. */
export const endpoint = process.env.TC_ENDPOINT ?? `127.0.0.1:${port}`;

/** config reports SDK client settings for one region. */
export function config(region) {
  return {
    credential: {
      secretId: process.env.TC_SECRET_ID ?? "AKIDLOCALDEVELOPMENT0000000000000000",
      secretKey: process.env.TC_SECRET_KEY ?? "LocalDevelopmentSecretKey000000000",
    },
    region,
    profile: { httpProfile: { endpoint, protocol: "http://", reqTimeout: 10 } },
  };
}
