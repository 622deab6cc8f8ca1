// Reads the plain kinds of input (a whole number in a range, a boolean, one of a few words), with
// errors that name the input and echo only a short, escaped prefix of what was given.
import { quotePrefix } from '../text/echo.js';
import { InputError } from './error.js';

import type { InputName } from '../names.js';

/** Reads an input by its name in action.yml; '' when not given. */
export type ReadInput = (name: InputName) => string;

/** A whole number from min to max; `fallback` (a default, or undefined) when the input is empty. */
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
export function boolean(read: ReadInput, name: InputName, fallback: boolean): boolean {
  const text = read(name).trim();
  if (text === '') return fallback;
  if (['true', 'True', 'TRUE'].includes(text)) return true;
  if (['false', 'False', 'FALSE'].includes(text)) return false;
  throw new InputError(`Input ${name} must be true or false, got ${quotePrefix(text, 20)}.`);
}

export function oneOf<T extends string>(
  read: ReadInput,
  name: InputName,
  allowed: readonly T[],
  fallback: T,
): T {
  const text = read(name).trim();
  if (text === '') return fallback;
  const match = allowed.find((value) => value === text.toLowerCase());
  if (match === undefined) {
    throw new InputError(
      `Input ${name} must be one of ${allowed.join(', ')}, got ${quotePrefix(text, 20)}.`,
    );
  }
  return match;
}
