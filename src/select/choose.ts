// Chooses, from the rows listed, the tokens to revoke. Every row not revoked is a candidate (a row
// that looks expired may not be); the filters narrow them; keep-newest spares the newest of what is
// left; and the access token's own token is never chosen, whatever the filters say: revoking it
// would cut off the run's own credential halfway through the batch (token-id: self revokes it, last).
// Age and "newest" are read from createdAt, never from the list's order, which follows updatedAt.
import type { ListedToken } from '../infisical/list.js';
import { describeDuration } from '../inputs/duration.js';
import { isGlob, nameMatcher } from './glob.js';
import type { Selection } from '../inputs/selection.js';
import type { Listed } from './list-all.js';

export interface ChooseOptions {
  /** The moment ages are counted from (ms since epoch). */
  now: number;
  /** The token id the access token was issued as, when it names one. */
  ownTokenId?: string;
}

/** A live token not chosen, and why, in a few words ("created less than 7d ago"). */
export interface Kept {
  token: ListedToken;
  why: string;
}

/** One identity's choice; tokens oldest first. */
export interface Choice {
  identityId: string;
  chosen: ListedToken[];
  /** Live tokens not chosen; revoked and expired rows are only counted in the notes. */
  kept: Kept[];
  /** Sentences for the log and the summary. */
  notes: string[];
}

export interface Chosen {
  /** One choice per identity listed, in the order listed (nothing chosen where the list failed). */
  identities: Choice[];
  /** Every token chosen, each once, oldest first. */
  chosen: ListedToken[];
}

export const OWN_TOKEN_WHY = "the access token's own token";

export function choose(
  listed: readonly Listed[],
  selection: Selection,
  options: ChooseOptions,
): Chosen {
  const filters = filtersOf(selection, options.now);
  const own = options.ownTokenId?.toLowerCase();
  const identities = listed.map((list) => chooseOne(list, filters, selection.keepNewest ?? 0, own));
  const union = new Map<string, ListedToken>();
  for (const token of identities.flatMap((choice) => choice.chosen)) union.set(token.id, token);
  return { identities, chosen: oldestFirst([...union.values()]) };
}

/** A filter gives the reason a token is kept, or undefined when the token passes. */
type Filter = (token: ListedToken) => string | undefined;

function filtersOf(selection: Selection, now: number): Filter[] {
  const filters: Filter[] = [];
  const { olderThanMs, tokenName } = selection;
  // olderThanMs 0 takes every token, even one whose createdAt is ahead of this runner's clock.
  if (olderThanMs !== undefined && olderThanMs > 0) {
    // A token exactly olderThanMs old counts as old enough: its age is not less than asked.
    const cutoff = now - olderThanMs;
    const why = `created less than ${describeDuration(olderThanMs)} ago`;
    filters.push((token) => (token.createdAt.getTime() <= cutoff ? undefined : why));
  }
  if (tokenName !== undefined) {
    const matches = nameMatcher(tokenName);
    const why = isGlob(tokenName)
      ? `name does not match ${JSON.stringify(tokenName)}`
      : `name is not ${JSON.stringify(tokenName)}`;
    filters.push((token) =>
      token.name === null ? 'has no name' : matches(token.name) ? undefined : why,
    );
  }
  return filters;
}

function chooseOne(
  list: Listed,
  filters: readonly Filter[],
  keepNewest: number,
  own: string | undefined,
): Choice {
  const choice: Choice = { identityId: list.identityId, chosen: [], kept: [], notes: [] };
  if (list.error !== undefined) return choice;
  const revoked = list.tokens.filter((token) => token.revoked).length;
  const expired = list.tokens.filter((token) => !token.revoked && token.expired).length;
  // Only the revoked flag tells a dead row: a row that looks expired by its TTL may be a token
  // renewed on a current server, which writes no renewal to the row (docs/infisical-api.md). It
  // is chosen like a live one; revoking a dead row costs one write and answers 200.
  const live = oldestFirst(list.tokens.filter((token) => !token.revoked));

  const passing: ListedToken[] = [];
  for (const token of live) {
    const why = filters.map((filter) => filter(token)).find((reason) => reason !== undefined);
    if (why === undefined) passing.push(token);
    else choice.kept.push({ token, why });
  }
  // The own token takes its place among the newest like any other: it is a live token that passed.
  const spared = Math.min(keepNewest, passing.length);
  const newestWhy = keepNewest === 1 ? 'the newest' : `one of the ${keepNewest} newest`;
  for (const [index, token] of passing.entries()) {
    if (index >= passing.length - spared) choice.kept.push({ token, why: newestWhy });
    else if (token.id === own) {
      choice.kept.push({ token, why: OWN_TOKEN_WHY });
      choice.notes.push(
        `Kept token ${token.id}: it is ${OWN_TOKEN_WHY}, and revoking it would cut off this run's credential; token-id: self revokes it.`,
      );
    } else choice.chosen.push(token);
  }
  choice.kept.sort((a, b) => byCreation(a.token, b.token));
  if (revoked > 0) {
    choice.notes.push(
      `Skipped ${count(revoked, 'row')} of tokens already revoked (Infisical lists them until it prunes them).`,
    );
  }
  if (expired > 0) {
    choice.notes.push(
      `${count(expired, 'row')} looked expired by ${expired === 1 ? 'its' : 'their'} TTL; such a token may still work (a renewal on a current server does not show in its row), so ${expired === 1 ? 'it is' : 'they are'} chosen like live ones.`,
    );
  }
  return choice;
}

/** Oldest first by creation; tokens created in the same millisecond by id, so the order is stable. */
function oldestFirst(tokens: readonly ListedToken[]): ListedToken[] {
  return [...tokens].sort(byCreation);
}

function byCreation(a: ListedToken, b: ListedToken): number {
  return a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
