// Chooses, from the rows listed, the tokens (or client secrets) to revoke. Every row not revoked is
// a candidate (a row that looks expired may not be); the filters narrow them; keep-newest spares the
// newest of what is left; and the access token's own token is never chosen, whatever the filters
// say: revoking it would cut off the run's own credential halfway through the batch (token-id: self
// revokes it, last). Nor is the client secret the access token was issued from.
// Age and "newest" are read from createdAt, never from the list's order, which follows updatedAt.
import type { ListedToken } from '../infisical/list.js';
import { describeDuration } from '../inputs/duration.js';
import { isGlob, nameMatcher } from './glob.js';
import type { Selection } from '../inputs/selection.js';
import type { ListedSecret } from '../infisical/client-secrets.js';
import type { Listed } from './list-all.js';
import type { ListedSecrets } from './client-secrets.js';

export interface ChooseOptions {
  /** The moment ages are counted from (ms since epoch). */
  now: number;
  /** The token id the access token was issued as, when it names one. */
  ownTokenId?: string;
}

/** A live candidate not chosen, and why, in a few words ("created less than 7d ago"). */
export interface Kept<T = ListedToken> {
  /** The token (or, among client secrets, the client secret) kept. */
  token: T;
  why: string;
}

/** One identity's choice; oldest first. */
export interface Choice<T = ListedToken> {
  identityId: string;
  chosen: T[];
  /** Live candidates not chosen; revoked and expired rows are only counted in the notes. */
  kept: Kept<T>[];
  /** Sentences for the log and the summary. */
  notes: string[];
}

export interface Chosen<T = ListedToken> {
  /** One choice per identity listed, in the order listed (nothing chosen where the list failed). */
  identities: Choice<T>[];
  /** Every candidate chosen, each once, oldest first. */
  chosen: T[];
}

export const OWN_TOKEN_WHY = "the access token's own token";
export const OWN_SECRET_WHY = 'the client secret the access token was issued from';

/** What the filters see of a token or a client secret. */
interface Candidate {
  id: string;
  createdAt: Date;
  revoked?: boolean;
  expired?: boolean;
}

/** How the choice speaks of one kind of candidate, and which one is the action's own. */
interface Kind<T extends Candidate> {
  /** 'token', 'client secret'. */
  noun: string;
  /** What token-name matches: a token's name, a client secret's description. */
  field: 'name' | 'description';
  nameOf: (candidate: T) => string | null;
  /** Never chosen, whatever the filters say; why, and the note that says so. */
  own?: { is: (candidate: T) => boolean; why: string; note: string };
}

/** The tokens to revoke, from each identity's list. */
export function choose(
  listed: readonly Listed[],
  selection: Selection,
  options: ChooseOptions,
): Chosen {
  const own = options.ownTokenId?.toLowerCase();
  return chooseAll(
    listed.map((list) => ({
      identityId: list.identityId,
      items: list.error ? undefined : list.tokens,
    })),
    selection,
    options.now,
    {
      noun: 'token',
      field: 'name',
      nameOf: (token) => token.name,
      own:
        own === undefined
          ? undefined
          : {
              is: (token) => token.id === own,
              why: OWN_TOKEN_WHY,
              note: `it is ${OWN_TOKEN_WHY}, and revoking it would cut off this run's credential; token-id: self revokes it.`,
            },
    },
  );
}

export interface ChooseSecretOptions {
  now: number;
  /** Whether a client secret is the one the access token was issued from: never chosen. */
  isOwn: (secret: ListedSecret) => boolean;
}

/** The client secrets to revoke, from each identity's live list. */
export function chooseSecrets(
  listed: readonly ListedSecrets[],
  selection: Selection,
  options: ChooseSecretOptions,
): Chosen<ListedSecret> {
  return chooseAll(
    listed.map((list) => ({
      identityId: list.identityId,
      items: list.error ? undefined : list.secrets,
    })),
    selection,
    options.now,
    {
      noun: 'client secret',
      field: 'description',
      nameOf: (secret) => secret.description,
      own: {
        is: options.isOwn,
        why: OWN_SECRET_WHY,
        note: `it is ${OWN_SECRET_WHY}: revoking it would end this run's access token (on current servers, every token issued from a secret dies with it).`,
      },
    },
  );
}

function chooseAll<T extends Candidate>(
  lists: readonly { identityId: string; items?: readonly T[] }[],
  selection: Selection,
  now: number,
  kind: Kind<T>,
): Chosen<T> {
  const filters = filtersOf(selection, now, kind);
  const identities = lists.map((list) =>
    chooseOne(list.identityId, list.items, filters, selection.keepNewest ?? 0, kind),
  );
  const union = new Map<string, T>();
  for (const item of identities.flatMap((choice) => choice.chosen)) union.set(item.id, item);
  return { identities, chosen: oldestFirst([...union.values()]) };
}

/** A filter gives the reason a candidate is kept, or undefined when it passes. */
type Filter<T> = (candidate: T) => string | undefined;

function filtersOf<T extends Candidate>(
  selection: Selection,
  now: number,
  kind: Kind<T>,
): Filter<T>[] {
  const filters: Filter<T>[] = [];
  const { olderThanMs, tokenName } = selection;
  // olderThanMs 0 takes every candidate, even one whose createdAt is ahead of this runner's clock.
  if (olderThanMs !== undefined && olderThanMs > 0) {
    // A token exactly olderThanMs old counts as old enough: its age is not less than asked.
    const cutoff = now - olderThanMs;
    const why = `created less than ${describeDuration(olderThanMs)} ago`;
    filters.push((item) => (item.createdAt.getTime() <= cutoff ? undefined : why));
  }
  if (tokenName !== undefined) {
    const matches = nameMatcher(tokenName);
    const why = isGlob(tokenName)
      ? `${kind.field} does not match ${JSON.stringify(tokenName)}`
      : `${kind.field} is not ${JSON.stringify(tokenName)}`;
    filters.push((item) => {
      const name = kind.nameOf(item);
      return name === null ? `has no ${kind.field}` : matches(name) ? undefined : why;
    });
  }
  return filters;
}

function chooseOne<T extends Candidate>(
  identityId: string,
  items: readonly T[] | undefined,
  filters: readonly Filter<T>[],
  keepNewest: number,
  kind: Kind<T>,
): Choice<T> {
  const choice: Choice<T> = { identityId, chosen: [], kept: [], notes: [] };
  if (items === undefined) return choice;
  const revoked = items.filter((item) => item.revoked).length;
  const expired = items.filter((item) => !item.revoked && item.expired).length;
  // Only the revoked flag tells a dead row: a row that looks expired by its TTL may be a token
  // renewed on a current server, which writes no renewal to the row (docs/infisical-api.md). It
  // is chosen like a live one; revoking a dead row costs one write and answers 200.
  const live = oldestFirst(items.filter((item) => !item.revoked));

  const passing: T[] = [];
  for (const item of live) {
    const why = filters.map((filter) => filter(item)).find((reason) => reason !== undefined);
    if (why === undefined) passing.push(item);
    else choice.kept.push({ token: item, why });
  }
  // The own one takes its place among the newest like any other: it is live, and it passed.
  const spared = Math.min(keepNewest, passing.length);
  const newestWhy = keepNewest === 1 ? 'the newest' : `one of the ${keepNewest} newest`;
  for (const [index, item] of passing.entries()) {
    if (index >= passing.length - spared) choice.kept.push({ token: item, why: newestWhy });
    else if (kind.own?.is(item)) {
      choice.kept.push({ token: item, why: kind.own.why });
      choice.notes.push(`Kept ${kind.noun} ${item.id}: ${kind.own.note}`);
    } else choice.chosen.push(item);
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

/** Oldest first by creation; candidates created in the same millisecond by id, so the order is stable. */
function oldestFirst<T extends Candidate>(items: readonly T[]): T[] {
  return [...items].sort(byCreation);
}

function byCreation(a: Candidate, b: Candidate): number {
  return a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
