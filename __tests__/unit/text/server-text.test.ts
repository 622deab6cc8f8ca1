// Server text is data: escapeServerText writes every line break and control character (C0, DEL,
// C1, the Unicode line and paragraph separators, the bidirectional controls, the BOM) as an
// escape, so no server can start a line of the log; serverText also cuts it to a length, never
// through an escape (which would read as something else) or a `***` (which would read as text).
import { describe, expect, test } from '@jest/globals';
import { escapeServerText, SERVER_TEXT_CHARS, serverText } from '../../../src/text/server-text.js';

const code = (char: string): string => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
const range = (from: number, to: number): string[] =>
  Array.from({ length: to - from + 1 }, (_, i) => String.fromCharCode(from + i));

describe('escapeServerText', () => {
  test('line breaks and tabs read as \\n, \\r, \\t: "\\n::stop-commands::x\\n" stays on one line', () => {
    expect(escapeServerText('\n::stop-commands::x\n')).toBe('\\n::stop-commands::x\\n');
    expect(escapeServerText('a\r\n::add-mask::b\tc')).toBe('a\\r\\n::add-mask::b\\tc');
  });

  test.each([
    ['every other C0 character', range(0x00, 0x1f).filter((c) => !'\n\r\t'.includes(c))],
    ['DEL', ['\u007f']],
    ['every C1 character, NEL (U+0085) among them', range(0x80, 0x9f)],
    ['the line and paragraph separators', ['\u2028', '\u2029']],
    [
      'the bidirectional marks, embeddings, overrides and isolates',
      ['\u200e', '\u200f', ...range(0x202a, 0x202e), ...range(0x2066, 0x2069)],
    ],
    ['the byte order mark', ['\ufeff']],
  ])('%s: written as \\uXXXX', (_, chars) => {
    for (const char of chars) {
      expect(escapeServerText(`a${char}b`)).toBe(`a${code(char)}b`);
    }
  });

  test('what is left has no character a log could break or reorder a line at', () => {
    const all = Array.from({ length: 0x3000 }, (_, i) => String.fromCharCode(i)).join('');
    const out = escapeServerText(all);
    const unsafe = [...out].filter((c) => {
      const n = c.charCodeAt(0);
      return (
        n < 0x20 ||
        (n >= 0x7f && n <= 0x9f) ||
        [0x2028, 0x2029, 0x200e, 0x200f].includes(n) ||
        (n >= 0x202a && n <= 0x202e) ||
        (n >= 0x2066 && n <= 0x2069)
      );
    });
    expect(unsafe).toEqual([]);
  });

  test('printable text, non-ASCII letters and a secret in it are left exactly as they were', () => {
    const text = 'Zugriff verweigert — 認証エラー: token eyJhbGciOi.x-y_z+/= ***';
    expect(escapeServerText(text)).toBe(text);
  });
});

describe('serverText', () => {
  test(`cuts at ${SERVER_TEXT_CHARS} characters unless told, with an ellipsis`, () => {
    const out = serverText('x'.repeat(SERVER_TEXT_CHARS + 50));
    expect(out).toBe(`${'x'.repeat(SERVER_TEXT_CHARS)}…`);
    expect(serverText('x'.repeat(SERVER_TEXT_CHARS))).toBe('x'.repeat(SERVER_TEXT_CHARS));
  });

  test('text within the cap is escaped and trimmed, not cut', () => {
    expect(serverText('  Bad\u0000Gateway \n', 20)).toBe('Bad\\u0000Gateway');
    // Line breaks at the ends are white space: trimmed, so the text cannot end a line either.
    expect(serverText('\n::stop-commands::x\n', 60)).toBe('::stop-commands::x');
  });

  test('never longer than the cap and its ellipsis, whatever the text', () => {
    const texts = ['a\u0001'.repeat(80), '***'.repeat(90), 'é\n'.repeat(120), '😀'.repeat(300)];
    for (const max of [1, 2, 5, 17, 60, 100, 200]) {
      for (const text of texts) {
        expect([...serverText(text, max)].length).toBeLessThanOrEqual(max + 1);
      }
    }
  });

  test('counts characters, not UTF-16 units: an emoji is never cut in half', () => {
    const out = serverText('😀'.repeat(10), 4);
    expect(out).toBe('😀😀😀😀…');
    expect(out).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
  });

  test.each([
    ['\\', 'a'.repeat(9) + '\n'],
    ['\\u', 'a'.repeat(8) + '\u0001'],
    ['\\u0', 'a'.repeat(7) + '\u0001'],
    ['\\u00', 'a'.repeat(6) + '\u0001'],
    ['\\u000', 'a'.repeat(5) + '\u0001'],
  ])('never through an escape: a cut that would end on "%s" drops it whole', (_, text) => {
    const out = serverText(`${text}zzzz`, 10);
    expect(out).toBe(`${text.slice(0, -1)}…`);
  });

  test('an escape that fits whole is kept', () => {
    expect(serverText(`${'a'.repeat(4)}\u0001zzzz`, 10)).toBe('aaaa\\u0001…');
    expect(serverText(`${'a'.repeat(8)}\nzzzz`, 10)).toBe('aaaaaaaa\\n…');
  });

  test.each([1, 2])('never through a ***: one cut %i into it drops it whole', (into) => {
    const head = 'a'.repeat(10 - into);
    expect(serverText(`${head}***zzzz`, 10)).toBe(`${head}…`);
  });

  test('a *** that fits whole is kept, and so are several', () => {
    expect(serverText(`${'a'.repeat(7)}***zzzz`, 10)).toBe('aaaaaaa***…');
    expect(serverText(`a ****** and more words`, 8)).toBe('a ******…');
  });

  test('the cut leaves no white space before its ellipsis', () => {
    expect(serverText('Request blocked by policy', 16)).toBe('Request blocked…');
  });
});
