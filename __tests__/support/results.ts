// Results of revokes, as revokeToken makes them, for the unit tests of the report: the n-th token
// revoked (and read back), refused for a permission, not found, already revoked, failing with a
// reason, or not attempted; and a batch of them settled.
import type { ListedSecret } from '../../src/infisical/client-secrets.js';
import { TOKEN_AUTH_HINTS } from '../../src/infisical/token-auth.js';
import type { Result } from '../../src/revoke/result.js';
import { settle, type Settled } from '../../src/revoke/settle.js';

/** The n-th token id (a UUID, lower case). */
export const id = (n: number) => `6f1c2a0e-8b7d-4c2e-9f55-${n.toString(16).padStart(12, '0')}`;
export const strict = { ignoreNotFound: false };

export const revoked = (n: number, extra: Partial<Result> = {}): Result => ({
  tokenId: id(n),
  self: false,
  outcome: 'revoked',
  status: 200,
  message: 'Successfully revoked access token',
  attempts: 1,
  readBack: { kind: 'shown' },
  ...extra,
});
export const denied = (n: number): Result => ({
  tokenId: id(n),
  self: false,
  outcome: 'failed',
  status: 403,
  errorName: 'PermissionDenied',
  message: 'PermissionDenied — You are not allowed to edit on identity',
  reqId: `req-${n.toString().padStart(14, '0')}`,
  hint: TOKEN_AUTH_HINTS.permission,
  attempts: 1,
});
export const notFound = (n: number): Result => ({
  tokenId: id(n),
  self: false,
  outcome: 'not-found',
  status: 404,
  errorName: 'NotFound',
  message: `Token with ID ${id(n)} not found or already revoked`,
  reqId: `req-${n}`,
  attempts: 1,
  readBack: { kind: 'shown' },
});
/** The lookup's 404, and the read-back shows the row revoked: revoked, not by this run. */
export const alreadyRevoked = (n: number): Result => ({
  ...notFound(n),
  outcome: 'already-revoked',
});
export const down = (n: number, reason: string, attempts = 4): Result => ({
  tokenId: id(n),
  self: false,
  outcome: 'failed',
  status: 503,
  errorName: 'ServiceUnavailable',
  message: `ServiceUnavailable — ${reason}`,
  reqId: `req-${n}`,
  attempts,
});
export const notAttempted = (n: number): Result => ({
  tokenId: id(n),
  self: false,
  outcome: 'not-attempted',
  message: 'not attempted: the run stopped before it',
  attempts: 0,
});
export const all = (results: Result[], policy = strict): Settled[] =>
  results.map((r) => settle(r, policy));
export const range = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, i) => from + i);

/** One token's id, and a not-found and a failed result of it, for the tests of one line. */
export const ID = '6f1c2a0e-8b7d-4c2e-9f55-0a1b2c3d4e5f';
export const notFoundOne: Result = {
  tokenId: ID,
  self: false,
  outcome: 'not-found',
  status: 404,
  errorName: 'NotFound',
  message: 'gone.',
  reqId: 'req-2',
  attempts: 1,
};
export const failedOne: Result = {
  tokenId: ID,
  self: false,
  outcome: 'failed',
  status: 503,
  errorName: 'X',
  message: 'X — down',
  reqId: 'req-3',
  attempts: 4,
};

/** The identity whose client secrets the report tests choose from. */
export const SECRET_IDENTITY = '0d9a6c1e-2b3f-4a5d-8e7f-1021324354aa';
/** The n-th client secret id (a UUID, lower case). */
export const secretId = (n: number) =>
  `5e1d2c3b-4a59-4687-9abc-${n.toString(16).padStart(12, '0')}`;
/** A listed client secret's prefix: it must never reach a report. */
export const SECRET_PREFIX = 'zq9X';
/** The n-th client secret as listed, created on `createdAt`, with its prefix. */
export const listedSecret = (
  n: number,
  description: string | null,
  createdAt = new Date('2026-10-01T08:00:00.000Z'),
): ListedSecret => ({
  id: secretId(n),
  identityId: SECRET_IDENTITY,
  description,
  createdAt,
  prefix: SECRET_PREFIX,
});
/** The n-th client secret revoked (read back gone from the live list). */
export const secretRevoked = (n: number, extra: Partial<Result> = {}): Result => ({
  tokenId: secretId(n),
  self: false,
  clientSecretOf: SECRET_IDENTITY,
  outcome: 'revoked',
  status: 200,
  message: 'Infisical answered the client secret revoked',
  attempts: 1,
  readBack: { kind: 'shown' },
  ...extra,
});
/** The n-th client secret refused for want of Identity → Delete. */
export const secretDenied = (n: number): Result => ({
  tokenId: secretId(n),
  self: false,
  clientSecretOf: SECRET_IDENTITY,
  outcome: 'failed',
  status: 403,
  errorName: 'PermissionDenied',
  message: 'PermissionDenied — You are not allowed to delete on identity',
  reqId: `req-s${n}`,
  attempts: 1,
});
/** A run's selection of client secrets only: `chosen` chosen, `kept` kept and why. */
export function secretSelection(
  chosen: ListedSecret[],
  kept: { token: ListedSecret; why: string }[] = [],
  notes: string[] = [],
) {
  return {
    listed: [],
    chosen: { identities: [], chosen: [] },
    secrets: {
      listed: [{ identityId: SECRET_IDENTITY, secrets: [...chosen, ...kept.map((k) => k.token)] }],
      chosen: {
        identities: [{ identityId: SECRET_IDENTITY, chosen, kept, notes }],
        chosen,
      },
    },
  };
}
