// Revokes every token of a run: the pool of concurrent revokes, the access token's own token kept
// for last, and the batch stopped when going on cannot help (the access token refused, the server
// unreachable; cancellation stops it from outside).
import { tokenIdOfAccessToken } from '../inputs/access-token.js';
import { mapWithConcurrency } from '../calls/pool.js';
import { settle, type Policy, type Settled } from './settle.js';
import {
  describeTarget,
  revokeToken,
  UNNAMED_SELF,
  type RevokeContext,
  type Target,
} from './one.js';
import { describeServer } from '../inputs/server-url.js';
import type { Stopping } from '../stop/stopping.js';

export interface Named {
  /** Token ids, lower case, each once. */
  tokenIds: readonly string[];
  /** The access token itself. */
  self: boolean;
}

export interface BatchContext extends RevokeContext {
  concurrency: number;
  stopping: Stopping;
  /** One token is settled, as it happens, so a long batch shows progress; `total` tokens in all. */
  settled: (outcome: Settled, total: number) => void;
}

/**
 * The order of work: the ids named, then the access token's own token (revoking it ends the
 * right to revoke the others), then `self`. An id that is the access token's own token is folded
 * into `self` when both are named: one token, revoked once.
 */
export function targetsOf(
  named: Named,
  accessToken: string,
): {
  /** Revoked concurrently. */
  batch: Target[];
  /** Revoked alone once the batch is done. */
  last?: Target;
  notes: string[];
} {
  const own = tokenIdOfAccessToken(accessToken)?.toLowerCase();
  const others = named.tokenIds.filter((id) => id !== own);
  const namesOwn = others.length < named.tokenIds.length;
  const batch: Target[] = others.map((tokenId) => ({ tokenId, self: false }));
  const notes: string[] = [];
  let last: Target | undefined;
  if (named.self) {
    last = { tokenId: own ?? UNNAMED_SELF, self: true };
    if (namesOwn) {
      notes.push(
        `Token ${own} is the access token's own token: it is revoked once, as self, last.`,
      );
    } else if (batch.length > 0) notes.push('Revoking the access token itself last.');
  } else if (namesOwn) {
    // Its own token goes through the access-token route: the Token Auth route finds only Token
    // Auth rows, and would call a live login token (OIDC, Universal Auth…) "already gone".
    last = { tokenId: own as string, self: true };
    if (batch.length > 0) notes.push(`Revoking the access token's own token ${own} last.`);
  }
  return { batch, last, notes };
}

export async function revokeAll(
  named: Named,
  policy: Policy,
  ctx: BatchContext,
): Promise<Settled[]> {
  const { batch, last, notes } = targetsOf(named, ctx.accessToken);
  for (const note of notes) ctx.log(note);
  const total = batch.length + (last ? 1 : 0);
  let finished = 0;
  // Whether any revoke has had an answer: a server that answered none is unreachable for them
  // (whatever a login or a list page got before: a WAF may drop only the revokes).
  let answered = false;
  const revokeOne = async (target: Target): Promise<Settled> => {
    const result = await revokeToken(target, ctx);
    finished += 1;
    answered ||= result.status !== undefined;
    // Worth a stop only while another token is not settled yet (in flight, or not begun).
    const left = finished < total;
    if (result.refused) {
      ctx.stopping.halt(
        {
          kind: 'refused',
          reason: `Infisical refused the access token (${result.status} ${result.error ?? ''}) when revoking ${describeTarget(result)}: every other request would be refused too, so the batch stopped.`,
        },
        left,
      );
    } else if (result.unreachable && !answered) {
      ctx.stopping.halt(
        {
          kind: 'unreachable',
          reason: `Infisical at ${describeServer(ctx.server)} could not be reached for the revokes (every attempt for ${describeTarget(result)} failed on the network), so the batch stopped.`,
        },
        left,
      );
    }
    const outcome = settle(result, policy);
    ctx.settled(outcome, total);
    return outcome;
  };
  const settled = await mapWithConcurrency(batch, ctx.concurrency, revokeOne);
  if (last) settled.push(await revokeOne(last));
  return settled;
}

/** Every named token as not attempted: the run stopped before it could start (a failed login). */
export function notAttempted(named: Named, accessToken: string, policy: Policy): Settled[] {
  const { batch, last } = targetsOf(named, accessToken);
  return [...batch, ...(last ? [last] : [])].map((target) =>
    settle({ ...target, outcome: 'not-attempted', message: 'not attempted', attempts: 0 }, policy),
  );
}
