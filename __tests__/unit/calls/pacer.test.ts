// The rate-limit pacer: requests go freely until the server's X-RateLimit headers or a 429 say
// to wait; in-flight requests count against the budget; no wait is longer than a minute; and a
// stopped run never waits.
import { describe, expect, test } from '@jest/globals';
import type { Answer } from '../../../src/infisical/answers.js';
import { RateLimitPacer } from '../../../src/calls/pacer.js';

/** A clock that only moves when someone sleeps. */
function fakeClock() {
  const clock = {
    t: 1_790_000_000_000,
    slept: [] as number[],
    now: () => clock.t,
    sleep: async (ms: number) => {
      clock.slept.push(ms);
      clock.t += ms;
    },
  };
  return clock;
}
const answerWith = (status: number, headers: Answer['headers']): Answer => ({
  status,
  body: '',
  truncated: false,
  headers,
});
const limited = (remaining: number, reset: number): Answer =>
  answerWith(200, {
    'x-ratelimit-limit': '5',
    'x-ratelimit-remaining': String(remaining),
    'x-ratelimit-reset': String(reset),
  });

describe('rate-limit pacing', () => {
  test('sends freely while the server says nothing', async () => {
    const clock = fakeClock();
    const pacer = new RateLimitPacer(clock);
    for (let i = 0; i < 100; i++) pacer.release(await pacer.acquire(), undefined);
    expect(clock.slept).toEqual([]);
  });
  test('spends the budget, then waits for the window to reset', async () => {
    const clock = fakeClock();
    const pacer = new RateLimitPacer(clock);
    pacer.release(await pacer.acquire(), limited(1, 1));
    pacer.release(await pacer.acquire(), limited(0, 1));
    const ticket = await pacer.acquire();
    expect(clock.slept).toEqual([1000]);
    // An answer from before the new window says nothing about it.
    pacer.release({ sentAt: 0, held: true }, limited(0, 1));
    pacer.release(ticket, limited(4, 1));
    expect(clock.slept).toEqual([1000]);
  });
  test('counts requests still in flight against the budget', async () => {
    const clock = fakeClock();
    const pacer = new RateLimitPacer(clock);
    const first = await pacer.acquire();
    const others = [await pacer.acquire(), await pacer.acquire()];
    pacer.release(first, limited(2, 2)); // the two sent after it will take the last two
    await pacer.acquire();
    expect(clock.slept).toEqual([2000]);
    expect(others).toHaveLength(2);
  });
  test('answers that come back out of order do not end the window early', async () => {
    const clock = fakeClock();
    const pacer = new RateLimitPacer(clock);
    const [a, b, c] = [await pacer.acquire(), await pacer.acquire(), await pacer.acquire()];
    // The server counted c first, then b, then a (budget 5): 2 are left once all three landed.
    pacer.release(c, limited(4, 1));
    pacer.release(b, limited(3, 1));
    pacer.release(a, limited(2, 1));
    await pacer.acquire();
    await pacer.acquire();
    expect(clock.slept).toEqual([]);
    await pacer.acquire();
    expect(clock.slept).toEqual([1000]);
  });
  test('a budget that only looks spent for requests in flight is spent as their answers free it', async () => {
    // A clock whose time moves only when the test says, and whose sleep ends early on a wake (as
    // sleepUnless's does): a waiter that sleeps to the reset without one is still waiting.
    let t = 1_790_000_000_000;
    const slept: number[] = [];
    const clock = {
      now: () => t,
      sleep: (ms: number, wake?: AbortSignal) =>
        new Promise<void>((resolve) => {
          slept.push(ms);
          wake?.addEventListener('abort', () => resolve());
        }),
    };
    const pacer = new RateLimitPacer(clock);
    const flush = () => new Promise((resolve) => setImmediate(resolve));
    // Budget 5: the server counts a, b, c in that order (4, 3, 2 left), and c's answer comes first.
    const [a, b, c] = [await pacer.acquire(), await pacer.acquire(), await pacer.acquire()];
    pacer.release(c, limited(2, 1));
    // 2 heard, 2 in flight: spent, as far as the pacer can tell (a and b might not be counted yet).
    let granted = 0;
    const [w0, w1, w2] = [pacer.acquire(), pacer.acquire(), pacer.acquire()];
    for (const one of [w0, w1, w2]) void one.then(() => (granted += 1));
    await flush();
    expect(granted).toBe(0);
    expect(slept).toEqual([1000, 1000, 1000]);
    // a was counted before c: its answer frees a place at once, not at the reset a second later.
    pacer.release(a, limited(4, 1));
    await flush();
    expect(granted).toBe(1);
    // b too; and then the budget is spent indeed (2 left, 2 sent since): the third still waits.
    pacer.release(b, limited(3, 1));
    await flush();
    expect(granted).toBe(2);
    t += 5;
    pacer.release(await w0, limited(1, 1));
    await flush();
    expect(granted).toBe(2);
    // Once the reset has passed, the next look finds a new window.
    t += 1000;
    pacer.release(await w1, limited(0, 1));
    await w2;
    await flush();
    expect(granted).toBe(3);
  });
  test('one 429 pauses every request for Retry-After', async () => {
    const clock = fakeClock();
    const pacer = new RateLimitPacer(clock);
    const a = await pacer.acquire();
    pacer.release(a, answerWith(429, { 'retry-after': '3' }));
    await pacer.acquire();
    expect(clock.slept[0]).toBe(3000);
  });
  test('no server makes the batch wait more than a minute at a time', async () => {
    const clock = fakeClock();
    const pacer = new RateLimitPacer(clock);
    pacer.release(await pacer.acquire(), answerWith(429, { 'retry-after': '86400' }));
    await pacer.acquire();
    expect(clock.slept[0]).toBe(60_000);
    expect(Math.max(...clock.slept)).toBe(60_000);
  });
  test('a reset given as a Unix time is read as one', async () => {
    const clock = fakeClock();
    const pacer = new RateLimitPacer(clock);
    const resetAt = Math.ceil((clock.t + 5_000) / 1000);
    pacer.release(await pacer.acquire(), limited(0, resetAt));
    await pacer.acquire();
    expect(clock.slept).toHaveLength(1);
    expect(clock.slept[0]).toBeGreaterThan(4_000);
    expect(clock.slept[0]).toBeLessThanOrEqual(6_000);
  });
  test('a spent budget with no reset header waits a second', async () => {
    const clock = fakeClock();
    const pacer = new RateLimitPacer(clock);
    pacer.release(await pacer.acquire(), answerWith(200, { 'x-ratelimit-remaining': '0' }));
    await pacer.acquire();
    expect(clock.slept).toEqual([1000]);
  });
});

describe('a stopped batch does not wait for the pacer', () => {
  test('acquire(stop) returns at once when stopped, even while a 429 pauses the batch', async () => {
    const clock = fakeClock();
    const pacer = new RateLimitPacer(clock);
    pacer.release(await pacer.acquire(), answerWith(429, { 'retry-after': '30' }));
    const stop = new AbortController();
    stop.abort();
    await pacer.acquire(stop.signal);
    expect(clock.slept).toEqual([]);
    // A spent budget does not hold a stopped batch either.
    pacer.release(await pacer.acquire(stop.signal), limited(0, 60));
    await pacer.acquire(stop.signal);
    expect(clock.slept).toEqual([]);
  });
  test('acquire(stop) gives up its wait when stopped during it', async () => {
    const stop = new AbortController();
    // A clock whose sleep is cut short by the stop (as sleepUnless is): time does not move.
    const clock = {
      slept: [] as number[],
      now: () => 1_790_000_000_000,
      sleep: async (ms: number) => {
        clock.slept.push(ms);
        if (clock.slept.length > 1) throw new Error('waited again after the stop');
        stop.abort();
      },
    };
    const pacer = new RateLimitPacer(clock);
    pacer.release(await pacer.acquire(), answerWith(429, { 'retry-after': '30' }));
    await pacer.acquire(stop.signal);
    expect(clock.slept).toEqual([30_000]);
  });
});
