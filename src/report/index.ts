// What the step reports: its outputs, the error annotations, the closing verdict and the job
// summary, all built from the same settled results so that they never contradict each other.
import { capitalise } from '../revoke/settle.js';
import type { Settled } from '../revoke/settle.js';
import { describeTarget, UNNAMED_SELF, type Outcome, type Target } from '../revoke/one.js';
import type { Chosen, Listed } from '../select/index.js';
import type { Stop } from '../stop/stopping.js';

export type Outputs = Record<string, string>;

export interface Run {
  settled: readonly Settled[];
  /** Why the run ended before every token was tried. */
  stop?: Stop;
  /** The action's own login, revoked at the end (or not: then `done` is false). */
  logout?: { done: boolean; line: string };
  /** What tokens-of-identity listed and chose; with dry-run, what would have been revoked. */
  selection?: {
    listed: readonly Listed[];
    chosen: Chosen;
    /** A dry run: what would have been revoked, in order (nothing was). */
    dryRun?: readonly Target[];
  };
}

/**
 * GitHub shows 10 error annotations a step; the step writes at most this many, its closing
 * failure included, whatever the batch size. Every token is still in the outputs and the summary.
 */
export const MAX_ERROR_ANNOTATIONS = 5;

interface Counts {
  revoked: number;
  gone: number;
  failed: number;
  notAttempted: number;
  total: number;
}

export function countsOf(settled: readonly Settled[]): Counts {
  const count = (...outcomes: Outcome[]) =>
    settled.filter((s) => outcomes.includes(s.result.outcome)).length;
  return {
    revoked: count('revoked'),
    gone: count('not-found', 'expired'),
    failed: count('failed'),
    notAttempted: count('not-attempted'),
    total: settled.length,
  };
}

export function outputsOf(run: Run): Outputs {
  const results = run.settled.map((s) => s.result);
  const revoked = results.filter((r) => r.outcome === 'revoked').map((r) => r.tokenId);
  const gone = results.flatMap((r) =>
    r.outcome === 'not-found' || r.outcome === 'expired'
      ? [{ id: r.tokenId, status: r.status ?? null, reqId: r.reqId ?? null }]
      : [],
  );
  const failed = results.flatMap((r) =>
    r.outcome === 'failed'
      ? [
          {
            id: r.tokenId,
            status: r.status ?? null,
            error: r.error ?? null,
            reqId: r.reqId ?? null,
          },
        ]
      : [],
  );
  const notAttempted = results.filter((r) => r.outcome === 'not-attempted').map((r) => r.tokenId);
  const only = run.settled.length === 1 ? run.settled[0] : undefined;
  const selected = (run.selection?.chosen.chosen ?? []).map((token) => ({
    id: token.id,
    name: token.name,
    createdAt: token.createdAt.toISOString(),
    identityId: token.identityId,
  }));
  return {
    message: messageOf(run),
    selected: JSON.stringify(selected),
    'request-id': only?.result.reqId ?? '',
    revoked: JSON.stringify(revoked),
    'not-found': JSON.stringify(gone),
    failed: JSON.stringify(failed),
    'not-attempted': JSON.stringify(notAttempted),
    'revoked-count': String(revoked.length),
    'not-found-count': String(gone.length),
    'failed-count': String(failed.length),
    'not-attempted-count': String(notAttempted.length),
  };
}

/**
 * The `message` output: the step's closing failure when it fails (the one token's line, or a line
 * with the same counts as the outputs), else the one token's words or the tally.
 */
function messageOf(run: Run): string {
  const { failure } = annotationsOf(run);
  if (failure !== undefined) return failure;
  const { settled } = run;
  const dryRun = run.selection?.dryRun;
  if (dryRun) return dryRunLine(dryRun.length);
  if (settled.length === 0 && run.selection) {
    return `${tally(countsOf(settled))} Nothing was chosen to revoke.`;
  }
  if (settled.length === 0) return 'Nothing to revoke: token-id named no token.';
  const only = settled.length === 1 ? (settled[0] as Settled) : undefined;
  // Infisical's own words for a plain revoke; the line (with its note) for anything else.
  if (only)
    return only.result.outcome === 'revoked' && !only.result.note ? only.result.message : only.line;
  return tally(countsOf(settled));
}

export function tally(c: Counts): string {
  const parts = [
    `${c.revoked} revoked`,
    `${c.gone} not found or already gone`,
    `${c.failed} failed`,
    ...(c.notAttempted > 0 ? [`${c.notAttempted} not attempted`] : []),
  ];
  return `${c.total} ${c.total === 1 ? 'token' : 'tokens'}: ${parts.join(', ')}.`;
}

/**
 * The step's closing failure, or undefined when every token is done. One line: the one failing
 * token's own line, or how many failed and, when the batch stopped, why and how many were not
 * attempted.
 */
export function verdictOf(run: Run): string | undefined {
  const failing = run.settled.filter((s) => !s.done);
  const counts = countsOf(run.settled);
  const listFailures = listErrorsOf(run);
  if (listFailures.length > 0 && !run.stop) {
    const lists = `${listFailures.length} of ${run.selection?.listed.length ?? 0} identities could not be listed, so none of their tokens were revoked`;
    return failing.length === 0 && listFailures.length === 1
      ? (listFailures[0] as string)
      : `${lists} (see the errors above). ${tally(counts)}`;
  }
  if (run.stop) {
    const lead = run.stop.kind === 'cancelled' ? 'Cancelled:' : run.stop.reason;
    // Nothing chosen yet (a login refused before the lists were read): nothing to count.
    if (counts.total === 0) return `${lead} Nothing was revoked.`;
    return `${lead} ${counts.notAttempted} of ${counts.total} tokens were not attempted. ${tally(counts)}`;
  }
  if (failing.length === 0) return undefined;
  if (failing.length === 1) return (failing[0] as Settled).line;
  return `${failing.length} of ${counts.total} tokens could not be revoked (see the errors above). ${tally(counts)}`;
}

/**
 * Every error annotation of the step, and its closing failure (undefined when all is done): the
 * grouped failures, then a login that could not be revoked; never more than MAX_ERROR_ANNOTATIONS.
 */
export function annotationsOf(run: Run): { errors: string[]; failure?: string } {
  const logoutFailed = run.logout && !run.logout.done ? run.logout.line : undefined;
  const verdict = verdictOf(run);
  if (verdict === undefined) return { errors: [], failure: logoutFailed };
  // List failures first (at most two lines), then the grouped revoke failures in the room left.
  const all = listErrorsOf(run);
  const lists =
    all.length > 2
      ? [
          ...all.slice(0, 1),
          `${all.length - 1} more identities could not be listed: see the log and the job summary.`,
        ]
      : all;
  const shownLists = lists.length === 1 && lists[0] === verdict ? [] : lists;
  const errors = errorGroups(run, (logoutFailed ? 1 : 0) + shownLists.length);
  return {
    errors: [...shownLists, ...errors, ...(logoutFailed ? [logoutFailed] : [])],
    failure: verdict,
  };
}

/** The lines of the identities whose list failed (refusals are the stop's to explain). */
function listErrorsOf(run: Run): string[] {
  return (run.selection?.listed ?? []).flatMap((list) =>
    list.error && !list.refused ? [list.error] : [],
  );
}

function dryRunLine(count: number): string {
  return `Dry run: ${count} ${count === 1 ? 'token' : 'tokens'} would be revoked; nothing was revoked.`;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const NAMED_IDS = 5;

/**
 * The error annotations before the closing one: failures grouped by their reason (the same
 * status, error and words once ids and reqIds are set aside), each naming its tokens or their
 * count. Not-attempted tokens are explained by the closing line. None when a single token fails
 * (the closing line is its own).
 */
export function errorGroups(run: Run, reserved = 0): string[] {
  const failing = run.settled.filter((s) => !s.done && s.result.outcome !== 'not-attempted');
  // A single failure that is the closing error already: not said twice.
  if (failing.length === 1 && verdictOf(run) === (failing[0] as Settled).line) return [];
  const groups = new Map<string, Settled[]>();
  for (const s of failing) {
    const key = reasonOf(s);
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  const room = MAX_ERROR_ANNOTATIONS - 1 - reserved;
  const entries = [...groups.entries()];
  const shown = entries.length > room ? entries.slice(0, room - 1) : entries;
  const lines = shown.map(([reason, members]) =>
    members.length === 1
      ? (members[0] as Settled).line
      : `${capitalise(namesOf(members))}: ${reason}`,
  );
  const rest = entries.slice(shown.length);
  if (rest.length > 0) {
    const tokens = rest.reduce((n, [, members]) => n + members.length, 0);
    lines.push(
      `${tokens} more ${tokens === 1 ? 'token' : 'tokens'} could not be revoked for ${rest.length} other reasons: see the log and the job summary.`,
    );
  }
  return lines;
}

// A failure's line with its own id and reqId set aside, so that the same reason groups together.
function reasonOf({ line, result }: Settled): string {
  return line
    .replace(/ \(reqId: [^)]*\)/g, '')
    .replace(/ after \d+ attempts(?=:)/, '')
    .replace(
      /^Could not revoke (the access token itself(?: \(token [^)]*\))?|token \S+?)(?= after|:)/,
      'could not be revoked',
    )
    .replace(UUID, (id) => (id.toLowerCase() === result.tokenId ? '<id>' : id));
}

function namesOf(members: readonly Settled[]): string {
  const ids = members.map((s) => s.result.tokenId);
  const named = ids.slice(0, NAMED_IDS).join(', ');
  const more = ids.length > NAMED_IDS ? ` and ${ids.length - NAMED_IDS} more` : '';
  return `${ids.length} tokens (${named}${more})`;
}

// ---- The job summary: the audit record of who revoked what (the revoke route writes no audit
// event in Infisical).

export interface RunContext {
  /** Where the run is, from the runner's GITHUB_* variables; missing ones are left out. */
  serverUrl?: string;
  repository?: string;
  runId?: string;
  runAttempt?: string;
  actor?: string;
  workflow?: string;
  job?: string;
  /** The Infisical server revoked at. */
  infisical: string;
  phase: 'main' | 'post';
  at: Date;
}

/** A job summary may hold 1 MiB a step (in bytes): rows stop well before that. */
const SUMMARY_MAX_BYTES = 900_000;

export function summaryMarkdown(run: Run, context: RunContext): string {
  const counts = countsOf(run.settled);
  const done = run.settled.filter((s) => s.done).length;
  const loginLive = run.logout && !run.logout.done ? '; the login token is NOT revoked' : '';
  const heading = run.selection?.dryRun
    ? 'Infisical token revocation, dry run: nothing revoked'
    : `Infisical token revocation: ${done} of ${counts.total} done${loginLive}`;
  const lines = [`### ${heading}`, '', describeRun(context), '', tally(counts), ''];
  if (run.stop) lines.push(`> **Stopped:** ${escapeCell(run.stop.reason)}`, '');
  if (run.logout) lines.push(`${run.logout.done ? '✅' : '❌'} ${escapeCell(run.logout.line)}`, '');
  if (run.selection) lines.push(...selectionMarkdown(run, context.at));
  if (run.settled.length === 0) return `${lines.join('\n')}\n`;
  lines.push('| Token | Result | HTTP status | reqId | Note |', '| --- | --- | --- | --- | --- |');
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
    result.status === undefined ? '—' : String(result.status),
    result.reqId ?? '—',
    result.note ??
      (result.outcome === 'failed' || (!done && result.outcome === 'not-found')
        ? result.message
        : ''),
  ];
  return `| ${cells.map(escapeCell).join(' | ')} |`;
}

const LABELS: Record<Outcome, (done: boolean) => string> = {
  revoked: () => '✅ revoked',
  'not-found': (done) => (done ? '➖ already gone' : '❌ not found'),
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

// Per identity: what was listed, what was chosen (and what became of it), what was kept and why.
function selectionMarkdown(run: Run, at: Date): string[] {
  const selection = run.selection as NonNullable<Run['selection']>;
  const results = new Map(run.settled.map((s) => [s.result.tokenId, s]));
  const lines: string[] = [];
  if (selection.dryRun) {
    lines.push(`**${dryRunLine(selection.dryRun.length)}**`, '');
    const chosen = new Set(selection.chosen.chosen.map((token) => token.id));
    const named = selection.dryRun.filter((target) => target.self || !chosen.has(target.tokenId));
    if (named.length > 0) {
      lines.push(
        `Named in token-id, would be revoked: ${named.map(describeTarget).join(', ')}.`,
        '',
      );
    }
  }
  for (const [index, list] of selection.listed.entries()) {
    const choice = selection.chosen.identities[index];
    lines.push(`#### Identity ${list.identityId}`, '');
    if (list.error) {
      lines.push(`❌ ${escapeCell(list.error)}`, '');
      continue;
    }
    const live = list.tokens.filter((t) => !t.revoked && !t.expired).length;
    lines.push(
      `Listed ${list.tokens.length} tokens (${live} live)${list.full ? ' — the list is full: Infisical lists only the 200 most recently updated tokens, so older ones may be out of reach' : ''}; chose ${choice?.chosen.length ?? 0}.`,
      '',
    );
    for (const note of choice?.notes ?? []) lines.push(`- ${escapeCell(note)}`);
    if (choice?.notes.length) lines.push('');
    if (!choice?.chosen.length) continue;
    lines.push('| Token | Name | Created | Age | Result |', '| --- | --- | --- | --- | --- |');
    for (const token of choice.chosen) {
      const settled = results.get(token.id);
      const result = selection.dryRun
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
