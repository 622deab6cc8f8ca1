// Reading what a run reported: the tally in a message, the counts of the outputs (checked against
// their arrays), and a log made of whole, plain lines.
import { expect } from '@jest/globals';
import type { StepResult } from '../../testbed/runner.js';

export interface Counts {
  revoked: number;
  alreadyRevoked: number;
  notFound: number;
  failed: number;
  notAttempted: number;
  total: number;
}

/** The counts in a tally (`5 tokens: 2 revoked, 0 already revoked, 1 not found, 2 failed.`). */
export function tallyOf(text: string): Counts | undefined {
  const m =
    /(\d+) tokens?: (\d+) revoked, (\d+) already revoked, (\d+) not found, (\d+) failed(?:, (\d+) not attempted)?\./.exec(
      text,
    );
  if (!m) return undefined;
  return {
    total: Number(m[1]),
    revoked: Number(m[2]),
    alreadyRevoked: Number(m[3]),
    notFound: Number(m[4]),
    failed: Number(m[5]),
    notAttempted: Number(m[6] ?? 0),
  };
}

/** Each count output and the JSON array it counts. */
const OUTPUTS = {
  revoked: ['revoked', 'revoked-count'],
  alreadyRevoked: ['already-revoked', 'already-revoked-count'],
  notFound: ['not-found', 'not-found-count'],
  failed: ['failed', 'failed-count'],
  notAttempted: ['not-attempted', 'not-attempted-count'],
} as const;

/** The outputs' own counts, each checked against the length of its array. */
export function countsOf(run: StepResult): Counts {
  const o = run.outputs;
  const counts = Object.fromEntries(
    Object.entries(OUTPUTS).map(([key, [array, count]]) => {
      expect(JSON.parse(o[array] ?? '')).toHaveLength(Number(o[count]));
      return [key, Number(o[count])];
    }),
  ) as Omit<Counts, 'total'>;
  const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
  return { ...counts, total };
}

/** No line of the log is a piece of a longer one, and none quotes OpenSSL or a stack. */
export function expectPlainLog(run: StepResult): void {
  expect(run.stdout).not.toContain('%0A'); // a workflow command's escaped line break
  expect(run.stdout).not.toMatch(/routines|SSL_|ssl3_|openssl|deps\/|0A0001/i);
  expect(run.stdout).not.toMatch(/^\s+(at |\S)/m);
  expect(run.stderr).toBe('');
}
