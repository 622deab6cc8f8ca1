// Several tokens in one run, end to end (the built dist/ run as a runner runs it, against the fake
// Infisical on loopback): separators and duplicates, every id checked first and tried, concurrency,
// when a batch stops (a refused access token, a server that cannot be reached) and how its errors
// are grouped, and the pacing on rate limits.
import { describe, expect, test } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { FakeInfisical } from '../testbed/fake-infisical.js';
import { answer, neverAnswer, resetBeforeAnswer } from '../testbed/faults.js';
import { loginTokens, universalLogin } from './support/fixtures.js';
import { countsOf, expectPlainLog, tallyOf } from './support/outputs.js';
import {
  claimsOf,
  commands,
  expectNoLeak,
  freePort,
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
    // Each revoke is read back once: GET tokens/{id}, after its revoke.
    expect(fake.requestsTo('get-token').map((r) => r.path)).toEqual(
      [a, b, c].map((id) => `/api/v1/auth/token-auth/tokens/${id}`),
    );
    const at = (path: string) => fake.requests.findIndex((r) => r.path === path);
    for (const id of [a, b, c]) {
      const base = `/api/v1/auth/token-auth/tokens/${id}`;
      expect(at(base)).toBeGreaterThan(at(`${base}/revoke`));
    }
    expect([a, b, c].every((id) => fake.isRevoked(id))).toBe(true);
    expect(JSON.parse(run.outputs.revoked ?? '')).toEqual([a, b, c]);
    expect(run.outputs['revoked-count']).toBe('3');
    expect(run.outputs.message).toBe(
      '3 tokens: 3 revoked, 0 already revoked, 0 not found, 0 failed.',
    );
    expectNoLeak(run);
  });

  test('a partial failure tries every id, and fails with one line per failed id and a closing line that says what each was', async () => {
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
    // The refused revoke is not read back; the others are, the unknown id too (it is not there).
    expect(fake.requestsTo('get-token').map((r) => r.path)).toEqual(
      [b, gone, c, d].map((id) => `/api/v1/auth/token-auth/tokens/${id}`),
    );
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
      // The closing line says what the two were: one failed, one not found (never "could not be revoked" of both).
      '2 of 5 tokens are not done: 1 could not be revoked, 1 was not found (see the errors above). 5 tokens: 3 revoked, 0 already revoked, 1 not found, 1 failed.',
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
    expect(run.summary).toContain('| Token | Result | Read back | HTTP status | reqId | Note |');
    expect(run.summary.match(/^\| [0-9a-f-]{36} \|/gm)).toHaveLength(5);
    expect(run.summary).toContain(`| ${a} | ❌ failed | — | 403 | req-Denied00000001 |`);
    expect(run.summary).toMatch(
      new RegExp(
        `\\| ${gone} \\| ❌ not found \\(may be live\\) \\| shown by the server \\| 404 \\|`,
      ),
    );
    expect(run.summary).toContain(`| ${b} | ✅ revoked | shown by the server | 200 | — |`);
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

  test('in-flight revokes never exceed concurrency, nor do their read-backs (which overlap the revokes)', async () => {
    const fake = await startFake({ latencyMs: 30 });
    const ids = Array.from({ length: 24 }, () => fake.addToken());
    const run = await revokeStep(fake, { 'token-id': ids.join(' '), concurrency: '3' });
    expect(run.code).toBe(0);
    expect(fake.maxInFlightByRoute.get('revoke')).toBe(3);
    expect(fake.maxInFlightByRoute.get('get-token')).toBeLessThanOrEqual(3);
    expect(fake.maxInFlight).toBeLessThanOrEqual(6);
    expect(fake.revokeRequests()).toHaveLength(24);
    expect(fake.requestsTo('get-token')).toHaveLength(24);
  });
});

describe('a batch stops when going on cannot help', () => {
  const BIG = 3000;
  const refusals: Array<[string, (fake: FakeInfisical) => string, RegExp]> = [
    [
      '401 (an access token the server does not know)',
      (fake) =>
        makeJwt({ identityAccessTokenId: randomUUID(), identityId: fake.identityId, iat: 1 }),
      /401 UnauthorizedError — Invalid token/,
    ],
    [
      '401 (an access token whose own row is revoked)',
      (fake) => {
        const { token, id } = fake.issueAccessToken();
        fake.addToken(id, { revoked: true });
        return token;
      },
      /401 UnauthorizedError — No identity access token found/,
    ],
    [
      '403 TokenError (expired)',
      (fake) => fake.issueAccessToken({ expired: true }).token,
      /403 TokenError — Your token has expired/,
    ],
    [
      '403 TokenError (signed by another server)',
      (fake) => fake.issueAccessToken({ role: 'foreign' }).token,
      /403 TokenError — invalid signature/,
    ],
  ];

  test.each(refusals)(
    `a refused access token, %s, on ${BIG} ids: stops after the first wave, one error says why`,
    async (_, accessToken, said) => {
      const fake = await startFake();
      const token = accessToken(fake);
      const ids = Array.from({ length: BIG }, () => fake.addToken());
      const run = await revokeStep(fake, {
        'token-id': ids.join('\n'),
        'access-token': token,
        concurrency: '4',
      });

      expect(run.code).toBe(1);
      const sent = fake.revokeRequests().length;
      expect(sent).toBeGreaterThanOrEqual(1);
      expect(sent).toBeLessThanOrEqual(4); // the first wave: what was in flight
      expect(ids.some((id) => fake.isRevoked(id))).toBe(false);
      // A refused revoke is not read back: no GET tokens/{id} at all.
      expect(fake.requestsTo('get-token')).toEqual([]);
      const counts = countsOf(run);
      expect(counts).toEqual({
        revoked: 0,
        alreadyRevoked: 0,
        notFound: 0,
        failed: sent,
        notAttempted: BIG - sent,
        total: BIG,
      });
      const notAttempted = JSON.parse(run.outputs['not-attempted'] ?? '') as string[];
      const failed = (JSON.parse(run.outputs.failed ?? '') as Array<{ id: string }>).map(
        (f) => f.id,
      );
      expect(new Set([...notAttempted, ...failed])).toEqual(new Set(ids));
      const errors = commands(run, 'error');
      expect(errors.length).toBeLessThanOrEqual(5);
      const why = errors.filter((line) => /Infisical refused the access token/.test(line));
      expect(why).toHaveLength(1);
      expect(why[0]).toMatch(
        new RegExp(`\\(${said.source.split(' —')[0]}\\) when revoking token `),
      );
      // The server's own words, in the failed tokens' (grouped) line.
      expect(errors.filter((line) => said.test(line))).toHaveLength(1);
      expect(why[0]).toContain(`${BIG - sent} of ${BIG} tokens were not attempted.`);
      expect(tallyOf(run.outputs.message ?? '')).toEqual(counts);
      expect(run.outputs['already-revoked-count']).toBe('0');
      expect(run.summary).toContain('> **Stopped:** Infisical refused the access token');
      expectNoLeak(run, token);
    },
  );

  test(`${BIG} ids that all fail the same 403 PermissionDenied way: every id tried and in failed, at most 5 error annotations, grouped`, async () => {
    const fake = await startFake();
    const denied = fake.addAccessToken(
      makeJwt({ identityId: fake.identityId, authTokenType: 'identityAccessToken', iat: 1 }),
      'denied',
    );
    const ids = Array.from({ length: BIG }, () => fake.addToken());
    const run = await revokeStep(fake, {
      'token-id': ids.join(' '),
      'access-token': denied,
      concurrency: '32',
    });

    expect(run.code).toBe(1);
    expect(fake.revokeRequests()).toHaveLength(BIG); // a permission problem does not stop a batch
    expect(fake.requestsTo('get-token')).toEqual([]); // a refused revoke is not read back
    const failed = JSON.parse(run.outputs.failed ?? '') as Array<Record<string, unknown>>;
    expect(failed.map((f) => f.id)).toEqual(ids);
    expect(failed.every((f) => f.status === 403 && f.error === 'PermissionDenied')).toBe(true);
    const errors = commands(run, 'error');
    expect(errors.length).toBeLessThanOrEqual(5);
    expect(errors).toEqual([
      expect.stringMatching(
        new RegExp(
          `^${BIG} tokens \\(${ids.slice(0, 5).join(', ')} and ${BIG - 5} more\\): could not be revoked: 403 PermissionDenied — You are not allowed to edit on identity\\. .*Identity → Edit`,
        ),
      ),
      `${BIG} of ${BIG} tokens could not be revoked (see the errors above). ${BIG} tokens: 0 revoked, 0 already revoked, 0 not found, ${BIG} failed.`,
    ]);
    expect(run.summary.match(/^\| [0-9a-f-]{36} \| ❌ failed \| — \| 403 \|/gm)).toHaveLength(BIG);
    expectNoLeak(run, denied);
  });

  test('eight different failures: at most 5 error annotations, the rest counted in one, every id in failed', async () => {
    const fake = await startFake();
    const ids = Array.from({ length: 8 }, () => fake.addToken());
    fake.inject(
      ...ids.map((_, i) =>
        answer(400, {
          reqId: `req-Distinct00000${i}`,
          statusCode: 400,
          message: `Reason number ${i}`,
          error: 'BadRequest',
        }),
      ),
    );
    const run = await revokeStep(fake, {
      'token-id': ids.join('\n'),
      retries: '0',
      concurrency: '1',
    });

    expect(run.code).toBe(1);
    const errors = commands(run, 'error');
    expect(errors).toHaveLength(5);
    expect(errors.at(-2)).toMatch(
      /^\d+ more tokens could not be revoked for \d+ other reasons: see the log and the job summary\.$/,
    );
    expect(errors.at(-1)).toBe(
      '8 of 8 tokens could not be revoked (see the errors above). 8 tokens: 0 revoked, 0 already revoked, 0 not found, 8 failed.',
    );
    const shown = errors.slice(0, -2).length;
    const more = Number(/^(\d+) more/.exec(errors.at(-2) ?? '')?.[1]);
    expect(shown + more).toBe(8);
    expect(
      (JSON.parse(run.outputs.failed ?? '') as Array<{ id: string }>).map((f) => f.id),
    ).toEqual(ids);
    // Every token's own line is still in the log.
    for (const id of ids)
      expect(run.stdout).toContain(`Could not revoke token ${id}: 400 BadRequest`);
  });

  test('a server that cannot be reached (connection refused) stops the batch; the rest is listed not attempted', async () => {
    const port = await freePort();
    const ids = Array.from({ length: 40 }, () => randomUUID());
    const run = await revokeStep(undefined, {
      'token-id': ids.join('\n'),
      'server-url': `http://127.0.0.1:${port}`,
      retries: '1',
      concurrency: '4',
    });

    expect(run.code).toBe(1);
    const counts = countsOf(run);
    expect(counts.total).toBe(40);
    expect(counts.revoked).toBe(0);
    expect(counts.alreadyRevoked).toBe(0);
    expect(counts.notFound).toBe(0);
    expect(counts.failed).toBeGreaterThanOrEqual(1);
    expect(counts.failed).toBeLessThanOrEqual(4);
    expect(counts.notAttempted).toBe(40 - counts.failed);
    const errors = commands(run, 'error');
    expect(errors.length).toBeLessThanOrEqual(5);
    expect(errors.filter((line) => /could not be reached/.test(line))).toEqual([
      expect.stringMatching(
        new RegExp(
          `^Infisical at http://127\\.0\\.0\\.1:${port} could not be reached .*so the batch stopped\\. ${counts.notAttempted} of 40 tokens were not attempted\\.`,
        ),
      ),
    ]);
    expect(run.summary.match(/⏹️ not attempted/g)).toHaveLength(counts.notAttempted);
    expectPlainLog(run);
  });
  test('a server that never answers (every attempt times out) stops the batch the same way', async () => {
    const fake = await startFake();
    const ids = Array.from({ length: 30 }, () => fake.addToken());
    fake.inject(...Array.from({ length: 30 }, () => neverAnswer));
    const run = await revokeStep(fake, {
      'token-id': ids.join('\n'),
      'timeout-seconds': '1',
      retries: '0',
      concurrency: '2',
    });

    expect(run.code).toBe(1);
    const counts = countsOf(run);
    expect(counts.total).toBe(30);
    expect(counts.failed).toBeGreaterThanOrEqual(1);
    expect(counts.failed).toBeLessThanOrEqual(2);
    expect(counts.notAttempted).toBe(30 - counts.failed);
    expect(fake.revokeRequests()).toHaveLength(counts.failed);
    expect(ids.some((id) => fake.isRevoked(id))).toBe(false);
    const errors = commands(run, 'error');
    expect(errors.length).toBeLessThanOrEqual(5);
    expect(
      errors.filter((line) => /could not be reached .*so the batch stopped/.test(line)),
    ).toHaveLength(1);
  });
});

describe('a batch stops as unreachable when no revoke was answered, whatever the login got', () => {
  test('the login answered, then every revoke reset before an answer (retries 0): the batch stops as unreachable', async () => {
    const fake = await startFake();
    const login = universalLogin(fake);
    const ids = Array.from({ length: 20 }, () => fake.addToken());
    fake.inject(...ids.map(() => resetBeforeAnswer));
    const run = await revokeStep(fake, {
      ...login.inputs,
      'token-id': ids.join('\n'),
      retries: '0',
      concurrency: '1',
    });

    expect(run.code).toBe(1);
    expect(fake.requestsTo('universal-auth-login')).toHaveLength(1);
    expect(loginTokens(fake)).toHaveLength(1);
    const [first, ...rest] = ids as [string, ...string[]];
    expect(fake.revokeRequests().map((r) => r.path)).toEqual([
      `/api/v1/auth/token-auth/tokens/${first}/revoke`,
    ]);
    expect(ids.some((id) => fake.isRevoked(id))).toBe(false);
    expect(run.outputs).toMatchObject({
      'revoked-count': '0',
      'failed-count': '1',
      'not-attempted-count': '19',
      'not-attempted': JSON.stringify(rest),
    });
    expect(JSON.parse(run.outputs.failed ?? '')).toEqual([
      { id: first, status: null, error: null, reqId: null },
    ]);
    const closing = `Infisical at ${fake.url} could not be reached for the revokes (every attempt for token ${first} failed on the network), so the batch stopped. 19 of 20 tokens were not attempted. 20 tokens: 0 revoked, 0 already revoked, 0 not found, 1 failed, 19 not attempted.`;
    expect(commands(run, 'error').at(-1)).toBe(closing);
    expect(run.outputs.message).toBe(closing);
    expect(run.summary).toContain(
      `> **Stopped:** Infisical at ${fake.url} could not be reached for the revokes`,
    );
    // The login itself is still revoked at the end.
    const [seen] = loginTokens(fake) as [string];
    expect(fake.isRevoked(claimsOf(seen).identityAccessTokenId as string)).toBe(true);
    // …and read back with itself: GET identities/details, once, after the logout.
    expect(fake.requestsTo('identity-details').map((r) => r.headers.authorization)).toEqual([
      `Bearer ${seen}`,
    ]);
  });
});

describe('rate limits', () => {
  test('a batch paces itself on the headers: few 429s, every token revoked', async () => {
    const fake = await startFake({ rateLimit: { limit: 10, windowMs: 1000 } });
    const ids = Array.from({ length: 35 }, () => fake.addToken());
    const run = await revokeStep(fake, { 'token-id': ids.join('\n'), concurrency: '8' });
    expect(run.code).toBe(0);
    expect(ids.every((id) => fake.isRevoked(id))).toBe(true);
    // Each revoke read back once (reads have a budget and a pacer of their own).
    expect(fake.requestsTo('get-token')).toHaveLength(35);
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
