// What every Infisical answer has in common, whatever the route: the error body, the statuses worth
// another attempt, and the traps in front of the API (the web app's 200 HTML page on a wrong path,
// a gateway's page, a redirect, Fastify's 404 for an unknown route, 422's array of issues). Each
// route family's own module (token-auth.ts, token.ts) decides what its answers mean beyond this.
import { STATUS_CODES } from 'node:http';
import { EXCERPT_CHARS } from '../defaults.js';
import { headerValue, type Answer } from '../http/index.js';
import { serverText } from '../text/server-text.js';
import { oneLine } from '../text/words.js';

export type { Answer } from '../http/index.js';

/** Infisical's error body: `{reqId, statusCode, message, error[, details]}`. */
export interface InfisicalError {
  reqId?: string;
  error?: string;
  message: string;
}

/** A request that did not do what it was sent for, in one sentence and what helps. */
export interface Failure {
  status: number;
  reqId?: string;
  /** Infisical's error name (`error` in its body), when it sent one. */
  errorName?: string;
  /** One readable sentence of what the server said. */
  message: string;
  hint?: string;
  /** The server refused the access token itself: every further request would be refused too. */
  refused?: boolean;
}

/** How an answer reads before the route gives it a meaning. */
export type Reading =
  | { kind: 'ok'; json: unknown }
  | { kind: 'error'; status: number; error: InfisicalError }
  | ({ kind: 'failed' } & Failure);

export const HINTS = {
  serverUrl:
    'Check server-url: it should be the base URL of your Infisical server, such as https://app.infisical.com.',
  accessToken:
    'The access token is missing, expired or revoked: create a fresh one for the identity that revokes.',
  redirect:
    'Redirects are not followed, so that the access token only goes to server-url: set server-url to the address the server points to.',
  permissionBoundary:
    "Infisical's privilege boundary: the identity behind the access token must hold every permission that the identity it acts on holds. Give it a role at least as broad as that identity's, or leave that identity out (identity-name, or ids instead of all).",
} as const;

/** Infisical's 403 for an actor with fewer permissions than the identity it acts on. */
export function isPermissionBoundary(status: number, error: InfisicalError): boolean {
  return status === 403 && error.error === 'PermissionBoundaryError';
}

/**
 * Reads an answer: a 200 whose JSON the route accepts is `ok`; Infisical's own error body is
 * `error`, for the route to judge; anything else (HTML, a redirect, another shape, a gateway's
 * page, an unknown route) has `failed` and says why.
 */
export function readAnswer(
  answer: Answer,
  accepts: (json: unknown) => boolean,
  /** What the route's answer is called, for messages: 'a revoke answer'. */
  what: string,
  /**
   * Whether a body may be quoted. Not a login route's: whatever its shape, it may carry a new token
   * under a name of its own (`access_token`), or the client secret echoed back in any form.
   * `quoteBodies: false` quotes no body (JSON is shown by its keys alone, anything else not at
   * all) but still reads Infisical's error body: a client secret's row carries its prefix, a
   * piece of the secret, in any shape a server sends it, a proxy's mangled copy included.
   */
  { quote = true, quoteBodies = quote }: { quote?: boolean; quoteBodies?: boolean } = {},
): Reading {
  const { status } = answer;
  const json = parseJson(answer);
  const shown = (body: string): string =>
    quote && quoteBodies
      ? excerpt(body)
      : json !== undefined
        ? shapeOf(json)
        : `${looksLikeHtml(body) ? 'an HTML page' : 'a body that is not JSON'} (not shown)`;
  if (status === 200) {
    if (json !== undefined && accepts(json)) return { kind: 'ok', json };
    const got = answer.truncated
      ? `an answer larger than ${what} can be (cut off)`
      : looksLikeHtml(answer.body)
        ? "an HTML page, not Infisical's API (a wrong server-url reaches its web app)"
        : json === undefined
          ? `a body that is not JSON${quote && quoteBodies ? `: ${excerpt(answer.body)}` : quote ? ' (not shown)' : ''}`
          : `JSON that is not ${what}: ${shown(answer.body)}`;
    return { kind: 'failed', status, message: `OK, but ${got}`, hint: HINTS.serverUrl };
  }
  if (status >= 300 && status < 400) {
    const location = headerValue(answer.headers, 'location');
    const where = location
      ? `redirected to ${describeLocation(location, quote)}`
      : 'a redirect with no Location';
    return {
      kind: 'failed',
      status,
      message: `${statusText(status)}: ${where}`,
      hint: HINTS.redirect,
    };
  }
  // A login route's error body is read only when it has nothing but Infisical's own fields.
  const read = quote || onlyErrorFields(json) ? asInfisicalError(json) : undefined;
  const error = read && !quote ? { ...read, message: withoutValues(read.message) } : read;
  if (error === undefined) {
    return {
      kind: 'failed',
      status,
      message:
        answer.body.trim() === ''
          ? `${statusText(status)} (empty answer)`
          : `${statusText(status)} (not Infisical's JSON): ${shown(answer.body)}`,
      hint: status === 404 ? HINTS.serverUrl : undefined,
    };
  }
  // Fastify's own 404 for a route it does not have ("Not Found", with a space): server-url is wrong.
  if (status === 404 && error.error !== 'NotFound') {
    return { kind: 'failed', ...failure(status, error), hint: HINTS.serverUrl };
  }
  return { kind: 'error', status, error };
}

/** An error answer as a failure: status, Infisical's words, the reqId. */
export function failure(status: number, error: InfisicalError, hint?: string): Failure {
  return { status, reqId: error.reqId, errorName: error.error, message: describe(error), hint };
}

/** The answers every bearer route gives when it refuses the access token itself. */
export function refusal(status: number, error: InfisicalError): Failure | undefined {
  if (status === 401 || (status === 403 && error.error === 'TokenError')) {
    return { ...failure(status, error, HINTS.accessToken), refused: true };
  }
  return undefined;
}

function statusText(status: number): string {
  return STATUS_CODES[status] ?? 'Unknown Status';
}

function describe(error: InfisicalError): string {
  return [error.error, error.message].filter(Boolean).join(' — ') || '(no message)';
}

/**
 * A login route's message without any long word made of token characters: Infisical's own words
 * are prose, and a token (the new one, or the client secret echoed) is such a word.
 */
function withoutValues(message: string): string {
  return message.replace(/[A-Za-z0-9+/=_.~%\\"-]{20,}/g, (word) =>
    /\d/.test(word) && /[A-Za-z]/.test(word) ? '(a value, not shown)' : word,
  );
}

/** The fields of Infisical's error body: a body with any other could be something else. */
const ERROR_FIELDS = new Set(['reqId', 'statusCode', 'message', 'error', 'details']);

function onlyErrorFields(json: unknown): boolean {
  return isRecord(json) && Object.keys(json).every((key) => ERROR_FIELDS.has(key));
}

// Every field is server text, escaped here once, so that whatever reads the error after this
// (the retry line, the summary, a settle line) has data and no line breaks: a name or reqId such
// as "\n::stop-commands::x\n" must not reach the log as a line of its own.
function asInfisicalError(json: unknown): InfisicalError | undefined {
  if (!isRecord(json)) return undefined;
  const { reqId, error, message } = json;
  if (typeof error !== 'string' && message === undefined) return undefined;
  return {
    reqId: typeof reqId === 'string' ? serverText(reqId, NAME_CHARS) : undefined,
    error: typeof error === 'string' ? serverText(error, NAME_CHARS) : undefined,
    message: renderMessage(message),
  };
}

/** The most of an error name or reqId shown: Infisical's are short words and ids. */
const NAME_CHARS = 60;

/** 422 answers carry an array of validation issues; everything else a string. */
export function renderMessage(message: unknown): string {
  // One line whatever the server wrote: a log line that spans several is hard to read, and a line
  // of its own that starts with :: would be a workflow command to the runner. Prose, so its line
  // breaks fold to spaces; any other control character is escaped.
  return serverText(oneLine(rawMessage(message)), MESSAGE_CHARS);
}

/** The most of a server's message shown (Infisical's are a sentence; a stack trace is not). */
const MESSAGE_CHARS = 500;

function rawMessage(message: unknown): string {
  if (typeof message === 'string') return message;
  if (message === undefined || message === null) return '';
  if (Array.isArray(message)) return message.map(renderIssue).join('; ');
  return JSON.stringify(message);
}

function renderIssue(issue: unknown): string {
  if (isRecord(issue) && typeof issue.message === 'string') {
    const path = Array.isArray(issue.path) ? issue.path.join('.') : '';
    return path ? `${path}: ${issue.message}` : issue.message;
  }
  return typeof issue === 'string' ? issue : JSON.stringify(issue);
}

function parseJson(answer: Answer): unknown {
  if (answer.truncated) return undefined;
  try {
    return JSON.parse(answer.body);
  } catch {
    return undefined;
  }
}

// A revoke's success schema exactly: `{message: string}` and nothing else. Fastify serialises the
// real answer through that schema, so anything else came from somewhere that is not the route.
export function isMessageAnswer(json: unknown): json is { message: string } {
  return isRecord(json) && typeof json.message === 'string' && Object.keys(json).length === 1;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function looksLikeHtml(body: string): boolean {
  return /^\s*<(!doctype|html|head|body)/i.test(body);
}

/**
 * A short, single-line quote of a body that is not Infisical's JSON (a proxy page, say). The body
 * comes redacted (step.ts redacts every answer as it arrives): the cut here comes after, so it
 * cannot leave a piece of a secret that the redactor would no longer recognise.
 */
export function excerpt(body: string): string {
  const text = oneLine(
    body
      .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
      .replace(/<[^>]*>/g, ' ')
      // Markup stripped, the text of a page is prose: its layout folds to spaces.
      .replace(/\s+/g, ' '),
  );
  if (text === '') return '(no text)';
  return `"${serverText(text, EXCERPT_CHARS)}"`;
}

/**
 * A JSON body by its shape alone, for answers that must not be quoted: its keys when they are
 * plain names (a key could be a token too), never a value.
 */
export function shapeOf(json: unknown): string {
  if (Array.isArray(json)) return 'an array';
  if (!isRecord(json)) return json === undefined ? 'no JSON' : `a JSON ${typeof json}`;
  const keys = Object.keys(json);
  if (keys.length === 0) return 'an empty object';
  const named = keys.filter((key) => PLAIN_KEY.test(key)).slice(0, MAX_KEYS);
  const others = keys.length - named.length;
  const rest = others === 0 ? '' : `${named.length ? ' and ' : ''}${others} other keys`;
  return `an object with keys ${named.join(', ')}${rest} (values not shown)`;
}

/** Keys shown by `shapeOf`: names such as access_token or expiresIn, short and without digits. */
const PLAIN_KEY = /^[A-Za-z][A-Za-z_]{0,31}$/;
const MAX_KEYS = 10;

// A Location may carry a query with credentials of its own: name only where it points. It came
// redacted with the rest of the answer (a token in its path reads `***`), so the cut comes after.
function describeLocation(location: string, withPath: boolean): string {
  try {
    const url = new URL(location);
    // A login's redirect may carry the new token in its path: only its host is said.
    const path = withPath ? url.pathname : '';
    return serverText(`${url.protocol}//${url.host}${path}`, LOCATION_CHARS);
  } catch {
    if (!withPath) return 'a relative address (not shown)';
    // A relative one ("/login?next=…"): its path, without the query either.
    return `"${serverText(location.split(/[?#]/)[0] ?? '', LOCATION_CHARS)}"`;
  }
}

/** The most of a redirect's target shown: its host, and enough of the path to recognise. */
const LOCATION_CHARS = 100;

/** Infisical's one success answer of both revoke routes (the route's schema strips any other field). */
export const REVOKE_SUCCESS = 'Successfully revoked access token';

/** What the answer to a revoke means. */
export type Verdict =
  /** Infisical's exact success answer: JSON `{"message":"Successfully revoked access token"}`. */
  | { kind: 'revoked'; message: string }
  /**
   * A 200 that is not Infisical's success answer (another message, not JSON, another content
   * type): something in front of Infisical may have said it. Only a read-back can tell.
   */
  | { kind: 'unconfirmed'; status: number; message: string; hint?: string }
  /** The token is already revoked, or never was: nothing was revoked now. */
  | { kind: 'gone'; status: number; reqId?: string; errorName?: string; message: string }
  /** The token has expired: it is dead, nothing to revoke. */
  | { kind: 'expired'; status: number; reqId?: string; errorName?: string; message: string }
  | ({ kind: 'failed' } & Failure);

/** An error answer that means the token is gone (or expired), in Verdict form. */
export function goneVerdict(
  kind: 'gone' | 'expired',
  status: number,
  error: InfisicalError,
): Verdict {
  return { kind, status, reqId: error.reqId, errorName: error.error, message: error.message };
}

/**
 * What a 200 to a revoke says: Infisical's exact success answer (JSON, its one message), or an
 * answer that only a read-back can confirm, with what it was.
 */
export function judgeRevokeSuccess(answer: Answer): Verdict | undefined {
  if (answer.status !== 200) return undefined;
  const reading = readAnswer(answer, isMessageAnswer, 'a revoke answer');
  const json = /^application\/json\b/i.test(headerValue(answer.headers, 'content-type') ?? '');
  if (reading.kind === 'ok') {
    const { message } = reading.json as { message: string };
    if (message === REVOKE_SUCCESS && json) return { kind: 'revoked', message };
    const what = json
      ? `JSON with another message: ${excerpt(answer.body)}`
      : `${REVOKE_SUCCESS} sent as ${headerValue(answer.headers, 'content-type') ?? 'no content type'}, not JSON`;
    return {
      kind: 'unconfirmed',
      status: 200,
      message: `OK, but not Infisical's success answer (${what})`,
    };
  }
  if (reading.kind === 'failed')
    return { kind: 'unconfirmed', status: 200, message: reading.message, hint: reading.hint };
  return undefined;
}
