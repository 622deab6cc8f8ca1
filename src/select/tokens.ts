// The selection stage: lists every identity named, all pages, and chooses by the filters; nothing
// is revoked here. Lists are read-class on Infisical Cloud, with a budget of their own, so the
// caller hands a context with a pacer of their own.
import type { Selection } from '../inputs/selection.js';
import { plural } from '../text/words.js';
import { choose, type Chosen } from './choose.js';
import { fullListWarning, listAll, type ListContext, type Listed } from './list-all.js';

export interface SelectContext extends ListContext {
  /** The access token's own token id (lower case): never chosen. */
  ownTokenId?: string;
  warn: (line: string) => void;
}

export interface Selected {
  listed: Listed[];
  chosen: Chosen;
  /** The list refused the access token itself: why, for the run's stop. */
  refused?: string;
}

export async function selectTokens(selection: Selection, ctx: SelectContext): Promise<Selected> {
  ctx.log(
    `Listing the Token Auth tokens of ${plural(selection.identityIds.length, 'identity', 'identities')}.`,
  );
  const listed = await listAll(selection.identityIds, ctx);
  const refused = listed.find((list) => list.refused)?.error;
  const chosen = choose(listed, selection, { now: Date.now(), ownTokenId: ctx.ownTokenId });
  for (const [index, list] of listed.entries()) {
    const choice = chosen.identities[index];
    if (list.error) continue;
    ctx.log(
      `Identity ${list.identityId}: listed ${plural(list.tokens.length, 'token')}; chose ${choice?.chosen.length ?? 0}.`,
    );
    for (const note of choice?.notes ?? []) ctx.log(`Identity ${list.identityId}: ${note}`);
    if (list.full) ctx.warn(fullListWarning(list.identityId));
  }
  return { listed, chosen, refused };
}
