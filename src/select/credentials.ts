// The selection stage: which identities (named, or the organization's for `all`), then each one's
// list, all pages, and the choice by the filters; nothing is revoked here. Each identity's choice
// is handed on as soon as its list is complete (`chose`), so that its tokens are revoked while the
// next identities are listed; every page of one identity is read before any of its tokens is
// revoked (revoking moves rows in a list sorted by updatedAt). Client secrets come after the tokens.
// Lists are read-class on Infisical Cloud, with a budget of their own: the caller hands a context
// with a pacer of their own.
import type { ListedSecret } from '../infisical/client-secrets.js';
import type { ListedToken } from '../infisical/list.js';
import type { Selection } from '../inputs/selection.js';
import { plural } from '../text/words.js';
import { choose, chooseSecrets, type Chosen } from './choose.js';
import { listSecrets, type ListedSecrets } from './client-secrets.js';
import { fullListWarning, listAll, type ListContext, type Listed } from './list-all.js';
import { sweepOf, type Sweep } from './sweep.js';

export interface SelectContext extends ListContext {
  /** The access token's own token id (lower case): never chosen. */
  ownTokenId?: string;
  /** Whether a client secret is the one the access token was issued from: never chosen. */
  isOwnSecret?: (secret: ListedSecret) => boolean;
  warn: (line: string) => void;
}

export interface Selected {
  listed: Listed[];
  chosen: Chosen;
  /** Which identities were reached, and (for `all`) what the sweep made of each. */
  sweep: Sweep;
  /** With client-secrets-of-identity: what each identity's list gave, and the choice. */
  secrets?: { listed: ListedSecrets[]; chosen: Chosen<ListedSecret> };
  /** A list refused the access token itself: why, for the run's stop. */
  refused?: string;
}

/** What one identity's list made the selection choose, handed on at once. */
export type Chose = { tokens: ListedToken[] } | { secrets: ListedSecret[] };

export async function selectCredentials(
  selection: Selection,
  given: SelectContext,
  chose: (chosen: Chose) => void = () => {},
): Promise<Selected> {
  // One moment for every age: the choices handed on and the one reported are the same.
  const now = (given.now ?? Date.now)();
  // The tokens' lists and the client secrets' share one state: a halt of the one stops the other.
  const ctx = { ...given, listing: given.listing ?? { heard: { any: false } } };
  const sweep = await sweepOf(selection, ctx);
  if (sweep.refused) {
    const none = choose([], selection, { now });
    return { listed: [], chosen: none, sweep, refused: sweep.error };
  }
  const tokenIds = sweep.tokenIdentities;
  const listed =
    tokenIds.length === 0
      ? []
      : await (async () => {
          ctx.log(
            `Listing the Token Auth tokens of ${plural(tokenIds.length, 'identity', 'identities')}.`,
          );
          return listAll(tokenIds, ctx, (list) => {
            const choice = choose([list], selection, { now, ownTokenId: ctx.ownTokenId });
            const one = choice.identities[0];
            if (list.error === undefined) {
              ctx.log(
                `Identity ${list.identityId}: listed ${plural(list.tokens.length, 'token')}; chose ${one?.chosen.length ?? 0}.`,
              );
              for (const note of one?.notes ?? []) ctx.log(`Identity ${list.identityId}: ${note}`);
              if (list.full) ctx.warn(fullListWarning(list.identityId));
            }
            if (choice.chosen.length > 0) chose({ tokens: choice.chosen });
          });
        })();
  const chosen = choose(listed, selection, { now, ownTokenId: ctx.ownTokenId });
  let refused = listed.find((list) => list.refused)?.error;
  let secrets: Selected['secrets'];
  if (selection.clientSecrets) {
    const isOwn = ctx.isOwnSecret ?? (() => false);
    const ids = sweep.secretIdentities;
    if (ids.length > 0) {
      ctx.log(`Listing the client secrets of ${plural(ids.length, 'identity', 'identities')}.`);
    }
    const listedSecrets = await listSecrets(ids, ctx, (list) => {
      const choice = chooseSecrets([list], selection, { now, isOwn });
      const one = choice.identities[0];
      if (list.error === undefined) {
        ctx.log(
          `Identity ${list.identityId}: listed ${plural(list.secrets.length, 'live client secret')}; chose ${one?.chosen.length ?? 0}.`,
        );
        for (const note of one?.notes ?? []) ctx.log(`Identity ${list.identityId}: ${note}`);
      }
      if (choice.chosen.length > 0) chose({ secrets: choice.chosen });
    });
    secrets = {
      listed: listedSecrets,
      chosen: chooseSecrets(listedSecrets, selection, { now, isOwn }),
    };
    refused ??= listedSecrets.find((list) => list.refused)?.error;
  }
  return { listed, chosen, sweep, secrets, refused };
}
