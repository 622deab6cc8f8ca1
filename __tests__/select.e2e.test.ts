// Choosing the tokens to revoke from Infisical's list, end to end: the built step in its own
// process against the fake, which lists as Infisical does (by updatedAt, 200 rows at most, revoked
// rows kept). What is asserted is what happened: the fake's state, the requests it got (and their
// order), the outputs, the annotations and the summary; never how fast.
import { describe, expect, test } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { FakeInfisical } from '../testbed/fake-infisical.js';
import { answer, offContract } from '../testbed/faults.js';
import { DAY, HOUR, mixedPopulation, selectedIds, tokenOf } from './support/fixtures.js';
import {
  ACCESS_TOKEN,
  SELF_TOKEN_ID,
  answerById,
  commands,
  expectNoLeak,
  revokeStep,
  startFake,
} from './support/harness.js';

const LIST_PATH = /^\/api\/v1\/auth\/token-auth\/identities\/([^/]+)\/tokens\?(.*)$/;

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
    expect(run.summary).toContain('Listed 5 tokens (5 not revoked); chose 3.');
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
  const all = Array.from({ length: 230 }, (_, i) => tokenOf(fake, id, (230 - i) * HOUR));
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
    'Listed 200 tokens (200 not revoked) — the list is full: Infisical lists only the 200 most recently updated tokens',
  );
});

test('several identities and token-id: every page of every identity is read before the first revoke; the union is revoked, each id once', async () => {
  const fake = await startFake();
  const a = fake.addIdentity({ name: 'a' });
  const b = fake.addIdentity({ name: 'b' });
  // a has 120 tokens: two pages. All old enough but the newest of each identity.
  const ofA = Array.from({ length: 120 }, (_, i) => tokenOf(fake, a, (130 - i) * DAY));
  const newA = tokenOf(fake, a, HOUR);
  // b's old tokens are younger than any of a's (11 to 130 days): oldest first is a's, then b's.
  const ofB = [tokenOf(fake, b, 9 * DAY), tokenOf(fake, b, 8 * DAY)];
  const newB = tokenOf(fake, b, HOUR);
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
  expect(run.summary).toContain('Listed 121 tokens (121 not revoked); chose 120.');
  expect(run.summary).toContain('Listed 3 tokens (3 not revoked); chose 2.');
});

test('revoked and expired-looking rows: revoked rows are skipped, never revoked again; rows that look expired by their TTL are chosen like live ones', async () => {
  const fake = await startFake();
  const id = fake.identityId;
  const live = tokenOf(fake, id, 30 * DAY);
  const revoked = tokenOf(fake, id, 40 * DAY, { revoked: true });
  const expired = tokenOf(fake, id, 50 * DAY, { ttl: 3600 });

  const run = await revokeStep(fake, { 'tokens-of-identity': id, 'older-than': '7d' });

  expect(run.code).toBe(0);
  // Oldest first: the expired-looking row (50 d), then the live one (30 d); never the revoked one.
  expect(revokedIds(fake)).toEqual([expired, live]);
  expect(selectedIds(run.outputs)).toEqual([expired, live]);
  expect(fake.isRevoked(expired)).toBe(true);
  expect(fake.isRevoked(live)).toBe(true);
  expect(fake.isRevoked(revoked)).toBe(true);
  expect(JSON.parse(run.outputs.revoked ?? '')).toEqual([expired, live]);
  expect(run.stdout).toContain(
    `Identity ${id}: Skipped 1 row of tokens already revoked (Infisical lists them until it prunes them).`,
  );
  expect(run.stdout).toContain(
    `Identity ${id}: 1 row looked expired by its TTL; such a token may still work (a renewal on a current server does not show in its row), so it is chosen like live ones.`,
  );
  expect(run.stdout).not.toContain('Skipped 1 expired token');
  expect(run.summary).toContain('Listed 3 tokens (2 not revoked); chose 2.');
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
      names.map((name, i) => [name, tokenOf(fake, fake.identityId, (10 - i) * DAY, { name })]),
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
        '0 tokens: 0 revoked, 0 already revoked, 0 not found, 0 failed. Nothing was chosen to revoke.',
      );
    }
  });
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
    const others = [tokenOf(fake, id, 80 * DAY), tokenOf(fake, id, 30 * DAY)];

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
    const others = [tokenOf(fake, id, 3 * DAY), tokenOf(fake, id, 2 * DAY)];
    const own = fake.issueAccessToken({ identityId: id, name: 'the runner' });
    const later = tokenOf(fake, id, 0);

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

describe('tokens-of-identity: every chosen token has its line; a lone revoke failure beside list errors is annotated', () => {
  test("every chosen token's own line is in the log", async () => {
    const fake = await startFake();
    const identity = fake.addIdentity();
    const chosen = [
      tokenOf(fake, identity, 30 * DAY),
      tokenOf(fake, identity, 30 * DAY),
      tokenOf(fake, identity, 30 * DAY),
    ];
    const run = await revokeStep(fake, { 'tokens-of-identity': identity, 'older-than': '7d' });

    expect(run.code).toBe(0);
    expect(chosen.every((id) => fake.isRevoked(id))).toBe(true);
    const lines = run.stdout.split('\n');
    for (const id of chosen) {
      expect(lines).toContain(`Revoked token ${id}: Successfully revoked access token.`);
    }
    expect(run.outputs['revoked-count']).toBe('3');
    expect(commands(run, 'error')).toEqual([]);
  });

  test('two identities, one list 404, one chosen revoke 409: the 409 line is an ::error:: annotation, and message is the closing failure line', async () => {
    const fake = await startFake();
    const unknown = randomUUID(); // no identity: its list is a 404
    const identity = fake.addIdentity();
    const chosen = [
      tokenOf(fake, identity, 30 * DAY),
      tokenOf(fake, identity, 30 * DAY),
      tokenOf(fake, identity, 30 * DAY),
    ];
    const failing = chosen[1] as string;
    answerById(
      fake,
      {
        [failing]: answer(409, {
          reqId: 'req-Conflict000001',
          statusCode: 409,
          message: 'The token is being rotated',
          error: 'Conflict',
        }),
      },
      chosen.length,
    );
    const run = await revokeStep(fake, {
      'tokens-of-identity': `${unknown}\n${identity}`,
      'older-than': '7d',
    });

    expect(run.code).toBe(1);
    expect(fake.requestsTo('list-tokens')).toHaveLength(2);
    expect(fake.revokeRequests()).toHaveLength(3);
    expect(chosen.map((id) => fake.isRevoked(id))).toEqual([true, false, true]);
    const failedLine = `Could not revoke token ${failing}: 409 Conflict — The token is being rotated (reqId: req-Conflict000001).`;
    const closing =
      '1 of 2 identities could not be listed, so none of their tokens were revoked (see the errors above). 3 tokens: 2 revoked, 0 already revoked, 0 not found, 1 failed.';
    const errors = commands(run, 'error');
    expect(errors).toEqual([
      expect.stringMatching(
        new RegExp(
          `^Could not list the tokens of identity ${unknown}: 404 NotFound — Failed to find identity with ID ${unknown} \\(reqId: req-[A-Za-z0-9]{14}\\)\\. Check tokens-of-identity`,
        ),
      ),
      failedLine,
      closing,
    ]);
    expect(run.outputs.message).toBe(closing);
    expect(run.outputs.message).toBe(errors.at(-1));
    // Every chosen token's line is in the log too, the failing one included.
    const lines = run.stdout.split('\n');
    expect(lines).toContain(failedLine);
    for (const id of [chosen[0], chosen[2]]) {
      expect(lines).toContain(`Revoked token ${id}: Successfully revoked access token.`);
    }
    expect(JSON.parse(run.outputs.failed ?? '')).toEqual([
      { id: failing, status: 409, error: 'Conflict', reqId: 'req-Conflict000001' },
    ]);
    expect(run.outputs['revoked-count']).toBe('2');
  });
});

describe('list errors', () => {
  /** The error line of a failed list: status, Infisical's words, reqId, then the hint. */
  const listError = (identity: string, said: string, hint: string) =>
    new RegExp(
      `^Could not list the tokens of identity ${identity}: ${said} \\(reqId: req-[A-Za-z0-9]{14}\\)\\. ${hint}`,
    );

  /** An identity with an old token (which would be chosen, could it be listed). */
  const withToken = (fake: FakeInfisical, id: string) => ({
    id,
    token: tokenOf(fake, id, 30 * DAY),
  });

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
      const goodToken = tokenOf(fake, good, 30 * DAY);

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
    const kept = tokenOf(fake, fake.identityId, 30 * DAY);

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
    const mine = tokenOf(fake, fake.identityId, 30 * DAY);
    const theirs = tokenOf(fake, other, 30 * DAY);
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
          `^Could not list the tokens of identity ${fake.identityId}: 401 UnauthorizedError — Invalid token \\(reqId: req-[A-Za-z0-9]{14}\\)\\. The access token is missing, expired or revoked: .* 1 of 1 tokens were not attempted\\. 1 token: 0 revoked, 0 already revoked, 0 not found, 0 failed, 1 not attempted\\.$`,
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
    const old = tokenOf(fake, fake.identityId, 30 * DAY);
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

// Infisical Cloud counts reads (listing) and writes (revoking) apart. The two list pages spend the
// whole read budget (remaining 0, reset in 60 s): a step that paced both classes as one would wait
// out the read window before its first revoke, well past this test's timeout.
// The read-backs are reads too (GET tokens/{id} after each revoke), so this run turns them off
// (verify: false): the two list pages are then the only reads.
test('reads and writes have budgets of their own: 150 tokens with 2 reads allowed a minute, no 429 (verify: false, so the list pages are the only reads)', async () => {
  const fake = await startFake({
    readRateLimit: { limit: 2, windowMs: 60_000 },
    // Room for a few more writes than revokes: with a budget of exactly 150, the pacer may wait out
    // the window before the last revoke when concurrent requests reach the server out of order.
    rateLimit: { limit: 160, windowMs: 60_000 },
  });
  const all = Array.from({ length: 150 }, (_, i) =>
    tokenOf(fake, fake.identityId, (200 - i) * HOUR),
  );

  const run = await revokeStep(fake, {
    'tokens-of-identity': fake.identityId,
    'older-than': '0s',
    concurrency: '8',
    verify: 'false',
  });

  expect(run.code).toBe(0);
  expect(listed(fake)).toEqual([`${fake.identityId} 0 100`, `${fake.identityId} 100 100`]);
  expect(fake.rateLimited).toBe(0);
  expect(fake.answers.filter((a) => a.status === 429)).toEqual([]);
  expect(fake.revokeRequests()).toHaveLength(150);
  expect(fake.requestsTo('get-token')).toEqual([]);
  expect(all.every((id) => fake.isRevoked(id))).toBe(true);
  expect(run.outputs['revoked-count']).toBe('150');
});
