// dry-run: true, end to end (the built dist/ run as a runner runs it, against the fake Infisical on
// loopback): the step lists and chooses as it would, logs and summarises every token it would
// revoke, and sends no revoke: it only reads (the list, and a lookup of each id named in token-id).
import { expect, test } from '@jest/globals';
import type { Generation } from '../testbed/fake-infisical.js';
import { mixedPopulation, selectedIds } from './support/fixtures.js';
import { ACCESS_TOKEN, SELF_TOKEN_ID, commands, revokeStep, startFake } from './support/harness.js';

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
  // Reads only: the identity's list, and a lookup of the id named in token-id.
  expect(fake.requests.map((r) => `${r.method} ${r.route}`)).toEqual([
    'GET list-tokens',
    'GET get-token',
  ]);
  expect(fake.requestsTo('get-token').map((r) => r.path)).toEqual([
    `/api/v1/auth/token-auth/tokens/${named}`,
  ]);
  expect(Object.values(t).some((id) => fake.isRevoked(id))).toBe(false);
  expect(fake.isRevoked(named)).toBe(false);
  // The chosen rows, then the named id with the state its lookup showed.
  expect(selectedIds(run.outputs)).toEqual([t.oldRenamed, t.oldUpdated, t.old, named]);
  expect(JSON.parse(run.outputs.selected ?? '').at(-1)).toEqual({ id: named, state: 'live' });
  expect(run.stdout).toContain(`Dry run: would revoke token ${named}.`);
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

test.each(['legacy', 'current'] as Generation[])(
  '%s server: a dry run looks up and logs every token it would revoke, and counts the own token named twice once',
  async (generation) => {
    const fake = await startFake({ generation });
    const a = fake.addToken();
    const run = await revokeStep(fake, {
      'token-id': `${a}\nself\n${SELF_TOKEN_ID.toUpperCase()}`,
      'dry-run': 'true',
    });
    expect(run.code).toBe(0);
    // One lookup per token, none a revoke: GET the id, and self read with the access token itself.
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET /api/v1/auth/token-auth/tokens/${a}`,
      'GET /api/v1/identities/details',
    ]);
    expect(fake.requests.every((r) => r.headers.authorization === `Bearer ${ACCESS_TOKEN}`)).toBe(
      true,
    );
    expect(fake.isRevoked(a)).toBe(false);
    expect(fake.isLive(ACCESS_TOKEN)).toBe(true);
    expect(JSON.parse(run.outputs.selected ?? '')).toContainEqual({ id: a, state: 'live' });
    expect(run.outputs['revoked-count']).toBe('0');
    expect(run.stdout).toContain(`Dry run: would revoke token ${a}.`);
    expect(run.stdout).toContain(
      `Dry run: would revoke the access token itself (token ${SELF_TOKEN_ID}).`,
    );
    expect(run.outputs.message).toBe('Dry run: 2 tokens would be revoked; nothing was revoked.');
    expect(run.summary).toContain(
      `Named in token-id, would be revoked: token ${a}, the access token itself (token ${SELF_TOKEN_ID}).`,
    );
  },
);

test('a dry run looks up each named id: live, already revoked and not found are told apart, and only the live one is counted', async () => {
  const fake = await startFake();
  const live = fake.addToken();
  const revoked = fake.addToken(undefined, { revoked: true });
  const unknown = '7a1c2a0e-8b7d-4c2e-9f55-0a1b2c3d4e5f';
  const run = await revokeStep(fake, {
    'token-id': [live, revoked, unknown].join('\n'),
    'dry-run': 'true',
    concurrency: '1',
  });
  expect(fake.revokeRequests()).toEqual([]);
  expect(fake.requests.map((r) => `${r.method} ${r.route}`)).toEqual([
    'GET get-token',
    'GET get-token',
    'GET get-token',
  ]);
  expect(fake.isRevoked(live)).toBe(false);
  expect(run.stdout).toContain(`Dry run: would revoke token ${live}.`);
  expect(run.stdout).toContain(
    `Dry run: token ${revoked} is already revoked; a real run would find nothing to revoke.`,
  );
  expect(run.stdout).toMatch(
    new RegExp(
      `^Dry run: no Token Auth token answers to token ${unknown} for this access token \\(.+\\)`,
      'm',
    ),
  );
  expect(JSON.parse(run.outputs.selected ?? '')).toEqual([
    { id: live, state: 'live' },
    { id: revoked, state: 'already-revoked' },
    { id: unknown, state: 'not-found' },
  ]);
  expect(run.outputs.message).toBe('Dry run: 1 token would be revoked; nothing was revoked.');
});
