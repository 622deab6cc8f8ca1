// The tokens a run revokes and their order (planOf): the ids named, then the access token's own
// token, then self, last and once; and the name of an access token without an id of its own, which
// the outputs carry and which token-id refuses when it is fed back (never read as self).
import { describe, expect, test } from '@jest/globals';
import { parseTokenIds } from '../../../src/inputs/token-ids.js';
import { tokenIdOfAccessToken } from '../../../src/jwt.js';
import { judge, outputsOf, type Run } from '../../../src/report/index.js';
import { settle } from '../../../src/revoke/settle.js';
import { planOf } from '../../../src/revoke/target.js';
import { makeJwt } from '../../support/harness.js';
import { thrown } from '../../support/inputs.js';

const IDENTITY = '1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b';
const A = '6f1c2a0e-8b7d-4c2e-9f55-0a1b2c3d4e5f';
const B = '0b7c53f8-1f0a-4c7e-9a55-3c2d1e0f9a8b';
const OWN = '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a';
const ownToken = (id = OWN) =>
  makeJwt({ identityAccessTokenId: id, authTokenType: 'identityAccessToken' });
const plan = (named: { tokenIds: string[]; self: boolean; accessToken: string }) =>
  planOf({ tokenIds: named.tokenIds, self: named.self }, tokenIdOfAccessToken(named.accessToken));

describe('planOf: the order of work', () => {
  test('ids only: all in the batch, nothing last', () => {
    expect(plan({ tokenIds: [A, B], self: false, accessToken: ownToken() })).toEqual({
      batch: [
        { tokenId: A, self: false },
        { tokenId: B, self: false },
      ],
      last: undefined,
      notes: [],
    });
  });
  test("the access token's own id, named among others, goes last", () => {
    const { batch, last, notes } = plan({
      tokenIds: [A, OWN, B],
      self: false,
      accessToken: ownToken(),
    });
    expect(batch).toEqual([
      { tokenId: A, self: false },
      { tokenId: B, self: false },
    ]);
    // Through the access-token route, which revokes a token of any login method.
    expect(last).toEqual({ tokenId: OWN, self: true });
    expect(notes).toEqual([expect.stringContaining(`own token ${OWN} last`)]);
  });
  test('self goes last, named by its own id when the access token has one', () => {
    expect(plan({ tokenIds: [A], self: true, accessToken: ownToken() })).toMatchObject({
      batch: [{ tokenId: A, self: false }],
      last: { tokenId: OWN, self: true },
    });
    // No id in the access token (not a JWT, or one without it): still revoked, as "self".
    expect(plan({ tokenIds: [], self: true, accessToken: 'st.opaque' })).toEqual({
      batch: [],
      last: { tokenId: '(the access token)', self: true },
      notes: [],
    });
  });
  test('its own id and self are one token: revoked once, as self, last', () => {
    const { batch, last, notes } = plan({
      tokenIds: [OWN, A],
      self: true,
      accessToken: ownToken(),
    });
    expect(batch).toEqual([{ tokenId: A, self: false }]);
    expect(last).toEqual({ tokenId: OWN, self: true });
    expect(notes).toEqual([expect.stringMatching(/revoked once, as self, last/)]);
  });
  test('the own id is compared without case (an upper-case id in the JWT)', () => {
    const accessToken = ownToken(OWN.toUpperCase());
    expect(plan({ tokenIds: [OWN, A], self: false, accessToken })).toMatchObject({
      batch: [{ tokenId: A, self: false }],
      last: { tokenId: OWN, self: true },
    });
    expect(plan({ tokenIds: [OWN], self: true, accessToken })).toMatchObject({
      batch: [],
      last: { tokenId: OWN, self: true },
    });
  });
});

describe('an access token without an id of its own, named in the outputs', () => {
  // An access token whose JWT names no token id (no identityAccessTokenId, no jti).
  const withoutId = makeJwt({
    identityId: IDENTITY,
    authTokenType: 'identityAccessToken',
    iat: 1_790_000_000,
  });

  test('is "(the access token)" in the outputs, and fed back into token-id (plain or in a JSON array) it is refused, never read as self', () => {
    const { batch, last } = planOf({ tokenIds: [], self: true }, tokenIdOfAccessToken(withoutId));
    expect(batch).toEqual([]);
    expect(last).toEqual({ tokenId: '(the access token)', self: true });
    const target = last as { tokenId: string; self: boolean };

    const outputsOfRun = (run: Run) => outputsOf(run, judge(run));
    const outputs = outputsOfRun({
      settled: [
        settle(
          { ...target, outcome: 'revoked', status: 200, message: 'Revoked', attempts: 1 },
          { ignoreNotFound: false },
        ),
      ],
    });
    expect(outputs.revoked).toBe('["(the access token)"]');
    const failed = outputsOfRun({
      settled: [
        settle(
          {
            ...target,
            outcome: 'failed',
            status: 500,
            errorName: 'E',
            message: 'Broke',
            attempts: 1,
          },
          { ignoreNotFound: false },
        ),
      ],
    }).failed;
    expect(JSON.parse(failed ?? '')).toEqual([
      { id: '(the access token)', status: 500, error: 'E', reqId: null },
    ]);

    for (const value of [
      '(the access token)',
      outputs.revoked as string,
      failed as string,
      JSON.stringify([A, '(the access token)']),
      `${A}\n(the access token)`,
    ]) {
      const message = thrown(() => parseTokenIds(value));
      expect(message).toMatch(/^Input token-id: "[^"]*" (\(\d+ characters\) )?is not a token id\./);
    }
  });
});
