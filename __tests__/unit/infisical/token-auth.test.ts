// What each answer of the Token Auth revoke route means (judgeRevoke), for every status and body
// kind the real server sends (docs/infisical-api.md): only the token lookup's 404 is "already
// gone", and a refused access token is flagged so that a batch stops. And the route's URL.
import { describe, expect, test } from '@jest/globals';
import { HINTS, type Verdict } from '../../../src/infisical/answers.js';
import { at, failed, infisical, JSON_TYPE, REQ, revoked } from '../../support/answers.js';
import { judgeRevoke, revokeUrl, TOKEN_AUTH_HINTS } from '../../../src/infisical/token-auth.js';

const ID = '6f1c2a0e-8b7d-4c2e-9f55-0a1b2c3d4e5f';
const IDENTITY = '1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b';

const error = (status: number, name: string, message: unknown) => ({
  reqId: 'req-1',
  statusCode: status,
  message,
  error: name,
});

/** The fields of a 200 left for the read-back to decide, or a test failure when it is not one. */
function unconfirmed(verdict: Verdict) {
  if (verdict.kind !== 'unconfirmed') {
    throw new Error(`expected an unconfirmed 200, got ${verdict.kind}`);
  }
  return verdict;
}

describe('the Token Auth revoke route (judgeRevoke)', () => {
  test('200 with the route body as application/json is a revoke', () => {
    expect(judgeRevoke(at(200, revoked, JSON_TYPE))).toEqual({
      kind: 'revoked',
      message: 'Successfully revoked access token',
    });
  });
  test('200 with the route body but no content type is unconfirmed: only a read-back can tell', () => {
    expect(judgeRevoke(at(200, revoked))).toEqual({
      kind: 'unconfirmed',
      status: 200,
      message:
        "OK, but not Infisical's success answer (Successfully revoked access token sent as no content type, not JSON)",
    });
  });
  test('200 with the route body as text/plain is unconfirmed: only a read-back can tell', () => {
    expect(judgeRevoke(at(200, revoked, { 'content-type': 'text/plain' }))).toEqual({
      kind: 'unconfirmed',
      status: 200,
      message:
        "OK, but not Infisical's success answer (Successfully revoked access token sent as text/plain, not JSON)",
    });
  });
  test('200 JSON with another message is unconfirmed: only a read-back can tell', () => {
    expect(judgeRevoke(at(200, { message: 'Done' }, JSON_TYPE))).toEqual({
      kind: 'unconfirmed',
      status: 200,
      message:
        'OK, but not Infisical\'s success answer (JSON with another message: "{"message":"Done"}")',
    });
  });
  test('200 with extra fields is not the route (its schema strips them): unconfirmed, for the read-back', () => {
    const verdict = unconfirmed(judgeRevoke(at(200, { ...revoked, status: 'ok' }, JSON_TYPE)));
    expect(verdict).toEqual({
      kind: 'unconfirmed',
      status: 200,
      hint: HINTS.serverUrl,
      message:
        'OK, but JSON that is not a revoke answer: "{"message":"Successfully revoked access token","status":"ok"}"',
    });
  });
  test('200 with an HTML page (the web app on a wrong path) is unconfirmed, for the read-back', () => {
    const verdict = unconfirmed(
      judgeRevoke(at(200, '<!DOCTYPE html><html><body>Infisical</body>')),
    );
    expect(verdict).toEqual({
      kind: 'unconfirmed',
      status: 200,
      hint: HINTS.serverUrl,
      message: "OK, but an HTML page, not Infisical's API (a wrong server-url reaches its web app)",
    });
    expect(verdict).not.toHaveProperty('refused');
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

describe('the revoke URL', () => {
  test('keeps the prefix and makes the id one segment', () => {
    expect(revokeUrl({ origin: 'https://h', prefix: '/x' }, ID)).toBe(
      `https://h/x/api/v1/auth/token-auth/tokens/${ID}/revoke`,
    );
    expect(revokeUrl({ origin: 'https://h', prefix: '' }, '../a/b?c#d')).toBe(
      'https://h/api/v1/auth/token-auth/tokens/%2E%2E%2Fa%2Fb%3Fc%23d/revoke',
    );
  });
});

describe('judging an answer', () => {
  test('200 with the contract body as application/json is a revoke', () => {
    expect(
      judgeRevoke(at(200, { message: 'Successfully revoked access token' }, JSON_TYPE)),
    ).toEqual({
      kind: 'revoked',
      message: 'Successfully revoked access token',
    });
  });
  test.each([
    ['HTML', '<!doctype html><html></html>', /an HTML page/],
    ['not JSON', 'ok', /a body that is not JSON: "ok"/],
    ['extra fields', { message: 'Ok', date: 'x' }, /JSON that is not a revoke answer/],
    ['message not a string', { message: 5 }, /JSON that is not a revoke answer/],
  ])('200 with %s is not a revoke: unconfirmed, for the read-back', (_, body, detail) => {
    const verdict = unconfirmed(judgeRevoke(at(200, body, JSON_TYPE)));
    expect(verdict).toMatchObject({ kind: 'unconfirmed', status: 200, hint: HINTS.serverUrl });
    expect(verdict.message).toMatch(detail);
  });
  test('a cut-off 200 is not a revoke: unconfirmed, for the read-back', () => {
    expect(
      judgeRevoke(at(200, '{"message":"Successfully revoked access token"}', JSON_TYPE, true)),
    ).toEqual({
      kind: 'unconfirmed',
      status: 200,
      hint: HINTS.serverUrl,
      message: 'OK, but an answer larger than a revoke answer can be (cut off)',
    });
  });
  test('404 NotFound is gone; an unknown route is a failure with the server-url hint', () => {
    expect(
      judgeRevoke(at(404, error(404, 'NotFound', 'Token with ID x not found or already revoked'))),
    ).toEqual({
      kind: 'gone',
      status: 404,
      reqId: 'req-1',
      errorName: 'NotFound',
      message: 'Token with ID x not found or already revoked',
    });
    expect(
      judgeRevoke(at(404, error(404, 'Not Found', 'Route POST:/api/x not found'))),
    ).toMatchObject({
      kind: 'failed',
      hint: expect.stringMatching(/server-url/),
    });
    // A gateway in front of the wrong path: JSON, but not the service's NotFound.
    expect(judgeRevoke(at(404, { message: 'no Route matched with those values' }))).toMatchObject({
      kind: 'failed',
      hint: expect.stringMatching(/server-url/),
    });
    expect(judgeRevoke(at(404, '<html>nginx 404</html>'))).toMatchObject({
      kind: 'failed',
      hint: expect.stringMatching(/server-url/),
    });
  });
  test('hints for token and permission problems; a refused access token is flagged', () => {
    expect(judgeRevoke(at(401, error(401, 'UnauthorizedError', 'Token missing')))).toMatchObject({
      kind: 'failed',
      refused: true,
      hint: expect.stringMatching(/missing, expired or revoked/),
    });
    // An expired *access token* is refused like any other: the token to revoke may be live.
    for (const message of ['jwt expired', 'jwt malformed']) {
      expect(judgeRevoke(at(403, error(403, 'TokenError', message)))).toMatchObject({
        kind: 'failed',
        refused: true,
      });
    }
    const denied = judgeRevoke(at(403, error(403, 'PermissionDenied', 'no')));
    expect(denied).toMatchObject({
      kind: 'failed',
      hint: expect.stringMatching(/Identity → Edit.*project/),
    });
    expect(denied).not.toHaveProperty('refused', true);
    const bad = judgeRevoke(at(400, error(400, 'BadRequest', 'x')));
    expect(bad.kind === 'failed' && bad.hint).toBeUndefined();
  });
  test('redirects name where they point, without the query', () => {
    expect(judgeRevoke(at(301, '', { location: 'https://other/x?token=abc' }))).toMatchObject({
      message: 'Moved Permanently: redirected to https://other/x',
    });
    expect(judgeRevoke(at(302, '', {}))).toMatchObject({
      message: 'Found: a redirect with no Location',
    });
    expect(judgeRevoke(at(307, '', { location: '/login' }))).toMatchObject({
      message: 'Temporary Redirect: redirected to "/login"',
    });
  });
  test('odd error bodies', () => {
    expect(judgeRevoke(at(503, ''))).toMatchObject({
      message: 'Service Unavailable (empty answer)',
    });
    expect(judgeRevoke(at(599, { statusCode: 599, message: null, error: '' }))).toMatchObject({
      message: '(no message)',
    });
    expect(judgeRevoke(at(500, { message: { nested: true } }))).toMatchObject({
      message: '{"nested":true}',
    });
    expect(judgeRevoke(at(500, [1, 2]))).toMatchObject({
      message: expect.stringMatching(/not Infisical's JSON/),
    });
  });
});

describe('a server message with line breaks', () => {
  test('judgeRevoke of a 500 gives a one-line detail', () => {
    const verdict = judgeRevoke({
      status: 500,
      headers: {},
      truncated: false,
      body: JSON.stringify({
        reqId: 'req-Broken00000001',
        statusCode: 500,
        message: 'Something went wrong\n::error::not a command\r\n   at the database\n',
        error: 'InternalServerError',
      }),
    });
    expect(verdict).toMatchObject({
      kind: 'failed',
      status: 500,
      errorName: 'InternalServerError',
      reqId: 'req-Broken00000001',
      message: 'InternalServerError — Something went wrong ::error::not a command at the database',
    });
    expect((verdict as { message: string }).message).not.toMatch(/[\r\n]/);
  });
});

describe("Infisical's privilege boundary", () => {
  test('a 403 PermissionBoundaryError says the acting identity needs every permission of the identity it acts on', () => {
    const verdict = failed(
      judgeRevoke(
        infisical(403, 'PermissionBoundaryError', 'Failed to revoke: permission boundary'),
      ),
    );
    expect(verdict.hint).toBe(HINTS.permissionBoundary);
    expect(verdict.refused).toBeUndefined();
    // A plain PermissionDenied keeps its own hint.
    const denied = failed(judgeRevoke(infisical(403, 'PermissionDenied', 'not allowed')));
    expect(denied.hint).toBe(TOKEN_AUTH_HINTS.permission);
  });
});
