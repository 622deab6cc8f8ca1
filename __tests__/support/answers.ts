// Answers as the wire gives them, for the unit tests of what a route's answer means: any status and
// body, Infisical's error body, and its success answer with Fastify's JSON content type.
import type { Answer, Verdict } from '../../src/infisical/answers.js';

export const REQ = 'req-a1b2c3d4e5f6g7';

export const at = (
  status: number,
  body: unknown,
  headers: Answer['headers'] = {},
  truncated = false,
): Answer => ({
  status,
  headers,
  body: typeof body === 'string' ? body : JSON.stringify(body),
  truncated,
});

/** Infisical's error body: `{reqId, statusCode, message, error[, details]}`. */
export const infisical = (status: number, error: string, message: unknown, details?: unknown) =>
  at(status, {
    reqId: REQ,
    statusCode: status,
    message,
    error,
    ...(details === undefined ? {} : { details }),
  });

/** The revoke routes' success body. */
export const revoked = { message: 'Successfully revoked access token' };
/** Infisical's answers are application/json (Fastify's serializer). */
export const JSON_TYPE = { 'content-type': 'application/json; charset=utf-8' };

/** The failure's fields, or a test failure when the verdict is not one. */
export function failed(verdict: Verdict) {
  if (verdict.kind !== 'failed') throw new Error(`expected a failure, got ${verdict.kind}`);
  return verdict;
}
