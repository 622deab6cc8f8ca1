// What each answer of the access-token revoke route means for `self` (judgeSelfRevoke): a revoke,
// a token already gone (older servers' 401) or expired, or a failure with its hint.
import { describe, expect, test } from '@jest/globals';
import { HINTS } from '../../../src/infisical/answers.js';
import { at, failed, infisical, JSON_TYPE, REQ, revoked } from '../../support/answers.js';
import { judgeSelfRevoke } from '../../../src/infisical/token.js';

describe('the access-token revoke route, for self (judgeSelfRevoke)', () => {
  test('200 application/json is a revoke (newer servers answer so for a token already revoked, too)', () => {
    expect(judgeSelfRevoke(at(200, revoked, JSON_TYPE))).toEqual({
      kind: 'revoked',
      message: 'Successfully revoked access token',
    });
  });
  test('the success body without a JSON content type is unconfirmed: only a read-back can tell', () => {
    expect(judgeSelfRevoke(at(200, revoked))).toEqual({
      kind: 'unconfirmed',
      status: 200,
      message:
        "OK, but not Infisical's success answer (Successfully revoked access token sent as no content type, not JSON)",
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
  test('a 200 that is not the route is unconfirmed (for the read-back); a wrong route and a server error fail', () => {
    expect(judgeSelfRevoke(at(200, '<html></html>'))).toEqual({
      kind: 'unconfirmed',
      status: 200,
      hint: HINTS.serverUrl,
      message: "OK, but an HTML page, not Infisical's API (a wrong server-url reaches its web app)",
    });
    expect(judgeSelfRevoke(at(200, { ...revoked, extra: 1 }, JSON_TYPE))).toEqual({
      kind: 'unconfirmed',
      status: 200,
      hint: HINTS.serverUrl,
      message:
        'OK, but JSON that is not a revoke answer: "{"message":"Successfully revoked access token","extra":1}"',
    });
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
