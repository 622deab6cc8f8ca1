// Cancellation as the runner does it. Cancelling a run (or a step's timeout-minutes) sends, on
// Linux and macOS, SIGINT to the step's node process, SIGTERM 7.5 s later, and kills the process
// tree 2.5 s after that (GitHub's "Canceling a workflow" docs); on Windows it sends CTRL_C, then
// CTRL_BREAK 7.5 s later, then kills the tree (actions/runner ProcessInvoker.cs), which node
// delivers as SIGINT and SIGBREAK (SIGTERM never arrives there). Node's default is to die at once
// on any of them, losing the outputs and the summary; instead, the first signal stops new requests
// and the second cuts those in flight short, so that the step can still say what it did.

export interface Cancellation {
  /** Aborted on the first signal (SIGINT or SIGTERM; SIGBREAK too, if it comes first). */
  signal: AbortSignal;
  /** Aborted on the second: no more waiting for answers. */
  urgent: AbortSignal;
  /** Gives the signals back to node's defaults. */
  dispose: () => void;
}

/** The signals a runner cancels with, on any operating system. */
export const CANCEL_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGBREAK'] as const;

export function watchCancellation(): Cancellation {
  const first = new AbortController();
  const second = new AbortController();
  const onSignal = (name: NodeJS.Signals): void => {
    // CTRL_BREAK is only ever the runner's second signal, 2.5 s before the kill: even when it is the
    // first one node hears (a CTRL_C that did not reach the process), there is no time left for a
    // grace period. `urgent` goes first, so that whoever hears `signal` already knows it.
    if (first.signal.aborted || name === 'SIGBREAK') second.abort(name);
    if (!first.signal.aborted) first.abort(name);
  };
  // On Linux and macOS SIGBREAK is no signal: listening for it is a plain event listener, harmless.
  for (const name of CANCEL_SIGNALS) process.on(name, onSignal);
  return {
    signal: first.signal,
    urgent: second.signal,
    dispose: () => {
      for (const name of CANCEL_SIGNALS) process.off(name, onSignal);
    },
  };
}
