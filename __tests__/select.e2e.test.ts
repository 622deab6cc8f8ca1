// Choosing the tokens to revoke from Infisical's list, end to end: the built step in its own
// process against the fake, which lists as Infisical does (by updatedAt, 200 rows at most, revoked
// rows kept). What is asserted is what happened: the fake's state, the requests it got (and their
// order), the outputs, the annotations and the summary; never how fast.
import { describe, expect, test } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { FakeInfisical } from '../testbed/fake-infisical.js';
import { offContract } from '../testbed/faults.js';
import {
  ACCESS_TOKEN,
  SELF_TOKEN_ID,
  commands,
  expectNoLeak,
  revokeStep,
  startFake,
} from './support/harness.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const LIST_PATH = /^\/api\/v1\/auth\/token-auth\/identities\/([^/]+)\/tokens\?(.*)$/;

/**
 * A token of this identity created `ago` ms before now. TTL 0 (never expires) by default: the
 * fake's default TTL is 30 days, and an old token past it would be skipped as expired.
 */
function token(
  fake: FakeInfisical,
  identityId: string,
  ago: number,
  options: { name?: string | null; revoked?: boolean; ttl?: number } = {},
): string {
  return fake.addToken(randomUUID(), {
    identityId,
    name: options.name ?? null,
    createdAt: new Date(Date.now() - ago),
    ttl: options.ttl ?? 0,
    revoked: options.revoked,
  });
}

/** The list requests, as `identity offset limit`. */
function listed(fake: FakeInfisical): string[] {
  return fake.requestsTo('list-tokens').map((r) => {
    const [, identity, query] = LIST_PATH.exec(r.path) ?? [];
    const params = new URLSearchParams(query);
    return `${identity} ${params.get('offset')} ${params.get('limit')}`;
  });
}

/** The ids of the revoke requests, in the order sent. */
function revokedIds(fake: FakeInfisical): string[] {
  return fake.revokeRequests().map((r) => /tokens\/([^/]+)\/revoke/.exec(r.path)?.[1] as string);
}

const selectedIds = (outputs: Record<string, string>): string[] =>
  (JSON.parse(outputs.selected ?? '') as Array<{ id: string }>).map((t) => t.id);

/**
 * Old tokens recently renamed or updated (top of Infisical's list), new tokens never touched: the
 * list's order (updatedAt) is nearly the reverse of the creation order.
 */
function mixedPopulation(fake: FakeInfisical) {
  const id = fake.identityId;
  const t = {
    oldRenamed: token(fake, id, 60 * DAY, { name: 'ci-60d' }),
    oldUpdated: fake.addToken(randomUUID(), {
      identityId: id,
      name: 'ci-45d',
      createdAt: new Date(Date.now() - 45 * DAY),
      updatedAt: new Date(Date.now() - HOUR),
      ttl: 0,
    }),
    old: token(fake, id, 10 * DAY, { name: 'ci-10d' }),
    newer: token(fake, id, 2 * DAY, { name: 'ci-2d' }),
    newest: token(fake, id, HOUR, { name: 'ci-1h' }),
  };
  fake.renameToken(t.oldRenamed, 'ci-60d-renamed');
  return t;
}

describe('age and "newest" follow createdAt, never the list order', () => {
  test('keep-newest: 2 keeps the two newest created, though the old ones were updated last', async () => {
    const fake = await startFake();
    const t = mixedPopulation(fake);
    const run = await revokeStep(fake, {
      'tokens-of-identity': fake.identityId,
      'keep-newest': '2',
    });

    expect(run.code).toBe(0);
    expect([t.oldRenamed, t.oldUpdated, t.old].map((id) => fake.isRevoked(id))).toEqual([
      true,
      true,
      true,
    ]);
    expect(fake.isRevoked(t.newer)).toBe(false);
    expect(fake.isRevoked(t.newest)).toBe(false);
    // Oldest first, with the fields the output promises.
    expect(JSON.parse(run.outputs.selected ?? '')).toEqual([
      {
        id: t.oldRenamed,
        name: 'ci-60d-renamed',
        createdAt: fake.token(t.oldRenamed)?.createdAt.toISOString(),
        identityId: fake.identityId,
      },
      {
        id: t.oldUpdated,
        name: 'ci-45d',
        createdAt: fake.token(t.oldUpdated)?.createdAt.toISOString(),
        identityId: fake.identityId,
      },
      {
        id: t.old,
        name: 'ci-10d',
        createdAt: fake.token(t.old)?.createdAt.toISOString(),
        identityId: fake.identityId,
      },
    ]);
    expect(JSON.parse(run.outputs.revoked ?? '')).toEqual(
      expect.arrayContaining([t.oldRenamed, t.oldUpdated, t.old]),
    );
    expect(run.outputs['revoked-count']).toBe('3');
    expect(commands(run, 'error')).toEqual([]);
    expect(commands(run, 'warning')).toEqual([]);
    expectNoLeak(run);
  });

  test('older-than: 7d takes the tokens created 7 days ago or more, whenever they were updated', async () => {
    const fake = await startFake();
    const t = mixedPopulation(fake);
    const run = await revokeStep(fake, {
      'tokens-of-identity': fake.identityId,
      'older-than': '7d',
    });

    expect(run.code).toBe(0);
    expect(selectedIds(run.outputs)).toEqual([t.oldRenamed, t.oldUpdated, t.old]);
    expect(revokedIds(fake).sort()).toEqual([t.oldRenamed, t.oldUpdated, t.old].sort());
    expect(fake.isRevoked(t.newer)).toBe(false);
    expect(fake.isRevoked(t.newest)).toBe(false);
    // The summary: per identity, what was listed and chosen, each chosen token with its age.
    expect(run.summary).toContain(`#### Identity ${fake.identityId}`);
    expect(run.summary).toContain('Listed 5 tokens (5 live); chose 3.');
    expect(run.summary).toContain('| Token | Name | Created | Age | Result |');
    expect(run.summary).toMatch(
      new RegExp(
        `\\| ${t.oldRenamed} \\| ci-60d-renamed \\| [0-9T:.Z-]+ \\| 60 d \\| ✅ revoked \\|`,
      ),
    );
    expect(run.summary).toMatch(
      new RegExp(`\\| ${t.old} \\| ci-10d \\| [0-9T:.Z-]+ \\| 10 d \\| ✅ revoked \\|`),
    );
  });
});

test('more than 200 tokens: two pages, a warning that the list is full, nothing outside the 200 listed is revoked', async () => {
  const fake = await startFake();
  const id = fake.identityId;
  // 230 tokens created an hour apart, oldest first; the 5 oldest were renamed since.
  const all = Array.from({ length: 230 }, (_, i) => token(fake, id, (230 - i) * HOUR));
  for (const renamed of all.slice(0, 5)) fake.renameToken(renamed, 'renamed');
  // The list holds the 200 most recently updated: the 5 renamed and the 195 newest.
  const reachable = [...all.slice(0, 5), ...all.slice(35)];
  const outOfReach = all.slice(5, 35);

  const run = await revokeStep(fake, { 'tokens-of-identity': id, 'older-than': '0s' });

  expect(listed(fake)).toEqual([`${id} 0 100`, `${id} 100 100`]);
  expect(run.code).toBe(0);
  expect(reachable.every((t) => fake.isRevoked(t))).toBe(true);
  expect(outOfReach.filter((t) => fake.isRevoked(t))).toEqual([]);
  expect(revokedIds(fake).sort()).toEqual([...reachable].sort());
  expect(run.outputs['revoked-count']).toBe('200');
  expect(selectedIds(run.outputs)).toEqual(reachable);
  const warnings = commands(run, 'warning');
  expect(warnings).toHaveLength(1);
  expect(warnings[0]).toMatch(
    new RegExp(
      `^Identity ${id} has 200 or more tokens: Infisical lists only the 200 most recently updated .*older tokens may be out of reach for this run`,
    ),
  );
  expect(run.summary).toContain(
    'Listed 200 tokens (200 live) — the list is full: Infisical lists only the 200 most recently updated tokens',
  );
});

test('several identities and token-id: every page of every identity is read before the first revoke; the union is revoked, each id once', async () => {
  const fake = await startFake();
  const a = fake.addIdentity({ name: 'a' });
  const b = fake.addIdentity({ name: 'b' });
  // a has 120 tokens: two pages. All old enough but the newest of each identity.
  const ofA = Array.from({ length: 120 }, (_, i) => token(fake, a, (130 - i) * DAY));
  const newA = token(fake, a, HOUR);
  // b's old tokens are younger than any of a's (11 to 130 days): oldest first is a's, then b's.
  const ofB = [token(fake, b, 9 * DAY), token(fake, b, 8 * DAY)];
  const newB = token(fake, b, HOUR);
  const named = fake.addToken();
  const alsoChosen = ofB[0] as string;

  const run = await revokeStep(fake, {
    'tokens-of-identity': `${a}\n${b}, ${a.toUpperCase()}`,
    'older-than': '7d',
    'token-id': `${named}\n${alsoChosen}`,
    concurrency: '8',
  });

  expect(run.code).toBe(0);
  expect(listed(fake)).toEqual([`${a} 0 100`, `${a} 100 100`, `${b} 0 100`]);
  const lastList = fake.requests.findLastIndex((r) => r.route === 'list-tokens');
  const firstRevoke = fake.requests.findIndex((r) => r.route === 'revoke');
  expect(firstRevoke).toBeGreaterThan(lastList);
  const expected = [...ofA, ...ofB, named];
  const sent = revokedIds(fake);
  expect(sent).toHaveLength(expected.length);
  expect(new Set(sent).size).toBe(sent.length);
  expect([...sent].sort()).toEqual([...expected].sort());
  expect(expected.every((t) => fake.isRevoked(t))).toBe(true);
  expect(fake.isRevoked(newA)).toBe(false);
  expect(fake.isRevoked(newB)).toBe(false);
  // selected: what the filters chose (token-id's own ids are not among them), oldest first.
  expect(selectedIds(run.outputs)).toEqual([...ofA, ...ofB]);
  expect(run.outputs['revoked-count']).toBe(String(expected.length));
  expect(run.summary).toContain(`#### Identity ${a}`);
  expect(run.summary).toContain(`#### Identity ${b}`);
  expect(run.summary).toContain('Listed 121 tokens (121 live); chose 120.');
  expect(run.summary).toContain('Listed 3 tokens (3 live); chose 2.');
});

test('revoked and expired rows are listed but skipped, never revoked again', async () => {
  const fake = await startFake();
  const id = fake.identityId;
  const live = token(fake, id, 30 * DAY);
  const revoked = token(fake, id, 40 * DAY, { revoked: true });
  const expired = token(fake, id, 50 * DAY, { ttl: 3600 });

  const run = await revokeStep(fake, { 'tokens-of-identity': id, 'older-than': '7d' });

  expect(run.code).toBe(0);
  expect(revokedIds(fake)).toEqual([live]);
  expect(selectedIds(run.outputs)).toEqual([live]);
  expect(fake.isRevoked(expired)).toBe(false);
  expect(fake.isRevoked(revoked)).toBe(true);
  expect(run.stdout).toContain(
    `Identity ${id}: Skipped 1 row of tokens already revoked (Infisical lists them until it prunes them).`,
  );
  expect(run.stdout).toContain(`Identity ${id}: Skipped 1 expired token`);
  expect(run.summary).toContain('Listed 3 tokens (1 live); chose 1.');
});

describe('token-name', () => {
  const names = ['deploy', 'deploy-2', 'ci-a', 'ci-b', 'ci-long-name', null] as const;

  test.each([
    ['an exact name', 'deploy', ['deploy']],
    ['a glob with *', 'ci-*', ['ci-a', 'ci-b', 'ci-long-name']],
    ['a glob with ?', 'ci-?', ['ci-a', 'ci-b']],
    [
      '* (tokens without a name never match)',
      '*',
      ['deploy', 'deploy-2', 'ci-a', 'ci-b', 'ci-long-name'],
    ],
    ['a name that matches nothing', 'nightly-*', []],
  ])('%s', async (_, pattern, expected) => {
    const fake = await startFake();
    const ids = new Map<string | null, string>(
      names.map((name, i) => [name, token(fake, fake.identityId, (10 - i) * DAY, { name })]),
    );
    const run = await revokeStep(fake, {
      'tokens-of-identity': fake.identityId,
      'token-name': pattern,
    });

    expect(run.code).toBe(0);
    const chosen = expected.map((name) => ids.get(name) as string);
    expect(selectedIds(run.outputs)).toEqual(chosen);
    expect(revokedIds(fake).sort()).toEqual([...chosen].sort());
    expect(fake.isRevoked(ids.get(null) as string)).toBe(false);
    if (expected.length === 0) {
      expect(fake.revokeRequests()).toEqual([]);
      expect(run.outputs.message).toBe(
        '0 tokens: 0 revoked, 0 not found or already gone, 0 failed. Nothing was chosen to revoke.',
      );
    }
  });
});

test('dry run: lists and chooses, revokes nothing (token-id included), and says so', async () => {
  const fake = await startFake();
  const t = mixedPopulation(fake);
  const named = fake.addToken();
  const run = await revokeStep(fake, {
    'tokens-of-identity': fake.identityId,
    'older-than': '7d',
    'token-id': named,
    'dry-run': 'true',
  });

  expect(run.code).toBe(0);
  expect(fake.revokeRequests()).toEqual([]);
  expect(fake.requests.every((r) => r.route === 'list-tokens')).toBe(true);
  expect(Object.values(t).some((id) => fake.isRevoked(id))).toBe(false);
  expect(fake.isRevoked(named)).toBe(false);
  expect(selectedIds(run.outputs)).toEqual([t.oldRenamed, t.oldUpdated, t.old]);
  expect(run.outputs.message).toBe('Dry run: 4 tokens would be revoked; nothing was revoked.');
  expect(run.outputs.revoked).toBe('[]');
  expect(run.outputs['revoked-count']).toBe('0');
  expect(run.stdout).toContain('Dry run, nothing is revoked');
  expect(run.summary).toContain('**Dry run: 4 tokens would be revoked; nothing was revoked.**');
  for (const id of [t.oldRenamed, t.oldUpdated, t.old]) {
    expect(run.summary).toMatch(
      new RegExp(`^\\| ${id} \\|.*\\| 🔎 would be revoked \\(dry run\\) \\|$`, 'm'),
    );
  }
  expect(run.summary).not.toContain('✅ revoked');
  expect(commands(run, 'error')).toEqual([]);
});

describe("the access token's own token is never chosen", () => {
  test('an old own token among old tokens: kept, with a note; the others revoked', async () => {
    const fake = await startFake();
    const id = fake.identityId;
    // The harness's access token names SELF_TOKEN_ID: give it a row of this identity, created long ago.
    fake.addToken(SELF_TOKEN_ID, {
      identityId: id,
      createdAt: new Date(Date.now() - 90 * DAY),
      ttl: 0,
    });
    const others = [token(fake, id, 80 * DAY), token(fake, id, 30 * DAY)];

    const run = await revokeStep(fake, { 'tokens-of-identity': id, 'older-than': '7d' });

    expect(run.code).toBe(0);
    expect(fake.isRevoked(SELF_TOKEN_ID)).toBe(false);
    expect(revokedIds(fake).sort()).toEqual([...others].sort());
    expect(selectedIds(run.outputs)).toEqual(others);
    const note = `Kept token ${SELF_TOKEN_ID}: it is the access token's own token, and revoking it would cut off this run's credential; token-id: self revokes it.`;
    expect(run.stdout).toContain(`Identity ${id}: ${note}`);
    expect(run.summary).toContain(`- ${note}`);
    expectNoLeak(run, ACCESS_TOKEN);
  });

  test('an access token issued for the identity, with older-than: 0s: every token but its own', async () => {
    const fake = await startFake();
    const id = fake.addIdentity({ name: 'rotator' });
    const others = [token(fake, id, 3 * DAY), token(fake, id, 2 * DAY)];
    const own = fake.issueAccessToken({ identityId: id, name: 'the runner' });
    const later = token(fake, id, 0);

    const run = await revokeStep(fake, {
      'access-token': own.token,
      'tokens-of-identity': id,
      'older-than': '0s',
    });

    expect(run.code).toBe(0);
    expect(fake.isRevoked(own.id)).toBe(false);
    expect(revokedIds(fake).sort()).toEqual([...others, later].sort());
    expect(selectedIds(run.outputs)).not.toContain(own.id);
    expect(run.stdout).toContain(`Kept token ${own.id}: it is the access token's own token`);
    expectNoLeak(run, own.token);
  });
});

describe('list errors', () => {
  /** The error line of a failed list: status, Infisical's words, reqId, then the hint. */
  const listError = (identity: string, said: string, hint: string) =>
    new RegExp(
      `^Could not list the tokens of identity ${identity}: ${said} \\(reqId: req-[A-Za-z0-9]{14}\\)\\. ${hint}`,
    );

  /** An identity with an old token (which would be chosen, could it be listed). */
  const withToken = (fake: FakeInfisical, id: string) => ({ id, token: token(fake, id, 30 * DAY) });

  test.each([
    [
      'an unknown identity',
      // Nothing is added under it: adding a token would create the identity.
      (_: FakeInfisical): { id: string; token?: string } => ({ id: randomUUID() }),
      (id: string) => `404 NotFound — Failed to find identity with ID ${id}`,
      'Check tokens-of-identity: no identity with this id',
    ],
    [
      "another organization's identity",
      (fake: FakeInfisical) => withToken(fake, fake.addIdentity({ orgId: randomUUID() })),
      (id: string) => `404 NotFound — Failed to find identity with ID ${id}`,
      'Check tokens-of-identity: no identity with this id',
    ],
    [
      'an identity without Token Auth',
      (fake: FakeInfisical) => withToken(fake, fake.addIdentity({ tokenAuth: false })),
      () => '400 BadRequest — The identity does not have Token Auth',
      'Check tokens-of-identity: this identity does not use Token Auth',
    ],
  ])(
    '%s: nothing of it revoked, one error line with the reqId, the step fails, the other identities still done',
    async (_, make, said, hint) => {
      const fake = await startFake();
      const { id: bad, token: badToken } = make(fake);
      const good = fake.addIdentity();
      const goodToken = token(fake, good, 30 * DAY);

      const run = await revokeStep(fake, {
        'tokens-of-identity': `${bad}\n${good}`,
        'older-than': '7d',
      });

      expect(run.code).toBe(1);
      expect(listed(fake)).toEqual([`${bad} 0 100`, `${good} 0 100`]);
      expect(revokedIds(fake)).toEqual([goodToken]);
      if (badToken) expect(fake.isRevoked(badToken)).toBe(false);
      const errors = commands(run, 'error');
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(listError(bad, said(bad), hint));
      expect(run.outputs['revoked-count']).toBe('1');
      expect(selectedIds(run.outputs)).toEqual([goodToken]);
      expect(run.summary).toMatch(new RegExp(`#### Identity ${bad}\\n\\n❌ Could not list`));
    },
  );

  test('no read permission (403): the hint says listing needs Identity → Read', async () => {
    const fake = await startFake();
    // 'denied' may neither read nor edit; 'read-only' would list and fail on the revokes instead.
    const denied = fake.addAccessToken(`denied-${randomUUID()}`, 'denied');
    const kept = token(fake, fake.identityId, 30 * DAY);

    const run = await revokeStep(fake, {
      'access-token': denied,
      'tokens-of-identity': fake.identityId,
      'older-than': '7d',
    });

    expect(run.code).toBe(1);
    expect(fake.revokeRequests()).toEqual([]);
    expect(fake.isRevoked(kept)).toBe(false);
    const errors = commands(run, 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      listError(
        fake.identityId,
        '403 PermissionDenied — You are not allowed to read on identity',
        'Listing tokens needs Identity → Read on their identity',
      ),
    );
    expectNoLeak(run, denied);
  });

  test('a refused access token (401) stops everything: no other identity listed, nothing revoked', async () => {
    const fake = await startFake();
    const other = fake.addIdentity();
    const mine = token(fake, fake.identityId, 30 * DAY);
    const theirs = token(fake, other, 30 * DAY);
    const named = fake.addToken();
    const unknown = `unknown-${randomUUID()}`;

    const run = await revokeStep(fake, {
      'access-token': unknown,
      'tokens-of-identity': `${fake.identityId}\n${other}`,
      'older-than': '7d',
      'token-id': named,
    });

    expect(run.code).toBe(1);
    expect(listed(fake)).toEqual([`${fake.identityId} 0 100`]);
    expect(fake.revokeRequests()).toEqual([]);
    expect([mine, theirs, named].some((id) => fake.isRevoked(id))).toBe(false);
    expect(JSON.parse(run.outputs['not-attempted'] ?? '')).toEqual([named]);
    // One line: the list's refusal, which stopped the run, and what was left undone.
    expect(commands(run, 'error')).toEqual([
      expect.stringMatching(
        new RegExp(
          `^Could not list the tokens of identity ${fake.identityId}: 401 UnauthorizedError — Invalid token \\(reqId: req-[A-Za-z0-9]{14}\\)\\. The access token is missing, expired or revoked: .* 1 of 1 tokens were not attempted\\. 1 token: 0 revoked, 0 not found or already gone, 0 failed, 1 not attempted\\.$`,
        ),
      ),
    ]);
    expect(run.summary).toContain(
      `Did not list the tokens of identity ${other}: Infisical refused the access token (401 UnauthorizedError) when listing identity ${fake.identityId}`,
    );
    expectNoLeak(run, unknown);
  });

  test('listing is retried after a 503 (server starting up), then goes on', async () => {
    const fake = await startFake();
    const old = token(fake, fake.identityId, 30 * DAY);
    fake.injectOn(
      'list-tokens',
      offContract(503, { status: 'unavailable', message: 'Server is starting up…' }),
    );

    const run = await revokeStep(fake, {
      'tokens-of-identity': fake.identityId,
      'older-than': '7d',
    });

    expect(run.code).toBe(0);
    expect(listed(fake)).toEqual([`${fake.identityId} 0 100`, `${fake.identityId} 0 100`]);
    expect(run.stdout).toMatch(
      new RegExp(`Attempt 1 of 4 to list the tokens of identity ${fake.identityId} failed \\(503`),
    );
    expect(revokedIds(fake)).toEqual([old]);
    expect(commands(run, 'error')).toEqual([]);
  });
});

describe('input errors, before any request', () => {
  test.each([
    [
      'tokens-of-identity without a filter',
      { 'tokens-of-identity': randomUUID() },
      /^Input tokens-of-identity needs a filter: .*older-than: 0s\.$/,
    ],
    [
      'a filter without tokens-of-identity',
      { 'token-id': randomUUID(), 'older-than': '7d' },
      /^Input older-than chooses among the tokens of the identities in tokens-of-identity, which is empty\./,
    ],
    [
      'a duration that is not one',
      { 'tokens-of-identity': randomUUID(), 'older-than': '7 days' },
      /^Input older-than must be a whole number and one unit: .*; got "7 days"\.$/,
    ],
    [
      'a keep-newest that is not a whole number',
      { 'tokens-of-identity': randomUUID(), 'keep-newest': '-1' },
      /^Input keep-newest must be a whole number from 0 to 1000, got "-1"\.$/,
    ],
    [
      'an identity id that is not a UUID',
      { 'tokens-of-identity': 'my-identity', 'older-than': '0s' },
      /^Input tokens-of-identity: "my-identity" is not an identity id\./,
    ],
  ])('%s', async (_, inputs, message) => {
    const fake = await startFake();
    const run = await revokeStep(fake, inputs);

    expect(run.code).toBe(1);
    expect(fake.requests).toEqual([]);
    expect(commands(run, 'error')).toEqual([expect.stringMatching(message)]);
  });
});

// Infisical Cloud counts reads (listing) and writes (revoking) apart. The two list pages spend the
// whole read budget (remaining 0, reset in 60 s): a step that paced both classes as one would wait
// out the read window before its first revoke, well past this test's timeout.
test('reads and writes have budgets of their own: 150 tokens with 2 reads allowed a minute, no 429', async () => {
  const fake = await startFake({
    readRateLimit: { limit: 2, windowMs: 60_000 },
    // Room for a few more writes than revokes: with a budget of exactly 150, the pacer may wait out
    // the window before the last revoke when concurrent requests reach the server out of order.
    rateLimit: { limit: 160, windowMs: 60_000 },
  });
  const all = Array.from({ length: 150 }, (_, i) => token(fake, fake.identityId, (200 - i) * HOUR));

  const run = await revokeStep(fake, {
    'tokens-of-identity': fake.identityId,
    'older-than': '0s',
    concurrency: '8',
  });

  expect(run.code).toBe(0);
  expect(listed(fake)).toEqual([`${fake.identityId} 0 100`, `${fake.identityId} 100 100`]);
  expect(fake.rateLimited).toBe(0);
  expect(fake.answers.filter((a) => a.status === 429)).toEqual([]);
  expect(fake.revokeRequests()).toHaveLength(150);
  expect(all.every((id) => fake.isRevoked(id))).toBe(true);
  expect(run.outputs['revoked-count']).toBe('150');
});
