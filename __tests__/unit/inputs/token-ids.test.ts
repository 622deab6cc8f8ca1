// Input token-id: ids split, trimmed, lower-cased and each once; self; JSON arrays (of ids, and of
// the objects a run outputs; toJSON() of an output); what is refused, and that no value that is not
// an id (a JWT above all) is echoed beyond a short prefix.
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { parseTokenIds, secretsInTokenIds } from '../../../src/inputs/token-ids.js';
import { makeJwt } from '../../support/harness.js';
import { thrown } from '../../support/inputs.js';

const A = '6f1c2a0e-8b7d-4c2e-9f55-0a1b2c3d4e5f';
const B = '0b7c53f8-1f0a-4c7e-9a55-3c2d1e0f9a8b';
describe('token-id', () => {
  test('splits on new lines, commas and spaces, trims and drops duplicates (any case) in order', () => {
    expect(parseTokenIds(` ${A}\n${B}, ${A}\r\n\t${B.toUpperCase()} `)).toEqual({
      tokenIds: [A, B],
      self: false,
    });
    expect(parseTokenIds('  \n ')).toEqual({ tokenIds: [], self: false });
  });
  test.each(['abc', `${A}x`, '../..', 'a/b', `${A.slice(0, 35)}`, '%2e%2e'])('refuses %j', (id) => {
    expect(() => parseTokenIds(id)).toThrow(
      new RegExp(`^Input token-id: ".*"( \\(\\d+ characters\\))? is not a token id`),
    );
  });
  test('does not echo a long value', () => {
    expect(() => parseTokenIds('x'.repeat(80))).toThrow(
      'Input token-id: "xxxxxxxxxxxx…" (80 characters) is not a token id',
    );
  });
  test('a JWT gets the access-token hint', () => {
    expect(() => parseTokenIds(makeJwt({ a: 1 }))).toThrow(/holds an access token \(a JWT\)/);
  });
  test('a JWT is masked, never echoed, even in part', () => {
    const jwt = makeJwt({ identityAccessTokenId: A, secret: 'do-not-print-me' });
    for (const raw of [jwt, `${A}\n${jwt}`, JSON.stringify([A, jwt])]) {
      const message = thrown(() => parseTokenIds(raw));
      expect(message).toMatch(
        /holds an access token \(a JWT\).*The value is masked and not shown\./,
      );
      expect(message).not.toContain(jwt.slice(0, 8));
      expect(message).not.toContain(jwt.slice(-12));
      // It is among the secrets the step masks first, however it was written.
      expect(secretsInTokenIds(raw)).toEqual([jwt]);
    }
    // Broken JSON is not read, but a token in it is masked all the same.
    expect(secretsInTokenIds(`["${jwt}", "${A}"`)).toEqual([jwt]);
  });
  test('self, in any case, names the access token itself, beside ids', () => {
    expect(parseTokenIds('self')).toEqual({ tokenIds: [], self: true });
    expect(parseTokenIds(' SELF ')).toEqual({ tokenIds: [], self: true });
    expect(parseTokenIds(`${A}\nSelf, ${B}`)).toEqual({ tokenIds: [A, B], self: true });
    expect(parseTokenIds(`["self","${A}","sElF"]`)).toEqual({ tokenIds: [A], self: true });
    expect(() => parseTokenIds('selfie')).toThrow(/"selfie" is not a token id/);
  });
  test('upper-case ids are sent in lower case, once with their lower-case twin', () => {
    expect(parseTokenIds(`${A.toUpperCase()} ${A} ${B.toUpperCase()}`)).toEqual({
      tokenIds: [A, B],
      self: false,
    });
    expect(parseTokenIds(JSON.stringify([B.toUpperCase(), A, B]))).toEqual({
      tokenIds: [B, A],
      self: false,
    });
  });
  test.each([
    ['empty', ''],
    ['blank', ' \t '],
    ['new lines only', '\n\n\r\n'],
    ['separators only', ' ,\n, ,'],
    ['an empty JSON array', '[]'],
    ['an empty pretty-printed JSON array', '[\n\n]'],
    ['a JSON array of blanks', '["", "  "]'],
  ])('%s names no token (and never self)', (_, raw) => {
    expect(parseTokenIds(raw)).toEqual({ tokenIds: [], self: false });
  });
  test('a JSON array of ids, as another run outputs it or toJSON pretty-prints it', () => {
    expect(parseTokenIds(JSON.stringify([A, B]))).toEqual({ tokenIds: [A, B], self: false });
    // toJSON(...) in a workflow expression: two-space indent, one id a line.
    expect(parseTokenIds(`  ${JSON.stringify([A, B, A], null, 2)}\n`)).toEqual({
      tokenIds: [A, B],
      self: false,
    });
    expect(parseTokenIds(`[" ${A} "]`)).toEqual({ tokenIds: [A], self: false });
  });
  test('a JSON array of objects with an id: the not-found and failed outputs of a run', () => {
    const failed = [
      { id: A, status: 503, error: null, reqId: null },
      { id: B.toUpperCase(), status: 404, reqId: 'req-1' },
    ];
    expect(parseTokenIds(JSON.stringify(failed))).toEqual({ tokenIds: [A, B], self: false });
    expect(parseTokenIds(JSON.stringify([{ id: A }, B]))).toEqual({
      tokenIds: [A, B],
      self: false,
    });
  });
  test.each([`[${A}]`, `["${A}"`, `["${A}",]`, `['${A}']`, '[ nope'])(
    'bad JSON %j is refused as such',
    (raw) => {
      expect(() => parseTokenIds(raw)).toThrow(
        /^Input token-id starts with \[ but is not a JSON array\./,
      );
    },
  );
  test.each([
    ['a number', '[1]', 0],
    ['null', `["${A}", null]`, 1],
    ['a nested array', `[["${A}"]]`, 0],
    ['an object without an id', `[{"tokenId":"${A}"}]`, 0],
    ['an object with a non-string id', `["${A}", {"id": 7}]`, 1],
    ['true', '[true]', 0],
  ])('a JSON array holding %s is refused, naming the item', (_, raw, index) => {
    expect(() => parseTokenIds(raw)).toThrow(
      new RegExp(`^Input token-id: item ${index} of the JSON array is not a string\\.`),
    );
  });
  test('an invisible character in an id is shown escaped, never raw', () => {
    const message = thrown(() => parseTokenIds(`${A}\u200b`));
    expect(message).toContain('\\u200b');
    expect(message).not.toContain('\u200b');
    const leading = thrown(() => parseTokenIds(`\u200b${A}`));
    expect(leading).toMatch(/^Input token-id: "\\u200b6f1c2a0e-8b…" \(37 characters\)/);
    expect(leading).not.toContain('\u200b');
    // Past the prefix shown, the first invisible character is still named.
    const inside = thrown(() => parseTokenIds(JSON.stringify([`${A}\u200c`])));
    expect(inside).toContain('\\u200c');
    expect(inside).not.toContain('\u200c');
  });
  test('a value that is not an id is never echoed beyond a short prefix', () => {
    const secret = 'st.abcdefghijklmnop.qrstuvwxyz0123456789.ABCDEFGHIJKLMNOPQRSTUVWXYZ';
    const message = thrown(() => parseTokenIds(`${A} ${secret}`));
    expect(message).toContain('"st.abcdefghi…"');
    expect(message).toContain(`(${secret.length} characters)`);
    expect(message).not.toContain(secret.slice(0, 13));
    // Whatever the value: no run of 13 of its characters reaches the message.
    fc.assert(
      fc.property(
        fc
          .string({ unit: 'grapheme', minLength: 13, maxLength: 300 })
          .filter((v) => !/[\s,]/.test(v) && !v.startsWith('[') && !/^self$/i.test(v)),
        (value) => {
          const said = thrown(() => parseTokenIds(value));
          const chars = [...value];
          for (let i = 0; i + 13 <= chars.length; i++) {
            expect(said).not.toContain(chars.slice(i, i + 13).join(''));
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('token-id given toJSON() of an output', () => {
  test.each([
    ['""', []],
    ['null', []],
    ['  null \n', []],
    [`"${A}"`, [A]],
    [`"${A.toUpperCase()}"`, [A]],
  ])('%j names %j', (raw, ids) => {
    expect(parseTokenIds(raw)).toEqual({ tokenIds: ids, self: false });
  });

  test('"self" in quotes is still self', () => {
    expect(parseTokenIds('"self"')).toEqual({ tokenIds: [], self: true });
  });
});

describe('token-id in single quotes', () => {
  test.each([
    [`'${A}'`, [A]],
    [`'${A.toUpperCase()}'`, [A]],
    [`'${A}\n${B}'`, [A, B]],
    ["''", []],
    [`  '${A}'  `, [A]],
  ])('%j reads as the same value in double quotes', (value, ids) => {
    expect(parseTokenIds(value)).toEqual({ tokenIds: ids, self: false });
    expect(parseTokenIds(value)).toEqual(parseTokenIds(value.replace(/'/g, '"')));
  });
  test("'self' is self", () => {
    expect(parseTokenIds("'self'")).toEqual({ tokenIds: [], self: true });
  });
  test('an unbalanced quote is still refused as not an id', () => {
    expect(thrown(() => parseTokenIds(`'${A}`))).toMatch(
      /^Input token-id: "'6f1c2a0e-8b…" .*is not a token id/,
    );
  });
});
