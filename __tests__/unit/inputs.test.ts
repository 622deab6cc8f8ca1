import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { parseAccessToken, tokenIdOfAccessToken } from '../../src/access-token.js';
import * as defaults from '../../src/defaults.js';
import { InputError } from '../../src/input-error.js';
import { parseInputs, secretsIn } from '../../src/inputs.js';
import { parseServerUrl, secretsInServerUrl } from '../../src/server-url.js';
import { parseTokenIds } from '../../src/token-ids.js';
import { ACTION_VERSION } from '../../src/version.js';
import { makeJwt } from '../support/harness.js';

const A = '6f1c2a0e-8b7d-4c2e-9f55-0a1b2c3d4e5f';
const B = '0b7c53f8-1f0a-4c7e-9a55-3c2d1e0f9a8b';
const reader = (values: Record<string, string>) => (name: string) => values[name] ?? '';

describe('token-id', () => {
  test('splits on new lines, commas and spaces, trims and drops duplicates in order', () => {
    expect(parseTokenIds(` ${A}\n${B}, ${A}\r\n\t${B.toUpperCase()} `)).toEqual([
      A,
      B,
      B.toUpperCase(),
    ]);
    expect(parseTokenIds('  \n ')).toEqual([]);
  });
  test.each(['abc', `${A}x`, '../..', 'a/b', `${A.slice(0, 35)}`, '%2e%2e'])('refuses %j', (id) => {
    expect(() => parseTokenIds(id)).toThrow(new RegExp(`^Input token-id: ".*" is not a token id`));
  });
  test('does not echo a long value', () => {
    expect(() => parseTokenIds('x'.repeat(80))).toThrow(
      'Input token-id: a 80-character value is not a token id',
    );
  });
  test('a JWT gets the access-token hint', () => {
    expect(() => parseTokenIds(makeJwt({ a: 1 }))).toThrow(/holds an access token \(a JWT\)/);
  });
});

describe('access-token', () => {
  test('is trimmed, and must be one printable word', () => {
    expect(parseAccessToken('  abc.def \n')).toBe('abc.def');
    expect(() => parseAccessToken('')).toThrow(InputError);
    expect(() => parseAccessToken('a b')).toThrow(/single token/);
    expect(() => parseAccessToken('a\u00e9')).toThrow(/single token/);
  });
  test('names its own token id from identityAccessTokenId, or jti', () => {
    expect(
      tokenIdOfAccessToken(
        makeJwt({ identityAccessTokenId: A, authTokenType: 'identityAccessToken' }),
      ),
    ).toBe(A);
    expect(tokenIdOfAccessToken(makeJwt({ jti: B }))).toBe(B);
    expect(
      tokenIdOfAccessToken(makeJwt({ identityAccessTokenId: A, authTokenType: 'serviceToken' })),
    ).toBeUndefined();
    expect(tokenIdOfAccessToken(makeJwt({ sub: 'x' }))).toBeUndefined();
    expect(tokenIdOfAccessToken('eyJhbGciOi.bm90LWpzb24.sig')).toBeUndefined();
    expect(tokenIdOfAccessToken('eyJhbGciOi.bnVsbA.sig')).toBeUndefined();
    expect(tokenIdOfAccessToken('st.not-a-jwt')).toBeUndefined();
  });
});

describe('server-url', () => {
  test.each([
    ['https://app.infisical.com', 'https://app.infisical.com', ''],
    ['https://app.infisical.com/', 'https://app.infisical.com', ''],
    ['https://app.infisical.com/api', 'https://app.infisical.com', ''],
    ['https://app.infisical.com/api/', 'https://app.infisical.com', ''],
    [' https://host:8443/infisical//api// ', 'https://host:8443', '/infisical'],
    ['http://localhost:8080', 'http://localhost:8080', ''],
  ])('%j → %s + %j', (raw, origin, prefix) => {
    expect(parseServerUrl(raw).server).toEqual({ origin, prefix });
  });
  test('warns for plain http off loopback only', () => {
    expect(parseServerUrl('http://infisical.internal').warnings).toHaveLength(1);
    for (const host of ['localhost', '127.0.0.1', '127.4.5.6', '[::1]']) {
      expect(parseServerUrl(`http://${host}:1234`).warnings).toEqual([]);
    }
  });
  test('refuses what is not a plain base URL', () => {
    expect(() => parseServerUrl('nope')).toThrow(/is not a URL/);
    expect(() => parseServerUrl('file:///etc')).toThrow(/must use https/);
    expect(() => parseServerUrl('https://u:p@h')).toThrow(/credentials/);
    expect(() => parseServerUrl('https://u@h')).toThrow(/credentials/);
    expect(() => parseServerUrl('https://h/?')).toThrow(/query/);
    expect(() => parseServerUrl(`https://h/${'x'.repeat(100)}?`)).toThrow(/\.\.\."/);
  });
  test('the password of a URL is a secret', () => {
    expect(secretsInServerUrl('https://u:p%40ss@h')).toEqual(['p%40ss', 'p@ss']);
    expect(secretsInServerUrl('https://h')).toEqual([]);
    expect(secretsInServerUrl('::')).toEqual([]);
  });
});

describe('all inputs', () => {
  test('defaults', () => {
    const { inputs } = parseInputs(reader({ 'token-id': A, 'access-token': 't' }));
    expect(inputs).toEqual({
      tokenIds: [A],
      selfRevoke: false,
      accessToken: 't',
      server: { origin: defaults.DEFAULT_SERVER_URL, prefix: '' },
      retries: 3,
      timeoutSeconds: 30,
      concurrency: 4,
      ignoreNotFound: false,
      revokeAt: 'now',
    });
  });
  test('self-revoke when token-id is empty', () => {
    const token = makeJwt({ identityAccessTokenId: B });
    const { inputs } = parseInputs(reader({ 'access-token': token }));
    expect(inputs.tokenIds).toEqual([B]);
    expect(inputs.selfRevoke).toBe(true);
    expect(() => parseInputs(reader({ 'access-token': makeJwt({ jti: 'nope' }) }))).toThrow(
      /token-id is required/,
    );
  });
  test.each([
    ['retries', '-1', /retries must be a whole number from 0 to 10, got "-1"/],
    ['retries', '1.5', /retries must be a whole number/],
    ['retries', '11', /retries must be a whole number/],
    ['timeout-seconds', '0', /timeout-seconds must be a whole number from 1 to 600/],
    ['timeout-seconds', 'abc', /timeout-seconds must be a whole number/],
    ['concurrency', '33', /concurrency must be a whole number from 1 to 32/],
    ['ignore-not-found', 'yes', /ignore-not-found must be true or false, got "yes"/],
    ['revoke-at', 'later', /revoke-at must be one of now, job-end, got "later"/],
  ])('%s = %j is refused', (name, value, error) => {
    expect(() =>
      parseInputs(reader({ 'token-id': A, 'access-token': 't', [name]: value })),
    ).toThrow(error);
  });
  test('accepted spellings', () => {
    const { inputs } = parseInputs(
      reader({
        'token-id': A,
        'access-token': 't',
        retries: ' 0 ',
        'ignore-not-found': 'True',
        'revoke-at': 'JOB-END',
        concurrency: '32',
      }),
    );
    expect(inputs).toMatchObject({
      retries: 0,
      ignoreNotFound: true,
      revokeAt: 'job-end',
      concurrency: 32,
    });
    expect(
      parseInputs(reader({ 'token-id': A, 'access-token': 't', 'ignore-not-found': 'FALSE' }))
        .inputs.ignoreNotFound,
    ).toBe(false);
  });
  test('secrets: the access token as given, trimmed and per line, JWTs in token-id, a URL password', () => {
    const jwt = makeJwt({ x: 1 });
    expect(
      secretsIn(
        reader({
          'access-token': ' a\nb ',
          'token-id': `${A} ${jwt}`,
          'server-url': 'https://u:pw@h',
        }),
      ),
    ).toEqual([' a\nb ', 'a\nb', 'a', 'b', jwt, 'pw']);
  });
});

describe('metadata stays in step', () => {
  const actionYml = readFileSync(new URL('../../action.yml', import.meta.url), 'utf8');
  test.each([
    ['server-url', defaults.DEFAULT_SERVER_URL],
    ['retries', `'${defaults.DEFAULT_RETRIES}'`],
    ['timeout-seconds', `'${defaults.DEFAULT_TIMEOUT_SECONDS}'`],
    ['concurrency', `'${defaults.DEFAULT_CONCURRENCY}'`],
  ])('action.yml default of %s', (name, value) => {
    expect(actionYml).toMatch(new RegExp(`\\n  ${name}:\\n(    .*\\n)*?    default: ${value}\\n`));
  });
  test('the User-Agent version is package.json version', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    expect(ACTION_VERSION).toBe(pkg.version);
  });
});
