// The selection inputs (tokens-of-identity, older-than, token-name, keep-newest): what they ask
// for, their errors (naming the input, echoing only a prefix), and an access token pasted into
// tokens-of-identity masked.
import { describe, expect, test } from '@jest/globals';
import { parseSelection, secretsInSelection } from '../../../src/inputs/selection.js';
import { reader, runnerReader, thrown } from '../../support/inputs.js';

const DAY = 24 * 3600 * 1000;
const ID_A = '0d9a6c1e-2b3f-4a5d-8e7f-10213243546a';
const ID_B = '0d9a6c1e-2b3f-4a5d-8e7f-10213243546b';
const ID_C = '0d9a6c1e-2b3f-4a5d-8e7f-10213243546c';

// As a runner gives them: every input left out is its action.yml default.
const parse = (values: Record<string, string>) => parseSelection(runnerReader(values));
const errorOf = (values: Record<string, string>): string => thrown(() => parse(values));
describe('the selection inputs', () => {
  test.each([
    ['older-than', { 'token-name': 'ci-*' }],
    ['keep-newest', { 'older-than': '7d' }],
  ])(
    '%s given empty (an expression that came out empty) fails: it would widen what is revoked',
    (name, others) => {
      expect(errorOf({ 'tokens-of-identity': ID_A, ...others, [name]: '' })).toMatch(
        new RegExp(`^Input ${name} was given empty \\(an expression that came out empty\\?\\)`),
      );
    },
  );
  test('older-than: any and keep-newest: none (their defaults, any case) ask for no filter', () => {
    expect(
      parse({
        'tokens-of-identity': ID_A,
        'token-name': 'ci',
        'older-than': 'ANY',
        'keep-newest': 'None',
      }),
    ).toEqual({
      identityIds: [ID_A],
      allIdentities: false,
      olderThanMs: undefined,
      tokenName: 'ci',
      keepNewest: undefined,
    });
    expect(thrown(() => parse({ 'tokens-of-identity': ID_A }))).toMatch(/needs a filter/);
  });
  test('nothing asked: no selection', () => {
    expect(parse({})).toBeUndefined();
    expect(parse({ 'dry-run': 'false' })).toBeUndefined();
  });
  test('identity ids as token-id takes them: lower case, each once, in order', () => {
    expect(
      parse({
        'tokens-of-identity': `${ID_B.toUpperCase()}, ${ID_A}\n${ID_B} ${ID_C}`,
        'older-than': '7d',
      }),
    ).toEqual({
      identityIds: [ID_B, ID_A, ID_C],
      allIdentities: false,
      olderThanMs: 7 * DAY,
      tokenName: undefined,
      keepNewest: undefined,
    });
    expect(parse({ 'tokens-of-identity': `["${ID_A}", "${ID_B}"]`, 'keep-newest': '2' })).toEqual({
      identityIds: [ID_A, ID_B],
      allIdentities: false,
      olderThanMs: undefined,
      tokenName: undefined,
      keepNewest: 2,
    });
  });
  test('every input at once, values trimmed', () => {
    expect(
      parse({
        'tokens-of-identity': ` ${ID_A} `,
        'older-than': ' 0s ',
        'token-name': ' ci-* ',
        'keep-newest': ' 3 ',
      }),
    ).toEqual({
      identityIds: [ID_A],
      allIdentities: false,
      olderThanMs: 0,
      tokenName: 'ci-*',
      keepNewest: 3,
    });
  });
  test('an empty JSON array names no identity, and is not an error', () => {
    expect(parse({ 'tokens-of-identity': '[]', 'older-than': '1d' })?.identityIds).toEqual([]);
  });
  test('an access token pasted into tokens-of-identity is masked', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';
    expect(secretsInSelection(reader({ 'tokens-of-identity': `${ID_A}\n${jwt}` }))).toEqual([jwt]);
    expect(secretsInSelection(reader({ 'tokens-of-identity': ID_A }))).toEqual([]);
  });
});

describe('selection input errors', () => {
  test('an identity id that is not a UUID: the input named, only a prefix echoed', () => {
    const message = errorOf({
      'tokens-of-identity': `${ID_A},my-identity-with-a-long-name`,
      'older-than': '1d',
    });
    expect(message).toBe(
      'Input tokens-of-identity: "my-identity-…" (28 characters) is not an identity id. Expected the UUID of a machine identity, such as 6f1c2a0e-8b7d-4c2e-9f55-0a1b2c3d4e5f, or all for every identity of the organization.',
    );
    expect(message).not.toContain('long-name');
  });
  test('a JSON array that is broken, or not of strings', () => {
    for (const value of [`["${ID_A}"`, '[1, 2]']) {
      expect(errorOf({ 'tokens-of-identity': value, 'older-than': '1d' })).toMatch(
        /^Input tokens-of-identity starts with \[ but is not a JSON array of strings\./,
      );
    }
  });
  test.each(['7', '1h30m', '7D', '-1d', 'forever', '1000000s'])(
    'older-than: %j names the input and the expected form',
    (value) => {
      const message = errorOf({ 'tokens-of-identity': ID_A, 'older-than': value });
      expect(message).toMatch(
        /^Input older-than must be a whole number and one unit: s \(seconds\)/,
      );
      expect(message).toContain('such as 90m, 12h, 7d or 2w; 0s for every token');
      expect(message).toContain(`got "${value}"`);
    },
  );
  test.each(['-1', '1001', '1.5', 'two', '1e3'])('keep-newest: %j', (value) => {
    expect(errorOf({ 'tokens-of-identity': ID_A, 'keep-newest': value })).toBe(
      `Input keep-newest must be a whole number from 0 to 1000, got "${value}".`,
    );
  });
  test('token-name on several lines', () => {
    expect(errorOf({ 'tokens-of-identity': ID_A, 'token-name': 'a\nb' })).toMatch(
      /^Input token-name must be one token name, or one glob/,
    );
  });
  test('tokens-of-identity without a filter: revoking every token must be asked for', () => {
    const message = errorOf({ 'tokens-of-identity': ID_A, 'dry-run': 'true' });
    expect(message).toMatch(
      /^Input tokens-of-identity needs a filter: older-than, token-name or keep-newest/,
    );
    expect(message).toContain('ask for it with older-than: 0s');
  });
  test('keep-newest: 0 alone keeps nothing: it is no filter', () => {
    expect(errorOf({ 'tokens-of-identity': ID_A, 'keep-newest': '0' })).toContain('older-than: 0s');
    expect(
      parse({ 'tokens-of-identity': ID_A, 'keep-newest': '0', 'token-name': 'x' }),
    ).toMatchObject({ keepNewest: 0, tokenName: 'x' });
  });
  test('filters without tokens-of-identity name the inputs given', () => {
    expect(errorOf({ 'older-than': '7d' })).toBe(
      'Input older-than chooses among the tokens of the identities in tokens-of-identity (or the client secrets of those in client-secrets-of-identity), which is empty. Name the identity ids (or all) there, or remove older-than.',
    );
    expect(errorOf({ 'token-name': 'ci-*', 'keep-newest': '2', 'dry-run': 'true' })).toBe(
      'Input token-name, keep-newest choose among the tokens of the identities in tokens-of-identity (or the client secrets of those in client-secrets-of-identity), which are empty. Name the identity ids (or all) there, or remove token-name, keep-newest.',
    );
  });
});
