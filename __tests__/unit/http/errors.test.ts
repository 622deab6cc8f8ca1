// Network failures as NetworkError: one plain sentence each, whether the request may have landed
// (deliveryOf), and whether another attempt is worth it.
import { describe, expect, test } from '@jest/globals';
import { deliveryOf, NetworkError, toNetworkError } from '../../../src/http/index.js';

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
      'EPIPE',
      'write EPIPE',
      'the connection was reset before an answer arrived (EPIPE)',
      true,
      true,
    ],
    [
      'ECONNRESET',
      'tunneling socket could not be established, cause=connect ECONNREFUSED 127.0.0.1:3128\n',
      'could not connect through the proxy: connect ECONNREFUSED 127.0.0.1:3128',
      false,
      true,
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
    ['EWHATEVER', 'line one\n  line two\r\n', 'line one line two', true, true],
  ])('%s: %j', (code, message, sentence, maybeDelivered, retryable) => {
    const error = toNetworkError(err(code, message), 30_000);
    expect(error.message).toBe(sentence);
    expect(error.maybeDelivered).toBe(maybeDelivered);
    expect(error.retryable).toBe(retryable);
  });
  test("a proxy's 407: names the proxy (host:port) and says to check its credentials; not retried", () => {
    const error = toNetworkError(
      err('ECONNRESET', 'tunneling socket could not be established, statusCode=407'),
      30_000,
      'proxy.corp.example:3128',
    );
    expect(error.message).toBe(
      "the proxy proxy.corp.example:3128 refused the tunnel with 407 Proxy Authentication Required: check the proxy's credentials (the user and password in the proxy URL of https_proxy or http_proxy)",
    );
    expect(error).toMatchObject({ maybeDelivered: false, retryable: false });
    // Without the proxy known, still the same advice.
    expect(
      toNetworkError(
        err('ECONNRESET', 'tunneling socket could not be established, statusCode=407'),
        1000,
      ).message,
    ).toMatch(/^the proxy refused the tunnel with 407 .*check the proxy's credentials/);
  });
  test('another status from the proxy names it too; a cause is left as it is (it names the address)', () => {
    const status = err('ECONNRESET', 'tunneling socket could not be established, statusCode=403');
    expect(toNetworkError(status, 1000, '10.0.0.1:3128').message).toBe(
      'could not connect through the proxy 10.0.0.1:3128: 403',
    );
    const cause = err(
      'ECONNRESET',
      'tunneling socket could not be established, cause=connect ECONNREFUSED 10.0.0.1:3128',
    );
    expect(toNetworkError(cause, 1000, '10.0.0.1:3128').message).toBe(
      'could not connect through the proxy: connect ECONNREFUSED 10.0.0.1:3128',
    );
  });
  test('a thrown non-error still reads', () => {
    expect(toNetworkError('boom', 1000).message).toBe('boom');
    expect(toNetworkError(undefined, 1000).message).toBe('undefined');
  });
  test('a NetworkError passes through as it is', () => {
    const error = new NetworkError('x (ECANCELED)', true, 'ECANCELED', false);
    expect(toNetworkError(error, 1000)).toBe(error);
  });
  test('a NetworkError is one line whatever it is made with', () => {
    expect(new NetworkError('a\nb\r\n\n c\n', true).message).toBe('a b c');
  });
});

describe('whether a request without an answer may have landed', () => {
  const reset = () => new NetworkError('reset', true, 'ECONNRESET');
  test('written on a fresh connection, then reset: it may have landed', () => {
    const error = deliveryOf(reset(), { writableFinished: true, reusedSocket: false });
    expect(error.maybeDelivered).toBe(true);
  });
  test('a reused keep-alive connection reset before any answer: the server had closed it idle', () => {
    const error = deliveryOf(reset(), { writableFinished: true, reusedSocket: true });
    expect(error).toMatchObject({ maybeDelivered: false, code: 'ECONNRESET', message: 'reset' });
  });
  test('never fully written (still connecting when the deadline came), or never made: not delivered', () => {
    const timeout = new NetworkError('timed out', true, 'ETIMEDOUT');
    expect(
      deliveryOf(timeout, { writableFinished: false, reusedSocket: false }).maybeDelivered,
    ).toBe(false);
    expect(deliveryOf(timeout, undefined).maybeDelivered).toBe(false);
    expect(deliveryOf(timeout, { writableFinished: true, reusedSocket: true }).maybeDelivered).toBe(
      true,
    );
  });
  test('a cancelled request stays "may have landed": nobody can tell', () => {
    const cancelled = new NetworkError('cancelled', true, 'ECANCELED', false);
    expect(deliveryOf(cancelled, undefined)).toBe(cancelled);
  });
});
