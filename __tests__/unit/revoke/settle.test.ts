// Settling one result (settle): whether it is done under the policy (ignore-not-found), and the
// line the log and the report give it.
import { describe, expect, test } from '@jest/globals';
import type { Result } from '../../../src/revoke/result.js';
import { settle } from '../../../src/revoke/settle.js';

const ID = '6f1c2a0e-8b7d-4c2e-9f55-0a1b2c3d4e5f';
const policy = { ignoreNotFound: false };
describe('the line of a settled result', () => {
  const notFound: Result = {
    tokenId: ID,
    self: false,
    outcome: 'not-found',
    status: 404,
    errorName: 'NotFound',
    message: 'gone.',
    reqId: 'req-2',
    attempts: 1,
  };
  const failed: Result = {
    tokenId: ID,
    self: false,
    outcome: 'failed',
    status: 503,
    errorName: 'X',
    message: 'X — down',
    reqId: 'req-3',
    attempts: 4,
  };
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
    expect(settle(notFound, { ...policy, ignoreNotFound: true })).toMatchObject({
      done: true,
      line: expect.stringMatching(
        /already gone .*ignore-not-found is true\. \(Infisical says the same of a token of another login method, .*revoke those with token-id: self .*\)$/,
      ),
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
