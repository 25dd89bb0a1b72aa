// Raw HTTP/1.1 over node:net for framing tests: send exact bytes, optionally hang up early, and
// read whatever answer arrives.
import { connect } from "node:net";

/** rawExchange writes bytes to 127.0.0.1:port and reports the answer text ("" if none came). */
export function rawExchange(port: number, bytes: string | Buffer, o: { closeAfterMs?: number; waitMs?: number; until?: RegExp } = {}): Promise<string> {
  return new Promise((resolve) => {
    const sock = connect(port, "127.0.0.1");
    let got = "";
    const done = () => {
      sock.destroy();
      resolve(got);
    };
    sock.on("data", (d) => {
      got += d.toString("latin1");
      if (o.until?.test(got)) done();
    });
    sock.on("error", done);
    sock.on("close", done);
    sock.on("connect", () => {
      sock.write(bytes);
      if (o.closeAfterMs !== undefined) setTimeout(done, o.closeAfterMs);
    });
    setTimeout(done, o.waitMs ?? 10_000);
  });
}

/** statusOf reports the status code of a raw answer, or 0. */
export function statusOf(answer: string): number {
  return Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0);
}

/** bodyOf reports the body of a raw answer (after the blank line; chunked framing not undone). */
export function bodyOf(answer: string): string {
  const at = answer.indexOf("\r\n\r\n");
  return at < 0 ? "" : answer.slice(at + 4);
}
