// tokens-of-identity: all, end to end: every identity of the access token's organization that has
// Token Auth, read from every page of the memberships route (both servers' shapes), narrowed by
// identity-name; each identity's list read whole before its tokens are revoked, while the next
// identities are still being listed. What is asserted is what happened: the fake's state, the
// requests and their order, the outputs and the summary.
import { describe, expect, test } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { FakeInfisical, Generation } from '../testbed/fake-infisical.js';
import { answer } from '../testbed/faults.js';
import { DAY, HOUR, tokenOf } from './support/fixtures.js';
import { commands, expectNoLeak, revokeStep, startFake } from './support/harness.js';

/** The ids of the revoke-by-id requests, in the order sent. */
function revokedIds(fake: FakeInfisical): string[] {
  return fake.revokeRequests().map((r) => /tokens\/([^/]+)\/revoke/.exec(r.path)?.[1] as string);
}

/**
 * An organization of 130 identities: 88 with Token Auth and one old and one new token each, 25
 * without Token Auth (Universal Auth only), 15 with Token Auth and no token, the fake's default
 * identity, and the acting identity, whose own old token is the access token; and another
 * organization's identity with an old token. Returns the ids to check.
 */
function organization(fake: FakeInfisical) {
  const old: string[] = [];
  const fresh: string[] = [];
  for (let n = 0; n < 88; n += 1) {
    const identityId = fake.addIdentity({ name: `ci-${String(n).padStart(3, '0')}` });
    old.push(tokenOf(fake, identityId, 40 * DAY, { name: 'old' }));
    fresh.push(tokenOf(fake, identityId, HOUR, { name: 'new' }));
  }
  for (let n = 0; n < 25; n += 1) {
    fake.addIdentity({ name: `ua-${n}`, tokenAuth: false, authMethods: ['universal-auth'] });
  }
  for (let n = 0; n < 15; n += 1) fake.addIdentity({ name: `empty-${n}` });
  const admin = fake.addIdentity({ name: 'rotation-admin' });
  // The access token: a Token Auth token of the admin identity, old enough for the filter.
  const own = fake.issueAccessToken({ identityId: admin, ageSeconds: 40 * 86_400, ttl: 0 });
  const elsewhere = fake.addToken(randomUUID(), {
    orgId: randomUUID(),
    createdAt: new Date(Date.now() - 40 * DAY),
    ttl: 0,
  });
  return { old, fresh, own, elsewhere, admin };
}

const GENERATIONS: Generation[] = ['legacy', 'current'];

describe.each(GENERATIONS)('tokens-of-identity: all on a %s server', (generation) => {
  test('a sweep over 130 identities revokes exactly the old tokens of its Token Auth identities: not the new ones, not another organization’s, not the access token’s own', async () => {
    const fake = await startFake({ generation });
    const org = organization(fake);
    const run = await revokeStep(fake, {
      'access-token': org.own.token,
      'tokens-of-identity': 'ALL',
      'older-than': '30d',
    });

    expect(run.code).toBe(0);
    expect(org.old.every((id) => fake.isRevoked(id))).toBe(true);
    expect(org.fresh.some((id) => fake.isRevoked(id))).toBe(false);
    expect(fake.isRevoked(org.elsewhere)).toBe(false);
    expect(fake.isRevoked(org.own.id)).toBe(false);
    expect(fake.isLive(org.own.token)).toBe(true);
    expect(new Set(revokedIds(fake))).toEqual(new Set(org.old));
    expect(run.outputs['revoked-count']).toBe('88');
    // Two pages of memberships (100 each), one list per Token Auth identity (105: the admin's and
    // the default identity's too), none for the 25 without Token Auth.
    expect(fake.requestsTo('list-identities')).toHaveLength(2);
    expect(fake.requestsTo('list-tokens')).toHaveLength(105);
    // The organization from the token's own claim on current servers; asked for on legacy ones.
    expect(fake.requestsTo('identity-details').length > 0).toBe(generation === 'legacy');
    expect(run.summary).toContain(`#### Organization ${fake.orgId}`);
    expect(run.summary).toContain(
      'Swept 105 of 130 identities for Token Auth tokens; skipped 25: no Token Auth (25).',
    );
    expect(run.stdout).toContain(
      `Kept token ${org.own.id}: it is the access token's own token, and revoking it would cut off this run's credential`,
    );
    expect(commands(run, 'error')).toEqual([]);
    expectNoLeak(run, org.own.token);
  }, 60_000);

  test('older servers’ memberships (authMethod, one string) and identity-name narrow the sweep', async () => {
    const fake = await startFake({ generation, memberships: 'older' });
    const ci = fake.addIdentity({ name: 'ci-deploy' });
    const prod = fake.addIdentity({ name: 'prod-deploy' });
    const ciOld = tokenOf(fake, ci, 10 * DAY);
    const prodOld = tokenOf(fake, prod, 10 * DAY);
    const run = await revokeStep(fake, {
      'tokens-of-identity': 'all',
      'identity-name': 'ci-*',
      'older-than': '7d',
    });

    expect(run.code).toBe(0);
    expect(fake.isRevoked(ciOld)).toBe(true);
    expect(fake.isRevoked(prodOld)).toBe(false);
    // prod-deploy was never listed: identity-name skipped it.
    expect(fake.requestsTo('list-tokens').map((r) => r.path)).not.toContainEqual(
      expect.stringContaining(prod),
    );
    expect(run.summary).toMatch(/skipped \d+: name does not match "ci-\*" \(\d+\)/);
    expect(run.summary).toContain(
      `| ${prod} | prod-deploy | token-auth | skipped: name does not match "ci-*" | — |`,
    );
  }, 30_000);
});

describe('the sweep, further', () => {
  test('all beside ids: the union, each identity listed once', async () => {
    const fake = await startFake();
    const a = fake.addIdentity({ name: 'a' });
    const old = tokenOf(fake, a, 10 * DAY);
    const run = await revokeStep(fake, {
      'tokens-of-identity': `${a.toUpperCase()}\nall`,
      'older-than': '7d',
    });

    expect(run.code).toBe(0);
    expect(fake.isRevoked(old)).toBe(true);
    const lists = fake.requestsTo('list-tokens').map((r) => r.path.split('?')[0]);
    expect(lists.filter((path) => path?.includes(a))).toHaveLength(1);
    expect(new Set(lists).size).toBe(lists.length);
  });

  test('Identity → Read refused on the organization: the step fails, says what is needed, and revokes nothing', async () => {
    const fake = await startFake();
    const a = fake.addIdentity({ name: 'a' });
    const old = tokenOf(fake, a, 10 * DAY);
    const named = tokenOf(fake, a, 10 * DAY);
    fake.injectOn(
      'list-identities',
      answer(403, {
        reqId: 'req-NoReadOnOrg0001',
        statusCode: 403,
        message: 'You are not allowed to read on identity',
        error: 'PermissionDenied',
      }),
    );
    const run = await revokeStep(fake, {
      'token-id': named,
      'tokens-of-identity': 'all',
      'older-than': '7d',
    });

    expect(run.code).toBe(1);
    expect(fake.isRevoked(old)).toBe(false);
    const errors = commands(run, 'error');
    expect(errors.join('\n')).toContain('Identity → Read in the organization');
    expect(errors.join('\n')).toContain('req-NoReadOnOrg0001');
    expect(run.summary).toContain('#### The organization');
  });

  test('pipelined: the first identity’s tokens are revoked before the last identity is listed, and no identity’s token before its own list is complete', async () => {
    const fake = await startFake({ latencyMs: 10 });
    const identities = Array.from({ length: 8 }, (_, n) => fake.addIdentity({ name: `p-${n}` }));
    const tokens = new Map(
      identities.map((id) => [id, Array.from({ length: 3 }, () => tokenOf(fake, id, 10 * DAY))]),
    );
    const run = await revokeStep(fake, {
      'tokens-of-identity': 'all',
      'older-than': '7d',
      concurrency: '4',
    });

    expect(run.code).toBe(0);
    const order = fake.requests.map((r) => r.path.split('?')[0] as string);
    const lastList = order.findLastIndex(
      (path) => path.endsWith('/tokens') && path.includes('/identities/'),
    );
    const firstRevoke = order.findIndex((path) => path.endsWith('/revoke'));
    expect(firstRevoke).toBeGreaterThan(-1);
    expect(firstRevoke).toBeLessThan(lastList);
    for (const [identity, ids] of tokens) {
      const listedAt = order.findIndex((path) => path.includes(`/identities/${identity}/tokens`));
      for (const id of ids) {
        expect(order.findIndex((path) => path.includes(`/tokens/${id}/revoke`))).toBeGreaterThan(
          listedAt,
        );
        expect(fake.isRevoked(id)).toBe(true);
      }
    }
  });

  test('a token named in token-id waits for every list: its identity may still be listed, and its revoke would move its row', async () => {
    const fake = await startFake({ latencyMs: 10 });
    const first = fake.addIdentity({ name: 'a-first' });
    const second = fake.addIdentity({ name: 'b-second' });
    tokenOf(fake, first, 10 * DAY);
    const many = Array.from({ length: 150 }, (_, n) => tokenOf(fake, second, (n + 1) * HOUR));
    const named = many[0] as string;
    const run = await revokeStep(fake, {
      'token-id': named,
      'tokens-of-identity': `${first}\n${second}`,
      'older-than': '7d',
    });

    expect(run.code).toBe(0);
    const order = fake.requests.map((r) => r.path);
    const secondPage = order.findIndex((path) =>
      path.includes(`/identities/${second}/tokens?offset=100`),
    );
    const namedRevoke = order.findIndex((path) => path.includes(`/tokens/${named}/revoke`));
    expect(secondPage).toBeGreaterThan(-1);
    expect(namedRevoke).toBeGreaterThan(secondPage);
    expect(fake.isRevoked(named)).toBe(true);
  });

  test('a cancel mid-sweep: the identities not listed yet are not listed, what is reported revoked is, and the step ends by itself', async () => {
    const fake = await startFake({ latencyMs: 30 });
    const identities = Array.from({ length: 10 }, (_, n) => fake.addIdentity({ name: `c-${n}` }));
    const tokens = identities.flatMap((id) =>
      Array.from({ length: 5 }, () => tokenOf(fake, id, 10 * DAY)),
    );
    const run = await revokeStep(
      fake,
      { 'tokens-of-identity': 'all', 'older-than': '7d', concurrency: '2' },
      {
        interrupt: {
          signal: 'SIGINT',
          when: (stdout) =>
            stdout.split('\n').filter((l) => l.startsWith('Revoked token ')).length >= 3,
        },
      },
    );

    expect(run.killed).toBe(false);
    expect(run.code).toBe(1);
    const revoked = JSON.parse(run.outputs.revoked ?? '[]') as string[];
    expect(revoked.length).toBeGreaterThanOrEqual(3);
    // What is reported revoked is; nothing else is, but a revoke a cancel cut off in flight
    // (outcome unknown: it may have landed).
    const unknown = new Set(
      (JSON.parse(run.outputs.failed ?? '[]') as Array<{ id: string; outcomeUnknown?: boolean }>)
        .filter((f) => f.outcomeUnknown)
        .map((f) => f.id),
    );
    for (const id of tokens) {
      if (!unknown.has(id)) expect(fake.isRevoked(id)).toBe(revoked.includes(id));
    }
    // Listing stopped with the run: some identity was never listed, and says so.
    const listed = fake.requestsTo('list-tokens').length;
    expect(listed).toBeLessThan(identities.length + 1);
    expect(run.summary).toMatch(
      /Did not list the tokens of identity \S+: the run stopped before it/,
    );
    expect(run.summary).toMatch(/^### ⏹️ /m);
  });

  test('a dry run of a sweep lists what it would revoke and revokes nothing', async () => {
    const fake = await startFake();
    const a = fake.addIdentity({ name: 'a' });
    const old = tokenOf(fake, a, 10 * DAY);
    const run = await revokeStep(fake, {
      'tokens-of-identity': 'all',
      'older-than': '7d',
      'dry-run': 'true',
    });

    expect(run.code).toBe(0);
    expect(fake.isRevoked(old)).toBe(false);
    expect(fake.revokeRequests()).toEqual([]);
    expect(JSON.parse(run.outputs.selected ?? '')).toContainEqual(
      expect.objectContaining({ id: old }),
    );
    expect(run.outputs.message).toBe('Dry run: 1 token would be revoked; nothing was revoked.');
  });

  test('identity-name without all is refused before any request, naming the input', async () => {
    const fake = await startFake();
    const run = await revokeStep(fake, {
      'tokens-of-identity': fake.identityId,
      'identity-name': 'ci-*',
      'older-than': '7d',
    });

    expect(run.code).toBe(1);
    expect(fake.requests).toEqual([]);
    expect(commands(run, 'error')).toEqual([
      expect.stringMatching(
        /^Input identity-name narrows a sweep of every identity: it needs all in tokens-of-identity or client-secrets-of-identity\./,
      ),
    ]);
  });
});
