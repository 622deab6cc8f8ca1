// The outputs and the job summary, end to end (the built dist/ run as a runner runs it, against the
// fake Infisical on loopback): the message, the counts and the arrays agree with each other and
// with the summary; the summary names the run, the actor, the server and every token; outputs or a
// summary that cannot be written are a warning; masked values do not garble either.
import { describe, expect, test } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { Generation } from '../testbed/fake-infisical.js';
import { answer, resetAfterRevoke } from '../testbed/faults.js';
import { permissionDenied } from './support/fixtures.js';
import { countsOf, tallyOf } from './support/outputs.js';
import {
  answerById,
  commands,
  expectNoLeak,
  revokeStep,
  startFake,
  unmasked,
} from './support/harness.js';

const GENERATIONS: Generation[] = ['legacy', 'current'];

describe('outputs agree with each other', () => {
  test.each(GENERATIONS)(
    '%s server: a mixed batch: the message tally, the counts, the arrays and the summary say the same; the closing line says what the three not done were',
    async (generation) => {
      const fake = await startFake({ generation });
      const [a, b, c, d] = [fake.addToken(), fake.addToken(), fake.addToken(), fake.addToken()];
      const unknown = randomUUID();
      answerById(
        fake,
        {
          [c]: permissionDenied(),
          [d]: answer(500, {
            reqId: 'req-Broken00000001',
            statusCode: 500,
            message: 'Something went wrong',
            error: 'InternalServerError',
          }),
        },
        5,
      );
      const run = await revokeStep(fake, {
        'token-id': [a, b, c, d, unknown].join('\n'),
        retries: '0',
        concurrency: '1',
      });

      expect(run.code).toBe(1);
      const counts = countsOf(run);
      expect(counts).toEqual({
        revoked: 2,
        alreadyRevoked: 0,
        notFound: 1,
        failed: 2,
        notAttempted: 0,
        total: 5,
      });
      expect(tallyOf(run.outputs.message ?? '')).toEqual(counts);
      expect(run.outputs.message).toBe(
        '3 of 5 tokens are not done: 2 could not be revoked, 1 was not found (see the errors above). 5 tokens: 2 revoked, 0 already revoked, 1 not found, 2 failed.',
      );
      expect(JSON.parse(run.outputs.revoked ?? '')).toEqual([a, b]);
      expect(JSON.parse(run.outputs['not-found'] ?? '')).toEqual([
        { id: unknown, status: 404, reqId: expect.stringMatching(/^req-\w{14}$/) },
      ]);
      expect(run.summary).toContain(
        '5 tokens: 2 revoked, 0 already revoked, 1 not found, 2 failed.',
      );
      expect(run.summary).toContain('| Token | Result | Read back | HTTP status | reqId | Note |');
      for (const id of [a, b]) {
        expect(run.summary).toContain(`| ${id} | ✅ revoked | shown by the server | 200 | — |`);
      }
      expect(run.summary).toMatch(
        new RegExp(
          `^\\| ${unknown} \\| ❌ not found \\(may be live\\) \\| shown by the server \\| 404 \\| req-\\w{14} \\|`,
          'm',
        ),
      );
      // Each revoke the server accepted or answered 404 is read back; a refused one is not.
      expect(fake.requestsTo('get-token').map((r) => r.path.split('/').at(-1))).toEqual([
        a,
        b,
        unknown,
      ]);
      const closing = commands(run, 'error').at(-1) ?? '';
      expect(tallyOf(closing)).toEqual(counts);
      expect(closing).toMatch(
        /^3 of 5 tokens are not done: 2 could not be revoked, 1 was not found /,
      );
    },
  );

  test('a single token that fails: message is its error line', async () => {
    const fake = await startFake();
    const id = fake.addToken();
    answerById(fake, { [id]: permissionDenied('req-Denied00000009') }, 1);
    const run = await revokeStep(fake, { 'token-id': id });
    expect(run.code).toBe(1);
    const errors = commands(run, 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(new RegExp(`^Could not revoke token ${id}: 403 PermissionDenied`));
    expect(run.outputs.message).toBe(errors[0]);
    expect(run.outputs['request-id']).toBe('req-Denied00000009');
    expect(run.outputs['failed-count']).toBe('1');
  });

  test('one failing token in a batch: message is its error line, counts still agree', async () => {
    const fake = await startFake();
    const [a, b, c] = [fake.addToken(), fake.addToken(), fake.addToken()];
    answerById(fake, { [b]: permissionDenied() }, 3);
    const run = await revokeStep(fake, { 'token-id': `${a} ${b} ${c}` });
    expect(run.code).toBe(1);
    const errors = commands(run, 'error');
    expect(errors).toHaveLength(1);
    expect(run.outputs.message).toBe(errors[0]);
    expect(run.outputs.message).toMatch(new RegExp(`^Could not revoke token ${b}: 403`));
    expect(countsOf(run)).toEqual({
      revoked: 2,
      alreadyRevoked: 0,
      notFound: 0,
      failed: 1,
      notAttempted: 0,
      total: 3,
    });
  });

  test('GITHUB_OUTPUT cannot be written after revokes that worked: a warning that says they worked', async () => {
    const fake = await startFake();
    const [a, b] = [fake.addToken(), fake.addToken()];
    const run = await revokeStep(fake, { 'token-id': `${a} ${b}` }, { outputFile: 'missing' });
    expect(fake.isRevoked(a) && fake.isRevoked(b)).toBe(true);
    expect(run.code).toBe(0);
    expect(run.outputs).toEqual({});
    expect(commands(run, 'warning')).toEqual([
      expect.stringMatching(
        /^Could not write the step's outputs \(.*\); the revokes still took effect: 2 of 2 tokens revoked/,
      ),
    ]);
    expect(commands(run, 'error')).toEqual([]);
    expectNoLeak(run);
  });
});

describe('the summary is the audit record', () => {
  test.each(GENERATIONS)(
    "%s server: names the run (the attempt's own page), the actor, the server, and per token the result, read-back, status and reqId; says when a lost answer decided",
    async (generation) => {
      const fake = await startFake({ generation });
      const [a, b, c] = [fake.addToken(), fake.addToken(), fake.addToken()];
      const unknown = randomUUID();
      answerById(fake, { [b]: resetAfterRevoke, [c]: permissionDenied('req-Denied00000042') }, 6);
      const run = await revokeStep(
        fake,
        // b first: its answer is lost on a fresh connection (a reset on a reused keep-alive one is
        // taken for a socket the server closed while idle, never delivered).
        { 'token-id': [b, a, c, unknown].join('\n'), 'ignore-not-found': 'true', concurrency: '1' },
        {
          env: {
            GITHUB_SERVER_URL: 'https://github.com',
            GITHUB_REPOSITORY: 'octo-org/octo-repo',
            GITHUB_RUN_ID: '9876543210',
            GITHUB_RUN_ATTEMPT: '2',
            GITHUB_ACTOR: 'octocat',
            GITHUB_WORKFLOW: 'Cleanup',
            GITHUB_JOB: 'cleanup',
          },
        },
      );

      expect(run.code).toBe(1);
      const { summary } = run;
      expect(summary).toContain(
        '[octo-org/octo-repo run 9876543210 (attempt 2)](https://github.com/octo-org/octo-repo/actions/runs/9876543210/attempts/2)',
      );
      expect(summary).toContain('actor @octocat');
      expect(summary).toContain(`server ${fake.url}`);
      expect(summary).toContain('| Token | Result | Read back | HTTP status | reqId | Note |');
      expect(summary).toContain('4 tokens: 2 revoked, 0 already revoked, 1 not found, 1 failed.');
      expect(summary).toContain(`| ${a} | ✅ revoked | shown by the server | 200 | — |  |`);
      // The lost answer, then the lookup 404: the read-back shows the row revoked, so this run did it.
      expect(summary).toMatch(
        new RegExp(
          `\\| ${b} \\| ✅ revoked \\| shown by the server \\| 404 \\| req-\\w{14} \\| an earlier attempt reached the server but its answer was lost; the retry found the token already revoked, so that attempt revoked it \\|`,
        ),
      );
      expect(summary).toContain(
        `| ${c} | ❌ failed | — | 403 | req-Denied00000042 | PermissionDenied — You are not allowed to edit on identity |`,
      );
      // ignore-not-found: the unknown id passes the step, and is told as not found (it may be live).
      expect(summary).toMatch(
        new RegExp(
          `\\| ${unknown} \\| ➖ not found \\(may be live\\) \\| shown by the server \\| 404 \\| req-\\w{14} \\| Token with ID ${unknown} not found or already revoked \\|`,
        ),
      );
      expect(fake.isRevoked(b)).toBe(true);
      expect(JSON.parse(run.outputs.revoked ?? '')).toEqual([b, a]);
      expect(run.outputs['already-revoked']).toBe('[]');
      expect(JSON.parse(run.outputs['not-found'] ?? '')).toEqual([
        { id: unknown, status: 404, reqId: expect.stringMatching(/^req-\w{14}$/) },
      ]);
      expectNoLeak(run);
    },
  );
});

describe('the job summary', () => {
  test('a summary that cannot be written is a warning, not a failed revoke', async () => {
    const fake = await startFake();
    const id = fake.addToken();
    const run = await revokeStep(
      fake,
      { 'token-id': id },
      { env: { GITHUB_STEP_SUMMARY: '/nonexistent/dir/summary' } },
    );
    expect(run.code).toBe(0);
    expect(fake.isRevoked(id)).toBe(true);
    expect(commands(run, 'warning')).toEqual([
      expect.stringMatching(/^Could not write the job summary: /),
    ]);
  });
});

describe('a short extra-headers value does not garble the outputs', () => {
  test('extra-headers "X-Env: 1": revoked, revoked-count, message and summary (its heading says it succeeded) exact; the header on every request', async () => {
    const fake = await startFake();
    // Ids full of 1s, and 11 of them: every output and the summary would hold a "1".
    const ids = Array.from(
      { length: 11 },
      (_, i) => `1111${String(i).padStart(4, '0')}-1111-4111-8111-11111111111${i % 10}`,
    );
    for (const id of ids) fake.addToken(id);
    const run = await revokeStep(fake, {
      'token-id': ids.join('\n'),
      'extra-headers': 'X-Env: 1',
      concurrency: '1',
    });

    expect(run.code).toBe(0);
    expect(ids.every((id) => fake.isRevoked(id))).toBe(true);
    // Each revoke, then its read-back (read-backs overlap the next revokes, so only each token's
    // own order is fixed): 22 requests, every one with the header.
    expect(fake.requests).toHaveLength(22);
    for (const id of ids) {
      const paths = fake.requests.map((r) => r.path);
      const revoke = paths.indexOf(`/api/v1/auth/token-auth/tokens/${id}/revoke`);
      const readBack = paths.indexOf(`/api/v1/auth/token-auth/tokens/${id}`);
      expect(revoke).toBeGreaterThanOrEqual(0);
      expect(readBack).toBeGreaterThan(revoke);
    }
    for (const request of fake.requests) expect(request.headers['x-env']).toBe('1');
    expect(run.outputs).toMatchObject({
      message: '11 tokens: 11 revoked, 0 already revoked, 0 not found, 0 failed.',
      revoked: JSON.stringify(ids),
      'revoked-count': '11',
      'already-revoked': '[]',
      'already-revoked-count': '0',
      'not-found-count': '0',
      'failed-count': '0',
      'not-attempted-count': '0',
    });
    expect(run.summary).toContain('### ✅ Infisical token revocation succeeded: 11 of 11 done');
    expect(run.summary).toContain(
      '11 tokens: 11 revoked, 0 already revoked, 0 not found, 0 failed.',
    );
    for (const id of ids) {
      expect(run.summary).toContain(`| ${id} | ✅ revoked | shown by the server | 200 | — |`);
    }
    expect(unmasked(run)).not.toContain('***');
    // The runner is still told to mask it.
    expect(run.stdout.split('\n')).toContain('::add-mask::1');
  });
});

describe('step debug logging', () => {
  test('with step debug logging on, still no secret anywhere', async () => {
    const fake = await startFake();
    const run = await revokeStep(
      fake,
      { 'token-id': fake.addToken() },
      { env: { RUNNER_DEBUG: '1' } },
    );
    expect(run.code).toBe(0);
    expectNoLeak(run);
  });
});
