// Sends requests and reads their answers, with the guarantees a credential-carrying call needs:
// no redirects followed, no retries of its own, a deadline on the whole exchange, a cap on what is
// kept of the body, and a way to cut every exchange at once when the run is cancelled.
import { HttpClient, type HttpClientResponse } from '@actions/http-client';
import type { RequestInfo } from '@actions/http-client/lib/interfaces';
import { AsyncLocalStorage } from 'node:async_hooks';
import * as http from 'node:http';
import type {
  ClientRequest,
  IncomingMessage,
  OutgoingHttpHeaders,
  RequestOptions,
} from 'node:http';
import { MAX_ANSWER_BYTES } from '../defaults.js';
import type { Answer } from '../infisical/answers.js';
import { describeTlsError, isTlsError } from './tls-errors.js';
import { USER_AGENT } from '../version.js';

export interface Request {
  method: 'GET' | 'POST';
  url: string;
  /** Sent as `Authorization: Bearer …` when given; no Authorization header otherwise. */
  bearerToken?: string;
  /** Sent as a JSON body (content-type application/json) when given; a POST without it has an empty body. */
  json?: unknown;
  /** The most of the body kept (default MAX_ANSWER_BYTES from defaults.ts); past it the connection is dropped and `truncated` is true. */
  maxBytes?: number;
}

export type Send = (request: Request) => Promise<Answer>;

export interface HttpOptions {
  timeoutMs: number;
  /** Extra headers sent with every request (for Cloudflare Access / WAF), already validated by the caller. */
  extraHeaders?: Record<string, string>;
}

export interface Http {
  send: Send;
  /** Ends the run: destroys every socket, idle or busy. */
  close: () => void;
  /**
   * Cancellation: every request still in flight rejects at once with a NetworkError whose code is
   * 'ECANCELED', maybeDelivered true (it may have reached the server), retryable false; sockets are destroyed; later sends reject the same way without connecting.
   */
  abort: () => void;
}

/** A request that got no complete answer. Its message is always one line. */
export class NetworkError extends Error {
  override name = 'NetworkError';
  constructor(
    message: string,
    /** The request may have reached the server (the connection broke after it was sent). */
    readonly maybeDelivered: boolean,
    readonly code?: string,
    /** Another attempt could go differently (not so for a certificate the runner does not trust). */
    readonly retryable = true,
  ) {
    super(oneLine(message));
  }
}

/**
 * Headers an extra header may never set: the ones this module owns (what is sent, to whom, as
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

/** One exchange of `send`, as the client's request hook sees it. */
interface Exchange {
  /** Hands over the request http-client made for this exchange. */
  attach: (request: ClientRequest) => void;
  /** Ends the exchange now with this error, and destroys its request and socket. */
  fail: (error: NetworkError) => void;
}

/** Which exchange a request http-client is making belongs to (sends of a batch run concurrently). */
const current = new AsyncLocalStorage<Exchange>();

/**
 * http-client, with one hook on the request it is about to make:
 * - An IPv6 literal's host reaches Node as `[::1]`, which Node takes for a name to resolve
 *   (ENOTFOUND): for a direct connection the brackets go. Through a proxy they stay, since the
 *   tunnel writes `CONNECT host:port` and that needs them.
 * - The request made is handed to its exchange, so that a deadline or a cancellation destroys it
 *   (and its socket) even before any answer has come.
 */
// http and https, each wrapped once: the request made is handed to the exchange it belongs to.
const wrapped = new Map<typeof http, typeof http>();
function attaching(module: typeof http): typeof http {
  let wrapper = wrapped.get(module);
  if (wrapper === undefined) {
    const request = (opts: RequestOptions, callback?: (res: IncomingMessage) => void) => {
      const made = module.request(opts, callback);
      current.getStore()?.attach(made);
      return made;
    };
    wrapper = { ...module, request } as unknown as typeof http;
    wrapped.set(module, wrapper);
  }
  return wrapper;
}

class RunClient extends HttpClient {
  override requestRawWithCallback(
    info: RequestInfo,
    data: string | NodeJS.ReadableStream | null,
    onResult: (err?: Error, res?: HttpClientResponse) => void,
  ): void {
    const { options } = info;
    // http.Agent and https.Agent are direct connections; a proxy's tunnel is neither.
    if (options.agent instanceof http.Agent && options.host?.startsWith('[')) {
      options.host = options.host.slice(1, -1);
    }
    if (current.getStore()) info.httpModule = attaching(info.httpModule as typeof http);
    super.requestRawWithCallback(info, data, onResult);
  }
}

/**
 * One client for a whole run: its keep-alive connections are reused by the requests of a batch
 * (a third of the cost of each revoke is a new connection). Every exchange has a deadline of
 * `timeoutMs` for its headers and body together; a body that runs past it, or past the cap, has
 * its connection destroyed.
 */
export function createHttp(options: HttpOptions): Http {
  const { timeoutMs } = options;
  const extraHeaders = extraHeadersOf(options.extraHeaders);
  const client = new RunClient(USER_AGENT, [], {
    allowRedirects: false,
    allowRetries: false,
    keepAlive: true,
    socketTimeout: timeoutMs,
  });
  const inFlight = new Set<Exchange>();
  let ended = false;

  const send: Send = (request) =>
    new Promise<Answer>((resolve, reject) => {
      if (ended) {
        reject(cancelled());
        return;
      }
      let made: ClientRequest | undefined;
      let settled = false;
      const settle = (): boolean => {
        if (settled) return false;
        settled = true;
        clearTimeout(timer);
        inFlight.delete(exchange);
        // Let go of the request at once: a ClientRequest holds its socket and parser, and a
        // batch of thousands kept ~20 MiB more at its peak while settled exchanges held theirs.
        made = undefined;
        return true;
      };
      const exchange: Exchange = {
        attach: (req) => {
          made = req;
        },
        fail: (error) => {
          const request = made;
          if (!settle()) return;
          reject(deliveryOf(error, request));
          request?.destroy();
        },
      };
      const timer = setTimeout(() => exchange.fail(timedOut(timeoutMs)), timeoutMs);
      inFlight.add(exchange);
      current
        .run(exchange, () => exchangeOnce(client, request, extraHeaders, () => settled))
        .then(
          (answer) => {
            if (settle()) resolve(answer);
          },
          (error: unknown) => exchange.fail(toNetworkError(error, timeoutMs)),
        );
    });

  const end = () => {
    ended = true;
    for (const exchange of [...inFlight]) exchange.fail(cancelled());
    // Idle keep-alive sockets (a proxy's tunnel keeps none: it closes each one once used).
    client.dispose();
  };

  return { send, close: end, abort: end };
}

/** One request and its capped answer. `over` says the exchange already ended (deadline, abort). */
async function exchangeOnce(
  client: HttpClient,
  { method, url, bearerToken, json, maxBytes = MAX_ANSWER_BYTES }: Request,
  extraHeaders: OutgoingHttpHeaders,
  over: () => boolean,
): Promise<Answer> {
  const headers: OutgoingHttpHeaders = { ...extraHeaders, accept: 'application/json' };
  if (bearerToken !== undefined) headers.authorization = `Bearer ${bearerToken}`;
  let body: string | null = method === 'POST' ? '' : null;
  if (json !== undefined) {
    body = JSON.stringify(json) ?? '';
    headers['content-type'] = 'application/json';
  }
  // A string body gets its content-length from http-client (0 for an empty POST).
  const response = await client.request(method, url, body, headers);
  const { message } = response;
  // An answer to an exchange that already ended: nobody reads this body.
  if (over()) message.destroy();
  const read = await readCapped(message, maxBytes);
  return { status: message.statusCode ?? 0, headers: message.headers, ...read };
}

/** The extra headers, lower-cased, without any this module owns (the caller refuses those too). */
function extraHeadersOf(extra: Record<string, string> = {}): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(extra)) {
    const key = name.toLowerCase();
    if (OWN_HEADERS.has(key)) continue;
    // A name or value Node would refuse fails here, once, rather than on every request.
    http.validateHeaderName(key);
    http.validateHeaderValue(key, value);
    headers[key] = value;
  }
  return headers;
}

/** Keeps the first `maxBytes` of a body; past that, stops reading and drops the connection. */
function readCapped(
  message: IncomingMessage,
  maxBytes: number,
): Promise<{ body: string; truncated: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    message.on('data', (chunk: Buffer) => {
      const room = maxBytes - size;
      chunks.push(chunk.subarray(0, Math.max(0, room)));
      size += chunk.length;
      if (size > maxBytes) {
        message.destroy();
        resolve({ body: Buffer.concat(chunks).toString('utf8'), truncated: true });
      }
    });
    message.on('end', () =>
      resolve({ body: Buffer.concat(chunks).toString('utf8'), truncated: false }),
    );
    message.on('error', () => reject(cutOff()));
    message.on('close', () => {
      if (!message.complete) reject(cutOff());
    });
  });
}

/**
 * Whether a request that got no answer may have reached the server, from what Node knows of it.
 * Not when it was never made or never fully written (a connect that timed out, a socket still
 * connecting), nor when a reused keep-alive socket was reset before any answer: the server had
 * closed it while idle (Node's docs treat those as never delivered, safe to retry). Saying "may
 * have landed" too often is not safe here: a later "not found" would then count as a revoke.
 */
export function deliveryOf(
  error: NetworkError,
  request: Pick<ClientRequest, 'writableFinished' | 'reusedSocket'> | undefined,
): NetworkError {
  if (!error.maybeDelivered || error.code === 'ECANCELED') return error;
  const stale =
    request?.reusedSocket === true && (error.code === 'ECONNRESET' || error.code === 'EPIPE');
  if (request?.writableFinished === true && !stale) return error;
  return new NetworkError(error.message, false, error.code, error.retryable);
}

function cutOff(): NetworkError {
  return new NetworkError(
    'the connection closed before the whole answer arrived',
    true,
    'ECONNRESET',
  );
}

function timedOut(timeoutMs: number): NetworkError {
  return new NetworkError(
    `no complete answer within ${timeoutMs / 1000} s (timed out)`,
    true,
    'ETIMEDOUT',
  );
}

function cancelled(): NetworkError {
  return new NetworkError('the request was cancelled (ECANCELED)', true, 'ECANCELED', false);
}

/** Any text as one line: Node's TLS errors, for one, end in a newline. */
function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

const NOT_SENT: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'the host name could not be resolved',
  EAI_AGAIN: 'the host name could not be resolved (temporary DNS failure)',
  EHOSTUNREACH: 'the host is unreachable',
  ENETUNREACH: 'the network is unreachable',
};

/** One plain sentence for what went wrong on the wire, and whether the request may have landed. */
export function toNetworkError(error: unknown, timeoutMs: number): NetworkError {
  if (error instanceof NetworkError) return error;
  const err = (error ?? {}) as NodeJS.ErrnoException;
  const code = typeof err.code === 'string' ? err.code : undefined;
  const message = typeof err.message === 'string' ? err.message : '';
  // The proxy tunnel reports its own failures as ECONNRESET with the real cause in the text.
  const tunnel = /tunneling socket could not be established, (?:cause|statusCode)=(.*)/.exec(
    message,
  );
  if (tunnel)
    return new NetworkError(`could not connect through the proxy: ${tunnel[1]}`, false, code);
  if (code && code in NOT_SENT) return new NetworkError(`${NOT_SENT[code]} (${code})`, false, code);
  if (isTlsError(code, message)) {
    return new NetworkError(describeTlsError(code, message), false, code, false);
  }
  if (code === 'ECONNRESET' || code === 'EPIPE') {
    return new NetworkError(
      `the connection was reset before an answer arrived (${code})`,
      true,
      code,
    );
  }
  if (/^Request timeout/.test(message)) return timedOut(timeoutMs);
  return new NetworkError(message || String(error), true, code);
}
