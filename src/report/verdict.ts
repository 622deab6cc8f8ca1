// The step's verdict, computed once from the settled results: the counts, the closing failure
// (undefined when every token is done) and the error annotations before it, grouped by reason
// under GitHub's cap. Outputs and the summary read the same verdict, so they never disagree.
import type { Settled } from '../revoke/settle.js';
import { capitalise, plural } from '../text/words.js';
import type { Run } from './run.js';
import { wouldRevoke } from '../revoke/dry-run.js';
import { dryRunLine } from './wording.js';
import type { StopReason } from '../stop/stopping.js';

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
  counts: Counts;
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
  const counts = countsOf(run.settled);
  const stopped = stoppedEarly(run, counts);
  const closing = closingOf(run, counts, stopped);
  const { errors, failure } = annotationsOf(run, counts, closing);
  const status: Status =
    stopped?.kind === 'cancelled' ? 'cancelled' : failure !== undefined ? 'failed' : 'succeeded';
  return {
    counts,
    failure,
    errors,
    message: messageOf(run, counts, failure),
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
  const byWhy = new Map<string, string[]>();
  for (const { result } of run.settled) {
    if (result.outcome !== 'revoked' || result.readBack?.kind !== 'unverified') continue;
    // The same reason for every token: its id and reqId aside.
    const why = result.readBack.why
      .replace(new RegExp(result.tokenId, 'gi'), '<id>')
      .replace(/ \(reqId: [^)]*\)/g, '');
    byWhy.set(why, [...(byWhy.get(why) ?? []), result.tokenId]);
  }
  return [...byWhy.entries()].slice(0, MAX_UNVERIFIED_WARNINGS).map(([why, ids]) => {
    const which =
      ids.length === 1
        ? `token ${ids[0]}`
        : `${ids.length} tokens (${ids.slice(0, NAMED_IDS).join(', ')}${ids.length > NAMED_IDS ? ` and ${ids.length - NAMED_IDS} more` : ''})`;
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

export function tally(c: Counts): string {
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
  return `${plural(c.total, 'token')}: ${parts.join(', ')}.${unknown}`;
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
  if (run.dryRun) return dryRunLine(wouldRevoke(run.dryRun).length);
  if (settled.length === 0 && run.selection) {
    return `${tally(counts)} Nothing was chosen to revoke.`;
  }
  if (settled.length === 0) return 'Nothing to revoke: token-id named no token.';
  const only = settled.length === 1 ? (settled[0] as Settled) : undefined;
  // Infisical's own words for a plain revoke; the line (with its note) for anything else.
  if (only)
    return only.result.outcome === 'revoked' && !only.result.note ? only.result.message : only.line;
  return tally(counts);
}

/**
 * The closing failure of the tokens, or undefined when every one is done: the one failing token's
 * own line, or how many failed and, when the batch stopped, why and how many were not attempted.
 */
function closingOf(run: Run, counts: Counts, stopped: StopReason | undefined): string | undefined {
  const failing = run.settled.filter((s) => !s.done);
  const listFailures = listErrorsOf(run);
  if (listFailures.length > 0 && !stopped) {
    const lists = `${listFailures.length} of ${run.selection?.listed.length ?? 0} identities could not be listed, so none of their tokens were revoked`;
    return failing.length === 0 && listFailures.length === 1
      ? (listFailures[0] as string)
      : `${lists} (see the errors above). ${tally(counts)}`;
  }
  if (stopped) {
    const lead = stopped.kind === 'cancelled' ? 'Cancelled:' : stopped.reason;
    // Nothing chosen yet (a login refused before the lists were read): nothing to count.
    if (counts.total === 0) return `${lead} Nothing was revoked.`;
    if (counts.notAttempted > 0) {
      return `${lead} ${counts.notAttempted} of ${counts.total} tokens were not attempted. ${tally(counts)}`;
    }
    // Cancelled after every token was sent, with requests cut off.
    return `${lead} ${failing.length} of ${counts.total} tokens are not done: ${notDoneOf(run.settled)} (see the errors above). ${tally(counts)}`;
  }
  if (failing.length === 0) return undefined;
  if (failing.length === 1) return (failing[0] as Settled).line;
  const plain = failing.every((s) => s.result.outcome === 'failed' && !s.result.outcomeUnknown);
  if (plain) {
    return `${failing.length} of ${counts.total} tokens could not be revoked (see the errors above). ${tally(counts)}`;
  }
  return `${failing.length} of ${counts.total} tokens are not done: ${notDoneOf(run.settled)} (see the errors above). ${tally(counts)}`;
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

/** The lines of the identities whose list failed (refusals are the stop's to explain). */
function listErrorsOf(run: Run): string[] {
  return (run.selection?.listed ?? []).flatMap((list) =>
    list.error && !list.refused ? [list.error] : [],
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
    const key = s.reason ?? s.line;
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

function namesOf(members: readonly Settled[]): string {
  const ids = members.map((s) => s.result.tokenId);
  const named = ids.slice(0, NAMED_IDS).join(', ');
  const more = ids.length > NAMED_IDS ? ` and ${ids.length - NAMED_IDS} more` : '';
  return `${ids.length} tokens (${named}${more})`;
}
