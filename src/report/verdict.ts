// The step's verdict, computed once from the settled results: the counts, the closing failure
// (undefined when every token is done) and the error annotations before it, grouped by reason
// under GitHub's cap. Outputs and the summary read the same verdict, so they never disagree.
import type { Settled } from '../revoke/settle.js';
import { capitalise, plural } from '../text/words.js';
import type { Run } from './run.js';
import { wouldRevoke } from '../revoke/dry-run.js';
import { dryRunLine, secretsChosen } from './wording.js';
import type { StopReason } from '../stop/stopping.js';
import { kindOf } from '../revoke/target.js';

/**
 * GitHub shows 10 error annotations a step; the step writes at most this many, its closing
 * failure included, whatever the batch size. Every token is still in the outputs and the summary.
 */
export const MAX_ERROR_ANNOTATIONS = 5;
/** How many ids a grouped annotation names before it counts the rest. */
const NAMED_IDS = 5;

export interface Counts {
  revoked: number;
  /** Already revoked or expired: dead, not by this run. */
  alreadyRevoked: number;
  notFound: number;
  /** Failed, its outcome unknown included (the outputs list those in `failed` too). */
  failed: number;
  /** Of the failed: cut off by a cancel while in flight, so they may have been revoked. */
  outcomeUnknown: number;
  notAttempted: number;
  total: number;
}

/** How the run went, as the summary's heading says it at a glance. */
export type Status = 'succeeded' | 'failed' | 'cancelled';

export interface Verdict {
  /** The tokens' counts (client secrets are counted apart). */
  counts: Counts;
  /** The client secrets' counts, when client-secrets-of-identity chose any. */
  secretCounts?: Counts;
  /** The step's closing failure; undefined when every token is done and the login was revoked. */
  failure?: string;
  /** The error annotations written before the closing failure. */
  errors: string[];
  /** The `message` output: the closing failure, else the one token's words or the tally. */
  message: string;
  /** Warnings: revokes the server answered but whose read-back could not be made, one per reason. */
  warnings: string[];
  status: Status;
  /** Why the run stopped early, when it left something undone (else undefined: it did not stop). */
  stopped?: StopReason;
}

export function judge(run: Run): Verdict {
  const counts = countsOf(run.settled.filter((s) => !isSecret(s)));
  const secrets = run.settled.filter(isSecret);
  const secretCounts = secrets.length > 0 ? countsOf(secrets) : undefined;
  // Tokens and client secrets together decide; each is tallied in its own words.
  const all = countsOf(run.settled);
  const stopped = stoppedEarly(run, all);
  const closing = closingOf(run, all, stopped);
  const { errors, failure } = annotationsOf(run, all, closing);
  const status: Status =
    stopped?.kind === 'cancelled' ? 'cancelled' : failure !== undefined ? 'failed' : 'succeeded';
  return {
    counts,
    ...(secretCounts ? { secretCounts } : {}),
    failure,
    errors,
    message: messageOf(run, all, failure),
    warnings: unverifiedOf(run),
    status,
    stopped,
  };
}

/**
 * The run's stop, when it left something: tokens not attempted, a request a cancel cut off, or
 * nothing chosen at all. A stop after every token was tried is no stop: saying "stopped" then
 * contradicts the counts.
 */
function stoppedEarly(run: Run, counts: Counts): StopReason | undefined {
  const { stopped } = run;
  if (!stopped) return undefined;
  if (counts.total === 0 || counts.notAttempted > 0) return stopped;
  return stopped.kind === 'cancelled' && counts.outcomeUnknown > 0 ? stopped : undefined;
}

/** How many warnings about unverified revokes a step writes at the most (one per reason). */
const MAX_UNVERIFIED_WARNINGS = 3;

// A revoke the server answered with its own success but that could not be read back stays
// "revoked", and the step stays green: one warning per reason says why it is unverified.
function unverifiedOf(run: Run): string[] {
  const byWhy = new Map<string, { why: string; noun: string; ids: string[] }>();
  for (const { result } of run.settled) {
    if (result.outcome !== 'revoked' || result.readBack?.kind !== 'unverified') continue;
    // The same reason for every token: its id and reqId aside.
    const why = result.readBack.why
      .replace(new RegExp(result.tokenId, 'gi'), '<id>')
      .replace(/ \(reqId: [^)]*\)/g, '');
    const noun = kindOf(result);
    const key = `${noun}\n${why}`;
    const group = byWhy.get(key) ?? { why, noun, ids: [] };
    group.ids.push(result.tokenId);
    byWhy.set(key, group);
  }
  return [...byWhy.values()].slice(0, MAX_UNVERIFIED_WARNINGS).map(({ why, noun, ids }) => {
    const which =
      ids.length === 1
        ? `${noun} ${ids[0]}`
        : `${ids.length} ${noun}s (${ids.slice(0, NAMED_IDS).join(', ')}${ids.length > NAMED_IDS ? ` and ${ids.length - NAMED_IDS} more` : ''})`;
    return `Revoked ${which}, but could not read ${ids.length === 1 ? 'it' : 'them'} back to verify: ${why}. Infisical answered its own success answer, so ${ids.length === 1 ? 'it counts' : 'they count'} as revoked, unverified.`;
  });
}

export function countsOf(settled: readonly Settled[]): Counts {
  const count = (...outcomes: Settled['result']['outcome'][]) =>
    settled.filter((s) => outcomes.includes(s.result.outcome)).length;
  return {
    revoked: count('revoked'),
    alreadyRevoked: count('already-revoked', 'expired'),
    notFound: count('not-found'),
    failed: count('failed'),
    outcomeUnknown: settled.filter((s) => s.result.outcomeUnknown).length,
    notAttempted: count('not-attempted'),
    total: settled.length,
  };
}

export function tally(c: Counts, noun = 'token'): string {
  const parts = [
    `${c.revoked} revoked`,
    `${c.alreadyRevoked} already revoked`,
    `${c.notFound} not found`,
    `${c.failed} failed`,
    ...(c.notAttempted > 0 ? [`${c.notAttempted} not attempted`] : []),
  ];
  // The outcome unknown are counted in "failed", as the outputs list them; this says which.
  const unknown =
    c.outcomeUnknown > 0
      ? ` Outcome unknown: ${c.outcomeUnknown} of the failed (${c.outcomeUnknown === 1 ? 'it was' : 'they were'} cut off before an answer came, and may have been revoked).`
      : '';
  return `${plural(c.total, noun)}: ${parts.join(', ')}.${unknown}`;
}

/**
 * What the tokens that are not done were, one clause each ("1 could not be revoked, 2 were not
 * found"): a closing line never calls a token that was not found "could not be revoked". Worded
 * apart from the tally ("2 not found"), whose counts hold the done ones too.
 */
function notDoneOf(settled: readonly Settled[]): string {
  const left = settled.filter((s) => !s.done);
  const count = (test: (s: Settled) => boolean) => left.filter(test).length;
  const was = (n: number) => (n === 1 ? 'was' : 'were');
  const parts: Array<[number, (n: number) => string]> = [
    [
      count((s) => s.result.outcome === 'failed' && !s.result.outcomeUnknown),
      () => 'could not be revoked',
    ],
    [
      count((s) => s.result.outcomeUnknown === true),
      (n) => `${n === 1 ? 'has its' : 'have their'} outcome unknown`,
    ],
    [count((s) => s.result.outcome === 'not-found'), (n) => `${was(n)} not found`],
    [count((s) => s.result.outcome === 'already-revoked'), (n) => `${was(n)} already revoked`],
    [count((s) => s.result.outcome === 'not-attempted'), (n) => `${was(n)} not attempted`],
  ];
  return parts
    .filter(([n]) => n > 0)
    .map(([n, what]) => `${n} ${what(n)}`)
    .join(', ');
}

function messageOf(run: Run, counts: Counts, failure: string | undefined): string {
  if (failure !== undefined) return failure;
  const { settled } = run;
  if (run.dryRun) return dryRunLine(wouldRevoke(run.dryRun).length, secretsChosen(run));
  if (settled.length === 0 && run.selection) {
    return `${talliesOf(run)} Nothing was chosen to revoke.`;
  }
  if (settled.length === 0) return 'Nothing to revoke: token-id named no token.';
  const only = settled.length === 1 ? (settled[0] as Settled) : undefined;
  // Infisical's own words for a plain revoke; the line (with its note) for anything else.
  if (only)
    return only.result.outcome === 'revoked' && !only.result.note ? only.result.message : only.line;
  return talliesOf(run);
}

function isSecret(s: Settled): boolean {
  return s.result.clientSecretOf !== undefined;
}

/**
 * The tallies: the tokens', then the client secrets' (when client-secrets-of-identity was given).
 * A run that asked only for client secrets has no token tally.
 */
export function talliesOf(run: Run): string {
  const tokens = run.settled.filter((s) => !isSecret(s));
  const secretsAsked = run.filters?.clientSecrets !== undefined;
  const tokensAsked =
    tokens.length > 0 || (run.filters?.identityIds.length ?? 0) > 0 || run.filters?.allIdentities;
  const parts = [
    ...(tokensAsked || !secretsAsked ? [tally(countsOf(tokens))] : []),
    ...(secretsAsked ? [tally(countsOf(run.settled.filter(isSecret)), 'client secret')] : []),
  ];
  return parts.join(' ');
}

/** What the run revoked, as a plural noun for the closing line. */
function nounOf(run: Run): string {
  const secrets = run.settled.filter(isSecret).length;
  if (secrets === 0) return 'tokens';
  return secrets === run.settled.length ? 'client secrets' : 'tokens and client secrets';
}

/**
 * The closing failure of the tokens, or undefined when every one is done: the one failing token's
 * own line, or how many failed and, when the batch stopped, why and how many were not attempted.
 */
function closingOf(run: Run, counts: Counts, stopped: StopReason | undefined): string | undefined {
  const failing = run.settled.filter((s) => !s.done);
  const listFailures = listErrorsOf(run);
  if (listFailures.length > 0 && !stopped) {
    const sweepFailed = run.selection?.sweep?.error !== undefined && !run.selection.sweep.refused;
    const identities = listFailures.length - (sweepFailed ? 1 : 0);
    const what = run.selection?.secrets ? 'tokens or client secrets' : 'tokens';
    const lists = capitalise(
      [
        ...(sweepFailed
          ? [`the organization's identities could not be listed, so no identity of all was swept`]
          : []),
        ...(identities > 0
          ? [
              `${identities} of ${listedCount(run) - (sweepFailed ? 1 : 0)} identities could not be listed, so none of their ${what} were revoked`,
            ]
          : []),
      ].join('; '),
    );
    return failing.length === 0 && listFailures.length === 1
      ? (listFailures[0] as string)
      : `${lists} (see the errors above). ${talliesOf(run)}`;
  }
  if (stopped) {
    const lead = stopped.kind === 'cancelled' ? 'Cancelled:' : stopped.reason;
    // Nothing chosen yet (a login refused before the lists were read): nothing to count.
    if (counts.total === 0) return `${lead} Nothing was revoked.`;
    if (counts.notAttempted > 0) {
      return `${lead} ${counts.notAttempted} of ${counts.total} ${nounOf(run)} were not attempted. ${talliesOf(run)}`;
    }
    // Cancelled after every token was sent, with requests cut off.
    return `${lead} ${failing.length} of ${counts.total} ${nounOf(run)} are not done: ${notDoneOf(run.settled)} (see the errors above). ${talliesOf(run)}`;
  }
  if (failing.length === 0) return undefined;
  if (failing.length === 1) return (failing[0] as Settled).line;
  const plain = failing.every((s) => s.result.outcome === 'failed' && !s.result.outcomeUnknown);
  if (plain) {
    return `${failing.length} of ${counts.total} ${nounOf(run)} could not be revoked (see the errors above). ${talliesOf(run)}`;
  }
  return `${failing.length} of ${counts.total} ${nounOf(run)} are not done: ${notDoneOf(run.settled)} (see the errors above). ${talliesOf(run)}`;
}

/**
 * Every error annotation of the step, and its closing failure (undefined when all is done): the
 * grouped failures, then a login that could not be revoked; never more than MAX_ERROR_ANNOTATIONS.
 */
function annotationsOf(
  run: Run,
  counts: Counts,
  closing: string | undefined,
): { errors: string[]; failure?: string } {
  const logoutFailed = run.logout && !run.logout.done ? run.logout.line : undefined;
  if (closing === undefined) return { errors: [], failure: logoutFailed };
  // List failures first (at most two lines), then the grouped revoke failures in the room left.
  const all = listErrorsOf(run);
  const lists =
    all.length > 2
      ? [
          ...all.slice(0, 1),
          `${all.length - 1} more identities could not be listed: see the log and the job summary.`,
        ]
      : all;
  const shownLists = lists.length === 1 && lists[0] === closing ? [] : lists;
  const errors = errorGroups(run, closing, (logoutFailed ? 1 : 0) + shownLists.length);
  return {
    errors: [...shownLists, ...errors, ...(logoutFailed ? [logoutFailed] : [])],
    failure: closing,
  };
}

/**
 * The lines of the lists that failed (refusals are the stop's to explain): the organization's
 * identities, then each identity's tokens, then each identity's client secrets.
 */
function listErrorsOf(run: Run): string[] {
  const sweep = run.selection?.sweep;
  const lists = [...(run.selection?.listed ?? []), ...(run.selection?.secrets?.listed ?? [])];
  return [
    ...(sweep?.error && !sweep.refused ? [sweep.error] : []),
    ...lists.flatMap((list) => (list.error && !list.refused ? [list.error] : [])),
  ];
}

/** How many lists the selection read (or tried to): the organization's, and each identity's. */
function listedCount(run: Run): number {
  const { selection } = run;
  if (!selection) return 0;
  return (
    (selection.sweep?.error ? 1 : 0) +
    selection.listed.length +
    (selection.secrets?.listed.length ?? 0)
  );
}

/**
 * The error annotations before the closing one: failures grouped by their reason, each naming its
 * tokens or their count. Not-attempted tokens are explained by the closing line. None when a
 * single token fails (the closing line is its own).
 */
function errorGroups(run: Run, closing: string | undefined, reserved: number): string[] {
  const failing = run.settled.filter((s) => !s.done && s.result.outcome !== 'not-attempted');
  // A single failure that is the closing error already: not said twice.
  if (failing.length === 1 && closing === (failing[0] as Settled).line) return [];
  const groups = new Map<string, Settled[]>();
  for (const s of failing) {
    // A token and a client secret that failed alike are still two groups: each names its kind.
    const key = `${kindOf(s.result)}\n${s.reason ?? s.line}`;
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  const room = MAX_ERROR_ANNOTATIONS - 1 - reserved;
  const entries = [...groups.entries()];
  const shown = entries.length > room ? entries.slice(0, room - 1) : entries;
  const lines = shown.map(([key, members]) =>
    members.length === 1
      ? (members[0] as Settled).line
      : `${capitalise(namesOf(members))}: ${key.slice(key.indexOf('\n') + 1)}`,
  );
  const rest = entries.slice(shown.length);
  if (rest.length > 0) {
    const tokens = rest.reduce((n, [, members]) => n + members.length, 0);
    lines.push(
      `${tokens} more ${tokens === 1 ? 'token' : 'tokens'}${run.settled.some(isSecret) ? ' or client secrets' : ''} could not be revoked for ${rest.length} other reasons: see the log and the job summary.`,
    );
  }
  return lines;
}

function namesOf(members: readonly Settled[]): string {
  const ids = members.map((s) => s.result.tokenId);
  const named = ids.slice(0, NAMED_IDS).join(', ');
  const more = ids.length > NAMED_IDS ? ` and ${ids.length - NAMED_IDS} more` : '';
  return `${ids.length} ${kindOf(members[0]?.result ?? { tokenId: '', self: false })}s (${named}${more})`;
}
