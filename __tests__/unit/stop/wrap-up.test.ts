// wrapUpAfterCancel: the deadline of the work left after a cancel (the login's revoke), counted
// from the first signal, or at once on the second.
import { describe, expect, jest, test } from '@jest/globals';
import { WRAP_UP_MS, wrapUpAfterCancel } from '../../../src/stop/wrap-up.js';
import { CANCEL_GRACE_MS } from '../../../src/defaults.js';

function signals() {
  const first = new AbortController();
  const second = new AbortController();
  return { first, second, cancellation: { signal: first.signal, urgent: second.signal } };
}

describe('wrapUpAfterCancel', () => {
  test('ends after the grace, before the runner’s second signal (7.5 s), well before its kill (10 s)', () => {
    expect(WRAP_UP_MS).toBeGreaterThan(CANCEL_GRACE_MS);
    expect(WRAP_UP_MS).toBeLessThan(7_500);
  });

  test('quiet while nothing is cancelled; aborted WRAP_UP_MS after the first signal', () => {
    jest.useFakeTimers();
    try {
      const { first, cancellation } = signals();
      const wrapUp = wrapUpAfterCancel(cancellation);
      jest.advanceTimersByTime(60_000);
      expect(wrapUp.signal.aborted).toBe(false);
      first.abort('SIGINT');
      jest.advanceTimersByTime(WRAP_UP_MS - 1);
      expect(wrapUp.signal.aborted).toBe(false);
      jest.advanceTimersByTime(1);
      expect(wrapUp.signal.aborted).toBe(true);
      wrapUp.dispose();
    } finally {
      jest.useRealTimers();
    }
  });

  test('aborted at once by the second signal', () => {
    const { first, second, cancellation } = signals();
    const wrapUp = wrapUpAfterCancel(cancellation);
    first.abort('SIGINT');
    second.abort('SIGBREAK');
    expect(wrapUp.signal.aborted).toBe(true);
    expect(wrapUp.signal.reason).toBe('SIGBREAK');
    wrapUp.dispose();
  });

  test('a cancel heard before it started counts from its start; an urgent one is already over', () => {
    jest.useFakeTimers();
    try {
      const { first, second, cancellation } = signals();
      first.abort('SIGINT');
      const wrapUp = wrapUpAfterCancel(cancellation, 100);
      expect(wrapUp.signal.aborted).toBe(false);
      jest.advanceTimersByTime(100);
      expect(wrapUp.signal.aborted).toBe(true);
      second.abort('SIGTERM');
      expect(wrapUpAfterCancel(cancellation).signal.aborted).toBe(true);
    } finally {
      jest.useRealTimers();
    }
  });

  test('dispose stops the timer', () => {
    jest.useFakeTimers();
    try {
      const { first, cancellation } = signals();
      const wrapUp = wrapUpAfterCancel(cancellation, 100);
      first.abort('SIGINT');
      wrapUp.dispose();
      jest.advanceTimersByTime(1_000);
      expect(wrapUp.signal.aborted).toBe(false);
      expect(jest.getTimerCount()).toBe(0);
    } finally {
      jest.useRealTimers();
    }
  });
});
