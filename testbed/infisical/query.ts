// Query-string parameters as the routes' zod schemas read them (Fastify validates the querystring
// before the handler; a failure is a 422 whose message lists zod's issues).
import type { Issue } from './answers.js';

/**
 * `z.coerce.number().min(min).max(max).default(fallback)`: no `.int()`, so a fraction passes and
 * knex's limit/offset truncate it (parseInt). Pushes the issue of a bad value onto `issues`.
 */
export function numberParam(
  query: URLSearchParams,
  name: string,
  bounds: { min: number; max?: number; fallback: number },
  issues: Issue[],
): number {
  const raw = query.get(name);
  if (raw === null) return bounds.fallback;
  const value = Number(raw);
  if (Number.isNaN(value)) {
    issues.push({
      code: 'invalid_type',
      expected: 'number',
      received: 'nan',
      path: [name],
      message: 'Expected number, received nan',
    });
  } else if (value < bounds.min) {
    issues.push({
      code: 'too_small',
      minimum: bounds.min,
      type: 'number',
      inclusive: true,
      exact: false,
      path: [name],
      message: `Number must be greater than or equal to ${bounds.min}`,
    });
  } else if (bounds.max !== undefined && value > bounds.max) {
    issues.push({
      code: 'too_big',
      maximum: bounds.max,
      type: 'number',
      inclusive: true,
      exact: false,
      path: [name],
      message: `Number must be less than or equal to ${bounds.max}`,
    });
  }
  return Math.trunc(value);
}

/** `z.nativeEnum(E).default(fallback)`: zod 3's invalid_enum_value issue for anything else. */
export function enumParam<T extends string>(
  query: URLSearchParams,
  name: string,
  options: readonly T[],
  fallback: T,
  issues: Issue[],
): T {
  const raw = query.get(name);
  if (raw === null) return fallback;
  if ((options as readonly string[]).includes(raw)) return raw as T;
  issues.push({
    code: 'invalid_enum_value',
    options: [...options],
    received: raw,
    path: [name],
    message: `Invalid enum value. Expected ${options.map((o) => `'${o}'`).join(' | ')}, received '${raw}'`,
  });
  return fallback;
}
