// Settling one result (settle): whether it is done under the policy (ignore-not-found), and the
// line the log and the report give it.
import { describe, expect, test } from '@jest/globals';
import type { Result } from '../../../src/revoke/result.js';
import { settle } from '../../../src/revoke/settle.js';
import { ID, notFoundOne as notFound, failedOne as failed } from '../../support/results.js';

const policy = { ignoreNotFound: false };
describe('the line of a settled result', () => {
  test('lines', () => {
    expect(
      settle(
        { tokenId: ID, self: false, outcome: 'revoked', status: 200, message: 'ok', attempts: 1 },
        policy,
      ).line,
    ).toBe(`Revoked token ${ID}: ok.`);
    expect(settle(notFound, policy)).toMatchObject({
      done: false,
      line: expect.stringMatching(
        /^Could not revoke token .*: 404 NotFound — gone \(reqId: req-2\)\. To count/,
      ),
    });
    expect(settle(notFound, { ...policy, ignoreNotFound: true })).toEqual({
      result: notFound,
      done: true,
      line: `Token ${ID} was not found (404 NotFound — gone (reqId: req-2)); counted as done because ignore-not-found is true. (Infisical says the same of a token of another login method, such as an OIDC or Universal Auth login, which stays live: revoke those with token-id: self and their own access token.)`,
    });
    expect(settle(failed, policy).line).toBe(
      `Could not revoke token ${ID} after 4 attempts: 503 X — down (reqId: req-3).`,
    );
    // An expired token is dead whatever the policy: done, and the line says why.
    const expired: Result = {
      ...notFound,
      outcome: 'expired',
      status: 403,
      errorName: 'TokenError',
    };
    for (const ignoreNotFound of [false, true]) {
      expect(settle(expired, { ignoreNotFound })).toMatchObject({
        done: true,
        line: expect.stringMatching(
          /^Token .* has already expired, so there is nothing left to revoke \(403 TokenError — gone \(reqId: req-2\)\)\.$/,
        ),
      });
    }
  });
});

describe('not found and already revoked: apart, each with its own line', () => {
  const notFound: Result = {
    tokenId: ID,
    self: false,
    outcome: 'not-found',
    status: 404,
    errorName: 'NotFound',
    message: `Token with ID ${ID} not found or already revoked`,
    reqId: 'req-2',
    attempts: 1,
    readBack: { kind: 'shown' },
  };
  const alreadyRevoked: Result = { ...notFound, outcome: 'already-revoked' };
  const CAVEAT =
    '(Infisical says the same of a token of another login method, such as an OIDC or Universal Auth login, which stays live: revoke those with token-id: self and their own access token.)';
  const ADVICE =
    'To count a token that is already revoked or not found as done, set ignore-not-found: true.';

  test('not found, strict: not done, the line advises ignore-not-found and says what else it may be', () => {
    expect(settle(notFound, policy)).toEqual({
      result: notFound,
      done: false,
      line: `Could not revoke token ${ID}: 404 NotFound — Token with ID ${ID} not found or already revoked (reqId: req-2). ${ADVICE} ${CAVEAT}`,
      reason: `could not be revoked: 404 NotFound — Token with ID <id> not found or already revoked. ${ADVICE} ${CAVEAT}`,
    });
  });
  test('already revoked, strict: not done, its own line', () => {
    expect(settle(alreadyRevoked, policy)).toEqual({
      result: alreadyRevoked,
      done: false,
      line: `Could not revoke token ${ID}: it was already revoked (404 NotFound — Token with ID ${ID} not found or already revoked (reqId: req-2)). ${ADVICE}`,
      reason: `could not be revoked: it was already revoked (404 NotFound — Token with ID <id> not found or already revoked). ${ADVICE}`,
    });
  });
  test('already revoked, ignore-not-found: done, and the line says why', () => {
    expect(settle(alreadyRevoked, { ignoreNotFound: true })).toEqual({
      result: alreadyRevoked,
      done: true,
      line: `Token ${ID} was already revoked (404 NotFound — Token with ID ${ID} not found or already revoked (reqId: req-2)); counted as done because ignore-not-found is true.`,
    });
  });
  test('self already revoked is named as the access token itself, without the other-login caveat', () => {
    const self: Result = {
      tokenId: ID,
      self: true,
      outcome: 'already-revoked',
      status: 401,
      errorName: 'UnauthorizedError',
      message: 'Cannot renew revoked or unknown access token',
      reqId: 'req-9',
      attempts: 1,
    };
    expect(settle(self, policy).line).toBe(
      `Could not revoke the access token itself (token ${ID}): it was already revoked (401 UnauthorizedError — Cannot renew revoked or unknown access token (reqId: req-9)). ${ADVICE}`,
    );
    expect(settle(self, { ignoreNotFound: true })).toMatchObject({
      done: true,
      line: `The access token itself (token ${ID}) was already revoked (401 UnauthorizedError — Cannot renew revoked or unknown access token (reqId: req-9)); counted as done because ignore-not-found is true.`,
    });
    expect(settle({ ...self, outcome: 'not-found' }, { ignoreNotFound: true }).line).toBe(
      `The access token itself (token ${ID}) was not found (401 UnauthorizedError — Cannot renew revoked or unknown access token (reqId: req-9)); counted as done because ignore-not-found is true.`,
    );
  });
});

describe('the line of a revoke: its note, and whether it was read back', () => {
  const revoked: Result = {
    tokenId: ID,
    self: false,
    outcome: 'revoked',
    status: 200,
    message: 'Successfully revoked access token',
    attempts: 1,
    readBack: { kind: 'shown' },
  };
  test('shown by the server: the plain line', () => {
    expect(settle(revoked, policy)).toEqual({
      result: revoked,
      done: true,
      line: `Revoked token ${ID}: Successfully revoked access token.`,
    });
  });
  test('unverified: the line says the read-back could not be made, and why', () => {
    const unverified: Result = {
      ...revoked,
      readBack: { kind: 'unverified', why: '403 PermissionDenied — no (reqId: req-7)' },
    };
    expect(settle(unverified, policy)).toEqual({
      result: unverified,
      done: true,
      line: `Revoked token ${ID}: Successfully revoked access token. Not verified: the read-back could not be made (403 PermissionDenied — no (reqId: req-7)).`,
    });
  });
  test('a note is part of the line', () => {
    expect(settle({ ...revoked, note: 'the retry found it revoked' }, policy).line).toBe(
      `Revoked token ${ID}: Successfully revoked access token. Note: the retry found it revoked.`,
    );
  });
});

describe('a revoke cut off by a cancel', () => {
  test('is "outcome unknown", not "could not revoke": not done, one reason for all, no id in it', () => {
    const cut = (id: string): Result => ({
      tokenId: id,
      self: false,
      outcome: 'failed',
      message:
        'the revoke was in flight when the run was cancelled, and was cut off before its answer came',
      attempts: 1,
      outcomeUnknown: true,
    });
    const one = settle(cut(ID), policy);
    expect(one.done).toBe(false);
    expect(one.line).toBe(
      `Outcome unknown for token ${ID}: the revoke was in flight when the run was cancelled, and was cut off before its answer came. It may or may not be revoked: check it in Infisical, or run the revoke again for it.`,
    );
    expect(one.line).not.toMatch(/could not revoke|failed/i);
    const other = settle(cut('7f1c2a0e-8b7d-4c2e-9f55-0a1b2c3d4e5f'), policy);
    expect(other.reason).toBe(one.reason);
    expect(one.reason).toMatch(/^outcome unknown: /);
    expect(one.reason).not.toContain(ID);
  });
});
