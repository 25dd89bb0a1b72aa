// A TLS front on 127.0.0.1 for tools that insist on https, before a server that speaks plain HTTP
// (the SDK tests' self-host server): the self-host mode's self-signed pair (it covers *.tencentcloudapi.com), each
// connection decrypted and piped to the local service's HTTP port. stop() closes the server and every connection.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { connect, type Socket } from "node:net";
import { join } from "node:path";
import { createServer } from "node:tls";
import { selfSignedPair } from "../../scripts/selfhost/tls.mjs";

/** A running TLS front. */
export interface TlsFront {
  port: number;
  stop(): Promise<void>;
}

/** startTlsFront forwards TLS on a free 127.0.0.1 port to 127.0.0.1:targetPort. */
export async function startTlsFront(targetPort: number, tmpRoot: string): Promise<TlsFront> {
  const dir = mkdtempSync(join(tmpRoot, "tls-"));
  const { key, cert } = selfSignedPair(dir, 1);
  const sockets = new Set<Socket>();
  const server = createServer({ key: readFileSync(key), cert: readFileSync(cert) }, (front) => {
    const back = connect(targetPort, "127.0.0.1");
    for (const s of [front, back]) {
      sockets.add(s);
      s.on("close", () => sockets.delete(s));
      s.on("error", () => s.destroy());
    }
    front.pipe(back).pipe(front);
  });
  rmSync(dir, { recursive: true, force: true });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
