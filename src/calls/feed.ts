// Work handed on while it is still being found: the selection pushes each identity's choice as its
// list completes, and the revokes take them as they come. Ends once the producer says so.
export class Feed<T> implements AsyncIterable<T> {
  private readonly items: T[] = [];
  private readonly waiting: ((next: IteratorResult<T>) => void)[] = [];
  private ended = false;
  /** How many items were pushed so far. */
  pushed = 0;
  private begin: () => void = () => {};
  /** Settles once the first item is pushed, or the feed ends empty. */
  readonly ready = new Promise<void>((resolve) => (this.begin = resolve));

  push(...items: T[]): void {
    if (this.ended) throw new Error('Feed.push after end');
    for (const item of items) {
      this.pushed += 1;
      this.begin();
      const waiter = this.waiting.shift();
      if (waiter) waiter({ value: item, done: false });
      else this.items.push(item);
    }
  }

  /** No more items: every taker waiting, and every later one, is told so. */
  end(): void {
    this.ended = true;
    this.begin();
    for (const waiter of this.waiting.splice(0)) waiter({ value: undefined, done: true });
  }

  get done(): boolean {
    return this.ended && this.items.length === 0;
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return {
      next: () => {
        if (this.items.length > 0) {
          return Promise.resolve({ value: this.items.shift() as T, done: false });
        }
        if (this.ended) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve) => this.waiting.push(resolve));
      },
    };
  }
}
