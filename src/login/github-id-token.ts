// GitHub's ID token for an OIDC login, asked for with the action's own HTTP client rather than
// @actions/core's getIDToken: that one cannot be aborted and has only http-client's 3-minute socket
// timeout (none at all against a service that trickles bytes), so a hung ID-token service kept the
// step's process alive long after it had finished. Here the request has timeout-seconds for the
// whole exchange, a capped answer, the run's cancel, and the retry policy of every other call.
// The request is the one @actions/core's OidcClient sends: GET <ACTIONS_ID_TOKEN_REQUEST_URL> with
// `audience=<aud>` appended, the request token as bearer, `Accept: application/json`; the answer
// is `{"value": "<jwt>"}`. The service is GitHub's, not Infisical's: its answers are read here,
// from the wire, and an error answer is shown as one escaped line that never holds a token.
import { STATUS_CODES } from 'node:http';
import { attempt, type AttemptContext } from '../calls/attempt.js';
import type { Answer, Request } from '../http/index.js';
import { looksLikeJwt } from '../jwt.js';
import { quotePrefix } from '../text/echo.js';
import { piecesOf, withoutPieces } from '../text/redact.js';
import { oneLine, plural } from '../text/words.js';
import { LoginError } from './session.js';

/** What the runner gives a job with `permissions: id-token: write` (read by main.ts only). */
export interface IdTokenSource {
  /** ACTIONS_ID_TOKEN_REQUEST_URL */
  url: string;
  /** ACTIONS_ID_TOKEN_REQUEST_TOKEN */
  token: string;
}

/** Without the runner's variables there is no way to ask: say what gives them. */
export const NO_ID_TOKEN_SOURCE =
  'method: oidc needs a GitHub ID token, and this job cannot ask for one: give the job (or the workflow) permissions: id-token: write. Pull requests from forks never get one.';

/** The most of an error answer a line quotes: enough to tell a proxy's page from GitHub's words. */
export const ID_TOKEN_EXCERPT_CHARS = 100;

/** An ID token is 1–2 KB: anything far larger is not the service's answer. */
const MAX_ID_TOKEN_ANSWER_BYTES = 16 * 1024;

const LEAD = 'Could not get a GitHub ID token for the OIDC login';

/** The request for an ID token with `audience` (GitHub's default audience when none is asked). */
export function idTokenRequest(source: IdTokenSource, audience?: string): Request {
  const url =
    audience === undefined || audience === ''
      ? source.url
      : `${source.url}${source.url.includes('?') ? '&' : '?'}audience=${encodeURIComponent(audience)}`;
  return { method: 'GET', url, bearerToken: source.token, maxBytes: MAX_ID_TOKEN_ANSWER_BYTES };
}

export type IdTokenVerdict = { kind: 'ok'; idToken: string } | { kind: 'failed'; reason: string };

/**
 * What an answer of the ID-token service means. A 200 is never quoted, whatever its shape: it may
 * carry a token under any name. Any other answer is its status and a short excerpt, with the
 * request token (in every form it could be echoed in) and anything shaped like a JWT taken out
 * before the excerpt is cut, so that no piece of either is left.
 */
export function judgeIdToken(answer: Answer, source: IdTokenSource): IdTokenVerdict {
  const { status } = answer;
  const head = `${status} ${STATUS_CODES[status] ?? 'Unknown Status'}`;
  if (status === 200) {
    const value = answer.truncated ? undefined : valueOf(answer.body);
    if (value !== undefined && looksLikeJwt(value)) return { kind: 'ok', idToken: value };
    const got = answer.truncated
      ? 'an answer larger than an ID token can be (cut off)'
      : value === undefined
        ? 'no ID token in it (JSON with a string "value" was expected)'
        : 'a "value" that is not a JWT';
    return { kind: 'failed', reason: `was answered ${head}, but with ${got}` };
  }
  if (status >= 300 && status < 400) {
    // Its Location may carry credentials of its own; redirects are not followed anyway.
    return { kind: 'failed', reason: `was answered ${head}: a redirect, which is not followed` };
  }
  const text = oneLine(withoutSecrets(answer.body, source.token));
  return {
    kind: 'failed',
    reason:
      text === ''
        ? `was answered ${head} (empty answer)`
        : `was answered ${head}: ${quotePrefix(text, ID_TOKEN_EXCERPT_CHARS)}`,
  };
}

/**
 * Asks for the ID token, retried as every call is (network errors, 429 and 5xx answers), and masks
 * it the moment it is read. Every failure is a LoginError of one line; `stopped` when the run was
 * cancelled first or while the request was in flight.
 */
export function githubIdToken(
  source: IdTokenSource | undefined,
  ctx: AttemptContext,
  mask: (secret: string) => void,
): (audience: string | undefined) => Promise<string> {
  return async (audience) => {
    if (source === undefined) throw new LoginError(NO_ID_TOKEN_SOURCE);
    const origin = originOf(source.url);
    // The runner masks its request token too; this keeps it out if a runner does not.
    mask(source.token);
    const done = await attempt(idTokenRequest(source, audience), 'get a GitHub ID token', ctx);
    const stopped = 'Could not get a GitHub ID token: the run was stopped first.';
    if (done.kind === 'stopped') throw new LoginError(stopped, true);
    const to = `the ID-token request to ${origin}`;
    if (done.kind === 'no-answer') {
      // A cancel cuts requests in flight off: that is the stop, not the service's failure.
      if (ctx.stop.aborted) throw new LoginError(stopped, true);
      throw new LoginError(
        `${LEAD}: ${to} failed after ${plural(done.attempts, 'attempt')}: ${done.error.message.replace(/\.$/, '')}.`,
      );
    }
    const verdict = judgeIdToken(done.answer, source);
    if (verdict.kind === 'failed') throw new LoginError(`${LEAD}: ${to} ${verdict.reason}.`);
    mask(verdict.idToken);
    return verdict.idToken;
  };
}

/** Where the request goes, for messages: scheme, host and port only (the path names the job). */
function originOf(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new LoginError(`${LEAD}: ACTIONS_ID_TOKEN_REQUEST_URL is not a URL.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new LoginError(`${LEAD}: ACTIONS_ID_TOKEN_REQUEST_URL is not an http(s) URL.`);
  }
  return url.origin;
}

function valueOf(body: string): string | undefined {
  try {
    const json: unknown = JSON.parse(body);
    if (typeof json !== 'object' || json === null || Array.isArray(json)) return undefined;
    const { value } = json as { value?: unknown };
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

/** JWT-shaped runs (an ID token, whole or from its start): `eyJ`, then base64url and dots. */
const JWT_LIKE = /eyJ[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]*){0,2}/g;

/**
 * `body` with every piece of the request token (as sent, URL-encoded or JSON-escaped) that is
 * SECRET_PIECE_CHARS or longer, a bearer credential of any kind, and every JWT-like run replaced
 * by `***`. Pieces, not only the whole: a page that echoes the request's headers may have cut the
 * token itself, and the runner masks a secret only where it appears whole.
 */
export function withoutSecrets(body: string, requestToken: string): string {
  const forms = [
    requestToken,
    encodeURIComponent(requestToken),
    JSON.stringify(requestToken).slice(1, -1),
  ];
  const text = withoutPieces(body, piecesOf(forms));
  return text.replace(/\b(Bearer|Basic)\s+[^\s"',;]+/gi, '$1 ***').replace(JWT_LIKE, '***');
}
