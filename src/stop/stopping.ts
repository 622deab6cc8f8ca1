// When a run stops before its work is done, and why: cancellation (the runner's signals, cancel.ts),
// an access token the server refuses, a server that cannot be reached. Once stopped, no new request
// starts; after a cancel, requests in flight get a grace period, then are cut off.
import type { Cancellation } from './cancel.js';
import { CANCEL_GRACE_MS } from '../defaults.js';

export interface StopReason {
  kind: 'cancelled' | 'refused' | 'unreachable' | 'login';
  /** One sentence, for the log and the summary. */
  reason: string;
}

export class Stopping {
  private readonly controller = new AbortController();
  private grace: NodeJS.Timeout | undefined;
  private stopped: StopReason | undefined;
  /** Aborted once no new request may start. */
  readonly signal = this.controller.signal;

  constructor(
    private readonly cancellation: Pick<Cancellation, 'signal' | 'urgent'>,
    /** Cuts off every request in flight. */
    private readonly cutOff: () => void,
    private readonly log: (line: string) => void,
  ) {
    if (cancellation.signal.aborted) this.onCancel();
    else cancellation.signal.addEventListener('abort', this.onCancel);
    cancellation.urgent.addEventListener('abort', this.cutOff);
  }

  /** Why the run stopped, if it did while something was left to do. */
  get reason(): StopReason | undefined {
    return this.stopped;
  }

  /**
   * Starts no new request from now on. The reason is kept (and logged) only while something is
   * left undone: a batch whose last token was refused did not stop early.
   */
  halt(stop: StopReason, somethingLeft = true): void {
    if (this.controller.signal.aborted) return;
    this.controller.abort();
    if (!somethingLeft && stop.kind !== 'cancelled') return;
    this.stopped = stop;
    // A refused login is the step's closing error as it stands; other stops are told where they happen.
    if (stop.kind !== 'login') this.log(stop.reason);
  }

  dispose(): void {
    clearTimeout(this.grace);
    this.cancellation.signal.removeEventListener('abort', this.onCancel);
    this.cancellation.urgent.removeEventListener('abort', this.cutOff);
  }

  private readonly onCancel = (): void => {
    // A first signal that is already the second (Windows' CTRL_BREAK, see cancel.ts) gives no grace.
    const urgent = this.cancellation.urgent.aborted;
    this.halt({
      kind: 'cancelled',
      reason: `The run was cancelled (${String(this.cancellation.signal.reason)}): no new request is sent; ${urgent ? 'requests in flight are cut off.' : `requests in flight get ${CANCEL_GRACE_MS / 1000} s to finish.`}`,
    });
    if (!urgent) this.grace = setTimeout(this.cutOff, CANCEL_GRACE_MS);
  };
}
