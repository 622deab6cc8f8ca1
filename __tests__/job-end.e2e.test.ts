// revoke-at: job-end, end to end (the built dist/ run as a runner runs it, against the fake Infisical
// on loopback): the main step checks the inputs, saves state and sends nothing; the post step, with
// that state, revokes. Inputs that come from a later step are read again when the job ends.
import { describe, expect, test } from '@jest/globals';
import type { Generation } from '../testbed/fake-infisical.js';
import { ACCESS_TOKEN, commands, expectNoLeak, revokeStep, startFake } from './support/harness.js';

describe('revoke-at: job-end', () => {
  test.each(['legacy', 'current'] as Generation[])(
    '%s server: main checks and sends nothing; post revokes with the state main saved, and reads it back',
    async (generation) => {
      const fake = await startFake({ generation });
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
      expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
        `POST /api/v1/auth/token-auth/tokens/${id}/revoke`,
        `GET /api/v1/auth/token-auth/tokens/${id}`,
      ]);
      expect(post.outputs).toMatchObject({ revoked: JSON.stringify([id]), 'revoked-count': '1' });
      expect(post.summary).toMatch(
        new RegExp(`^\\| ${id} \\| ✅ revoked \\| shown by the server \\| 200 \\|`, 'm'),
      );
      expectNoLeak(main);
      expectNoLeak(post);
    },
  );

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
    // The main step revoked the token and read it back; the post step adds nothing.
    expect(fake.requests.map((r) => r.route)).toEqual(['revoke', 'get-token']);
    const post = await revokeStep(fake, { 'token-id': id }, { entry: 'post', state: main.state });
    expect(post.code).toBe(0);
    expect(fake.requests).toHaveLength(2);
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

describe('revoke-at: job-end with inputs that come from a later step', () => {
  test.each([
    [
      'access-token empty',
      true,
      'access-token is empty now; the inputs are read again when the job ends (the runner evaluates with: again for the post step).',
    ],
    [
      'token-id and access-token empty',
      false,
      'token-id and access-token are empty now; the inputs are read again when the job ends (the runner evaluates with: again for the post step).',
    ],
  ])(
    '%s in the main step: state saved, nothing sent; the post step with them filled revokes',
    async (_, tokenIdKnown, notice) => {
      const fake = await startFake();
      const id = fake.addToken();
      const main = await revokeStep(fake, {
        'access-token': '',
        'token-id': tokenIdKnown ? id : '',
        'revoke-at': 'job-end',
      });

      expect(main.code).toBe(0);
      expect(main.state).toEqual({ 'revoke-at-job-end': 'true' });
      expect(main.stdout.split('\n')).toContain(notice);
      expect(commands(main, 'error')).toEqual([]);
      expect(fake.requests).toEqual([]);
      expect(fake.isRevoked(id)).toBe(false);

      const post = await revokeStep(
        fake,
        { 'access-token': ACCESS_TOKEN, 'token-id': id, 'revoke-at': 'job-end' },
        { entry: 'post', state: main.state },
      );
      expect(post.code).toBe(0);
      expect(fake.isRevoked(id)).toBe(true);
      expect(fake.requests.map((r) => r.route)).toEqual(['revoke', 'get-token']);
      for (const request of fake.requests) {
        expect(request.headers.authorization).toBe(`Bearer ${ACCESS_TOKEN}`);
      }
      expect(post.outputs).toMatchObject({ revoked: JSON.stringify([id]), 'revoked-count': '1' });
      expectNoLeak(post);
    },
  );

  test('job-end with method: oidc and an identity-id from a later step: main saves state; post logs in', async () => {
    const fake = await startFake();
    const main = await revokeStep(fake, {
      'access-token': '',
      method: 'oidc',
      'identity-id': '',
      'token-id': fake.addToken(),
      'revoke-at': 'job-end',
    });
    expect(main.code).toBe(0);
    expect(main.state).toEqual({ 'revoke-at-job-end': 'true' });
    expect(main.stdout).toContain(
      'identity-id is empty now; the inputs are read again when the job ends',
    );
    expect(fake.requests).toEqual([]);
  });
});
