/** Reads in flight at once on the restart path: below the connection pool's 20, so webhooks still get one. */
export const RESUME_READS_IN_FLIGHT = 16;

/**
 * `Promise.all(items.map(fn))` with at most `limit` calls in flight, results in order. Thousands of
 * parallel reads would each hold a query and its promise until the driver's pool got round to them.
 */
export async function mapBounded<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}
