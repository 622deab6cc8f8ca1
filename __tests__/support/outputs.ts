// Reading what a run reported: the tally in a message, the counts of the outputs (checked against
// their arrays), and a log made of whole, plain lines.
import { expect } from '@jest/globals';
import type { StepResult } from '../../testbed/runner.js';

export interface Counts {
  revoked: number;
  gone: number;
  failed: number;
  notAttempted: number;
  total: number;
}

/** The counts in a tally (`5 tokens: 2 revoked, 1 not found or already gone, 2 failed.`). */
export function tallyOf(text: string): Counts | undefined {
  const m =
    /(\d+) tokens?: (\d+) revoked, (\d+) not found or already gone, (\d+) failed(?:, (\d+) not attempted)?\./.exec(
      text,
    );
  if (!m) return undefined;
  return {
    total: Number(m[1]),
    revoked: Number(m[2]),
    gone: Number(m[3]),
    failed: Number(m[4]),
    notAttempted: Number(m[5] ?? 0),
  };
}

/** The outputs' own counts, checked against the lengths of their arrays. */
export function countsOf(run: StepResult): Counts {
  const o = run.outputs;
  const counts = {
    revoked: Number(o['revoked-count']),
    gone: Number(o['not-found-count']),
    failed: Number(o['failed-count']),
    notAttempted: Number(o['not-attempted-count']),
  };
  expect(JSON.parse(o.revoked ?? '')).toHaveLength(counts.revoked);
  expect(JSON.parse(o['not-found'] ?? '')).toHaveLength(counts.gone);
  expect(JSON.parse(o.failed ?? '')).toHaveLength(counts.failed);
  expect(JSON.parse(o['not-attempted'] ?? '')).toHaveLength(counts.notAttempted);
  return { ...counts, total: counts.revoked + counts.gone + counts.failed + counts.notAttempted };
}

/** No line of the log is a piece of a longer one, and none quotes OpenSSL or a stack. */
export function expectPlainLog(run: StepResult): void {
  expect(run.stdout).not.toContain('%0A'); // a workflow command's escaped line break
  expect(run.stdout).not.toMatch(/routines|SSL_|ssl3_|openssl|deps\/|0A0001/i);
  expect(run.stdout).not.toMatch(/^\s+(at |\S)/m);
  expect(run.stderr).toBe('');
}
