// The EC2 instance metadata service, IMDSv2 only: a session token first (PUT /latest/api/token),
// then GETs that carry it. Used by method: aws-iam when the runner's environment has no AWS
// credentials (an EC2 runner with an instance role) or no region. Off EC2 nothing answers at
// 169.254.169.254, so every request has a short deadline of its own: a runner elsewhere learns
// in seconds, not after timeout-seconds, that there is no instance role. Its answers hold
// credentials: they are never quoted.
import type { Send } from '../http/index.js';

/** The metadata service's address on every EC2 instance (AWS SDKs: AWS_EC2_METADATA_SERVICE_ENDPOINT). */
export const DEFAULT_IMDS_ENDPOINT = 'http://169.254.169.254';

/** How long one metadata request may take: the service answers on the instance in milliseconds. */
export const IMDS_TIMEOUT_MS = 2_000;

/** How long the session token lives (seconds): it is used for a few requests at once. */
const TOKEN_TTL_SECONDS = '60';

export class ImdsError extends Error {
  override name = 'ImdsError';
}

export interface Imds {
  /** The text of a metadata path (after /latest/), or an ImdsError saying why not. */
  get: (path: string) => Promise<string>;
}

/** A metadata client on `endpoint` (scheme, host and port), with one session token for its reads. */
export function imdsClient(send: Send, endpoint: string = DEFAULT_IMDS_ENDPOINT): Imds {
  const base = endpoint.replace(/\/+$/, '');
  let token: Promise<string> | undefined;
  const exchange = async (
    method: 'GET' | 'PUT',
    path: string,
    headers: Record<string, string>,
  ): Promise<string> => {
    let answer;
    try {
      answer = await send({ method, url: `${base}/latest/${path}`, headers, maxBytes: 64 * 1024 });
    } catch (error) {
      throw new ImdsError(`no answer from ${base}: ${(error as Error).message.replace(/\.$/, '')}`);
    }
    if (answer.status !== 200 || answer.truncated) {
      throw new ImdsError(`${base} answered ${answer.status} to ${method} /latest/${path}`);
    }
    return answer.body;
  };
  const session = (): Promise<string> =>
    (token ??= exchange('PUT', 'api/token', {
      'x-aws-ec2-metadata-token-ttl-seconds': TOKEN_TTL_SECONDS,
    }).then((text) => text.trim()));
  return {
    get: async (path) => exchange('GET', path, { 'x-aws-ec2-metadata-token': await session() }),
  };
}
