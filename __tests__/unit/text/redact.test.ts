// The redactor: every secret replaced, longest first; values shorter than MIN_REDACTED_LENGTH left
// alone (the runner still masks them), so ids, counts and sentences stay whole; secrets learned
// while running replaced from then on.
import { describe, expect, test } from '@jest/globals';
import { MIN_REDACTED_LENGTH, redactor } from '../../../src/text/redact.js';

describe('redaction', () => {
  test('replaces every secret, longest first', () => {
    const say = redactor(['abcdef', 'abcdefghij', '']);
    expect(say('x abcdefghij y abcdef z')).toBe('x *** y *** z');
  });
  test('leaves values too short to be credentials alone (the runner still masks them)', () => {
    const say = redactor(['1', 'prod', 'abcdef']);
    expect(say('3 revoked in prod, abcdef')).toBe('3 revoked in prod, ***');
  });
  test('a secret learned while running is replaced from then on', () => {
    const say = redactor([]);
    expect(say('token eyJhbGciOi')).toBe('token eyJhbGciOi');
    say.add('eyJhbGciOi');
    expect(say('token eyJhbGciOi')).toBe('token ***');
  });
});

describe('redactor', () => {
  test(`leaves values shorter than MIN_REDACTED_LENGTH (${MIN_REDACTED_LENGTH}) alone, replaces the others`, () => {
    const short = 'k'.repeat(MIN_REDACTED_LENGTH - 1);
    const long = 's'.repeat(MIN_REDACTED_LENGTH);
    const say = redactor(['1', short, long, 'a-long-client-secret']);
    expect(say(`revoked-count 1; ${short} ${long} a-long-client-secret.`)).toBe(
      `revoked-count 1; ${short} *** ***.`,
    );
    say.add('2');
    say.add('learned-login-token');
    expect(say('2 tokens; learned-login-token')).toBe('2 tokens; ***');
  });

  test('a one-character header value such as "1" leaves ids, counts and sentences whole', () => {
    const say = redactor(['1']);
    const line = `11 tokens: 11 revoked (token 11110000-1111-4111-8111-111111111111).`;
    expect(say(line)).toBe(line);
  });
});
