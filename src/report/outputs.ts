// The step's outputs, each keyed by its name in action.yml, from the settled results and the
// verdict (the same counts the log and the summary give).
import type { Outputs } from '../names.js';
import type { Run } from './run.js';
import type { Verdict } from './verdict.js';

export function outputsOf(run: Run, verdict: Verdict): Outputs {
  // Tokens and client secrets apart: a client secret is never in a token output.
  const results = run.settled.map((s) => s.result).filter((r) => r.clientSecretOf === undefined);
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
  const secrets = clientSecretsOf(run);
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
    'client-secrets': JSON.stringify(secrets),
    'revoked-client-secret-count': String(secrets.filter((s) => s.outcome === 'revoked').length),
    'failed-client-secret-count': String(secrets.filter((s) => s.outcome === 'failed').length),
  };
}

/**
 * Every client secret chosen, with what became of it. Its description is what a user typed; its
 * prefix (the secret's first characters) is never reported.
 */
function clientSecretsOf(run: Run): Array<{ outcome: string }> {
  const results = new Map(
    run.settled
      .filter((s) => s.result.clientSecretOf !== undefined)
      .map((s) => [s.result.tokenId, s.result]),
  );
  return (run.selection?.secrets?.chosen.chosen ?? []).map((secret) => {
    const result = results.get(secret.id);
    return {
      id: secret.id,
      identityId: secret.identityId,
      description: secret.description,
      createdAt: secret.createdAt.toISOString(),
      outcome: run.dryRun ? 'selected' : (result?.outcome ?? 'not-attempted'),
      status: result?.status ?? null,
      reqId: result?.reqId ?? null,
      ...(result?.outcomeUnknown ? { outcomeUnknown: true } : {}),
    };
  });
}
