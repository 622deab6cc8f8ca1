// Cancellation as the runner does it: cancelling a run (or a step's timeout-minutes) sends SIGINT
// to the step's node process, then SIGTERM 7.5 s later, then kills the process tree 2.5 s after
// that (GitHub's "Canceling a workflow" docs). Node's default is to die at once on either signal,
// losing the outputs and the summary; instead, the first signal stops new requests and the second
// cuts those in flight short, so that the step can still say what it did.

export interface Cancellation {
  /** Aborted on the first SIGINT or SIGTERM. */
  signal: AbortSignal;
  /** Aborted on the second: no more waiting for answers. */
  urgent: AbortSignal;
  /** Gives the signals back to node's defaults. */
  dispose: () => void;
}

export function watchCancellation(): Cancellation {
  const first = new AbortController();
  const second = new AbortController();
  const onSignal = (name: NodeJS.Signals): void => {
    if (!first.signal.aborted) first.abort(name);
    else second.abort(name);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: first.signal,
    urgent: second.signal,
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
