// One phase's work, between the runner's edges: get an access token (given, or a login of the
// action's own), revoke the named tokens, and revoke the login again, whatever happened. Plain
// values in, a report out; main.ts alone talks to the runner.
import { tokenIdOfAccessToken } from './inputs/access-token.js';
import type { AttemptContext } from './calls/attempt.js';
import type { Cancellation } from './stop/cancel.js';
import { createHttp, type Http, type Send } from './http/client.js';
import type { Inputs } from './inputs/index.js';
import { logIn, LoginError, type Session } from './login/index.js';
import { settle, type Policy, type Settled } from './revoke/settle.js';
import { RateLimitPacer } from './calls/pacer.js';
import type { Run } from './report/index.js';
import { sleepUnless } from './calls/backoff.js';
import { notAttempted, revokeAll, targetsOf } from './revoke/all.js';
import { describeTarget, revokeToken, UNNAMED_SELF } from './revoke/one.js';
import { choose, fullListWarning, listAll, type Selection } from './select/index.js';
import { Stopping } from './stop/stopping.js';

export interface StepDeps {
  /** A line for the log (masked by the caller). */
  log: (line: string) => void;
  /** A warning annotation (masked by the caller). */
  warn: (line: string) => void;
  /** Masks a secret learned while running. */
  mask: (secret: string) => void;
  getIdToken: (audience: string | undefined) => Promise<string>;
  cancellation: Pick<Cancellation, 'signal' | 'urgent'>;
  /** One token is settled; `total` tokens in all. */
  settled: (outcome: Settled, total: number) => void;
}

export async function revokeNamed(inputs: Inputs, deps: StepDeps): Promise<Run> {
  const http = createHttp({
    timeoutMs: inputs.timeoutSeconds * 1000,
    extraHeaders: inputs.extraHeaders,
  });
  const stopping = new Stopping(deps.cancellation, http.abort, deps.log);
  const attempts = attemptContext(inputs, http.send, stopping.signal, deps.log);
  const policy: Policy = { ignoreNotFound: inputs.ignoreNotFound };
  const named = { tokenIds: inputs.tokenIds, self: inputs.self };
  try {
    let session: Session;
    try {
      session = await logIn(inputs.credentials)({
        server: inputs.server,
        attempts,
        getIdToken: deps.getIdToken,
        mask: deps.mask,
        warn: deps.warn,
        timeoutMs: inputs.timeoutSeconds * 1000,
      });
    } catch (error) {
      if (!(error instanceof LoginError)) throw error;
      stopping.halt({ kind: 'login', reason: error.message });
      return { settled: notAttempted(named, '', policy), stop: stopping.stop };
    }
    if (session.login) {
      deps.log(
        `Logged in to Infisical with ${session.login.as}; the login's access token is masked and is revoked when this step ends.`,
      );
    }
    let settled: Settled[] = [];
    let logout: Run['logout'];
    let selection: Run['selection'];
    try {
      const selected = inputs.selection?.identityIds.length
        ? await selectTokens(inputs.selection, session.accessToken, {
            inputs,
            attempts,
            stopping,
            deps,
          })
        : undefined;
      selection = selected;
      const chosen = selected?.chosen.chosen.map((token) => token.id) ?? [];
      const tokenIds = [...new Set([...inputs.tokenIds, ...chosen])];
      if (inputs.selection?.dryRun) {
        // What a real run would revoke, in its order, the access token's own token folded in.
        const { batch, last } = targetsOf({ tokenIds, self: inputs.self }, session.accessToken);
        const dryRun = last ? [...batch, last] : batch;
        for (const target of dryRun) deps.log(`Dry run: would revoke ${describeTarget(target)}.`);
        selection = {
          ...(selected ?? { listed: [], chosen: { identities: [], chosen: [] } }),
          dryRun,
        };
      } else {
        settled = await revokeAll({ tokenIds, self: inputs.self }, policy, {
          ...attempts,
          server: inputs.server,
          accessToken: session.accessToken,
          concurrency: inputs.concurrency,
          stopping,
          settled: deps.settled,
        });
      }
    } finally {
      // Also after a failure or a cancel: a login left live is a credential nobody watches.
      if (session.login) logout = await logOut(session, inputs, deps);
    }
    return { settled, stop: stopping.stop, logout, selection };
  } finally {
    stopping.dispose();
    http.close();
  }
}

/**
 * Lists every identity named, all pages, and chooses by the filters; nothing is revoked here.
 * Lists are read-class on Infisical Cloud, with a budget of their own: a pacer of their own.
 */
async function selectTokens(
  selection: Selection,
  accessToken: string,
  {
    inputs,
    attempts,
    stopping,
    deps,
  }: { inputs: Inputs; attempts: AttemptContext; stopping: Stopping; deps: StepDeps },
): Promise<NonNullable<Run['selection']>> {
  const reads = attemptContext(inputs, attempts.send, stopping.signal, deps.log);
  deps.log(
    `Listing the Token Auth tokens of ${plural(selection.identityIds.length, 'identity', 'identities')}.`,
  );
  const listed = await listAll(selection.identityIds, {
    ...reads,
    server: inputs.server,
    accessToken,
  });
  const refused = listed.find((list) => list.refused);
  if (refused?.error) stopping.halt({ kind: 'refused', reason: refused.error });
  const ownTokenId = tokenIdOfAccessToken(accessToken)?.toLowerCase();
  const chosen = choose(listed, selection, { now: Date.now(), ownTokenId });
  for (const [index, list] of listed.entries()) {
    const choice = chosen.identities[index];
    if (list.error) continue;
    deps.log(
      `Identity ${list.identityId}: listed ${plural(list.tokens.length, 'token', 'tokens')}; chose ${choice?.chosen.length ?? 0}.`,
    );
    for (const note of choice?.notes ?? []) deps.log(`Identity ${list.identityId}: ${note}`);
    if (list.full) deps.warn(fullListWarning(list.identityId));
  }
  return { listed, chosen };
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

function attemptContext(
  inputs: Inputs,
  send: Send,
  stop: AbortSignal,
  log: (line: string) => void,
): AttemptContext {
  const sleep = sleepUnless(stop);
  return {
    retries: inputs.retries,
    send,
    pacer: new RateLimitPacer({ now: Date.now, sleep }),
    sleep,
    log,
    stop,
  };
}

/**
 * Revokes the action's own login. It runs after the batch, with a client of its own (the batch's
 * may have been cut off by a cancel), and stops only on the runner's second signal.
 */
async function logOut(session: Session, inputs: Inputs, deps: StepDeps): Promise<Run['logout']> {
  const http: Http = createHttp({
    timeoutMs: inputs.timeoutSeconds * 1000,
    extraHeaders: inputs.extraHeaders,
  });
  const onUrgent = (): void => http.abort();
  deps.cancellation.urgent.addEventListener('abort', onUrgent);
  try {
    const tokenId = tokenIdOfAccessToken(session.accessToken)?.toLowerCase() ?? UNNAMED_SELF;
    const result = await revokeToken(
      { tokenId, self: true },
      {
        ...attemptContext(inputs, http.send, deps.cancellation.urgent, deps.log),
        server: inputs.server,
        accessToken: session.accessToken,
      },
    );
    // The login's token is ours: already revoked or expired is as good as revoked.
    const { done } = settle(result, { ignoreNotFound: true });
    const as = session.login?.as ?? 'the login';
    if (done) return { done, line: `Revoked the login token (${as}).` };
    const expiresAt = session.login?.expiresAt;
    const until = expiresAt
      ? `until it expires at ${expiresAt.toISOString()} (in ${describeDuration(expiresAt.getTime() - Date.now())})`
      : 'until it expires';
    return {
      done,
      line: `Could not revoke the login token (${as}): ${result.status === undefined ? '' : `${result.status} `}${result.message.replace(/\.$/, '')}. It stays live ${until}: revoke it in Infisical (the identity's access tokens), or let it expire.`,
    };
  } finally {
    deps.cancellation.urgent.removeEventListener('abort', onUrgent);
    http.close();
  }
}

function describeDuration(ms: number): string {
  const minutes = Math.max(1, Math.round(ms / 60_000));
  if (minutes < 120) return `${minutes} minutes`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours} hours` : `${Math.round(hours / 24)} days`;
}
