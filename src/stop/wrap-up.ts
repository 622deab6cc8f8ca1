// How long the work left after a cancel may take: the revoke of the action's own login (and its
// read-back) runs after the batch, whatever happened, and on its own client. Stopped only by the
// runner's second signal, it could wait a whole timeout-seconds (30 s by default) after a lone
// SIGINT, on a runner that kills the step 10 s after it; and on Windows the second signal
// (CTRL_BREAK) leaves 2.5 s. So after the first signal this work also has a deadline of its own,
// WRAP_UP_MS after that signal: past the batch's grace (4 s), before the runner's second signal
// (7.5 s), leaving the step about 3 s to write its outputs and summary before the kill (10 s).
import type { Cancellation } from './cancel.js';

export const WRAP_UP_MS = 7_000;

export interface WrapUp {
  /** Aborted on the runner's second signal, or WRAP_UP_MS after its first. */
  signal: AbortSignal;
  dispose: () => void;
}

/**
 * Starts listening at once: the deadline counts from the first signal, which may come long before
 * the work it bounds starts (a cancel mid-batch).
 */
export function wrapUpAfterCancel(
  cancellation: Pick<Cancellation, 'signal' | 'urgent'>,
  ms = WRAP_UP_MS,
): WrapUp {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const onUrgent = (): void => controller.abort(cancellation.urgent.reason);
  const onFirst = (): void => {
    timer = setTimeout(() => controller.abort('the deadline after a cancel'), ms);
    // Nothing else to do must not wait for it.
    timer.unref();
  };
  if (cancellation.urgent.aborted) onUrgent();
  else cancellation.urgent.addEventListener('abort', onUrgent, { once: true });
  // A signal heard before this started counts from now: the phase starts within milliseconds of
  // the process.
  if (cancellation.signal.aborted) onFirst();
  else cancellation.signal.addEventListener('abort', onFirst, { once: true });
  return {
    signal: controller.signal,
    dispose: () => {
      clearTimeout(timer);
      cancellation.urgent.removeEventListener('abort', onUrgent);
      cancellation.signal.removeEventListener('abort', onFirst);
    },
  };
}
