// The answers every route family shares: Infisical's error body (error-handler.ts), zod's
// validation issues (422, whose message is an array), and the permission refusal CASL produces.
import { randomBytes } from 'node:crypto';

/** What a route decided to send; the server adds rate-limit headers and records it. */
export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** Infisical's request ids: `req-` and 14 letters and digits. */
export function reqId(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return `req-${[...randomBytes(14)].map((b) => alphabet[b % alphabet.length]).join('')}`;
}

export function error(status: number, name: string, message: unknown, details?: unknown): Reply {
  return {
    status,
    body: {
      reqId: reqId(),
      statusCode: status,
      message,
      error: name,
      ...(details === undefined ? {} : { details }),
    },
  };
}

export const ok = (body: unknown): Reply => ({ status: 200, body });

/** One zod issue, as zod 3 writes it. */
export interface Issue {
  code: string;
  message: string;
  path: Array<string | number>;
  [more: string]: unknown;
}

export const validationFailure = (issues: Issue[]): Reply =>
  error(422, 'ValidationFailure', issues);

/** `z.string()` on a missing or non-string field. */
export function stringIssue(value: unknown, path: string): Issue | undefined {
  if (typeof value === 'string') return undefined;
  const received = value === undefined ? 'undefined' : value === null ? 'null' : typeof value;
  return {
    code: 'invalid_type',
    expected: 'string',
    received,
    path: [path],
    message: value === undefined ? 'Required' : `Expected string, received ${received}`,
  };
}

/** `z.object(...)` on a body that is not an object (none at all, or JSON null, a list, …). */
export function bodyIssue(body: unknown): Issue | undefined {
  if (typeof body === 'object' && body !== null && !Array.isArray(body)) return undefined;
  const received = body === undefined ? 'undefined' : Array.isArray(body) ? 'array' : typeof body;
  return {
    code: 'invalid_type',
    expected: 'object',
    received: body === null ? 'null' : received,
    path: [],
    message: body === undefined ? 'Required' : `Expected object, received ${received}`,
  };
}

/**
 * CASL's ForbiddenError through Infisical's handler: "You are not allowed to <action> on
 * <subject>", with the rules that applied (none for a role without the permission).
 */
export const permissionDenied = (action: 'read' | 'create' | 'edit' | 'delete'): Reply =>
  error(403, 'PermissionDenied', `You are not allowed to ${action} on identity`, []);

/** The JsonWebTokenError branch of the error handler: always 403 TokenError. */
export const tokenError = (message: string): Reply => error(403, 'TokenError', message);

export const TOKEN_EXPIRED = 'Your token has expired. Please re-authenticate.';
export const TOKEN_MALFORMED =
  'The provided access token is malformed. Please use a valid token or generate a new one and try again.';
export const TOKEN_BAD_SIGNATURE = 'invalid signature';

/** Anything the handler does not know (a body that is not JSON among them) is a plain 500. */
export const somethingWentWrong = (): Reply =>
  error(500, 'InternalServerError', 'Something went wrong');
