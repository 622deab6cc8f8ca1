// The step's outputs, each keyed by its name in action.yml, from the settled results and the
// verdict (the same counts the log and the summary give).
import type { Outputs } from '../names.js';
import type { Run } from './run.js';
import type { Verdict } from './verdict.js';

export function outputsOf(run: Run, verdict: Verdict): Outputs {
  const results = run.settled.map((s) => s.result);
  const revoked = results.filter((r) => r.outcome === 'revoked').map((r) => r.tokenId);
  const gone = results.flatMap((r) =>
    r.outcome === 'not-found' || r.outcome === 'expired'
      ? [{ id: r.tokenId, status: r.status ?? null, reqId: r.reqId ?? null }]
      : [],
  );
  const failed = results.flatMap((r) =>
    r.outcome === 'failed'
      ? [
          {
            id: r.tokenId,
            status: r.status ?? null,
            error: r.errorName ?? null,
            reqId: r.reqId ?? null,
          },
        ]
      : [],
  );
  const notAttempted = results.filter((r) => r.outcome === 'not-attempted').map((r) => r.tokenId);
  const only = run.settled.length === 1 ? run.settled[0] : undefined;
  const selected = (run.selection?.chosen.chosen ?? []).map((token) => ({
    id: token.id,
    name: token.name,
    createdAt: token.createdAt.toISOString(),
    identityId: token.identityId,
  }));
  return {
    message: verdict.message,
    selected: JSON.stringify(selected),
    'request-id': only?.result.reqId ?? '',
    revoked: JSON.stringify(revoked),
    'not-found': JSON.stringify(gone),
    failed: JSON.stringify(failed),
    'not-attempted': JSON.stringify(notAttempted),
    'revoked-count': String(revoked.length),
    'not-found-count': String(gone.length),
    'failed-count': String(failed.length),
    'not-attempted-count': String(notAttempted.length),
  };
}
