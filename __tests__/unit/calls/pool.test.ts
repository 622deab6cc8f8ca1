// mapWithConcurrency: never more than the limit in flight, every item tried, the order kept.
import { describe, expect, test } from '@jest/globals';
import { mapWithConcurrency } from '../../../src/calls/pool.js';

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
