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
import { USER_AGENT } from '../version.js';
import {
  cancelled,
  cutOff,
  deliveryOf,
  proxyTimedOut,
  timedOut,
  toNetworkError,
  type NetworkError,
} from './errors.js';
import { isTunnelingAgent, Tunnels, type TunnelFor } from './tunnel.js';
import { OWN_HEADERS, type Answer, type Request, type Send } from './wire.js';

export interface HttpOptions {
  timeoutMs: number;
  /** Extra headers sent with every request (for Cloudflare Access / WAF), already validated by the caller. */
  extraHeaders?: Record<string, string>;
}

export interface Http {
  send: Send;
  /**
   * Ends the client, at the end of a run or on a cancel: every request still in flight rejects at
   * once with a NetworkError whose code is 'ECANCELED' (maybeDelivered: it may have reached the
   * server; not retryable), every socket, idle or busy, is destroyed, and later sends reject the
   * same way without connecting.
   */
  close: () => void;
}

/** One exchange of `send`, as the client's request hook sees it. */
interface Exchange {
  /** Hands over the request http-client made for this exchange. */
  attach: (request: ClientRequest) => void;
  /** Hands over the CONNECT request a proxy's tunnel made for it (tunnel.ts). */
  tunnel: TunnelFor;
  /** Ends the exchange now with this error, and destroys its request and socket. */
  fail: (error: NetworkError) => void;
}

/** Which exchange a request http-client is making belongs to (sends of a batch run concurrently). */
const current = new AsyncLocalStorage<Exchange>();
/**
 * The exchange of each request made, for a tunnel opened later than the request (one queued for a
 * free tunnel); a tunnel opened at once runs inside the request's own call, in `current`.
 */
const owners = new WeakMap<ClientRequest, Exchange>();
const ownerOf = (request: ClientRequest): TunnelFor | undefined =>
  (owners.get(request) ?? current.getStore())?.tunnel;

/**
 * http-client, with one hook on the request it is about to make:
 * - An IPv6 literal's host reaches Node as `[::1]`, which Node takes for a name to resolve
 *   (ENOTFOUND): for a direct connection the brackets go. Through a proxy they stay, since the
 *   tunnel writes `CONNECT host:port` and that needs them.
 * - The request made is handed to its exchange, so that a deadline or a cancellation destroys it
 *   (and its socket) even before any answer has come. Through a proxy, the tunnel's own CONNECT
 *   request is not made here: tunnel.ts hands that one over.
 */
// http and https, each wrapped once: the request made is handed to the exchange it belongs to.
const wrapped = new Map<typeof http, typeof http>();
function attaching(module: typeof http): typeof http {
  let wrapper = wrapped.get(module);
  if (wrapper === undefined) {
    const request = (opts: RequestOptions, callback?: (res: IncomingMessage) => void) => {
      const made = module.request(opts, callback);
      const exchange = current.getStore();
      if (exchange) {
        owners.set(made, exchange);
        exchange.attach(made);
      }
      return made;
    };
    wrapper = { ...module, request } as unknown as typeof http;
    wrapped.set(module, wrapper);
  }
  return wrapper;
}

class RunClient extends HttpClient {
  /** The proxy's CONNECT requests and tunnels, which http-client's dispose() leaves open. */
  readonly tunnels = new Tunnels(ownerOf);

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
    if (isTunnelingAgent(options.agent)) this.tunnels.watch(options.agent);
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
      // The proxy's CONNECT until it is answered, and the proxy (host:port) once one is in the path.
      let connecting: ClientRequest | undefined;
      let proxy: string | undefined;
      let settled = false;
      const settle = (): boolean => {
        if (settled) return false;
        settled = true;
        clearTimeout(timer);
        inFlight.delete(exchange);
        // Let go of the request at once: a ClientRequest holds its socket and parser, and a
        // batch of thousands kept ~20 MiB more at its peak while settled exchanges held theirs.
        made = undefined;
        connecting = undefined;
        return true;
      };
      const exchange: Exchange = {
        attach: (req) => {
          made = req;
        },
        tunnel: (connect, via) => {
          proxy = via;
          if (settled) {
            connect.destroy();
            return;
          }
          connecting = connect;
          // Answered (200 or not): from here the tunnel is the request's own socket, or gone.
          connect.once('connect', () => {
            if (connecting === connect) connecting = undefined;
          });
        },
        fail: (error) => {
          const request = made;
          const connect = connecting;
          if (!settle()) return;
          // Still waiting for the proxy: the request never left for the server.
          const failure =
            connect && proxy !== undefined && error.code === 'ETIMEDOUT'
              ? proxyTimedOut(timeoutMs, proxy)
              : deliveryOf(error, request);
          reject(failure);
          request?.destroy();
          connect?.destroy();
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
          (error: unknown) => exchange.fail(toNetworkError(error, timeoutMs, proxy)),
        );
    });

  const close = () => {
    ended = true;
    for (const exchange of [...inFlight]) exchange.fail(cancelled());
    // Idle keep-alive sockets; dispose() leaves the proxy's tunnels and CONNECTs alone.
    client.dispose();
    client.tunnels.destroyAll();
  };

  return { send, close };
}

/** One request and its capped answer. `over` says the exchange already ended (deadline, abort). */
async function exchangeOnce(
  client: HttpClient,
  { method, url, bearerToken, json, headers: own = {}, maxBytes = MAX_ANSWER_BYTES }: Request,
  extraHeaders: OutgoingHttpHeaders,
  over: () => boolean,
): Promise<Answer> {
  const headers: OutgoingHttpHeaders = { ...extraHeaders, accept: 'application/json', ...own };
  if (bearerToken !== undefined) headers.authorization = `Bearer ${bearerToken}`;
  let body: string | null = method === 'GET' ? null : '';
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
