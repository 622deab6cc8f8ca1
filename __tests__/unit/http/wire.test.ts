// What the wire types carry: the Retry-After header read as seconds or as a date.
import { describe, expect, test } from '@jest/globals';
import { retryAfterMs, type Answer } from '../../../src/http/index.js';

const at = (status: number, body: string, headers: Answer['headers'] = {}): Answer => ({
  status,
  headers,
  body,
  truncated: false,
});

describe('retryAfterMs', () => {
  test('Retry-After in seconds or as a date', () => {
    expect(retryAfterMs(at(429, '', { 'retry-after': '3' }))).toBe(3000);
    expect(retryAfterMs(at(429, '', { 'retry-after': ['1.5'] }))).toBe(1500);
    expect(
      retryAfterMs(at(429, '', { 'retry-after': new Date(10_000).toUTCString() }), 4_000),
    ).toBe(6000);
    expect(retryAfterMs(at(429, '', { 'retry-after': 'soon' }))).toBeUndefined();
    expect(retryAfterMs(at(429, ''))).toBeUndefined();
  });
});
