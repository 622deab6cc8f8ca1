// Running work with a bound on how much is in flight at once.
/**
 * Runs `work` over every item with at most `limit` calls in flight, and returns the results in the
 * items' order. Every item is tried, whatever happens to the others. The items may still be
 * arriving (an async iterable, such as a Feed): a worker takes the next one as it comes.
 */
export async function mapWithConcurrency<T, R>(
  items: readonly T[] | AsyncIterable<T>,
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const source = Array.isArray(items) ? null : (items as AsyncIterable<T>)[Symbol.asyncIterator]();
  const list = items as readonly T[];
  const results: R[] = [];
  let next = 0;
  const take = async (): Promise<{ index: number; item: T } | undefined> => {
    if (source === null)
      return next < list.length ? { index: next, item: list[next++] as T } : undefined;
    const got = await source.next();
    return got.done ? undefined : { index: next++, item: got.value };
  };
  const worker = async (): Promise<void> => {
    for (let one = await take(); one !== undefined; one = await take()) {
      results[one.index] = await work(one.item);
    }
  };
  const workers = source === null ? Math.min(limit, list.length) : limit;
  await Promise.all(Array.from({ length: workers }, worker));
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
