// One phase's work, between the runner's edges: get an access token (given, or a login of the
// action's own), choose and revoke the tokens, and revoke the login again, whatever happened.
// Everything derived once (the HTTP client, the stop signal, the policy, the access token's own
// id) is derived here and handed down as plain values; each stage returns what the next needs.
import type { AttemptContext } from './calls/attempt.js';
import { sleepUnless } from './calls/backoff.js';
import { RateLimitPacer } from './calls/pacer.js';
import { createHttp, type Send } from './http/index.js';
import type { Inputs } from './inputs/index.js';
import { tokenIdOfAccessToken } from './jwt.js';
import {
  githubIdToken,
  IMDS_TIMEOUT_MS,
  logIn,
  LoginError,
  type AwsEnvironment,
  type IdTokenSource,
  type Session,
} from './login/index.js';
import { actingOf, type Run } from './report/index.js';
import { notAttempted, revokeAll } from './revoke/all.js';
import { logOut, type Logout } from './revoke/logout.js';
import type { Policy, Settled } from './revoke/settle.js';
import { lookUp } from './revoke/dry-run.js';
import { clientSecretTarget, inOrder, planOf, type Target } from './revoke/target.js';
import { Feed } from './calls/feed.js';
import { ownSecretOf, selectCredentials, type Chose, type Selected } from './select/index.js';
import type { Cancellation } from './stop/cancel.js';
import { Stopping } from './stop/stopping.js';
import { wrapUpAfterCancel } from './stop/wrap-up.js';
import { redacting } from './text/redact-answers.js';
import type { Redactor } from './text/redact.js';

export interface StepDeps {
  /** A line for the log (masked by the caller). */
  log: (line: string) => void;
  /** A warning annotation (masked by the caller). */
  warn: (line: string) => void;
  /** Masks a secret learned while running. */
  mask: (secret: string) => void;
  /** Replaces every known secret in server text: each answer is read through it as it arrives. */
  redact?: Redactor;
  /**
   * Where this job may ask GitHub for an ID token (ACTIONS_ID_TOKEN_REQUEST_URL and _TOKEN), read
   * at the runner's edge; undefined without `permissions: id-token: write`.
   */
  idTokenRequest?: IdTokenSource;
  /** The runner's AWS variables (method: aws-iam), read at the runner's edge. */
  aws?: AwsEnvironment;
  /** Reads a text file (the service account token of method: kubernetes), from the runner's edge. */
  readTextFile?: (path: string) => Promise<string>;
  cancellation: Pick<Cancellation, 'signal' | 'urgent'>;
  /** One token is settled; `total` tokens in all. */
  settled: (outcome: Settled, total: number) => void;
}

export async function runPhase(inputs: Inputs, deps: StepDeps): Promise<Run> {
  const { server, named } = inputs;
  const timeoutMs = inputs.timeoutSeconds * 1000;
  const http = createHttp({ timeoutMs, extraHeaders: inputs.extraHeaders });
  // GitHub's ID-token service has a client of its own: extra-headers (a Cloudflare Access
  // secret, say) are for the way to Infisical, and must not reach anyone else.
  const github = createHttp({ timeoutMs });
  // The instance metadata service, likewise (method: aws-iam): a deadline of its own, so that a
  // runner off EC2 learns in seconds that there is no instance role.
  const imds = createHttp({ timeoutMs: Math.min(timeoutMs, IMDS_TIMEOUT_MS) });
  const cutOff = (): void => {
    http.close();
    github.close();
    imds.close();
  };
  const stopping = new Stopping(deps.cancellation, cutOff, deps.log);
  // The logout's deadline after a cancel counts from the signal, which may come mid-batch.
  const wrapUp = wrapUpAfterCancel(deps.cancellation);
  // Answers are redacted as they arrive, before anything cuts an excerpt out of them.
  const calls = (send: Send, stop: AbortSignal) =>
    attemptContext(inputs.retries, redacting(send, deps.redact), stop, deps.log);
  const writes = calls(http.send, stopping.signal);
  const policy: Policy = { ignoreNotFound: inputs.ignoreNotFound };
  try {
    let session: Session;
    try {
      session = await logIn(inputs.credentials)({
        server,
        attempts: writes,
        getIdToken: githubIdToken(
          deps.idTokenRequest,
          calls(github.send, stopping.signal),
          deps.mask,
        ),
        mask: deps.mask,
        warn: deps.warn,
        timeoutMs,
        aws: deps.aws,
        imds: imds.send,
        readTextFile: deps.readTextFile,
      });
    } catch (error) {
      if (!(error instanceof LoginError)) throw error;
      stopping.halt({ kind: 'login', reason: error.message });
      return {
        settled: notAttempted(planOf(named, undefined), policy),
        stopped: stopping.reason,
        // Who tried, and with which filters: the record of a refused login too.
        acting: actingOf(inputs.credentials),
        filters: inputs.selection,
      };
    } finally {
      // Asked once, at the login: no idle connection to GitHub (or IMDS) is kept for the rest of the run.
      github.close();
      imds.close();
    }
    const { accessToken, login } = session;
    const ownTokenId = tokenIdOfAccessToken(accessToken);
    if (login) {
      deps.log(
        `Logged in to Infisical with ${login.as}; the login's access token is masked and is revoked when this step ends.`,
      );
    }
    let settled: Settled[] = [];
    let logout: Logout | undefined;
    let selected: Selected | undefined;
    let dryRun: Run['dryRun'];
    try {
      const plan = planOf(named, ownTokenId);
      const namedIds = new Set(named.tokenIds);
      // Each identity's choice, handed on as its list completes: a token named in token-id too
      // is revoked once, where token-id put it.
      const feed = new Feed<Target>();
      const chose = (choice: Chose): void => {
        if ('tokens' in choice) {
          const fresh = choice.tokens.filter((token) => !namedIds.has(token.id));
          feed.push(...fresh.map((token) => ({ tokenId: token.id, self: false })));
        } else {
          feed.push(
            ...choice.secrets.map((secret) => clientSecretTarget(secret.id, secret.identityId)),
          );
        }
      };
      // Kept, not thrown, while the revokes run: a rejection nobody awaits yet would end the
      // process before the login is revoked. Thrown once they are done.
      let selectionFailed: { error: unknown } | undefined;
      const selecting = inputs.selection
        ? selectCredentials(
            inputs.selection,
            {
              // Reads have a budget of their own on Infisical Cloud: a pacer of their own.
              ...calls(http.send, stopping.signal),
              server,
              accessToken,
              ownTokenId,
              isOwnSecret: ownSecretOf(accessToken, inputs.credentials),
              warn: deps.warn,
            },
            chose,
          ).then(
            (found) => {
              selected = found;
              if (found.refused) stopping.halt({ kind: 'refused', reason: found.refused });
              // The tokens named in token-id go once every list is read: a named token may be
              // of an identity still being listed, and its revoke would move its row there.
              feed.push(...plan.batch);
              feed.end();
            },
            (error: unknown) => {
              selectionFailed = { error };
              feed.end();
            },
          )
        : undefined;
      if (!selecting) feed.end();
      const selectionDone = async (): Promise<void> => {
        await selecting;
        if (selectionFailed) throw selectionFailed.error;
      };
      if (inputs.dryRun) {
        await selectionDone();
        const chosen = selected?.chosen.chosen.map((token) => token.id) ?? [];
        const fresh = chosen.filter((id) => !namedIds.has(id));
        // What a real run would find, in its order, the access token's own token folded in.
        dryRun = await lookUp(
          inOrder({
            ...plan,
            batch: [...plan.batch, ...fresh.map((tokenId) => ({ tokenId, self: false }))],
          }),
          {
            ...calls(http.send, stopping.signal),
            server,
            accessToken,
            listedLive: new Set(chosen),
            halt: (stop) => stopping.halt(stop),
          },
        );
      } else {
        // The first revoke waits for the first identity's list (or for the selection to end):
        // a list that the server refuses stops the run before any token is revoked.
        await feed.ready;
        settled = await revokeAll(
          selecting ? { ...plan, batch: [] } : plan,
          policy,
          {
            ...writes,
            reads: inputs.verify ? calls(http.send, stopping.signal) : undefined,
            server,
            accessToken,
            concurrency: inputs.concurrency,
            stopping,
            settled: deps.settled,
          },
          feed,
        );
        await selectionDone();
      }
    } finally {
      // Also after a failure or a cancel: a login left live is a credential nobody watches.
      if (login) {
        const own = createHttp({ timeoutMs, extraHeaders: inputs.extraHeaders });
        // Not stopped by the first signal (the login must still be revoked), but by the second, or
        // by the deadline after a cancel (stop/wrap-up.ts): the step ends before the runner kills it.
        const stop = wrapUp.signal;
        const onStop = (): void => own.close();
        if (stop.aborted) onStop();
        else stop.addEventListener('abort', onStop);
        try {
          logout = await logOut(login, ownTokenId, {
            ...calls(own.send, stop),
            reads: inputs.verify ? calls(own.send, stop) : undefined,
            server,
            accessToken,
          });
        } finally {
          stop.removeEventListener('abort', onStop);
          own.close();
        }
      }
    }
    const selection = selected && {
      listed: selected.listed,
      chosen: selected.chosen,
      sweep: selected.sweep,
      secrets: selected.secrets,
    };
    return {
      ...{ settled, stopped: stopping.reason, logout, selection, dryRun },
      acting: actingOf(inputs.credentials, accessToken),
      filters: inputs.selection,
    };
  } finally {
    stopping.dispose();
    wrapUp.dispose();
    http.close();
    github.close();
    imds.close();
  }
}

function attemptContext(
  retries: number,
  send: Send,
  stop: AbortSignal,
  log: (line: string) => void,
): AttemptContext {
  const sleep = sleepUnless(stop);
  return { retries, send, pacer: new RateLimitPacer({ now: Date.now, sleep }), sleep, log, stop };
}
