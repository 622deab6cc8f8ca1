// Token names as `token-name` matches them: the whole name, case-sensitive, where `*` stands for
// any run of characters (none included) and `?` for exactly one. Nothing else is special: names are
// free text, not paths, so `*` crosses `/`, and `.`, `[`, `(`, `\` and the rest match themselves.
// There is no escape: a name with a literal `*` or `?` is matched by the same pattern, which also
// matches names with any text in that place.

/** A matcher for one pattern; a pattern without `*` or `?` matches that exact name only. */
export function nameMatcher(pattern: string): (name: string | null) => boolean {
  // `u`: `?` is one character even outside the Basic Multilingual Plane (an emoji is one).
  // `s`: `*` and `?` match a line break too, should a name hold one.
  const regex = new RegExp(`^${[...pattern].map(toRegex).join('')}$`, 'su');
  // A token without a name has nothing to match: not even `*` selects it.
  return (name) => name !== null && regex.test(name);
}

/** Whether the pattern has any wildcard (it is a glob rather than an exact name). */
export function isGlob(pattern: string): boolean {
  return /[*?]/.test(pattern);
}

function toRegex(char: string): string {
  if (char === '*') return '.*';
  if (char === '?') return '.';
  return char.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
