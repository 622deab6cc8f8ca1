// The job summary: the audit record of who revoked what (the revoke route writes no audit event in
// Infisical). Built from the run and its verdict; every cell is escaped, and the rows stop well
// before GitHub's 1 MiB a step.
import type { Outcome, Result } from '../revoke/result.js';
import type { Settled } from '../revoke/settle.js';
import { wouldRevoke, type Looked } from '../revoke/dry-run.js';
import { describeTarget, UNNAMED_SELF } from '../revoke/target.js';
import type { Run, RunContext } from './run.js';
import type { Verdict } from './verdict.js';
import { tally } from './verdict.js';
import { dryRunLine } from './wording.js';
import { describeActing } from './acting.js';
import type { Selection } from '../inputs/selection.js';
import { describeDuration } from '../inputs/duration.js';
import type { Kept, ListedToken } from '../select/index.js';
import { plural } from '../text/words.js';

/** A job summary may hold 1 MiB a step (in bytes): rows stop well before that. */
const SUMMARY_MAX_BYTES = 900_000;

export function summaryMarkdown(run: Run, verdict: Verdict, context: RunContext): string {
  const { counts } = verdict;
  // A dry run revoked nothing: its count is the dry-run line's, not a tally of zeros.
  const lines = [
    `### ${headingOf(run, verdict)}`,
    '',
    describeRun(context),
    '',
    ...(run.acting ? [`Acting identity: ${escapeCell(describeActing(run.acting))}.`, ''] : []),
    ...(run.filters ? [describeFilters(run.filters), ''] : []),
    ...(run.dryRun ? [] : [tally(counts), '']),
  ];
  // "Stopped" only when the stop left something: the verdict's, not the run's.
  if (verdict.stopped) lines.push(`> **Stopped:** ${escapeCell(verdict.stopped.reason)}`, '');
  if (run.logout) lines.push(`${run.logout.done ? '✅' : '❌'} ${escapeCell(run.logout.line)}`, '');
  if (run.dryRun) lines.push(...dryRunMarkdown(run, run.dryRun));
  const rows = new Rows(Buffer.byteLength(lines.join('\n')));
  if (run.selection) lines.push(...selectionMarkdown(run, run.selection, context.at, rows));
  // One table a token: a token in an identity's table (chosen, or kept by the filters and named in
  // token-id) is in that table only; the token-id table has the rest of those named there.
  const inTables = new Set(
    (run.selection?.chosen.identities ?? []).flatMap((choice) => [
      ...choice.chosen.map((token) => token.id),
      ...choice.kept.map(({ token }) => token.id),
    ]),
  );
  const named = run.settled.filter((s) => !inTables.has(s.result.tokenId));
  if (named.length > 0) {
    if (run.selection) lines.push('#### Named in token-id', '');
    lines.push(
      '| Token | Result | Read back | HTTP status | reqId | Note |',
      '| --- | --- | --- | --- | --- | --- |',
    );
    for (const s of named) {
      const token =
        s.result.self && s.result.tokenId !== UNNAMED_SELF
          ? `${s.result.tokenId} (self)`
          : s.result.tokenId;
      rows.add(lines, `| ${[token, ...resultCells(s)].map(escapeCell).join(' | ')} |`);
    }
  }
  if (rows.omitted > 0) {
    lines.push(
      '',
      `${rows.omitted} more rows are left out to keep the summary under GitHub's 1 MiB; the step's outputs list every token.`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** Table rows, each added while the summary stays under its byte budget; the rest are counted. */
class Rows {
  omitted = 0;
  constructor(private size: number) {}
  add(lines: string[], row: string): void {
    const bytes = Buffer.byteLength(row) + 1;
    if (this.size + bytes > SUMMARY_MAX_BYTES) {
      this.omitted += 1;
      return;
    }
    this.size += bytes;
    lines.push(row);
  }
  /** A line that is not a row (a heading, a sentence): always written, counted in the budget. */
  text(lines: string[], ...text: string[]): void {
    for (const line of text) this.size += Buffer.byteLength(line) + 1;
    lines.push(...text);
  }
}

// At a glance: succeeded, failed, cancelled, or a dry run (a "0 of 10 done" alone reads like success).
function headingOf(run: Run, verdict: Verdict): string {
  const { counts, status } = verdict;
  const icon =
    status === 'succeeded' ? (run.dryRun ? '🔎' : '✅') : status === 'cancelled' ? '⏹️' : '❌';
  const loginLive = run.logout && !run.logout.done ? '; the login token is NOT revoked' : '';
  if (run.dryRun) {
    const how = status === 'succeeded' ? 'dry run' : `dry run ${status}`;
    return `${icon} Infisical token revocation, ${how}: nothing revoked${loginLive}`;
  }
  const done = run.settled.filter((s) => s.done).length;
  const what =
    counts.total === 0
      ? status === 'succeeded'
        ? 'nothing to revoke'
        : 'nothing revoked'
      : `${done} of ${counts.total} done`;
  return `${icon} Infisical token revocation ${status}: ${what}${loginLive}`;
}

// The filters as given: what an auditor needs to tell why these tokens, and not others.
function describeFilters(filters: Selection): string {
  const used = [
    ...(filters.olderThanMs === undefined
      ? []
      : [`older-than: ${describeDuration(filters.olderThanMs)}`]),
    ...(filters.tokenName === undefined
      ? []
      : [`token-name: ${escapeCell(JSON.stringify(filters.tokenName))}`]),
    ...(filters.keepNewest === undefined ? [] : [`keep-newest: ${filters.keepNewest}`]),
  ];
  const whose = plural(filters.identityIds.length, 'identity', 'identities');
  return `Chose from the tokens of ${whose} (tokens-of-identity)${used.length > 0 ? ` with ${used.join(', ')}` : ''}.`;
}

function describeRun(c: RunContext): string {
  const parts: string[] = [];
  if (c.repository && c.runId) {
    const attempt = c.runAttempt && c.runAttempt !== '1' ? ` (attempt ${c.runAttempt})` : '';
    // The attempt's own page: a re-run's record must not link to another attempt.
    const attemptPath =
      c.runAttempt && /^\d+$/.test(c.runAttempt) ? `/attempts/${c.runAttempt}` : '';
    const link = c.serverUrl
      ? `[${c.repository} run ${c.runId}${attempt}](${c.serverUrl}/${c.repository}/actions/runs/${c.runId}${attemptPath})`
      : `${c.repository} run ${c.runId}${attempt}`;
    parts.push(`Run ${link}`);
  }
  if (c.workflow)
    parts.push(`workflow ${escapeCell(c.workflow)}${c.job ? `, job ${escapeCell(c.job)}` : ''}`);
  if (c.actor) parts.push(`actor @${escapeCell(c.actor)}`);
  parts.push(`server ${c.infisical}`);
  parts.push(c.phase === 'post' ? 'at job end (post step)' : 'in the step');
  parts.push(c.at.toISOString());
  return parts.join(' · ');
}

/** What became of a token, in the cells every table shares: result, read back, status, reqId, note. */
function resultCells({ result, done }: Settled): string[] {
  return [
    result.outcomeUnknown ? '❓ outcome unknown' : LABELS[result.outcome](done),
    readBackCell(result.readBack),
    result.status === undefined ? '—' : String(result.status),
    result.reqId ?? '—',
    result.note ??
      (result.outcome === 'failed' ||
      result.outcome === 'not-found' ||
      (!done && result.outcome === 'already-revoked')
        ? result.message
        : result.readBack?.kind === 'unverified'
          ? `not verified: ${result.readBack.why}`
          : ''),
  ];
}

// What the server showed when the credential was read back after the revoke.
function readBackCell(readBack: Result['readBack']): string {
  if (readBack === undefined) return '—';
  if (readBack.kind === 'shown') return 'shown by the server';
  if (readBack.kind === 'unverified') return '⚠️ unverified';
  return 'not read back';
}

const LABELS: Record<Outcome, (done: boolean) => string> = {
  revoked: () => '✅ revoked',
  'already-revoked': (done) => (done ? '➖ already revoked' : '❌ already revoked'),
  'not-found': (done) => (done ? '➖ not found (may be live)' : '❌ not found (may be live)'),
  expired: () => '➖ already expired',
  failed: () => '❌ failed',
  'not-attempted': () => '⏹️ not attempted',
};

function escapeCell(text: string): string {
  return text
    .replace(/\|/g, '\\|')
    .replace(/[\r\n]+/g, ' ')
    .replace(/</g, '&lt;');
}

// A dry run: what would have been revoked; tokens named in token-id apart from those chosen.
function dryRunMarkdown(run: Run, dryRun: readonly Looked[]): string[] {
  const lines = [`**${dryRunLine(wouldRevoke(dryRun).length)}**`, ''];
  const chosen = new Set((run.selection?.chosen.chosen ?? []).map((token) => token.id));
  const named = dryRun.filter((target) => target.self || !chosen.has(target.tokenId));
  const would = wouldRevoke(named);
  if (would.length > 0) {
    lines.push(`Named in token-id, would be revoked: ${would.map(describeTarget).join(', ')}.`, '');
  }
  const revoked = named.filter((one) => one.state === 'already-revoked');
  if (revoked.length > 0) {
    lines.push(
      `Named in token-id, already revoked: ${revoked.map(describeTarget).join(', ')}.`,
      '',
    );
  }
  const missing = named.filter((one) => one.state === 'not-found');
  if (missing.length > 0) {
    lines.push(
      `Named in token-id, not found (never a Token Auth token, pruned, or a token of another login method, which may be live): ${missing.map(describeTarget).join(', ')}.`,
      '',
    );
  }
  return lines;
}

// Per identity, one table: each token chosen (and what became of it: result, read-back, status,
// reqId), then each live token kept and why.
function selectionMarkdown(
  run: Run,
  selection: NonNullable<Run['selection']>,
  at: Date,
  rows: Rows,
): string[] {
  const results = new Map(run.settled.map((s) => [s.result.tokenId, s]));
  const lines: string[] = [];
  for (const [index, list] of selection.listed.entries()) {
    const choice = selection.chosen.identities[index];
    rows.text(lines, `#### Identity ${list.identityId}`, '');
    if (list.error) {
      rows.text(lines, `❌ ${escapeCell(list.error)}`, '');
      continue;
    }
    const live = list.tokens.filter((t) => !t.revoked).length;
    const kept = choice?.kept ?? [];
    rows.text(
      lines,
      `Listed ${list.tokens.length} tokens (${live} not revoked)${list.full ? ' — the list is full: Infisical lists only the 200 most recently updated tokens, so older ones may be out of reach' : ''}; chose ${choice?.chosen.length ?? 0}.${kept.length > 0 ? ` Kept ${kept.length}: ${keptWhy(kept)}.` : ''}`,
      '',
    );
    for (const note of choice?.notes ?? []) rows.text(lines, `- ${escapeCell(note)}`);
    if (choice?.notes.length) rows.text(lines, '');
    if (!choice?.chosen.length && kept.length === 0) continue;
    // A dry run has no answers: its table is the choice alone.
    const [header, rule] = run.dryRun
      ? ['| Token | Name | Created | Age | Result |', '| --- | --- | --- | --- | --- |']
      : [
          '| Token | Name | Created | Age | Result | Read back | HTTP status | reqId | Note |',
          '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
        ];
    rows.text(lines, header, rule);
    const named = new Set((run.dryRun ?? []).map((looked) => looked.tokenId));
    const cellsOf = (token: ListedToken) => [
      token.id,
      token.name ?? '—',
      token.createdAt.toISOString(),
      age(at.getTime() - token.createdAt.getTime()),
    ];
    const row = (cells: string[]) => `| ${cells.map(escapeCell).join(' | ')} |`;
    for (const token of choice?.chosen ?? []) {
      const settled = results.get(token.id);
      const cells = run.dryRun
        ? ['🔎 would be revoked (dry run)']
        : settled
          ? resultCells(settled)
          : ['—', '—', '—', '—', ''];
      rows.add(lines, row([...cellsOf(token), ...cells]));
    }
    for (const { token, why } of kept) {
      // Kept by the filters, but named in token-id: what became of it, here only.
      const settled = results.get(token.id);
      const cells = run.dryRun
        ? [
            named.has(token.id)
              ? `🔎 named in token-id (the filters kept it: ${why})`
              : `⏸️ kept: ${why}`,
          ]
        : settled
          ? withNote(resultCells(settled), `named in token-id; the filters kept it: ${why}`)
          : ['⏸️ kept', '—', '—', '—', `kept: ${why}`];
      rows.add(lines, row([...cellsOf(token), ...cells]));
    }
    rows.text(lines, '');
  }
  return lines;
}

/** Result cells with `first` before the note. */
function withNote(cells: string[], first: string): string[] {
  const note = cells[4] ? `${first}; ${cells[4]}` : first;
  return [...cells.slice(0, 4), note];
}

/** "created less than 7d ago (2), the newest (1)": why the kept tokens were kept, by reason. */
function keptWhy(kept: readonly Kept[]): string {
  const byWhy = new Map<string, number>();
  for (const { why } of kept) byWhy.set(why, (byWhy.get(why) ?? 0) + 1);
  return [...byWhy.entries()].map(([why, n]) => `${escapeCell(why)} (${n})`).join(', ');
}

function age(ms: number): string {
  const hours = ms / 3_600_000;
  if (hours < 48) return `${Math.max(0, Math.round(hours))} h`;
  return `${Math.round(hours / 24)} d`;
}
