// SDK test processes in self-host mode: workerd closes an idle keep-alive connection after 5 s and
// sends no Keep-Alive hint, so Node's default agent (idle timeout 5 s) can reuse one as it closes
// ("socket hang up"). Retire idle sockets after 2 s instead, as README "Serving modes" advises.
import http from "node:http";

if (process.env.SERVE_MODE === "workerd") http.globalAgent = new http.Agent({ keepAlive: true, timeout: 2000 });
