// What a server sends is data, never commands: the runner reads every line of the log for
// workflow commands (`::add-mask::`, `::stop-commands::`…), so a line break in a server's words
// would let that server (or anything in front of it) write one. Every piece of server text that
// enters a sentence goes through `serverText`: one line, every line break and control character
// written as an escape, and, when it is long, cut where the cut cannot leave part of a `***`.
import { REDACTED } from './redact.js';

/** The most of one piece of server text (a page, an error message, a Location) a line shows. */
export const SERVER_TEXT_CHARS = 200;

/**
 * `text` on one line: line breaks and control characters (C0, DEL, C1, the Unicode line and
 * paragraph separators, and the bidirectional overrides that reorder what a reader sees) are
 * written as `\n`, `\r`, `\t` or `\uXXXX`. Nothing else changes, so a secret in it stays whole
 * for the redactor and the runner's mask.
 */
export function escapeServerText(text: string): string {
  return text.replace(
    // eslint-disable-next-line no-control-regex
    /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g,
    (char) => ESCAPES[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

const ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * Server text ready for a sentence: escaped, trimmed, and cut to `max` characters with `…`.
 * Redact before calling this: a cut through a secret leaves a piece the runner no longer masks,
 * while a cut through redacted text can only shorten a `***`, which is avoided too.
 */
export function serverText(text: string, max = SERVER_TEXT_CHARS): string {
  const line = escapeServerText(text.trim());
  const chars = [...line];
  if (chars.length <= max) return line;
  let end = max;
  // Not through an escape (`\u00` would read as something else) nor through a `***`.
  const head = chars.slice(0, end).join('');
  const escape = /\\(u[0-9a-f]{0,3}|)$/.exec(head);
  if (escape) end -= escape[0].length;
  const kept = chars.slice(0, end).join('');
  const stars = /\*+$/.exec(kept);
  const cut = stars && stars[0].length % REDACTED.length !== 0 ? kept.slice(0, stars.index) : kept;
  return `${cut.trimEnd()}…`;
}
