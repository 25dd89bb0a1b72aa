// Bounded fan-out: one call per item (a Durable Object describe, usually), at most FAN_OUT at a
// time, so a listing over hundreds of resources never opens hundreds of subrequests at once.

/** FAN_OUT is how many calls a listing keeps in flight at once. */
const FAN_OUT = 16;

/**
 * mapLimit calls fn on every item, at most `limit` calls in flight, and reports the results in
 * the items' order. The first failure rejects the whole call (as Promise.all would) and starts
 * no further calls.
 */
export async function mapLimit<T, R>(items: readonly T[], fn: (item: T, index: number) => Promise<R>, limit = FAN_OUT): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed && next < items.length) {
      const i = next++;
      try {
        out[i] = await fn(items[i]!, i);
      } catch (e) {
        failed = true;
        throw e;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return out;
}
