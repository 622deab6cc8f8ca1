// Running work with a bound on how much is in flight at once.
/**
 * Runs `work` over every item with at most `limit` calls in flight, and returns the results in the
 * items' order. Every item is tried, whatever happens to the others.
 */
export async function mapWithConcurrency<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Runs each task given with at most `limit` running at once, in the order given. */
export function limiter(limit: number): <R>(task: () => Promise<R>) => Promise<R> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (task) => {
    // A place freed goes straight to the first task waiting (it is never counted free in between,
    // so a newcomer cannot slip in ahead and run one task too many).
    if (running >= limit || waiting.length > 0) {
      await new Promise<void>((resolve) => waiting.push(resolve));
    } else running += 1;
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else running -= 1;
    }
  };
}
