import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { parseAccessToken } from '../../src/inputs/access-token.js';
import { tokenIdOfAccessToken } from '../../src/jwt.js';
import * as defaults from '../../src/defaults.js';
import { InputError } from '../../src/inputs/error.js';
import { emptyTokenIdError, namesNoToken, parseInputs, secretsIn } from '../../src/inputs/index.js';
import { parseServerUrl, secretsInServerUrl } from '../../src/inputs/server-url.js';
import { parseTokenIds, secretsInTokenIds } from '../../src/inputs/token-ids.js';
import { ACTION_VERSION } from '../../src/version.js';
import { makeJwt } from '../support/harness.js';
import { reader, thrown } from '../support/inputs.js';

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

describe('access-token', () => {
  test('is trimmed, and must be one printable word', () => {
    expect(parseAccessToken('  abc.def \n')).toBe('abc.def');
    expect(() => parseAccessToken('')).toThrow(InputError);
    expect(() => parseAccessToken('a b')).toThrow(/single token/);
    expect(() => parseAccessToken('a\u00e9')).toThrow(/single token/);
  });
  test('"Bearer x" gets a hint to drop "Bearer ", and the token is not shown', () => {
    const token = makeJwt({ identityAccessTokenId: A, secret: 'do-not-print-me' });
    for (const raw of [`Bearer ${token}`, `bearer  ${token}`, ` BEARER\t${token} `, 'Bearer x']) {
      const message = thrown(() => parseAccessToken(raw));
      expect(message).toMatch(
        /^Input access-token starts with "Bearer ": pass the access token alone/,
      );
      expect(message).toMatch(/The value is masked and not shown\.$/);
      expect(message).not.toContain(token.slice(0, 8));
    }
    // A token that merely starts with the letters is a token.
    expect(parseAccessToken('Bearerless.token')).toBe('Bearerless.token');
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
    expect(() => parseServerUrl('file:///etc')).toThrow(/must start with https:\/\//);
    expect(() => parseServerUrl('https://u:p@h')).toThrow(/credentials/);
    expect(() => parseServerUrl('https://u@h')).toThrow(/credentials/);
    expect(() => parseServerUrl('https://h/?')).toThrow(/query/);
    // A trailing ? is a query too, and a query is never echoed.
    expect(() => parseServerUrl(`https://h/${'x'.repeat(100)}?`)).toThrow(
      /must not contain a query \(the part from \?; not shown\)/,
    );
  });
  test('an error never repeats the query, fragment, user or password of the value', () => {
    const values = [
      'https://alice9:hunter2pw@h.example',
      'https://alice9@h.example',
      'https://h.example/?token=SECRETq',
      'https://h.example/infisical?token=SECRETq#SECRETf',
      'https://h.example/#SECRETf',
      'https://h.example/#a?SECRETq',
      'ftp://alice9:hunter2pw@h.example/?token=SECRETq',
      'h.example/?token=SECRETq',
      'alice9:hunter2pw@h.example',
      'https://alice9:hunter2pw@h example',
      'https://h example/?token=SECRETq#SECRETf',
      'not a url #SECRETf',
    ];
    for (const value of values) {
      const message = thrown(() => parseServerUrl(value));
      expect(message).toMatch(/^Input server-url/);
      for (const part of ['alice9', 'hunter2pw', 'SECRETq', 'SECRETf']) {
        expect(message.toLowerCase()).not.toContain(part.toLowerCase());
      }
    }
    expect(thrown(() => parseServerUrl('https://h/?token=SECRETq'))).toMatch(/query/);
    expect(thrown(() => parseServerUrl('https://h/#SECRETf'))).toMatch(/fragment/);
    expect(thrown(() => parseServerUrl('https://alice9:hunter2pw@h'))).toMatch(/credentials/);
  });
  test('whatever the URL, its query, fragment and credentials never reach a message', () => {
    const marked = (name: string) =>
      fc.stringMatching(/^[a-z0-9]{0,6}$/).map((tail) => `${name}SECRET${tail}`);
    fc.assert(
      fc.property(
        fc.constantFrom('https://', 'http://', 'ftp://', 'HTTPS://', '', 'https:/'),
        fc.option(fc.tuple(marked('user'), fc.option(marked('pass')))),
        fc.constantFrom('h.example', 'h example', '[::1]:8080', 'localhost:1', ''),
        fc.constantFrom('', '/', '/api', '/x y', '/%zz'),
        fc.option(marked('query')),
        fc.option(marked('frag')),
        (scheme, userinfo, host, path, query, fragment) => {
          const auth = userinfo ? `${userinfo[0]}${userinfo[1] ? `:${userinfo[1]}` : ''}@` : '';
          const value = `${scheme}${auth}${host}${path}${query ? `?${query}` : ''}${fragment ? `#${fragment}` : ''}`;
          let message = '';
          try {
            parseServerUrl(value);
          } catch (error) {
            message = (error as Error).message;
          }
          if (auth || query || fragment) expect(message).not.toBe('');
          // Case aside: a URL parser lower-cases what it reads as a scheme.
          expect(message).not.toMatch(/secret/i);
        },
      ),
      { numRuns: 500 },
    );
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
      named: { tokenIds: [A], self: false },
      credentials: { method: 'access-token', accessToken: 't' },
      selection: undefined,
      dryRun: false,
      extraHeaders: {},
      server: { origin: defaults.DEFAULT_SERVER_URL, prefix: '' },
      retries: 3,
      timeoutSeconds: 30,
      concurrency: 4,
      ignoreNotFound: false,
      revokeAt: 'now',
    });
  });
  test('an empty token-id names no token: never a self-revoke', () => {
    const token = makeJwt({ identityAccessTokenId: B });
    for (const tokenId of ['', '  ', '\n\n', ' , \n,', '[]']) {
      const { inputs } = parseInputs(reader({ 'token-id': tokenId, 'access-token': token }));
      expect(inputs.named.tokenIds).toEqual([]);
      expect(inputs.named.self).toBe(false);
      expect(namesNoToken(inputs)).toBe(true);
    }
    expect(emptyTokenIdError()).toBeInstanceOf(InputError);
    expect(emptyTokenIdError().message).toMatch(/^Input token-id is empty/);
    expect(emptyTokenIdError().message).toMatch(/\bself\b.*access token itself/);
    expect(emptyTokenIdError().message).toMatch(/ignore-not-found: true/);
  });
  test('self names the access token itself, explicitly', () => {
    const token = makeJwt({ identityAccessTokenId: B });
    const { inputs } = parseInputs(reader({ 'token-id': 'self', 'access-token': token }));
    expect(inputs).toMatchObject({ named: { tokenIds: [], self: true } });
    expect(namesNoToken(inputs)).toBe(false);
    // An access token that names no token id of its own can still revoke itself.
    expect(
      parseInputs(reader({ 'token-id': 'Self', 'access-token': makeJwt({ jti: 'nope' }) })).inputs,
    ).toMatchObject({ named: { tokenIds: [], self: true } });
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
  test('secrets: the token after a pasted "Bearer " is masked on its own', () => {
    const token = makeJwt({ identityAccessTokenId: A });
    expect(secretsIn(reader({ 'access-token': `Bearer ${token}` }))).toContain(token);
    expect(secretsIn(reader({ 'access-token': ` bearer \t${token}\n` }))).toContain(token);
    expect(secretsIn(reader({ 'access-token': `BEARER ${token}` }))).toContain(token);
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
