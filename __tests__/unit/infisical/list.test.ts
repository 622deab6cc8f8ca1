// The Token Auth list route: the request (page, prefix, cap), the rows of a 200 as newer and older
// servers serialize them, expiry, a 200 that is not a token list, and the route's errors.
import { describe, expect, test } from '@jest/globals';
import { MAX_ANSWER_BYTES } from '../../../src/defaults.js';
import { HINTS, type Answer } from '../../../src/infisical/answers.js';
import {
  judgeList,
  listRequest,
  LIST_ANSWER_MAX_BYTES,
  LIST_HINTS,
  LIST_MAX_OFFSET,
  LIST_PAGE_LIMIT,
} from '../../../src/infisical/list.js';

const IDENTITY = '0d9a6c1e-2b3f-4a5d-8e7f-102132435465';
const TOKEN = '6f1c2a0e-8b7d-4c2e-9f55-0a1b2c3d4e5f';
const NOW = Date.parse('2026-11-20T12:00:00.000Z');
const HOUR = 3600_000;

const at = (status: number, body: unknown, truncated = false): Answer => ({
  status,
  headers: {},
  body: typeof body === 'string' ? body : JSON.stringify(body),
  truncated,
});
const error = (status: number, name: string, message: unknown) => ({
  reqId: 'req-abcdefghijklmn',
  statusCode: status,
  message,
  error: name,
});

/** A row as a newer server serializes it. */
function row(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: TOKEN,
    name: 'ci-deploy',
    authMethod: 'TOKEN_AUTH',
    accessTokenTTL: 2_592_000,
    accessTokenMaxTTL: 2_592_000,
    accessTokenNumUses: 0,
    accessTokenNumUsesLimit: 0,
    accessTokenLastUsedAt: null,
    accessTokenLastRenewedAt: null,
    accessTokenPeriod: 0,
    isAccessTokenRevoked: false,
    identityUAClientSecretId: null,
    identityId: IDENTITY,
    subOrganizationId: null,
    createdAt: new Date(NOW - 24 * HOUR).toISOString(),
    updatedAt: new Date(NOW - HOUR).toISOString(),
    ...overrides,
  };
}

/** The same row as an older server serializes it: no name, authMethod, period, sub-organization. */
function olderRow(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const rest = row(overrides);
  for (const field of ['name', 'authMethod', 'accessTokenPeriod', 'subOrganizationId']) {
    delete rest[field];
  }
  return rest;
}

const judged = (rows: unknown[]) => judgeList(at(200, { tokens: rows }), { now: NOW });
const tokensOf = (rows: unknown[]) => {
  const verdict = judged(rows);
  if (verdict.kind !== 'ok') throw new Error(`not ok: ${verdict.message}`);
  return verdict.tokens;
};

describe('the list request', () => {
  test('GET with the page in the query, the prefix kept, bearer, and the list cap', () => {
    expect(
      listRequest({ origin: 'https://h', prefix: '/infisical' }, IDENTITY, 'at', 100, 100),
    ).toEqual({
      method: 'GET',
      url: `https://h/infisical/api/v1/auth/token-auth/identities/${IDENTITY}/tokens?offset=100&limit=100`,
      bearerToken: 'at',
      maxBytes: LIST_ANSWER_MAX_BYTES,
    });
  });
  test('the identity id is one path segment whatever it holds', () => {
    expect(listRequest({ origin: 'https://h', prefix: '' }, '../x?y#z', 'at', 0, 1).url).toBe(
      'https://h/api/v1/auth/token-auth/identities/%2E%2E%2Fx%3Fy%23z/tokens?offset=0&limit=1',
    );
  });
  test('the server caps: 100 rows a page, offset at most 100, so 200 rows in reach', () => {
    expect(LIST_PAGE_LIMIT).toBe(100);
    expect(LIST_MAX_OFFSET).toBe(100);
  });
  test('a full page with long names fits the list cap, not the revoke cap', () => {
    const page = JSON.stringify({
      tokens: Array.from({ length: LIST_PAGE_LIMIT }, () => row({ name: 'n'.repeat(1000) })),
    });
    const bytes = Buffer.byteLength(page);
    expect(bytes).toBeGreaterThan(MAX_ANSWER_BYTES);
    expect(bytes).toBeLessThan(LIST_ANSWER_MAX_BYTES / 10);
  });
});

describe('a 200 list', () => {
  test('a newer server: every field read, ids in lower case', () => {
    const [token] = tokensOf([
      row({ id: TOKEN.toUpperCase(), identityId: IDENTITY.toUpperCase() }),
    ]);
    expect(token).toEqual({
      id: TOKEN,
      identityId: IDENTITY,
      name: 'ci-deploy',
      createdAt: new Date(NOW - 24 * HOUR),
      updatedAt: new Date(NOW - HOUR),
      revoked: false,
      expired: false,
    });
  });
  test('an older server has no name: null, as a token without one', () => {
    expect(tokensOf([olderRow()])[0]).toMatchObject({ id: TOKEN, name: null, revoked: false });
    expect(tokensOf([row({ name: null })])[0]?.name).toBeNull();
  });
  test('an empty list, and revoked rows kept as revoked', () => {
    expect(tokensOf([])).toEqual([]);
    expect(tokensOf([row({ isAccessTokenRevoked: true })])[0]?.revoked).toBe(true);
  });
  test('rows keep the order the server gave', () => {
    const ids = ['a', 'b', 'c'].map((c) => TOKEN.replace(/^6/, c));
    expect(tokensOf(ids.map((id) => row({ id }))).map((t) => t.id)).toEqual(ids);
  });
});

describe('expiry, which never marks a row revoked', () => {
  const created = new Date(NOW - 10 * HOUR).toISOString();
  test.each([
    ['TTL passed since creation', { accessTokenTTL: 3600 }, true],
    ['TTL 0 never expires', { accessTokenTTL: 0 }, false],
    ['TTL not yet passed', { accessTokenTTL: 11 * 3600 }, false],
    ['exactly at the TTL is not yet past', { accessTokenTTL: 10 * 3600 }, false],
    [
      'renewed recently: counted from the renewal',
      { accessTokenTTL: 3600, accessTokenLastRenewedAt: new Date(NOW - 600_000).toISOString() },
      false,
    ],
    [
      'renewed long ago',
      { accessTokenTTL: 3600, accessTokenLastRenewedAt: new Date(NOW - 2 * HOUR).toISOString() },
      true,
    ],
    ['uses reached their limit', { accessTokenNumUses: 5, accessTokenNumUsesLimit: 5 }, true],
    ['uses below the limit', { accessTokenNumUses: 4, accessTokenNumUsesLimit: 5 }, false],
    ['no limit on uses', { accessTokenNumUses: 500, accessTokenNumUsesLimit: 0 }, false],
    ['expiry fields missing read as live', { accessTokenTTL: undefined }, false],
  ])('%s', (_, fields, expired) => {
    expect(tokensOf([row({ createdAt: created, accessTokenTTL: 0, ...fields })])[0]?.expired).toBe(
      expired,
    );
  });
  test('an older server row expires the same way', () => {
    expect(tokensOf([olderRow({ createdAt: created, accessTokenTTL: 60 })])[0]?.expired).toBe(true);
  });
});

describe('a 200 that is not a token list', () => {
  test.each([
    ['a row with no id', [row(), row({ id: undefined })], 'row 2 of 2 has no token id'],
    ['an id that is not a UUID', [row({ id: 'abc' })], 'row 1 of 1 has no token id'],
    ['a bad createdAt', [row({ createdAt: 'yesterday' })], 'row 1 of 1 has no readable createdAt'],
    ['no updatedAt', [row({ updatedAt: undefined })], 'row 1 of 1 has no readable updatedAt'],
    ['a name that is a number', [row({ name: 7 })], 'row 1 of 1 has a name that is not a string'],
    [
      'no revoked flag',
      [row({ isAccessTokenRevoked: 'no' })],
      'row 1 of 1 has no isAccessTokenRevoked',
    ],
    ['no identityId', [row({ identityId: undefined })], 'row 1 of 1 has no identityId'],
    ['a row that is not an object', ['x'], 'row 1 of 1 is not an object'],
  ])('%s fails the whole answer', (_, rows, why) => {
    expect(judged(rows)).toEqual({
      kind: 'failed',
      status: 200,
      message: `OK, but JSON that is not a token list: ${why}`,
    });
  });
  test('a row of another identity, when the identity listed is known', () => {
    const other = '11111111-2222-4333-8444-555555555555';
    expect(
      judgeList(at(200, { tokens: [row()] }), { identityId: IDENTITY.toUpperCase() }),
    ).toMatchObject({
      kind: 'ok',
    });
    const verdict = judgeList(at(200, { tokens: [row({ identityId: other })] }), {
      identityId: IDENTITY,
    });
    expect(verdict).toMatchObject({
      kind: 'failed',
      message: expect.stringContaining(`row 1 of 1 belongs to another identity ("${other}")`),
    });
  });
  test.each([
    ['no tokens array', { tokens: 'none' }, /JSON that is not a token list/],
    [
      'another route’s answer',
      { message: 'Successfully revoked access token' },
      /JSON that is not a token list/,
    ],
    ['HTML', '<!DOCTYPE html><html><body>Infisical</body></html>', /an HTML page/],
    ['not JSON', 'ok', /a body that is not JSON/],
  ])('%s', (_, body, detail) => {
    const verdict = judgeList(at(200, body));
    expect(verdict).toMatchObject({ kind: 'failed', status: 200, hint: HINTS.serverUrl });
    expect(verdict.kind === 'failed' && verdict.message).toMatch(detail);
  });
  test('a page cut off at the cap', () => {
    expect(judgeList(at(200, '{"tokens":[', true))).toMatchObject({
      kind: 'failed',
      message: expect.stringMatching(/cut off/),
    });
  });
});

describe('list errors', () => {
  test('404 Failed to find identity: unknown, or another organization or region', () => {
    expect(
      judgeList(at(404, error(404, 'NotFound', `Failed to find identity with ID ${IDENTITY}`))),
    ).toEqual({
      kind: 'failed',
      status: 404,
      reqId: 'req-abcdefghijklmn',
      errorName: 'NotFound',
      message: `NotFound — Failed to find identity with ID ${IDENTITY}`,
      hint: LIST_HINTS.identity,
    });
  });
  test('404 of an unknown route: server-url is wrong', () => {
    expect(
      judgeList(at(404, error(404, 'Not Found', 'Route GET:/api/v1/x not found'))),
    ).toMatchObject({ kind: 'failed', hint: HINTS.serverUrl });
  });
  test('400 the identity does not have Token Auth', () => {
    expect(
      judgeList(at(400, error(400, 'BadRequest', 'The identity does not have Token Auth'))),
    ).toMatchObject({ kind: 'failed', status: 400, hint: LIST_HINTS.noTokenAuth });
  });
  test('403 PermissionDenied: listing needs Identity → Read', () => {
    const verdict = judgeList(
      at(403, error(403, 'PermissionDenied', 'You are not allowed to read on identity')),
    );
    expect(verdict).toMatchObject({ kind: 'failed', status: 403, hint: LIST_HINTS.permission });
    expect(verdict.kind === 'failed' && verdict.refused).toBeFalsy();
    expect(LIST_HINTS.permission).toContain('Identity → Read');
  });
  test.each([
    [401, 'UnauthorizedError', 'Token missing'],
    [403, 'TokenError', 'Your token has expired. Please re-authenticate.'],
  ])('%i %s refuses the access token itself', (status, name, message) => {
    expect(judgeList(at(status, error(status, name, message)))).toMatchObject({
      kind: 'failed',
      status,
      refused: true,
      hint: HINTS.accessToken,
      reqId: 'req-abcdefghijklmn',
    });
  });
  test('422 ValidationFailure: its array of issues read as one sentence', () => {
    const issues = [
      { code: 'too_big', message: 'Number must be less than or equal to 100', path: ['offset'] },
      { code: 'too_big', message: 'Number must be less than or equal to 100', path: ['limit'] },
    ];
    expect(judgeList(at(422, error(422, 'ValidationFailure', issues)))).toMatchObject({
      kind: 'failed',
      status: 422,
      message:
        'ValidationFailure — offset: Number must be less than or equal to 100; limit: Number must be less than or equal to 100',
      hint: undefined,
    });
  });
  test('500: its words, no hint, not a refusal', () => {
    const verdict = judgeList(at(500, error(500, 'InternalServerError', 'Something went wrong')));
    expect(verdict).toMatchObject({
      kind: 'failed',
      status: 500,
      message: 'InternalServerError — Something went wrong',
      hint: undefined,
    });
    expect(verdict.kind === 'failed' && verdict.refused).toBeFalsy();
  });
});
