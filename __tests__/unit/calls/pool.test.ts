// mapWithConcurrency: never more than the limit in flight, every item tried, the order kept; and
// limiter: never more than N tasks running at once, started in the order given, a failing task
// freeing its place.
import { describe, expect, test } from '@jest/globals';
import { Feed } from '../../../src/calls/feed.js';
import { limiter, mapWithConcurrency } from '../../../src/calls/pool.js';

describe('concurrency', () => {
  test('never more than the limit in flight, every item tried, order kept', async () => {
    let inFlight = 0;
    let most = 0;
    const results = await mapWithConcurrency([...Array(25).keys()], 4, async (n) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise((r) => setTimeout(r, n % 3));
      inFlight -= 1;
      return n * 2;
    });
    expect(most).toBe(4);
    expect(results).toEqual([...Array(25).keys()].map((n) => n * 2));
    expect(await mapWithConcurrency([], 4, async () => 1)).toEqual([]);
  });
});

describe('limiter', () => {
  test('never more than N at once, every task run, each its own result', async () => {
    const limit = limiter(3);
    let running = 0;
    let most = 0;
    const results = await Promise.all(
      [...Array(20).keys()].map((n) =>
        limit(async () => {
          running += 1;
          most = Math.max(most, running);
          await new Promise((r) => setTimeout(r, n % 4));
          running -= 1;
          return n * 3;
        }),
      ),
    );
    expect(most).toBe(3);
    expect(running).toBe(0);
    expect(results).toEqual([...Array(20).keys()].map((n) => n * 3));
  });
  test('tasks start in the order given; a waiting one starts when a place frees', async () => {
    const limit = limiter(1);
    const started: number[] = [];
    const gates = [0, 1, 2].map(() => {
      let open = () => {};
      const gate = new Promise<void>((resolve) => (open = resolve));
      return { gate, open };
    });
    const done = [0, 1, 2].map((n) =>
      limit(async () => {
        started.push(n);
        await gates[n]?.gate;
        return n;
      }),
    );
    await new Promise((r) => setTimeout(r, 0));
    expect(started).toEqual([0]);
    gates[0]?.open();
    await done[0];
    await new Promise((r) => setTimeout(r, 0));
    expect(started).toEqual([0, 1]);
    gates[1]?.open();
    gates[2]?.open();
    expect(await Promise.all(done)).toEqual([0, 1, 2]);
    expect(started).toEqual([0, 1, 2]);
  });
  test('a task that throws frees its place, and its caller gets the error', async () => {
    const limit = limiter(1);
    const failing = limit(async () => {
      throw new Error('boom');
    });
    const next = limit(async () => 'next');
    await expect(failing).rejects.toThrow('boom');
    await expect(next).resolves.toBe('next');
  });
  // A place freed goes straight to the waiter: a call that comes in between (here: one made when
  // the first task's own promise settles) waits its turn instead of running beside the waiter.
  test('a call that comes in as a place frees does not jump a waiter (never N + 1 at once)', async () => {
    const limit = limiter(1);
    let running = 0;
    let most = 0;
    const track = async (work: Promise<unknown>) => {
      running += 1;
      most = Math.max(most, running);
      try {
        await work;
      } finally {
        running -= 1;
      }
    };
    const firstTask = track(new Promise((r) => setTimeout(r, 5)));
    const first = limit(() => firstTask);
    const waiter = limit(() => track(new Promise((r) => setTimeout(r, 10))));
    const late = firstTask.then(() => limit(() => track(new Promise((r) => setTimeout(r, 10)))));
    await Promise.all([first, waiter, late]);
    expect(most).toBe(1);
  });
});

describe('concurrency over items still arriving (an async iterable)', () => {
  const tick = (ms = 1) => new Promise((resolve) => setTimeout(resolve, ms));

  test('results in the order the items came, never more than the limit in flight, items taken as they arrive', async () => {
    const feed = new Feed<number>();
    let inFlight = 0;
    let most = 0;
    const startedAt: number[] = [];
    const mapped = mapWithConcurrency(feed, 3, async (n) => {
      startedAt.push(n);
      inFlight += 1;
      most = Math.max(most, inFlight);
      await tick(n % 4);
      inFlight -= 1;
      return n * 10;
    });
    feed.push(0, 1, 2, 3, 4);
    await tick(5);
    // The first items are worked on before any later one arrives.
    expect(startedAt.length).toBeGreaterThan(0);
    const before = startedAt.length;
    await tick(3);
    feed.push(5, 6);
    await tick(3);
    feed.push(7, 8, 9, 10, 11);
    feed.end();
    const results = await mapped;
    expect(before).toBeLessThanOrEqual(5);
    expect(results).toEqual([...Array(12).keys()].map((n) => n * 10));
    expect(startedAt).toEqual([...Array(12).keys()]);
    expect(most).toBe(3);
  });
  test('does not settle before the source ends, even when every item so far is done', async () => {
    const feed = new Feed<number>();
    let settled = false;
    const mapped = mapWithConcurrency(feed, 2, async (n) => n).then((r) => {
      settled = true;
      return r;
    });
    feed.push(1);
    await tick(5);
    expect(settled).toBe(false);
    feed.push(2);
    feed.end();
    expect(await mapped).toEqual([1, 2]);
  });
  test('an async generator works too; an empty one gives no results', async () => {
    async function* slow() {
      for (const n of [3, 1, 2]) {
        await tick(n);
        yield n;
      }
    }
    expect(await mapWithConcurrency(slow(), 4, async (n) => n + 1)).toEqual([4, 2, 3]);
    const none = new Feed<number>();
    none.end();
    expect(await mapWithConcurrency(none, 4, async () => 1)).toEqual([]);
  });
});
