// For the unit tests of input parsing: inputs as the runner reads them, and the message of the
// InputError a parser throws.
import { expect } from '@jest/globals';
import { InputError } from '../../src/inputs/error.js';
import { INPUT_DEFAULTS } from '../../testbed/runner.js';

/** Reads inputs from a record, '' for any input not given (as @actions/core does). */
export const reader =
  (values: Record<string, string>) =>
  (name: string): string =>
    values[name] ?? '';

/** Every input's action.yml default ('' when it has none), as the runner gives them. */
export const ACTION_DEFAULTS: Readonly<Record<string, string>> = INPUT_DEFAULTS;

/**
 * The inputs a step gets from its `with:` (`values`): every input left out is its action.yml
 * default, as on a runner; one given '' stays '' (an expression that came out empty).
 */
export const withDefaults = (values: Record<string, string>): Record<string, string> => ({
  ...ACTION_DEFAULTS,
  ...values,
});

/** Reads inputs as a runner gives them: `values`, and action.yml's default for any left out. */
export const runnerReader = (values: Record<string, string>) => reader(withDefaults(values));

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
