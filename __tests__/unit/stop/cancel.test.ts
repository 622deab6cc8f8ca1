// watchCancellation: the runner's signals as the first and the second. Windows' CTRL_BREAK
// (SIGBREAK) cannot be sent to a process on Linux, so these tests feed the signals to node's own
// listeners with process.emit, which is what node does when a signal arrives; the e2e suite sends
// real SIGINT and SIGTERM. Other listeners of the test process are set aside meanwhile, so that
// an emitted SIGINT reaches only the one under test.
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { CANCEL_SIGNALS, watchCancellation, type Cancellation } from '../../../src/stop/cancel.js';

type Listener = (...args: unknown[]) => void;
let others: Map<string, Listener[]>;
let watching: Cancellation | undefined;

beforeEach(() => {
  others = new Map(CANCEL_SIGNALS.map((name) => [name, process.listeners(name) as Listener[]]));
  for (const name of CANCEL_SIGNALS) process.removeAllListeners(name);
});
afterEach(() => {
  watching?.dispose();
  watching = undefined;
  for (const [name, listeners] of others) for (const l of listeners) process.on(name, l);
});

const watch = (): Cancellation => (watching = watchCancellation());
const send = (name: NodeJS.Signals): void => void process.emit(name as 'SIGINT', name);

describe('watchCancellation', () => {
  test.each<NodeJS.Signals>(['SIGINT', 'SIGTERM'])(
    '%s first stops new work only; a second signal is urgent',
    (first) => {
      const c = watch();
      send(first);
      expect(c.signal.aborted).toBe(true);
      expect(c.signal.reason).toBe(first);
      expect(c.urgent.aborted).toBe(false);
      send('SIGTERM');
      expect(c.urgent.aborted).toBe(true);
      expect(c.urgent.reason).toBe('SIGTERM');
    },
  );

  test('SIGINT then SIGBREAK (Windows: CTRL_C, then CTRL_BREAK 7.5 s later): SIGBREAK is the second', () => {
    const c = watch();
    send('SIGINT');
    expect(c.urgent.aborted).toBe(false);
    send('SIGBREAK');
    expect(c.signal.reason).toBe('SIGINT');
    expect(c.urgent.aborted).toBe(true);
    expect(c.urgent.reason).toBe('SIGBREAK');
  });

  test('SIGBREAK heard first (the CTRL_C did not reach node) is both: no grace is left before the kill', () => {
    const c = watch();
    const order: string[] = [];
    c.urgent.addEventListener('abort', () => order.push('urgent'));
    c.signal.addEventListener('abort', () => order.push(`signal, urgent ${c.urgent.aborted}`));
    send('SIGBREAK');
    expect(c.signal.reason).toBe('SIGBREAK');
    expect(c.urgent.reason).toBe('SIGBREAK');
    // Whoever hears the first signal already knows it is urgent.
    expect(order).toEqual(['urgent', 'signal, urgent true']);
  });

  test('listens for SIGINT, SIGTERM and SIGBREAK, and dispose gives them back', () => {
    const c = watch();
    for (const name of CANCEL_SIGNALS) expect(process.listenerCount(name)).toBe(1);
    c.dispose();
    watching = undefined;
    for (const name of CANCEL_SIGNALS) expect(process.listenerCount(name)).toBe(0);
    send('SIGBREAK');
    expect(c.signal.aborted).toBe(false);
  });
});
