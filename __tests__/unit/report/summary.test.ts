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
import { settle } from '../../../src/revoke/settle.js';
import type { ListedToken, SweptIdentity } from '../../../src/select/index.js';
import {
  all,
  alreadyRevoked,
  denied,
  down,
  id,
  notAttempted,
  notFound,
  listedSecret,
  range,
  revoked,
  SECRET_IDENTITY,
  SECRET_PREFIX,
  secretDenied,
  secretId,
  secretRevoked,
  secretSelection,
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

  test("names the run (a link to the attempt's own page), the actor and the server; the heading says it succeeded", () => {
    const summary = summaryMarkdown({ settled: all([revoked(0)]) }, context);
    expect(summary).toContain(
      '[octo-org/infra run 4242 (attempt 2)](https://github.com/octo-org/infra/actions/runs/4242/attempts/2)',
    );
    expect(summary).toContain('actor @octocat');
    expect(summary).toContain('server https://eu.infisical.com');
    expect(summary).toContain('at job end (post step)');
    expect(summary).toContain('2026-11-26T10:00:00.000Z');
    expect(summary).toMatch(/^### ✅ Infisical token revocation succeeded: 1 of 1 done\n/);
    // The first attempt has its own page too; without a number, the run's page.
    expect(summaryMarkdown({ settled: [] }, { ...context, runAttempt: '1' })).toContain(
      '[octo-org/infra run 4242](https://github.com/octo-org/infra/actions/runs/4242/attempts/1)',
    );
    expect(summaryMarkdown({ settled: [] }, { ...context, runAttempt: undefined })).toContain(
      '[octo-org/infra run 4242](https://github.com/octo-org/infra/actions/runs/4242)',
    );
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

describe('summaryMarkdown: the heading says how the run went', () => {
  const context: RunContext = { infisical: 'https://h', phase: 'main', at: new Date(0) };
  const heading = (run: Run) => summaryMarkdown(run, context).split('\n')[0];
  test('succeeded, failed, cancelled, dry run: never a bare "0 of 10 done"', () => {
    expect(heading({ settled: all(range(0, 10).map((n) => revoked(n))) })).toBe(
      '### ✅ Infisical token revocation succeeded: 10 of 10 done',
    );
    expect(heading({ settled: all(range(0, 10).map(denied)) })).toBe(
      '### ❌ Infisical token revocation failed: 0 of 10 done',
    );
    const cancelled: Run = {
      settled: all([revoked(0), ...range(1, 10).map(notAttempted)]),
      stopped: { kind: 'cancelled', reason: 'The run was cancelled (SIGINT).' },
    };
    expect(heading(cancelled)).toBe('### ⏹️ Infisical token revocation cancelled: 1 of 10 done');
    expect(heading({ settled: [], dryRun: [] })).toBe(
      '### 🔎 Infisical token revocation, dry run: nothing revoked',
    );
    expect(heading({ settled: [] })).toBe(
      '### ✅ Infisical token revocation succeeded: nothing to revoke',
    );
    expect(heading({ settled: [], stopped: { kind: 'login', reason: 'Could not log in.' } })).toBe(
      '### ❌ Infisical token revocation failed: nothing revoked',
    );
  });
  test('a cancel after every token had its answer is no stop: succeeded, no "Stopped"', () => {
    const run: Run = {
      settled: all([revoked(0), revoked(1)]),
      stopped: { kind: 'cancelled', reason: 'The run was cancelled (SIGINT).' },
    };
    const summary = summaryMarkdown(run, context);
    expect(summary.split('\n')[0]).toBe('### ✅ Infisical token revocation succeeded: 2 of 2 done');
    expect(summary).not.toContain('Stopped');
  });
  test('a refusal after every token was sent: failed, and no "Stopped" beside 0 not attempted', () => {
    const run: Run = {
      settled: all([denied(0), denied(1), denied(2)]),
      stopped: {
        kind: 'refused',
        reason: 'Infisical refused the access token, so the batch stopped.',
      },
    };
    const summary = summaryMarkdown(run, context);
    expect(summary.split('\n')[0]).toBe('### ❌ Infisical token revocation failed: 0 of 3 done');
    expect(summary).not.toContain('Stopped');
    expect(summary).not.toContain('not attempted');
  });
});

describe('summaryMarkdown: who, with which filters, and what was kept', () => {
  const context: RunContext = {
    infisical: 'https://h',
    phase: 'main',
    at: new Date('2026-11-26T00:00:00Z'),
  };
  const identity = '1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b';
  const other = '2a2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b';
  const day = 86_400_000;
  const listed = (n: number, ageDays: number, name: string | null = `ci-${n}`): ListedToken =>
    ({
      id: id(n),
      name,
      identityId: identity,
      createdAt: new Date(context.at.getTime() - ageDays * day),
      revoked: false,
      expired: false,
    }) as ListedToken;
  test('names the acting identity, from the claims or the login', () => {
    const of = (acting: Run['acting']) => summaryMarkdown({ settled: [], acting }, context);
    expect(of({ from: 'claims', identityId: identity })).toContain(
      `Acting identity: identity ${identity} (from the access token's claims).`,
    );
    expect(of({ from: 'oidc', identityId: identity })).toContain(
      `Acting identity: identity ${identity} (the OIDC login's identity-id).`,
    );
    expect(of({ from: 'universal', clientId: other })).toContain(
      `Acting identity: the identity of Universal Auth client id ${other} (the login's client-id).`,
    );
    expect(of({ from: 'unknown' })).toContain(
      'Acting identity: unknown (the access token is not a JWT that names its identity).',
    );
  });
  test('names the filters used', () => {
    const summary = summaryMarkdown(
      {
        settled: [],
        filters: {
          identityIds: [identity, other],
          allIdentities: false,
          olderThanMs: 10 * day,
          tokenName: 'ci-*',
          keepNewest: 1,
        },
      },
      context,
    );
    expect(summary).toContain(
      'Chose from the tokens of 2 identities (tokens-of-identity) with older-than: 10d, token-name: "ci-*", keep-newest: 1.',
    );
    expect(
      summaryMarkdown(
        { settled: [], filters: { identityIds: [identity], allIdentities: false, olderThanMs: 0 } },
        context,
      ),
    ).toContain('Chose from the tokens of 1 identity (tokens-of-identity) with older-than: 0s.');
  });
  test("one table per identity: a chosen token is in its identity's table only, with its result; kept tokens with why; the token-id table has only the named", () => {
    const tokens = [listed(1, 30), listed(2, 20), listed(3, 10), listed(4, 1)];
    const [t1, t2, t3, t4] = tokens as [ListedToken, ListedToken, ListedToken, ListedToken];
    const run: Run = {
      // 3 is kept by the filters but named in token-id too.
      settled: all([revoked(1), denied(2), revoked(3), revoked(9)]),
      selection: {
        listed: [{ identityId: identity, tokens, full: false }],
        chosen: {
          identities: [
            {
              identityId: identity,
              chosen: [t1, t2],
              kept: [
                { token: t3, why: 'the newest' },
                { token: t4, why: 'created less than 7d ago' },
              ],
              notes: [],
            },
          ],
          chosen: [t1, t2],
        },
      },
    };
    const summary = summaryMarkdown(run, context);
    const lines = summary.split('\n');
    // Each token once in all the tables.
    for (const n of [1, 2, 3, 4, 9]) {
      expect(lines.filter((line) => line.startsWith(`| ${id(n)} |`))).toHaveLength(1);
    }
    expect(summary).toContain(
      'Listed 4 tokens (4 not revoked); chose 2. Kept 2: the newest (1), created less than 7d ago (1).',
    );
    expect(summary).toContain(
      '| Token | Name | Created | Age | Result | Read back | HTTP status | reqId | Note |',
    );
    expect(lines).toContain(
      `| ${id(1)} | ci-1 | 2026-10-27T00:00:00.000Z | 30 d | ✅ revoked | shown by the server | 200 | — |  |`,
    );
    expect(lines).toContain(
      `| ${id(2)} | ci-2 | 2026-11-06T00:00:00.000Z | 20 d | ❌ failed | — | 403 | req-00000000000002 | PermissionDenied — You are not allowed to edit on identity |`,
    );
    expect(lines).toContain(
      `| ${id(3)} | ci-3 | 2026-11-16T00:00:00.000Z | 10 d | ✅ revoked | shown by the server | 200 | — | named in token-id; the filters kept it: the newest |`,
    );
    expect(lines).toContain(
      `| ${id(4)} | ci-4 | 2026-11-25T00:00:00.000Z | 24 h | ⏸️ kept | — | — | — | kept: created less than 7d ago |`,
    );
    // The token-id table, after the identities: only the token named there.
    const named = lines.indexOf('#### Named in token-id');
    expect(named).toBeGreaterThan(lines.indexOf(`#### Identity ${identity}`));
    expect(lines.slice(named)).toContain(
      `| ${id(9)} | ✅ revoked | shown by the server | 200 | — |  |`,
    );
    expect(lines.slice(named).some((line) => line.startsWith(`| ${id(1)} `))).toBe(false);
  });
  test('a dry run: the choice alone (no answers), kept tokens with why', () => {
    const tokens = [listed(1, 30), listed(2, 1)];
    const [t1, t2] = tokens as [ListedToken, ListedToken];
    const summary = summaryMarkdown(
      {
        settled: [],
        dryRun: [{ tokenId: id(1), self: false, state: 'live' }],
        selection: {
          listed: [{ identityId: identity, tokens, full: false }],
          chosen: {
            identities: [
              {
                identityId: identity,
                chosen: [t1],
                kept: [{ token: t2, why: 'created less than 7d ago' }],
                notes: [],
              },
            ],
            chosen: [t1],
          },
        },
      },
      context,
    );
    const lines = summary.split('\n');
    expect(lines).toContain('| Token | Name | Created | Age | Result |');
    expect(lines).toContain(
      `| ${id(1)} | ci-1 | 2026-10-27T00:00:00.000Z | 30 d | 🔎 would be revoked (dry run) |`,
    );
    expect(lines).toContain(
      `| ${id(2)} | ci-2 | 2026-11-25T00:00:00.000Z | 24 h | ⏸️ kept: created less than 7d ago |`,
    );
  });
  test('a revoke cut off by a cancel reads "outcome unknown", never "failed"', () => {
    const cut = settle(
      {
        tokenId: id(5),
        self: false,
        outcome: 'failed',
        message:
          'the revoke was in flight when the run was cancelled, and was cut off before its answer came',
        attempts: 1,
        outcomeUnknown: true,
      },
      { ignoreNotFound: false },
    );
    const summary = summaryMarkdown(
      {
        settled: [...all([revoked(0)]), cut],
        stopped: { kind: 'cancelled', reason: 'The run was cancelled (SIGINT).' },
      },
      context,
    );
    expect(summary).toContain(
      `| ${id(5)} | ❓ outcome unknown | — | — | — | the revoke was in flight`,
    );
    expect(summary.split('\n')[0]).toBe('### ⏹️ Infisical token revocation cancelled: 1 of 2 done');
    expect(summary).toContain(
      '2 tokens: 1 revoked, 0 already revoked, 0 not found, 1 failed. Outcome unknown: 1 of the failed (it was cut off before an answer came, and may have been revoked).',
    );
    expect(summary).not.toContain('❌ failed');
  });
});

describe('the organization sweep and the client secrets in the summary', () => {
  const at = new Date('2026-11-26T10:00:00Z');
  const context: RunContext = { infisical: 'https://h', phase: 'main', at };
  const ORG = '7b0c1d2e-3f40-4a51-8b62-738495a6b7c8';
  const secretsOnly = {
    identityIds: [],
    allIdentities: true,
    clientSecrets: { identityIds: [], all: true },
    identityName: 'ci-|*',
    olderThanMs: 30 * 24 * 3600_000,
  };
  const sweepOf = (identities: SweptIdentity[]) => ({
    tokenIdentities: [],
    secretIdentities: [],
    organization: { id: ORG, identities },
  });
  const hostile = 'ci-|x <img src=y>\n::error::injected';

  test('the sweep: which identities were swept, which skipped and why, every cell escaped', () => {
    const identities: SweptIdentity[] = [
      {
        id: id(1),
        name: hostile,
        authMethods: ['token-auth', 'universal-auth'],
        tokens: undefined,
        secrets: undefined,
      },
      {
        id: id(2),
        name: 'web',
        authMethods: ['universal-auth'],
        tokens: 'no Token Auth',
        secrets: 'name does not match "ci-|*"',
      },
      {
        id: id(3),
        name: '',
        authMethods: [],
        tokens: 'no Token Auth',
        secrets: 'no Universal Auth',
      },
    ];
    const run: Run = {
      settled: [],
      filters: secretsOnly,
      selection: { ...secretSelection([]), sweep: sweepOf(identities) },
    };
    const summary = summaryMarkdown(run, context);
    expect(summary).toContain(`#### Organization ${ORG}\n`);
    expect(summary).toContain(
      'Swept 1 of 3 identities for Token Auth tokens; skipped 2: no Token Auth (2).',
    );
    expect(summary).toContain(
      'Swept 1 of 3 identities for client secrets; skipped 2: name does not match "ci-\\|*" (1), no Universal Auth (1).',
    );
    const rows = summary.split('\n').filter((line) => line.startsWith(`| ${id(1).slice(0, 8)}`));
    expect(rows).toEqual([
      `| ${id(1)} | ci-\\|x &lt;img src=y> ::error::injected | token-auth, universal-auth | swept | swept |`,
      `| ${id(2)} | web | universal-auth | skipped: no Token Auth | skipped: name does not match "ci-\\|*" |`,
      `| ${id(3)} | — | — | skipped: no Token Auth | skipped: no Universal Auth |`,
    ]);
    // No line of the summary starts with a server's text.
    expect(summary.split('\n').some((line) => line.startsWith('::'))).toBe(false);
    expect(summary).toContain('identity-name: "ci-\\|*"');
    expect(summary).toContain(
      'the client secrets of every identity of the organization (client-secrets-of-identity)',
    );
  });
  test("a name's Markdown is shown, not rendered: no link, image or @mention from a server's text", () => {
    const name =
      '![x](https://evil.example/p.png) [docs](https://evil.example) @security-team *b* `c` _d_ ~e~';
    const run: Run = {
      settled: [],
      filters: secretsOnly,
      selection: {
        ...secretSelection([]),
        sweep: sweepOf([{ id: id(1), name, authMethods: [], secrets: 'no Universal Auth' }]),
      },
    };
    const summary = summaryMarkdown(run, context);
    expect(summary).toContain(
      '| \\!\\[x\\]\\(https://evil.example/p.png\\) \\[docs\\]\\(https://evil.example\\) \\@security-team \\*b\\* \\`c\\` \\_d\\_ \\~e\\~ |',
    );
    expect(summary).not.toContain('](https://evil.example)');
  });
  test('only tokens swept: the client secrets column says nothing was asked', () => {
    const run: Run = {
      settled: [],
      filters: { ...secretsOnly, clientSecrets: undefined },
      selection: {
        listed: [],
        chosen: { identities: [], chosen: [] },
        sweep: sweepOf([{ id: id(1), name: 'a', authMethods: ['token-auth'], tokens: undefined }]),
      },
    };
    const summary = summaryMarkdown(run, context);
    expect(summary).toContain(`| ${id(1)} | a | token-auth | swept | — |`);
    expect(summary).not.toMatch(/for client secrets/);
  });
  test('the sweep failed: its line under the organization heading, nothing else of it', () => {
    const run: Run = {
      settled: [],
      filters: secretsOnly,
      selection: {
        ...secretSelection([]),
        sweep: {
          tokenIdentities: [],
          secretIdentities: [],
          error: 'Could not list | the <identities>',
        },
      },
    };
    expect(summaryMarkdown(run, context)).toContain(
      '#### The organization\n\n❌ Could not list \\| the &lt;identities>\n',
    );
  });
  test('a client secret table: its own heading, descriptions escaped, results; no prefix anywhere', () => {
    const old = listedSecret(1, 'rotated | 2026-10 <b>\nnext');
    const failing = listedSecret(2, null);
    const kept = listedSecret(3, 'current', new Date('2026-11-20T10:00:00Z'));
    const run: Run = {
      settled: all([secretRevoked(1), secretDenied(2)]),
      filters: secretsOnly,
      selection: secretSelection(
        [old, failing],
        [{ token: kept, why: 'created less than 30d ago' }],
        [
          `Kept client secret ${secretId(9)}: it is the client secret the access token was issued from`,
        ],
      ),
    };
    const summary = summaryMarkdown(run, context);
    expect(summary).toContain(`#### Client secrets of identity ${SECRET_IDENTITY}\n`);
    expect(summary).toContain(
      'Listed 3 live client secrets; chose 2. Kept 1: created less than 30d ago (1).',
    );
    expect(summary).toContain(
      `- Kept client secret ${secretId(9)}: it is the client secret the access token was issued from`,
    );
    const table = summary.split('\n').filter((line) => line.startsWith('| '));
    expect(table).toEqual([
      '| Client secret | Description | Created | Age | Result | Read back | HTTP status | reqId | Note |',
      '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
      `| ${secretId(1)} | rotated \\| 2026-10 &lt;b> next | 2026-10-01T08:00:00.000Z | 56 d | ✅ revoked | shown by the server | 200 | — |  |`,
      `| ${secretId(2)} | — | 2026-10-01T08:00:00.000Z | 56 d | ❌ failed | — | 403 | req-s2 | PermissionDenied — You are not allowed to delete on identity |`,
      `| ${secretId(3)} | current | 2026-11-20T10:00:00.000Z | 6 d | ⏸️ kept | — | — | — | kept: created less than 30d ago |`,
    ]);
    expect(summary).toContain(
      '2 client secrets: 1 revoked, 0 already revoked, 0 not found, 1 failed.',
    );
    expect(summary).not.toContain(SECRET_PREFIX);
    // A client secret is never in a token table, nor in "Named in token-id".
    expect(summary).not.toContain('Named in token-id');
  });
  test('a dry run: the secrets that would be revoked, and the line says how many', () => {
    const run: Run = {
      settled: [],
      dryRun: [],
      filters: secretsOnly,
      selection: secretSelection([listedSecret(1, 'old')]),
    };
    const summary = summaryMarkdown(run, context);
    expect(summary).toContain(
      '**Dry run: 1 client secret would be revoked; nothing was revoked.**',
    );
    expect(summary).toContain(
      `| ${secretId(1)} | old | 2026-10-01T08:00:00.000Z | 56 d | 🔎 would be revoked (dry run) |`,
    );
  });
  test('a client secret list that failed: its line, escaped, under its heading', () => {
    const run: Run = {
      settled: [],
      filters: secretsOnly,
      selection: {
        ...secretSelection([]),
        secrets: {
          listed: [{ identityId: SECRET_IDENTITY, secrets: [], error: 'Could not list | <x>' }],
          chosen: { identities: [], chosen: [] },
        },
      },
    };
    expect(summaryMarkdown(run, context)).toContain(
      `#### Client secrets of identity ${SECRET_IDENTITY}\n\n❌ Could not list \\| &lt;x>\n`,
    );
  });
});
