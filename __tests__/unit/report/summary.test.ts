// The job summary, the audit record of the run: who ran it, where and when, a row per token
// (result, how it was read back, status, reqId, note), every cell escaped, and under GitHub's
// 1 MiB however big the batch.
import { describe, expect, test } from '@jest/globals';
import {
  judge,
  summaryMarkdown as summaryWith,
  type Run,
  type RunContext,
} from '../../../src/report/index.js';
import { LOST_ANSWER_NOTE } from '../../../src/revoke/one.js';
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
} from '../../support/results.js';

const summaryMarkdown = (run: Run, context: RunContext) => summaryWith(run, judge(run), context);
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
  test('per token: the result, the read-back, the status, the reqId; a lost-answer revoke says so', () => {
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
      '| Token | Result | Read back | HTTP status | reqId | Note |',
      `| ${id(0)} | ✅ revoked | shown by the server | 404 | req-lost | ${LOST_ANSWER_NOTE} |`,
      `| ${id(1)} | ❌ failed | — | 403 | req-00000000000001 | PermissionDenied — You are not allowed to edit on identity |`,
      `| ${id(2)} | ⏹️ not attempted | — | — | — |  |`,
    ]);
    expect(summary).toContain('> **Stopped:** Infisical refused the access token.');
  });
  test('the read-back column: shown, unverified (with why in the note), not read back', () => {
    const summary = summaryMarkdown(
      {
        settled: all([
          revoked(0),
          revoked(1, { readBack: { kind: 'unverified', why: '403 PermissionDenied — no' } }),
          revoked(2, { readBack: { kind: 'off' } }),
        ]),
      },
      context,
    );
    expect(rows(summary)).toEqual([
      '| Token | Result | Read back | HTTP status | reqId | Note |',
      `| ${id(0)} | ✅ revoked | shown by the server | 200 | — |  |`,
      `| ${id(1)} | ✅ revoked | ⚠️ unverified | 200 | — | not verified: 403 PermissionDenied — no |`,
      `| ${id(2)} | ✅ revoked | not read back | 200 | — |  |`,
    ]);
  });
  test('already revoked and not found are apart, each labelled by whether it counts as done', () => {
    const strict = summaryMarkdown({ settled: all([alreadyRevoked(0), notFound(1)]) }, context);
    expect(rows(strict)).toEqual([
      '| Token | Result | Read back | HTTP status | reqId | Note |',
      `| ${id(0)} | ❌ already revoked | shown by the server | 404 | req-0 | Token with ID ${id(0)} not found or already revoked |`,
      `| ${id(1)} | ❌ not found (may be live) | shown by the server | 404 | req-1 | Token with ID ${id(1)} not found or already revoked |`,
    ]);
    const lenient = summaryMarkdown(
      {
        settled: all(
          [alreadyRevoked(0), notFound(1), { ...alreadyRevoked(2), outcome: 'expired' }],
          {
            ignoreNotFound: true,
          },
        ),
      },
      context,
    );
    expect(rows(lenient)).toEqual([
      '| Token | Result | Read back | HTTP status | reqId | Note |',
      `| ${id(0)} | ➖ already revoked | shown by the server | 404 | req-0 |  |`,
      `| ${id(1)} | ➖ not found (may be live) | shown by the server | 404 | req-1 | Token with ID ${id(1)} not found or already revoked |`,
      `| ${id(2)} | ➖ already expired | shown by the server | 404 | req-2 |  |`,
    ]);
    expect(lenient).toContain('3 tokens: 0 revoked, 2 already revoked, 1 not found, 0 failed.');
  });
  test('a | or a line break in a message cannot break the table', () => {
    const summary = summaryMarkdown(
      { settled: all([down(0, 'left | right\nnext <b>line</b>')]) },
      context,
    );
    const [, row] = rows(summary) as [string, string];
    expect(row).toContain('left \\| right next &lt;b>line&lt;/b>');
    // Seven cell borders (six columns), no more: every | of the message is escaped.
    expect(row.replace(/\\\|/g, '').match(/\|/g)).toHaveLength(7);
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
