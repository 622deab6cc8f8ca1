// Durations (older-than): a whole number and one unit, and how a duration reads back.
import { describe, expect, test } from '@jest/globals';
import { describeDuration, parseDuration } from '../../../src/inputs/duration.js';

const SECOND = 1000;
const HOUR = 3600 * SECOND;
const DAY = 24 * HOUR;
describe('durations', () => {
  test.each([
    ['30s', 30 * SECOND],
    ['90m', 90 * 60 * SECOND],
    ['12h', 12 * HOUR],
    ['7d', 7 * DAY],
    ['2w', 14 * DAY],
    ['0s', 0],
    ['0d', 0],
    ['007d', 7 * DAY],
    ['999999w', 999_999 * 7 * DAY],
  ])('%s', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });
  test.each(['', '7', 'd', '7 d', '1h30m', '7D', '-1d', '1.5h', '7days', '1M', '1000000s', '+7d'])(
    'not a duration: %j',
    (text) => {
      expect(parseDuration(text)).toBeUndefined();
    },
  );
  test('described in the largest unit that divides it', () => {
    expect(describeDuration(0)).toBe('0s');
    expect(describeDuration(7 * DAY)).toBe('1w');
    expect(describeDuration(90 * 60 * SECOND)).toBe('90m');
    expect(describeDuration(36 * HOUR)).toBe('36h');
    expect(describeDuration(1500)).toBe('1.5s');
  });
});
