// What the fake Infisical knows: organizations, machine identities, the identity-access-token table
// (one row per access token, whatever login made it), the access tokens it accepts as bearer or
// body credentials, and the login configurations. Plain data and lookups; the route modules decide
// what the server answers.
import { randomBytes, randomUUID } from 'node:crypto';

export const AUTH_METHODS = [
  'TOKEN_AUTH',
  'OIDC_AUTH',
  'UNIVERSAL_AUTH',
  'AWS_IAM_AUTH',
  'KUBERNETES_AUTH',
] as const;
export type AuthMethod = (typeof AUTH_METHODS)[number];

/**
 * How the fake treats an access token: `allowed` may read, create, edit and delete identities
 * (and their tokens and client secrets), `read-only` may only read, `edit-only` may edit (revoke
 * tokens) but not read (a custom role with Identity → Edit and without Identity → Read),
 * `no-delete` may read, create and edit but not delete (so it revokes tokens but not client
 * secrets), `denied` none of these; `expired` is past its JWT exp; `foreign` was signed by another
 * server (another region, another install).
 */
export const ACCESS_TOKEN_ROLES = [
  'allowed',
  'read-only',
  'edit-only',
  'no-delete',
  'expired',
  'denied',
  'foreign',
] as const;
export type AccessTokenRole = (typeof ACCESS_TOKEN_ROLES)[number];

/** Infisical's default Token Auth and login TTL (30 days), in seconds. */
export const DEFAULT_TTL_SECONDS = 2_592_000;

/**
 * The two server generations (Infisical PR #6234, "redis-first identity access token redesign"):
 * `legacy` reads the identity_access_tokens row on every check; `current` (Infisical Cloud,
 * self-hosted v0.160+) trusts the JWT's own claims plus revocation markers.
 */
export type Generation = 'legacy' | 'current';

/** MAX_MACHINE_IDENTITY_TOKEN_AGE's default on current servers: 90 days, in seconds. */
export const DEFAULT_MAX_TOKEN_AGE_SECONDS = 7_776_000;

/**
 * When current servers start refusing pre-redesign tokens that carry no `exp` (the legacy grace of
 * Infisical PRs #6318/#6319): this date plus the max token age.
 */
export const MAX_AGE_ENFORCED_FROM = new Date('2026-05-04T00:00:00Z');

/** A row of Infisical's identity_access_tokens table. */
export interface TokenRow {
  id: string;
  identityId: string;
  authMethod: AuthMethod;
  name: string | null;
  createdAt: Date;
  updatedAt: Date;
  isAccessTokenRevoked: boolean;
  /** Seconds; 0 = never expires. */
  accessTokenTTL: number;
  accessTokenMaxTTL: number;
  accessTokenNumUses: number;
  accessTokenNumUsesLimit: number;
  accessTokenLastUsedAt: Date | null;
  accessTokenLastRenewedAt: Date | null;
  accessTokenPeriod: number;
  identityUAClientSecretId: string | null;
  subOrganizationId: string | null;
}

export interface Identity {
  id: string;
  orgId: string;
  name: string;
  /** Whether Token Auth is attached: listing its tokens needs it. */
  tokenAuth: boolean;
  /**
   * The other auth methods attached, by the API's names ('universal-auth', 'oidc-auth',
   * 'aws-auth', 'kubernetes-auth', …), in the order they were attached.
   */
  otherAuthMethods: string[];
  /** Its organization membership (identity_org_memberships / memberships): id and creation. */
  membershipId: string;
  createdAt: Date;
}

/**
 * A row of identity_ua_client_secrets as the API shows it (sanitizedClientSecretSchema), plus what
 * the fake needs: the identity it belongs to and the secret itself (the server keeps a hash).
 */
export interface ClientSecretRow {
  id: string;
  createdAt: Date;
  updatedAt: Date;
  description: string;
  /** The secret's first four characters (the login looks candidates up by them). */
  clientSecretPrefix: string;
  clientSecretNumUses: number;
  /** 0 = unlimited. */
  clientSecretNumUsesLimit: number;
  /** Seconds from createdAt; 0 = never expires. */
  clientSecretTTL: number;
  identityUAId: string;
  isClientSecretRevoked: boolean;
  identityId: string;
  secret: string;
}

/** A client secret's row as FakeInfisical.clientSecret() hands it to a test: never the secret. */
export type ClientSecretView = Omit<ClientSecretRow, 'secret'>;

/** The API's names of the auth methods (identity.authMethods), Token Auth's first. */
export const TOKEN_AUTH_METHOD = 'token-auth';
export const UNIVERSAL_AUTH_METHOD = 'universal-auth';

/** Every auth method attached to an identity, as identity.authMethods lists them. */
export const authMethodsOf = (identity: Identity): string[] => [
  ...(identity.tokenAuth ? [TOKEN_AUTH_METHOD] : []),
  ...identity.otherAuthMethods,
];

/** Attaches an auth method (once) by its API name; 'token-auth' sets tokenAuth. */
export function attachAuthMethod(identity: Identity, method: string): void {
  if (method === TOKEN_AUTH_METHOD) identity.tokenAuth = true;
  else if (!identity.otherAuthMethods.includes(method)) identity.otherAuthMethods.push(method);
}

export interface AccessTokenGrant {
  role: AccessTokenRole;
  /** The identity the token acts as; else the row its JWT names decides, else the default one. */
  identityId?: string;
  /** The organization the token acts in; else its identity's. */
  orgId?: string;
  /**
   * Issued by the fake (a login, issueAccessToken, a renewal) rather than registered by a test:
   * only these are held to the current generation's rules for pre-redesign tokens (max age, a row
   * that must exist); a registered token is a credential the fake accepts by fiat.
   */
  issued?: boolean;
}

export interface IdentityOptions {
  id?: string;
  /** Created on first use; default: the fake's default organization. */
  orgId?: string;
  /** Default `identity-<n>` (n counts the identities of the fake, the default one being 1). */
  name?: string;
  /** Token Auth attached (default true). */
  tokenAuth?: boolean;
  /**
   * Other auth methods attached, by the API's names ('oidc-auth', 'aws-auth', 'kubernetes-auth',
   * 'universal-auth', …): they show in the memberships list. configureUniversalAuth(),
   * configureOidc() and the rest attach theirs too.
   */
  authMethods?: string[];
}

export interface TokenOptions {
  /** The identity the token belongs to; created in `orgId` when unknown. */
  identityId?: string;
  /** Without `identityId`: a new identity in this organization (another org than the caller's). */
  orgId?: string;
  authMethod?: AuthMethod;
  name?: string | null;
  createdAt?: Date;
  updatedAt?: Date;
  /** accessTokenTTL in seconds (0 = never expires). */
  ttl?: number;
  maxTtl?: number;
  numUsesLimit?: number;
  numUses?: number;
  revoked?: boolean;
  identityUAClientSecretId?: string | null;
}

export interface ClientSecretOptions {
  description?: string;
  /** Backdates the secret (its age counts for expiry and for the action's older-than). */
  createdAt?: Date;
  /** clientSecretTTL in seconds (0 = never expires). */
  ttlSeconds?: number;
  /** clientSecretNumUsesLimit (0 = unlimited). */
  numUsesLimit?: number;
  numUses?: number;
  revoked?: boolean;
  /** The secret itself (default: 64 hex characters, as the server makes them). */
  secret?: string;
}

/** A client secret as the API serializes it (sanitizedClientSecretSchema). */
export function clientSecretJson(row: ClientSecretRow): Record<string, unknown> {
  return {
    id: row.id,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    description: row.description,
    clientSecretPrefix: row.clientSecretPrefix,
    clientSecretNumUses: row.clientSecretNumUses,
    clientSecretNumUsesLimit: row.clientSecretNumUsesLimit,
    clientSecretTTL: row.clientSecretTTL,
    identityUAId: row.identityUAId,
    isClientSecretRevoked: row.isClientSecretRevoked,
  };
}

/** Postgres uuid columns compare case-insensitively and return lower case. */
export const uuidKey = (id: string): string => id.toLowerCase();

export interface StoreDefaults {
  orgId?: string;
  identityId?: string;
  generation?: Generation;
  maxTokenAgeSeconds?: number;
}

export class Store {
  readonly orgs = new Set<string>();
  readonly identities = new Map<string, Identity>();
  readonly rows = new Map<string, TokenRow>();
  /** Ids the cleanup job deleted: an access token naming one is refused like a revoked one. */
  readonly pruned = new Set<string>();
  readonly accessTokens = new Map<string, AccessTokenGrant>();
  /**
   * Current servers' identity_access_token_revocations (identity-access-token-revocation-dal.ts):
   * a per-token marker keyed by the JWT's jti, with the time it stops mattering (the token's exp).
   */
  readonly tokenMarkers = new Map<string, Date>();
  /** Identity-wide "revoke all" markers (id = the identity's id): revokedAt, in ms. */
  readonly identityMarkers = new Map<string, number>();
  /** Current servers' use counter per token id (kept in Redis there, never in the row). */
  readonly uses = new Map<string, number>();
  /** Universal Auth client secrets by id (identity_ua_client_secrets). */
  readonly clientSecrets = new Map<string, ClientSecretRow>();
  /** The identity_universal_auths row id of each identity that has Universal Auth. */
  readonly universalAuthIds = new Map<string, string>();
  /**
   * Current servers' client-secret-scoped revocation markers (revokeAllTokensForClientSecret):
   * the secret's id → revokedAt in ms; a token carrying that clientSecretId issued before it is refused.
   */
  readonly clientSecretMarkers = new Map<string, number>();
  readonly defaultOrgId: string;
  readonly defaultIdentityId: string;
  readonly generation: Generation;
  readonly maxTokenAgeSeconds: number;
  private lastTick = 0;

  constructor(defaults: StoreDefaults = {}) {
    this.generation = defaults.generation ?? 'legacy';
    this.maxTokenAgeSeconds = defaults.maxTokenAgeSeconds ?? DEFAULT_MAX_TOKEN_AGE_SECONDS;
    this.defaultOrgId = uuidKey(defaults.orgId ?? randomUUID());
    this.orgs.add(this.defaultOrgId);
    this.defaultIdentityId = this.addIdentity({ id: defaults.identityId, name: 'default' }).id;
  }

  /**
   * Now, strictly later than any earlier tick: Postgres stamps rows in microseconds, so two
   * updates in one test rarely tie there; the fake must not let them tie at millisecond grain.
   */
  tick(): Date {
    this.lastTick = Math.max(Date.now(), this.lastTick + 1);
    return new Date(this.lastTick);
  }

  addIdentity(options: IdentityOptions = {}): Identity {
    const orgId = uuidKey(options.orgId ?? this.defaultOrgId);
    this.orgs.add(orgId);
    const identity: Identity = {
      id: uuidKey(options.id ?? randomUUID()),
      orgId,
      name: options.name ?? `identity-${this.identities.size + 1}`,
      tokenAuth: options.tokenAuth ?? true,
      otherAuthMethods: [],
      membershipId: randomUUID(),
      createdAt: this.tick(),
    };
    for (const method of options.authMethods ?? []) attachAuthMethod(identity, method);
    this.identities.set(identity.id, identity);
    return identity;
  }

  /** Universal Auth for an identity (once): its identity_universal_auths id. */
  attachUniversalAuth(identity: Identity): string {
    attachAuthMethod(identity, UNIVERSAL_AUTH_METHOD);
    const known = this.universalAuthIds.get(identity.id);
    if (known) return known;
    const id = randomUUID();
    this.universalAuthIds.set(identity.id, id);
    return id;
  }

  /** A new client secret row of an identity's Universal Auth (attached when it has none). */
  addClientSecret(identity: Identity, options: ClientSecretOptions = {}): ClientSecretRow {
    const identityUAId = this.attachUniversalAuth(identity);
    // crypto.randomBytes(32).toString("hex") in createUniversalAuthClientSecret.
    const secret = options.secret ?? randomBytes(32).toString('hex');
    const createdAt = options.createdAt ?? this.tick();
    const row: ClientSecretRow = {
      id: randomUUID(),
      createdAt,
      updatedAt: createdAt,
      description: options.description ?? '',
      clientSecretPrefix: secret.slice(0, 4),
      clientSecretNumUses: options.numUses ?? 0,
      clientSecretNumUsesLimit: options.numUsesLimit ?? 0,
      clientSecretTTL: options.ttlSeconds ?? 0,
      identityUAId,
      isClientSecretRevoked: options.revoked ?? false,
      identityId: identity.id,
      secret,
    };
    this.clientSecrets.set(row.id, row);
    return row;
  }

  clientSecret(id: string | undefined): ClientSecretRow | undefined {
    return id === undefined ? undefined : this.clientSecrets.get(uuidKey(id));
  }

  /**
   * Revokes a client secret (updateById: isClientSecretRevoked, and the updatedAt trigger). Through
   * the revoke route (`killTokens`) a current server also writes the secret-scoped marker that
   * refuses every token issued from it; a login that finds the secret expired or used up only
   * flips the row.
   */
  revokeClientSecret(row: ClientSecretRow, killTokens = true): void {
    row.isClientSecretRevoked = true;
    row.updatedAt = this.tick();
    if (killTokens && this.generation === 'current') {
      this.clientSecretMarkers.set(row.id, row.updatedAt.getTime());
    }
  }

  identity(id: string | undefined): Identity | undefined {
    return id === undefined ? undefined : this.identities.get(uuidKey(id));
  }

  /** The identity a token option names: an existing one, or a new one (in `orgId`). */
  identityFor(options: { identityId?: string; orgId?: string }): Identity {
    if (options.identityId !== undefined) {
      return (
        this.identity(options.identityId) ??
        this.addIdentity({ id: options.identityId, orgId: options.orgId })
      );
    }
    if (options.orgId !== undefined && uuidKey(options.orgId) !== this.defaultOrgId) {
      return this.addIdentity({ orgId: options.orgId });
    }
    return this.identity(this.defaultIdentityId) as Identity;
  }

  addRow(id: string = randomUUID(), options: TokenOptions = {}): TokenRow {
    const identity = this.identityFor(options);
    const createdAt = options.createdAt ?? this.tick();
    const row: TokenRow = {
      id: uuidKey(id),
      identityId: identity.id,
      authMethod: options.authMethod ?? 'TOKEN_AUTH',
      name: options.name ?? null,
      createdAt,
      updatedAt: options.updatedAt ?? createdAt,
      isAccessTokenRevoked: options.revoked ?? false,
      accessTokenTTL: options.ttl ?? DEFAULT_TTL_SECONDS,
      accessTokenMaxTTL: options.maxTtl ?? Math.max(options.ttl ?? 0, DEFAULT_TTL_SECONDS),
      accessTokenNumUses: options.numUses ?? 0,
      accessTokenNumUsesLimit: options.numUsesLimit ?? 0,
      accessTokenLastUsedAt: null,
      accessTokenLastRenewedAt: null,
      accessTokenPeriod: 0,
      identityUAClientSecretId: options.identityUAClientSecretId ?? null,
      subOrganizationId: null,
    };
    this.rows.set(row.id, row);
    this.pruned.delete(row.id);
    return row;
  }

  row(id: string | undefined): TokenRow | undefined {
    return id === undefined ? undefined : this.rows.get(uuidKey(id));
  }

  /** Marks a row revoked; the updatedAt trigger moves it to the top of the list. */
  revoke(row: TokenRow): void {
    row.isAccessTokenRevoked = true;
    row.updatedAt = this.tick();
  }

  /** A per-token revocation marker (an upsert: a second one only moves its expiry). */
  mark(tokenId: string, expiresAt: Date = new Date(Date.now() + this.maxTokenAgeSeconds * 1000)) {
    this.tokenMarkers.set(uuidKey(tokenId), expiresAt);
  }

  /** Whether a live per-token marker names this id (markers past their expiresAt no longer count). */
  isMarked(tokenId: string | undefined, now = Date.now()): boolean {
    const expiresAt = tokenId === undefined ? undefined : this.tokenMarkers.get(uuidKey(tokenId));
    return expiresAt !== undefined && expiresAt.getTime() > now;
  }

  /** The organization's details as /api/v1/identities/details shows them. */
  organization(id: string): { id: string; name: string; slug: string } {
    const short = uuidKey(id).slice(0, 8);
    return { id: uuidKey(id), name: `Org ${short}`, slug: `org-${short}` };
  }

  /**
   * Infisical's resource-cleanup job: deletes revoked rows, expired rows and used-up rows. A
   * deleted id then answers exactly like one that never existed.
   */
  prune(now = Date.now()): string[] {
    const gone = [...this.rows.values()].filter(
      (row) => row.isAccessTokenRevoked || isExpired(row, now) || isUsedUp(row),
    );
    for (const row of gone) {
      this.rows.delete(row.id);
      this.pruned.add(row.id);
    }
    // removeExpiredRevocations runs in the same job: a marker outlives its token, no longer. The
    // fake's JWTs expire by the real clock, so a `now` in the future must not bring one back.
    for (const [id, expiresAt] of this.tokenMarkers) {
      if (expiresAt.getTime() < Math.min(now, Date.now())) this.tokenMarkers.delete(id);
    }
    return gone.map((row) => row.id);
  }
}

/**
 * Expiry never sets isAccessTokenRevoked: a row is expired when its TTL (counted from the last
 * renewal, else creation) has passed. TTL 0 never expires.
 */
export function isExpired(row: TokenRow, now = Date.now()): boolean {
  if (row.accessTokenTTL <= 0) return false;
  const from = (row.accessTokenLastRenewedAt ?? row.createdAt).getTime();
  return from + row.accessTokenTTL * 1000 < now;
}

export function isUsedUp(row: TokenRow): boolean {
  return row.accessTokenNumUsesLimit > 0 && row.accessTokenNumUses >= row.accessTokenNumUsesLimit;
}

/** A row as the API serializes it (dates as ISO strings); older servers lack four columns. */
export function rowJson(
  row: TokenRow,
  fields: 'older' | 'newer' = 'newer',
): Record<string, unknown> {
  const base = {
    id: row.id,
    accessTokenTTL: row.accessTokenTTL,
    accessTokenMaxTTL: row.accessTokenMaxTTL,
    accessTokenNumUses: row.accessTokenNumUses,
    accessTokenNumUsesLimit: row.accessTokenNumUsesLimit,
    accessTokenLastUsedAt: row.accessTokenLastUsedAt?.toISOString() ?? null,
    accessTokenLastRenewedAt: row.accessTokenLastRenewedAt?.toISOString() ?? null,
    isAccessTokenRevoked: row.isAccessTokenRevoked,
    identityUAClientSecretId: row.identityUAClientSecretId,
    identityId: row.identityId,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
  if (fields === 'older') return base;
  return {
    ...base,
    name: row.name,
    authMethod: row.authMethod,
    accessTokenPeriod: row.accessTokenPeriod,
    subOrganizationId: row.subOrganizationId,
  };
}
