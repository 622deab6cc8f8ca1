// Every failure leaves its record, end to end (the built dist/ run as a runner runs it, against the
// fake Infisical): refused inputs and refused logins still write every output (counts, `message` =
// the error line, the named ids as not attempted when token-id can be read) and a job summary that
// says plainly that nothing was revoked and why; in the post step, that the tokens are still live.
import { describe, expect, test } from '@jest/globals';
import type { StepResult } from '../testbed/runner.js';
import { OUTPUT_NAMES } from '../src/names.js';
import {
  ACCESS_TOKEN,
  SELF_TOKEN_ID,
  commands,
  expectNoLeak,
  makeJwt,
  revokeStep,
  startFake,
} from './support/harness.js';

const JOB_END = { 'revoke-at-job-end': 'true' };
const RUNNER_ENV = {
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_REPOSITORY: 'octo-org/octo-repo',
  GITHUB_RUN_ID: '4242',
  GITHUB_RUN_ATTEMPT: '2',
  GITHUB_WORKFLOW: 'deploy',
  GITHUB_JOB: 'release',
};

/** Every output is written; the counts are zero but not-attempted, which names `ids`. */
function expectRefusedOutputs(run: StepResult, ids: string[]): void {
  expect(Object.keys(run.outputs).sort()).toEqual([...OUTPUT_NAMES].sort());
  const [error] = commands(run, 'error');
  expect(run.outputs.message).toBe(error);
  expect(run.outputs).toMatchObject({
    revoked: '[]',
    'already-revoked': '[]',
    'not-found': '[]',
    failed: '[]',
    selected: '[]',
    'request-id': '',
    'revoked-count': '0',
    'already-revoked-count': '0',
    'not-found-count': '0',
    'failed-count': '0',
    'not-attempted-count': String(ids.length),
  });
  expect(JSON.parse(run.outputs['not-attempted'] ?? '')).toEqual(ids);
}

describe('refused inputs leave a record', () => {
  test('main step: every output, message = the error line, the named ids not attempted; the summary says nothing was revoked and why', async () => {
    const fake = await startFake();
    const ids = [fake.addToken(), fake.addToken()];
    const run = await revokeStep(
      fake,
      { 'token-id': ids.join(','), 'dry-run': '' },
      { env: RUNNER_ENV },
    );

    expect(run.code).toBe(1);
    expect(fake.requests).toEqual([]);
    expect(commands(run, 'error')).toEqual([
      expect.stringMatching(/^Input dry-run was given empty/),
    ]);
    expectRefusedOutputs(run, ids);
    expect(run.summary).toMatch(/^### Infisical token revocation failed: nothing revoked$/m);
    expect(run.summary).toContain(
      `**Nothing was revoked:** the inputs were refused before any request. ${run.outputs.message}`,
    );
    expect(run.summary).toContain(
      `2 tokens named, not attempted: token ${ids[0]}, token ${ids[1]}.`,
    );
    // Which run it was, with its attempt.
    expect(run.summary).toContain(
      '[octo-org/octo-repo run 4242 (attempt 2)](https://github.com/octo-org/octo-repo/actions/runs/4242/attempts/2)',
    );
    expect(run.summary).not.toMatch(/Still live/);
    expectNoLeak(run);
  });

  test('post step: the summary says first that the tokens are still live', async () => {
    const fake = await startFake();
    const id = fake.addToken();
    const post = await revokeStep(
      fake,
      { 'token-id': id, 'revoke-at': 'job-end', 'server-url': '' },
      { entry: 'post', state: JOB_END },
    );

    expect(post.code).toBe(1);
    expect(fake.requests).toEqual([]);
    expect(fake.isRevoked(id)).toBe(false);
    expectRefusedOutputs(post, [id]);
    expect(post.summary).toMatch(
      /^### Infisical token revocation at job end failed: nothing revoked, the tokens are still live$/m,
    );
    expect(post.summary).toMatch(
      new RegExp(
        `^> \\*\\*Still live:\\*\\* this was the revoke at job end, and no step runs after it: .*1 token named, not attempted: token ${id}\\.$`,
        'm',
      ),
    );
    expect(post.summary).toContain('at job end (post step)');
  });

  test('a token-id that cannot be read: no ids named, still every output and the summary', async () => {
    const fake = await startFake();
    const run = await revokeStep(fake, { 'token-id': 'not-an-id' });
    expect(run.code).toBe(1);
    expectRefusedOutputs(run, []);
    expect(run.outputs.message).toMatch(/^Input token-id: "not-an-id" is not a token id/);
    expect(run.summary).toMatch(/\*\*Nothing was revoked:\*\*/);
  });

  test('self with an access token that names its own id: listed as that id, not attempted', async () => {
    const fake = await startFake();
    const run = await revokeStep(fake, { 'token-id': 'self', retries: '' });
    expect(run.code).toBe(1);
    expectRefusedOutputs(run, [SELF_TOKEN_ID]);
    expect(run.summary).toContain(`the access token itself (token ${SELF_TOKEN_ID})`);
    expect(fake.isRevoked(SELF_TOKEN_ID)).toBe(false);
    expectNoLeak(run);
  });

  test('an empty token-id (its own rule) leaves the same record', async () => {
    const fake = await startFake();
    const run = await revokeStep(fake, { 'token-id': '' });
    expect(run.code).toBe(1);
    expectRefusedOutputs(run, []);
    expect(run.outputs.message).toMatch(/^Input token-id is empty/);
  });

  test('a secret-looking token-id is in no output or summary', async () => {
    const pasted = makeJwt({ sub: 'pasted-by-mistake' });
    const fake = await startFake();
    const run = await revokeStep(fake, { 'token-id': pasted });
    expect(run.code).toBe(1);
    expectRefusedOutputs(run, []);
    expectNoLeak(run, pasted);
    expectNoLeak(run, ACCESS_TOKEN);
  });
});

describe('a refused login leaves a record', () => {
  async function refusedLogin(entry: 'main' | 'post') {
    const fake = await startFake();
    const identity = fake.addIdentity({ name: 'revoker' });
    const ua = fake.configureUniversalAuth(identity);
    const ids = [fake.addToken(), fake.addToken()];
    const run = await revokeStep(
      fake,
      {
        'access-token': '',
        method: 'universal',
        'client-id': ua.clientId,
        'client-secret': `${ua.clientSecret}-wrong`,
        'token-id': ids.join('\n'),
        ...(entry === 'post' ? { 'revoke-at': 'job-end' } : {}),
      },
      entry === 'post' ? { entry, state: JOB_END } : {},
    );
    return { fake, ids, run, secret: `${ua.clientSecret}-wrong` };
  }

  test('main step: every output, the ids not attempted, a summary that says nothing was revoked', async () => {
    const { fake, ids, run, secret } = await refusedLogin('main');
    expect(run.code).toBe(1);
    expect(fake.revokeRequests()).toEqual([]);
    for (const id of ids) expect(fake.isRevoked(id)).toBe(false);
    expect(Object.keys(run.outputs).sort()).toEqual([...OUTPUT_NAMES].sort());
    expect(run.outputs).toMatchObject({ 'revoked-count': '0', 'not-attempted-count': '2' });
    expect(JSON.parse(run.outputs['not-attempted'] ?? '')).toEqual(expect.arrayContaining(ids));
    expect(run.outputs.message).toMatch(/^Could not log in to Infisical/);
    expect(run.summary).toContain(
      '**Nothing was revoked:** the action could not log in to Infisical, so it tried no token.',
    );
    expect(run.summary).not.toMatch(/Still live/);
    expectNoLeak(run, secret);
  });

  test('post step: the summary says the tokens are still live', async () => {
    const { ids, run } = await refusedLogin('post');
    expect(run.code).toBe(1);
    for (const id of ids) expect(run.summary).toContain(id);
    expect(run.summary).toMatch(/^> \*\*Still live:\*\* this was the revoke at job end/m);
  });
});
