// Reads a byte stream whole, up to a size limit: the request decoder (bodies) and the node client
// (answers) both use it. No I/O of its own beyond the reader it is given.

/** concatBytes joins byte chunks whose lengths sum to size into one array. */
export function concatBytes(parts: Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

/**
 * readLimited reads reader to its end and returns the bytes. Past limit bytes it cancels the
 * reader and throws tooLarge(); each read may be wrapped (for instance to honour an abort signal).
 */
export async function readLimited(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  limit: number,
  tooLarge: () => Error,
  wrap: <T>(p: Promise<T>) => Promise<T> = (p) => p,
): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await wrap(reader.read());
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      void reader.cancel().catch(() => {});
      throw tooLarge();
    }
    parts.push(value);
  }
  return concatBytes(parts, size);
}
