// Why a request got no complete answer, in one plain sentence, and whether it may still have reached
// the server: the lost-answer rule and the retry policy (src/calls/) decide on these two facts.
import type { ClientRequest } from 'node:http';
import { escapeServerText } from '../text/server-text.js';
import { oneLine } from '../text/words.js';
import { describeTlsError, isTlsError } from './tls-errors.js';

/**
 * A request that got no complete answer. Its message is always one line, with any control character
 * escaped: it may quote what the other end sent (a proxy's status line, a certificate's names).
 */
export class NetworkError extends Error {
  override name = 'NetworkError';
  constructor(
    message: string,
    /** The request may have reached the server (the connection broke after it was sent). */
    readonly maybeDelivered: boolean,
    readonly code?: string,
    /** Another attempt could go differently (not so for a certificate the runner does not trust). */
    readonly retryable = true,
  ) {
    super(escapeServerText(oneLine(message)));
  }
}

/**
 * Whether a request that got no answer may have reached the server, from what Node knows of it.
 * Not when it was never made or never fully written (a connect that timed out, a socket still
 * connecting), nor when a reused keep-alive socket was reset before any answer: the server had
 * closed it while idle (Node's docs treat those as never delivered, safe to retry). Saying "may
 * have landed" too often is not safe here: a later "not found" would then count as a revoke.
 */
export function deliveryOf(
  error: NetworkError,
  request: Pick<ClientRequest, 'writableFinished' | 'reusedSocket'> | undefined,
): NetworkError {
  if (!error.maybeDelivered || error.code === 'ECANCELED') return error;
  const stale =
    request?.reusedSocket === true && (error.code === 'ECONNRESET' || error.code === 'EPIPE');
  if (request?.writableFinished === true && !stale) return error;
  return new NetworkError(error.message, false, error.code, error.retryable);
}

export function cutOff(): NetworkError {
  return new NetworkError(
    'the connection closed before the whole answer arrived',
    true,
    'ECONNRESET',
  );
}

export function timedOut(timeoutMs: number): NetworkError {
  return new NetworkError(
    `no complete answer within ${timeoutMs / 1000} s (timed out)`,
    true,
    'ETIMEDOUT',
  );
}

/** The proxy took the connection and did not answer its CONNECT in time: nothing reached the server. */
export function proxyTimedOut(timeoutMs: number, proxy: string): NetworkError {
  return new NetworkError(
    `the proxy ${proxy} did not open a tunnel to the server within ${timeoutMs / 1000} s (timed out)`,
    false,
    'ETIMEDOUT',
  );
}

/**
 * The proxy wants credentials, or refused the ones in its URL. Named by host:port only: its URL
 * holds them. Not retryable: the same credentials get the same answer.
 */
export function proxyAuthRequired(proxy: string | undefined): NetworkError {
  return new NetworkError(
    `the proxy${proxy ? ` ${proxy}` : ''} refused the tunnel with 407 Proxy Authentication Required: check the proxy's credentials (the user and password in the proxy URL of https_proxy or http_proxy)`,
    false,
    'EPROXYAUTH',
    false,
  );
}

export function cancelled(): NetworkError {
  return new NetworkError('the request was cancelled (ECANCELED)', true, 'ECANCELED', false);
}

const NOT_SENT: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'the host name could not be resolved',
  EAI_AGAIN: 'the host name could not be resolved (temporary DNS failure)',
  EHOSTUNREACH: 'the host is unreachable',
  ENETUNREACH: 'the network is unreachable',
};

/**
 * One plain sentence for what went wrong on the wire, and whether the request may have landed.
 * `proxy`: the proxy's host:port, when the request went through one.
 */
export function toNetworkError(error: unknown, timeoutMs: number, proxy?: string): NetworkError {
  if (error instanceof NetworkError) return error;
  const err = (error ?? {}) as NodeJS.ErrnoException;
  const code = typeof err.code === 'string' ? err.code : undefined;
  const message = typeof err.message === 'string' ? err.message : '';
  // The proxy tunnel reports its own failures as ECONNRESET with the real cause in the text.
  const tunnel = /tunneling socket could not be established, (cause|statusCode)=(.*)/.exec(message);
  if (tunnel) {
    const [, kind, cause = ''] = tunnel;
    if (kind === 'statusCode' && cause.trim() === '407') return proxyAuthRequired(proxy);
    // A cause names the address itself (connect ECONNREFUSED host:port); a status does not.
    const via = kind === 'statusCode' && proxy ? ` ${proxy}` : '';
    return new NetworkError(`could not connect through the proxy${via}: ${cause}`, false, code);
  }
  if (code && code in NOT_SENT) return new NetworkError(`${NOT_SENT[code]} (${code})`, false, code);
  if (isTlsError(code, message)) {
    return new NetworkError(describeTlsError(code, message), false, code, false);
  }
  if (code === 'ECONNRESET' || code === 'EPIPE') {
    return new NetworkError(
      `the connection was reset before an answer arrived (${code})`,
      true,
      code,
    );
  }
  if (/^Request timeout/.test(message)) return timedOut(timeoutMs);
  return new NetworkError(message || String(error), true, code);
}
