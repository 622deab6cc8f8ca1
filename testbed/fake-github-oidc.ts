// A fake of the GitHub Actions ID-token service, on loopback: what a runner gives a job with
// `permissions: id-token: write`. The action (as core.getIDToken does) GETs
// ACTIONS_ID_TOKEN_REQUEST_URL with `&audience=<aud>` appended (the URL already has a query) and
// the request token as bearer, and reads `value` from the JSON answer. `setMode` makes it a
// service that accepts requests and never answers, or trickles a body for ever. The ID token is an RS256 JWT with GitHub's claims, signed by a
// key pair made here; `publicKeyPem`, `jwks()` and `issuer` let the fake Infisical trust it.
import {
  createHash,
  generateKeyPairSync,
  randomBytes,
  randomUUID,
  type JsonWebKey,
  type KeyObject,
} from 'node:crypto';
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { signRs256, type Claims } from './infisical/jwt.js';

export const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com';

export interface GitHubOidcOptions {
  /** Loopback address to listen on (default 127.0.0.1). */
  host?: string;
  owner?: string;
  repo?: string;
  /** Claims that replace or add to GitHub's defaults (undefined removes one). */
  claims?: Claims;
  /** Lifetime of an ID token in seconds (GitHub's: 5 minutes). */
  ttlSeconds?: number;
}

/** Answers the next token request instead of the service: a status and body, or anything. */
export type GitHubOidcFault =
  { status: number; body?: string } | ((req: IncomingMessage, res: ServerResponse) => void);

/**
 * How the service treats every token request from now on: 'answer' as GitHub does; 'never-answer'
 * accepts the request and sends nothing; 'trickle' sends a 200's headers, then a byte of body
 * every `TRICKLE_EVERY_MS`, for ever (a socket timeout that restarts on each byte never fires).
 */
export type GitHubOidcMode = 'answer' | 'never-answer' | 'trickle';

export const TRICKLE_EVERY_MS = 100;

export interface IdTokenRequest {
  path: string;
  authorization: string | undefined;
  accept: string | undefined;
  /** Every header, as received. */
  headers: IncomingHttpHeaders;
  /** performance.now() when the request arrived. */
  at: number;
  /** The audience asked for, if any. */
  audience: string | undefined;
  status: number;
}

export class FakeGitHubOidc {
  readonly issuer = GITHUB_ISSUER;
  readonly publicKeyPem: string;
  /** The key id GitHub puts in the JWT header (`kid`) and its JWKS. */
  readonly kid: string;
  readonly requestToken = randomBytes(24).toString('base64url');
  readonly requests: IdTokenRequest[] = [];
  /** The ID tokens handed out, in order. */
  readonly issued: string[] = [];
  url = '';
  private readonly privateKey: KeyObject;
  private readonly publicKey: KeyObject;
  private readonly faults: GitHubOidcFault[] = [];
  private mode: GitHubOidcMode = 'answer';
  private readonly trickles = new Set<NodeJS.Timeout>();
  private readonly sockets = new Set<Socket>();
  private readonly server;

  constructor(private readonly options: GitHubOidcOptions = {}) {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.privateKey = privateKey;
    this.publicKey = publicKey;
    this.publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    this.kid = createHash('sha256')
      .update(this.publicKeyPem)
      .digest('hex')
      .slice(0, 40)
      .toUpperCase();
    this.server = createServer((req, res) => this.handle(req, res));
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  async start(port = 0): Promise<this> {
    const host = this.options.host ?? '127.0.0.1';
    await new Promise<void>((resolve) => this.server.listen(port, host, resolve));
    const { port: bound } = this.server.address() as AddressInfo;
    this.url = `http://${host.includes(':') ? `[${host}]` : host}:${bound}`;
    return this;
  }

  async close(): Promise<void> {
    for (const timer of this.trickles) clearInterval(timer);
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /**
   * The runner's variables for a job allowed to ask for an ID token. GitHub's URL has a query
   * (`?api-version=2.0`); `query: ''` gives one without, to which `?audience=` is appended.
   */
  env({ query = '?api-version=2.0' }: { query?: string } = {}): {
    ACTIONS_ID_TOKEN_REQUEST_URL: string;
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: string;
  } {
    return {
      ACTIONS_ID_TOKEN_REQUEST_URL: `${this.url}/_apis/distributedtask/idtoken${query}`,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: this.requestToken,
    };
  }

  /** The provider's signing keys, as its jwks_uri serves them. */
  jwks(): { keys: JsonWebKey[] } {
    return {
      keys: [
        { ...this.publicKey.export({ format: 'jwk' }), kid: this.kid, use: 'sig', alg: 'RS256' },
      ],
    };
  }

  /** The next token requests fail this way, in order (e.g. a 500 then a normal answer). */
  inject(...faults: GitHubOidcFault[]): void {
    this.faults.push(...faults);
  }

  /** Every later token request is treated this way (faults injected still come first). */
  setMode(mode: GitHubOidcMode): void {
    this.mode = mode;
  }

  /** GitHub's claims for this job, with `audience` and any overrides. */
  claims(audience?: string, overrides: Claims = {}): Claims {
    const owner = this.options.owner ?? 'octo-org';
    const repo = `${owner}/${this.options.repo ?? 'octo-repo'}`;
    const now = Math.floor(Date.now() / 1000);
    const ref = 'refs/heads/main';
    const merged: Claims = {
      jti: randomUUID(),
      sub: `repo:${repo}:ref:${ref}`,
      aud: audience ?? `https://github.com/${owner}`,
      ref,
      sha: randomBytes(20).toString('hex'),
      repository: repo,
      repository_owner: owner,
      repository_owner_id: '1234567',
      repository_id: '7654321',
      repository_visibility: 'private',
      run_id: '9876543210',
      run_number: '42',
      run_attempt: '1',
      actor: 'octocat',
      actor_id: '583231',
      workflow: 'CI',
      event_name: 'push',
      ref_type: 'branch',
      ref_protected: 'true',
      job_workflow_ref: `${repo}/.github/workflows/ci.yml@${ref}`,
      workflow_ref: `${repo}/.github/workflows/ci.yml@${ref}`,
      runner_environment: 'github-hosted',
      iss: this.issuer,
      nbf: now - 5,
      exp: now + (this.options.ttlSeconds ?? 300),
      iat: now,
      ...this.options.claims,
      ...overrides,
    };
    for (const [key, value] of Object.entries(merged)) if (value === undefined) delete merged[key];
    return merged;
  }

  /** An ID token signed by this provider, without going through HTTP. */
  idToken(audience?: string, overrides: Claims = {}): string {
    return signRs256(this.claims(audience, overrides), this.privateKey, {
      x5t: this.kid,
      kid: this.kid,
    });
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const send = (status: number, body: unknown) => {
      const text = typeof body === 'string' ? body : JSON.stringify(body);
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
      res.end(text);
      return status;
    };
    if (url.pathname === '/.well-known/openid-configuration') {
      send(200, { issuer: this.issuer, jwks_uri: `${this.url}/.well-known/jwks` });
      return;
    }
    if (url.pathname === '/.well-known/jwks') {
      send(200, this.jwks());
      return;
    }
    const record: IdTokenRequest = {
      path: req.url ?? '',
      authorization: req.headers.authorization,
      accept: req.headers.accept,
      headers: req.headers,
      at: performance.now(),
      audience: url.searchParams.get('audience') ?? undefined,
      status: 0,
    };
    this.requests.push(record);
    const fault = this.faults.shift();
    if (typeof fault === 'function') return fault(req, res);
    if (fault) {
      record.status = send(fault.status, fault.body ?? '');
      return;
    }
    if (this.mode === 'never-answer') return;
    if (this.mode === 'trickle') {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      res.write('{"value":"');
      const timer = setInterval(() => res.write('e'), TRICKLE_EVERY_MS);
      this.trickles.add(timer);
      res.on('close', () => {
        clearInterval(timer);
        this.trickles.delete(timer);
      });
      return;
    }
    if (url.pathname !== '/_apis/distributedtask/idtoken') {
      record.status = send(404, { message: 'Not found' });
      return;
    }
    if (req.headers.authorization !== `Bearer ${this.requestToken}`) {
      record.status = send(401, { message: 'Unauthorized' });
      return;
    }
    const value = this.idToken(record.audience);
    this.issued.push(value);
    record.status = send(200, { count: value.length, value });
  }
}

export async function startFakeGitHubOidc(
  options: GitHubOidcOptions = {},
): Promise<FakeGitHubOidc> {
  return new FakeGitHubOidc(options).start();
}
