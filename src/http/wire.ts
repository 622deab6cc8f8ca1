// What goes over the wire, whatever the route: the request the action sends, the answer as read
// off the socket, the headers it owns, and what a status or a header says about trying again.
// Nothing here knows Infisical: the API layer (src/infisical/) gives answers their meaning.

export interface Request {
  method: 'GET' | 'POST' | 'PUT';
  url: string;
  /** Headers of this request alone (the AWS instance metadata service's token headers). */
  headers?: Record<string, string>;
  /** Sent as `Authorization: Bearer …` when given; no Authorization header otherwise. */
  bearerToken?: string;
  /** Sent as a JSON body (content-type application/json) when given; a POST without it has an empty body. */
  json?: unknown;
  /** The most of the body kept (default MAX_ANSWER_BYTES from defaults.ts); past it the connection is dropped and `truncated` is true. */
  maxBytes?: number;
}

/** What came back from one request, as read off the wire. */
export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** The body was larger than we keep: what we have is only its start. */
  truncated: boolean;
}

export type Send = (request: Request) => Promise<Answer>;

/** Statuses worth another attempt: rate limits and server or gateway trouble. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 500, 502, 503, 504]);

/**
 * Headers an extra header may never set: the ones the client owns (what is sent, to whom, as
 * whom) and the ones that frame the exchange on the wire.
 */
export const OWN_HEADERS: ReadonlySet<string> = new Set([
  'accept',
  'authorization',
  'connection',
  'content-length',
  'content-type',
  'expect',
  'host',
  'keep-alive',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'user-agent',
]);

export function headerValue(headers: Answer['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Seconds or an HTTP date, as Retry-After allows; undefined when absent or unreadable. */
export function retryAfterMs(answer: Answer, now = Date.now()): number | undefined {
  const value = headerValue(answer.headers, 'retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
