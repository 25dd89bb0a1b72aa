// --require hook for a child process that runs a real Tencent tool unchanged: every connection to
// <product>.tencentcloudapi.com goes to 127.0.0.1 (dns.lookup), and TLS on port 443 to the test's
// TLS front (TENCENTCLOUDAPI_TLS_PORT), which forwards to the local service. Nothing else changes.
"use strict";
const dns = require("node:dns");
const tls = require("node:tls");

const PORT = Number(process.env.TENCENTCLOUDAPI_TLS_PORT);
if (!PORT) throw new Error("TENCENTCLOUDAPI_TLS_PORT is not set");
const ours = (host) => typeof host === "string" && /(^|\.)tencentcloudapi\.com\.?$/i.test(host);

const lookup = dns.lookup;
dns.lookup = function (host, options, cb) {
  if (!ours(host)) return lookup.apply(this, arguments);
  const done = typeof options === "function" ? options : cb;
  const all = typeof options === "object" && options !== null && options.all;
  process.nextTick(() => (all ? done(null, [{ address: "127.0.0.1", family: 4 }]) : done(null, "127.0.0.1", 4)));
};

const connect = tls.connect;
tls.connect = function (...args) {
  const opts = typeof args[0] === "object" && args[0] !== null ? args[0] : null;
  if (opts && ours(opts.host ?? opts.servername) && Number(opts.port ?? 443) === 443) {
    args[0] = { ...opts, host: "127.0.0.1", port: PORT, servername: opts.servername ?? opts.host };
  }
  return connect.apply(this, args);
};
