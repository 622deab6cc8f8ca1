// What the fake Infisical knows: organizations, machine identities, the identity-access-token table
// (one row per access token, whatever login made it), the access tokens it accepts as bearer or
// body credentials, and the login configurations. Plain data and lookups; the route modules decide
// what the server answers.
import { randomUUID } from 'node:crypto';

export const AUTH_METHODS = [
  'TOKEN_AUTH',
  'OIDC_AUTH',
  'UNIVERSAL_AUTH',
  'AWS_IAM_AUTH',
  'KUBERNETES_AUTH',
] as const;
export type AuthMethod = (typeof AUTH_METHODS)[number];

/**
 * How the fake treats an access token: `allowed` may read and edit identities, `read-only` may
 * only read, `denied` neither; `expired` is past its JWT exp; `foreign` was signed by another
 * server (another region, another install).
 */
export const ACCESS_TOKEN_ROLES = ['allowed', 'read-only', 'expired', 'denied', 'foreign'] as const;
export type AccessTokenRole = (typeof ACCESS_TOKEN_ROLES)[number];

/** Infisical's default Token Auth and login TTL (30 days), in seconds. */
export const DEFAULT_TTL_SECONDS = 2_592_000;

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
}

export interface AccessTokenGrant {
  role: AccessTokenRole;
  /** The identity the token acts as; else the row its JWT names decides, else the default one. */
  identityId?: string;
  /** The organization the token acts in; else its identity's. */
  orgId?: string;
}

export interface IdentityOptions {
  id?: string;
  /** Created on first use; default: the fake's default organization. */
  orgId?: string;
  name?: string;
  /** Token Auth attached (default true). */
  tokenAuth?: boolean;
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

/** Postgres uuid columns compare case-insensitively and return lower case. */
export const uuidKey = (id: string): string => id.toLowerCase();

export class Store {
  readonly orgs = new Set<string>();
  readonly identities = new Map<string, Identity>();
  readonly rows = new Map<string, TokenRow>();
  /** Ids the cleanup job deleted: an access token naming one is refused like a revoked one. */
  readonly pruned = new Set<string>();
  readonly accessTokens = new Map<string, AccessTokenGrant>();
  readonly defaultOrgId: string;
  readonly defaultIdentityId: string;
  private lastTick = 0;

  constructor(defaults: { orgId?: string; identityId?: string } = {}) {
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
      name: options.name ?? 'machine-identity',
      tokenAuth: options.tokenAuth ?? true,
    };
    this.identities.set(identity.id, identity);
    return identity;
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
