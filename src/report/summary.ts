// The job summary: the audit record of who revoked what (the revoke route writes no audit event in
// Infisical). Built from the run and its verdict; every cell is escaped, and the rows stop well
// before GitHub's 1 MiB a step.
import type { Outcome, Result } from '../revoke/result.js';
import type { Settled } from '../revoke/settle.js';
import { wouldRevoke, type Looked } from '../revoke/dry-run.js';
import { describeTarget, UNNAMED_SELF } from '../revoke/target.js';
import type { Run, RunContext } from './run.js';
import type { Verdict } from './verdict.js';
import { talliesOf } from './verdict.js';
import { dryRunLine, secretsChosen } from './wording.js';
import { describeActing } from './acting.js';
import type { Selection } from '../inputs/selection.js';
import { describeDuration } from '../inputs/duration.js';
import type {
  Choice,
  Kept,
  ListedSecret,
  ListedToken,
  Sweep,
  SweptIdentity,
} from '../select/index.js';
import { plural } from '../text/words.js';

/** A job summary may hold 1 MiB a step (in bytes): rows stop well before that. */
const SUMMARY_MAX_BYTES = 900_000;

export function summaryMarkdown(run: Run, verdict: Verdict, context: RunContext): string {
  // A dry run revoked nothing: its count is the dry-run line's, not a tally of zeros.
  const lines = [
    `### ${headingOf(run, verdict)}`,
    '',
    describeRun(context),
    '',
    ...(run.acting ? [`Acting identity: ${escapeCell(describeActing(run.acting))}.`, ''] : []),
    ...(run.filters ? [describeFilters(run.filters), ''] : []),
    ...(run.dryRun ? [] : [talliesOf(run), '']),
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
  const named = run.settled.filter(
    (s) => !inTables.has(s.result.tokenId) && s.result.clientSecretOf === undefined,
  );
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
  const { status } = verdict;
  const total = run.settled.length;
  const icon =
    status === 'succeeded' ? (run.dryRun ? '🔎' : '✅') : status === 'cancelled' ? '⏹️' : '❌';
  const loginLive = run.logout && !run.logout.done ? '; the login token is NOT revoked' : '';
  if (run.dryRun) {
    const how = status === 'succeeded' ? 'dry run' : `dry run ${status}`;
    return `${icon} Infisical ${revocationOf(run)}, ${how}: nothing revoked${loginLive}`;
  }
  const done = run.settled.filter((s) => s.done).length;
  const what =
    total === 0
      ? status === 'succeeded'
        ? 'nothing to revoke'
        : 'nothing revoked'
      : `${done} of ${total} done`;
  return `${icon} Infisical ${revocationOf(run)} ${status}: ${what}${loginLive}`;
}

/** What the run revoked, for its heading: tokens, and client secrets when it was asked for them. */
function revocationOf(run: Run): string {
  return run.filters?.clientSecrets ? 'token and client secret revocation' : 'token revocation';
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
  const chose: string[] = [];
  if (filters.identityIds.length > 0 || filters.allIdentities) {
    chose.push(
      `the tokens of ${whoseOf(filters.identityIds, filters.allIdentities)} (tokens-of-identity)`,
    );
  }
  if (filters.clientSecrets) {
    const { identityIds, all } = filters.clientSecrets;
    chose.push(`the client secrets of ${whoseOf(identityIds, all)} (client-secrets-of-identity)`);
  }
  if (filters.identityName !== undefined) {
    used.push(`identity-name: ${escapeCell(JSON.stringify(filters.identityName))}`);
  }
  return `Chose from ${chose.join(' and ')}${used.length > 0 ? ` with ${used.join(', ')}` : ''}.`;
}

/** "2 identities", "every identity of the organization", or both. */
function whoseOf(identityIds: readonly string[], all: boolean): string {
  const named = plural(identityIds.length, 'identity', 'identities');
  if (!all) return named;
  const every = 'every identity of the organization';
  return identityIds.length > 0 ? `${every} and ${named} named by id` : every;
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

/**
 * Text a server holds that anyone with access to Infisical may have written (an identity's name, a
 * token's name, a client secret's description): its Markdown is shown, never rendered, so that a
 * name cannot make a link, an image that calls out, or an @mention in the audit record.
 */
function freeText(text: string): string {
  return text.replace(/[\\`*_[\]()!@~]/g, '\\$&');
}

function freeTextOr(text: string | null): string {
  return text === null ? '—' : freeText(text);
}

function escapeCell(text: string): string {
  return text
    .replace(/\|/g, '\\|')
    .replace(/[\r\n]+/g, ' ')
    .replace(/</g, '&lt;');
}

// A dry run: what would have been revoked; tokens named in token-id apart from those chosen.
function dryRunMarkdown(run: Run, dryRun: readonly Looked[]): string[] {
  const lines = [`**${dryRunLine(wouldRevoke(dryRun).length, secretsChosen(run))}**`, ''];
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
// reqId), then each live token kept and why. Then the client secrets, likewise.
function selectionMarkdown(
  run: Run,
  selection: NonNullable<Run['selection']>,
  at: Date,
  rows: Rows,
): string[] {
  const lines: string[] = [];
  if (selection.sweep?.organization || selection.sweep?.error) {
    lines.push(...sweepMarkdown(selection.sweep, rows));
  }
  const tokens = {
    noun: 'Token',
    field: 'Name',
    nameOf: (token: ListedToken) => token.name,
    results: new Map(
      run.settled.filter((s) => !s.result.clientSecretOf).map((s) => [s.result.tokenId, s]),
    ),
  };
  for (const [index, list] of selection.listed.entries()) {
    rows.text(lines, `#### Identity ${list.identityId}`, '');
    if (list.error) {
      rows.text(lines, `❌ ${escapeCell(list.error)}`, '');
      continue;
    }
    const choice = selection.chosen.identities[index];
    const live = list.tokens.filter((t) => !t.revoked).length;
    const listedLine = `Listed ${list.tokens.length} tokens (${live} not revoked)${list.full ? ' — the list is full: Infisical lists only the 200 most recently updated tokens, so older ones may be out of reach' : ''}`;
    lines.push(...choiceMarkdown(run, choice, listedLine, at, rows, tokens));
  }
  const secrets = selection.secrets;
  if (!secrets) return lines;
  const kind = {
    noun: 'Client secret',
    field: 'Description',
    nameOf: (secret: ListedSecret) => secret.description,
    results: new Map(
      run.settled.filter((s) => s.result.clientSecretOf).map((s) => [s.result.tokenId, s]),
    ),
  };
  for (const [index, list] of secrets.listed.entries()) {
    rows.text(lines, `#### Client secrets of identity ${list.identityId}`, '');
    if (list.error) {
      rows.text(lines, `❌ ${escapeCell(list.error)}`, '');
      continue;
    }
    const listedLine = `Listed ${plural(list.secrets.length, 'live client secret')}`;
    lines.push(
      ...choiceMarkdown(run, secrets.chosen.identities[index], listedLine, at, rows, kind),
    );
  }
  return lines;
}

/** How a table speaks of one kind of credential. */
interface TableKind<T> {
  noun: string;
  field: string;
  nameOf: (item: T) => string | null;
  results: ReadonlyMap<string, Settled>;
}

/** One identity's choice: what was listed and chosen, the notes, and the table. */
function choiceMarkdown<T extends { id: string; createdAt: Date }>(
  run: Run,
  choice: Choice<T> | undefined,
  listedLine: string,
  at: Date,
  rows: Rows,
  kind: TableKind<T>,
): string[] {
  const lines: string[] = [];
  const kept = choice?.kept ?? [];
  rows.text(
    lines,
    `${listedLine}; chose ${choice?.chosen.length ?? 0}.${kept.length > 0 ? ` Kept ${kept.length}: ${keptWhy(kept)}.` : ''}`,
    '',
  );
  for (const note of choice?.notes ?? []) rows.text(lines, `- ${escapeCell(note)}`);
  if (choice?.notes.length) rows.text(lines, '');
  if (!choice?.chosen.length && kept.length === 0) return lines;
  // A dry run has no answers: its table is the choice alone.
  const [header, rule] = run.dryRun
    ? [
        `| ${kind.noun} | ${kind.field} | Created | Age | Result |`,
        '| --- | --- | --- | --- | --- |',
      ]
    : [
        `| ${kind.noun} | ${kind.field} | Created | Age | Result | Read back | HTTP status | reqId | Note |`,
        '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
      ];
  rows.text(lines, header, rule);
  const named = new Set((run.dryRun ?? []).map((looked) => looked.tokenId));
  const cellsOf = (item: T) => [
    item.id,
    freeTextOr(kind.nameOf(item)),
    item.createdAt.toISOString(),
    age(at.getTime() - item.createdAt.getTime()),
  ];
  const row = (cells: string[]) => `| ${cells.map(escapeCell).join(' | ')} |`;
  for (const item of choice?.chosen ?? []) {
    const settled = kind.results.get(item.id);
    const cells = run.dryRun
      ? ['🔎 would be revoked (dry run)']
      : settled
        ? resultCells(settled)
        : ['—', '—', '—', '—', ''];
    rows.add(lines, row([...cellsOf(item), ...cells]));
  }
  for (const { token: item, why } of kept) {
    // Kept by the filters, but named in token-id: what became of it, here only.
    const settled = kind.results.get(item.id);
    const cells = run.dryRun
      ? [
          named.has(item.id)
            ? `🔎 named in token-id (the filters kept it: ${why})`
            : `⏸️ kept: ${why}`,
        ]
      : settled
        ? withNote(resultCells(settled), `named in token-id; the filters kept it: ${why}`)
        : ['⏸️ kept', '—', '—', '—', `kept: ${why}`];
    rows.add(lines, row([...cellsOf(item), ...cells]));
  }
  rows.text(lines, '');
  return lines;
}

// The organization-wide sweep: which identities were swept, which skipped and why. The table is
// folded: an organization may have hundreds of identities.
function sweepMarkdown(sweep: Sweep, rows: Rows): string[] {
  const lines: string[] = [];
  if (sweep.error) {
    rows.text(lines, '#### The organization', '', `❌ ${escapeCell(sweep.error)}`, '');
    return lines;
  }
  const org = sweep.organization as NonNullable<Sweep['organization']>;
  const { identities } = org;
  const part = (field: 'tokens' | 'secrets', what: string): string | undefined => {
    const asked = identities.filter((i) => field in i);
    if (asked.length === 0) return undefined;
    const skipped = asked.filter((i) => i[field] !== undefined);
    const byWhy = new Map<string, number>();
    for (const i of skipped)
      byWhy.set(i[field] as string, (byWhy.get(i[field] as string) ?? 0) + 1);
    const why = [...byWhy.entries()]
      .map(([reason, n]) => `${escapeCell(reason)} (${n})`)
      .join(', ');
    return `Swept ${asked.length - skipped.length} of ${plural(asked.length, 'identity', 'identities')} for ${what}${skipped.length > 0 ? `; skipped ${skipped.length}: ${why}` : ''}.`;
  };
  rows.text(lines, `#### Organization ${org.id}`, '');
  for (const line of [part('tokens', 'Token Auth tokens'), part('secrets', 'client secrets')]) {
    if (line) rows.text(lines, line, '');
  }
  rows.text(
    lines,
    '<details><summary>Every identity of the organization</summary>',
    '',
    '| Identity | Name | Auth methods | Tokens | Client secrets |',
    '| --- | --- | --- | --- | --- |',
  );
  const cell = (i: SweptIdentity, field: 'tokens' | 'secrets') =>
    !(field in i) ? '—' : i[field] === undefined ? 'swept' : `skipped: ${i[field]}`;
  for (const identity of identities) {
    const cells = [
      identity.id,
      freeTextOr(identity.name === '' ? null : identity.name),
      identity.authMethods.join(', ') || '—',
      cell(identity, 'tokens'),
      cell(identity, 'secrets'),
    ];
    rows.add(lines, `| ${cells.map(escapeCell).join(' | ')} |`);
  }
  rows.text(lines, '', '</details>', '');
  return lines;
}

/** Result cells with `first` before the note. */
function withNote(cells: string[], first: string): string[] {
  const note = cells[4] ? `${first}; ${cells[4]}` : first;
  return [...cells.slice(0, 4), note];
}

/** "created less than 7d ago (2), the newest (1)": why the kept tokens were kept, by reason. */
function keptWhy<T>(kept: readonly Kept<T>[]): string {
  const byWhy = new Map<string, number>();
  for (const { why } of kept) byWhy.set(why, (byWhy.get(why) ?? 0) + 1);
  return [...byWhy.entries()].map(([why, n]) => `${escapeCell(why)} (${n})`).join(', ');
}

function age(ms: number): string {
  const hours = ms / 3_600_000;
  if (hours < 48) return `${Math.max(0, Math.round(hours))} h`;
  return `${Math.round(hours / 24)} d`;
}
