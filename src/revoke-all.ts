// Revokes every token of a run: the pool of concurrent revokes, one pacer and one HTTP client
// shared by all of them, and the access token's own token kept for last.
import { tokenIdOfAccessToken } from './access-token.js';
import { mapWithConcurrency } from './batch.js';
import { createHttp } from './http.js';
import type { Inputs } from './inputs.js';
import { settle, type Policy, type Settled } from './outcome.js';
import { RateLimitPacer } from './rate-limit.js';
import { sleep } from './retry.js';
import { revokeToken } from './revoke.js';

export interface Progress {
  /** A retry, or a note on the order of work. */
  info: (line: string) => void;
  /** One token is settled, as it happens, so a long batch shows progress. */
  settled: (outcome: Settled) => void;
}

export async function revokeAll(
  inputs: Inputs,
  policy: Policy,
  progress: Progress,
): Promise<Settled[]> {
  const pacer = new RateLimitPacer({ now: Date.now, sleep });
  const http = createHttp(inputs.timeoutSeconds * 1000);
  const revokeOne = async (id: string): Promise<Settled> => {
    const result = await revokeToken(id, {
      server: inputs.server,
      accessToken: inputs.accessToken,
      retries: inputs.retries,
      post: http.post,
      pacer,
      sleep,
      log: progress.info,
    });
    const outcome = settle(result, policy);
    progress.settled(outcome);
    return outcome;
  };
  // Revoking the access token's own token ends its right to revoke the others: that one goes last.
  const own = tokenIdOfAccessToken(inputs.accessToken);
  const others = inputs.tokenIds.filter((id) => id !== own);
  try {
    const settled = await mapWithConcurrency(others, inputs.concurrency, revokeOne);
    if (own !== undefined && others.length < inputs.tokenIds.length) {
      if (others.length > 0) progress.info(`Revoking the access token's own token ${own} last.`);
      settled.push(await revokeOne(own));
    }
    return settled;
  } finally {
    http.close();
  }
}
