// Revokes every token of a run: the pool of concurrent revokes, one pacer and one HTTP client
// shared by all of them, the access token's own token kept for last, and the batch stopped when
// going on cannot help (the access token refused, the server unreachable, the run cancelled).
import { tokenIdOfAccessToken } from './access-token.js';
import { mapWithConcurrency } from './batch.js';
import { CANCEL_GRACE_MS } from './defaults.js';
import { createHttp, type Send } from './http.js';
import type { Inputs } from './inputs.js';
import { settle, type Policy, type Settled } from './outcome.js';
import { RateLimitPacer } from './rate-limit.js';
import type { Run, Stop } from './report.js';
import { sleepUnless } from './retry.js';
import { describeTarget, revokeToken, type Target } from './revoke.js';
import { describeServer } from './server-url.js';

export interface Progress {
  /** A retry, or a note on the order of work. */
  info: (line: string) => void;
  /** One token is settled, as it happens, so a long batch shows progress. */
  settled: (outcome: Settled) => void;
}

export interface Signals {
  /** Cancellation: start nothing new, let what is in flight finish for a while. */
  cancel: AbortSignal;
  /** Stop waiting for what is in flight now. */
  urgent: AbortSignal;
}

/**
 * The order of work: the ids named, then the access token's own token (revoking it ends the
 * right to revoke the others), then `self`. An id that is the access token's own token is folded
 * into `self` when both are named: one token, revoked once.
 */
export function targetsOf(inputs: Pick<Inputs, 'tokenIds' | 'self' | 'accessToken'>): {
  /** Revoked concurrently. */
  batch: Target[];
  /** Revoked alone once the batch is done. */
  last?: Target;
  notes: string[];
} {
  const own = tokenIdOfAccessToken(inputs.accessToken)?.toLowerCase();
  const others = inputs.tokenIds.filter((id) => id !== own);
  const namesOwn = others.length < inputs.tokenIds.length;
  const batch: Target[] = others.map((tokenId) => ({ tokenId, self: false }));
  const notes: string[] = [];
  let last: Target | undefined;
  if (inputs.self) {
    last = { tokenId: own ?? 'self', self: true };
    if (namesOwn) {
      notes.push(
        `Token ${own} is the access token's own token: it is revoked once, as self, last.`,
      );
    } else if (batch.length > 0) notes.push('Revoking the access token itself last.');
  } else if (namesOwn) {
    last = { tokenId: own as string, self: false };
    if (batch.length > 0) notes.push(`Revoking the access token's own token ${own} last.`);
  }
  return { batch, last, notes };
}

export async function revokeAll(
  inputs: Inputs,
  policy: Policy,
  progress: Progress,
  signals: Signals,
): Promise<Run> {
  const { batch, last, notes } = targetsOf(inputs);
  for (const note of notes) progress.info(note);

  const halt = new AbortController();
  let stop: Stop | undefined;
  const total = batch.length + (last ? 1 : 0);
  let begun = 0;
  const stopWith = (next: Stop): void => {
    if (stop) return;
    halt.abort();
    // Stopping matters only while something is left to stop (or the run is cancelled).
    if (next.kind !== 'cancelled' && begun === total) return;
    stop = next;
    progress.info(next.reason);
  };
  const http = createHttp({ timeoutMs: inputs.timeoutSeconds * 1000 });
  let grace: NodeJS.Timeout | undefined;
  const onCancel = (): void => {
    stopWith({
      kind: 'cancelled',
      reason: `The run was cancelled (${String(signals.cancel.reason)}): no new request is sent; requests in flight get ${CANCEL_GRACE_MS / 1000} s to finish.`,
    });
    grace = setTimeout(http.abort, CANCEL_GRACE_MS);
  };
  const onUrgent = (): void => http.abort();
  if (signals.cancel.aborted) onCancel();
  signals.cancel.addEventListener('abort', onCancel);
  signals.urgent.addEventListener('abort', onUrgent);

  // Whether the server has answered anything yet: a server that never did is unreachable.
  let heard = false;
  const send: Send = async (request) => {
    const answer = await http.send(request);
    heard = true;
    return answer;
  };
  const sleep = sleepUnless(halt.signal);
  const pacer = new RateLimitPacer({ now: Date.now, sleep });
  const revokeOne = async (target: Target): Promise<Settled> => {
    begun += 1;
    const result = await revokeToken(target, {
      server: inputs.server,
      accessToken: inputs.accessToken,
      retries: inputs.retries,
      send,
      pacer,
      sleep,
      log: progress.info,
      stop: halt.signal,
    });
    if (result.refused) {
      stopWith({
        kind: 'refused',
        reason: `Infisical refused the access token (${result.status} ${result.error ?? ''}) when revoking ${describeTarget(result)}: every other request would be refused too, so the batch stopped.`,
      });
    } else if (result.unreachable && !heard) {
      stopWith({
        kind: 'unreachable',
        reason: `Infisical at ${describeServer(inputs.server)} could not be reached (every attempt for ${describeTarget(result)} failed on the network), so the batch stopped.`,
      });
    }
    const outcome = settle(result, policy);
    progress.settled(outcome);
    return outcome;
  };

  try {
    const settled = await mapWithConcurrency(batch, inputs.concurrency, revokeOne);
    if (last) settled.push(await revokeOne(last));
    return { settled, stop };
  } finally {
    clearTimeout(grace);
    signals.cancel.removeEventListener('abort', onCancel);
    signals.urgent.removeEventListener('abort', onUrgent);
    http.close();
  }
}
