// The login routes' answers (judgeLogin): a 200 gives the access token and its lifetime; a 200 that
// is not a login answer, an error or a gateway page is a failure with Infisical's words and reqId,
// and never a quote of the answer itself (it may echo the client secret or carry a new token).
import { describe, expect, test } from '@jest/globals';
import { judgeLogin } from '../../../src/infisical/login.js';
import type { Answer } from '../../../src/infisical/answers.js';

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

  // Changed on purpose: a login's answer is never quoted, whatever its shape (it may echo the
  // client secret or carry a new token), so a gateway page is named as one, not quoted.
  test('a gateway page is a failure that names it an HTML page without quoting a word of it', () => {
    const verdict = judgeLogin(at(502, '<html><body>Bad Gateway for secret-xyz</body></html>'));
    expect(verdict).toMatchObject({ kind: 'failed', status: 502 });
    expect((verdict as { message: string }).message).toBe(
      "Bad Gateway (not Infisical's JSON): an HTML page (not shown)",
    );
  });

  test('a login answer of another shape is named by its keys, never a value', () => {
    const verdict = judgeLogin(at(200, { access_token: 'eyJ.new-token.sig', expires_in: 60 }));
    expect(verdict).toMatchObject({ kind: 'failed', status: 200 });
    const { message } = verdict as { message: string };
    expect(message).toContain('access_token, expires_in (values not shown)');
    expect(message).not.toContain('new-token');
  });

  test('a body that is not JSON is not quoted either', () => {
    const verdict = judgeLogin(at(400, 'clientSecret=abc123 is not valid'));
    const { message } = verdict as { message: string };
    expect(message).toBe("Bad Request (not Infisical's JSON): a body that is not JSON (not shown)");
  });
});
