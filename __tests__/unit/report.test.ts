// What the step reports, built from settled results: the outputs, the grouped error annotations,
// the closing verdict and the job summary. They must agree with each other, stay within what
// GitHub shows (5 error annotations a step here, 1 MiB of summary), and name every token.
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { TOKEN_AUTH_HINTS } from '../../src/infisical/token-auth.js';
import type { OutputName } from '../../src/names.js';
import { settle, type Settled } from '../../src/revoke/settle.js';
import {
  judge,
  MAX_ERROR_ANNOTATIONS,
  outputsOf as outputsWith,
  summaryMarkdown as summaryWith,
  type Run,
  type RunContext,
} from '../../src/report/index.js';
import { LOST_ANSWER_NOTE } from '../../src/revoke/one.js';
import type { Outcome, Result } from '../../src/revoke/result.js';

// Each piece of the report, from the run's one verdict.
const outputsOf = (run: Run) => outputsWith(run, judge(run));
const summaryMarkdown = (run: Run, context: RunContext) => summaryWith(run, judge(run), context);
/** The closing failure (these runs have no login). */
const verdictOf = (run: Run) => judge(run).failure;
/** The annotations before the closing one (these runs have no list errors and no login). */
const errorGroups = (run: Run) => judge(run).errors;

/** The n-th token id (a UUID, lower case). */
const id = (n: number) => `6f1c2a0e-8b7d-4c2e-9f55-${n.toString(16).padStart(12, '0')}`;
const strict = { ignoreNotFound: false };

const revoked = (n: number, extra: Partial<Result> = {}): Result => ({
  tokenId: id(n),
  self: false,
  outcome: 'revoked',
  status: 200,
  message: 'Successfully revoked access token',
  attempts: 1,
  ...extra,
});
const denied = (n: number): Result => ({
  tokenId: id(n),
  self: false,
  outcome: 'failed',
  status: 403,
  errorName: 'PermissionDenied',
  message: 'PermissionDenied — You are not allowed to edit on identity',
  reqId: `req-${n.toString().padStart(14, '0')}`,
  hint: TOKEN_AUTH_HINTS.permission,
  attempts: 1,
});
const notFound = (n: number): Result => ({
  tokenId: id(n),
  self: false,
  outcome: 'not-found',
  status: 404,
  errorName: 'NotFound',
  message: `Token with ID ${id(n)} not found or already revoked`,
  reqId: `req-${n}`,
  attempts: 1,
});
const down = (n: number, reason: string, attempts = 4): Result => ({
  tokenId: id(n),
  self: false,
  outcome: 'failed',
  status: 503,
  errorName: 'ServiceUnavailable',
  message: `ServiceUnavailable — ${reason}`,
  reqId: `req-${n}`,
  attempts,
});
const notAttempted = (n: number): Result => ({
  tokenId: id(n),
  self: false,
  outcome: 'not-attempted',
  message: 'not attempted: the run stopped before it',
  attempts: 0,
});
const all = (results: Result[], policy = strict): Settled[] =>
  results.map((r) => settle(r, policy));
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

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
      '3000 of 3000 tokens could not be revoked (see the errors above). 3000 tokens: 0 revoked, 0 not found or already gone, 3000 failed.',
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
    ? fc.constantFrom('revoked', 'not-found', 'expired', 'failed', 'not-attempted')
    : fc.constantFrom('revoked', 'not-found', 'expired', 'failed');
const resultArb = (n: number, stopped: boolean): fc.Arbitrary<Result> =>
  fc
    .tuple(
      outcomeArb(stopped),
      fc.constantFrom('down', 'busy', 'odd', 'Failed to find identity'),
      fc.integer({ min: 1, max: 4 }),
      fc.constantFrom(400, 401, 403, 404, 500, 503),
    )
    .map(([outcome, reason, attempts, status]) => {
      switch (outcome) {
        case 'revoked':
          return revoked(n);
        case 'not-found':
          return notFound(n);
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
          return { ...down(n, reason, attempts), status };
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

const COUNTED = /(\d+) (revoked|not found or already gone|failed|not attempted)\b/g;
const OUTPUT_OF: Record<string, string> = {
  revoked: 'revoked-count',
  'not found or already gone': 'not-found-count',
  failed: 'failed-count',
  'not attempted': 'not-attempted-count',
};

describe('verdictOf and outputsOf agree', () => {
  test('the message never says a count other than the outputs; one failing token is its line', () => {
    fc.assert(
      fc.property(runArb, (run) => {
        const outputs = outputsOf(run);
        const results = run.settled.map((s) => s.result);
        const count = (...outcomes: Outcome[]) =>
          String(results.filter((r) => outcomes.includes(r.outcome)).length);
        expect(outputs['revoked-count']).toBe(count('revoked'));
        expect(outputs['not-found-count']).toBe(count('not-found', 'expired'));
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
        if (!run.stopped && failing.length === 1) {
          expect(outputs.message).toBe((failing[0] as Settled).line);
          expect(verdict).toBe((failing[0] as Settled).line);
        }
        expect(verdict === undefined).toBe(!run.stopped && failing.length === 0);
        if (run.stopped?.kind === 'cancelled') {
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
  test('the example of the issue: no "3 failed" beside a failed-count of 2', () => {
    const run: Run = {
      settled: all([revoked(0), notFound(1), down(2, 'x'), { ...down(3, 'y'), status: undefined }]),
    };
    const outputs = outputsOf(run);
    expect(outputs['failed-count']).toBe('2');
    // The message is the closing failure, built from the same counts as the outputs.
    expect(outputs.message).toBe(
      '3 of 4 tokens could not be revoked (see the errors above). 4 tokens: 1 revoked, 1 not found or already gone, 2 failed.',
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
      'Cancelled: 3 of 5 tokens were not attempted. 5 tokens: 1 revoked, 0 not found or already gone, 1 failed, 3 not attempted.',
    );
    const outputs = outputsOf(run);
    expect(outputs['not-attempted']).toBe(JSON.stringify([id(2), id(3), id(4)]));
    expect(outputs['not-attempted-count']).toBe('3');
    expect(outputs.message).toBe(
      'Cancelled: 3 of 5 tokens were not attempted. 5 tokens: 1 revoked, 0 not found or already gone, 1 failed, 3 not attempted.',
    );
  });
  test('a run that named nothing says so, with zero counts', () => {
    expect(outputsOf({ settled: [] })).toMatchObject({
      message: 'Nothing to revoke: token-id named no token.',
      'revoked-count': '0',
      'not-found-count': '0',
      'failed-count': '0',
      'not-attempted-count': '0',
    });
    expect(verdictOf({ settled: [] })).toBeUndefined();
  });
});

describe('summaryMarkdown: the audit record', () => {
  const context: RunContext = {
    serverUrl: 'https://github.com',
    repository: 'octo-org/infra',
    runId: '4242',
    runAttempt: '2',
    actor: 'octocat',
    workflow: 'Cleanup',
    job: 'revoke',
    infisical: 'https://eu.infisical.com',
    phase: 'post',
    at: new Date('2026-11-26T10:00:00Z'),
  };
  /** The table's header and rows, without its | --- | line. */
  const rows = (summary: string) =>
    summary.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| --- |'));

  test('names the run (a link), the actor and the server', () => {
    const summary = summaryMarkdown({ settled: all([revoked(0)]) }, context);
    expect(summary).toContain(
      '[octo-org/infra run 4242 (attempt 2)](https://github.com/octo-org/infra/actions/runs/4242)',
    );
    expect(summary).toContain('actor @octocat');
    expect(summary).toContain('server https://eu.infisical.com');
    expect(summary).toContain('at job end (post step)');
    expect(summary).toContain('2026-11-26T10:00:00.000Z');
    expect(summary).toMatch(/^### Infisical token revocation: 1 of 1 done\n/);
    // Without the server URL the run is still named, unlinked.
    const bare = summaryMarkdown({ settled: [] }, { ...context, serverUrl: undefined });
    expect(bare).toContain('Run octo-org/infra run 4242 (attempt 2)');
    expect(bare).not.toContain('](');
  });
  test('per token: the result, the status, the reqId; a lost-answer revoke says so', () => {
    const summary = summaryMarkdown(
      {
        settled: all([
          revoked(0, { status: 404, reqId: 'req-lost', note: LOST_ANSWER_NOTE }),
          denied(1),
          notAttempted(2),
        ]),
        stopped: { kind: 'refused', reason: 'Infisical refused the access token.' },
      },
      context,
    );
    expect(rows(summary)).toEqual([
      '| Token | Result | HTTP status | reqId | Note |',
      `| ${id(0)} | ✅ revoked | 404 | req-lost | ${LOST_ANSWER_NOTE} |`,
      `| ${id(1)} | ❌ failed | 403 | req-00000000000001 | PermissionDenied — You are not allowed to edit on identity |`,
      `| ${id(2)} | ⏹️ not attempted | — | — |  |`,
    ]);
    expect(summary).toContain('> **Stopped:** Infisical refused the access token.');
  });
  test('a | or a line break in a message cannot break the table', () => {
    const summary = summaryMarkdown(
      { settled: all([down(0, 'left | right\nnext <b>line</b>')]) },
      context,
    );
    const [, row] = rows(summary) as [string, string];
    expect(row).toContain('left \\| right next &lt;b>line&lt;/b>');
    // Six cell borders, no more: every | of the message is escaped.
    expect(row.replace(/\\\|/g, '').match(/\|/g)).toHaveLength(6);
  });
  test('a huge batch: rows stop before 1 MiB, and a line says how many are left out', () => {
    const settled = all(
      range(0, 30_000).map((n) => down(n, 'the gateway in front of Infisical timed out')),
    );
    const summary = summaryMarkdown({ settled }, context);
    expect(Buffer.byteLength(summary, 'utf8')).toBeLessThan(1024 * 1024);
    const shown = rows(summary).length - 1;
    const left =
      /\n(\d+) more rows are left out to keep the summary under GitHub's 1 MiB; the step's outputs list every token\.\n$/.exec(
        summary,
      );
    expect(left).not.toBeNull();
    expect(shown + Number((left as RegExpExecArray)[1])).toBe(30_000);
    expect(shown).toBeGreaterThan(1000);
  });
  test('a huge batch whose messages are not ASCII still stays under 1 MiB (bytes, not characters)', () => {
    // A gateway page in Japanese: three bytes a character in UTF-8.
    const page = 'ゲートウェイがタイムアウトしました。'.repeat(10);
    const settled = all(range(0, 10_000).map((n) => down(n, page)));
    const summary = summaryMarkdown({ settled }, context);
    expect(Buffer.byteLength(summary, 'utf8')).toBeLessThan(1024 * 1024);
    expect(summary).toMatch(/more rows are left out/);
  });
});

describe('the second review: message and heading follow the whole run', () => {
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
  test('a login that could not be revoked: message is that line, the heading says so', () => {
    const line =
      'Could not revoke the login token (OIDC as identity x): 500 … It stays live until …';
    const run: Run = { settled: all([revoked(1)]), logout: { done: false, line } };
    expect(outputsOf(run).message).toBe(line);
    expect(
      summaryMarkdown(run, { infisical: 'https://h', phase: 'main', at: new Date(0) }),
    ).toMatch(/^### Infisical token revocation: 1 of 1 done; the login token is NOT revoked\n/);
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
