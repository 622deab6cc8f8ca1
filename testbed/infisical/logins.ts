// The login routes (no Authorization header, write-class): OIDC Auth (a GitHub Actions ID
// token), Universal Auth (client id and secret), AWS Auth (a SigV4-signed STS GetCallerIdentity
// request, checked here as STS would: aws-sts.ts) and Kubernetes Auth (a service account JWT,
// checked against its issuer's key as the cluster's TokenReview would). A login creates a live row of its auth method
// and answers with a JWT naming it, which the fake then accepts as a bearer of that identity.
import { createPublicKey, randomUUID, type JsonWebKey, type KeyObject } from 'node:crypto';
import {
  bodyIssue,
  error,
  ok,
  somethingWentWrong,
  stringIssue,
  validationFailure,
  type Issue,
  type Reply,
} from './answers.js';
import { issue } from './access-tokens.js';
import { globMatch } from './glob.js';
import { decodeJwt, verifyRsaJwt, type Claims } from './jwt.js';
import {
  attachAuthMethod,
  DEFAULT_TTL_SECONDS,
  uuidKey,
  type AuthMethod,
  type Store,
} from './store.js';
import { callerOf, principalArnOf, type AwsCaller } from './aws-sts.js';

export type { AwsCaller } from './aws-sts.js';

export interface AwsAuthConfig extends LoginTtl {
  /** The AWS identities STS knows: their keys and who they are. */
  callers: AwsCaller[];
  /** allowedPrincipalArns: ARNs separated by commas, `*` a wildcard; empty = any. */
  allowedPrincipalArns?: string;
  /** allowedAccountIds: account ids separated by commas; empty = any. */
  allowedAccountIds?: string;
}

export interface KubernetesAuthConfig extends LoginTtl {
  /** The cluster's service-account issuer key (what TokenReview checks the signature with). */
  publicKeyPem: string;
  issuer?: string;
  /** allowedNamespaces, allowedNames: comma-separated; empty = any. */
  allowedNamespaces?: string;
  allowedNames?: string;
  /** allowedAudience: empty = any. */
  allowedAudience?: string;
}

export interface LoginTtl {
  /** accessTokenTTL of the tokens this login issues (seconds; default: the fake's loginTtl). */
  accessTokenTTL?: number;
  accessTokenMaxTTL?: number;
}

export interface OidcConfig extends LoginTtl {
  /** boundIssuer; empty = not checked (jsonwebtoken skips a falsy issuer). */
  issuer: string;
  /** The provider's key; `kid` names it for tokens that carry one (any kid matches when absent). */
  publicKeyPem?: string;
  kid?: string;
  /** Or the provider's JWKS, as its jwks_uri serves it. */
  jwks?: { keys: JsonWebKey[] };
  /** Audiences separated by ", " (comma AND space, as the server splits them); globs allowed. */
  boundAudiences?: string;
  /** A glob matched against `sub`. */
  boundSubject?: string;
  /** Claim (dot path) → ", "-separated globs. */
  boundClaims?: Record<string, string>;
}

export interface UniversalAuthConfig extends LoginTtl {
  clientId?: string;
  clientSecret?: string;
  /** The client secret's TTL has passed. */
  clientSecretExpired?: boolean;
  /** Logins allowed with the client secret (0 = unlimited). */
  clientSecretNumUsesLimit?: number;
  /** Failed logins before the method locks (0 = lockout off). */
  lockoutThreshold?: number;
}

interface UaState {
  identityId: string;
  config: UniversalAuthConfig & { clientId: string };
  failures: number;
}

/** What configureUniversalAuth() gives a test: the credentials and the secret's row id. */
export interface UniversalAuthCredentials {
  clientId: string;
  clientSecret: string;
  clientSecretId: string;
}

export class Logins {
  private readonly oidc = new Map<string, OidcConfig>();
  private readonly ua = new Map<string, UaState>();
  private readonly aws = new Map<string, AwsAuthConfig>();
  private readonly kubernetes = new Map<string, KubernetesAuthConfig>();

  constructor(
    private readonly store: Store,
    /** The TTL of login tokens when a configuration names none. */
    private readonly defaultTtl: number = DEFAULT_TTL_SECONDS,
  ) {}

  configureOidc(identityId: string, config: OidcConfig): void {
    attachAuthMethod(this.store.identityFor({ identityId }), 'oidc-auth');
    this.oidc.set(uuidKey(identityId), config);
  }

  configureAwsAuth(identityId: string, config: AwsAuthConfig): void {
    attachAuthMethod(this.store.identityFor({ identityId }), 'aws-auth');
    this.aws.set(uuidKey(identityId), config);
  }

  configureKubernetesAuth(identityId: string, config: KubernetesAuthConfig): void {
    attachAuthMethod(this.store.identityFor({ identityId }), 'kubernetes-auth');
    this.kubernetes.set(uuidKey(identityId), config);
  }

  /**
   * Universal Auth for an identity, with one client secret (a row of the store). Configuring it
   * again adds a client id and a secret to the same Universal Auth: a test may keep several.
   */
  configureUniversalAuth(
    identityId: string,
    config: UniversalAuthConfig = {},
  ): UniversalAuthCredentials {
    const identity = this.store.identityFor({ identityId });
    const clientId = config.clientId ?? randomUUID();
    this.ua.set(clientId, {
      identityId: identity.id,
      config: { ...config, clientId },
      failures: 0,
    });
    // An expired secret: its TTL (a minute) passed a minute ago.
    const expired = config.clientSecretExpired
      ? { ttlSeconds: 60, createdAt: new Date(Date.now() - 120_000) }
      : {};
    const row = this.store.addClientSecret(identity, {
      secret: config.clientSecret,
      numUsesLimit: config.clientSecretNumUsesLimit,
      ...expired,
    });
    return { clientId, clientSecret: row.secret, clientSecretId: row.id };
  }

  /** The client id of an identity's Universal Auth (attached with defaults when it has none). */
  clientIdOf(identityId: string): string {
    const key = uuidKey(identityId);
    for (const [clientId, state] of this.ua) if (state.identityId === key) return clientId;
    const clientId = randomUUID();
    const identity = this.store.identityFor({ identityId });
    this.store.attachUniversalAuth(identity);
    this.ua.set(clientId, { identityId: identity.id, config: { clientId }, failures: 0 });
    return clientId;
  }

  private answer(
    identityId: string,
    authMethod: AuthMethod,
    ttl: LoginTtl,
    extra: { identityUAClientSecretId?: string } = {},
  ): Reply {
    const accessTokenTTL = ttl.accessTokenTTL ?? this.defaultTtl;
    const accessTokenMaxTTL =
      ttl.accessTokenMaxTTL ?? Math.max(accessTokenTTL, DEFAULT_TTL_SECONDS);
    const { token } = issue(this.store, {
      identityId,
      authMethod,
      ttl: accessTokenTTL,
      maxTtl: accessTokenMaxTTL,
      ...extra,
    });
    return ok({
      accessToken: token,
      expiresIn: accessTokenTTL,
      accessTokenMaxTTL,
      tokenType: 'Bearer',
    });
  }

  /** POST /api/v1/auth/oidc-auth/login, in the order of identity-oidc-auth-service.ts login(). */
  oidcLogin(body: unknown): Reply {
    const issues = fieldIssues(body, ['identityId', 'jwt']);
    if (issues.length > 0) return validationFailure(issues);
    const { identityId, jwt } = body as { identityId: string; jwt: string };
    const config = this.oidc.get(uuidKey(identityId.trim()));
    if (!config) {
      return error(
        404,
        'NotFound',
        'OIDC auth method not found for identity, did you configure OIDC auth?',
      );
    }
    const denied = (message: string) => error(401, 'UnauthorizedError', message);
    const token = jwt.trim();
    const decoded = decodeJwt(token);
    if (!decoded) return denied('Invalid JWT');
    const keys = providerKeys(config);
    const kid = typeof decoded.header.kid === 'string' ? decoded.header.kid : undefined;
    let claims: Claims;
    if (kid !== undefined) {
      const key = keys.find((k) => k.kid === undefined || k.kid === kid);
      if (!key) {
        return denied(
          `Access denied: Unable to verify JWT signature. The signing key '${kid}' was not found in the OIDC provider's JWKS endpoint. This may indicate an invalid token or misconfigured OIDC provider.`,
        );
      }
      const result = verifyRsaJwt(token, key.key, config.issuer);
      if ('error' in result) return denied(`Access denied: ${result.error}`);
      claims = result.claims;
    } else {
      if (keys.length === 0) {
        return denied(
          "Access denied: No signing keys available from OIDC provider's JWKS endpoint.",
        );
      }
      let lastError = 'Invalid token';
      let verified: Claims | undefined;
      for (const key of keys) {
        const result = verifyRsaJwt(token, key.key, config.issuer);
        if ('claims' in result) {
          verified = result.claims;
          break;
        }
        lastError = result.error;
      }
      if (!verified) {
        return denied(
          `Access denied: Unable to verify JWT signature with any available signing key. ${lastError}`,
        );
      }
      claims = verified;
    }
    if (config.boundSubject && !fieldMatches(claims.sub, config.boundSubject)) {
      return error(403, 'ForbiddenError', 'Access denied: OIDC subject not allowed.');
    }
    if (
      config.boundAudiences &&
      !config.boundAudiences.split(', ').some((policy) => fieldMatches(claims.aud, policy))
    ) {
      return denied('Access denied: OIDC audience not allowed.');
    }
    for (const [claim, policy] of Object.entries(config.boundClaims ?? {})) {
      const value = valueByDot(claims, claim);
      if (!value) return denied(`Access denied: token has no ${claim} field`);
      if (!policy.split(', ').some((entry) => fieldMatches(value, entry))) {
        return denied('Access denied: OIDC claim not allowed.');
      }
    }
    return this.answer(identityId, 'OIDC_AUTH', config);
  }

  /**
   * POST /api/v1/auth/universal-auth/login, in the order of identity-ua-service.ts login(): the
   * client id, the lockout, a live secret of the identity matching the one given (a revoked one
   * is no candidate: "Invalid credentials"), its expiry and its uses (either revokes it), then one
   * use of it and a token whose JWT names it (`clientSecretId`).
   */
  universalAuthLogin(body: unknown): Reply {
    const issues = fieldIssues(body, ['clientId', 'clientSecret']);
    if (issues.length > 0) return validationFailure(issues);
    const { clientId, clientSecret } = body as { clientId: string; clientSecret: string };
    const denied = (message: string) => error(401, 'UnauthorizedError', message);
    const state = this.ua.get(clientId.trim());
    if (!state) return denied('Invalid credentials');
    const { config } = state;
    const threshold = config.lockoutThreshold ?? 0;
    const locked = 'This identity auth method is temporarily locked, please try again later';
    if (threshold > 0 && state.failures >= threshold) return denied(locked);
    const uaId = this.store.universalAuthIds.get(state.identityId);
    const given = clientSecret.trim();
    const secret = [...this.store.clientSecrets.values()].find(
      (row) => row.identityUAId === uaId && !row.isClientSecretRevoked && row.secret === given,
    );
    if (!secret) {
      state.failures += 1;
      return denied('Invalid credentials');
    }
    state.failures = 0;
    if (
      secret.clientSecretTTL > 0 &&
      Date.now() > secret.createdAt.getTime() + secret.clientSecretTTL * 1000
    ) {
      this.store.revokeClientSecret(secret, false);
      return denied('Access denied due to expired client secret');
    }
    const limit = secret.clientSecretNumUsesLimit;
    if (limit > 0 && secret.clientSecretNumUses >= limit) {
      this.store.revokeClientSecret(secret, false);
      return denied('Access denied due to client secret usage limit reached');
    }
    secret.clientSecretNumUses += 1;
    return this.answer(state.identityId, 'UNIVERSAL_AUTH', config, {
      identityUAClientSecretId: secret.id,
    });
  }

  /**
   * POST /api/v1/auth/aws-auth/login, in the order of identity-aws-auth-service.ts login(): the
   * region from the Authorization header's scope, the request "sent" to sts.<region>.amazonaws.com
   * (checked here as STS checks it), then allowed accounts and principal ARNs.
   */
  awsLogin(body: unknown): Reply {
    const issues = fieldIssues(body, [
      'identityId',
      'iamHttpRequestMethod',
      'iamRequestBody',
      'iamRequestHeaders',
    ]);
    if (issues.length > 0) return validationFailure(issues);
    const b = body as Record<string, string>;
    const config = this.aws.get(uuidKey(b.identityId!.trim()));
    if (!config) {
      return error(
        404,
        'NotFound',
        'AWS auth method not found for identity, did you configure AWS auth?',
      );
    }
    let headers: Record<string, string>;
    try {
      headers = JSON.parse(Buffer.from(b.iamRequestHeaders!, 'base64').toString()) as Record<
        string,
        string
      >;
    } catch {
      return somethingWentWrong();
    }
    const requestBody = Buffer.from(b.iamRequestBody!, 'base64').toString();
    const sts = callerOf(config.callers, b.iamHttpRequestMethod!, headers, requestBody);
    if ('badRegion' in sts) return error(400, 'BadRequest', 'Invalid AWS region');
    // STS refused it: Infisical's request() throws, and the login fails with STS's status.
    if ('refused' in sts)
      return error(
        401,
        'UnauthorizedError',
        `Request failed with status code 403 (${sts.refused})`,
      );
    const { caller } = sts;
    if (config.allowedAccountIds) {
      const ok = config.allowedAccountIds
        .split(',')
        .map((id) => id.trim())
        .includes(caller.account);
      if (!ok) return error(401, 'UnauthorizedError', 'Access denied: AWS account ID not allowed.');
    }
    if (config.allowedPrincipalArns) {
      const formatted = principalArnOf(caller.arn);
      const ok = config.allowedPrincipalArns
        .split(',')
        .map((arn) => arn.trim())
        .some((arn) => arnMatches(formatted, arn) || arnMatches(caller.arn, arn));
      if (!ok) {
        return error(
          401,
          'UnauthorizedError',
          `Access denied: AWS principal ARN not allowed. [principal-arn=${formatted}]`,
        );
      }
    }
    return this.answer(b.identityId!, 'AWS_IAM_AUTH', config);
  }

  /**
   * POST /api/v1/auth/kubernetes-auth/login: the JWT as the cluster's TokenReview checks it (its
   * issuer's signature, expiry, audience), then the identity's allowed namespaces and names.
   */
  kubernetesLogin(body: unknown): Reply {
    const issues = fieldIssues(body, ['identityId', 'jwt']);
    if (issues.length > 0) return validationFailure(issues);
    const { identityId, jwt } = body as { identityId: string; jwt: string };
    const config = this.kubernetes.get(uuidKey(identityId.trim()));
    if (!config) {
      return error(
        404,
        'NotFound',
        'Kubernetes auth method not found for identity, did you configure Kubernetes auth?',
      );
    }
    const denied = (message: string) => error(401, 'UnauthorizedError', message);
    const result = verifyRsaJwt(jwt.trim(), createPublicKey(config.publicKeyPem), config.issuer);
    if ('error' in result)
      return denied(`Access denied: Kubernetes token review failed: ${result.error}`);
    const { claims } = result;
    const match = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(String(claims.sub ?? ''));
    if (!match) return denied('Access denied: not a service account token.');
    const [, namespace, name] = match as unknown as [string, string, string];
    const allowed = (list: string | undefined, value: string) =>
      !list ||
      list
        .split(',')
        .map((entry) => entry.trim())
        .includes(value);
    if (!allowed(config.allowedNamespaces, namespace)) {
      return denied('Access denied: K8s namespace not allowed.');
    }
    if (!allowed(config.allowedNames, name)) return denied('Access denied: K8s name not allowed.');
    if (config.allowedAudience) {
      const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
      if (!aud.includes(config.allowedAudience))
        return denied('Access denied: K8s audience not allowed.');
    }
    return this.answer(identityId, 'KUBERNETES_AUTH', config);
  }
}

/** Infisical's wildcard match: `*` any run, everything else literal, the whole ARN. */
function arnMatches(arn: string, pattern: string): boolean {
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*');
  return new RegExp(`^${escaped}$`).test(arn);
}

function fieldIssues(body: unknown, fields: string[]): Issue[] {
  const issue = bodyIssue(body);
  if (issue) return [issue];
  return fields
    .map((field) => stringIssue((body as Record<string, unknown>)[field], field))
    .filter((i): i is Issue => i !== undefined);
}

function providerKeys(config: OidcConfig): Array<{ kid?: string; key: KeyObject }> {
  const keys: Array<{ kid?: string; key: KeyObject }> = [];
  if (config.publicKeyPem)
    keys.push({ kid: config.kid, key: createPublicKey(config.publicKeyPem) });
  for (const jwk of config.jwks?.keys ?? []) {
    keys.push({
      kid: typeof jwk.kid === 'string' ? jwk.kid : undefined,
      key: createPublicKey({ key: jwk, format: 'jwk' }),
    });
  }
  return keys;
}

/** doesFieldValueMatchOidcPolicy: booleans and numbers compare as values, strings as globs. */
function fieldMatches(value: unknown, policy: string): boolean {
  if (typeof value === 'boolean') return value === (policy === 'true');
  if (typeof value === 'number') return value === parseInt(policy, 10);
  if (Array.isArray(value)) {
    return value.some(
      (entry) => typeof entry === 'string' && (entry === policy || globMatch(entry, policy)),
    );
  }
  return typeof value === 'string' && (value === policy || globMatch(value, policy));
}

function valueByDot(claims: Claims, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>(
      (value, key) =>
        typeof value === 'object' && value !== null ? (value as Claims)[key] : undefined,
      claims,
    );
}
