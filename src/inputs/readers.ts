// Reads the plain kinds of input (a whole number in a range, a boolean, one of a few words), with
// errors that name the input and echo only a short, escaped prefix of what was given.
// The runner gives every input its action.yml default when the step leaves it out, so an input
// with a default that reads empty was given empty: an expression that came out empty (an undefined
// variable, a typo), never a request for the default. Those inputs are refused when empty.
import { quotePrefix } from '../text/echo.js';
import { InputError } from './error.js';

import type { InputName } from '../names.js';

/** Reads an input by its name in action.yml; '' when not given. */
export type ReadInput = (name: InputName) => string;

/**
 * The error for an input with a default that was given empty: it names the input, what it expects,
 * and what leaving it out gives.
 */
export function givenEmptyError(name: InputName, expected: string, leftOut: string): InputError {
  return new InputError(
    `Input ${name} was given empty (an expression that came out empty?): expected ${expected}. Left out, it is ${leftOut}.`,
  );
}

/** An input that has a default: its trimmed text, refused when it was given empty. */
export function given(read: ReadInput, name: InputName, expected: string, leftOut: string): string {
  const text = read(name).trim();
  if (text === '') throw givenEmptyError(name, expected, leftOut);
  return text;
}

/** A whole number from min to max, for an input with a default (`leftOut`): never empty. */
export function wholeNumberGiven(
  read: ReadInput,
  name: InputName,
  leftOut: number,
  min: number,
  max: number,
): number {
  given(read, name, `a whole number from ${min} to ${max}`, String(leftOut));
  return wholeNumber(read, name, leftOut, min, max);
}

/** A whole number from min to max; `fallback` (undefined for no value) when the input is empty. */
export function wholeNumber<F extends number | undefined>(
  read: ReadInput,
  name: InputName,
  fallback: F,
  min: number,
  max: number,
): number | F {
  const text = read(name).trim();
  if (text === '') return fallback;
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!(value >= min && value <= max)) {
    throw new InputError(
      `Input ${name} must be a whole number from ${min} to ${max}, got ${quotePrefix(text, 20)}.`,
    );
  }
  return value;
}

// The YAML 1.2 core schema's spellings, as @actions/core's getBooleanInput accepts them.
/** true or false, for an input with a default (`leftOut`): never empty. */
export function boolean(read: ReadInput, name: InputName, leftOut: boolean): boolean {
  const text = given(read, name, 'true or false', String(leftOut));
  if (['true', 'True', 'TRUE'].includes(text)) return true;
  if (['false', 'False', 'FALSE'].includes(text)) return false;
  throw new InputError(`Input ${name} must be true or false, got ${quotePrefix(text, 20)}.`);
}

/** One of a few words, for an input with a default (`leftOut`): never empty. */
export function oneOf<T extends string>(
  read: ReadInput,
  name: InputName,
  allowed: readonly T[],
  leftOut: T,
): T {
  const text = given(read, name, `one of ${allowed.join(', ')}`, leftOut);
  const match = allowed.find((value) => value === text.toLowerCase());
  if (match === undefined) {
    throw new InputError(
      `Input ${name} must be one of ${allowed.join(', ')}, got ${quotePrefix(text, 20)}.`,
    );
  }
  return match;
}
