// Real HTTP servers on 127.0.0.1 standing in for a VPC channel's nodes: each records every
// request it gets (method, url, headers, body) and can be told to answer a given status, to hang
// (for timeouts), to stop listening and to listen again on the same port. deadPort() reports a
// port with nothing listening. Every server of a NodePool closes in closeAll().
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One request as a node saw it. */
export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** One test node: its name and port, what it saw, and how it answers. */
export interface TestNode {
  readonly name: string;
  readonly host: "127.0.0.1";
  readonly port: number;
  /** Every request this node received, in order (including ones it hangs on). */
  readonly requests: SeenRequest[];
  /** The status it answers with (200 by default). Its body is `<name> <method> <url>`. */
  status: number;
  /** Requests for which this is true get no answer until the node stops. */
  hang: ((r: SeenRequest) => boolean) | null;
  /** stop closes the listener and every open connection: the port then refuses connections. */
  stop(): Promise<void>;
  /** restart listens on the same port again. */
  restart(): Promise<void>;
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function close(server: Server, hanging: Set<ServerResponse>): Promise<void> {
  if (!server.listening) return Promise.resolve();
  for (const res of hanging) res.destroy();
  hanging.clear();
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** startNode starts one recording node on 127.0.0.1 (port 0 = any free port). */
export async function startNode(name: string, port = 0): Promise<TestNode> {
  const hanging = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const seen: SeenRequest = { method: req.method ?? "", url: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks).toString("utf8") };
      node.requests.push(seen);
      if (node.hang?.(seen)) {
        hanging.add(res);
        res.on("close", () => hanging.delete(res));
        return;
      }
      res.writeHead(node.status, { "content-type": "text/plain", "x-node": name });
      res.end(`${name} ${seen.method} ${seen.url}`);
    });
  });
  const bound = await listen(server, port);
  const node: TestNode = {
    name,
    host: "127.0.0.1",
    port: bound,
    requests: [],
    status: 200,
    hang: null,
    stop: () => close(server, hanging),
    restart: async () => {
      if (!server.listening) await listen(server, bound);
    },
  };
  return node;
}

/** deadPort reports a 127.0.0.1 port that nothing listens on (a server was started and closed there). */
export async function deadPort(): Promise<number> {
  const s = createServer();
  const port = await listen(s, 0);
  await close(s, new Set());
  return port;
}

/** NodePool starts nodes for a test file and closes all of them at the end. */
export class NodePool {
  private readonly all: TestNode[] = [];

  /** start starts one live node per name. */
  async start(...names: string[]): Promise<TestNode[]> {
    const nodes = await Promise.all(names.map((n) => startNode(n)));
    this.all.push(...nodes);
    return nodes;
  }

  /** dead starts one node per name and stops it at once: its port refuses connections. */
  async dead(...names: string[]): Promise<TestNode[]> {
    const nodes = await this.start(...names);
    await Promise.all(nodes.map((n) => n.stop()));
    return nodes;
  }

  /** closeAll stops every node this pool started. */
  async closeAll(): Promise<void> {
    await Promise.all(this.all.map((n) => n.stop()));
    this.all.length = 0;
  }
}

/** callCounts reports, for a node, how many requests it saw per value of the `call` query parameter. */
export function callCounts(node: TestNode): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of node.requests) {
    const id = new URL(r.url, "http://x").searchParams.get("call") ?? "";
    out.set(id, (out.get(id) ?? 0) + 1);
  }
  return out;
}
