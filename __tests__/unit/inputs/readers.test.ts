// The plain kinds of input for inputs with a default: given empty (an expression that came out
// empty), each is refused, naming the input, what it expects and what leaving it out gives; a
// value is read as before. keep-newest has no default: empty is "no filter".
import { describe, expect, test } from '@jest/globals';
import {
  boolean,
  given,
  givenEmptyError,
  oneOf,
  wholeNumber,
  wholeNumberGiven,
} from '../../../src/inputs/readers.js';
import { InputError } from '../../../src/inputs/error.js';
import { reader, thrown } from '../../support/inputs.js';

describe('inputs with a default, given empty', () => {
  test.each(['', ' ', '\n', ' \t\r\n '])('%j is refused by every reader', (empty) => {
    const read = reader({ 'dry-run': empty, retries: empty, 'revoke-at': empty });
    expect(thrown(() => boolean(read, 'dry-run', false))).toBe(
      'Input dry-run was given empty (an expression that came out empty?): expected true or false. Left out, it is false.',
    );
    expect(thrown(() => wholeNumberGiven(read, 'retries', 3, 0, 10))).toBe(
      'Input retries was given empty (an expression that came out empty?): expected a whole number from 0 to 10. Left out, it is 3.',
    );
    expect(thrown(() => oneOf(read, 'revoke-at', ['now', 'job-end'], 'now'))).toBe(
      'Input revoke-at was given empty (an expression that came out empty?): expected one of now, job-end. Left out, it is now.',
    );
    expect(thrown(() => given(read, 'dry-run', 'x', 'y'))).toMatch(
      /^Input dry-run was given empty/,
    );
  });

  test('givenEmptyError is an InputError naming the input', () => {
    const error = givenEmptyError('server-url', 'a URL', 'Infisical Cloud');
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe(
      'Input server-url was given empty (an expression that came out empty?): expected a URL. Left out, it is Infisical Cloud.',
    );
  });

  test('values are read as before, trimmed', () => {
    const read = reader({ 'dry-run': ' TRUE ', retries: ' 0 ', 'revoke-at': 'Job-End' });
    expect(boolean(read, 'dry-run', false)).toBe(true);
    expect(wholeNumberGiven(read, 'retries', 3, 0, 10)).toBe(0);
    expect(oneOf(read, 'revoke-at', ['now', 'job-end'] as const, 'now')).toBe('job-end');
    expect(thrown(() => wholeNumberGiven(reader({ retries: '11' }), 'retries', 3, 0, 10))).toBe(
      'Input retries must be a whole number from 0 to 10, got "11".',
    );
  });

  test('an input without a default (keep-newest) reads empty as not given', () => {
    expect(wholeNumber(reader({ 'keep-newest': '' }), 'keep-newest', undefined, 0, 5)).toBe(
      undefined,
    );
  });
});
