// What every Infisical answer has in common, whatever the route: the error body, the statuses worth
// another attempt, and the traps in front of the API (the web app's 200 HTML page on a wrong path,
// a gateway's page, a redirect, Fastify's 404 for an unknown route, 422's array of issues). Each
// route family's own module (token-auth.ts, token.ts) decides what its answers mean beyond this.
import { STATUS_CODES } from 'node:http';
import { EXCERPT_CHARS } from '../defaults.js';
import { headerValue, type Answer } from '../http/index.js';
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
} as const;

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
): Reading {
  const { status } = answer;
  const json = parseJson(answer);
  if (status === 200) {
    if (json !== undefined && accepts(json)) return { kind: 'ok', json };
    const got = answer.truncated
      ? `an answer larger than ${what} can be (cut off)`
      : looksLikeHtml(answer.body)
        ? "an HTML page, not Infisical's API (a wrong server-url reaches its web app)"
        : json === undefined
          ? `a body that is not JSON: ${excerpt(answer.body)}`
          : `JSON that is not ${what}: ${excerpt(answer.body)}`;
    return { kind: 'failed', status, message: `OK, but ${got}`, hint: HINTS.serverUrl };
  }
  if (status >= 300 && status < 400) {
    const location = headerValue(answer.headers, 'location');
    const where = location
      ? `redirected to ${describeLocation(location)}`
      : 'a redirect with no Location';
    return {
      kind: 'failed',
      status,
      message: `${statusText(status)}: ${where}`,
      hint: HINTS.redirect,
    };
  }
  const error = asInfisicalError(json);
  if (error === undefined) {
    return {
      kind: 'failed',
      status,
      message:
        answer.body.trim() === ''
          ? `${statusText(status)} (empty answer)`
          : `${statusText(status)} (not Infisical's JSON): ${excerpt(answer.body)}`,
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
  return oneLine([error.error, error.message].filter(Boolean).join(' — ')) || '(no message)';
}

function asInfisicalError(json: unknown): InfisicalError | undefined {
  if (!isRecord(json)) return undefined;
  const { reqId, error, message } = json;
  if (typeof error !== 'string' && message === undefined) return undefined;
  return {
    reqId: typeof reqId === 'string' ? reqId : undefined,
    error: typeof error === 'string' ? error : undefined,
    message: renderMessage(message),
  };
}

/** 422 answers carry an array of validation issues; everything else a string. */
export function renderMessage(message: unknown): string {
  // One line whatever the server wrote: a log line that spans several is hard to read, and a line
  // of its own that starts with :: would be a workflow command to the runner.
  if (typeof message === 'string') return oneLine(message);
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

/** A short, single-line quote of a body that is not Infisical's JSON (a proxy page, say). */
export function excerpt(body: string): string {
  const text = body
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (text === '') return '(no text)';
  return text.length > EXCERPT_CHARS ? `"${text.slice(0, EXCERPT_CHARS)}…"` : `"${text}"`;
}

// A Location may carry a query with credentials of its own: name only where it points.
function describeLocation(location: string): string {
  try {
    const url = new URL(location);
    return `${url.protocol}//${url.host}${url.pathname}`;
  } catch {
    return JSON.stringify(location.slice(0, 100));
  }
}

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
