// The retry delays (exponential with equal jitter, capped; Retry-After first, up to a minute),
// how a wait reads, and sleepUnless: a wait that a stopped run cuts short.
import { describe, expect, test } from '@jest/globals';
import { describeWait, retryDelayMs, sleepUnless } from '../../../src/calls/backoff.js';

describe('retry delays', () => {
  test('exponential with equal jitter, capped', () => {
    expect(retryDelayMs(1, undefined, () => 0)).toBe(250);
    expect(retryDelayMs(1, undefined, () => 1)).toBe(500);
    expect(retryDelayMs(3, undefined, () => 0)).toBe(1000);
    expect(retryDelayMs(20, undefined, () => 1)).toBe(10_000);
  });
  test('Retry-After wins, up to a minute', () => {
    expect(retryDelayMs(1, 3000)).toBe(3000);
    expect(retryDelayMs(1, 3_600_000)).toBe(60_000);
    expect(describeWait(1234)).toBe('1.2 s');
  });
});

describe('sleepUnless: a stopped batch does not wait', () => {
  test('sleepUnless waits its time while the signal is quiet', async () => {
    const started = Date.now();
    await sleepUnless(new AbortController().signal)(60);
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
  });
  test('sleepUnless ends early once the signal is aborted, and at once if it already was', async () => {
    const stop = new AbortController();
    const started = Date.now();
    const waiting = sleepUnless(stop.signal)(60_000);
    setTimeout(() => stop.abort(), 20);
    await waiting;
    expect(Date.now() - started).toBeLessThan(5_000);
    const again = Date.now();
    await sleepUnless(stop.signal)(60_000);
    expect(Date.now() - again).toBeLessThan(1_000);
  });
  test('sleepUnless ends one sleep early once its wake is aborted; the stop still holds', async () => {
    const stop = new AbortController();
    const wake = new AbortController();
    const started = Date.now();
    const waiting = sleepUnless(stop.signal)(60_000, wake.signal);
    setTimeout(() => wake.abort(), 20);
    await waiting;
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(stop.signal.aborted).toBe(false);
    const again = Date.now();
    await sleepUnless(stop.signal)(60, new AbortController().signal);
    expect(Date.now() - again).toBeGreaterThanOrEqual(55);
  });
});
