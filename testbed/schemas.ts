// JSON schemas for the answers of the routes the published contract (contract/) does not cover.
// OURS, not Infisical's: written from Infisical's backend source and its zod response schemas
// (identity-access-tokens table, login, renew, revoke and identity routes, the organization's
// identity memberships, Universal Auth client secrets, error-handler.ts), so the fake's
// answers on these routes are checked as strictly as the revoke route's are against the contract.
// The revoke route's answers are checked against the contract alone, as they always were.
import type { RouteFamily } from './fake-infisical.js';

type Schema = Record<string, unknown>;

const isoDate = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z$';
const string = { type: 'string' };
const number = { type: 'number' };
const nullableDate = { type: ['string', 'null'], pattern: isoDate };
const nullableString = { type: ['string', 'null'] };

/** Every error: `{reqId, statusCode, message, error[, details]}` (error-handler.ts). */
export function errorSchema(status: number): Schema {
  return {
    type: 'object',
    properties: {
      // Infisical's are `req-` and 14 letters and digits (the fake's always are); any length here,
      // so a test may inject a readable one such as req-Fault0000000001.
      reqId: { type: 'string', pattern: '^req-[A-Za-z0-9]+$' },
      statusCode: { const: status },
      // A 422's message is zod's list of issues, not a sentence.
      message:
        status === 422
          ? {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  code: string,
                  message: string,
                  path: { type: 'array', items: { type: ['string', 'number'] } },
                },
                required: ['code', 'message', 'path'],
              },
            }
          : string,
      error: string,
      details: {},
    },
    required: ['reqId', 'statusCode', 'message', 'error'],
    additionalProperties: false,
  };
}

const olderTokenFields = {
  id: string,
  accessTokenTTL: number,
  accessTokenMaxTTL: number,
  accessTokenNumUses: number,
  accessTokenNumUsesLimit: number,
  accessTokenLastUsedAt: nullableDate,
  accessTokenLastRenewedAt: nullableDate,
  isAccessTokenRevoked: { type: 'boolean' },
  identityUAClientSecretId: nullableString,
  identityId: string,
  createdAt: { type: 'string', pattern: isoDate },
  updatedAt: { type: 'string', pattern: isoDate },
};
const newerTokenFields = {
  ...olderTokenFields,
  name: nullableString,
  authMethod: string,
  accessTokenPeriod: number,
  subOrganizationId: nullableString,
};
const exactly = (properties: Record<string, unknown>): Schema => ({
  type: 'object',
  properties,
  required: Object.keys(properties),
  additionalProperties: false,
});

/** A row of identity_access_tokens as a newer or an older server serializes it. */
export const tokenSchema: Schema = {
  oneOf: [exactly(newerTokenFields), exactly(olderTokenFields)],
};

const message = exactly({ message: string });
const login = exactly({
  accessToken: string,
  expiresIn: number,
  accessTokenMaxTTL: number,
  tokenType: { const: 'Bearer' },
});

/** identity-universal-auth-router.ts sanitizedClientSecretSchema: a row of identity_ua_client_secrets. */
export const clientSecretSchema: Schema = exactly({
  id: string,
  createdAt: { type: 'string', pattern: isoDate },
  updatedAt: { type: 'string', pattern: isoDate },
  description: string,
  clientSecretPrefix: { type: 'string', minLength: 4, maxLength: 4 },
  clientSecretNumUses: { type: 'integer', minimum: 0 },
  clientSecretNumUsesLimit: { type: 'integer', minimum: 0 },
  clientSecretTTL: { type: 'integer', minimum: 0 },
  identityUAId: string,
  isClientSecretRevoked: { type: 'boolean' },
});

/**
 * v2 identity-org-router.ts: IdentityOrgMembershipsSchema (id, role, roleId, orgId, createdAt,
 * updatedAt, identityId), an optional customRole, and the identity: newer servers pick
 * {id, name, orgId} and add authMethods[]; older ones pick {id, name, authMethod}.
 */
const membershipFields = {
  id: string,
  role: string,
  roleId: { type: ['string', 'null'] },
  orgId: string,
  createdAt: { type: 'string', pattern: isoDate },
  updatedAt: { type: 'string', pattern: isoDate },
  identityId: string,
};
const membership = (identity: Schema): Schema => ({
  type: 'object',
  properties: {
    ...membershipFields,
    customRole: { type: 'object' },
    identity,
  },
  required: [...Object.keys(membershipFields), 'identity'],
  additionalProperties: false,
});
export const membershipSchema: Schema = {
  oneOf: [
    membership(
      exactly({
        id: string,
        name: string,
        orgId: string,
        authMethods: { type: 'array', items: string },
      }),
    ),
    membership(exactly({ id: string, name: string, authMethod: nullableString })),
  ],
};

const SUCCESS: Partial<Record<RouteFamily, Schema>> = {
  revoke: message,
  'token-revoke': message,
  'list-tokens': exactly({ tokens: { type: 'array', items: tokenSchema } }),
  'get-token': exactly({ token: tokenSchema }),
  // identity-token-auth-router.ts POST …/identities/:identityId/tokens: a login's answer plus the row.
  'create-token': exactly({
    accessToken: string,
    expiresIn: number,
    accessTokenMaxTTL: number,
    tokenType: { const: 'Bearer' },
    tokenData: tokenSchema,
  }),
  'oidc-login': login,
  'universal-auth-login': login,
  'aws-auth-login': login,
  'kubernetes-auth-login': login,
  // Renewing answers like a login (identity-access-token-router.ts).
  renew: login,
  // identity-router.ts GET /details: the bearer identity's organization, nothing else.
  'identity-details': exactly({
    identityDetails: exactly({
      organization: exactly({ id: string, name: string, slug: string }),
    }),
  }),
  'list-identities': exactly({
    identityMemberships: { type: 'array', items: membershipSchema },
    totalCount: { type: 'integer', minimum: 0 },
  }),
  'list-client-secrets': exactly({
    clientSecretData: { type: 'array', items: clientSecretSchema },
  }),
  'get-client-secret': exactly({ clientSecretData: clientSecretSchema }),
  'revoke-client-secret': exactly({ clientSecretData: clientSecretSchema }),
  // The secret itself is shown once, here: crypto.randomBytes(32).toString("hex").
  'create-client-secret': exactly({ clientSecret: string, clientSecretData: clientSecretSchema }),
  // /api/status carries more fields on a real server; these are what a client may rely on
  // (maxIdentityAccessTokenTTL on current servers only: MAX_MACHINE_IDENTITY_TOKEN_AGE).
  status: {
    type: 'object',
    properties: {
      message: { const: 'Ok' },
      date: string,
      maxIdentityAccessTokenTTL: { type: 'integer', minimum: 1 },
    },
    required: ['message'],
  },
};

/** The schema for a route's answer of this status; undefined when that route never sends it. */
export function schemaFor(route: RouteFamily, status: number): Schema | undefined {
  if (status >= 400) return errorSchema(status);
  return status === 200 ? SUCCESS[route] : undefined;
}
