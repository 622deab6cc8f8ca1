// Reading a row's fields strictly: a date only in ISO 8601 as Infisical writes it (a bare "1" is
// not the year 2001), a number also from a bigint's string, 0 when unreadable.
import { describe, expect, test } from '@jest/globals';
import { dateOf, numberOf } from '../../../src/infisical/fields.js';

describe('a date field', () => {
  test('ISO 8601 with Z or an offset, seconds and fractions optional', () => {
    expect(dateOf('2026-11-20T12:00:00.000Z')?.toISOString()).toBe('2026-11-20T12:00:00.000Z');
    expect(dateOf('2026-11-20T12:00Z')?.toISOString()).toBe('2026-11-20T12:00:00.000Z');
    expect(dateOf('2026-11-20T14:00:00+02:00')?.toISOString()).toBe('2026-11-20T12:00:00.000Z');
    expect(dateOf('2026-11-20T14:00:00+0200')?.toISOString()).toBe('2026-11-20T12:00:00.000Z');
  });
  test('anything else is no date: what Date.parse would read loosely, or not at all', () => {
    for (const value of [
      '1',
      '2026-11-20',
      '2026-11-20 12:00:00Z',
      '2026-13-45T99:99:00Z',
      1_700_000_000_000,
      null,
      undefined,
    ]) {
      expect(dateOf(value)).toBeUndefined();
    }
  });
});

describe('a number field', () => {
  test('a number, or a string of one (a Postgres bigint); else 0', () => {
    expect(numberOf(7)).toBe(7);
    expect(numberOf('2592000')).toBe(2_592_000);
    for (const value of ['x', '', null, undefined, Number.NaN, Number.POSITIVE_INFINITY, {}]) {
      expect(numberOf(value)).toBe(0);
    }
  });
});
