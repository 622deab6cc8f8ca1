// Stopping after a cancel: a first signal gives requests in flight a grace period, then cuts them
// off; a first signal that is already urgent (Windows' CTRL_BREAK heard first) cuts them off at once
// and says so.
import { describe, expect, jest, test } from '@jest/globals';
import { CANCEL_GRACE_MS } from '../../../src/defaults.js';
import { Stopping } from '../../../src/stop/stopping.js';

function setUp() {
  const first = new AbortController();
  const second = new AbortController();
  const cutOff = jest.fn<() => void>();
  const lines: string[] = [];
  const stopping = new Stopping({ signal: first.signal, urgent: second.signal }, cutOff, (l) =>
    lines.push(l),
  );
  return { first, second, cutOff, lines, stopping };
}

describe('Stopping on a cancel', () => {
  test('the first signal halts, and cuts off requests in flight after the grace', () => {
    jest.useFakeTimers();
    try {
      const { first, cutOff, lines, stopping } = setUp();
      first.abort('SIGINT');
      expect(stopping.signal.aborted).toBe(true);
      expect(lines).toEqual([
        `The run was cancelled (SIGINT): no new request is sent; requests in flight get ${CANCEL_GRACE_MS / 1000} s to finish.`,
      ]);
      jest.advanceTimersByTime(CANCEL_GRACE_MS - 1);
      expect(cutOff).not.toHaveBeenCalled();
      jest.advanceTimersByTime(1);
      expect(cutOff).toHaveBeenCalledTimes(1);
      stopping.dispose();
    } finally {
      jest.useRealTimers();
    }
  });

  test('the second signal cuts off at once', () => {
    const { first, second, cutOff, stopping } = setUp();
    first.abort('SIGINT');
    second.abort('SIGBREAK');
    expect(cutOff).toHaveBeenCalledTimes(1);
    stopping.dispose();
  });

  test('a first signal already urgent (SIGBREAK first) cuts off at once, promises no grace, sets no timer', () => {
    jest.useFakeTimers();
    try {
      const { first, second, cutOff, lines, stopping } = setUp();
      second.abort('SIGBREAK');
      first.abort('SIGBREAK');
      expect(cutOff).toHaveBeenCalledTimes(1);
      expect(lines).toEqual([
        'The run was cancelled (SIGBREAK): no new request is sent; requests in flight are cut off.',
      ]);
      expect(jest.getTimerCount()).toBe(0);
      stopping.dispose();
    } finally {
      jest.useRealTimers();
    }
  });
});
