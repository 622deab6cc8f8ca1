// Inputs refused before any request, end to end (the built dist/ run as a runner runs it, against the
// fake Infisical and the fake GitHub ID-token service on loopback): each refusal is one error line,
// nothing reaches a server, nothing is revoked, and no secret or suspicious value is echoed. An
// empty token-id names no token, and never falls back to revoking anything.
import { describe, expect, test } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import {
  ACCESS_TOKEN,
  SELF_TOKEN_ID,
  TOKEN_ID,
  commands,
  expectNoLeak,
  makeJwt,
  revokeStep,
  startFake,
  startGitHubOidc,
  unmasked,
} from './support/harness.js';

describe('bad input is refused before any request', () => {
  const rows: Array<{
    name: string;
    inputs: Record<string, string>;
    error: RegExp;
    warning?: RegExp;
  }> = [
    {
      name: 'empty token-id with a non-JWT access token',
      inputs: { 'token-id': '', 'access-token': 'plain-token' },
      error: /^Input token-id is empty, so no token is named and nothing is revoked\. .*self/,
    },
    {
      name: 'token-id that is not a UUID',
      inputs: { 'token-id': 'abc/../x' },
      error: /^Input token-id: "abc\/\.\.\/x" is not a token id\. Expected the UUID/,
    },
    {
      name: 'a JWT pasted as token-id',
      inputs: { 'token-id': makeJwt({ sub: 'oops' }) },
      error:
        /^Input token-id holds an access token \(a JWT\), not a token id.*masked and not shown/,
    },
    {
      name: 'missing access-token',
      inputs: { 'token-id': TOKEN_ID, 'access-token': '' },
      error: /^Input access-token is required/,
    },
    {
      name: 'access-token with a line break',
      inputs: { 'token-id': TOKEN_ID, 'access-token': 'abc\ndef' },
      error: /^Input access-token must be a single token/,
    },
    {
      name: 'server-url not a URL',
      inputs: { 'token-id': TOKEN_ID, 'server-url': 'app.infisical.com' },
      error: /^Input server-url: "app\.infisical\.com" is not a URL/,
    },
    {
      name: 'server-url with ftp',
      inputs: { 'token-id': TOKEN_ID, 'server-url': 'ftp://example.com' },
      error: /^Input server-url must start with https:\/\//,
    },
    {
      name: 'server-url with credentials',
      inputs: { 'token-id': TOKEN_ID, 'server-url': 'https://admin:hunter2@example.com' },
      error: /^Input server-url must not contain credentials/,
    },
    {
      name: 'server-url with a query',
      inputs: { 'token-id': TOKEN_ID, 'server-url': 'https://example.com/?x=1' },
      error: /^Input server-url must not contain a query/,
    },
    {
      name: 'server-url with a fragment',
      inputs: { 'token-id': TOKEN_ID, 'server-url': 'https://example.com/#top' },
      error: /^Input server-url must not contain a fragment \(the part from #; not shown\)\./,
    },
    {
      name: 'negative retries',
      inputs: { 'token-id': TOKEN_ID, retries: '-1' },
      error: /^Input retries must be a whole number from 0 to 10, got "-1"\.$/,
    },
    {
      name: 'timeout-seconds that is not a whole number',
      inputs: { 'token-id': TOKEN_ID, 'timeout-seconds': '2.5' },
      error: /^Input timeout-seconds must be a whole number from 1 to 600, got "2\.5"\.$/,
    },
    {
      name: 'concurrency too high',
      inputs: { 'token-id': TOKEN_ID, concurrency: '64' },
      error: /^Input concurrency must be a whole number from 1 to 32, got "64"\.$/,
    },
    {
      name: 'ignore-not-found not a boolean',
      inputs: { 'token-id': TOKEN_ID, 'ignore-not-found': 'sometimes' },
      error: /^Input ignore-not-found must be true or false, got "sometimes"\.$/,
    },
    {
      name: 'revoke-at unknown',
      inputs: { 'token-id': TOKEN_ID, 'revoke-at': 'tomorrow' },
      error: /^Input revoke-at must be one of now, job-end, got "tomorrow"\.$/,
    },
  ];
  test.each(rows)('$name', async (row) => {
    const fake = await startFake();
    const run = await revokeStep(fake, row.inputs);
    expect(run.code).toBe(1);
    expect(commands(run, 'error')).toHaveLength(1);
    expect(commands(run, 'error')[0]).toMatch(row.error);
    expect(fake.requests).toHaveLength(0);
    const accessToken = row.inputs['access-token'] ?? ACCESS_TOKEN;
    if (accessToken.trim()) expectNoLeak(run, accessToken);
  });

  test('the JWT pasted as token-id is masked and never echoed', async () => {
    const pasted = makeJwt({ sub: 'pasted' });
    const run = await revokeStep(undefined, { 'token-id': pasted });
    expect(run.code).toBe(1);
    expectNoLeak(run, pasted);
  });

  test('the password of a server-url is masked and never echoed', async () => {
    const run = await revokeStep(undefined, {
      'token-id': TOKEN_ID,
      'server-url': 'https://admin:s3cr3t-pw@example.com',
    });
    expect(run.code).toBe(1);
    expectNoLeak(run, 's3cr3t-pw');
  });

  test('plain http to a host other than loopback warns that the token travels unencrypted', async () => {
    // revoke-at: job-end checks the inputs and sends nothing: no name is looked up, nothing leaves
    // the machine.
    const run = await revokeStep(undefined, {
      'token-id': TOKEN_ID,
      'server-url': 'http://infisical.internal.example:8080',
      'revoke-at': 'job-end',
    });
    expect(run.code).toBe(0);
    expect(commands(run, 'warning')).toEqual([
      'server-url uses plain http:// to infisical.internal.example:8080: the access token travels unencrypted. Use https://.',
    ]);
  });
});

describe('an empty token-id names no token: it never revokes anything', () => {
  const empties: Array<[string, string]> = [
    ['blank', ''],
    ['white space only', '  \t '],
    ['only separators', ' , ,\n, '],
    ['an empty JSON array', '[]'],
    ['a JSON array of empty strings (toJSON of empty outputs)', '["", ""]'],
    ["a typo'd expression (steps.tokn.outputs.token-id evaluates to '')", ''],
    ['only new lines (the README cleanup example with every upstream output empty)', '\n\n\n'],
  ];

  test.each(empties)(
    '%s: fails naming token-id, sends nothing, revokes nothing',
    async (_, value) => {
      const fake = await startFake();
      fake.addToken(SELF_TOKEN_ID);
      const run = await revokeStep(fake, { 'token-id': value });

      expect(run.code).toBe(1);
      expect(commands(run, 'error')).toEqual([
        expect.stringMatching(
          /^Input token-id is empty, so no token is named and nothing is revoked\. .*\bself to revoke the access token itself\b/,
        ),
      ]);
      expect(fake.requests).toHaveLength(0);
      expect(fake.token(SELF_TOKEN_ID)?.isAccessTokenRevoked).toBe(false);
      expectNoLeak(run);
    },
  );

  test.each(empties)(
    '%s, with ignore-not-found: a warning "nothing to revoke", exit 0, counts 0',
    async (_, value) => {
      const fake = await startFake();
      fake.addToken(SELF_TOKEN_ID);
      const run = await revokeStep(fake, { 'token-id': value, 'ignore-not-found': 'true' });

      expect(run.code).toBe(0);
      expect(commands(run, 'error')).toEqual([]);
      expect(commands(run, 'warning')).toEqual([
        expect.stringMatching(/^Nothing to revoke: token-id is empty\./),
      ]);
      expect(run.outputs).toMatchObject({
        revoked: '[]',
        'not-found': '[]',
        failed: '[]',
        'not-attempted': '[]',
        'revoked-count': '0',
        'not-found-count': '0',
        'failed-count': '0',
        'not-attempted-count': '0',
      });
      expect(fake.requests).toHaveLength(0);
      expect(fake.token(SELF_TOKEN_ID)?.isAccessTokenRevoked).toBe(false);
    },
  );

  test('at job end too: main saves the revoke, the post step with an empty token-id revokes nothing', async () => {
    const fake = await startFake();
    fake.addToken(SELF_TOKEN_ID);
    const inputs = { 'token-id': '\n\n', 'revoke-at': 'job-end' };
    const main = await revokeStep(fake, inputs);
    expect(main.code).toBe(0);
    const post = await revokeStep(fake, inputs, { entry: 'post', state: main.state });
    expect(post.code).toBe(1);
    expect(commands(post, 'error')[0]).toMatch(/^Input token-id is empty/);
    expect(fake.requests).toHaveLength(0);
    expect(fake.isRevoked(SELF_TOKEN_ID)).toBe(false);
  });
});

describe('echoes are safe', () => {
  const urls: Array<[string, string, RegExp, string[]]> = [
    [
      'a query and a fragment',
      'https://infisical.example.com/?token=S3CRETQUERY#fragSECRET',
      /^Input server-url must not contain a query \(the part from \?; not shown\)\./,
      ['S3CRETQUERY', 'fragSECRET', 'token='],
    ],
    [
      'a fragment',
      'https://infisical.example.com/api#fragSECRET',
      /^Input server-url must not contain a fragment \(the part from #; not shown\)\./,
      ['fragSECRET'],
    ],
    [
      'credentials',
      'https://alice-USER:pw-S3CRET@infisical.example.com',
      /^Input server-url must not contain credentials \(user:password@\)\..*The URL is not shown\./,
      ['alice-USER', 'pw-S3CRET'],
    ],
    [
      'no scheme, and a query',
      'infisical.example.com/?token=S3CRETQUERY',
      /^Input server-url: the value \(not shown: it holds @, \? or #\) is not a URL\./,
      ['S3CRETQUERY', 'infisical.example.com'],
    ],
  ];

  test.each(urls)(
    'a server-url with %s: says which part is wrong, never repeats it',
    async (_, url, error, hidden) => {
      const run = await revokeStep(undefined, { 'token-id': TOKEN_ID, 'server-url': url });
      expect(run.code).toBe(1);
      expect(commands(run, 'error')).toEqual([expect.stringMatching(error)]);
      const shown = unmasked(run);
      for (const part of hidden) expect(shown).not.toContain(part);
    },
  );

  test('a token-id with a zero-width space is shown as \\u200b, in a short prefix', async () => {
    const fake = await startFake();
    const run = await revokeStep(fake, { 'token-id': `${TOKEN_ID}\u200b` });
    expect(run.code).toBe(1);
    expect(commands(run, 'error')).toEqual([
      expect.stringMatching(
        /^Input token-id: "6f1c2a0e-8b7…" \(37 characters\), containing \\u200b is not a token id\./,
      ),
    ]);
    expect(run.everything).not.toContain('\u200b');
    expect(fake.requests).toHaveLength(0);
  });

  test('an invisible character inside the prefix is escaped in place', async () => {
    const run = await revokeStep(undefined, { 'token-id': `6f1c\u200b2a0e-8b7d` });
    expect(commands(run, 'error')[0]).toMatch(
      /^Input token-id: "6f1c\\u200b2a0e-8b…" \(14 characters\) is not a token id\./,
    );
    expect(run.everything).not.toContain('\u200b');
  });

  test('a long secret-looking token-id value shows at most a short prefix', async () => {
    const secret = `sk_live_${'Zq9XwY2vB7nR4tL0'.repeat(4)}`;
    const run = await revokeStep(undefined, { 'token-id': `${TOKEN_ID}\n${secret}` });
    expect(run.code).toBe(1);
    expect(commands(run, 'error')[0]).toMatch(
      /^Input token-id: "sk_live_Zq9X…" \(72 characters\) is not a token id/,
    );
    for (let i = 0; i + 13 <= secret.length; i++) {
      expect(run.everything).not.toContain(secret.slice(i, i + 13));
    }
  });

  test('"Bearer eyJ…" pasted into access-token: a hint to drop "Bearer ", and the JWT is masked', async () => {
    const fake = await startFake();
    const jwt = ACCESS_TOKEN;
    const run = await revokeStep(fake, { 'token-id': TOKEN_ID, 'access-token': `Bearer ${jwt}` });
    expect(run.code).toBe(1);
    expect(commands(run, 'error')).toEqual([
      expect.stringMatching(
        /^Input access-token starts with "Bearer ": pass the access token alone, without the "Bearer " prefix/,
      ),
    ]);
    expect(fake.requests).toHaveLength(0);
    expectNoLeak(run, jwt);
  });
});

describe('login inputs are refused before any request', () => {
  const IDENTITY = '2a7c0c1e-3b4d-4e5f-8a9b-0c1d2e3f4a5b';
  const rows: Array<{ name: string; inputs: Record<string, string>; error: string | RegExp }> = [
    {
      name: 'access-token together with a method',
      inputs: { method: 'oidc', 'identity-id': IDENTITY },
      error:
        'Inputs access-token and method: oidc are two sources of credentials: give one. With method: oidc the action logs in by itself and revokes its login when the step ends.',
    },
    {
      name: 'method oidc without identity-id',
      inputs: { 'access-token': '', method: 'oidc' },
      error: /^Input identity-id is required with method: oidc/,
    },
    {
      name: 'method universal without client-secret',
      inputs: { 'access-token': '', method: 'universal', 'client-id': 'a-client-id' },
      error: /^Input client-secret is required with method: universal/,
    },
    {
      name: 'identity-id without method (named with the three methods it is for)',
      inputs: { 'identity-id': IDENTITY },
      error:
        /^Input identity-id is for method: oidc, aws-iam or kubernetes, but method is empty\. Set method: oidc, aws-iam or kubernetes/,
    },
    {
      name: 'an unknown method (the list now has aws-iam and kubernetes)',
      inputs: { 'access-token': '', method: 'aws' },
      error:
        'Input method must be empty (use access-token), oidc, universal, aws-iam or kubernetes, got "aws".',
    },
    {
      // The value "x" is masked like every header value, so the step's own redaction turns the
      // "x" of "extra-headers" into *** in this line: only the end of the line is exact.
      name: 'extra-headers setting Authorization: x',
      inputs: { 'extra-headers': 'Authorization: x' },
      error:
        /, line 1: "Authorization" is a header the action sets itself, and cannot be replaced\.$/,
    },
    {
      name: 'extra-headers setting authorization (any case) with a bearer token',
      inputs: {
        'extra-headers':
          'CF-Access-Client-Id: cf-id-value-0001\nauthorization: Bearer t0ken-value-0002',
      },
      error:
        'Input extra-headers, line 2: "authorization" is a header the action sets itself, and cannot be replaced.',
    },
    {
      name: 'extra-headers setting Host',
      inputs: { 'extra-headers': 'Host: infisical.internal.example' },
      error:
        'Input extra-headers, line 1: "Host" is a header the action sets itself, and cannot be replaced.',
    },
  ];
  test.each(rows)('$name', async ({ inputs, error }) => {
    const fake = await startFake();
    fake.addToken(TOKEN_ID);
    const github = await startGitHubOidc();
    const run = await revokeStep(fake, { 'token-id': TOKEN_ID, ...inputs }, { env: github.env() });

    expect(run.code).toBe(1);
    expect(fake.requests).toEqual([]);
    expect(github.requests).toEqual([]);
    const errors = commands(run, 'error');
    expect(errors).toHaveLength(1);
    if (typeof error === 'string') expect(errors[0]).toBe(error);
    else expect(errors[0]).toMatch(error);
    expect(fake.isRevoked(TOKEN_ID)).toBe(false);
  });

  test('an extra-headers line without a colon is refused without echoing it', async () => {
    const fake = await startFake();
    fake.addToken(TOKEN_ID);
    const line = 'CF-Access-Client-Secret s3cr3t-header-value-xyz';
    const run = await revokeStep(fake, {
      'token-id': TOKEN_ID,
      'extra-headers': `CF-Access-Client-Id: cf-id-value-0001\n${line}`,
    });

    expect(run.code).toBe(1);
    expect(fake.requests).toEqual([]);
    expect(commands(run, 'error')).toEqual([
      expect.stringMatching(/^Input extra-headers, line 2: expected "Name: value"/),
    ]);
    expectNoLeak(run, line);
    expect(run.everything.replace(/^::add-mask::.*$/gm, '')).not.toContain(
      's3cr3t-header-value-xyz',
    );
  });
});

describe('selection inputs are refused before any request', () => {
  test.each([
    [
      'tokens-of-identity without a filter',
      { 'tokens-of-identity': randomUUID() },
      /^Input tokens-of-identity needs a filter: .*older-than: 0s\.$/,
    ],
    [
      'a filter without tokens-of-identity',
      { 'token-id': randomUUID(), 'older-than': '7d' },
      /^Input older-than chooses among the tokens of the identities in tokens-of-identity \(or the client secrets of those in client-secrets-of-identity\), which is empty\./,
    ],
    [
      'a duration that is not one',
      { 'tokens-of-identity': randomUUID(), 'older-than': '7 days' },
      /^Input older-than must be a whole number and one unit: .*; got "7 days"\.$/,
    ],
    [
      'a keep-newest that is not a whole number',
      { 'tokens-of-identity': randomUUID(), 'keep-newest': '-1' },
      /^Input keep-newest must be a whole number from 0 to 1000, got "-1"\.$/,
    ],
    [
      'an identity id that is not a UUID',
      { 'tokens-of-identity': 'my-identity', 'older-than': '0s' },
      /^Input tokens-of-identity: "my-identity" is not an identity id\./,
    ],
  ])('%s', async (_, inputs, message) => {
    const fake = await startFake();
    const run = await revokeStep(fake, inputs);

    expect(run.code).toBe(1);
    expect(fake.requests).toEqual([]);
    expect(commands(run, 'error')).toEqual([expect.stringMatching(message)]);
  });
});

// Issue 14. The runner gives every input its action.yml default when the step leaves it out (as
// testbed/runner.ts does), so an input that reads empty was given empty: an expression that came out
// empty, such as `server-url: ${{ vars.INFISICAL_URL }}` with the variable undefined.
describe('an input with a default, given empty, is refused before any request', () => {
  const DEFAULTED = [
    'server-url',
    'dry-run',
    'verify',
    'ignore-not-found',
    'retries',
    'timeout-seconds',
    'concurrency',
    'revoke-at',
  ];
  test.each(DEFAULTED.flatMap((name) => ['now', 'job-end'].map((at) => [name, at] as const)))(
    '%s given empty (revoke-at: %s): fails naming it, sends nothing, revokes nothing, saves no job-end state',
    async (name, revokeAt) => {
      const fake = await startFake();
      const id = fake.addToken();
      const run = await revokeStep(fake, { 'token-id': id, 'revoke-at': revokeAt, [name]: '' });

      expect(run.code).toBe(1);
      expect(commands(run, 'error')).toEqual([
        expect.stringMatching(
          new RegExp(
            `^Input ${name} was given empty \\(an expression that came out empty\\?\\): expected .+\\. Left out, it is .+\\.$`,
          ),
        ),
      ]);
      expect(fake.requests).toEqual([]);
      expect(fake.isRevoked(id)).toBe(false);
      expect(run.state).toEqual({});
      expectNoLeak(run);
    },
  );

  test('server-url given empty does not send the access token to Infisical Cloud: it names the input and what was meant', async () => {
    const fake = await startFake();
    const id = fake.addToken();
    const run = await revokeStep(fake, { 'token-id': id, 'server-url': '' });
    expect(run.code).toBe(1);
    expect(commands(run, 'error')).toEqual([
      'Input server-url was given empty (an expression that came out empty?): expected the base URL of your Infisical server, such as https://eu.infisical.com. Left out, it is Infisical Cloud (https://app.infisical.com).',
    ]);
    // No request anywhere: the run never got as far as saying where it revokes.
    expect(run.stdout).not.toMatch(/^Revoking/m);
    expect(fake.requests).toEqual([]);
  });

  test('dry-run given empty (a typo in the expression) is not a real run: five tokens stay live', async () => {
    const fake = await startFake();
    const ids = Array.from({ length: 5 }, () => fake.addToken());
    const run = await revokeStep(fake, { 'token-id': ids.join('\n'), 'dry-run': '  ' });
    expect(run.code).toBe(1);
    expect(commands(run, 'error')).toEqual([
      'Input dry-run was given empty (an expression that came out empty?): expected true or false. Left out, it is false.',
    ]);
    expect(fake.requests).toEqual([]);
    for (const id of ids) expect(fake.isRevoked(id)).toBe(false);
  });

  test('the same inputs left out (the runner gives their defaults) revoke as before', async () => {
    const fake = await startFake();
    const id = fake.addToken();
    const run = await revokeStep(fake, { 'token-id': id });
    expect(run.code).toBe(0);
    expect(fake.isRevoked(id)).toBe(true);
  });
});

describe('an empty access-token says what fits the case', () => {
  test('token-id: self: no permission is needed (no identity:edit), and where an empty secret comes from', async () => {
    const fake = await startFake();
    fake.addToken(SELF_TOKEN_ID);
    const run = await revokeStep(fake, { 'token-id': 'self', 'access-token': '' });
    expect(run.code).toBe(1);
    const [error] = commands(run, 'error');
    expect(error).toMatch(
      /^Input access-token is required: token-id: self revokes the access token given here \(an access token may always revoke itself; no permission is needed\)\./,
    );
    expect(error).not.toMatch(/identity:edit|Identity → Edit/);
    expect(error).toMatch(/set method: oidc or universal/);
    expect(error).toMatch(/pull requests from forks and in runs by Dependabot\.$/);
    expect(fake.requests).toEqual([]);
  });

  test('no credentials at all (access-token and method empty): names method, and forks and Dependabot', async () => {
    const fake = await startFake();
    const run = await revokeStep(fake, { 'token-id': TOKEN_ID, 'access-token': '', method: '' });
    expect(run.code).toBe(1);
    expect(commands(run, 'error')).toEqual([
      "Input access-token is required: an Infisical access token of an identity allowed to edit the tokens' identities (identity:edit). With method empty, access-token is the only credential: pass one, or set method: oidc or universal to log in instead. Secrets (secrets.*) come out empty in runs for pull requests from forks and in runs by Dependabot.",
    ]);
    expect(fake.requests).toEqual([]);
  });
});

describe('client-id and tokens-of-identity are checked before any request', () => {
  test.each([
    ['a line break inside', '3c9e1a2b-4d5f-4a6b\n-8c7d-9e0f1a2b3c4d'],
    ['a name', 'rotator-client'],
    [
      'the client secret pasted there',
      'a3f9c27e5b1d4f8a9c0e2b7d6f5a4c3b2e1d0f9a8b7c6d5e4f3a2b1c0d9e8f7a',
    ],
  ])('client-id with %s: refused, not shown, nothing sent', async (_, clientId) => {
    const fake = await startFake();
    const identity = fake.addIdentity({ name: 'revoker' });
    const ua = fake.configureUniversalAuth(identity);
    const id = fake.addToken();
    const run = await revokeStep(fake, {
      'token-id': id,
      'access-token': '',
      method: 'universal',
      'client-id': clientId,
      'client-secret': ua.clientSecret,
    });
    expect(run.code).toBe(1);
    expect(commands(run, 'error')).toEqual([
      'Input client-id is not a Universal Auth client id: expected a UUID such as 6f1c2a0e-8b7d-4c2e-9f55-0a1b2c3d4e5f, on one line. The value is not shown.',
    ]);
    expect(fake.requests).toEqual([]);
    expect(unmasked(run)).not.toContain(clientId.slice(0, 10));
    expectNoLeak(run, ua.clientSecret);
  });

  test('tokens-of-identity with an access token whose own id cannot be read: refused before listing, so it can never revoke itself', async () => {
    const fake = await startFake();
    const identity = fake.addIdentity({ name: 'app' });
    // An identity access token that names no token id of its own (no identityAccessTokenId, no jti).
    const opaqueId = makeJwt({ identityId: identity, authTokenType: 'identityAccessToken' });
    fake.addAccessToken(opaqueId);
    const old = fake.addToken(undefined, {
      identityId: identity,
      createdAt: new Date(Date.now() - 864e6),
    });
    const run = await revokeStep(fake, {
      'access-token': opaqueId,
      'tokens-of-identity': identity,
      'older-than': '0s',
    });
    expect(run.code).toBe(1);
    expect(commands(run, 'error')).toEqual([
      expect.stringMatching(
        /^Input tokens-of-identity needs an access token whose own token id the action can read .*method: oidc or universal/,
      ),
    ]);
    expect(fake.requests).toEqual([]);
    expect(fake.isRevoked(old)).toBe(false);
    expectNoLeak(run, opaqueId);
  });
});

describe('values read as meant', () => {
  test.each(['/api/v1', '/api/v1/', '/API/V1'])(
    'a server-url ending in %s is read as the base URL: the revoke route once, not doubled',
    async (suffix) => {
      const fake = await startFake();
      const id = fake.addToken();
      const run = await revokeStep(fake, { 'token-id': id, 'server-url': `${fake.url}${suffix}` });
      expect(run.code).toBe(0);
      expect(fake.isRevoked(id)).toBe(true);
      expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
        `POST /api/v1/auth/token-auth/tokens/${id}/revoke`,
        `GET /api/v1/auth/token-auth/tokens/${id}`,
      ]);
    },
  );

  test.each([
    ['one id', (ids: string[]) => `'${ids[0]}'`, 1],
    ['ids a line, quoted once', (ids: string[]) => `'${ids.join('\n')}'`, 2],
  ])(
    "ids in single quotes ('<id>', %s) are read like ids in double quotes",
    async (_, quote, n) => {
      const fake = await startFake();
      const ids = [fake.addToken(), fake.addToken()].slice(0, n);
      const run = await revokeStep(fake, { 'token-id': quote(ids) });
      expect(run.code).toBe(0);
      for (const id of ids) expect(fake.isRevoked(id)).toBe(true);
      expect(JSON.parse(run.outputs.revoked ?? '[]')).toEqual(expect.arrayContaining(ids));
    },
  );
});
