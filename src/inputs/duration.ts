// Durations as `older-than` takes them: a whole number and one unit, `30s`, `90m`, `12h`, `7d`,
// `2w`. One unit only, lower case, so that a value means one thing at a glance (`1M` is not a
// month here, and `1h30m` is written `90m`).

const UNIT_MS = {
  w: 7 * 24 * 60 * 60 * 1000,
  d: 24 * 60 * 60 * 1000,
  h: 60 * 60 * 1000,
  m: 60 * 1000,
  s: 1000,
} as const;
type Unit = keyof typeof UNIT_MS;

// At most 6 digits: 999999w is some 19,000 years, far past any token, and still a valid date
// when subtracted from now (a longer number would give an Invalid Date cutoff).
const DURATION = /^(\d{1,6})([smhdw])$/;

export const DURATION_FORM =
  'a whole number and one unit: s (seconds), m (minutes), h (hours), d (days) or w (weeks), such as 90m, 12h, 7d or 2w; 0s for every token';

/** Milliseconds, or undefined when the text is not a duration of this form. */
export function parseDuration(text: string): number | undefined {
  const match = DURATION.exec(text);
  if (!match) return undefined;
  return Number(match[1]) * UNIT_MS[match[2] as Unit];
}

/** A duration in the largest unit that divides it: 604800000 → "1w", 5400000 → "90m". */
export function describeDuration(ms: number): string {
  if (ms === 0) return '0s';
  for (const unit of Object.keys(UNIT_MS) as Unit[]) {
    if (ms % UNIT_MS[unit] === 0) return `${ms / UNIT_MS[unit]}${unit}`;
  }
  return `${ms / 1000}s`;
}
