// The two reads that show what a revoke did (docs/infisical-api.md, "Read back"): a Token Auth
// token's row by id (judgeTokenRead: revoked, live, no row, or unreadable) and the access token
// used itself (judgeTokenUse: live, revoked, expired, or unreadable); and their requests.
import { describe, expect, test } from '@jest/globals';
import { HINTS, type Answer } from '../../../src/infisical/answers.js';
import {
  detailsRequest,
  judgeTokenRead,
  judgeTokenUse,
  tokenRequest,
} from '../../../src/infisical/read-back.js';

const ID = '6f1c2a0e-8b7d-4c2e-9f55-0a1b2c3d4e5f';
const REQ = 'req-a1b2c3d4e5f6g7';
const SERVER = { origin: 'https://h.example', prefix: '/infisical' };

/** Infisical's answers are application/json (Fastify's serializer). */
const at = (status: number, body: unknown, truncated = false): Answer => ({
  status,
  headers: { 'content-type': 'application/json; charset=utf-8' },
  body: typeof body === 'string' ? body : JSON.stringify(body),
  truncated,
});
/** Infisical's error body: `{reqId, statusCode, message, error}`. */
const infisical = (status: number, error: string, message: string) =>
  at(status, { reqId: REQ, statusCode: status, message, error });
/** GET …/tokens/{id}'s answer: `{token: {…, isAccessTokenRevoked}}`. */
const row = (isAccessTokenRevoked: boolean) =>
  at(200, {
    token: {
      id: ID,
      name: 'ci',
      identityId: '1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b',
      isAccessTokenRevoked,
      accessTokenTTL: 2592000,
      createdAt: '2026-11-01T00:00:00.000Z',
    },
  });

describe('the requests', () => {
  test('the token read: GET …/tokens/{id} with the access token as bearer, the id one segment', () => {
    expect(tokenRequest(SERVER, ID, 'the-access-token')).toEqual({
      method: 'GET',
      url: `https://h.example/infisical/api/v1/auth/token-auth/tokens/${ID}`,
      bearerToken: 'the-access-token',
    });
    expect(tokenRequest(SERVER, '../x?y', 't').url).toBe(
      'https://h.example/infisical/api/v1/auth/token-auth/tokens/%2E%2E%2Fx%3Fy',
    );
  });
  test('identity details: GET /api/v1/identities/details sent with the token itself', () => {
    expect(detailsRequest(SERVER, 'the-token')).toEqual({
      method: 'GET',
      url: 'https://h.example/infisical/api/v1/identities/details',
      bearerToken: 'the-token',
    });
  });
});

describe('judgeTokenRead: what the row shows of a Token Auth token', () => {
  test('the row with isAccessTokenRevoked: true is revoked, with its updatedAt', () => {
    expect(judgeTokenRead(row(true), ID)).toMatchObject({ kind: 'revoked' });
  });
  test("another token's row (a cache keyed wrongly) shows nothing of this one", () => {
    const other = '0b7c53f8-1f0a-4c7e-9a55-3c2d1e0f9a8b';
    expect(judgeTokenRead(row(true), other)).toMatchObject({ kind: 'unreadable', status: 200 });
  });
  test('the row with isAccessTokenRevoked: false is live', () => {
    expect(judgeTokenRead(row(false), ID)).toEqual({ kind: 'live' });
  });
  test('404 NotFound "Token with ID … not found" is no row (pruned, never one, another login method)', () => {
    expect(judgeTokenRead(infisical(404, 'NotFound', `Token with ID ${ID} not found`), ID)).toEqual(
      {
        kind: 'no-row',
        reqId: REQ,
      },
    );
  });
  test('404 "Failed to find identity …" is another organization: this access token cannot have revoked it', () => {
    expect(
      judgeTokenRead(infisical(404, 'NotFound', 'Failed to find identity with ID x'), ID),
    ).toEqual({
      kind: 'other-organization',
      reqId: REQ,
      message: 'Failed to find identity with ID x',
    });
  });
  test('403 PermissionDenied (no Identity → Read) is unreadable', () => {
    expect(
      judgeTokenRead(
        infisical(403, 'PermissionDenied', 'You are not allowed to read on identity'),
        ID,
      ),
    ).toEqual({
      kind: 'unreadable',
      status: 403,
      reqId: REQ,
      errorName: 'PermissionDenied',
      message: '403 PermissionDenied — You are not allowed to read on identity',
    });
  });
  test("Fastify's 404 for a route it does not have (an older server) is unreadable, with the server-url hint", () => {
    expect(
      judgeTokenRead(
        infisical(404, 'Not Found', `Route GET:/api/v1/auth/token-auth/tokens/${ID} not found`),
        ID,
      ),
    ).toEqual({
      kind: 'unreadable',
      status: 404,
      reqId: REQ,
      errorName: 'Not Found',
      message: `Not Found — Route GET:/api/v1/auth/token-auth/tokens/${ID} not found`,
      hint: HINTS.serverUrl,
    });
  });
  test('a 200 that is not a token (an HTML page, another shape, cut off) is unreadable', () => {
    expect(judgeTokenRead(at(200, '<!doctype html><html></html>'), ID)).toMatchObject({
      kind: 'unreadable',
      status: 200,
      message: "OK, but an HTML page, not Infisical's API (a wrong server-url reaches its web app)",
    });
    expect(
      judgeTokenRead(at(200, { token: { id: ID, isAccessTokenRevoked: 'yes' } }), ID),
    ).toMatchObject({
      kind: 'unreadable',
      status: 200,
      message: expect.stringMatching(/^OK, but JSON that is not a token: /),
    });
    expect(judgeTokenRead(at(200, '{"token":{"isAccessTokenRevoked":true}}', true), ID)).toEqual({
      kind: 'unreadable',
      status: 200,
      message: 'OK, but an answer larger than a token can be (cut off)',
      hint: HINTS.serverUrl,
    });
  });
});

describe('judgeTokenUse: what identity details, sent with the token itself, show of it', () => {
  test('200 with identityDetails: live', () => {
    expect(
      judgeTokenUse(at(200, { identityDetails: { organization: { id: 'o', name: 'Org' } } })),
    ).toEqual({ kind: 'live' });
  });
  test('401: revoked (refused as revoked or unknown)', () => {
    expect(judgeTokenUse(infisical(401, 'UnauthorizedError', 'Token revoked'))).toEqual({
      kind: 'revoked',
    });
  });
  test('403 TokenError "expired": expired', () => {
    expect(
      judgeTokenUse(
        infisical(403, 'TokenError', 'Your token has expired. Please re-authenticate.'),
      ),
    ).toEqual({ kind: 'expired' });
  });
  test('403 TokenError that is not about expiry (jwt malformed) is unreadable', () => {
    expect(judgeTokenUse(infisical(403, 'TokenError', 'jwt malformed'))).toEqual({
      kind: 'unreadable',
      status: 403,
      reqId: REQ,
      errorName: 'TokenError',
      message: '403 TokenError — jwt malformed',
    });
  });
  test('404 for the route (an older server without it): unreadable, with the server-url hint', () => {
    expect(
      judgeTokenUse(infisical(404, 'Not Found', 'Route GET:/api/v1/identities/details not found')),
    ).toEqual({
      kind: 'unreadable',
      status: 404,
      reqId: REQ,
      errorName: 'Not Found',
      message: 'Not Found — Route GET:/api/v1/identities/details not found',
      hint: HINTS.serverUrl,
    });
  });
  test('a 200 that is not identity details is unreadable, never live', () => {
    expect(judgeTokenUse(at(200, { message: 'ok' }))).toMatchObject({
      kind: 'unreadable',
      status: 200,
      message: expect.stringMatching(/^OK, but JSON that is not identity details: /),
    });
  });
  test('a server error is unreadable', () => {
    expect(judgeTokenUse(infisical(500, 'InternalServerError', 'Something went wrong'))).toEqual({
      kind: 'unreadable',
      status: 500,
      reqId: REQ,
      errorName: 'InternalServerError',
      message: '500 InternalServerError — Something went wrong',
    });
  });
});
