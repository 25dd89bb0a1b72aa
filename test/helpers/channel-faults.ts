// Raw TCP channel nodes on 127.0.0.1 (node:net) that answer with exact bytes: cut-short bodies,
// resets mid-headers or mid-body, garbage status lines, oversize headers. Each records the raw
// request heads it received, so tests can also see every header line a node was sent.
import { createServer, type Server, type Socket } from "node:net";

/** How a raw node answers one request: write bytes, then end, reset or keep the socket. */
export type Behaviour = (socket: Socket, head: string) => void;

/** A raw node: its port and the raw request heads (request line and header lines) it received. */
export interface RawNode {
  readonly port: number;
  readonly heads: string[];
  behaviour: Behaviour;
  stop(): Promise<void>;
}

/** The node answers with `bytes` and then closes cleanly (FIN). */
export const answerThenClose = (bytes: string): Behaviour => (s) => s.end(bytes);

/** The node answers with `bytes` and then resets the connection (RST). */
export const answerThenReset = (bytes: string): Behaviour => (s) => {
  s.write(bytes, () => setTimeout(() => s.resetAndDestroy(), 20));
};

/** A complete, well-formed answer with a Content-Length body. */
export const GOOD_ANSWER = (body: string) => `HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;

/** startRawNode listens on 127.0.0.1:0 and answers each request head with the behaviour. */
export async function startRawNode(behaviour: Behaviour): Promise<RawNode> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
    let buf = "";
    let answered = false;
    socket.on("data", (d) => {
      if (answered) return;
      buf += d.toString("latin1");
      const end = buf.indexOf("\r\n\r\n");
      if (end < 0) return;
      answered = true;
      const head = buf.slice(0, end);
      node.heads.push(head);
      node.behaviour(socket, head);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const node: RawNode = {
    port: (server.address() as { port: number }).port,
    heads: [],
    behaviour,
    stop: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  return node;
}

/** headerLines reports the header lines of a raw request head (without the request line). */
export function headerLines(head: string): string[] {
  return head.split("\r\n").slice(1);
}
