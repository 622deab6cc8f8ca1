// A dry run reads, never writes: each token named in token-id is looked up (its row; for `self`,
// the access token used once), and reported as what a real run would find: live (would be
// revoked), already revoked, or not found. Chosen tokens were just listed live. An access token
// that the server refuses fails the dry run, as it would fail the real one.
import { attempt, type AttemptContext } from '../calls/attempt.js';
import {
  detailsRequest,
  judgeTokenRead,
  judgeTokenUse,
  tokenRequest,
} from '../infisical/read-back.js';
import type { Server } from '../infisical/server.js';
import type { StopReason } from '../stop/stopping.js';
import { describeTarget, type Target } from './target.js';

/** What a dry run found of one token. */
export interface Looked extends Target {
  /** live: a real run would revoke it; unknown: it could not be read, a real run would try. */
  state: 'live' | 'already-revoked' | 'not-found' | 'unknown';
  /** Why it could not be read, for `unknown`. */
  why?: string;
}

export interface LookContext extends AttemptContext {
  server: Server;
  accessToken: string;
  /** Ids just listed live (chosen by the filters): not read again. */
  listedLive: ReadonlySet<string>;
  halt: (stop: StopReason) => void;
}

export async function lookUp(targets: readonly Target[], ctx: LookContext): Promise<Looked[]> {
  const looked: Looked[] = [];
  for (const target of targets) {
    const one = await lookOne(target, ctx);
    looked.push(one);
    ctx.log(lineOf(one));
  }
  return looked;
}

async function lookOne(target: Target, ctx: LookContext): Promise<Looked> {
  if (!target.self && ctx.listedLive.has(target.tokenId)) return { ...target, state: 'live' };
  if (ctx.stop.aborted) return { ...target, state: 'unknown', why: 'the run stopped first' };
  const request = target.self
    ? detailsRequest(ctx.server, ctx.accessToken)
    : tokenRequest(ctx.server, target.tokenId, ctx.accessToken);
  const done = await attempt(request, `look up ${describeTarget(target)}`, ctx);
  if (done.kind !== 'answer') {
    const why = done.kind === 'stopped' ? 'the run stopped first' : done.error.message;
    return { ...target, state: 'unknown', why };
  }
  const shown = target.self
    ? judgeTokenUse(done.answer)
    : judgeTokenRead(done.answer, target.tokenId);
  if (target.self && (shown.kind === 'revoked' || shown.kind === 'expired')) {
    ctx.halt({
      kind: 'refused',
      reason: `Infisical refused the access token (${done.answer.status}): it is ${shown.kind === 'revoked' ? 'revoked or unknown' : 'expired'}, so the dry run cannot read anything and a real run would fail.`,
    });
    return { ...target, state: 'already-revoked' };
  }
  switch (shown.kind) {
    case 'live':
      return { ...target, state: 'live' };
    case 'revoked':
    case 'expired':
      return { ...target, state: 'already-revoked' };
    case 'no-row':
      return { ...target, state: 'not-found' };
    case 'other-organization':
      // Another organization's token: a real run could not revoke it either.
      return { ...target, state: 'unknown', why: shown.message };
    case 'unreadable': {
      if (shown.status === 401 || (shown.status === 403 && shown.errorName === 'TokenError')) {
        ctx.halt({
          kind: 'refused',
          reason: `Infisical refused the access token (${shown.status} ${shown.errorName ?? ''}) when looking up ${describeTarget(target)}: a real run would fail the same way.`,
        });
      }
      return { ...target, state: 'unknown', why: shown.message };
    }
  }
}

function lineOf(looked: Looked): string {
  const name = describeTarget(looked);
  switch (looked.state) {
    case 'live':
      return `Dry run: would revoke ${name}.`;
    case 'already-revoked':
      return `Dry run: ${name} is already revoked; a real run would find nothing to revoke.`;
    case 'not-found':
      return `Dry run: no Token Auth token answers to ${name} for this access token (never one, pruned, or a token of another login method, which may be live).`;
    case 'unknown':
      return `Dry run: would try to revoke ${name}; it could not be looked up (${looked.why}).`;
  }
}

/** The tokens a real run would revoke: live, or not readable. */
export function wouldRevoke(looked: readonly Looked[]): Looked[] {
  return looked.filter((one) => one.state === 'live' || one.state === 'unknown');
}
