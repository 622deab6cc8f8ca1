// The organization's routes: which organization the access token acts in (identity details), and
// every page of its identity memberships in both servers' shapes (`authMethods` array; older
// servers' `authMethod` string or null), a row of another organization failing the whole page,
// and the route's errors (403 with the Identity → Read hint, 401 refused).
import { describe, expect, test } from '@jest/globals';
import { HINTS } from '../../../src/infisical/answers.js';
import {
  judgeMemberships,
  judgeOrganization,
  membershipsRequest,
  MEMBERSHIP_PAGE_LIMIT,
  ORGANIZATION_HINTS,
} from '../../../src/infisical/organization.js';
import { at, infisical, REQ } from '../../support/answers.js';

const ORG = '7b0c1d2e-3f40-4a51-8b62-738495a6b7c8';
const OTHER_ORG = '7b0c1d2e-3f40-4a51-8b62-000000000000';
const ID_1 = '0d9a6c1e-2b3f-4a5d-8e7f-102132435461';
const ID_2 = '0d9a6c1e-2b3f-4a5d-8e7f-102132435462';

/** A membership as a current server serializes it. */
const current = (id: string, name: string, authMethods: unknown, orgId: unknown = ORG) => ({
  id: `m-${id.slice(-1)}`,
  orgId: ORG,
  role: 'member',
  identity: { id, name, orgId, authMethods },
});
/** A membership as an older server serializes it: `authMethod`, one string or null, no identity.orgId. */
const older = (id: string, name: string, authMethod: unknown) => ({
  id: `m-${id.slice(-1)}`,
  orgId: ORG,
  role: 'member',
  identity: { id, name, authMethod },
});

const page = (memberships: unknown[], totalCount: unknown = memberships.length) =>
  at(200, { identityMemberships: memberships, totalCount });

const ok = (verdict: ReturnType<typeof judgeMemberships>) => {
  if (verdict.kind !== 'ok') throw new Error(`not ok: ${verdict.message}`);
  return verdict;
};

describe("the access token's organization (identity details)", () => {
  test('the organization id, lower case', () => {
    const answer = at(200, {
      identityDetails: { organization: { id: ORG.toUpperCase(), name: 'Acme', slug: 'acme' } },
    });
    expect(judgeOrganization(answer)).toEqual({ kind: 'ok', orgId: ORG });
  });
  test('no organization, or an id that is not a UUID: failed, with the server-url hint', () => {
    for (const body of [
      { identityDetails: {} },
      { identityDetails: { organization: { id: 'acme' } } },
      { organization: { id: ORG } },
    ]) {
      expect(judgeOrganization(at(200, body))).toMatchObject({
        kind: 'failed',
        status: 200,
        hint: HINTS.serverUrl,
      });
    }
  });
  test('an error: Infisical words and reqId, with the details hint', () => {
    expect(judgeOrganization(infisical(403, 'PermissionDenied', 'Not a machine identity'))).toEqual(
      {
        kind: 'failed',
        status: 403,
        reqId: REQ,
        errorName: 'PermissionDenied',
        message: 'PermissionDenied — Not a machine identity',
        hint: ORGANIZATION_HINTS.details,
      },
    );
  });
  test('401: the access token refused', () => {
    expect(judgeOrganization(infisical(401, 'UnauthorizedError', 'Token expired'))).toMatchObject({
      kind: 'failed',
      status: 401,
      refused: true,
      hint: HINTS.accessToken,
    });
  });
});

describe('the memberships request', () => {
  test('GET, the org id one path segment, offset and limit only (no parameter an older server refuses)', () => {
    const request = membershipsRequest({ origin: 'https://h', prefix: '/p' }, ORG, 'at', 200);
    expect(request).toMatchObject({
      method: 'GET',
      url: `https://h/p/api/v2/organizations/${ORG}/identity-memberships?offset=200&limit=${MEMBERSHIP_PAGE_LIMIT}`,
      bearerToken: 'at',
    });
    expect(request.maxBytes).toBeGreaterThan(0);
    const odd = membershipsRequest({ origin: 'https://h', prefix: '' }, '../x?y', 'at', 0);
    expect(new URL(odd.url).pathname).toBe(
      '/api/v2/organizations/%2E%2E%2Fx%3Fy/identity-memberships',
    );
  });
});

describe('a page of memberships', () => {
  test("a current server's shape: ids lower case, names as written, methods lower case, totalCount", () => {
    const verdict = ok(
      judgeMemberships(
        page(
          [
            current(ID_1.toUpperCase(), 'ci | deploy', ['token-auth', 'Universal-Auth']),
            current(ID_2, 'no-methods', []),
          ],
          250,
        ),
        ORG,
      ),
    );
    expect(verdict).toEqual({
      kind: 'ok',
      totalCount: 250,
      identities: [
        { id: ID_1, name: 'ci | deploy', authMethods: ['token-auth', 'universal-auth'] },
        { id: ID_2, name: 'no-methods', authMethods: [] },
      ],
    });
  });
  test("an older server's shape: authMethod one string, or null; no identity.orgId", () => {
    const verdict = ok(
      judgeMemberships(page([older(ID_1, 'old', 'token-auth'), older(ID_2, 'none', null)]), ORG),
    );
    expect(verdict.identities).toEqual([
      { id: ID_1, name: 'old', authMethods: ['token-auth'] },
      { id: ID_2, name: 'none', authMethods: [] },
    ]);
  });
  test('the org id asked for is compared in any case', () => {
    expect(
      judgeMemberships(page([current(ID_1, 'a', ['token-auth'])]), ORG.toUpperCase()).kind,
    ).toBe('ok');
  });
  test('no totalCount, or one that is not a number: the page length', () => {
    expect(ok(judgeMemberships(page([current(ID_1, 'a', [])], undefined), ORG)).totalCount).toBe(1);
    expect(ok(judgeMemberships(page([current(ID_1, 'a', [])], '9'), ORG)).totalCount).toBe(1);
  });
  test('an identity of another organization fails the whole page: nothing of it is swept', () => {
    const verdict = judgeMemberships(
      page([
        current(ID_1, 'ours', ['token-auth']),
        current(ID_2, 'theirs', ['token-auth'], OTHER_ORG),
      ]),
      ORG,
    );
    expect(verdict.kind).toBe('failed');
    expect(verdict).toMatchObject({ status: 200 });
    if (verdict.kind === 'failed') {
      expect(verdict.message).toMatch(/membership 2 of 2 belongs to another organization/);
      expect(verdict.message).toContain(OTHER_ORG);
    }
  });
  test("an older row of another organization (the membership's orgId) fails the page too", () => {
    const theirs = { ...older(ID_2, 'theirs', 'token-auth'), orgId: OTHER_ORG };
    expect(judgeMemberships(page([theirs]), ORG)).toMatchObject({
      kind: 'failed',
      message: expect.stringMatching(/belongs to another organization/),
    });
  });
  test("another organization's id that is not a UUID is not echoed", () => {
    const verdict = judgeMemberships(page([current(ID_1, 'x', [], '::error::boom')]), ORG);
    expect(verdict).toMatchObject({ kind: 'failed' });
    if (verdict.kind === 'failed') expect(verdict.message).not.toContain('::error');
  });
  test('a row without an identity, an id, or with a method that is not a string fails the page', () => {
    for (const [row, why] of [
      [{ id: 'm' }, 'has no identity'],
      [{ identity: { id: 'nope', name: 'x', authMethods: [] } }, 'has no identity id'],
      [current(ID_1, 'x', ['token-auth', 7]), 'has an auth method that is not a string'],
      [older(ID_1, 'x', 7), 'has an auth method that is not a string'],
    ] as const) {
      expect(judgeMemberships(page([row]), ORG)).toMatchObject({
        kind: 'failed',
        status: 200,
        message: expect.stringContaining(why),
      });
    }
  });
  test('a 200 that is not a page of memberships: failed, with the server-url hint', () => {
    expect(judgeMemberships(at(200, { identities: [] }), ORG)).toMatchObject({
      kind: 'failed',
      hint: HINTS.serverUrl,
    });
    expect(judgeMemberships(at(200, '<html>app</html>'), ORG)).toMatchObject({ kind: 'failed' });
  });
  test('403 PermissionDenied: says Identity → Read is needed', () => {
    expect(
      judgeMemberships(
        infisical(403, 'PermissionDenied', 'You are not allowed to read identities'),
        ORG,
      ),
    ).toEqual({
      kind: 'failed',
      status: 403,
      reqId: REQ,
      errorName: 'PermissionDenied',
      message: 'PermissionDenied — You are not allowed to read identities',
      hint: ORGANIZATION_HINTS.permission,
    });
    expect(ORGANIZATION_HINTS.permission).toMatch(/Identity → Read/);
  });
  test('401, and 403 TokenError: the access token refused, not the permission hint', () => {
    for (const answer of [
      infisical(401, 'UnauthorizedError', 'Invalid token'),
      infisical(403, 'TokenError', 'Token revoked'),
    ]) {
      expect(judgeMemberships(answer, ORG)).toMatchObject({
        kind: 'failed',
        refused: true,
        hint: HINTS.accessToken,
      });
    }
  });
});
