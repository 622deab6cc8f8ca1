// Every claim read back, end to end on both of Infisical's server generations (the built dist/ run
// as a runner runs it, against the fake Infisical on loopback): a revoke by id is shown revoked by
// its row, `self` by the token refused; a 200 from something in front of Infisical does not make a
// live token "revoked"; already revoked, not found and unverified are kept apart; verify: false
// reads nothing.
import { describe, expect, test } from '@jest/globals';
import {
  gatewayErrorWithoutRevoke,
  successAsTextPlainWithoutRevoking,
  successWithoutRevoking,
} from '../testbed/faults.js';
import { commands, revokeStep, startFake } from './support/harness.js';

const GENERATIONS = ['legacy', 'current'] as const;
const DAY = 24 * 3600 * 1000;

describe.each(GENERATIONS)('on a %s server', (generation) => {
  test('a revoke by id is read back: the row shows it revoked, and the summary says so', async () => {
    const fake = await startFake({ generation });
    const id = fake.addToken();
    const run = await revokeStep(fake, { 'token-id': id });

    expect(run.code).toBe(0);
    expect(fake.isRevoked(id)).toBe(true);
    expect(fake.requests.map((r) => `${r.method} ${r.route}`)).toEqual([
      'POST revoke',
      'GET get-token',
    ]);
    expect(fake.requestsTo('get-token')[0]?.path).toBe(`/api/v1/auth/token-auth/tokens/${id}`);
    expect(run.outputs).toMatchObject({
      revoked: JSON.stringify([id]),
      'already-revoked': '[]',
      'not-found': '[]',
      'revoked-count': '1',
    });
    expect(run.summary).toContain('| Token | Result | Read back | HTTP status | reqId | Note |');
    expect(run.summary).toContain(`| ${id} | ✅ revoked | shown by the server | 200 |`);
  });

  test('a 200 "Successfully revoked" from something in front, token not revoked: the read-back shows it live, and the step fails', async () => {
    const fake = await startFake({ generation });
    const id = fake.addToken();
    fake.inject(successWithoutRevoking);
    const run = await revokeStep(fake, { 'token-id': id });

    expect(run.code).toBe(1);
    expect(fake.isRevoked(id)).toBe(false);
    expect(run.outputs).toMatchObject({ revoked: '[]', 'failed-count': '1' });
    expect(commands(run, 'error').join('\n')).toContain('but the token still works');
  });

  test('the success JSON sent as text/plain counts only because the read-back shows it revoked; without revoking, it fails', async () => {
    const fake = await startFake({ generation });
    const id = fake.addToken();
    fake.inject(successAsTextPlainWithoutRevoking);
    const run = await revokeStep(fake, { 'token-id': id });
    expect(run.code).toBe(1);
    expect(run.outputs).toMatchObject({ revoked: '[]', 'failed-count': '1' });
    expect(commands(run, 'error').join('\n')).toMatch(
      /not Infisical's success answer.*, but the token still works/,
    );
  });

  test('the token lookup 404 for a revoked row is already-revoked; for an id that never existed, not-found; apart in the outputs', async () => {
    const fake = await startFake({ generation });
    const revoked = fake.addToken(undefined, { revoked: true });
    const unknown = '5d2a7f0e-1c3b-4e5d-8f6a-7b8c9d0e1f2a';
    const run = await revokeStep(fake, {
      'token-id': `${revoked}\n${unknown}`,
      'ignore-not-found': 'true',
    });

    expect(run.code).toBe(0);
    expect(JSON.parse(run.outputs['already-revoked'] ?? '')).toEqual([
      expect.objectContaining({ id: revoked, status: 404 }),
    ]);
    expect(JSON.parse(run.outputs['not-found'] ?? '')).toEqual([
      expect.objectContaining({ id: unknown, status: 404 }),
    ]);
    expect(run.outputs['message']).toBe(
      '2 tokens: 0 revoked, 1 already revoked, 1 not found, 0 failed.',
    );
  });

  test('without ignore-not-found, an already-revoked token fails the step, named as already revoked', async () => {
    const fake = await startFake({ generation });
    const revoked = fake.addToken(undefined, { revoked: true });
    const run = await revokeStep(fake, { 'token-id': revoked });
    expect(run.code).toBe(1);
    expect(run.outputs['already-revoked-count']).toBe('1');
    expect(commands(run, 'error').join('\n')).toContain(
      `Could not revoke token ${revoked}: it was already revoked (404 NotFound`,
    );
  });

  test('a lost answer (a gateway 502 without the revoke), then the 404 for a live login token: not-found, never "revoked", and the login token still works', async () => {
    const fake = await startFake({ generation });
    const { token, id } = fake.issueAccessToken({ authMethod: 'OIDC_AUTH' });
    fake.inject(gatewayErrorWithoutRevoke(502));
    const run = await revokeStep(fake, { 'token-id': id, 'ignore-not-found': 'true' });

    expect(run.outputs).toMatchObject({ revoked: '[]', 'not-found-count': '1' });
    expect(fake.isLive(token)).toBe(true);
  });

  test('a row that looks expired by its TTL is chosen like a live one and revoked (a renewal on a current server does not show in its row)', async () => {
    const fake = await startFake({ generation });
    const old = new Date(Date.now() - 40 * DAY);
    const id = fake.addToken(undefined, { createdAt: old, updatedAt: old, ttl: 3600 });
    const run = await revokeStep(fake, {
      'tokens-of-identity': fake.identityId,
      'older-than': '30d',
    });

    expect(run.code).toBe(0);
    expect(JSON.parse(run.outputs['selected'] ?? '')).toEqual([expect.objectContaining({ id })]);
    expect(run.outputs['revoked']).toBe(JSON.stringify([id]));
    expect(run.stdout).toContain('1 row looked expired by its TTL');
  });

  test('self is read back with the token itself: identities/details refuses it after the revoke', async () => {
    const fake = await startFake({ generation });
    const { token } = fake.issueAccessToken();
    const run = await revokeStep(fake, { 'token-id': 'self', 'access-token': token });

    expect(run.code).toBe(0);
    expect(fake.requests.map((r) => `${r.method} ${r.route}`)).toEqual([
      'POST token-revoke',
      'GET identity-details',
    ]);
    expect(fake.requestsTo('identity-details')[0]?.headers.authorization).toBe(`Bearer ${token}`);
    expect(fake.isLive(token)).toBe(false);
  });

  test('self answered 200 by something in front, the token not revoked: the token still works, and the step fails', async () => {
    const fake = await startFake({ generation });
    const { token } = fake.issueAccessToken();
    fake.injectOn('token-revoke', successWithoutRevoking);
    const run = await revokeStep(fake, { 'token-id': 'self', 'access-token': token });

    expect(run.code).toBe(1);
    expect(fake.isLive(token)).toBe(true);
    expect(run.outputs['revoked']).toBe('[]');
    expect(commands(run, 'error').join('\n')).toContain('but the token still works');
  });

  test('verify: false reads nothing back, and the summary says "not read back"', async () => {
    const fake = await startFake({ generation });
    const id = fake.addToken();
    const run = await revokeStep(fake, { 'token-id': id, verify: 'false' });

    expect(run.code).toBe(0);
    expect(fake.requestsTo('get-token')).toHaveLength(0);
    expect(run.summary).toContain(`| ${id} | ✅ revoked | not read back | 200 |`);
  });

  test('a read-back refused for lack of Identity → Read: revoked but unverified, one warning, the step green', async () => {
    const fake = await startFake({ generation });
    const editOnly = 'eyJhbGciOiJIUzI1NiJ9.eyJlZGl0T25seSI6dHJ1ZX0.c2ln';
    fake.addAccessToken(editOnly, 'edit-only');
    const ids = [fake.addToken(), fake.addToken()];
    const run = await revokeStep(fake, { 'token-id': ids.join(','), 'access-token': editOnly });

    expect(run.code).toBe(0);
    expect(ids.every((id) => fake.isRevoked(id))).toBe(true);
    expect(run.outputs['revoked-count']).toBe('2');
    const warnings = commands(run, 'warning');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /^Revoked 2 tokens \(.*\), but could not read them back to verify: 403/,
    );
    expect(run.summary).toContain('⚠️ unverified');
  });
});

describe('on a current server only', () => {
  test('a token issued before the redesign, already revoked, answers self-revoke 401 "Cannot renew revoked or unknown access token": already revoked, done with ignore-not-found', async () => {
    const fake = await startFake({ generation: 'current' });
    const { token, id } = fake.issueAccessToken({ preRedesign: true });
    // Revoked by id (with another access token): the row is revoked.
    const first = await revokeStep(fake, { 'token-id': id });
    expect(first.code).toBe(0);
    const run = await revokeStep(fake, {
      'token-id': 'self',
      'access-token': token,
      'ignore-not-found': 'true',
    });

    expect(run.code).toBe(0);
    expect(run.outputs['already-revoked-count']).toBe('1');
    expect(run.outputs['revoked']).toBe('[]');
    const answer = fake.answers.find((a) => a.route === 'token-revoke');
    expect(answer?.status).toBe(401);
  });
});
