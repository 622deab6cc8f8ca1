// The step's outputs, each keyed by its name in action.yml, from the settled results and the
// verdict (the same counts the log and the summary give).
import type { Outputs } from '../names.js';
import type { Run } from './run.js';
import type { Verdict } from './verdict.js';

export function outputsOf(run: Run, verdict: Verdict): Outputs {
  const results = run.settled.map((s) => s.result);
  const revoked = results.filter((r) => r.outcome === 'revoked').map((r) => r.tokenId);
  const answered = (r: (typeof results)[number]) => ({
    id: r.tokenId,
    status: r.status ?? null,
    reqId: r.reqId ?? null,
  });
  const alreadyRevoked = results.flatMap((r) =>
    r.outcome === 'already-revoked' || r.outcome === 'expired' ? [answered(r)] : [],
  );
  const notFound = results.flatMap((r) => (r.outcome === 'not-found' ? [answered(r)] : []));
  const failed = results.flatMap((r) =>
    r.outcome === 'failed'
      ? [
          {
            id: r.tokenId,
            status: r.status ?? null,
            error: r.errorName ?? null,
            reqId: r.reqId ?? null,
            // Cut off by a cancel: it may have been revoked. Still failed: nobody takes it as done.
            ...(r.outcomeUnknown ? { outcomeUnknown: true } : {}),
          },
        ]
      : [],
  );
  const notAttempted = results.filter((r) => r.outcome === 'not-attempted').map((r) => r.tokenId);
  const only = run.settled.length === 1 ? run.settled[0] : undefined;
  const chosen = run.selection?.chosen.chosen ?? [];
  const chosenIds = new Set(chosen.map((token) => token.id));
  const selected: object[] = chosen.map((token) => ({
    id: token.id,
    name: token.name,
    createdAt: token.createdAt.toISOString(),
    identityId: token.identityId,
  }));
  // A dry run lists the tokens named in token-id too, with what the server showed of each.
  for (const looked of run.dryRun ?? []) {
    if (looked.self) selected.push({ id: looked.tokenId, self: true, state: looked.state });
    else if (!chosenIds.has(looked.tokenId)) {
      selected.push({ id: looked.tokenId, state: looked.state });
    }
  }
  return {
    message: verdict.message,
    selected: JSON.stringify(selected),
    'request-id': only?.result.reqId ?? '',
    revoked: JSON.stringify(revoked),
    'already-revoked': JSON.stringify(alreadyRevoked),
    'not-found': JSON.stringify(notFound),
    failed: JSON.stringify(failed),
    'not-attempted': JSON.stringify(notAttempted),
    'revoked-count': String(revoked.length),
    'already-revoked-count': String(alreadyRevoked.length),
    'not-found-count': String(notFound.length),
    'failed-count': String(failed.length),
    'not-attempted-count': String(notAttempted.length),
  };
}
