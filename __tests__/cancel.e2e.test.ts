// Cancelling a run, as GitHub's runner does it: SIGINT to the step's node process, SIGTERM 7.5 s
// later, then the process tree killed 2.5 s after that. The step must start no new request, let
// those in flight finish (bounded), write its outputs and summary with every id accounted for
// (revoked, already gone, failed or not attempted), and exit non-zero on its own, before the kill.
// On Windows the second signal is CTRL_BREAK (node's SIGBREAK): no signal of Linux, so it cannot be
// sent here (child.kill('SIGBREAK') throws); __tests__/unit/stop/cancel.test.ts feeds it to the
// step's listener. What these tests show for it is the timing: after the first signal alone,
// everything (the login's revoke included) ends before 7.5 s, when the second would come.
import { describe, expect, test } from '@jest/globals';
import type { Exchange, Fault, FakeInfisical } from '../testbed/fake-infisical.js';
import { neverAnswer } from '../testbed/faults.js';
import type { Interrupt, StepResult } from '../testbed/runner.js';
import { loginTokens, universalLogin } from './support/fixtures.js';
import { commands, expectNoLeak, revokeStep, startFake, unmasked } from './support/harness.js';

const IDS = 60;
const CONCURRENCY = 2;

/** Lines the step logs as each token of a batch settles. */
const SETTLED =
  /^(Revoked token |Token \S+ is already gone|Could not revoke token |Outcome unknown for token )/;
const settledLines = (stdout: string): string[] =>
  stdout.split('\n').filter((line) => SETTLED.test(line));
const revokedLines = (stdout: string): number =>
  stdout.split('\n').filter((line) => line.startsWith('Revoked token ')).length;

/** Sends `signal` once the step has logged `after` revoked tokens. */
const afterRevoked = (
  after: number,
  signal: NodeJS.Signals = 'SIGINT',
  then?: Interrupt['then'],
): Interrupt => ({
  signal,
  when: (stdout) => revokedLines(stdout) >= after,
  ...(then ? { then } : {}),
});

interface Parsed {
  revoked: string[];
  gone: string[];
  failed: Array<{ id: string; status: number | null; outcomeUnknown?: boolean }>;
  notAttempted: string[];
}

function parsedOutputs(run: StepResult): Parsed {
  const o = run.outputs;
  const parsed: Parsed = {
    revoked: JSON.parse(o.revoked ?? 'null'),
    gone: (JSON.parse(o['not-found'] ?? 'null') as Array<{ id: string }>).map((g) => g.id),
    failed: JSON.parse(o.failed ?? 'null'),
    notAttempted: JSON.parse(o['not-attempted'] ?? 'null'),
  };
  expect(o['revoked-count']).toBe(String(parsed.revoked.length));
  expect(o['not-found-count']).toBe(String(parsed.gone.length));
  expect(o['failed-count']).toBe(String(parsed.failed.length));
  expect(o['not-attempted-count']).toBe(String(parsed.notAttempted.length));
  return parsed;
}

/**
 * What every cancelled run must show: it ended by itself, non-zero, before the kill; its outputs
 * account for every id exactly once and agree with the fake; and one closing line says how many
 * were not attempted.
 */
function expectCancelled(run: StepResult, fake: FakeInfisical, ids: string[]): Parsed {
  expect(run.sent?.[0]?.signal).toBe('SIGINT');
  expect(run.killed).toBe(false);
  expect(run.signal).toBeNull();
  expect(run.code).not.toBeNull();
  expect(run.code).not.toBe(0);

  const out = parsedOutputs(run);
  const all = [...out.revoked, ...out.gone, ...out.failed.map((f) => f.id), ...out.notAttempted];
  expect(all).toHaveLength(ids.length);
  expect(new Set(all)).toEqual(new Set(ids));
  // Every revoked id really is; every id not attempted is live and was never asked for.
  for (const id of out.revoked) expect(fake.isRevoked(id)).toBe(true);
  const asked = new Set(fake.revokeRequests().map((r) => r.path.split('/')[6]));
  for (const id of out.notAttempted) {
    expect(fake.isRevoked(id)).toBe(false);
    expect(asked.has(id)).toBe(false);
  }
  // One request per attempted token: the cancel added no retry.
  expect(fake.revokeRequests()).toHaveLength(ids.length - out.notAttempted.length);
  expect(out.notAttempted.length).toBeGreaterThan(0);

  const closing = run.stdout
    .split('\n')
    .filter((line) => /Cancelled: \d+ of \d+ tokens were not attempted\./.test(line));
  expect(closing).toEqual([
    expect.stringMatching(
      new RegExp(
        `^::error::Cancelled: ${out.notAttempted.length} of ${ids.length} tokens were not attempted\\.`,
      ),
    ),
  ]);
  expect(commands(run, 'error').length).toBeLessThanOrEqual(5);
  // The summary is written, a row per token, under a heading that says the run was cancelled.
  expect(run.summary).toMatch(
    new RegExp(
      `^### ⏹️ Infisical token revocation cancelled: ${out.revoked.length} of ${ids.length} done\n`,
    ),
  );
  expect(run.summary.match(/^\| [0-9a-f-]{36} \|/gm)).toHaveLength(ids.length);
  expect(run.summary.match(/⏹️ not attempted/g)).toHaveLength(out.notAttempted.length);
  expect(run.summary).toMatch(/\*\*Stopped:\*\* The run was cancelled \(SIGINT\)/);
  return out;
}

/**
 * Revokes cut off in flight by the cancel: each is in `failed` marked outcomeUnknown, its line
 * and its summary row say "outcome unknown", and nothing calls it failed but the tally's count.
 */
function expectOutcomeUnknown(run: StepResult, out: Parsed): void {
  expect(out.failed.length).toBeGreaterThan(0);
  expect(out.failed.every((f) => f.outcomeUnknown === true)).toBe(true);
  for (const { id } of out.failed) {
    expect(run.stdout).toContain(
      `Outcome unknown for token ${id}: the revoke was in flight when the run was cancelled, and was cut off before its answer came. It may or may not be revoked: check it in Infisical, or run the revoke again for it.`,
    );
    expect(run.stdout).not.toContain(`Could not revoke token ${id}`);
    expect(run.summary).toMatch(
      new RegExp(`^\\| ${id} \\| ❓ outcome unknown \\| — \\| — \\| — \\|`, 'm'),
    );
  }
  expect(run.summary).not.toContain('❌ failed');
  const n = out.failed.length;
  expect(run.summary).toContain(
    `Outcome unknown: ${n} of the failed (${n === 1 ? 'it was' : 'they were'} cut off before an answer came, and may have been revoked).`,
  );
}

/**
 * No request started after the step heard the signal: the tokens settled after its "cancelled"
 * line are at most the work in flight then — up to CONCURRENCY revokes, and up to CONCURRENCY
 * read-backs of revokes already answered (they overlap the revokes, and a token settles once read
 * back).
 */
function expectNoRequestAfterCancel(run: StepResult, fake: FakeInfisical): void {
  const lines = run.stdout.split('\n');
  const at = lines.findIndex((line) => line.startsWith('The run was cancelled (SIGINT)'));
  expect(at).toBeGreaterThan(0);
  const before = settledLines(lines.slice(0, at).join('\n')).length;
  const after = settledLines(lines.slice(at + 1).join('\n')).length;
  expect(after).toBeLessThanOrEqual(2 * CONCURRENCY);
  expect(fake.revokeRequests().length).toBeLessThanOrEqual(before + 2 * CONCURRENCY);
  expect(fake.revokeRequests()).toHaveLength(before + after);
}

describe('a real SIGINT mid-batch', () => {
  test(`${IDS} ids, concurrency ${CONCURRENCY}: in-flight requests finish, nothing new starts, outputs and summary written, one closing line`, async () => {
    const fake = await startFake({ latencyMs: 100 });
    const ids = Array.from({ length: IDS }, () => fake.addToken());
    const run = await revokeStep(
      fake,
      { 'token-id': ids.join('\n'), concurrency: String(CONCURRENCY) },
      { interrupt: afterRevoked(6, 'SIGINT', { signal: 'SIGTERM', afterMs: 7_500 }) },
    );

    const out = expectCancelled(run, fake, ids);
    expect(run.sent?.map((s) => s.signal)).toEqual(['SIGINT']); // done before the SIGTERM
    expect(out.revoked.length).toBeGreaterThanOrEqual(6);
    // In-flight requests were let finish: none of them was cut off.
    expect(out.failed).toEqual([]);
    expectNoRequestAfterCancel(run, fake);
    expect(run.stdout).toContain(
      'The run was cancelled (SIGINT): no new request is sent; requests in flight get 4 s to finish.',
    );
    expectNoLeak(run);
  });

  test('SIGTERM alone is a cancel too', async () => {
    const fake = await startFake({ latencyMs: 100 });
    const ids = Array.from({ length: 20 }, () => fake.addToken());
    const run = await revokeStep(
      fake,
      { 'token-id': ids.join('\n'), concurrency: String(CONCURRENCY) },
      { interrupt: afterRevoked(2, 'SIGTERM') },
    );
    expect(run.killed).toBe(false);
    expect(run.signal).toBeNull();
    expect(run.code).toBe(1);
    const out = parsedOutputs(run);
    expect(out.revoked.length + out.gone.length + out.failed.length + out.notAttempted.length).toBe(
      20,
    );
    expect(out.notAttempted.length).toBeGreaterThan(0);
    expect(run.stdout).toMatch(
      new RegExp(
        `::error::Cancelled: ${out.notAttempted.length} of 20 tokens were not attempted\\.`,
      ),
    );
  });
});

/** The first `normal` revokes are answered, every later one never is. */
function hangAfter(fake: FakeInfisical, normal: number, total: number): void {
  const answering: Fault = (exchange: Exchange) => exchange.answerNormally();
  fake.inject(
    ...Array.from({ length: normal }, () => answering),
    ...Array.from({ length: total - normal }, () => neverAnswer),
  );
}

describe('a server that never answers', () => {
  test('SIGINT, then SIGTERM shortly after: requests in flight are cut off, outputs written, exit before the kill', async () => {
    const fake = await startFake();
    const ids = Array.from({ length: IDS }, () => fake.addToken());
    hangAfter(fake, 4, IDS);
    const run = await revokeStep(
      fake,
      { 'token-id': ids.join('\n'), concurrency: String(CONCURRENCY), 'timeout-seconds': '600' },
      {
        interrupt: {
          signal: 'SIGINT',
          // Four revoked, and the next requests on their way to a server that never answers.
          when: (stdout) => revokedLines(stdout) >= 4,
          then: { signal: 'SIGTERM', afterMs: 500 },
        },
      },
    );

    expect(run.sent?.map((s) => s.signal)).toEqual(['SIGINT', 'SIGTERM']);
    const out = expectCancelled(run, fake, ids);
    expect(out.revoked).toHaveLength(4);
    // The requests in flight were cut off: in failed, with no answer, and listed; their outcome
    // unknown (they may have landed), said so on their line and in the summary, never "failed".
    expect(out.failed.length).toBeGreaterThanOrEqual(1);
    expect(out.failed.length).toBeLessThanOrEqual(CONCURRENCY);
    expect(out.failed.every((f) => f.status === null)).toBe(true);
    expectOutcomeUnknown(run, out);
    expect(out.notAttempted).toHaveLength(IDS - 4 - out.failed.length);
    expectNoLeak(run);
  });

  test('SIGINT alone: the grace runs out and the step exits by itself before the runner SIGTERMs', async () => {
    const fake = await startFake();
    const ids = Array.from({ length: 10 }, () => fake.addToken());
    hangAfter(fake, 2, 10);
    const run = await revokeStep(
      fake,
      { 'token-id': ids.join('\n'), concurrency: String(CONCURRENCY), 'timeout-seconds': '600' },
      {
        interrupt: {
          signal: 'SIGINT',
          when: (stdout) => revokedLines(stdout) >= 2,
          then: { signal: 'SIGTERM', afterMs: 7_500 },
        },
      },
    );

    expect(run.sent?.map((s) => s.signal)).toEqual(['SIGINT']);
    const out = expectCancelled(run, fake, ids);
    expect(out.revoked).toHaveLength(2);
    expect(out.failed.every((f) => f.status === null)).toBe(true);
    expectOutcomeUnknown(run, out);
  });
});

describe('the post step of revoke-at: job-end', () => {
  test('SIGINT mid-batch in post: same account, same closing line', async () => {
    const fake = await startFake({ latencyMs: 100 });
    const ids = Array.from({ length: IDS }, () => fake.addToken());
    const inputs = {
      'token-id': ids.join('\n'),
      concurrency: String(CONCURRENCY),
      'revoke-at': 'job-end',
    };
    const main = await revokeStep(fake, inputs);
    expect(main.code).toBe(0);
    expect(main.state).toEqual({ 'revoke-at-job-end': 'true' });
    expect(fake.requests).toHaveLength(0);

    const post = await revokeStep(fake, inputs, {
      entry: 'post',
      state: main.state,
      interrupt: afterRevoked(6, 'SIGINT', { signal: 'SIGTERM', afterMs: 7_500 }),
    });
    const out = expectCancelled(post, fake, ids);
    expect(out.failed).toEqual([]);
    expectNoRequestAfterCancel(post, fake);
    expect(post.summary).toContain('at job end (post step)');
    expectNoLeak(post);
  });

  test('SIGINT then SIGTERM in post with a server that never answers: exits by itself, outputs written', async () => {
    const fake = await startFake();
    const ids = Array.from({ length: 30 }, () => fake.addToken());
    const answering: Fault = (exchange: Exchange) => exchange.answerNormally();
    fake.inject(answering, answering, ...Array.from({ length: 28 }, () => neverAnswer));
    const inputs = {
      'token-id': ids.join('\n'),
      concurrency: String(CONCURRENCY),
      'revoke-at': 'job-end',
    };
    const post = await revokeStep(fake, inputs, {
      entry: 'post',
      state: { 'revoke-at-job-end': 'true' },
      interrupt: {
        signal: 'SIGINT',
        when: (stdout) => revokedLines(stdout) >= 2,
        then: { signal: 'SIGTERM', afterMs: 500 },
      },
    });
    const out = expectCancelled(post, fake, ids);
    expect(out.revoked).toHaveLength(2);
    expect(out.failed.every((f) => f.status === null)).toBe(true);
    expectOutcomeUnknown(post, out);
  });
});

describe("the login's revoke after a cancel", () => {
  // The first signal alone: the runner's second comes 7.5 s later (SIGTERM; CTRL_BREAK on Windows)
  // and its kill at 10 s. The logout, stopped by the second signal only, waited a whole
  // timeout-seconds for a server that never answers; it now has its own deadline, 7 s after the
  // first signal (src/stop/wrap-up.ts).
  test.each([
    ['answered', false],
    ['that never answers either, cut off after the grace', true],
  ])(
    'SIGINT mid-batch (batch %s), a logout that never answers: the step exits before the second signal, outputs and summary written',
    async (_, batchHangs) => {
      const fake = await startFake({ latencyMs: 50 });
      const ids = Array.from({ length: 20 }, () => fake.addToken());
      const login = universalLogin(fake);
      if (batchHangs) hangAfter(fake, 2, 20);
      fake.injectOn('token-revoke', neverAnswer, neverAnswer, neverAnswer, neverAnswer);
      const run = await revokeStep(
        fake,
        {
          ...login.inputs,
          'token-id': ids.join('\n'),
          concurrency: String(CONCURRENCY),
          'timeout-seconds': '30',
        },
        {
          interrupt: {
            signal: 'SIGINT',
            when: (stdout) => revokedLines(stdout) >= 2,
            then: { signal: 'SIGTERM', afterMs: 7_500 },
          },
        },
      );
      const ended = performance.now();

      expect(run.sent?.map((s) => s.signal)).toEqual(['SIGINT']);
      expect(run.killed).toBe(false);
      expect(run.signal).toBeNull();
      expect(run.code).toBe(1);
      const sinceSignal = ended - (run.sent?.[0]?.at ?? 0);
      // Ended by the wrap-up deadline (7 s after the signal), not timeout-seconds (30 s) or a kill.
      expect(sinceSignal).toBeGreaterThan(6_500);
      expect(sinceSignal).toBeLessThan(7_500);
      expect(fake.requestsTo('token-revoke')).toHaveLength(1);
      const out = parsedOutputs(run);
      expect(
        out.revoked.length + out.gone.length + out.failed.length + out.notAttempted.length,
      ).toBe(20);
      expect(out.notAttempted.length).toBeGreaterThan(0);
      if (batchHangs) expect(out.failed.every((f) => f.outcomeUnknown === true)).toBe(true);
      expect(commands(run, 'error')).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^Could not revoke the login token \(Universal Auth/),
          expect.stringMatching(/^Cancelled: \d+ of 20 tokens were not attempted\./),
        ]),
      );
      expect(run.summary).toMatch(/^### ⏹️ Infisical token revocation cancelled: /);
      expect(run.summary).toContain('Could not revoke the login token');
      expectNoLeak(run, login.inputs['client-secret']);
      // The login token is learned while running: masked (add-mask) before use, nowhere else.
      const tokens = loginTokens(fake);
      expect(tokens).toHaveLength(1);
      expect(run.stdout).toContain(`::add-mask::${tokens[0]}`);
      expect(unmasked(run)).not.toContain(tokens[0]);
    },
  );
});
