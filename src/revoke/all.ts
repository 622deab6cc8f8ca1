// Revokes every token of a run: the pool of concurrent revokes, the access token's own token kept
// for last, and the batch stopped when going on cannot help (the access token refused, the server
// unreachable; cancellation stops it from outside).
import type { Feed } from '../calls/feed.js';
import { limiter, mapWithConcurrency } from '../calls/pool.js';
import { describeServer } from '../infisical/server.js';
import type { Stopping } from '../stop/stopping.js';
import { confirm, sendRevoke, type RevokeContext } from './one.js';
import type { Result } from './result.js';
import { settle, type Policy, type Settled } from './settle.js';
import { describeTarget, inOrder, type Plan, type Target } from './target.js';

export interface BatchContext extends RevokeContext {
  concurrency: number;
  stopping: Stopping;
  /** One token is settled, as it happens, so a long batch shows progress; `total` tokens in all. */
  settled: (outcome: Settled, total: number) => void;
}

/**
 * Revokes the plan's batch, then whatever `more` brings while the selection is still listing (its
 * choices, identity by identity), then the plan's last token alone.
 */
export async function revokeAll(
  plan: Plan,
  policy: Policy,
  ctx: BatchContext,
  more?: Feed<Target>,
): Promise<Settled[]> {
  const { batch, last, notes } = plan;
  for (const note of notes) ctx.log(note);
  // Known so far: the feed may still bring more.
  const known = (): number => batch.length + (more?.pushed ?? 0) + (last ? 1 : 0);
  let started = 0;
  // Whether any revoke has had an answer: a server that answered none is unreachable for them
  // (whatever a login or a list page got before: a WAF may drop only the revokes).
  let answered = false;
  // Read-backs overlap the revokes: a worker sends its next revoke while the last one is read back
  // (reads have their own budget on Infisical Cloud), at most `concurrency` reads at a time.
  const reading = limiter(ctx.concurrency);
  // The read-back comes back wrapped: an async function returning a bare promise would make the
  // worker wait for the read too, and the revokes would no longer overlap the reads.
  const revokeOne = async (target: Target): Promise<{ settled: Promise<Settled> }> => {
    started += 1;
    const sent = await sendRevoke(target, ctx);
    // Settled by its answer alone (a refusal, no answer): said at once, so that the batch stops.
    if (sent.result) return { settled: Promise.resolve(settleOne(sent.result)) };
    // A lost answer is read back before it settles; whether to stop the tokens not begun yet is
    // decided now, on the answer the revoke got, so that a server that answers nothing does not
    // take the whole batch along. (With nothing left to stop, the read-back goes ahead.)
    if (sent.lost && anyLeft()) stopIfHopeless(sent.lost);
    return { settled: reading(() => confirm(sent, ctx)).then(settleOne) };
  };
  const settleOne = (result: Result): Settled => {
    stopIfHopeless(result);
    const outcome = settle(result, policy);
    ctx.settled(outcome, known());
    return outcome;
  };
  function stopIfHopeless(result: Result): void {
    answered ||= result.status !== undefined;
    // Worth a stop (and the words "the batch stopped") only while a token has not begun: those in
    // flight finish either way.
    const left = anyLeft();
    if (result.refused) {
      ctx.stopping.halt(
        {
          kind: 'refused',
          reason: `Infisical refused the access token (${result.status} ${result.errorName ?? ''}) when revoking ${describeTarget(result)}: every other request would be refused too, so the batch stopped.`,
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
  }
  const anyLeft = (): boolean => started < known() || (more !== undefined && !more.done);
  const sent = await mapWithConcurrency(
    more ? targetsOf(batch, more) : batch,
    ctx.concurrency,
    revokeOne,
  );
  const settled = await Promise.all(sent.map((one) => one.settled));
  // Last, once every other token is read back: revoking it ends the access token's right to read.
  if (last) settled.push(await (await revokeOne(last)).settled);
  return settled;
}

async function* targetsOf(batch: readonly Target[], more: Feed<Target>): AsyncIterable<Target> {
  yield* batch;
  yield* more;
}

/** Every planned token as not attempted: the run stopped before it could start (a failed login). */
export function notAttempted(plan: Plan, policy: Policy): Settled[] {
  return inOrder(plan).map((target) =>
    settle({ ...target, outcome: 'not-attempted', message: 'not attempted', attempts: 0 }, policy),
  );
}
