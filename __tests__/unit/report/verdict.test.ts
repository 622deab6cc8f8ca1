// The run's verdict, computed once from the settled results: the error annotations grouped by
// reason (at most 5 a step, the closing one included), the closing failure, and the message; the
// counts it says always agree with the outputs, and the message follows the whole run (a lost
// answer, a login left live, a stop before anything was chosen); revokes that could not be read
// back are one warning per reason.
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import type { OutputName } from '../../../src/names.js';
import type { Settled } from '../../../src/revoke/settle.js';
import {
  judge,
  MAX_ERROR_ANNOTATIONS,
  outputsOf as outputsWith,
  summaryMarkdown as summaryWith,
  type Run,
  type RunContext,
} from '../../../src/report/index.js';
import { talliesOf } from '../../../src/report/verdict.js';
import { LOST_ANSWER_NOTE } from '../../../src/revoke/one.js';
import type { Outcome, Result } from '../../../src/revoke/result.js';
import {
  all,
  alreadyRevoked,
  denied,
  down,
  id,
  notAttempted,
  notFound,
  range,
  revoked,
  SECRET_IDENTITY,
  secretDenied,
  secretId,
  secretRevoked,
  secretSelection,
} from '../../support/results.js';

/** A revoke in flight when the run was cancelled, cut off: it may have landed. */
const cutOffByCancel = (n: number): Result => ({
  tokenId: id(n),
  self: false,
  outcome: 'failed',
  message:
    'the revoke was in flight when the run was cancelled, and was cut off before its answer came',
  attempts: 1,
  outcomeUnknown: true,
});

// Each piece of the report, from the run's one verdict.
const outputsOf = (run: Run) => outputsWith(run, judge(run));
const summaryMarkdown = (run: Run, context: RunContext) => summaryWith(run, judge(run), context);
/** The closing failure (these runs have no login). */
const verdictOf = (run: Run) => judge(run).failure;
/** The annotations before the closing one (these runs have no list errors and no login). */
const errorGroups = (run: Run) => judge(run).errors;

describe('errorGroups: one annotation per reason, at most 4 before the closing one', () => {
  test('3,000 ids failing the same way are one line naming 5 ids and the count of the rest', () => {
    const run: Run = { settled: all(range(0, 3000).map(denied)) };
    const lines = errorGroups(run);
    expect(lines).toHaveLength(1);
    const [line] = lines as [string];
    expect(line.startsWith(`3000 tokens (${range(0, 5).map(id).join(', ')} and 2995 more): `)).toBe(
      true,
    );
    expect(line).toContain('403 PermissionDenied — You are not allowed to edit on identity');
    expect(line).not.toContain(id(5));
    expect(line).not.toMatch(/req-/);
    expect(verdictOf(run)).toBe(
      '3000 of 3000 tokens could not be revoked (see the errors above). 3000 tokens: 0 revoked, 0 already revoked, 0 not found, 3000 failed.',
    );
  });
  test('messages that name their own id group together; so do different attempt counts', () => {
    const run: Run = { settled: all(range(0, 3000).map(notFound)) };
    const lines = errorGroups(run);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^3000 tokens \(.* and 2995 more\): /);
    expect(lines[0]).not.toContain(id(2999));
    const retried = errorGroups({
      settled: all([down(1, 'busy', 4), down(2, 'busy', 2), down(3, 'busy', 4)]),
    });
    expect(retried).toHaveLength(1);
    expect(retried[0]).toMatch(/^3 tokens \(/);
  });
  test('10 distinct reasons: exactly 4 lines, the last one for the other reasons', () => {
    const results = range(0, 10).flatMap((r) => [
      down(2 * r, `reason ${r}`),
      down(2 * r + 1, `reason ${r}`),
    ]);
    const run: Run = { settled: all(results) };
    const lines = errorGroups(run);
    expect(lines).toHaveLength(MAX_ERROR_ANNOTATIONS - 1);
    expect(lines[0]).toMatch(/reason 0\b/);
    expect(lines[2]).toMatch(/reason 2\b/);
    expect(lines[3]).toBe(
      '14 more tokens could not be revoked for 7 other reasons: see the log and the job summary.',
    );
    expect(verdictOf(run)).toBeDefined();
  });
  test('4 distinct reasons fit: 4 lines, none for "other reasons"', () => {
    const lines = errorGroups({ settled: all(range(0, 4).map((r) => down(r, `reason ${r}`))) });
    expect(lines).toHaveLength(4);
    expect(lines.join('\n')).not.toMatch(/other reasons/);
    // A group of one is that token's own line.
    expect(lines[0]).toMatch(new RegExp(`^Could not revoke token ${id(0)} after 4 attempts: 503 `));
  });
  test('a single failure has no group: the closing line is its own', () => {
    const one: Run = { settled: all([denied(1)]) };
    expect(errorGroups(one)).toEqual([]);
    expect(verdictOf(one)).toBe((one.settled[0] as Settled).line);
    const amongDone: Run = { settled: all([revoked(0), denied(1), revoked(2)]) };
    expect(errorGroups(amongDone)).toEqual([]);
    expect(verdictOf(amongDone)).toBe((amongDone.settled[1] as Settled).line);
  });
  test('whatever the run, at most 5 error annotations, the closing one included', () => {
    fc.assert(
      fc.property(runArb, (run) => {
        const closing = verdictOf(run) === undefined ? 0 : 1;
        expect(errorGroups(run).length + closing).toBeLessThanOrEqual(MAX_ERROR_ANNOTATIONS);
      }),
      { numRuns: 300 },
    );
  });
});

// ---- A random run, as revokeAll makes them: not-attempted tokens only when the run stopped.
const outcomeArb = (stopped: boolean): fc.Arbitrary<Outcome> =>
  stopped
    ? fc.constantFrom(
        'revoked',
        'already-revoked',
        'not-found',
        'expired',
        'failed',
        'not-attempted',
      )
    : fc.constantFrom('revoked', 'already-revoked', 'not-found', 'expired', 'failed');
const resultArb = (n: number, stopped: boolean): fc.Arbitrary<Result> =>
  fc
    .tuple(
      outcomeArb(stopped),
      fc.constantFrom('down', 'busy', 'odd', 'Failed to find identity'),
      fc.integer({ min: 1, max: 4 }),
      fc.constantFrom(400, 401, 403, 404, 500, 503),
      // A stopped run may have cut a request off in flight: its outcome is unknown.
      fc.boolean(),
    )
    .map(([outcome, reason, attempts, status, cutOff]) => {
      switch (outcome) {
        case 'revoked':
          return revoked(n);
        case 'not-found':
          return notFound(n);
        case 'already-revoked':
          return alreadyRevoked(n);
        case 'expired':
          return {
            ...notFound(n),
            outcome: 'expired' as const,
            status: 403,
            errorName: 'TokenError',
          };
        case 'not-attempted':
          return notAttempted(n);
        default:
          return stopped && cutOff
            ? { ...cutOffByCancel(n), attempts }
            : { ...down(n, reason, attempts), status };
      }
    });
const runArb: fc.Arbitrary<Run> = fc
  .tuple(
    fc.option(
      fc.constantFrom('cancelled', 'refused', 'unreachable') as fc.Arbitrary<
        'cancelled' | 'refused' | 'unreachable'
      >,
    ),
    fc.integer({ min: 1, max: 40 }),
    fc.boolean(),
  )
  .chain(([stopKind, size, ignoreNotFound]) =>
    fc.tuple(...range(0, size).map((n) => resultArb(n, stopKind !== null))).map((results) => ({
      settled: all(results, { ignoreNotFound }),
      ...(stopKind === null
        ? {}
        : { stopped: { kind: stopKind, reason: `The batch stopped (${stopKind}).` } }),
    })),
  );

// The tally's parts ("N tokens: 1 revoked, 0 already revoked, …"), not digits inside a token id.
const COUNTED = /(?<=: |, )(\d+) (revoked|already revoked|not found|failed|not attempted)\b/g;
const OUTPUT_OF: Record<string, string> = {
  revoked: 'revoked-count',
  'already revoked': 'already-revoked-count',
  'not found': 'not-found-count',
  failed: 'failed-count',
  'not attempted': 'not-attempted-count',
};

describe('verdictOf and outputsOf agree', () => {
  test('the message never says a count other than the outputs; one failing token is its line; "stopped" only when something was left', () => {
    fc.assert(
      fc.property(runArb, (run) => {
        const outputs = outputsOf(run);
        const results = run.settled.map((s) => s.result);
        const count = (...outcomes: Outcome[]) =>
          String(results.filter((r) => outcomes.includes(r.outcome)).length);
        expect(outputs['revoked-count']).toBe(count('revoked'));
        // Already revoked holds the expired ones too; not found only what was not found.
        expect(outputs['already-revoked-count']).toBe(count('already-revoked', 'expired'));
        expect(outputs['not-found-count']).toBe(count('not-found'));
        expect(JSON.parse(outputs['already-revoked'] as string)).toHaveLength(
          Number(count('already-revoked', 'expired')),
        );
        expect(JSON.parse(outputs['not-found'] as string)).toHaveLength(Number(count('not-found')));
        expect(judge(run).counts).toEqual({
          revoked: results.filter((r) => r.outcome === 'revoked').length,
          alreadyRevoked: Number(count('already-revoked', 'expired')),
          notFound: Number(count('not-found')),
          failed: Number(count('failed')),
          outcomeUnknown: results.filter((r) => r.outcomeUnknown).length,
          notAttempted: Number(count('not-attempted')),
          total: results.length,
        });
        expect(outputs['failed-count']).toBe(count('failed'));
        expect(outputs['not-attempted-count']).toBe(count('not-attempted'));
        expect(JSON.parse(outputs.failed as string)).toHaveLength(Number(count('failed')));
        const verdict = verdictOf(run);
        for (const text of [outputs.message as string, verdict ?? '']) {
          for (const [, n, what] of text.matchAll(COUNTED)) {
            expect(n).toBe(outputs[OUTPUT_OF[what as string] as OutputName]);
          }
          const total = /(\d+) tokens?: \d+ revoked/.exec(text);
          if (total) expect(Number(total[1])).toBe(run.settled.length);
        }
        const failing = run.settled.filter((s) => !s.done);
        // "Stopped" only when the stop left something: a token not attempted, or one cut off.
        const left = Number(count('not-attempted'));
        const cutOff = results.filter((r) => r.outcomeUnknown).length;
        const stoppedEarly =
          run.stopped !== undefined &&
          (left > 0 || (run.stopped.kind === 'cancelled' && cutOff > 0));
        expect(judge(run).stopped).toBe(stoppedEarly ? run.stopped : undefined);
        if (!stoppedEarly) expect(verdict ?? '').not.toMatch(/stopped|not attempted/);
        expect(judge(run).status).toBe(
          stoppedEarly && run.stopped?.kind === 'cancelled'
            ? 'cancelled'
            : verdict === undefined
              ? 'succeeded'
              : 'failed',
        );
        // "Could not be revoked" counts only tokens that failed, never one not found.
        const couldNot = /^(\d+) of \d+ tokens could not be revoked/.exec(verdict ?? '');
        if (couldNot) {
          expect(
            failing.every((s) => s.result.outcome === 'failed' && !s.result.outcomeUnknown),
          ).toBe(true);
        }
        if (!stoppedEarly && failing.length === 1) {
          expect(outputs.message).toBe((failing[0] as Settled).line);
          expect(verdict).toBe((failing[0] as Settled).line);
        }
        expect(verdict === undefined).toBe(!stoppedEarly && failing.length === 0);
        if (stoppedEarly && run.stopped?.kind === 'cancelled' && left > 0) {
          expect(verdict).toMatch(
            new RegExp(
              `^Cancelled: ${count('not-attempted')} of ${run.settled.length} tokens were not attempted\\. `,
            ),
          );
        }
      }),
      { numRuns: 500 },
    );
  });
  test('no "3 failed" in the message beside a failed-count of 2, and the one not found is not "could not be revoked"', () => {
    const run: Run = {
      settled: all([revoked(0), notFound(1), down(2, 'x'), { ...down(3, 'y'), status: undefined }]),
    };
    const outputs = outputsOf(run);
    expect(outputs['failed-count']).toBe('2');
    // The message is the closing failure, built from the same counts as the outputs.
    // Not "3 of 4 could not be revoked": one of the three was not found.
    expect(outputs.message).toBe(
      '3 of 4 tokens are not done: 2 could not be revoked, 1 was not found (see the errors above). 4 tokens: 1 revoked, 0 already revoked, 1 not found, 2 failed.',
    );
  });
  test('a single failing token: the message and the closing line are its line', () => {
    const run: Run = { settled: all([down(7, 'down')]) };
    const line = (run.settled[0] as Settled).line;
    expect(line).toMatch(new RegExp(`^Could not revoke token ${id(7)} after 4 attempts: 503 `));
    expect(outputsOf(run).message).toBe(line);
    expect(verdictOf(run)).toBe(line);
    expect(outputsOf(run)['request-id']).toBe('req-7');
  });
  test('a cancelled run says how many were not attempted, and lists them', () => {
    const run: Run = {
      settled: all([revoked(0), down(1, 'x'), notAttempted(2), notAttempted(3), notAttempted(4)]),
      stopped: { kind: 'cancelled', reason: 'The run was cancelled (SIGINT).' },
    };
    expect(verdictOf(run)).toBe(
      'Cancelled: 3 of 5 tokens were not attempted. 5 tokens: 1 revoked, 0 already revoked, 0 not found, 1 failed, 3 not attempted.',
    );
    const outputs = outputsOf(run);
    expect(outputs['not-attempted']).toBe(JSON.stringify([id(2), id(3), id(4)]));
    expect(outputs['not-attempted-count']).toBe('3');
    expect(outputs.message).toBe(
      'Cancelled: 3 of 5 tokens were not attempted. 5 tokens: 1 revoked, 0 already revoked, 0 not found, 1 failed, 3 not attempted.',
    );
  });
  test('a run that named nothing says so, with zero counts', () => {
    expect(outputsOf({ settled: [] })).toMatchObject({
      message: 'Nothing to revoke: token-id named no token.',
      'revoked-count': '0',
      'already-revoked-count': '0',
      'not-found-count': '0',
      'failed-count': '0',
      'not-attempted-count': '0',
    });
    expect(verdictOf({ settled: [] })).toBeUndefined();
  });
});

describe('the message and the heading follow the whole run', () => {
  test('a revoke decided by a lost answer: message is its line, with the note, not the 404 text', () => {
    const run: Run = {
      settled: all([
        revoked(1, {
          status: 404,
          message: `Token with ID ${id(1)} not found or already revoked`,
          note: LOST_ANSWER_NOTE,
        }),
      ]),
    };
    const { message } = outputsOf(run);
    expect(message).toMatch(new RegExp(`^Revoked token ${id(1)}: .* Note: an earlier attempt`));
    expect(outputsOf({ settled: all([revoked(2)]) }).message).toBe(
      'Successfully revoked access token',
    );
  });
  test('a login that could not be revoked: message is that line, the heading says the run failed and why', () => {
    const line =
      'Could not revoke the login token (OIDC as identity x): 500 … It stays live until …';
    const run: Run = { settled: all([revoked(1)]), logout: { done: false, line } };
    expect(outputsOf(run).message).toBe(line);
    expect(
      summaryMarkdown(run, { infisical: 'https://h', phase: 'main', at: new Date(0) }),
    ).toMatch(
      /^### ❌ Infisical token revocation failed: 1 of 1 done; the login token is NOT revoked\n/,
    );
  });
  test('a stop before anything was chosen counts nothing: "Nothing was revoked."', () => {
    const run: Run = {
      settled: [],
      stopped: {
        kind: 'login',
        reason: 'Could not log in to Infisical …: 401 Invalid credentials.',
      },
    };
    expect(verdictOf(run)).toBe(
      'Could not log in to Infisical …: 401 Invalid credentials. Nothing was revoked.',
    );
    expect(outputsOf(run).message).toBe(verdictOf(run));
  });
});

describe('the tally keeps already revoked and not found apart', () => {
  test('each outcome counted once, expired with already revoked', () => {
    const run: Run = {
      settled: all(
        [
          revoked(0),
          alreadyRevoked(1),
          { ...alreadyRevoked(2), outcome: 'expired', status: 403, errorName: 'TokenError' },
          notFound(3),
          down(4, 'x'),
        ],
        { ignoreNotFound: true },
      ),
    };
    const verdict = judge(run);
    expect(verdict.counts).toEqual({
      revoked: 1,
      alreadyRevoked: 2,
      notFound: 1,
      failed: 1,
      outcomeUnknown: 0,
      notAttempted: 0,
      total: 5,
    });
    // The one token not done is the closing line; the tally is in the summary.
    expect(verdict.failure).toBe((run.settled[4] as Settled).line);
    expect(
      summaryMarkdown(run, { infisical: 'https://h', phase: 'main', at: new Date(0) }),
    ).toContain('5 tokens: 1 revoked, 2 already revoked, 1 not found, 1 failed.');
  });
  test('all done under ignore-not-found: the message is the tally', () => {
    const run: Run = {
      settled: all([revoked(0), alreadyRevoked(1), notFound(2)], { ignoreNotFound: true }),
    };
    expect(judge(run)).toMatchObject({
      failure: undefined,
      errors: [],
      message: '3 tokens: 1 revoked, 1 already revoked, 1 not found, 0 failed.',
      warnings: [],
    });
  });
});

describe('warnings: revokes that could not be read back, one per reason', () => {
  const unverified = (n: number, why: string) =>
    revoked(n, { readBack: { kind: 'unverified', why } });
  const DENIED =
    '403 PermissionDenied — You are not allowed to read on identity (reading a token back needs Identity → Read on its identity)';

  test('one unverified revoke: one warning naming it, and the step stays green', () => {
    const verdict = judge({ settled: all([revoked(0), unverified(1, DENIED)]) });
    expect(verdict.warnings).toEqual([
      `Revoked token ${id(1)}, but could not read it back to verify: ${DENIED}. Infisical answered its own success answer, so it counts as revoked, unverified.`,
    ]);
    expect(verdict.failure).toBeUndefined();
    expect(verdict.errors).toEqual([]);
  });
  test('the same reason for several tokens (their own ids and reqIds aside) is one warning', () => {
    const settled = all(
      range(0, 7).map((n) =>
        unverified(
          n,
          `403 PermissionDenied — no access to token ${id(n)} (reqId: req-${n}) (reading a token back needs Identity → Read on its identity)`,
        ),
      ),
    );
    expect(judge({ settled }).warnings).toEqual([
      `Revoked 7 tokens (${range(0, 5).map(id).join(', ')} and 2 more), but could not read them back to verify: 403 PermissionDenied — no access to token <id> (reading a token back needs Identity → Read on its identity). Infisical answered its own success answer, so they count as revoked, unverified.`,
    ]);
  });
  test('different reasons: one warning each, at most 3', () => {
    const settled = all([
      unverified(0, 'reason a'),
      unverified(1, 'reason b'),
      unverified(2, 'reason a'),
      unverified(3, 'reason c'),
      unverified(4, 'reason d'),
    ]);
    expect(judge({ settled }).warnings).toEqual([
      `Revoked 2 tokens (${id(0)}, ${id(2)}), but could not read them back to verify: reason a. Infisical answered its own success answer, so they count as revoked, unverified.`,
      `Revoked token ${id(1)}, but could not read it back to verify: reason b. Infisical answered its own success answer, so it counts as revoked, unverified.`,
      `Revoked token ${id(3)}, but could not read it back to verify: reason c. Infisical answered its own success answer, so it counts as revoked, unverified.`,
    ]);
  });
  test('no warning for revokes shown by the server, nor for one not read back (verify: false), nor for failures', () => {
    const settled = all([
      revoked(0),
      revoked(1, { readBack: { kind: 'off' } }),
      { ...denied(2), readBack: { kind: 'unverified', why: 'x' } },
    ]);
    expect(judge({ settled }).warnings).toEqual([]);
  });
});

describe('client secrets in the verdict', () => {
  const secretsOnly = {
    identityIds: [],
    allIdentities: false,
    clientSecrets: { identityIds: [SECRET_IDENTITY], all: false },
    olderThanMs: 0,
  };
  const both = { ...secretsOnly, identityIds: [id(99)] };

  test('talliesOf: a run that asked only for client secrets has no token tally', () => {
    const run: Run = { settled: all([secretRevoked(1), secretRevoked(2)]), filters: secretsOnly };
    expect(talliesOf(run)).toBe(
      '2 client secrets: 2 revoked, 0 already revoked, 0 not found, 0 failed.',
    );
    expect(judge(run)).toMatchObject({
      status: 'succeeded',
      message: '2 client secrets: 2 revoked, 0 already revoked, 0 not found, 0 failed.',
      secretCounts: { total: 2, revoked: 2 },
      counts: { total: 0 },
    });
  });
  test('talliesOf: tokens and client secrets, each in its own words, tokens first', () => {
    const run: Run = {
      settled: all([revoked(1), secretRevoked(1), secretDenied(2)]),
      filters: both,
    };
    expect(talliesOf(run)).toBe(
      '1 token: 1 revoked, 0 already revoked, 0 not found, 0 failed. 2 client secrets: 1 revoked, 0 already revoked, 0 not found, 1 failed.',
    );
  });
  test('talliesOf: tokens asked (by id, or all) but none chosen still say 0 tokens', () => {
    const run: Run = {
      settled: all([secretRevoked(1)]),
      filters: { ...secretsOnly, allIdentities: true },
    };
    expect(talliesOf(run)).toMatch(/^0 tokens: .* 1 client secret: 1 revoked/);
  });
  test('talliesOf without client secrets asked: the token tally alone, as before', () => {
    expect(talliesOf({ settled: all([revoked(1)]) })).toBe(
      '1 token: 1 revoked, 0 already revoked, 0 not found, 0 failed.',
    );
  });
  test('nothing chosen in a secrets-only run: the secrets tally, nothing to revoke', () => {
    const run: Run = { settled: [], filters: secretsOnly, selection: secretSelection([]) };
    expect(judge(run).message).toBe(
      '0 client secrets: 0 revoked, 0 already revoked, 0 not found, 0 failed. Nothing was chosen to revoke.',
    );
  });
  test('client secrets that failed: the closing line counts client secrets, not tokens', () => {
    const run: Run = {
      settled: all([secretDenied(1), secretDenied(2), secretRevoked(3)]),
      filters: secretsOnly,
    };
    expect(judge(run).failure).toMatch(
      /^2 of 3 client secrets could not be revoked \(see the errors above\)\./,
    );
  });
  test('a token and a client secret that fail alike are two groups, each naming its kind', () => {
    const sameWords = (r: Result): Result => ({
      ...r,
      message: 'PermissionDenied — no',
      hint: undefined,
    });
    const run: Run = {
      settled: all([
        sameWords(denied(1)),
        sameWords(denied(2)),
        sameWords(secretDenied(3)),
        sameWords(secretDenied(4)),
      ]),
      filters: both,
    };
    const verdict = judge(run);
    expect(verdict.failure).toMatch(/^4 of 4 tokens and client secrets could not be revoked/);
    expect(verdict.errors).toEqual([
      expect.stringMatching(new RegExp(`^2 tokens \\(${id(1)}, ${id(2)}\\): `)),
      expect.stringMatching(new RegExp(`^2 client secrets \\(${secretId(3)}, ${secretId(4)}\\): `)),
    ]);
  });
  test('unverified revokes: one warning per kind, each naming its kind', () => {
    const unverified = { readBack: { kind: 'unverified' as const, why: '403 no read' } };
    const run: Run = {
      settled: all([
        revoked(1, unverified),
        secretRevoked(2, unverified),
        secretRevoked(3, unverified),
      ]),
      filters: both,
    };
    expect(judge(run).warnings).toEqual([
      expect.stringMatching(new RegExp(`^Revoked token ${id(1)}, but could not read it back`)),
      expect.stringMatching(
        new RegExp(
          `^Revoked 2 client secrets \\(${secretId(2)}, ${secretId(3)}\\), but could not read them back`,
        ),
      ),
    ]);
  });
  test("the organization's identities could not be read: the run fails with that line", () => {
    const run: Run = {
      settled: [],
      filters: { ...secretsOnly, allIdentities: true },
      selection: {
        ...secretSelection([]),
        sweep: {
          tokenIdentities: [],
          secretIdentities: [],
          error: 'Could not list the identities of organization o: 403 PermissionDenied — no.',
        },
      },
    };
    expect(judge(run)).toMatchObject({
      status: 'failed',
      failure: 'Could not list the identities of organization o: 403 PermissionDenied — no.',
    });
  });
});
