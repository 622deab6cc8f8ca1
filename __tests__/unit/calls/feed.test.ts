// The Feed: items pushed while a taker waits reach it in order, items pushed before anyone takes
// wait for a taker, `ready` once the first item (or the end) comes, `done` once ended and drained,
// no push after the end.
import { describe, expect, test } from '@jest/globals';
import { Feed } from '../../../src/calls/feed.js';

const drain = async <T>(feed: AsyncIterable<T>): Promise<T[]> => {
  const got: T[] = [];
  for await (const item of feed) got.push(item);
  return got;
};
const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('a feed', () => {
  test('items pushed before and while a taker waits, in order; ends when told', async () => {
    const feed = new Feed<number>();
    feed.push(1, 2);
    const taken = drain(feed);
    await tick();
    feed.push(3);
    await tick();
    feed.push(4, 5);
    feed.end();
    expect(await taken).toEqual([1, 2, 3, 4, 5]);
    expect(feed.pushed).toBe(5);
  });
  test('several takers waiting: each item to one of them, none twice, first come first served', async () => {
    const feed = new Feed<string>();
    const it = feed[Symbol.asyncIterator]();
    const first = it.next();
    const second = it.next();
    feed.push('a', 'b', 'c');
    expect(await first).toEqual({ value: 'a', done: false });
    expect(await second).toEqual({ value: 'b', done: false });
    feed.end();
    expect(await it.next()).toEqual({ value: 'c', done: false });
    expect(await it.next()).toEqual({ value: undefined, done: true });
  });
  test('end tells every taker waiting, and every later one', async () => {
    const feed = new Feed<number>();
    const it = feed[Symbol.asyncIterator]();
    const waiting = [it.next(), it.next()];
    feed.end();
    expect(await Promise.all(waiting)).toEqual([
      { value: undefined, done: true },
      { value: undefined, done: true },
    ]);
    expect(await it.next()).toEqual({ value: undefined, done: true });
  });
  test('ready: not before the first push; or the end of an empty feed', async () => {
    const feed = new Feed<number>();
    let ready = false;
    void feed.ready.then(() => (ready = true));
    await tick();
    expect(ready).toBe(false);
    feed.push(1);
    await tick();
    expect(ready).toBe(true);
    const empty = new Feed<number>();
    empty.end();
    await expect(empty.ready).resolves.toBeUndefined();
  });
  test('done only once ended and every item taken', async () => {
    const feed = new Feed<number>();
    feed.push(1);
    feed.end();
    expect(feed.done).toBe(false);
    expect(await drain(feed)).toEqual([1]);
    expect(feed.done).toBe(true);
  });
  test('a push after the end is a bug, said at once', () => {
    const feed = new Feed<number>();
    feed.end();
    expect(() => feed.push(1)).toThrow('Feed.push after end');
  });
});
