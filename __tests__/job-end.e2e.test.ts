// revoke-at: job-end, end to end (the built dist/ run as a runner runs it, against the fake Infisical
// on loopback): the main step checks the inputs, saves state and sends nothing; the post step, with
// that state, revokes. Inputs that come from a later step are read again when the job ends.
import { describe, expect, test } from '@jest/globals';
import type { Generation } from '../testbed/fake-infisical.js';
import {
  ACCESS_TOKEN,
  commands,
  expectNoLeak,
  revokeStep,
  startFake,
  startGitHubOidc,
} from './support/harness.js';

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

  // Changed with issue 14: the job now has id-token: write (the runner's two variables), which the
  // main step checks at once; without them it fails (see "checks for the ID token now" below).
  test('job-end with method: oidc (id-token: write) and an identity-id from a later step: main saves state; post logs in', async () => {
    const fake = await startFake();
    const github = await startGitHubOidc();
    const main = await revokeStep(
      fake,
      {
        'access-token': '',
        method: 'oidc',
        'identity-id': '',
        'token-id': fake.addToken(),
        'revoke-at': 'job-end',
      },
      { env: github.env() },
    );
    expect(main.code).toBe(0);
    expect(main.state).toEqual({ 'revoke-at-job-end': 'true' });
    expect(main.stdout).toContain(
      'identity-id is empty now; the inputs are read again when the job ends',
    );
    expect(fake.requests).toEqual([]);
  });
});

// Issue 14: what the main step can know now, it checks now; the job cannot get an ID token later.
describe('revoke-at: job-end with method: oidc checks for the ID token now', () => {
  const IDENTITY = '2a7c0c1e-3b4d-4e5f-8a9b-0c1d2e3f4a5b';

  test('without permissions id-token: write (no ACTIONS_ID_TOKEN_REQUEST_URL/_TOKEN): the main step fails at once, saves no state, sends nothing', async () => {
    const fake = await startFake();
    const github = await startGitHubOidc();
    const id = fake.addToken();
    const inputs = {
      'access-token': '',
      method: 'oidc',
      'identity-id': IDENTITY,
      'token-id': id,
      'revoke-at': 'job-end',
    };
    const main = await revokeStep(fake, inputs);

    expect(main.code).toBe(1);
    expect(commands(main, 'error')).toEqual([
      expect.stringMatching(
        /^Input method: oidc needs a GitHub ID token at job end, and this job cannot ask for one .*permissions: id-token: write\. Pull requests from forks never get one\.$/,
      ),
    ]);
    expect(main.stdout).not.toMatch(/will be revoked when the job ends/);
    expect(main.state).toEqual({});
    expect(fake.requests).toEqual([]);
    expect(github.requests).toEqual([]);
    // The record says so: nothing was revoked, the token named is not attempted.
    expect(main.outputs['not-attempted']).toBe(JSON.stringify([id]));
    expect(main.summary).toMatch(/Nothing was revoked/);
  });

  test.each([
    ['only the URL', { ACTIONS_ID_TOKEN_REQUEST_URL: 'http://127.0.0.1:9/token' }],
    ['only the request token', { ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'request-token' }],
  ])('with %s set: fails the same way', async (_, env) => {
    const fake = await startFake();
    const main = await revokeStep(
      fake,
      {
        'access-token': '',
        method: 'oidc',
        'identity-id': '',
        'token-id': fake.addToken(),
        'revoke-at': 'job-end',
      },
      { env },
    );
    expect(main.code).toBe(1);
    expect(commands(main, 'error')[0]).toMatch(/^Input method: oidc needs a GitHub ID token/);
    expect(main.state).toEqual({});
  });

  test('with both set: the main step saves the revoke and asks for nothing yet', async () => {
    const fake = await startFake();
    const github = await startGitHubOidc();
    const main = await revokeStep(
      fake,
      {
        'access-token': '',
        method: 'oidc',
        'identity-id': IDENTITY,
        'token-id': fake.addToken(),
        'revoke-at': 'job-end',
      },
      { env: github.env() },
    );
    expect(main.code).toBe(0);
    expect(main.state).toEqual({ 'revoke-at-job-end': 'true' });
    expect(github.requests).toEqual([]);
    expect(fake.requests).toEqual([]);
  });
});

describe('revoke-at: job-end and inputs given empty', () => {
  test('dry-run given empty in the main step: fails now, not after the job ran', async () => {
    const fake = await startFake();
    const id = fake.addToken();
    const main = await revokeStep(fake, { 'token-id': id, 'revoke-at': 'job-end', 'dry-run': '' });
    expect(main.code).toBe(1);
    expect(commands(main, 'error')[0]).toMatch(/^Input dry-run was given empty/);
    expect(main.state).toEqual({});
  });

  test('server-url given empty in the post step (re-evaluated at job end): refused, the record says the token is still live', async () => {
    const fake = await startFake();
    const id = fake.addToken();
    const post = await revokeStep(
      fake,
      { 'token-id': id, 'revoke-at': 'job-end', 'server-url': '' },
      { entry: 'post', state: { 'revoke-at-job-end': 'true' } },
    );
    expect(post.code).toBe(1);
    expect(commands(post, 'error')).toEqual([
      expect.stringMatching(/^Input server-url was given empty/),
    ]);
    expect(fake.requests).toEqual([]);
    expect(fake.isRevoked(id)).toBe(false);
    expect(post.summary).toMatch(/Still live/);
  });
});
