// The pure parts of the action's own login (issue 8): which credential source the inputs name,
// the extra headers and their secrets, what a login route's answer means, and the claims line a
// refused OIDC login shows.
import { describe, expect, test } from '@jest/globals';
import { parseCredentials, secretsInCredentials } from '../../src/inputs/credentials.js';
import { parseExtraHeaders, secretsInExtraHeaders } from '../../src/inputs/extra-headers.js';
import { judgeLogin } from '../../src/infisical/login.js';
import type { Answer } from '../../src/infisical/answers.js';
import { explain } from '../../src/login/oidc.js';
import { makeJwt } from '../support/harness.js';
import { reader, thrown } from '../support/inputs.js';

const IDENTITY = '6f1c2a0e-8b7d-4c2e-9f55-0a1b2c3d4e5f';

describe('parseCredentials', () => {
  test('no method: the access token as given', () => {
    expect(parseCredentials(reader({ 'access-token': ' tok.en.value ' }))).toEqual({
      method: 'access-token',
      accessToken: 'tok.en.value',
    });
  });

  test('oidc: the identity id in lower case, the audience trimmed, undefined when empty', () => {
    expect(
      parseCredentials(
        reader({
          method: ' OIDC ',
          'identity-id': ` ${IDENTITY.toUpperCase()} `,
          'oidc-audience': ' aud-1 ',
        }),
      ),
    ).toEqual({ method: 'oidc', identityId: IDENTITY, audience: 'aud-1' });
    expect(parseCredentials(reader({ method: 'oidc', 'identity-id': IDENTITY }))).toEqual({
      method: 'oidc',
      identityId: IDENTITY,
      audience: undefined,
    });
    expect(
      parseCredentials(reader({ method: 'oidc', 'identity-id': IDENTITY, 'oidc-audience': '  ' })),
    ).toEqual({ method: 'oidc', identityId: IDENTITY, audience: undefined });
  });

  test('universal: client id and secret, trimmed', () => {
    expect(
      parseCredentials(
        reader({ method: 'Universal', 'client-id': ' cid ', 'client-secret': ' s3cret!\n' }),
      ),
    ).toEqual({ method: 'universal', clientId: 'cid', clientSecret: 's3cret!' });
  });

  test('access-token together with a method names both inputs', () => {
    for (const method of ['oidc', 'universal'] as const) {
      const inputs: Record<string, string> =
        method === 'oidc'
          ? { 'identity-id': IDENTITY }
          : { 'client-id': 'cid', 'client-secret': 'secret' };
      expect(
        thrown(() => parseCredentials(reader({ 'access-token': 'tok', method, ...inputs }))),
      ).toBe(
        `Inputs access-token and method: ${method} are two sources of credentials: give one. With method: ${method} the action logs in by itself and revokes its login when the step ends.`,
      );
    }
  });

  test('a method without its inputs names the missing ones', () => {
    expect(thrown(() => parseCredentials(reader({ method: 'oidc' })))).toBe(
      'Input identity-id is required with method: oidc: the id of the Infisical machine identity to log in as (a UUID).',
    );
    expect(thrown(() => parseCredentials(reader({ method: 'universal' })))).toBe(
      "Input client-id and client-secret are required with method: universal: the client id and a client secret of the identity's Universal Auth.",
    );
    expect(
      thrown(() => parseCredentials(reader({ method: 'universal', 'client-id': 'cid' }))),
    ).toMatch(/^Input client-secret is required with method: universal/);
    expect(
      thrown(() => parseCredentials(reader({ method: 'universal', 'client-secret': 's' }))),
    ).toMatch(/^Input client-id is required with method: universal/);
  });

  test("a method's inputs without that method are refused, naming them", () => {
    expect(
      thrown(() => parseCredentials(reader({ 'access-token': 't', 'identity-id': IDENTITY }))),
    ).toBe(
      'Input identity-id is for method: oidc, but method is empty. Set method: oidc to log in that way, or remove identity-id.',
    );
    expect(
      thrown(() =>
        parseCredentials(reader({ 'access-token': 't', 'client-id': 'c', 'client-secret': 's' })),
      ),
    ).toBe(
      'Input client-id and client-secret are for method: universal, but method is empty. Set method: universal to log in that way, or remove client-id and client-secret.',
    );
    expect(
      thrown(() =>
        parseCredentials(
          reader({
            method: 'universal',
            'client-id': 'c',
            'client-secret': 's',
            'oidc-audience': 'a',
          }),
        ),
      ),
    ).toBe(
      'Input oidc-audience is for method: oidc, but method is universal. Remove oidc-audience.',
    );
    expect(
      thrown(() =>
        parseCredentials(reader({ method: 'oidc', 'identity-id': IDENTITY, 'client-secret': 's' })),
      ),
    ).toBe(
      'Input client-secret is for method: universal, but method is oidc. Remove client-secret.',
    );
  });

  test('an unknown method is refused with a short, escaped echo', () => {
    expect(thrown(() => parseCredentials(reader({ method: 'aws' })))).toBe(
      'Input method must be empty (use access-token), oidc or universal, got "aws".',
    );
    const long = thrown(() => parseCredentials(reader({ method: 'kubernetes-service-account' })));
    expect(long).toMatch(/got "kubernetes-service-a\u2026" \(26 characters\)\.$/);
    // An invisible character pasted with the method is shown, not hidden.
    expect(thrown(() => parseCredentials(reader({ method: 'oidc\u200b' })))).toBe(
      'Input method must be empty (use access-token), oidc or universal, got "oidc\\u200b".',
    );
  });

  test('an identity id that is not a UUID is refused without echoing it whole', () => {
    const message = thrown(() =>
      parseCredentials(reader({ method: 'oidc', 'identity-id': 'my-identity-name-is-long' })),
    );
    expect(message).toMatch(
      /^Input identity-id: "my-identity-\u2026" \(24 characters\) is not an identity id/,
    );
    expect(message).not.toContain('my-identity-name-is-long');
  });

  test('a client secret with spaces or line breaks inside is refused without showing it', () => {
    const message = thrown(() =>
      parseCredentials(
        reader({ method: 'universal', 'client-id': 'c', 'client-secret': 'two words-secret' }),
      ),
    );
    expect(message).toBe(
      'Input client-secret must be a single word of printable characters. The value is masked and not shown.',
    );
  });

  test('secretsInCredentials: the client secret raw, trimmed and line by line', () => {
    const secrets = secretsInCredentials(reader({ 'client-secret': ' abc \r\ndef\n' }));
    expect(secrets).toEqual(
      expect.arrayContaining([' abc \r\ndef\n', 'abc \r\ndef', 'abc', 'def']),
    );
  });
});

describe('parseExtraHeaders', () => {
  test('one "Name: value" a line, names lower-cased, blank lines and spaces ignored', () => {
    expect(
      parseExtraHeaders(
        '\n  CF-Access-Client-Id:  id-1  \r\n\nCF-Access-Client-Secret:sec:ret:2\n',
      ),
    ).toEqual({ 'cf-access-client-id': 'id-1', 'cf-access-client-secret': 'sec:ret:2' });
    expect(parseExtraHeaders('')).toEqual({});
    expect(parseExtraHeaders(' \n ')).toEqual({});
  });

  test('a name given twice (any case) is one header, its values joined with ", "', () => {
    expect(parseExtraHeaders('X-Waf: a\nx-waf: b\nX-WAF: c')).toEqual({ 'x-waf': 'a, b, c' });
  });

  test.each([
    'Authorization: x',
    'authorization: Bearer abc',
    'Content-Type: text/plain',
    'Host: evil.example',
    'User-Agent: me',
    'Content-Length: 3',
    'Transfer-Encoding: chunked',
    'Proxy-Authorization: Basic abc',
  ])('refuses a header the action sets itself: %j', (line) => {
    const name = line.slice(0, line.indexOf(':'));
    expect(thrown(() => parseExtraHeaders(`X-Ok: fine\n${line}`))).toBe(
      `Input extra-headers, line 2: "${name}" is a header the action sets itself, and cannot be replaced.`,
    );
  });

  test.each([
    ['a line without a colon', 'CF-Access-Client-Secret s3cr3t-value'],
    ['a name with a space', 'CF Access: s3cr3t-value'],
    ['no name', ': s3cr3t-value'],
  ])('refuses %s without echoing it', (_, line) => {
    const message = thrown(() => parseExtraHeaders(line));
    expect(message).toBe(
      'Input extra-headers, line 1: expected "Name: value" (such as CF-Access-Client-Id: <id>), got a line without a valid header name. The line is masked and not shown.',
    );
    expect(message).not.toContain('s3cr3t');
  });

  test('refuses a header without a value', () => {
    expect(thrown(() => parseExtraHeaders('X-Empty:   '))).toBe(
      'Input extra-headers, line 1: header X-Empty needs a value on the same line.',
    );
  });

  test('secretsInExtraHeaders: every value, and a line without a colon whole', () => {
    expect(
      secretsInExtraHeaders('CF-Access-Client-Id: id-1\n\n X-Waf:  two words \nno colon here\n'),
    ).toEqual(['id-1', 'two words', 'no colon here']);
    expect(secretsInExtraHeaders('')).toEqual([]);
  });

  test('every value that parseExtraHeaders sends is among the secrets to mask', () => {
    const raw = 'A: one\nB: two:three\nA: four';
    const secrets = secretsInExtraHeaders(raw);
    for (const value of Object.values(parseExtraHeaders(raw))) {
      for (const part of value.split(', ')) expect(secrets).toContain(part);
    }
  });
});

describe('judgeLogin', () => {
  const at = (status: number, body: unknown, truncated = false): Answer => ({
    status,
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    truncated,
  });
  const problem = (status: number, error: string, message: unknown) => ({
    reqId: 'req-Abc123',
    statusCode: status,
    message,
    error,
  });

  test('a 200 login answer gives the access token and its lifetime', () => {
    expect(
      judgeLogin(
        at(200, {
          accessToken: 'a.b.c',
          expiresIn: 7200,
          accessTokenMaxTTL: 2592000,
          tokenType: 'Bearer',
        }),
      ),
    ).toEqual({ kind: 'ok', login: { accessToken: 'a.b.c', expiresIn: 7200 } });
  });

  test('a lifetime of 0, missing or not a number is unknown', () => {
    for (const expiresIn of [0, undefined, '3600', -1]) {
      expect(judgeLogin(at(200, { accessToken: 'a.b.c', expiresIn }))).toEqual({
        kind: 'ok',
        login: { accessToken: 'a.b.c', expiresIn: undefined },
      });
    }
  });

  test.each([
    ['without an access token', { expiresIn: 1 }],
    ['with an empty access token', { accessToken: '', expiresIn: 1 }],
    ['with a non-string access token', { accessToken: 42 }],
    ['that is a revoke answer', { message: 'ok' }],
  ])('a 200 %s is a failure', (_, body) => {
    const verdict = judgeLogin(at(200, body));
    expect(verdict).toMatchObject({ kind: 'failed', status: 200 });
    expect((verdict as { message: string }).message).toMatch(
      /^OK, but JSON that is not a login answer/,
    );
  });

  test('a 200 HTML page (the web app) is a failure that points at server-url', () => {
    const verdict = judgeLogin(at(200, '<!DOCTYPE html><html><body></body></html>'));
    expect(verdict).toMatchObject({ kind: 'failed', status: 200 });
    expect((verdict as { hint?: string }).hint).toMatch(/^Check server-url/);
  });

  test.each([
    [401, 'UnauthorizedError', 'Invalid credentials'],
    [401, 'UnauthorizedError', 'Access denied: jwt expired'],
    [403, 'ForbiddenError', 'Access denied: OIDC subject not allowed.'],
    [404, 'NotFound', 'OIDC auth method not found for identity, did you configure OIDC auth?'],
    [429, 'RateLimitExceeded', 'Failed to acquire lock: rate limit exceeded'],
    [500, 'InternalServerError', 'Something went wrong'],
  ])(
    '%i %s is a failure with its words and reqId, not a refused access token',
    (status, name, message) => {
      const verdict = judgeLogin(at(status, problem(status, name, message)));
      expect(verdict).toEqual({
        kind: 'failed',
        status,
        errorName: name,
        reqId: 'req-Abc123',
        message: `${name} — ${message}`,
        hint: undefined,
      });
    },
  );

  test("Fastify's 404 for an unknown route points at server-url", () => {
    const verdict = judgeLogin(
      at(404, problem(404, 'Not Found', 'Route POST:/api/v1/auth/oidc-auth/login not found')),
    );
    expect(verdict).toMatchObject({ kind: 'failed', status: 404, errorName: 'Not Found' });
    expect((verdict as { hint?: string }).hint).toMatch(/^Check server-url/);
  });

  test("422's list of issues is rendered as one sentence", () => {
    const verdict = judgeLogin(
      at(
        422,
        problem(422, 'ValidationFailure', [
          { code: 'invalid_type', message: 'Required', path: ['jwt'] },
        ]),
      ),
    );
    expect(verdict).toMatchObject({
      kind: 'failed',
      status: 422,
      message: 'ValidationFailure — jwt: Required',
    });
  });

  test('a gateway page is a failure that quotes it briefly', () => {
    const verdict = judgeLogin(at(502, '<html><body>Bad Gateway</body></html>'));
    expect(verdict).toMatchObject({ kind: 'failed', status: 502 });
    expect((verdict as { message: string }).message).toMatch(
      /^Bad Gateway \(not Infisical's JSON\)/,
    );
  });
});

describe('explain (the claims line of a refused OIDC login)', () => {
  const claims = {
    iss: 'https://token.actions.githubusercontent.com',
    aud: 'https://github.com/octo-org',
    sub: 'repo:octo-org/octo-repo:environment:production',
    repository: 'octo-org/octo-repo',
    ref: 'refs/heads/main',
    environment: 'production',
    job_workflow_ref: 'octo-org/octo-repo/.github/workflows/ci.yml@refs/heads/main',
    jti: 'jti-secret-ish-0001',
    sha: 'deadbeef',
    actor: 'octocat',
    run_id: '123',
    exp: 1_900_000_000,
  };

  test('shows the deciding claims, in order, and nothing else', () => {
    const line = explain(makeJwt(claims));
    expect(line).toMatch(
      /^The GitHub ID token has iss="https:\/\/token\.actions\.githubusercontent\.com", aud="https:\/\/github\.com\/octo-org", sub="repo:octo-org\/octo-repo:environment:production", repository="octo-org\/octo-repo", ref="refs\/heads\/main", environment="production", job_workflow_ref="octo-org\/octo-repo\/\.github\/workflows\/ci\.yml@refs\/heads\/main"\. /,
    );
    for (const other of ['jti', 'sha', 'actor', 'run_id', 'exp']) {
      expect(line).not.toContain(`${other}=`);
    }
    expect(line).not.toContain('jti-secret-ish-0001');
  });

  test('gives the binding hint: issuer, bound audience, bound subject and claims', () => {
    const line = explain(makeJwt(claims));
    expect(line).toContain('https://token.actions.githubusercontent.com');
    expect(line).toMatch(/bound audience equal to aud \(set oidc-audience to choose it\)/);
    expect(line).toMatch(/bound subject \(and claims\) matching sub/);
    expect(line).not.toMatch(/[\r\n]/);
  });

  test('leaves out the claims the token lacks (no environment), and shows a list audience as JSON', () => {
    const rest: Record<string, unknown> = { ...claims, aud: ['a', 'b'] };
    delete rest.environment;
    const line = explain(makeJwt(rest));
    expect(line).not.toContain('environment=');
    expect(line).toContain('aud=["a","b"]');
  });

  test('a token whose claims cannot be read says so', () => {
    expect(explain('not-a-jwt')).toMatch(/^The GitHub ID token has no readable claims\. /);
    expect(explain('a.bm90IGpzb24.c')).toMatch(/^The GitHub ID token has no readable claims\. /);
  });

  test('escapes quotes and line breaks in a claim, so the line stays one line', () => {
    const line = explain(makeJwt({ sub: 'repo:"x"\nref' }));
    expect(line).toContain('sub="repo:\\"x\\"\\nref"');
    expect(line).not.toMatch(/[\r\n]/);
  });
});
