// What the step reports: its outputs and the job summary, built from the settled results.
import type { Settled } from './outcome.js';

export type Outputs = Record<string, string>;

export function outputsOf(settled: readonly Settled[]): Outputs {
  const results = settled.map((s) => s.result);
  const revoked = results.filter((r) => r.outcome === 'revoked').map((r) => r.tokenId);
  const notFound = results.flatMap((r) =>
    r.outcome === 'not-found' ? [{ id: r.tokenId, status: r.status, reqId: r.reqId ?? null }] : [],
  );
  const failed = settled.flatMap(({ result: r, done }) =>
    r.outcome === 'failed' && !done
      ? [
          {
            id: r.tokenId,
            status: r.status ?? null,
            error: r.error ?? null,
            reqId: r.reqId ?? null,
          },
        ]
      : [],
  );
  const only = settled.length === 1 ? settled[0] : undefined;
  return {
    message: only ? messageOf(only) : batchMessage(settled),
    'request-id': only && 'reqId' in only.result ? (only.result.reqId ?? '') : '',
    revoked: JSON.stringify(revoked),
    'not-found': JSON.stringify(notFound),
    failed: JSON.stringify(failed),
    'revoked-count': String(revoked.length),
    'not-found-count': String(notFound.length),
    'failed-count': String(failed.length),
  };
}

function messageOf({ result, line }: Settled): string {
  return result.outcome === 'failed' ? line : result.message;
}

function batchMessage(settled: readonly Settled[]): string {
  const done = settled.filter((s) => s.done).length;
  return `${done} of ${settled.length} tokens revoked or already gone; ${settled.length - done} failed.`;
}

export interface SummaryTable {
  heading: string;
  rows: string[][];
}

/** One row per token: what happened, the HTTP status and reqId that support will ask for. */
export function summaryOf(settled: readonly Settled[]): SummaryTable {
  const rows = settled.map(({ result, done }) => [
    result.tokenId,
    resultLabel(result.outcome, done),
    result.status === undefined ? '—' : String(result.status),
    'reqId' in result && result.reqId ? result.reqId : '—',
  ]);
  return {
    heading: `Infisical token revocation: ${settled.filter((s) => s.done).length} of ${settled.length} done`,
    rows: [['Token', 'Result', 'HTTP status', 'reqId'], ...rows],
  };
}

function resultLabel(outcome: Settled['result']['outcome'], done: boolean): string {
  if (outcome === 'revoked') return '✅ revoked';
  if (outcome === 'not-found') return done ? '➖ already gone' : '❌ not found';
  return done ? '➖ already expired' : '❌ failed';
}
