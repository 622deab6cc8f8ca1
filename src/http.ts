// Sends requests and reads their answers, with the guarantees a credential-carrying call needs:
// no redirects followed, a deadline on the whole exchange, and a cap on what is kept of the body.
import { HttpClient } from '@actions/http-client';
import type { IncomingMessage } from 'node:http';
import { MAX_ANSWER_BYTES } from './defaults.js';
import type { Answer } from './infisical.js';
import { USER_AGENT } from './version.js';

export interface PostRequest {
  url: string;
  bearerToken: string;
}

/** A request that got no complete answer. */
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
    super(message);
  }
}

export type Post = (request: PostRequest) => Promise<Answer>;

export interface Http {
  post: Post;
  /** Destroys every socket still open, so the step ends as soon as its work does. */
  close: () => void;
}

/**
 * One client for a whole run: its keep-alive connections are reused by the revokes of a batch
 * (a third of the cost of each revoke is a new connection). Every request has a deadline of
 * `timeoutMs`; a body that runs past it, or past the cap, has its connection destroyed.
 */
export function createHttp(timeoutMs: number): Http {
  const client = new HttpClient(USER_AGENT, [], {
    allowRedirects: false,
    allowRetries: false,
    keepAlive: true,
    socketTimeout: timeoutMs,
  });

  const post: Post = async ({ url, bearerToken }) => {
    let timer: NodeJS.Timeout | undefined;
    let message: IncomingMessage | undefined;
    let late = false;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        late = true;
        message?.destroy();
        reject(timedOut(timeoutMs));
      }, timeoutMs);
    });
    const exchange = (async (): Promise<Answer> => {
      const response = await client
        .request('POST', url, '', {
          authorization: `Bearer ${bearerToken}`,
          accept: 'application/json',
        })
        .catch((error: unknown) => {
          throw toNetworkError(error, timeoutMs);
        });
      message = response.message;
      // Headers that come after the deadline: nobody waits for this body any more.
      if (late) message.destroy();
      const { body, truncated } = await readCapped(response.message);
      return {
        status: response.message.statusCode ?? 0,
        headers: response.message.headers,
        body,
        truncated,
      };
    })();
    try {
      return await Promise.race([exchange, deadline]);
    } finally {
      clearTimeout(timer);
    }
  };

  return { post, close: () => client.dispose() };
}

/** Keeps the first MAX_ANSWER_BYTES of a body; past that, stops reading and drops the connection. */
function readCapped(message: IncomingMessage): Promise<{ body: string; truncated: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    message.on('data', (chunk: Buffer) => {
      const room = MAX_ANSWER_BYTES - size;
      chunks.push(chunk.subarray(0, Math.max(0, room)));
      size += chunk.length;
      if (size > MAX_ANSWER_BYTES) {
        message.destroy();
        resolve({ body: Buffer.concat(chunks).toString('utf8'), truncated: true });
      }
    });
    message.on('end', () =>
      resolve({ body: Buffer.concat(chunks).toString('utf8'), truncated: false }),
    );
    message.on('error', () => reject(cutOff()));
    message.on('close', () => {
      if (!message.complete) reject(cutOff());
    });
  });
}

function cutOff(): NetworkError {
  return new NetworkError(
    'the connection closed before the whole answer arrived',
    true,
    'ECONNRESET',
  );
}

function timedOut(timeoutMs: number): NetworkError {
  return new NetworkError(
    `no complete answer within ${timeoutMs / 1000} s (timed out)`,
    true,
    'ETIMEDOUT',
  );
}

const NOT_SENT: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'the host name could not be resolved',
  EAI_AGAIN: 'the host name could not be resolved (temporary DNS failure)',
  EHOSTUNREACH: 'the host is unreachable',
  ENETUNREACH: 'the network is unreachable',
};

/** One plain sentence for what went wrong on the wire, and whether the request may have landed. */
export function toNetworkError(error: unknown, timeoutMs: number): NetworkError {
  const err = error as NodeJS.ErrnoException;
  const code = err.code;
  // The proxy tunnel reports its own failures as ECONNRESET with the real cause in the text.
  const tunnel = /tunneling socket could not be established, (?:cause|statusCode)=(.*)/.exec(
    err.message ?? '',
  );
  if (tunnel)
    return new NetworkError(`could not connect through the proxy: ${tunnel[1]}`, false, code);
  if (code && code in NOT_SENT) return new NetworkError(`${NOT_SENT[code]} (${code})`, false, code);
  if (code === 'ECONNRESET' || code === 'EPIPE') {
    return new NetworkError(
      `the connection was reset before an answer arrived (${code})`,
      true,
      code,
    );
  }
  if (/^Request timeout/.test(err.message ?? '')) return timedOut(timeoutMs);
  if (code && /CERT|SSL|TLS|SELF_SIGNED/i.test(code)) {
    return new NetworkError(`TLS failed: ${err.message} (${code})`, false, code, false);
  }
  return new NetworkError(err.message || String(error), true, code);
}
