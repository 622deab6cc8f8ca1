// dry-run: true, end to end (the built dist/ run as a runner runs it, against the fake Infisical on
// loopback): the step lists and chooses as it would, logs and summarises every token it would
// revoke, and sends no revoke.
import { expect, test } from '@jest/globals';
import { mixedPopulation, selectedIds } from './support/fixtures.js';
import { SELF_TOKEN_ID, commands, revokeStep, startFake } from './support/harness.js';

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

test('a dry run logs every token it would revoke, and counts the own token named twice once', async () => {
  const fake = await startFake();
  const a = fake.addToken();
  const run = await revokeStep(fake, {
    'token-id': `${a}\nself\n${SELF_TOKEN_ID.toUpperCase()}`,
    'dry-run': 'true',
  });
  expect(run.code).toBe(0);
  expect(fake.requests).toEqual([]);
  expect(run.stdout).toContain(`Dry run: would revoke token ${a}.`);
  expect(run.stdout).toContain(
    `Dry run: would revoke the access token itself (token ${SELF_TOKEN_ID}).`,
  );
  expect(run.outputs.message).toBe('Dry run: 2 tokens would be revoked; nothing was revoked.');
  expect(run.summary).toContain(`Named in token-id, would be revoked: token ${a}`);
});
