// For the unit tests of input parsing: inputs as the runner reads them, and the message of the
// InputError a parser throws.
import { expect } from '@jest/globals';
import { InputError } from '../../src/inputs/error.js';

/** Reads inputs from a record, '' for any input not given (as @actions/core does). */
export const reader =
  (values: Record<string, string>) =>
  (name: string): string =>
    values[name] ?? '';

/** The message of the InputError `fn` throws; fails the test when it throws nothing. */
export function thrown(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error('expected an InputError, and nothing was thrown');
}
