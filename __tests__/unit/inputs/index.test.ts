// All inputs at once (parseInputs): the defaults, an empty token-id, self, the numbers and flags
// and their spellings (verify, default true, among them), dry-run as a property of the run, and
// the secrets the step masks first.
import { describe, expect, test } from '@jest/globals';
import * as defaults from '../../../src/defaults.js';
import { InputError } from '../../../src/inputs/error.js';
import {
  emptyTokenIdError,
  namesNoToken,
  parseInputs,
  secretsIn,
} from '../../../src/inputs/index.js';
import { parseSelection } from '../../../src/inputs/selection.js';
import { makeJwt } from '../../support/harness.js';
import { ACTION_DEFAULTS, runnerReader, thrown } from '../../support/inputs.js';

const A = '6f1c2a0e-8b7d-4c2e-9f55-0a1b2c3d4e5f';
const B = '0b7c53f8-1f0a-4c7e-9a55-3c2d1e0f9a8b';
const ID_A = '0d9a6c1e-2b3f-4a5d-8e7f-10213243546a';
const ID_B = '0d9a6c1e-2b3f-4a5d-8e7f-10213243546b';
const DAY = 24 * 3600 * 1000;
const parse = (values: Record<string, string>) => parseSelection(runnerReader(values));
describe('all inputs', () => {
  test('defaults', () => {
    const { inputs } = parseInputs(runnerReader({ 'token-id': A, 'access-token': 't' }));
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
      verify: true,
    });
  });
  test('an empty token-id names no token: never a self-revoke', () => {
    const token = makeJwt({ identityAccessTokenId: B });
    for (const tokenId of ['', '  ', '\n\n', ' , \n,', '[]']) {
      const { inputs } = parseInputs(runnerReader({ 'token-id': tokenId, 'access-token': token }));
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
    const { inputs } = parseInputs(runnerReader({ 'token-id': 'self', 'access-token': token }));
    expect(inputs).toMatchObject({ named: { tokenIds: [], self: true } });
    expect(namesNoToken(inputs)).toBe(false);
    // An access token that names no token id of its own can still revoke itself.
    expect(
      parseInputs(runnerReader({ 'token-id': 'Self', 'access-token': makeJwt({ jti: 'nope' }) }))
        .inputs,
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
    ['verify', 'no', /verify must be true or false, got "no"/],
    ['revoke-at', 'later', /revoke-at must be one of now, job-end, got "later"/],
  ])('%s = %j is refused', (name, value, error) => {
    expect(() =>
      parseInputs(runnerReader({ 'token-id': A, 'access-token': 't', [name]: value })),
    ).toThrow(error);
  });
  test('accepted spellings', () => {
    const { inputs } = parseInputs(
      runnerReader({
        'token-id': A,
        'access-token': 't',
        retries: ' 0 ',
        'ignore-not-found': 'True',
        'revoke-at': 'JOB-END',
        concurrency: '32',
        verify: 'False',
      }),
    );
    expect(inputs).toMatchObject({
      retries: 0,
      ignoreNotFound: true,
      revokeAt: 'job-end',
      concurrency: 32,
      verify: false,
    });
    expect(
      parseInputs(runnerReader({ 'token-id': A, 'access-token': 't', verify: 'TRUE' })).inputs
        .verify,
    ).toBe(true);
    expect(
      parseInputs(runnerReader({ 'token-id': A, 'access-token': 't', 'ignore-not-found': 'FALSE' }))
        .inputs.ignoreNotFound,
    ).toBe(false);
  });
  test('secrets: the access token as given, trimmed and per line, JWTs in token-id, a URL password', () => {
    const jwt = makeJwt({ x: 1 });
    expect(
      secretsIn(
        runnerReader({
          'access-token': ' a\nb ',
          'token-id': `${A} ${jwt}`,
          'server-url': 'https://u:pw@h',
        }),
      ),
    ).toEqual([' a\nb ', 'a\nb', 'a', 'b', jwt, 'pw']);
  });
  test('secrets: the token after a pasted "Bearer " is masked on its own', () => {
    const token = makeJwt({ identityAccessTokenId: A });
    expect(secretsIn(runnerReader({ 'access-token': `Bearer ${token}` }))).toContain(token);
    expect(secretsIn(runnerReader({ 'access-token': ` bearer \t${token}\n` }))).toContain(token);
    expect(secretsIn(runnerReader({ 'access-token': `BEARER ${token}` }))).toContain(token);
  });
});

describe('dry-run', () => {
  test.each([
    ['true', true],
    ['TRUE', true],
    ['False', false],
    ['FALSE', false],
  ])('dry-run: %s (YAML 1.2 core spellings) is a property of the run', (text, dryRun) => {
    const values = { 'tokens-of-identity': ID_A, 'older-than': '1d', 'dry-run': text };
    const { inputs: parsed } = parseInputs(runnerReader({ ...values, 'access-token': 'tok' }));
    expect(parsed.dryRun).toBe(dryRun);
    expect(parsed.selection).toEqual({
      identityIds: [ID_A],
      allIdentities: false,
      olderThanMs: DAY,
      tokenName: undefined,
      keepNewest: undefined,
    });
  });
  test('dry-run alone (with token-id) is allowed: list what would be revoked, revoke nothing', () => {
    expect(parse({ 'dry-run': 'true' })).toBeUndefined();
    const { inputs: parsed } = parseInputs(
      runnerReader({ 'token-id': ID_B, 'access-token': 'tok', 'dry-run': 'true' }),
    );
    expect(parsed).toMatchObject({ dryRun: true, named: { tokenIds: [ID_B], self: false } });
    expect(parsed.selection).toBeUndefined();
  });
  test.each(['yes', '1', 'on'])('dry-run: %j', (value) => {
    const values = { 'tokens-of-identity': ID_A, 'older-than': '1d', 'dry-run': value };
    expect(thrown(() => parseInputs(runnerReader({ ...values, 'access-token': 'tok' })))).toBe(
      `Input dry-run must be true or false, got "${value}".`,
    );
  });
});

// Issue 14: the runner gives every input its action.yml default when the step leaves it out, so an
// input with a default that reads empty was given empty, and is refused instead of read as its
// default (server-url as Infisical Cloud, dry-run as a real run).
describe('inputs with a non-empty default, given empty', () => {
  const base = { 'token-id': A, 'access-token': 't' };
  const WITH_DEFAULTS = Object.entries(ACTION_DEFAULTS)
    .filter(([, value]) => value !== '')
    .map(([name]) => name);

  test('are exactly these ten (the README lists them)', () => {
    expect(WITH_DEFAULTS.sort()).toEqual(
      [
        'concurrency',
        'dry-run',
        'ignore-not-found',
        'keep-newest',
        'older-than',
        'retries',
        'revoke-at',
        'server-url',
        'timeout-seconds',
        'verify',
      ].sort(),
    );
  });

  test.each(WITH_DEFAULTS.flatMap((name) => ['', '  ', '\n'].map((v) => [name, v] as const)))(
    '%s given %j fails, naming it and what leaving it out gives',
    (name, empty) => {
      for (const phase of ['main', 'post'] as const) {
        for (const revokeAt of ['now', 'job-end']) {
          const values = { ...base, 'revoke-at': revokeAt, [name]: empty };
          expect(thrown(() => parseInputs(runnerReader(values), phase))).toMatch(
            new RegExp(
              `^Input ${name} was given empty \\(an expression that came out empty\\?\\): expected .+\\. Left out, it is .+\\.$`,
            ),
          );
        }
      }
    },
  );

  test('server-url given empty never means Infisical Cloud; left out it does', () => {
    expect(thrown(() => parseInputs(runnerReader({ ...base, 'server-url': '' })))).toBe(
      'Input server-url was given empty (an expression that came out empty?): expected the base URL of your Infisical server, such as https://eu.infisical.com. Left out, it is Infisical Cloud (https://app.infisical.com).',
    );
    expect(parseInputs(runnerReader(base)).inputs.server.origin).toBe('https://app.infisical.com');
  });

  test('dry-run given empty is not a real run; left out it is', () => {
    expect(thrown(() => parseInputs(runnerReader({ ...base, 'dry-run': '' })))).toBe(
      'Input dry-run was given empty (an expression that came out empty?): expected true or false. Left out, it is false.',
    );
    expect(parseInputs(runnerReader(base)).inputs.dryRun).toBe(false);
  });

  test('token-id and the credentials keep their own rules: a job-end main step may leave them for later', () => {
    const { inputs } = parseInputs(
      runnerReader({ 'token-id': '', 'access-token': '', 'revoke-at': 'job-end' }),
      'main',
    );
    expect(inputs.credentials).toEqual({ method: 'access-token', accessToken: '' });
    expect(namesNoToken(inputs)).toBe(true);
  });
});

describe('a job-end main step with method: oidc checks that the job may ask for an ID token', () => {
  const values = {
    'token-id': A,
    method: 'oidc',
    'identity-id': ID_A,
    'revoke-at': 'job-end',
  };
  test('cannot: refused now, naming permissions id-token: write', () => {
    expect(
      thrown(() => parseInputs(runnerReader(values), 'main', { canRequestIdToken: false })),
    ).toMatch(
      /^Input method: oidc needs a GitHub ID token at job end.*permissions: id-token: write/,
    );
    // With identity-id still empty (it may come later): the permission is known now all the same.
    expect(
      thrown(() =>
        parseInputs(runnerReader({ ...values, 'identity-id': '' }), 'main', {
          canRequestIdToken: false,
        }),
      ),
    ).toMatch(/^Input method: oidc needs a GitHub ID token at job end/);
  });
  test('can, or not known, or not a job-end main step: not refused here', () => {
    expect(() =>
      parseInputs(runnerReader(values), 'main', { canRequestIdToken: true }),
    ).not.toThrow();
    expect(() => parseInputs(runnerReader(values), 'main')).not.toThrow();
    // revoke-at: now and the post step find out at the login, with the login's own words.
    expect(() =>
      parseInputs(runnerReader({ ...values, 'revoke-at': 'now' }), 'main', {
        canRequestIdToken: false,
      }),
    ).not.toThrow();
    expect(() =>
      parseInputs(runnerReader(values), 'post', { canRequestIdToken: false }),
    ).not.toThrow();
  });
});

describe('tokens-of-identity with an access token whose own id cannot be read', () => {
  const rotation = { 'tokens-of-identity': ID_A, 'older-than': '0s' };
  test('an identity access token without identityAccessTokenId or jti is refused before any request', () => {
    for (const claims of [{ identityId: ID_B }, { authTokenType: 'identityAccessToken' }]) {
      const token = makeJwt(claims);
      const message = thrown(() =>
        parseInputs(runnerReader({ ...rotation, 'access-token': token })),
      );
      expect(message).toMatch(/^Input tokens-of-identity needs an access token whose own token id/);
      expect(message).not.toContain(token.slice(0, 20));
    }
  });
  test('one whose id can be read, one that cannot be a Token Auth token, or a login: chosen as before', () => {
    for (const token of [
      makeJwt({ identityAccessTokenId: B }),
      makeJwt({ jti: B }),
      makeJwt({ authTokenType: 'accessToken', userId: 'u' }),
      'not-a-jwt',
    ]) {
      expect(
        parseInputs(runnerReader({ ...rotation, 'access-token': token })).inputs.selection,
      ).toMatchObject({ identityIds: [ID_A] });
    }
    expect(
      parseInputs(runnerReader({ ...rotation, method: 'oidc', 'identity-id': ID_B })).inputs
        .selection,
    ).toMatchObject({ identityIds: [ID_A] });
  });
  test('token-id alone never needs it: self can revoke an access token without an id', () => {
    expect(() =>
      parseInputs(
        runnerReader({ 'token-id': 'self', 'access-token': makeJwt({ identityId: ID_B }) }),
      ),
    ).not.toThrow();
  });
});

describe('an empty access-token says what fits the case', () => {
  test('token-id: self alone: no permission needed, identity:edit not asked for', () => {
    const message = thrown(() => parseInputs(runnerReader({ 'token-id': 'self' })));
    expect(message).toMatch(/^Input access-token is required: token-id: self/);
    expect(message).not.toMatch(/identity:edit/);
  });
  test('self and ids, or a rotation: identity:edit', () => {
    for (const values of <Array<Record<string, string>>>[
      { 'token-id': `self\n${A}` },
      { 'token-id': 'self', 'tokens-of-identity': ID_A, 'older-than': '1d' },
    ]) {
      expect(thrown(() => parseInputs(runnerReader(values)))).toMatch(/identity:edit/);
    }
  });
});

describe('client-secrets-of-identity with a Universal Auth access token that names no client secret', () => {
  const rotation = { 'client-secrets-of-identity': ID_A, 'older-than': '0s' };
  test('refused before any request, naming the input and never the token', () => {
    // As a current server signs it (IdentityAuthMethod's value), and as an older spelling.
    for (const authMethod of ['universal-auth', 'UNIVERSAL_AUTH']) {
      const token = makeJwt({ authMethod, identityId: ID_B, clientSecretId: '' });
      const message = thrown(() =>
        parseInputs(runnerReader({ ...rotation, 'access-token': token })),
      );
      expect(message).toMatch(
        /^Input client-secrets-of-identity needs to know which client secret/,
      );
      expect(message).not.toContain(token.slice(10, 30));
    }
  });
  test('a Universal Auth token with its clientSecretId, a token of another method, or method: universal pass', () => {
    const cases = [
      makeJwt({ authMethod: 'UNIVERSAL_AUTH', clientSecretId: ID_B }),
      makeJwt({ authMethod: 'token-auth', clientSecretId: '' }),
      makeJwt({ identityId: ID_B, identityAccessTokenId: ID_A }),
      'not-a-jwt',
    ];
    for (const token of cases) {
      expect(() => parseInputs(runnerReader({ ...rotation, 'access-token': token }))).not.toThrow();
    }
  });
});
