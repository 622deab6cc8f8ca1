// Reading the fields of a row Infisical sent (a token, a client secret, a membership) strictly:
// a field misread could make the wrong credential look old enough to revoke.

// ISO 8601 as Infisical writes dates (2026-11-20T12:00:00.000Z, an offset allowed), nothing else:
// Date.parse reads "1" as the year 2001, which would make a new token "older than 7d".
const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

/** A date field, or undefined when it is not an ISO 8601 date. */
export function dateOf(value: unknown): Date | undefined {
  if (typeof value !== 'string' || !ISO_DATE.test(value)) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** A number field (Postgres bigints may come as strings); 0 when unreadable. */
export function numberOf(value: unknown): number {
  const number = typeof value === 'string' ? Number(value) : value;
  return typeof number === 'number' && Number.isFinite(number) ? number : 0;
}
