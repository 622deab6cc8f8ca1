// A fake Infisical for tests, the demo and the benchmark, on loopback only. It answers the revoke
// route as the real server does: 200 once, then 404 NotFound (revoked rows stay revoked); 401 for
// a missing or unknown access token and for one whose own token was revoked; 403 TokenError for an
// expired one and 403 PermissionDenied without identity:edit; Fastify's 404 "Not Found" for an
// unknown /api route; the web app's 200 HTML page on every other path; and, when asked, Infisical
// Cloud's rate-limit headers and 429. Its JSON answers are checked against the published contract
// (contract/) by the tests, so it cannot drift from the real API.
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';

/** Answers the next revoke request in some faulty way instead of the normal one. */
export type Fault = (exchange: Exchange) => void | Promise<void>;

export interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  tokenId: string;
  /** What the server would have done: revoke the token and answer. */
  answerNormally: () => void;
  /** Revoke the token without answering (the answer is then up to the fault). */
  revoke: () => void;
  /** A JSON answer, recorded (and so checked against the contract) unless `offContract`. */
  json: (
    status: number,
    body: unknown,
    headers?: Record<string, string>,
    offContract?: boolean,
  ) => void;
}

export interface RateLimit {
  limit: number;
  windowMs: number;
}

export interface FakeOptions {
  /** Address to listen on; always a loopback one. */
  host?: string;
  /** Path prefix of a self-hosted install, such as '/infisical'. */
  prefix?: string;
  /** Delay before each API answer. */
  latencyMs?: number;
  /** A fixed-window limit over revoke calls, with the headers Infisical Cloud sends. */
  rateLimit?: RateLimit;
  /** Serve https with this key and certificate (PEM). */
  tls?: { key: string; cert: string };
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
}

export interface SentAnswer {
  path: string;
  status: number;
  body: unknown;
}

export const ACCESS_TOKEN_ROLES = ['allowed', 'expired', 'denied'] as const;

export class FakeInfisical {
  readonly requests: RecordedRequest[] = [];
  /**
   * Every JSON body the fake sent on an /api route, for checking against the contract; answers a
   * test injects on purpose as off-contract are left out.
   */
  readonly answers: SentAnswer[] = [];
  maxInFlight = 0;
  rateLimited = 0;
  private inFlight = 0;
  private readonly tokens = new Map<string, { revoked: boolean }>();
  private readonly accessTokens = new Map<string, (typeof ACCESS_TOKEN_ROLES)[number]>();
  private readonly faults: Fault[] = [];
  private readonly sockets = new Set<Socket>();
  private window = { start: 0, count: 0 };
  private readonly server;
  url = '';

  constructor(private readonly options: FakeOptions = {}) {
    const handler = (req: IncomingMessage, res: ServerResponse) => void this.handle(req, res);
    this.server = options.tls ? createTlsServer(options.tls, handler) : createServer(handler);
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  async start(port = 0): Promise<this> {
    const host = this.options.host ?? '127.0.0.1';
    await new Promise<void>((resolve) => this.server.listen(port, host, resolve));
    const { port: bound } = this.server.address() as AddressInfo;
    this.url = `${this.options.tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${bound}${this.options.prefix ?? ''}`;
    return this;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** A new active Token Auth token; returns its id. */
  addToken(id: string = randomUUID()): string {
    this.tokens.set(id, { revoked: false });
    return id;
  }

  isRevoked(id: string): boolean {
    return this.tokens.get(id)?.revoked === true;
  }

  /** An access token the fake accepts (or, with a role, one that is expired or lacks permission). */
  addAccessToken(token: string, role: (typeof ACCESS_TOKEN_ROLES)[number] = 'allowed'): string {
    this.accessTokens.set(token, role);
    return token;
  }

  /** The next revoke requests are answered by these faults, in order. */
  inject(...faults: Fault[]): void {
    this.faults.push(...faults);
  }

  revokeRequests(): RecordedRequest[] {
    return this.requests.filter((r) => r.path.endsWith('/revoke'));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers });
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    res.on('close', () => (this.inFlight -= 1));
    const prefix = this.options.prefix ?? '';
    const path = (req.url ?? '/').split('?')[0] as string;
    if (!path.startsWith(`${prefix}/api/`)) {
      // Infisical serves its web app on every other path: a 200 HTML page.
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(
        '<!DOCTYPE html><html><head><title>Infisical</title></head><body><div id="root"></div></body></html>',
      );
      return;
    }
    if (this.options.latencyMs) await new Promise((r) => setTimeout(r, this.options.latencyMs));
    const route = path.slice(prefix.length);
    if (req.method === 'GET' && route === '/api/status') {
      this.json(res, route, 200, { date: new Date().toISOString(), message: 'Ok' });
      return;
    }
    const match = /^\/api\/v1\/auth\/token-auth\/tokens\/([^/]+)\/revoke$/.exec(route);
    if (req.method !== 'POST' || !match) {
      this.json(res, route, 404, {
        reqId: reqId(),
        statusCode: 404,
        message: `Route ${req.method}:${route} not found`,
        error: 'Not Found',
      });
      return;
    }
    const tokenId = decodeURIComponent(match[1] as string);
    const rateHeaders = this.countForRateLimit();
    const exchange: Exchange = {
      req,
      res,
      tokenId,
      answerNormally: () => this.revokeRoute(req, res, route, tokenId, rateHeaders),
      revoke: () => {
        const token = this.tokens.get(tokenId);
        if (token) token.revoked = true;
      },
      json: (status, body, headers, offContract) =>
        this.json(res, offContract ? '' : route, status, body, headers),
    };
    const fault = this.faults.shift();
    if (fault) await fault(exchange);
    else exchange.answerNormally();
  }

  private revokeRoute(
    req: IncomingMessage,
    res: ServerResponse,
    route: string,
    tokenId: string,
    rateHeaders: Record<string, string> | 'limited',
  ): void {
    const send = (status: number, body: unknown, extra: Record<string, string> = {}) =>
      this.json(res, route, status, body, {
        ...(rateHeaders === 'limited' ? {} : rateHeaders),
        ...extra,
      });
    const error = (status: number, name: string, message: string, details?: unknown) =>
      send(status, {
        reqId: reqId(),
        statusCode: status,
        message,
        error: name,
        ...(details ? { details } : {}),
      });

    if (rateHeaders === 'limited') {
      const rl = this.options.rateLimit as RateLimit;
      const waitMs = this.window.start + rl.windowMs - Date.now();
      const seconds = Math.max(1, Math.ceil(waitMs / 1000));
      this.rateLimited += 1;
      send(
        429,
        {
          reqId: reqId(),
          statusCode: 429,
          message: `Rate limit exceeded. Please try again in ${seconds} seconds`,
          error: 'RateLimitExceeded',
        },
        {
          'retry-after': String(seconds),
          'x-ratelimit-limit': String(rl.limit),
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': String(seconds),
        },
      );
      return;
    }
    const auth = req.headers.authorization;
    if (!auth) return error(401, 'UnauthorizedError', 'Token missing');
    const bearer = auth.replace(/^Bearer /, '');
    const role = this.accessTokens.get(bearer);
    if (!/^Bearer /.test(auth) || role === undefined) {
      return error(401, 'UnauthorizedError', 'Invalid token');
    }
    // An access token whose own Token Auth token was revoked is refused from then on.
    if (this.tokens.get(ownTokenId(bearer) ?? '')?.revoked) {
      return error(401, 'UnauthorizedError', 'Failed to authenticate identity access token');
    }
    if (role === 'expired') {
      return error(403, 'TokenError', 'Your token has expired. Please re-authenticate.');
    }
    if (role === 'denied') {
      return error(403, 'PermissionDenied', 'You are not allowed to edit on identity', [
        { action: 'edit', subject: 'identity' },
      ]);
    }
    const token = this.tokens.get(tokenId);
    if (!token || token.revoked) {
      return error(404, 'NotFound', `Token with ID ${tokenId} not found or already revoked`);
    }
    token.revoked = true;
    send(200, { message: 'Successfully revoked access token' });
  }

  // A fixed window, as @fastify/rate-limit keeps it: it starts with the first request, and
  // x-ratelimit-reset is the whole seconds left, rounded up.
  private countForRateLimit(): Record<string, string> | 'limited' {
    const rl = this.options.rateLimit;
    if (!rl) return {};
    const now = Date.now();
    if (now >= this.window.start + rl.windowMs) this.window = { start: now, count: 0 };
    if (this.window.count >= rl.limit) return 'limited';
    this.window.count += 1;
    return {
      'x-ratelimit-limit': String(rl.limit),
      'x-ratelimit-remaining': String(rl.limit - this.window.count),
      'x-ratelimit-reset': String(Math.ceil((this.window.start + rl.windowMs - now) / 1000)),
    };
  }

  private json(
    res: ServerResponse,
    path: string,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ): void {
    if (path) this.answers.push({ path, status, body });
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(Buffer.byteLength(text)),
      ...headers,
    });
    res.end(text);
  }
}

/** The token id an access token (a JWT) carries, as Infisical reads it. */
function ownTokenId(accessToken: string): string | undefined {
  try {
    const claims = JSON.parse(Buffer.from(accessToken.split('.')[1] ?? '', 'base64url').toString());
    return claims.identityAccessTokenId ?? claims.jti;
  } catch {
    return undefined;
  }
}

/** Infisical's request ids: `req-` and 14 letters and digits. */
export function reqId(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return `req-${[...randomBytes(14)].map((b) => alphabet[b % alphabet.length]).join('')}`;
}

export async function startFakeInfisical(options: FakeOptions = {}): Promise<FakeInfisical> {
  return new FakeInfisical(options).start();
}
