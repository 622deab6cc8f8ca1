// A fake Infisical for tests, the demo and the benchmark, on loopback only. It follows the real
// backend's behaviour (taken from Infisical's backend source, backend/src/...), not only the
// published contract: an identity-access-token table whose ids compare case-insensitively, revoke
// by id that finds only live Token Auth rows and hides other organizations' identities behind a
// second 404, the body-token revoke route of two server generations, listing by updatedAt, OIDC and
// Universal Auth logins, renewing, reading back who a token is, the organization's identity
// memberships (two shapes), Universal Auth client secrets as rows (list, read, revoke, create; on a
// current server revoking one kills the tokens issued from it), a cleanup job, read and write
// rate-limit windows, Fastify's 404 for an unknown /api route and the web app's 200 HTML page on
// every other path. `generation` picks how access tokens are issued and checked: 'legacy' (a row
// per token, read on every request) or 'current' (Infisical Cloud and self-hosted v0.160+, after
// PR #6234: the JWT's own claims and revocation markers decide, rows only for Token Auth). Each route family lives
// in testbed/infisical/; this module serves them, records what was asked and answered, and lets a
// test replace the next answers of a route with faults. The tests check every recorded JSON answer
// against the contract (revoke) and testbed/schemas.ts (the other routes).
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { ok, reqId, somethingWentWrong, type Reply } from './infisical/answers.js';
import {
  authenticate,
  isCaller,
  issue,
  type Caller,
  type IssueOptions,
} from './infisical/access-tokens.js';
import { identityDetails } from './infisical/identities.js';
import {
  createClientSecret,
  getClientSecret,
  listClientSecrets,
  revokeClientSecret,
} from './infisical/client-secrets.js';
import { listIdentityMemberships, type MembershipsShape } from './infisical/organization.js';
import { renewAccessToken } from './infisical/renew.js';
import {
  Logins,
  type AwsAuthConfig,
  type KubernetesAuthConfig,
  type OidcConfig,
  type UniversalAuthConfig,
  type UniversalAuthCredentials,
} from './infisical/logins.js';
import { FixedWindow, type RateClass, type RateLimit } from './infisical/rate-limit.js';
import {
  authMethodsOf,
  Store,
  uuidKey,
  type AccessTokenRole,
  type ClientSecretOptions,
  type ClientSecretView,
  type Generation,
  type IdentityOptions,
  type TokenOptions,
  type TokenRow,
} from './infisical/store.js';
import {
  createToken,
  getToken,
  listTokens,
  revokeById,
  revokeRow,
} from './infisical/token-auth.js';
import {
  bodyTokenRowId,
  revokeAccessToken,
  type TokenRevokeGeneration,
} from './infisical/token-revoke.js';

export { reqId } from './infisical/answers.js';
export {
  ACCESS_TOKEN_ROLES,
  AUTH_METHODS,
  DEFAULT_MAX_TOKEN_AGE_SECONDS,
  DEFAULT_TTL_SECONDS,
} from './infisical/store.js';
export type {
  AccessTokenRole,
  AuthMethod,
  ClientSecretOptions,
  ClientSecretView,
  Generation,
  IdentityOptions,
  TokenOptions,
  TokenRow,
} from './infisical/store.js';
export type { IssueOptions } from './infisical/access-tokens.js';
export type {
  AwsAuthConfig,
  AwsCaller,
  KubernetesAuthConfig,
  OidcConfig,
  UniversalAuthConfig,
  UniversalAuthCredentials,
} from './infisical/logins.js';
export type { MembershipsShape } from './infisical/organization.js';
export type { RateLimit } from './infisical/rate-limit.js';

/** The routes the fake serves, one family each; `no-route` is Fastify's 404 for any other /api path. */
export type RouteFamily =
  | 'revoke'
  | 'token-revoke'
  | 'list-tokens'
  | 'create-token'
  | 'get-token'
  | 'oidc-login'
  | 'universal-auth-login'
  | 'aws-auth-login'
  | 'kubernetes-auth-login'
  | 'renew'
  | 'identity-details'
  | 'list-identities'
  | 'list-client-secrets'
  | 'get-client-secret'
  | 'revoke-client-secret'
  | 'create-client-secret'
  | 'status'
  | 'no-route';

interface RouteSpec {
  family: RouteFamily;
  method: string;
  pattern: RegExp;
  rateClass?: RateClass;
}

const ROUTES: RouteSpec[] = [
  {
    family: 'revoke',
    method: 'POST',
    pattern: /^\/api\/v1\/auth\/token-auth\/tokens\/([^/]+)\/revoke$/,
    rateClass: 'write',
  },
  {
    family: 'token-revoke',
    method: 'POST',
    pattern: /^\/api\/v1\/auth\/token\/revoke$/,
    rateClass: 'write',
  },
  {
    family: 'list-tokens',
    method: 'GET',
    pattern: /^\/api\/v1\/auth\/token-auth\/identities\/([^/]+)\/tokens$/,
    rateClass: 'read',
  },
  {
    family: 'create-token',
    method: 'POST',
    pattern: /^\/api\/v1\/auth\/token-auth\/identities\/([^/]+)\/tokens$/,
    rateClass: 'write',
  },
  {
    family: 'get-token',
    method: 'GET',
    pattern: /^\/api\/v1\/auth\/token-auth\/tokens\/([^/]+)$/,
    rateClass: 'read',
  },
  {
    family: 'oidc-login',
    method: 'POST',
    pattern: /^\/api\/v1\/auth\/oidc-auth\/login$/,
    rateClass: 'write',
  },
  {
    family: 'universal-auth-login',
    method: 'POST',
    pattern: /^\/api\/v1\/auth\/universal-auth\/login$/,
    rateClass: 'write',
  },
  {
    family: 'aws-auth-login',
    method: 'POST',
    pattern: /^\/api\/v1\/auth\/aws-auth\/login$/,
    rateClass: 'write',
  },
  {
    family: 'kubernetes-auth-login',
    method: 'POST',
    pattern: /^\/api\/v1\/auth\/kubernetes-auth\/login$/,
    rateClass: 'write',
  },
  {
    family: 'renew',
    method: 'POST',
    pattern: /^\/api\/v1\/auth\/token\/renew$/,
    rateClass: 'write',
  },
  {
    family: 'identity-details',
    method: 'GET',
    pattern: /^\/api\/v1\/identities\/details$/,
    rateClass: 'read',
  },
  {
    family: 'list-identities',
    method: 'GET',
    pattern: /^\/api\/v2\/organizations\/([^/]+)\/identity-memberships$/,
    rateClass: 'read',
  },
  {
    family: 'list-client-secrets',
    method: 'GET',
    pattern: /^\/api\/v1\/auth\/universal-auth\/identities\/([^/]+)\/client-secrets$/,
    rateClass: 'read',
  },
  {
    family: 'create-client-secret',
    method: 'POST',
    pattern: /^\/api\/v1\/auth\/universal-auth\/identities\/([^/]+)\/client-secrets$/,
    rateClass: 'write',
  },
  {
    family: 'get-client-secret',
    method: 'GET',
    pattern: /^\/api\/v1\/auth\/universal-auth\/identities\/([^/]+)\/client-secrets\/([^/]+)$/,
    rateClass: 'read',
  },
  {
    family: 'revoke-client-secret',
    method: 'POST',
    pattern:
      /^\/api\/v1\/auth\/universal-auth\/identities\/([^/]+)\/client-secrets\/([^/]+)\/revoke$/,
    rateClass: 'write',
  },
  { family: 'status', method: 'GET', pattern: /^\/api\/status$/ },
];

const BEARER_ROUTES = new Set<RouteFamily>([
  'revoke',
  'list-tokens',
  'create-token',
  'get-token',
  'identity-details',
  'list-identities',
  'list-client-secrets',
  'get-client-secret',
  'revoke-client-secret',
  'create-client-secret',
]);

/** Answers the next request of a route in some faulty way instead of the normal one. */
export type Fault = (exchange: Exchange) => void | Promise<void>;

export interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  route: RouteFamily;
  /**
   * The token the request is about: the path's id, or the row the body's access token names; on
   * the client-secret routes with a secret in the path, that secret's id.
   */
  tokenId: string;
  /** The parsed JSON body (undefined when none). */
  body: unknown;
  /** What the server would have done: act and answer. */
  answerNormally: () => void;
  /** Revoke the token (or the client secret) without answering (the answer is then up to the fault). */
  revoke: () => void;
  /** A JSON answer, recorded (and so checked against the schemas) unless `offContract`. */
  json: (
    status: number,
    body: unknown,
    headers?: Record<string, string>,
    offContract?: boolean,
  ) => void;
}

export interface FakeOptions {
  /** Address to listen on; always a loopback one ('127.0.0.1', '::1', '127.0.0.2', …). */
  host?: string;
  /** Path prefix of a self-hosted install, such as '/infisical'. */
  prefix?: string;
  /** Delay before each API answer. */
  latencyMs?: number;
  /** A fixed window over write-class calls (revokes, logins), with Infisical Cloud's headers. */
  rateLimit?: RateLimit;
  /** A fixed window over read-class calls (listing, reading a token), counted apart. */
  readRateLimit?: RateLimit;
  /** Serve https with this key and certificate (PEM). */
  tls?: { key: string; cert: string };
  /**
   * How access tokens are issued and checked (default 'legacy', the fake as it always was):
   * 'current' is Infisical Cloud and self-hosted v0.160+ (PR #6234): logins write no row, JWTs
   * carry their own claims and an exp capped by the max age, revocations are markers, renewals
   * and uses are not written into rows.
   */
  generation?: Generation;
  /** MAX_MACHINE_IDENTITY_TOKEN_AGE of a current server, in seconds (default 7,776,000: 90 days). */
  maxTokenAgeSeconds?: number;
  /**
   * Which version of POST /api/v1/auth/token/revoke a legacy fake serves (default 'newer'); a
   * current fake always serves the current one.
   */
  tokenRevoke?: TokenRevokeGeneration;
  /** 'older' servers list tokens without name, authMethod, accessTokenPeriod, subOrganizationId. */
  tokenFields?: 'older' | 'newer';
  /** TTL of login tokens, in seconds (default 2,592,000: 30 days). */
  loginTtl?: number;
  /**
   * Which shape GET /api/v2/organizations/{orgId}/identity-memberships has (default 'newer'):
   * 'older' servers read `direction`/`textFilter` (not `orderDirection`/`search`) and give
   * `identity.authMethod`, one method or null, instead of `identity.orgId` and `authMethods`.
   */
  memberships?: MembershipsShape;
  /** Ids of the default organization and identity (default: random). */
  orgId?: string;
  identityId?: string;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  /** The route family it reached (undefined outside /api). */
  route?: RouteFamily;
  /** The raw request body ('' when none). */
  body?: string;
}

export interface SentAnswer {
  /** The API path, without the install's prefix. */
  path: string;
  route: RouteFamily;
  status: number;
  body: unknown;
}

type ParsedBody = { ok: true; value: unknown } | { ok: false };

const REVOKE_PATH = /\/token-auth\/tokens\/[^/]+\/revoke$/;

export class FakeInfisical {
  readonly requests: RecordedRequest[] = [];
  /**
   * Every JSON body the fake sent on an /api route, for checking against the schemas; answers a
   * test injects on purpose as off-contract are left out.
   */
  readonly answers: SentAnswer[] = [];
  maxInFlight = 0;
  /** The most requests of one route family in flight at once (revokes and read-backs overlap). */
  readonly maxInFlightByRoute = new Map<RouteFamily, number>();
  private readonly inFlightByRoute = new Map<RouteFamily, number>();
  rateLimited = 0;
  url = '';
  private inFlight = 0;
  private readonly store: Store;
  private readonly logins: Logins;
  private readonly faults = new Map<RouteFamily, Fault[]>();
  private readonly sockets = new Set<Socket>();
  private readonly windows: Record<RateClass, FixedWindow>;
  private readonly server;

  constructor(private readonly options: FakeOptions = {}) {
    this.store = new Store({
      orgId: options.orgId,
      identityId: options.identityId,
      generation: options.generation,
      maxTokenAgeSeconds: options.maxTokenAgeSeconds,
    });
    this.logins = new Logins(this.store, options.loginTtl);
    this.windows = {
      write: new FixedWindow(options.rateLimit),
      read: new FixedWindow(options.readRateLimit),
    };
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

  /** The server generation the fake plays. */
  get generation(): Generation {
    return this.store.generation;
  }

  /** The default organization: where addToken() and addAccessToken() tokens live. */
  get orgId(): string {
    return this.store.defaultOrgId;
  }

  /** The default machine identity (Token Auth attached). */
  get identityId(): string {
    return this.store.defaultIdentityId;
  }

  /** A new machine identity; returns its id. Its organization is created when new. */
  addIdentity(options: IdentityOptions = {}): string {
    return this.store.addIdentity(options).id;
  }

  /**
   * A live Token Auth token (a row of the default identity unless options say otherwise); returns
   * the id as given. The row's id is stored in lower case, as Postgres returns a uuid.
   */
  addToken(id: string = randomUUID(), options: TokenOptions = {}): string {
    this.store.addRow(id, options);
    return id;
  }

  /** Renames a token (PATCH …/tokens/{id}): its updatedAt moves it to the top of the list. */
  renameToken(id: string, name: string | null): void {
    const row = this.store.row(id);
    if (!row) throw new Error(`no token ${id}`);
    row.name = name;
    row.updatedAt = this.store.tick();
  }

  /** Runs the cleanup job: deletes revoked, expired and used-up rows; returns their ids. */
  prune(now = Date.now()): string[] {
    return this.store.prune(now);
  }

  /** A copy of a token's row (any auth method), or undefined once unknown or pruned. */
  token(id: string): TokenRow | undefined {
    const row = this.store.row(id);
    return row && { ...row };
  }

  /**
   * Whether the token's ROW is marked revoked. On a current fake a token revoked through
   * /api/v1/auth/token/revoke keeps a live-looking Token Auth row: see hasRevocationMarker().
   */
  isRevoked(id: string): boolean {
    return this.store.row(id)?.isAccessTokenRevoked === true;
  }

  /** Whether a current fake holds a live per-token revocation marker for this id. */
  hasRevocationMarker(id: string): boolean {
    return this.store.isMarked(id);
  }

  /**
   * Whether the bearer check would accept this access token now (as any bearer route would): the
   * truth a client can only learn from GET /api/v1/identities/details.
   */
  isLive(token: string): boolean {
    // A probe, not a use: it spends none of a limited token's uses.
    return isCaller(authenticate(this.store, `Bearer ${token}`, Date.now(), false));
  }

  /**
   * "Revoke all" of an identity's access tokens: on a current fake an identity-wide marker (tokens
   * created before now are refused), on a legacy one every row of the identity is flipped.
   */
  revokeAllOf(identityId: string = this.identityId): void {
    if (this.store.generation === 'current') {
      this.store.identityMarkers.set(uuidKey(identityId), this.store.tick().getTime());
      return;
    }
    for (const row of this.store.rows.values()) {
      if (row.identityId === uuidKey(identityId) && !row.isAccessTokenRevoked) {
        this.store.revoke(row);
      }
    }
  }

  /**
   * Renews an access token as POST /api/v1/auth/token/renew does; returns the new token (which
   * the fake accepts), or throws with the server's message.
   */
  renew(token: string): string {
    const reply = renewAccessToken(this.store, { accessToken: token });
    const body = reply.body as { accessToken?: string; message?: unknown };
    if (reply.status !== 200 || typeof body.accessToken !== 'string') {
      throw new Error(`renew refused: ${reply.status} ${JSON.stringify(body.message)}`);
    }
    return body.accessToken;
  }

  /**
   * An access token the fake accepts (or, with a role, one that is expired, lacks permission or
   * comes from another server). It acts as the identity its JWT's row belongs to, else the default
   * identity, in that identity's organization; options override both.
   */
  addAccessToken(
    token: string,
    role: AccessTokenRole = 'allowed',
    options: { identityId?: string; orgId?: string } = {},
  ): string {
    const identity =
      options.orgId !== undefined || options.identityId !== undefined
        ? this.store.identityFor(options)
        : undefined;
    this.store.accessTokens.set(token, {
      role,
      ...(identity ? { identityId: identity.id } : {}),
      ...(options.orgId !== undefined ? { orgId: options.orgId.toLowerCase() } : {}),
    });
    return token;
  }

  /**
   * A new access token (Token Auth by default), accepted as a bearer of its identity. Legacy: a
   * row and a JWT naming it. Current: a row for Token Auth only, and a JWT with its own claims;
   * `preRedesign` makes one issued before the redesign (a row, legacy claims). `expired`
   * backdates it so the TTL has passed, `ageSeconds` by that much.
   */
  issueAccessToken(options: IssueOptions = {}): { token: string; id: string } {
    const { token, id } = issue(this.store, options);
    return { token, id };
  }

  /** OIDC Auth for an identity: the provider's issuer and key, and what the token must show. */
  configureOidc(identityId: string, config: OidcConfig): void {
    this.logins.configureOidc(identityId, config);
  }

  /** AWS Auth for an identity: the AWS callers STS knows, and the principals and accounts allowed. */
  configureAwsAuth(identityId: string, config: AwsAuthConfig): void {
    this.logins.configureAwsAuth(identityId, config);
  }

  /** Kubernetes Auth for an identity: the cluster's issuer key, and the namespaces and names allowed. */
  configureKubernetesAuth(identityId: string, config: KubernetesAuthConfig): void {
    this.logins.configureKubernetesAuth(identityId, config);
  }

  /**
   * Universal Auth for an identity, with one client secret; returns the client id, the secret
   * (generated unless given) and the secret's row id.
   */
  configureUniversalAuth(
    identityId: string,
    config: UniversalAuthConfig = {},
  ): UniversalAuthCredentials {
    return this.logins.configureUniversalAuth(identityId, config);
  }

  /**
   * A new client secret of an identity's Universal Auth (attached, with a client id of its own,
   * when the identity has none); returns its row id and the secret. `createdAt` backdates it.
   */
  addClientSecret(
    identityId: string,
    options: Omit<ClientSecretOptions, 'secret'> = {},
  ): { id: string; clientSecret: string; clientId: string } {
    const clientId = this.logins.clientIdOf(identityId);
    const identity = this.store.identityFor({ identityId });
    const row = this.store.addClientSecret(identity, options);
    return { id: row.id, clientSecret: row.secret, clientId };
  }

  /**
   * A copy of a client secret's row (the API's fields, dates as Date, and the identity it belongs
   * to; never the secret), or undefined when unknown.
   */
  clientSecret(id: string): ClientSecretView | undefined {
    const row = this.store.clientSecret(id);
    if (!row) return undefined;
    const view: ClientSecretView & { secret?: string } = {
      ...row,
      createdAt: new Date(row.createdAt),
      updatedAt: new Date(row.updatedAt),
    };
    delete view.secret;
    return view;
  }

  /** The API names of an identity's auth methods, as the memberships list shows them. */
  authMethodsOf(identityId: string): string[] {
    const identity = this.store.identity(identityId);
    if (!identity) throw new Error(`no identity ${identityId}`);
    return authMethodsOf(identity);
  }

  /** The next revoke-by-id requests are answered by these faults, in order. */
  inject(...faults: Fault[]): void {
    this.injectOn('revoke', ...faults);
  }

  /** The next requests of one route family are answered by these faults, in order. */
  injectOn(route: RouteFamily, ...faults: Fault[]): void {
    this.faults.set(route, [...(this.faults.get(route) ?? []), ...faults]);
  }

  /** Requests to the revoke-by-id route (under any prefix, /api or not). */
  revokeRequests(): RecordedRequest[] {
    return this.requests.filter((r) => REVOKE_PATH.test(r.path.split('?')[0] as string));
  }

  requestsTo(route: RouteFamily): RecordedRequest[] {
    return this.requests.filter((r) => r.route === route);
  }

  private countInFlight(family: RouteFamily, res: ServerResponse): void {
    const now = (this.inFlightByRoute.get(family) ?? 0) + 1;
    this.inFlightByRoute.set(family, now);
    this.maxInFlightByRoute.set(family, Math.max(this.maxInFlightByRoute.get(family) ?? 0, now));
    res.on('close', () =>
      this.inFlightByRoute.set(family, (this.inFlightByRoute.get(family) ?? 1) - 1),
    );
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const recorded: RecordedRequest = {
      method: req.method ?? '',
      path: req.url ?? '',
      headers: req.headers,
    };
    this.requests.push(recorded);
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    res.on('close', () => (this.inFlight -= 1));
    const prefix = this.options.prefix ?? '';
    const [path = '/', search = ''] = (req.url ?? '/').split('?');
    if (!path.startsWith(`${prefix}/api/`)) {
      // Infisical serves its web app on every other path: a 200 HTML page.
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(
        '<!DOCTYPE html><html><head><title>Infisical</title></head><body><div id="root"></div></body></html>',
      );
      return;
    }
    const route = path.slice(prefix.length);
    const spec = ROUTES.find((r) => r.method === req.method && r.pattern.test(route));
    // Counted from arrival, as the whole request is in flight (its body and the answer's delay).
    if (spec) this.countInFlight(spec.family, res);
    const raw = await readBody(req);
    recorded.body = raw;
    if (this.options.latencyMs) await new Promise((r) => setTimeout(r, this.options.latencyMs));
    if (!spec) {
      recorded.route = 'no-route';
      this.send(res, route, 'no-route', {
        status: 404,
        body: {
          reqId: reqId(),
          statusCode: 404,
          message: `Route ${req.method}:${route} not found`,
          error: 'Not Found',
        },
      });
      return;
    }
    recorded.route = spec.family;
    const match = spec.pattern.exec(route);
    const param = decodeParam(match?.[1]);
    // The client-secret routes name the identity first and the secret second.
    const secretId = decodeParam(match?.[2]);
    const body = parseBody(raw, req.headers['content-type']);
    const value = body.ok ? body.value : undefined;
    const tokenId =
      {
        revoke: param,
        'get-token': param,
        'token-revoke': bodyTokenRowId(value),
        renew: bodyTokenRowId(value),
        'get-client-secret': secretId,
        'revoke-client-secret': secretId,
      }[spec.family as string] ?? '';
    const exchange: Exchange = {
      req,
      res,
      route: spec.family,
      tokenId,
      body: value,
      answerNormally: () =>
        this.send(res, route, spec.family, this.answer(spec, req, [param, secretId], body, search)),
      revoke: () => {
        // What the route itself would have done, without its answer.
        if (spec.family === 'revoke-client-secret') {
          const secret = this.store.clientSecret(secretId);
          if (secret) this.store.revokeClientSecret(secret);
          return;
        }
        if (spec.family === 'token-revoke' && this.store.generation === 'current') {
          revokeAccessToken(this.store, value, 'newer');
          return;
        }
        const row = this.store.row(tokenId || undefined);
        if (row && !row.isAccessTokenRevoked) revokeRow(this.store, row);
      },
      json: (status, answerBody, headers, offContract) =>
        this.send(res, route, offContract ? undefined : spec.family, {
          status,
          body: answerBody,
          headers,
        }),
    };
    const fault = this.faults.get(spec.family)?.shift();
    if (fault) await fault(exchange);
    else exchange.answerNormally();
  }

  /**
   * Fastify's order: onRequest (the bearer check), body parsing, preValidation (the route's rate
   * limit), schema validation (422) and the handler (the last two inside each route module).
   */
  private answer(
    spec: RouteSpec,
    req: IncomingMessage,
    params: [string, string],
    body: ParsedBody,
    search: string,
  ): Reply {
    if (spec.family === 'status') {
      // Current servers report their MAX_MACHINE_IDENTITY_TOKEN_AGE here.
      const current = this.store.generation === 'current';
      return ok({
        date: new Date().toISOString(),
        message: 'Ok',
        ...(current ? { maxIdentityAccessTokenTTL: this.store.maxTokenAgeSeconds } : {}),
      });
    }
    let caller: Caller | undefined;
    if (BEARER_ROUTES.has(spec.family)) {
      const auth = authenticate(this.store, req.headers.authorization);
      if (!isCaller(auth)) return auth;
      caller = auth;
    }
    // An unparseable body is a Fastify error the handler does not know: 500 (error-handler.ts).
    if (!body.ok) return somethingWentWrong();
    const window = spec.rateClass ? this.windows[spec.rateClass].take() : { headers: {} };
    if ('limited' in window) {
      this.rateLimited += 1;
      return window.limited;
    }
    const reply = this.handler(spec.family, caller, params, body.value, search, req);
    return { ...reply, headers: { ...window.headers, ...reply.headers } };
  }

  private handler(
    family: RouteFamily,
    caller: Caller | undefined,
    [param, secretId]: [string, string],
    body: unknown,
    search: string,
    req: IncomingMessage,
  ): Reply {
    const fields = this.options.tokenFields ?? 'newer';
    if (caller) {
      if (family === 'list-identities') {
        const shape = this.options.memberships ?? 'newer';
        return listIdentityMemberships(
          this.store,
          caller,
          param,
          new URLSearchParams(search),
          shape,
        );
      }
      if (family === 'list-client-secrets') return listClientSecrets(this.store, caller, param);
      if (family === 'get-client-secret') {
        return getClientSecret(this.store, caller, param, secretId);
      }
      if (family === 'revoke-client-secret') {
        return revokeClientSecret(this.store, caller, param, secretId);
      }
      if (family === 'create-client-secret') {
        return createClientSecret(this.store, caller, param, body);
      }
      if (family === 'identity-details') {
        return identityDetails(this.store, caller, (req.url ?? '').split('?')[0] as string);
      }
      if (family === 'revoke') return revokeById(this.store, caller, param);
      if (family === 'get-token') return getToken(this.store, caller, param, fields);
      if (family === 'list-tokens') {
        return listTokens(this.store, caller, param, new URLSearchParams(search), fields);
      }
      if (family === 'create-token') return createToken(this.store, caller, param, body);
    }
    if (family === 'token-revoke') {
      return revokeAccessToken(this.store, body, this.options.tokenRevoke ?? 'newer');
    }
    if (family === 'renew') return renewAccessToken(this.store, body);
    if (family === 'oidc-login') return this.logins.oidcLogin(body);
    if (family === 'universal-auth-login') return this.logins.universalAuthLogin(body);
    if (family === 'aws-auth-login') return this.logins.awsLogin(body);
    if (family === 'kubernetes-auth-login') return this.logins.kubernetesLogin(body);
    return somethingWentWrong();
  }

  private send(
    res: ServerResponse,
    path: string,
    route: RouteFamily | undefined,
    reply: Reply,
  ): void {
    if (route) this.answers.push({ path, route, status: reply.status, body: reply.body });
    const text = JSON.stringify(reply.body);
    res.writeHead(reply.status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(Buffer.byteLength(text)),
      ...reply.headers,
    });
    res.end(text);
  }
}

function decodeParam(raw: string | undefined): string {
  if (raw === undefined) return '';
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk));
    req.on('end', () => resolve(text));
    req.on('error', () => resolve(text));
  });
}

/**
 * Fastify's JSON parser: no body is `undefined`; a JSON content type with an empty or broken body,
 * or a body of another content type, is an error.
 */
function parseBody(raw: string, contentType: string | undefined): ParsedBody {
  const json = /^application\/json/i.test(contentType ?? '');
  if (raw === '') return json ? { ok: false } : { ok: true, value: undefined };
  if (!json) return { ok: false };
  try {
    return { ok: true, value: JSON.parse(raw) as unknown };
  } catch {
    return { ok: false };
  }
}

export async function startFakeInfisical(options: FakeOptions = {}): Promise<FakeInfisical> {
  return new FakeInfisical(options).start();
}
