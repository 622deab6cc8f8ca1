// Universal Auth client secrets (docs/infisical-api.md, "Universal Auth client secrets";
// backend/src/services/identity-ua/identity-ua-service.ts):
// - GET …/identities/{identityId}/client-secrets lists the identity's LIVE secrets only (no paging),
//   read-class, org Identity → Read. A row has `clientSecretPrefix`, the secret's first characters:
//   it is read only to tell the action's own secret, and is never kept in what is reported.
// - POST …/client-secrets/{id}/revoke, no body, write-class, org Identity → Delete, answers
//   `{"clientSecretData":{…}}`, also for a secret revoked before; an unknown secret id answers
//   404 "Failed to find identity with ID <the identity's id>", misleadingly.
// - On current servers, revoking a secret also ends every access token issued from it.
import type { Answer, Request } from '../http/index.js';
import { isUuid } from '../ids.js';
import { quotePrefix } from '../text/echo.js';
import {
  failure,
  HINTS,
  isPermissionBoundary,
  isRecord,
  readAnswer,
  refusal,
  type Failure,
  type Verdict,
} from './answers.js';
import { dateOf } from './fields.js';
import type { Shown } from './read-back.js';
import { apiUrl, pathSegment, type Server } from './server.js';

// A row carries clientSecretPrefix, the secret's first characters: a 200 in a shape the route
// does not accept is shown by its keys alone, never quoted (error bodies are still quoted: they
// carry Infisical's words, such as the 404 that names the identity).
const NO_ROWS_QUOTED = { quoteBodies: false } as const;

/** A client secret list is small (no paging, a few rows of about 400 bytes); descriptions may be long. */
const SECRET_LIST_MAX_BYTES = 2 * 1024 * 1024;

export const CLIENT_SECRET_HINTS = {
  permission:
    'Revoking a client secret needs Identity → Delete on its identity (stricter than revoking a token, which needs Identity → Edit): give the identity behind the access token a role with Identity → Delete in the organization.',
  read: 'Listing client secrets needs Identity → Read on their identity: give the identity behind the access token a role with Identity → Read in the organization.',
  noUniversalAuth:
    'Check client-secrets-of-identity: this identity does not use Universal Auth, so it has no client secrets. Nothing of it was revoked.',
  identity:
    "Check client-secrets-of-identity: no identity with this id is in the access token's organization (it may belong to another organization or region). Nothing of it was revoked.",
} as const;

/** One live client secret, as this action needs it. */
export interface ListedSecret {
  /** Lower case. */
  id: string;
  /** The identity it belongs to, lower case. */
  identityId: string;
  /** The secret's description (its "name" in Infisical's UI); null when it has none. */
  description: string | null;
  createdAt: Date;
  /**
   * The secret's first characters, as the server lists them: compared with the client secret the
   * action logged in with, never printed or kept in a report.
   */
  prefix?: string;
}

export type SecretListVerdict =
  { kind: 'ok'; secrets: ListedSecret[] } | ({ kind: 'failed' } & Failure);

function secretsUrl(server: Server, identityId: string): string {
  return apiUrl(
    server,
    `/api/v1/auth/universal-auth/identities/${pathSegment(identityId)}/client-secrets`,
  );
}

export function secretListRequest(
  server: Server,
  identityId: string,
  accessToken: string,
): Request {
  return {
    method: 'GET',
    url: secretsUrl(server, identityId),
    bearerToken: accessToken,
    maxBytes: SECRET_LIST_MAX_BYTES,
  };
}

export function secretRevokeRequest(
  server: Server,
  identityId: string,
  secretId: string,
  accessToken: string,
): Request {
  return {
    method: 'POST',
    url: `${secretsUrl(server, identityId)}/${pathSegment(secretId)}/revoke`,
    bearerToken: accessToken,
  };
}

/** Decides what an answer to the client-secret list means. */
export function judgeSecretList(answer: Answer, identityId: string): SecretListVerdict {
  const reading = readAnswer(answer, isSecretList, 'a client secret list', NO_ROWS_QUOTED);
  if (reading.kind === 'failed') return reading;
  if (reading.kind === 'error') {
    const { status, error } = reading;
    const refused = refusal(status, error);
    if (refused) return { kind: 'failed', ...refused };
    const hint = isPermissionBoundary(status, error)
      ? HINTS.permissionBoundary
      : status === 403 && error.error === 'PermissionDenied'
        ? CLIENT_SECRET_HINTS.read
        : status === 404 && /\bidentity\b/i.test(error.message)
          ? CLIENT_SECRET_HINTS.identity
          : status === 400 && /universal/i.test(error.message)
            ? CLIENT_SECRET_HINTS.noUniversalAuth
            : undefined;
    return { kind: 'failed', ...failure(status, error, hint) };
  }
  const rows = (reading.json as { clientSecretData: unknown[] }).clientSecretData;
  const secrets: ListedSecret[] = [];
  for (const [index, row] of rows.entries()) {
    const secret = readSecret(row, identityId.toLowerCase());
    if (typeof secret === 'string') {
      return {
        kind: 'failed',
        status: 200,
        message: `OK, but JSON that is not a client secret list: row ${index + 1} of ${rows.length} ${secret}`,
      };
    }
    // The list holds live secrets only; a revoked row from another server version is not a candidate.
    if (secret !== undefined) secrets.push(secret);
  }
  return { kind: 'ok', secrets };
}

function isSecretList(json: unknown): boolean {
  return isRecord(json) && Array.isArray(json.clientSecretData);
}

function readSecret(row: unknown, identityId: string): ListedSecret | undefined | string {
  if (!isRecord(row)) return 'is not an object';
  const { id, description, clientSecretPrefix, isClientSecretRevoked } = row;
  if (typeof id !== 'string' || !isUuid(id)) return 'has no client secret id';
  if (description !== undefined && description !== null && typeof description !== 'string') {
    return 'has a description that is not a string';
  }
  const createdAt = dateOf(row.createdAt);
  if (createdAt === undefined) return 'has no readable createdAt';
  if (isClientSecretRevoked === true) return undefined;
  return {
    id: id.toLowerCase(),
    identityId,
    // Infisical stores "" for a secret created without one: no description either way.
    description: typeof description === 'string' && description !== '' ? description : null,
    createdAt,
    ...(typeof clientSecretPrefix === 'string' ? { prefix: clientSecretPrefix } : {}),
  };
}

/**
 * What an answer to the client-secret revoke means. Infisical's success is the secret's own row
 * (`clientSecretData` with this id, revoked); its 404 for an unknown secret names the identity.
 */
export function judgeSecretRevoke(answer: Answer, secretId: string, identityId: string): Verdict {
  const reading = readAnswer(
    answer,
    isSecretRowFor(secretId),
    'a client secret revoke answer',
    NO_ROWS_QUOTED,
  );
  if (reading.kind === 'ok') {
    const { clientSecretData } = reading.json as {
      clientSecretData: { isClientSecretRevoked?: unknown };
    };
    if (clientSecretData.isClientSecretRevoked === true) {
      return { kind: 'revoked', message: 'Infisical answered the client secret revoked' };
    }
    return {
      kind: 'unconfirmed',
      status: 200,
      // Not quoted: the row holds the secret's prefix.
      message:
        "OK, but the client secret's row is not marked revoked (isClientSecretRevoked is not true)",
    };
  }
  if (reading.kind === 'failed') {
    return answer.status === 200
      ? { kind: 'unconfirmed', status: 200, message: reading.message, hint: reading.hint }
      : reading;
  }
  const { status, error } = reading;
  // The service looks the secret up under the identity and, finding none, names the identity.
  if (
    status === 404 &&
    error.error === 'NotFound' &&
    new RegExp(`^Failed to find identity with ID ${identityId}\\.?$`, 'i').test(error.message)
  ) {
    return {
      kind: 'gone',
      status,
      reqId: error.reqId,
      errorName: error.error,
      message: `${error.message} (Infisical's answer for a client secret it does not find under this identity)`,
    };
  }
  const refused = refusal(status, error);
  if (refused) return { kind: 'failed', ...refused };
  const hint =
    status === 403 && error.error === 'PermissionDenied'
      ? CLIENT_SECRET_HINTS.permission
      : undefined;
  return { kind: 'failed', ...failure(status, error, hint) };
}

// The row asked for, and no other: a cache keyed wrongly must not lend another secret's state.
function isSecretRowFor(secretId: string): (json: unknown) => boolean {
  return (json) =>
    isRecord(json) &&
    isRecord(json.clientSecretData) &&
    typeof json.clientSecretData.id === 'string' &&
    json.clientSecretData.id.toLowerCase() === secretId.toLowerCase();
}

/**
 * What the live list shows of a client secret after its revoke: gone from it (revoked), still in
 * it (live), or nothing (the list could not be read).
 */
export function judgeSecretReadBack(answer: Answer, identityId: string, secretId: string): Shown {
  const verdict = judgeSecretList(answer, identityId);
  if (verdict.kind === 'failed') {
    return {
      ...verdict,
      kind: 'unreadable',
      message: `${verdict.status} ${[verdict.errorName, verdict.message].filter(Boolean).join(' — ')}`,
    };
  }
  return verdict.secrets.some((secret) => secret.id === secretId.toLowerCase())
    ? { kind: 'live' }
    : { kind: 'revoked' };
}

/** A short, safe form of a description for messages: free text a user typed, cut. */
export function describeDescription(description: string | null): string {
  return description === null ? 'no description' : quotePrefix(description, 40);
}
