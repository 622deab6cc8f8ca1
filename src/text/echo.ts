// How a value that may be a secret is quoted in an error: only a short prefix, with every
// character that is not plain printable ASCII written as an escape, so that an invisible
// character pasted with an id (a zero-width space, say) can be seen and no secret is repeated.

/** The most of a value an error shows. An id is 36 characters: its first 12 are enough to find it. */
export const ECHO_CHARS = 12;

/** A short, escaped prefix of `value` in double quotes, with its length when it was cut. */
export function quotePrefix(value: string, max = ECHO_CHARS): string {
  const chars = [...value];
  const shown = chars.slice(0, max).map(escapeChar).join('');
  const cut = chars.length > max ? `…" (${chars.length} characters)` : '"';
  const hidden = chars.slice(max).find((c) => escapeChar(c) !== c);
  const invisible = hidden === undefined ? '' : `, containing ${escapeChar(hidden)}`;
  return `"${shown}${cut}${invisible}`;
}

function escapeChar(char: string): string {
  if (/^[\x20-\x7e]$/.test(char)) return char === '"' || char === '\\' ? `\\${char}` : char;
  const code = char.codePointAt(0) as number;
  return code > 0xffff ? `\\u{${code.toString(16)}}` : `\\u${code.toString(16).padStart(4, '0')}`;
}
