// The one place that knows Infisical's API: the revoke route, the error body, what each status
// means. The published contract is contract/revoke-token.openapi.json; what the real server does
// beyond it (a 404 that is an unknown route, 403 for an expired token, 422's array of issues, the
// web app's 200 HTML page on a wrong path) is decided here.
import { STATUS_CODES } from 'node:http';
import { EXCERPT_CHARS } from './defaults.js';
import type { Server } from './server-url.js';

/** What came back from one request, as read off the wire. */
export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** The body was larger than we keep: what we have is only its start. */
  truncated: boolean;
}

/** Infisical's error body: `{reqId, statusCode, message, error[, details]}`. */
export interface InfisicalError {
  reqId?: string;
  error?: string;
  message: string;
}

export type Verdict =
  | { kind: 'revoked'; message: string }
  | { kind: 'not-found'; status: 404; reqId?: string; error: string; message: string }
  | {
      kind: 'failed';
      status: number;
      reqId?: string;
      error?: string;
      /** One readable sentence of what the server said. */
      detail: string;
      hint?: string;
      /** The access token itself has expired (403 TokenError). */
      expired?: boolean;
    };

/** Statuses worth another attempt: rate limits and server or gateway trouble. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 500, 502, 503, 504]);

export const HINTS = {
  serverUrl:
    'Check server-url: it should be the base URL of your Infisical server, such as https://app.infisical.com.',
  accessToken:
    'The access token is missing, expired or revoked: create a fresh one for the identity that revokes.',
  permission:
    "The identity behind access-token lacks the identity:edit permission on the token's identity.",
  redirect:
    'Redirects are not followed, so that the access token only goes to server-url: set server-url to the address the server points to.',
} as const;

/**
 * The revoke route for one token. The id is a single path segment whatever it holds: it is
 * percent-encoded, dots included, so no value can climb out of the route.
 */
export function revokeUrl(server: Server, tokenId: string): string {
  const segment = encodeURIComponent(tokenId).replace(/\./g, '%2E');
  return `${server.origin}${server.prefix}/api/v1/auth/token-auth/tokens/${segment}/revoke`;
}

/** Decides what an answer to the revoke call means. */
export function judgeAnswer(answer: Answer): Verdict {
  const { status } = answer;
  const json = parseJson(answer);
  if (status === 200) {
    if (isRevokeAnswer(json)) return { kind: 'revoked', message: json.message };
    const what = answer.truncated
      ? 'an answer larger than a revoke answer can be (cut off)'
      : looksLikeHtml(answer.body)
        ? "an HTML page, not Infisical's API (a wrong server-url reaches its web app)"
        : json === undefined
          ? `a body that is not JSON: ${excerpt(answer.body)}`
          : `JSON that is not a revoke answer: ${excerpt(answer.body)}`;
    return { kind: 'failed', status, detail: `OK, but ${what}`, hint: HINTS.serverUrl };
  }
  if (status >= 300 && status < 400) {
    const location = headerValue(answer.headers, 'location');
    const where = location
      ? `redirected to ${describeLocation(location)}`
      : 'a redirect with no Location';
    return {
      kind: 'failed',
      status,
      detail: `${statusText(status)}: ${where}`,
      hint: HINTS.redirect,
    };
  }
  const error = asInfisicalError(json);
  if (error === undefined) {
    return {
      kind: 'failed',
      status,
      detail:
        answer.body.trim() === ''
          ? `${statusText(status)} (empty answer)`
          : `${statusText(status)} (not Infisical's JSON): ${excerpt(answer.body)}`,
      hint: status === 404 ? HINTS.serverUrl : undefined,
    };
  }
  const base = { reqId: error.reqId, error: error.error, message: error.message };
  // Only the service's own NotFound means "no such token, or already revoked". Any other 404 (an
  // unknown route, a gateway in front of the wrong path) says server-url is wrong, and must never
  // pass for a token that is already gone.
  if (status === 404 && error.error === 'NotFound') {
    return { kind: 'not-found', status, ...base, error: 'NotFound' };
  }
  if (status === 404) {
    return { kind: 'failed', status, ...base, detail: describe(error), hint: HINTS.serverUrl };
  }
  return { kind: 'failed', status, ...base, detail: describe(error), ...explain(status, error) };
}

/** Seconds or an HTTP date, as Retry-After allows; undefined when absent or unreadable. */
export function retryAfterMs(answer: Answer, now = Date.now()): number | undefined {
  const value = headerValue(answer.headers, 'retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export function headerValue(headers: Answer['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function explain(status: number, error: InfisicalError): { hint?: string; expired?: boolean } {
  if (status === 401) return { hint: HINTS.accessToken };
  if (status === 403 && error.error === 'TokenError') {
    return { hint: HINTS.accessToken, expired: /expired/i.test(error.message) };
  }
  if (status === 403) return { hint: HINTS.permission };
  return {};
}

function statusText(status: number): string {
  return STATUS_CODES[status] ?? 'Unknown Status';
}

function describe(error: InfisicalError): string {
  return [error.error, error.message].filter(Boolean).join(' — ') || '(no message)';
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

// The contract's success schema exactly: `{message: string}` and nothing else. Fastify serialises
// the real answer through that schema, so anything else came from somewhere that is not the route.
function isRevokeAnswer(json: unknown): json is { message: string } {
  return isRecord(json) && typeof json.message === 'string' && Object.keys(json).length === 1;
}

function isRecord(value: unknown): value is Record<string, unknown> {
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
