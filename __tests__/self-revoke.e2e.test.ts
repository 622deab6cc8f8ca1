// The access token revoking itself, end to end (the built dist/ run as a runner runs it, against the
// fake Infisical on loopback): token-id: self, or the access token's own id, goes through POST
// /api/v1/auth/token/revoke, last in a batch and once; older and newer servers, expired and foreign
// access tokens, a lost answer, and login tokens, which the Token Auth route does not know.
import { describe, expect, test } from '@jest/globals';
import type { Generation } from '../testbed/fake-infisical.js';
import { resetAfterRevoke } from '../testbed/faults.js';
import {
  SELF_TOKEN_ID,
  commands,
  expectNoLeak,
  makeJwt,
  revokeStep,
  startFake,
} from './support/harness.js';

describe('self-revoke', () => {
  // `self` names the access token itself; it goes through POST /api/v1/auth/token/revoke (body
  // token, no Authorization header), which works for every login method, never the Token Auth route.
  const TOKEN_REVOKE_PATH = '/api/v1/auth/token/revoke';

  test.each([
    ['self', 'legacy'],
    ['SELF', 'legacy'],
    ['Self', 'legacy'],
    ['  self\n', 'legacy'],
    ['self', 'current'],
    ['  self\n', 'current'],
  ] as Array<[string, Generation]>)(
    'token-id %j (%s server) revokes the access token through POST /api/v1/auth/token/revoke, then reads it back with GET /api/v1/identities/details',
    async (word, generation) => {
      const fake = await startFake({ generation });
      const { token, id } = fake.issueAccessToken();
      const run = await revokeStep(fake, { 'token-id': word, 'access-token': token });

      expect(run.code).toBe(0);
      expect(fake.isLive(token)).toBe(false);
      // A current server marks the revocation and leaves the row as it was.
      if (generation === 'legacy') expect(fake.isRevoked(id)).toBe(true);
      else expect(fake.hasRevocationMarker(id)).toBe(true);
      expect(fake.requests).toHaveLength(2);
      expect(fake.requestsTo('revoke')).toHaveLength(0);
      const [request, readBack] = fake.requests;
      expect(request?.route).toBe('token-revoke');
      expect(request?.method).toBe('POST');
      expect(request?.path).toBe(TOKEN_REVOKE_PATH);
      expect(request?.headers.authorization).toBeUndefined();
      expect(request?.headers['content-type']).toMatch(/^application\/json/);
      expect(JSON.parse(request?.body ?? '')).toEqual({ accessToken: token });
      // The read-back is sent WITH the token just revoked: a refusal shows it dead.
      expect(readBack?.route).toBe('identity-details');
      expect(readBack?.method).toBe('GET');
      expect(readBack?.path).toBe('/api/v1/identities/details');
      expect(readBack?.headers.authorization).toBe(`Bearer ${token}`);
      expect(run.outputs).toMatchObject({
        message: 'Successfully revoked access token',
        revoked: JSON.stringify([id]),
        'revoked-count': '1',
        'failed-count': '0',
      });
      expect(commands(run, 'error')).toEqual([]);
      expectNoLeak(run, token);
    },
  );

  test('in a list with ids, self is done last, after every id', async () => {
    const fake = await startFake({ latencyMs: 20 });
    fake.addToken(SELF_TOKEN_ID);
    const others = Array.from({ length: 7 }, () => fake.addToken());
    const run = await revokeStep(fake, {
      'token-id': ['self', ...others].join('\n'),
      concurrency: '4',
    });

    expect(run.code).toBe(0);
    expect([SELF_TOKEN_ID, ...others].every((id) => fake.isRevoked(id))).toBe(true);
    // Each id revoked and read back (GET tokens/{id}); self last, read back with itself.
    expect(fake.requests).toHaveLength(16);
    expect(fake.requestsTo('revoke')).toHaveLength(7);
    expect(
      fake
        .requestsTo('get-token')
        .map((r) => r.path.split('/').at(-1))
        .sort(),
    ).toEqual([...others].sort());
    expect(fake.requests.slice(-2).map((r) => r.route)).toEqual([
      'token-revoke',
      'identity-details',
    ]);
    expect(fake.requestsTo('token-revoke')).toHaveLength(1);
    expect(run.stdout).toContain('Revoking the access token itself last.');
    expect(JSON.parse(run.outputs.revoked ?? '')).toEqual([...others, SELF_TOKEN_ID]);
    expect(run.outputs['revoked-count']).toBe('8');
  });

  test('the own token id named with self is revoked once, as self, last', async () => {
    const fake = await startFake();
    fake.addToken(SELF_TOKEN_ID);
    const other = fake.addToken();
    const run = await revokeStep(fake, {
      'token-id': `${SELF_TOKEN_ID.toUpperCase()}, self, ${other}, ${SELF_TOKEN_ID}`,
    });

    expect(run.code).toBe(0);
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `POST /api/v1/auth/token-auth/tokens/${other}/revoke`,
      `GET /api/v1/auth/token-auth/tokens/${other}`,
      'POST /api/v1/auth/token/revoke',
      'GET /api/v1/identities/details',
    ]);
    expect(fake.isRevoked(SELF_TOKEN_ID)).toBe(true);
    expect(run.stdout).toContain(
      `Token ${SELF_TOKEN_ID} is the access token's own token: it is revoked once, as self, last.`,
    );
    expect(JSON.parse(run.outputs.revoked ?? '')).toEqual([other, SELF_TOKEN_ID]);
  });

  test("an id equal to the access token's own, in UPPER case, is still revoked last", async () => {
    const fake = await startFake({ latencyMs: 20 });
    fake.addToken(SELF_TOKEN_ID);
    const others = Array.from({ length: 6 }, () => fake.addToken());
    const run = await revokeStep(fake, {
      'token-id': [SELF_TOKEN_ID.toUpperCase(), ...others].join('\n'),
      concurrency: '4',
    });

    expect(run.code).toBe(0);
    expect([SELF_TOKEN_ID, ...others].every((id) => fake.isRevoked(id))).toBe(true);
    // Every other id by the Token Auth route; its own token last, through the access-token
    // route (which revokes a token of any login method): it ends the right to revoke the others.
    expect(fake.revokeRequests()).toHaveLength(6);
    expect(fake.requestsTo('get-token')).toHaveLength(6);
    expect(fake.requestsTo('token-revoke')).toHaveLength(1);
    expect(fake.requests.slice(-2).map((r) => r.route)).toEqual([
      'token-revoke',
      'identity-details',
    ]);
    expect(run.stdout).toContain(`Revoking the access token's own token ${SELF_TOKEN_ID} last.`);
    expect(run.everything).not.toContain(SELF_TOKEN_ID.toUpperCase());
  });

  test('a newer server answers a second self-revoke 200: done both times', async () => {
    const fake = await startFake({ tokenRevoke: 'newer' });
    fake.addToken(SELF_TOKEN_ID);
    const first = await revokeStep(fake, { 'token-id': 'self' });
    const second = await revokeStep(fake, { 'token-id': 'self' });

    expect(first.code).toBe(0);
    expect(second.code).toBe(0);
    expect(fake.requestsTo('token-revoke')).toHaveLength(2);
    expect(fake.isRevoked(SELF_TOKEN_ID)).toBe(true);
    expect(second.outputs['failed-count']).toBe('0');
  });

  test('an older server answers a second self-revoke 401 "No identity access token found": already revoked, done only with ignore-not-found', async () => {
    const fake = await startFake({ tokenRevoke: 'older' });
    fake.addToken(SELF_TOKEN_ID);
    const first = await revokeStep(fake, { 'token-id': 'self' });
    expect(first.code).toBe(0);
    expect(fake.isRevoked(SELF_TOKEN_ID)).toBe(true);

    const strict = await revokeStep(fake, { 'token-id': 'self' });
    expect(strict.code).toBe(1);
    expect(commands(strict, 'error')).toEqual([
      expect.stringMatching(
        new RegExp(
          `^Could not revoke the access token itself \\(token ${SELF_TOKEN_ID}\\): it was already revoked \\(401 UnauthorizedError — No identity access token found \\(reqId: req-\\w{14}\\)\\)\\. To count a token that is already revoked or not found as done, set ignore-not-found: true\\.$`,
        ),
      ),
    ]);
    expect(strict.outputs).toMatchObject({
      'revoked-count': '0',
      'already-revoked-count': '1',
      'not-found-count': '0',
    });

    const lenient = await revokeStep(fake, { 'token-id': 'self', 'ignore-not-found': 'true' });
    expect(lenient.code).toBe(0);
    expect(commands(lenient, 'error')).toEqual([]);
    expect(lenient.stdout).toMatch(
      new RegExp(
        `^The access token itself \\(token ${SELF_TOKEN_ID}\\) was already revoked \\(401 UnauthorizedError — No identity access token found \\(reqId: req-\\w{14}\\)\\); counted as done because ignore-not-found is true\\.$`,
        'm',
      ),
    );
    expect(lenient.outputs).toMatchObject({
      'revoked-count': '0',
      'already-revoked-count': '1',
      'not-found-count': '0',
    });
    expect(fake.requestsTo('token-revoke')).toHaveLength(3);
    expect(fake.requestsTo('revoke')).toHaveLength(0);
  });

  test('an expired access token is dead: self is done, with a note, and counted as already revoked (expired)', async () => {
    const fake = await startFake();
    const { token, id } = fake.issueAccessToken({ expired: true });
    const run = await revokeStep(fake, { 'token-id': 'self', 'access-token': token });

    expect(run.code).toBe(0);
    expect(commands(run, 'error')).toEqual([]);
    expect(run.stdout).toMatch(
      new RegExp(
        `The access token itself \\(token ${id}\\) has already expired, so there is nothing left to revoke \\(403 TokenError — Your token has expired`,
      ),
    );
    expect(JSON.parse(run.outputs['already-revoked'] ?? '')).toEqual([
      { id, status: 403, reqId: expect.stringMatching(/^req-\w{14}$/) },
    ]);
    expect(run.outputs['already-revoked-count']).toBe('1');
    expect(run.outputs['not-found']).toBe('[]');
    expect(run.outputs['revoked-count']).toBe('0');
    expect(run.summary).toMatch(
      new RegExp(`^\\| ${id} \\(self\\) \\| ➖ already expired \\|`, 'm'),
    );
    expectNoLeak(run, token);
  });

  test('at job end, self with an access token that has expired by then is a success', async () => {
    const fake = await startFake();
    const { token } = fake.issueAccessToken({ expired: true });
    const inputs = { 'token-id': 'self', 'access-token': token, 'revoke-at': 'job-end' };
    const main = await revokeStep(fake, inputs);
    expect(main.code).toBe(0);
    expect(fake.requests).toHaveLength(0);
    const post = await revokeStep(fake, inputs, { entry: 'post', state: main.state });
    expect(post.code).toBe(0);
    expect(post.stdout).toMatch(/has already expired, so there is nothing left to revoke/);
    expectNoLeak(post, token);
  });

  test.each(['OIDC_AUTH', 'UNIVERSAL_AUTH'] as const)(
    'a %s login token: its id on the Token Auth route is a 404 and it stays live; self revokes it',
    async (authMethod) => {
      const fake = await startFake();
      const login = fake.issueAccessToken({ authMethod });

      const byId = await revokeStep(fake, { 'token-id': login.id });
      expect(byId.code).toBe(1);
      expect(commands(byId, 'error')[0]).toMatch(
        new RegExp(`404 NotFound — Token with ID ${login.id} not found or already revoked`),
      );
      expect(fake.isRevoked(login.id)).toBe(false);

      // ignore-not-found counts it as done (not found, may be live): it is live, nothing was revoked.
      const ignoring = await revokeStep(fake, { 'token-id': login.id, 'ignore-not-found': 'true' });
      expect(ignoring.outputs['revoked-count']).toBe('0');
      expect(ignoring.outputs['not-found-count']).toBe('1');
      expect(ignoring.outputs['already-revoked-count']).toBe('0');
      expect(fake.isRevoked(login.id)).toBe(false);

      const self = await revokeStep(fake, { 'token-id': 'self', 'access-token': login.token });
      expect(self.code).toBe(0);
      expect(fake.isRevoked(login.id)).toBe(true);
      expect(fake.requestsTo('token-revoke')).toHaveLength(1);
      expect(self.outputs.revoked).toBe(JSON.stringify([login.id]));
      expectNoLeak(self, login.token);
    },
  );

  test('self with an access token of another server (bad signature) fails and says so', async () => {
    const fake = await startFake();
    const foreign = fake.addAccessToken(
      makeJwt({
        identityId: fake.identityId,
        identityAccessTokenId: SELF_TOKEN_ID,
        authTokenType: 'identityAccessToken',
        iat: 1_790_000_000,
      }),
      'foreign',
    );
    const run = await revokeStep(fake, { 'token-id': 'self', 'access-token': foreign });
    expect(run.code).toBe(1);
    expect(commands(run, 'error')).toEqual([
      expect.stringMatching(
        /^Could not revoke the access token itself .*: 403 TokenError — invalid signature \(reqId: req-\w{14}\)\. access-token is not an Infisical identity access token that this server issued/,
      ),
    ]);
    expect(run.outputs['not-found-count']).toBe('0');
    expectNoLeak(run, foreign);
  });

  test('once the access token revoked itself, it is refused: the next run stops at once', async () => {
    const fake = await startFake();
    fake.addToken(SELF_TOKEN_ID);
    expect((await revokeStep(fake, { 'token-id': 'self' })).code).toBe(0);
    const ids = [fake.addToken(), fake.addToken(), fake.addToken()];
    const again = await revokeStep(fake, { 'token-id': ids.join(' '), concurrency: '1' });
    expect(again.code).toBe(1);
    expect(fake.revokeRequests()).toHaveLength(1);
    expect(again.stdout).toMatch(/401 UnauthorizedError — No identity access token found/);
    expect(again.outputs['not-attempted-count']).toBe('2');
    expect(ids.some((id) => fake.isRevoked(id))).toBe(false);
  });

  test('an empty token-id never falls back to the access token', async () => {
    const fake = await startFake();
    fake.addToken(SELF_TOKEN_ID);
    const run = await revokeStep(fake, { 'token-id': '' });
    expect(run.code).toBe(1);
    expect(commands(run, 'error')[0]).toMatch(/^Input token-id is empty.*self/);
    expect(fake.requests).toHaveLength(0);
    expect(fake.isRevoked(SELF_TOKEN_ID)).toBe(false);
  });
});

describe('the lost-answer rule', () => {
  test('self: revoked, the answer lost, then an older server says 401 "No identity access token found": counted as revoked, with the note', async () => {
    const fake = await startFake({ tokenRevoke: 'older' });
    fake.addToken(SELF_TOKEN_ID);
    fake.injectOn('token-revoke', resetAfterRevoke);
    const run = await revokeStep(fake, { 'token-id': 'self' });

    expect(run.code).toBe(0);
    expect(fake.isRevoked(SELF_TOKEN_ID)).toBe(true);
    expect(fake.requestsTo('token-revoke')).toHaveLength(2);
    expect(run.outputs).toMatchObject({
      revoked: JSON.stringify([SELF_TOKEN_ID]),
      'revoked-count': '1',
      'not-found-count': '0',
      'failed-count': '0',
    });
    expect(run.stdout).toMatch(
      /Revoked the access token itself \(token [0-9a-f-]{36}\): No identity access token found\. Note: an earlier attempt reached the server but its answer was lost; the retry found the token already revoked, so that attempt revoked it\./,
    );
    expect(run.summary).toMatch(
      new RegExp(
        `\\| ${SELF_TOKEN_ID} \\(self\\) \\| ✅ revoked \\| shown by the server \\| 401 \\| req-\\w{14} \\| an earlier attempt reached the server but its answer was lost`,
      ),
    );
    expect(commands(run, 'error')).toEqual([]);
  });
});

describe("token-id naming the access token's own id goes through the access-token route", () => {
  test.each(['OIDC_AUTH', 'UNIVERSAL_AUTH'] as const)(
    'a %s login token naming its own id, with ignore-not-found: revoked through POST /api/v1/auth/token/revoke, reported as revoked',
    async (authMethod) => {
      const fake = await startFake();
      const own = fake.issueAccessToken({ authMethod });
      expect(fake.token(own.id)?.authMethod).toBe(authMethod);
      const run = await revokeStep(fake, {
        'access-token': own.token,
        'token-id': own.id,
        'ignore-not-found': 'true',
      });

      expect(run.code).toBe(0);
      expect(fake.isRevoked(own.id)).toBe(true);
      // Only the body-token route (the Token Auth route finds no login token and would say 404),
      // then the read-back with the token itself.
      expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
        'POST /api/v1/auth/token/revoke',
        'GET /api/v1/identities/details',
      ]);
      expect(fake.requests[1]?.headers.authorization).toBe(`Bearer ${own.token}`);
      expect(JSON.parse(fake.requests[0]?.body ?? '')).toEqual({ accessToken: own.token });
      expect(fake.revokeRequests()).toEqual([]);
      expect(run.outputs).toMatchObject({
        revoked: JSON.stringify([own.id]),
        'revoked-count': '1',
        'not-found': '[]',
        'not-found-count': '0',
        'failed-count': '0',
      });
      expect(run.stdout).toContain(
        `Revoked the access token itself (token ${own.id}): Successfully revoked access token.`,
      );
      expect(run.stdout).not.toMatch(/already gone/);
      expect(run.summary).toContain(
        `| ${own.id} (self) | ✅ revoked | shown by the server | 200 |`,
      );
      expect(commands(run, 'error')).toEqual([]);
      expect(commands(run, 'warning')).toEqual([]);
      expectNoLeak(run, own.token);
    },
  );
});

describe('a login token named by its id', () => {
  test('a named id that the Token Auth route does not find says it may be a live login token', async () => {
    const fake = await startFake();
    const login = fake.issueAccessToken({ authMethod: 'OIDC_AUTH' });
    const run = await revokeStep(fake, { 'token-id': login.id, 'ignore-not-found': 'true' });
    expect(run.code).toBe(0);
    expect(fake.isRevoked(login.id)).toBe(false);
    expect(run.stdout).toContain('Infisical says the same of a token of another login method');
  });
});
