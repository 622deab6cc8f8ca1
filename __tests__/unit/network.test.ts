import { describe, expect, test } from '@jest/globals';
import { toNetworkError } from '../../src/http.js';

const err = (code: string | undefined, message: string) =>
  Object.assign(new Error(message), { code });

describe('network failures in one plain sentence', () => {
  test.each([
    [
      'ECONNREFUSED',
      'connect ECONNREFUSED 127.0.0.1:9',
      'connection refused (ECONNREFUSED)',
      false,
      true,
    ],
    [
      'ENOTFOUND',
      'getaddrinfo ENOTFOUND infisical.example',
      'the host name could not be resolved (ENOTFOUND)',
      false,
      true,
    ],
    [
      'EAI_AGAIN',
      'getaddrinfo EAI_AGAIN x',
      'the host name could not be resolved (temporary DNS failure) (EAI_AGAIN)',
      false,
      true,
    ],
    [
      'ECONNRESET',
      'socket hang up',
      'the connection was reset before an answer arrived (ECONNRESET)',
      true,
      true,
    ],
    [
      'CERT_HAS_EXPIRED',
      'certificate has expired',
      'TLS failed: certificate has expired (CERT_HAS_EXPIRED)',
      false,
      false,
    ],
    [
      'ERR_TLS_CERT_ALTNAME_INVALID',
      "Hostname/IP does not match certificate's altnames",
      "TLS failed: Hostname/IP does not match certificate's altnames (ERR_TLS_CERT_ALTNAME_INVALID)",
      false,
      false,
    ],
    [
      'ECONNRESET',
      'tunneling socket could not be established, cause=connect ECONNREFUSED 127.0.0.1:3128',
      'could not connect through the proxy: connect ECONNREFUSED 127.0.0.1:3128',
      false,
      true,
    ],
    [
      'ECONNRESET',
      'tunneling socket could not be established, statusCode=403',
      'could not connect through the proxy: 403',
      false,
      true,
    ],
    [
      undefined,
      'Request timeout: /api/v1/auth/token-auth/tokens/x/revoke',
      'no complete answer within 30 s (timed out)',
      true,
      true,
    ],
    ['EWHATEVER', 'something odd', 'something odd', true, true],
  ])('%s: %s', (code, message, sentence, maybeDelivered, retryable) => {
    const error = toNetworkError(err(code, message), 30_000);
    expect(error.message).toBe(sentence);
    expect(error.maybeDelivered).toBe(maybeDelivered);
    expect(error.retryable).toBe(retryable);
  });
  test('a thrown non-error still reads', () => {
    expect(toNetworkError('boom', 1000).message).toBe('boom');
  });
});
