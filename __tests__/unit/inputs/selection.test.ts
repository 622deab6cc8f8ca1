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

describe('all, client-secrets-of-identity and identity-name', () => {
  test('all in any case, alone or beside ids (the union), in a list or a JSON array', () => {
    expect(parse({ 'tokens-of-identity': 'ALL', 'older-than': '30d' })).toMatchObject({
      identityIds: [],
      allIdentities: true,
    });
    expect(
      parse({ 'tokens-of-identity': `${ID_A}, All\n${ID_A.toUpperCase()}`, 'older-than': '30d' }),
    ).toMatchObject({ identityIds: [ID_A], allIdentities: true });
    expect(
      parse({ 'tokens-of-identity': JSON.stringify(['all', ID_B]), 'older-than': '30d' }),
    ).toMatchObject({ identityIds: [ID_B], allIdentities: true });
  });
  test('a word that is neither an id nor all is refused, naming the input and all', () => {
    expect(errorOf({ 'client-secrets-of-identity': 'everyone', 'older-than': '1d' })).toMatch(
      /^Input client-secrets-of-identity: "everyone" is not an identity id\. .* or all for every identity of the organization\.$/,
    );
    expect(errorOf({ 'client-secrets-of-identity': '[1', 'older-than': '1d' })).toMatch(
      /^Input client-secrets-of-identity starts with \[ but is not a JSON array of strings/,
    );
  });
  test('client-secrets-of-identity alone: client secrets only, no token identities', () => {
    expect(parse({ 'client-secrets-of-identity': `${ID_B} ${ID_A}`, 'older-than': '90d' })).toEqual(
      {
        identityIds: [],
        allIdentities: false,
        clientSecrets: { identityIds: [ID_B, ID_A], all: false },
        olderThanMs: 90 * DAY,
        tokenName: undefined,
        keepNewest: undefined,
      },
    );
    expect(
      parse({ 'client-secrets-of-identity': 'all', 'token-name': 'ci-*' })?.clientSecrets,
    ).toEqual({ identityIds: [], all: true });
  });
  test('client-secrets-of-identity needs a filter, as tokens do, in its own words', () => {
    expect(errorOf({ 'client-secrets-of-identity': ID_A })).toBe(
      "Input client-secrets-of-identity needs a filter: older-than, token-name or keep-newest (above 0) choose which of the identities' client secrets are revoked. To revoke every one of them, ask for it with older-than: 0s.",
    );
    expect(errorOf({ 'client-secrets-of-identity': ID_A, 'tokens-of-identity': 'all' })).toMatch(
      /^Input tokens-of-identity and client-secrets-of-identity need a filter: .* identities' tokens and client secrets are revoked/,
    );
    expect(errorOf({ 'tokens-of-identity': 'all', 'keep-newest': '0' })).toMatch(
      /^Input tokens-of-identity needs a filter/,
    );
    // identity-name narrows the identities, not their credentials: no filter alone.
    expect(errorOf({ 'tokens-of-identity': 'all', 'identity-name': 'ci-*' })).toMatch(
      /needs a filter/,
    );
  });
  test('identity-name with all (in either input): kept as given, trimmed', () => {
    expect(
      parse({ 'tokens-of-identity': 'all', 'identity-name': '  ci-* ', 'older-than': '1d' }),
    ).toMatchObject({ identityName: 'ci-*', allIdentities: true });
    expect(
      parse({
        'tokens-of-identity': ID_A,
        'client-secrets-of-identity': 'all',
        'identity-name': 'prod',
        'older-than': '1d',
      }),
    ).toMatchObject({ identityName: 'prod', identityIds: [ID_A] });
  });
  test('identity-name without all: refused, it would narrow nothing', () => {
    expect(errorOf({ 'tokens-of-identity': ID_A, 'identity-name': 'ci', 'older-than': '1d' })).toBe(
      'Input identity-name narrows a sweep of every identity: it needs all in tokens-of-identity or client-secrets-of-identity. Identities named by id are taken as named; remove identity-name, or use all.',
    );
  });
  test('identity-name with nothing to sweep: the filter-needed error names it', () => {
    expect(errorOf({ 'identity-name': 'ci' })).toBe(
      'Input identity-name chooses among the tokens of the identities in tokens-of-identity (or the client secrets of those in client-secrets-of-identity), which is empty. Name the identity ids (or all) there, or remove identity-name.',
    );
    expect(errorOf({ 'identity-name': 'ci', 'older-than': '1d' })).toMatch(
      /^Input older-than, identity-name choose among /,
    );
  });
  test('identity-name on several lines: refused, one name or one glob', () => {
    expect(
      errorOf({ 'tokens-of-identity': 'all', 'identity-name': 'a\nb', 'older-than': '1d' }),
    ).toBe(
      'Input identity-name must be one identity name, or one glob with * and ?, on a single line.',
    );
  });
  test('an access token pasted into client-secrets-of-identity is masked', () => {
    const pasted = `eyJhbGciOiJIUzI1NiJ9.${'a'.repeat(40)}.${'b'.repeat(43)}`;
    expect(secretsInSelection(reader({ 'client-secrets-of-identity': pasted }))).toContain(pasted);
  });
});
