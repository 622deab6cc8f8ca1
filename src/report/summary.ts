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

/** A job summary may hold 1 MiB a step (in bytes): rows stop well before that. */
const SUMMARY_MAX_BYTES = 900_000;

export function summaryMarkdown(run: Run, verdict: Verdict, context: RunContext): string {
  const { counts } = verdict;
  const done = run.settled.filter((s) => s.done).length;
  const loginLive = run.logout && !run.logout.done ? '; the login token is NOT revoked' : '';
  const heading = run.dryRun
    ? 'Infisical token revocation, dry run: nothing revoked'
    : `Infisical token revocation: ${done} of ${counts.total} done${loginLive}`;
  // A dry run revoked nothing: its count is the dry-run line's, not a tally of zeros.
  const lines = [
    `### ${heading}`,
    '',
    describeRun(context),
    '',
    ...(run.dryRun ? [] : [tally(counts), '']),
  ];
  if (run.stopped) lines.push(`> **Stopped:** ${escapeCell(run.stopped.reason)}`, '');
  if (run.logout) lines.push(`${run.logout.done ? '✅' : '❌'} ${escapeCell(run.logout.line)}`, '');
  if (run.dryRun) lines.push(...dryRunMarkdown(run, run.dryRun));
  if (run.selection) lines.push(...selectionMarkdown(run, run.selection, context.at));
  if (run.settled.length === 0) return `${lines.join('\n')}\n`;
  lines.push(
    '| Token | Result | Read back | HTTP status | reqId | Note |',
    '| --- | --- | --- | --- | --- | --- |',
  );
  let size = Buffer.byteLength(lines.join('\n'));
  let omitted = 0;
  for (const s of run.settled) {
    const row = rowOf(s);
    const bytes = Buffer.byteLength(row) + 1;
    if (size + bytes > SUMMARY_MAX_BYTES) {
      omitted += 1;
      continue;
    }
    size += bytes;
    lines.push(row);
  }
  if (omitted > 0) {
    lines.push(
      '',
      `${omitted} more rows are left out to keep the summary under GitHub's 1 MiB; the step's outputs list every token.`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function describeRun(c: RunContext): string {
  const parts: string[] = [];
  if (c.repository && c.runId) {
    const attempt = c.runAttempt && c.runAttempt !== '1' ? ` (attempt ${c.runAttempt})` : '';
    const link = c.serverUrl
      ? `[${c.repository} run ${c.runId}${attempt}](${c.serverUrl}/${c.repository}/actions/runs/${c.runId})`
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

function rowOf({ result, done }: Settled): string {
  const cells = [
    result.self && result.tokenId !== UNNAMED_SELF ? `${result.tokenId} (self)` : result.tokenId,
    LABELS[result.outcome](done),
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
  return `| ${cells.map(escapeCell).join(' | ')} |`;
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

// Per identity: what was listed, what was chosen (and what became of it), what was kept and why.
function selectionMarkdown(run: Run, selection: NonNullable<Run['selection']>, at: Date): string[] {
  const results = new Map(run.settled.map((s) => [s.result.tokenId, s]));
  const lines: string[] = [];
  for (const [index, list] of selection.listed.entries()) {
    const choice = selection.chosen.identities[index];
    lines.push(`#### Identity ${list.identityId}`, '');
    if (list.error) {
      lines.push(`❌ ${escapeCell(list.error)}`, '');
      continue;
    }
    const live = list.tokens.filter((t) => !t.revoked).length;
    lines.push(
      `Listed ${list.tokens.length} tokens (${live} not revoked)${list.full ? ' — the list is full: Infisical lists only the 200 most recently updated tokens, so older ones may be out of reach' : ''}; chose ${choice?.chosen.length ?? 0}.`,
      '',
    );
    for (const note of choice?.notes ?? []) lines.push(`- ${escapeCell(note)}`);
    if (choice?.notes.length) lines.push('');
    if (!choice?.chosen.length) continue;
    lines.push('| Token | Name | Created | Age | Result |', '| --- | --- | --- | --- | --- |');
    for (const token of choice.chosen) {
      const settled = results.get(token.id);
      const result = run.dryRun
        ? '🔎 would be revoked (dry run)'
        : settled
          ? LABELS[settled.result.outcome](settled.done)
          : '—';
      lines.push(
        `| ${[token.id, token.name ?? '—', token.createdAt.toISOString(), age(at.getTime() - token.createdAt.getTime()), result].map(escapeCell).join(' | ')} |`,
      );
    }
    lines.push('');
  }
  return lines;
}

function age(ms: number): string {
  const hours = ms / 3_600_000;
  if (hours < 48) return `${Math.max(0, Math.round(hours))} h`;
  return `${Math.round(hours / 24)} d`;
}
