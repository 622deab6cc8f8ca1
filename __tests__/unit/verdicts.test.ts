// What each answer of Infisical's two revoke routes means, for every status and body kind the real
// server sends (../shared/INFISICAL-API.md): only the token lookup's 404 is "already gone", and a
// refused access token is flagged so that a batch stops.
import { describe, expect, test } from '@jest/globals';
import { HINTS, type Answer, type Verdict } from '../../src/infisical/answers.js';
import { judgeRevoke, TOKEN_AUTH_HINTS } from '../../src/infisical/token-auth.js';
import { judgeSelfRevoke } from '../../src/infisical/token.js';

const ID = '6f1c2a0e-8b7d-4c2e-9f55-0a1b2c3d4e5f';
const IDENTITY = '1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b';
const REQ = 'req-a1b2c3d4e5f6g7';

const at = (status: number, body: unknown, headers: Answer['headers'] = {}): Answer => ({
  status,
  headers,
  body: typeof body === 'string' ? body : JSON.stringify(body),
  truncated: false,
});
/** Infisical's error body: `{reqId, statusCode, message, error[, details]}`. */
const infisical = (status: number, error: string, message: unknown, details?: unknown) =>
  at(status, {
    reqId: REQ,
    statusCode: status,
    message,
    error,
    ...(details === undefined ? {} : { details }),
  });
const revoked = { message: 'Successfully revoked access token' };

/** The failure's fields, or a test failure when the verdict is not one. */
function failed(verdict: Verdict) {
  if (verdict.kind !== 'failed') throw new Error(`expected a failure, got ${verdict.kind}`);
  return verdict;
}

describe('the Token Auth revoke route (judgeRevoke)', () => {
  test('200 with the route body is a revoke', () => {
    expect(judgeRevoke(at(200, revoked))).toEqual({
      kind: 'revoked',
      message: 'Successfully revoked access token',
    });
  });
  test('200 with extra fields is not the route (its schema strips them): a failure', () => {
    const verdict = failed(judgeRevoke(at(200, { ...revoked, status: 'ok' })));
    expect(verdict).toMatchObject({ status: 200, hint: HINTS.serverUrl });
    expect(verdict.message).toMatch(/^OK, but JSON that is not a revoke answer/);
  });
  test('200 with an HTML page (the web app on a wrong path) is a failure', () => {
    const verdict = failed(judgeRevoke(at(200, '<!DOCTYPE html><html><body>Infisical</body>')));
    expect(verdict).toMatchObject({ status: 200, hint: HINTS.serverUrl });
    expect(verdict.message).toMatch(/an HTML page/);
    expect(verdict).not.toHaveProperty('refused', true);
  });
  test('404 NotFound "Token with ID … not found or already revoked" is gone', () => {
    const message = `Token with ID ${ID} not found or already revoked`;
    expect(judgeRevoke(infisical(404, 'NotFound', message))).toEqual({
      kind: 'gone',
      status: 404,
      reqId: REQ,
      errorName: 'NotFound',
      message,
    });
  });
  test('404 NotFound "Failed to find identity with ID …" fails: the token is live', () => {
    const verdict = failed(
      judgeRevoke(infisical(404, 'NotFound', `Failed to find identity with ID ${IDENTITY}`)),
    );
    expect(verdict).toMatchObject({
      status: 404,
      errorName: 'NotFound',
      reqId: REQ,
      hint: TOKEN_AUTH_HINTS.otherOrganization,
    });
    expect(verdict.message).toContain(`Failed to find identity with ID ${IDENTITY}`);
    expect(verdict.hint).toMatch(/NOT revoked/);
    expect(verdict.hint).toMatch(/another organization/);
    expect(verdict.hint).toMatch(/region/);
    expect(verdict).not.toHaveProperty('refused', true);
  });
  test.each([
    'Identity access token not found',
    'Identity with ID x not found',
    'Something not found',
    'Not found',
  ])('any other 404 NotFound (%j) fails, never gone', (message) => {
    expect(judgeRevoke(infisical(404, 'NotFound', message)).kind).toBe('failed');
  });
  test('Fastify\'s own 404 for an unknown route (error "Not Found") is a wrong server-url', () => {
    // Its message names the token route and says "not found": it still is no token's answer.
    const verdict = failed(
      judgeRevoke(
        infisical(
          404,
          'Not Found',
          `Route POST:/api/v1/auth/token-auth/tokens/${ID}/revoke not found`,
        ),
      ),
    );
    expect(verdict).toMatchObject({ status: 404, hint: HINTS.serverUrl });
  });
  test.each([['Token missing'], ['Invalid token'], ['Failed to authenticate']])(
    '401 UnauthorizedError (%j): the access token is refused',
    (message) => {
      expect(failed(judgeRevoke(infisical(401, 'UnauthorizedError', message)))).toMatchObject({
        status: 401,
        errorName: 'UnauthorizedError',
        reqId: REQ,
        refused: true,
        hint: HINTS.accessToken,
      });
    },
  );
  test.each([
    'Your token has expired. Please re-authenticate.',
    'jwt malformed',
    'invalid signature',
  ])('403 TokenError (%j): the access token is refused, never "expired"', (message) => {
    const verdict = judgeRevoke(infisical(403, 'TokenError', message));
    expect(verdict).toMatchObject({ kind: 'failed', status: 403, refused: true });
  });
  test('403 PermissionDenied: a failure with the Identity → Edit hint, project-scoped too', () => {
    const verdict = failed(
      judgeRevoke(
        infisical(403, 'PermissionDenied', 'You are not allowed to edit on identity', [
          { action: 'edit', subject: 'identity' },
        ]),
      ),
    );
    expect(verdict).toMatchObject({
      status: 403,
      errorName: 'PermissionDenied',
      hint: TOKEN_AUTH_HINTS.permission,
    });
    expect(verdict.hint).toMatch(/Identity → Edit/);
    expect(verdict.hint).toMatch(/project-scoped identity.*project's role/);
    // The access token itself works: the batch goes on.
    expect(verdict.refused).toBeFalsy();
  });
  test('422 ValidationFailure: its array of issues reads as one sentence', () => {
    const verdict = failed(
      judgeRevoke(
        infisical(422, 'ValidationFailure', [
          { code: 'invalid_string', path: ['tokenId'], message: 'Invalid uuid' },
          { path: [], message: 'Another' },
        ]),
      ),
    );
    expect(verdict).toMatchObject({ status: 422, errorName: 'ValidationFailure' });
    expect(verdict.message).toBe('ValidationFailure — tokenId: Invalid uuid; Another');
  });
  test.each([
    [429, 'RateLimitExceeded', 'Rate limit exceeded. Please try again in 3 seconds'],
    [500, 'InternalServerError', 'Something went wrong'],
    [504, 'GatewayTimeoutError', 'Timed out'],
    [410, 'Gone', 'Gone'],
    [400, 'BadRequest', 'Bad request'],
  ])('%i %s is a plain failure', (status, error, message) => {
    const verdict = failed(judgeRevoke(infisical(status, error, message)));
    expect(verdict).toMatchObject({
      status,
      errorName: error,
      reqId: REQ,
      message: `${error} — ${message}`,
    });
    expect(verdict.refused).toBeFalsy();
  });
  test('503 while the server starts (no reqId, no error name) and gateway pages fail', () => {
    expect(
      failed(judgeRevoke(at(503, { status: 'unavailable', message: 'Server is starting up' }))),
    ).toMatchObject({ status: 503, message: 'Server is starting up' });
    expect(failed(judgeRevoke(at(502, '<html><h1>502 Bad Gateway</h1></html>'))).message).toBe(
      `Bad Gateway (not Infisical's JSON): "502 Bad Gateway"`,
    );
  });
});

describe('the access-token revoke route, for self (judgeSelfRevoke)', () => {
  test('200 is a revoke (newer servers answer so for a token already revoked, too)', () => {
    expect(judgeSelfRevoke(at(200, revoked))).toEqual({
      kind: 'revoked',
      message: 'Successfully revoked access token',
    });
  });
  test('older servers\' 401 "No identity access token found" is gone', () => {
    expect(
      judgeSelfRevoke(infisical(401, 'UnauthorizedError', 'No identity access token found')),
    ).toEqual({
      kind: 'gone',
      status: 401,
      reqId: REQ,
      errorName: 'UnauthorizedError',
      message: 'No identity access token found',
    });
  });
  test('403 TokenError "expired" is an expired token: dead, nothing to revoke', () => {
    expect(
      judgeSelfRevoke(
        infisical(403, 'TokenError', 'Your token has expired. Please re-authenticate.'),
      ),
    ).toEqual({
      kind: 'expired',
      status: 403,
      reqId: REQ,
      errorName: 'TokenError',
      message: 'Your token has expired. Please re-authenticate.',
    });
  });
  test.each([
    [403, 'TokenError', 'jwt malformed'],
    [403, 'TokenError', 'invalid signature'],
    [400, 'BadRequest', 'Token is not an identity access token'],
    [401, 'UnauthorizedError', 'Only identity access tokens can be revoked'],
    [401, 'UnauthorizedError', 'Invalid identity access token claims, please re-authenticate'],
  ])('%i %s %j fails: not an identity access token of this server', (status, error, message) => {
    const verdict = failed(judgeSelfRevoke(infisical(status, error, message)));
    expect(verdict).toMatchObject({ status, errorName: error, reqId: REQ });
    expect(verdict.hint).toMatch(/not an Infisical identity access token/);
  });
  test('a 200 that is not the route, a wrong route and a server error fail', () => {
    expect(judgeSelfRevoke(at(200, '<html></html>')).kind).toBe('failed');
    expect(judgeSelfRevoke(at(200, { ...revoked, extra: 1 })).kind).toBe('failed');
    expect(
      failed(
        judgeSelfRevoke(
          infisical(404, 'Not Found', 'Route POST:/api/v1/auth/token/revoke not found'),
        ),
      ),
    ).toMatchObject({ hint: HINTS.serverUrl });
    expect(
      judgeSelfRevoke(infisical(500, 'InternalServerError', 'Something went wrong')),
    ).toMatchObject({
      kind: 'failed',
      status: 500,
    });
  });
});
