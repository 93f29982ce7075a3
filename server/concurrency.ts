/**
 * Runs `fn` over `items` with at most `limit` calls in flight, keeping the order of results.
 * scrypt runs on libuv's thread pool, which file I/O shares: queueing thousands of hashes
 * at once would stall every other request's disk access until they were all done.
 */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
