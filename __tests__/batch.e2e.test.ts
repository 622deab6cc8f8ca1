// Cleanup and rotation at scale, end to end: several ids, ignore-not-found, revoke at job end
// (main then post, with the state the main step saved), self-revoke, concurrency and rate limits.
import { describe, expect, test } from '@jest/globals';
import { answer, offContract } from '../testbed/faults.js';
import {
  SELF_TOKEN_ID,
  commands,
  expectNoLeak,
  makeJwt,
  revokeStep,
  startFake,
} from './support/harness.js';

describe('several ids', () => {
  test('new lines, commas and spaces; duplicates revoked once', async () => {
    const fake = await startFake();
    const [a, b, c] = [fake.addToken(), fake.addToken(), fake.addToken()];
    const run = await revokeStep(fake, { 'token-id': `${a}\n${b}, ${c} ${a}\n\n${b}` });

    expect(run.code).toBe(0);
    expect(fake.revokeRequests()).toHaveLength(3);
    expect([a, b, c].every((id) => fake.isRevoked(id))).toBe(true);
    expect(JSON.parse(run.outputs.revoked ?? '')).toEqual([a, b, c]);
    expect(run.outputs['revoked-count']).toBe('3');
    expect(run.outputs.message).toBe('3 tokens: 3 revoked, 0 not found or already gone, 0 failed.');
    expectNoLeak(run);
  });

  test('a partial failure tries every id, and fails with one line per failed id', async () => {
    const fake = await startFake();
    const [a, b, c, d] = [fake.addToken(), fake.addToken(), fake.addToken(), fake.addToken()];
    const gone = '00000000-0000-4000-8000-000000000000';
    fake.inject(
      answer(403, {
        reqId: 'req-Denied00000001',
        statusCode: 403,
        message: 'no',
        error: 'PermissionDenied',
      }),
    );
    const run = await revokeStep(fake, {
      'token-id': [a, b, gone, c, d].join('\n'),
      concurrency: '1',
    });

    expect(run.code).toBe(1);
    expect(fake.revokeRequests()).toHaveLength(5);
    expect([b, c, d].every((id) => fake.isRevoked(id))).toBe(true);
    const errors = commands(run, 'error');
    expect(errors).toEqual([
      expect.stringMatching(
        new RegExp(
          `^Could not revoke token ${a}: 403 PermissionDenied — no \\(reqId: req-Denied00000001\\)`,
        ),
      ),
      expect.stringMatching(
        new RegExp(`^Could not revoke token ${gone}: 404 NotFound — .* \\(reqId: req-\\w{14}\\)`),
      ),
      '2 of 5 tokens could not be revoked (see the errors above). 5 tokens: 3 revoked, 1 not found or already gone, 1 failed.',
    ]);
    expect(JSON.parse(run.outputs.failed ?? '')).toEqual([
      { id: a, status: 403, error: 'PermissionDenied', reqId: 'req-Denied00000001' },
    ]);
    expect(JSON.parse(run.outputs['not-found'] ?? '')).toEqual([
      { id: gone, status: 404, reqId: expect.stringMatching(/^req-/) },
    ]);
    expect(run.outputs).toMatchObject({
      'revoked-count': '3',
      'not-found-count': '1',
      'failed-count': '1',
    });
    // The summary: a table, one row per token.
    expect(run.summary).toContain('| Token | Result | HTTP status | reqId | Note |');
    expect(run.summary.match(/^\| [0-9a-f-]{36} \|/gm)).toHaveLength(5);
    expect(run.summary).toContain(`| ${a} | ❌ failed | 403 | req-Denied00000001 |`);
    expect(run.summary).toMatch(new RegExp(`\\| ${gone} \\| ❌ not found \\| 404 \\|`));
    expect(run.summary).toContain(`| ${b} | ✅ revoked | 200 | — |`);
    expectNoLeak(run);
  });

  test('every id is checked before the first request', async () => {
    const fake = await startFake();
    const run = await revokeStep(fake, { 'token-id': `${fake.addToken()}\nnot-an-id` });
    expect(run.code).toBe(1);
    expect(commands(run, 'error')).toEqual([
      expect.stringMatching(/^Input token-id: "not-an-id" is not a token id/),
    ]);
    expect(fake.requests).toHaveLength(0);
  });

  test('in-flight requests never exceed concurrency', async () => {
    const fake = await startFake({ latencyMs: 30 });
    const ids = Array.from({ length: 24 }, () => fake.addToken());
    const run = await revokeStep(fake, { 'token-id': ids.join(' '), concurrency: '3' });
    expect(run.code).toBe(0);
    expect(fake.maxInFlight).toBe(3);
    expect(fake.revokeRequests()).toHaveLength(24);
  });
});

describe('ignore-not-found', () => {
  test('true: an already-revoked token counts as done', async () => {
    const fake = await startFake();
    const id = fake.addToken();
    await revokeStep(fake, { 'token-id': id });
    const run = await revokeStep(fake, { 'token-id': id, 'ignore-not-found': 'true' });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      new RegExp(
        `Token ${id} is already gone \\(404 NotFound — Token with ID ${id} not found or already revoked \\(reqId: req-\\w{14}\\)\\); counted as done because ignore-not-found is true\\.`,
      ),
    );
    expect(run.outputs['not-found-count']).toBe('1');
    expect(commands(run, 'error')).toEqual([]);
  });
  test('true never hides a wrong server-url: a gateway 404 still fails', async () => {
    const fake = await startFake();
    fake.inject(offContract(404, { message: 'no Route matched with those values' }));
    const run = await revokeStep(fake, { 'token-id': fake.addToken(), 'ignore-not-found': 'true' });
    expect(run.code).toBe(1);
    expect(commands(run, 'error')[0]).toMatch(
      /: 404 no Route matched with those values\. Check server-url/,
    );
    expect(run.outputs['not-found-count']).toBe('0');
  });

  test('false (the default): it fails the step', async () => {
    const fake = await startFake();
    const run = await revokeStep(fake, {
      'token-id': '00000000-0000-4000-8000-000000000000',
      'ignore-not-found': 'false',
    });
    expect(run.code).toBe(1);
  });
});

describe('revoke-at: job-end', () => {
  test('main checks and sends nothing; post revokes with the state main saved', async () => {
    const fake = await startFake();
    const id = fake.addToken();
    const inputs = { 'token-id': id, 'revoke-at': 'job-end' };
    const main = await revokeStep(fake, inputs);
    expect(main.code).toBe(0);
    expect(fake.requests).toHaveLength(0);
    expect(main.stdout).toContain(`Token ${id} will be revoked when the job ends.`);
    expect(main.state).toEqual({ 'revoke-at-job-end': 'true' });

    const post = await revokeStep(fake, inputs, { entry: 'post', state: main.state });
    expect(post.code).toBe(0);
    expect(fake.isRevoked(id)).toBe(true);
    expect(fake.revokeRequests()).toHaveLength(1);
    expectNoLeak(main);
    expectNoLeak(post);
  });

  test('a failed revoke at job end fails the post step visibly', async () => {
    const fake = await startFake();
    const post = await revokeStep(
      fake,
      { 'token-id': '00000000-0000-4000-8000-000000000000', 'revoke-at': 'job-end' },
      { entry: 'post', state: { 'revoke-at-job-end': 'true' } },
    );
    expect(post.code).toBe(1);
    expect(commands(post, 'error')).toHaveLength(1);
  });

  test('the post step after revoke-at: now sends nothing', async () => {
    const fake = await startFake();
    const id = fake.addToken();
    const main = await revokeStep(fake, { 'token-id': id });
    const post = await revokeStep(fake, { 'token-id': id }, { entry: 'post', state: main.state });
    expect(post.code).toBe(0);
    expect(fake.requests).toHaveLength(1);
    expect(commands(post, 'error')).toEqual([]);
  });

  test('bad input is refused at main, and the post step then does nothing', async () => {
    const fake = await startFake();
    const inputs = { 'token-id': 'nope', 'revoke-at': 'job-end' };
    const main = await revokeStep(fake, inputs);
    expect(main.code).toBe(1);
    expect(commands(main, 'error')[0]).toMatch(/^Input token-id/);
    const post = await revokeStep(fake, inputs, { entry: 'post', state: main.state });
    expect(post.code).toBe(0);
    expect(fake.requests).toHaveLength(0);
  });
});

describe('self-revoke', () => {
  // `self` names the access token itself; it goes through POST /api/v1/auth/token/revoke (body
  // token, no Authorization header), which works for every login method, never the Token Auth route.
  const TOKEN_REVOKE_PATH = '/api/v1/auth/token/revoke';

  test.each(['self', 'SELF', 'Self', '  self\n'])(
    'token-id %j revokes the access token through POST /api/v1/auth/token/revoke',
    async (word) => {
      const fake = await startFake();
      const { token, id } = fake.issueAccessToken();
      const run = await revokeStep(fake, { 'token-id': word, 'access-token': token });

      expect(run.code).toBe(0);
      expect(fake.isRevoked(id)).toBe(true);
      expect(fake.requests).toHaveLength(1);
      expect(fake.requestsTo('revoke')).toHaveLength(0);
      const [request] = fake.requestsTo('token-revoke');
      expect(request?.method).toBe('POST');
      expect(request?.path).toBe(TOKEN_REVOKE_PATH);
      expect(request?.headers.authorization).toBeUndefined();
      expect(request?.headers['content-type']).toMatch(/^application\/json/);
      expect(JSON.parse(request?.body ?? '')).toEqual({ accessToken: token });
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
    expect(fake.requests).toHaveLength(8);
    expect(fake.requests.at(-1)?.route).toBe('token-revoke');
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
    expect(fake.requests).toHaveLength(2);
    expect(fake.requestsTo('revoke').map((r) => r.path)).toEqual([
      `/api/v1/auth/token-auth/tokens/${other}/revoke`,
    ]);
    expect(fake.requests.at(-1)?.route).toBe('token-revoke');
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
    expect(fake.requestsTo('token-revoke')).toHaveLength(1);
    expect(fake.requests.at(-1)?.route).toBe('token-revoke');
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

  test('an older server answers a second self-revoke 401 "No identity access token found": gone only with ignore-not-found', async () => {
    const fake = await startFake({ tokenRevoke: 'older' });
    fake.addToken(SELF_TOKEN_ID);
    const first = await revokeStep(fake, { 'token-id': 'self' });
    expect(first.code).toBe(0);
    expect(fake.isRevoked(SELF_TOKEN_ID)).toBe(true);

    const strict = await revokeStep(fake, { 'token-id': 'self' });
    expect(strict.code).toBe(1);
    expect(commands(strict, 'error')).toEqual([
      expect.stringMatching(
        /^Could not revoke the access token itself.*: 401 UnauthorizedError — No identity access token found \(reqId: req-\w{14}\)\..*ignore-not-found: true/,
      ),
    ]);
    expect(strict.outputs).toMatchObject({ 'revoked-count': '0', 'not-found-count': '1' });

    const lenient = await revokeStep(fake, { 'token-id': 'self', 'ignore-not-found': 'true' });
    expect(lenient.code).toBe(0);
    expect(commands(lenient, 'error')).toEqual([]);
    expect(lenient.stdout).toMatch(
      /already gone \(401 UnauthorizedError — No identity access token found/,
    );
    expect(lenient.outputs).toMatchObject({ 'revoked-count': '0', 'not-found-count': '1' });
    expect(fake.requestsTo('token-revoke')).toHaveLength(3);
    expect(fake.requestsTo('revoke')).toHaveLength(0);
  });

  test('an expired access token is dead: self is done, with a note', async () => {
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
    expect(JSON.parse(run.outputs['not-found'] ?? '')).toEqual([
      { id, status: 403, reqId: expect.stringMatching(/^req-\w{14}$/) },
    ]);
    expect(run.outputs['revoked-count']).toBe('0');
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

      // ignore-not-found would call it gone: it is not, and nothing was revoked.
      const ignoring = await revokeStep(fake, { 'token-id': login.id, 'ignore-not-found': 'true' });
      expect(ignoring.outputs['revoked-count']).toBe('0');
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

describe('rate limits', () => {
  test('a batch paces itself on the headers: few 429s, every token revoked', async () => {
    const fake = await startFake({ rateLimit: { limit: 10, windowMs: 1000 } });
    const ids = Array.from({ length: 35 }, () => fake.addToken());
    const run = await revokeStep(fake, { 'token-id': ids.join('\n'), concurrency: '8' });
    expect(run.code).toBe(0);
    expect(ids.every((id) => fake.isRevoked(id))).toBe(true);
    // Without pacing, 8 workers would bounce off the limit on nearly every request past the 10th.
    expect(fake.rateLimited).toBeLessThanOrEqual(1);
  });

  test('one 429 slows the whole batch, not only the request that got it', async () => {
    const fake = await startFake();
    const ids = Array.from({ length: 6 }, () => fake.addToken());
    fake.inject(
      answer(
        429,
        {
          reqId: 'req-Slow0000000001',
          statusCode: 429,
          message: 'Rate limit exceeded. Please try again in 1 seconds',
          error: 'RateLimitExceeded',
        },
        { 'retry-after': '1' },
      ),
    );
    const run = await revokeStep(fake, { 'token-id': ids.join(' '), concurrency: '1' });
    expect(run.code).toBe(0);
    // All requests after the 429 waited a second for it: one retry line, and the run took over 1 s.
    expect(run.stdout.match(/retrying in 1\.0 s/g)).toHaveLength(1);
    expect(run.ms).toBeGreaterThan(1000);
  });
});
