// Infisical Cloud's rate limits (server/config/rateLimiter.ts): a fixed window per route class,
// read and write counted apart, as @fastify/rate-limit keeps it: the window starts with its first
// request, and x-ratelimit-reset is the whole seconds left, rounded up.
import { error, type Reply } from './answers.js';

export interface RateLimit {
  limit: number;
  windowMs: number;
}

export type RateClass = 'read' | 'write';

export class FixedWindow {
  private start = 0;
  private count = 0;

  constructor(private readonly rule: RateLimit | undefined) {}

  /** Counts one request: the headers to add to its answer, or the 429 that replaces it. */
  take(now = Date.now()): { headers: Record<string, string> } | { limited: Reply } {
    const rule = this.rule;
    if (!rule) return { headers: {} };
    if (now >= this.start + rule.windowMs) {
      this.start = now;
      this.count = 0;
    }
    const seconds = Math.max(1, Math.ceil((this.start + rule.windowMs - now) / 1000));
    if (this.count >= rule.limit) {
      const reply = error(
        429,
        'RateLimitExceeded',
        `Rate limit exceeded. Please try again in ${seconds} seconds`,
      );
      reply.headers = {
        'retry-after': String(seconds),
        'x-ratelimit-limit': String(rule.limit),
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': String(seconds),
      };
      return { limited: reply };
    }
    this.count += 1;
    return {
      headers: {
        'x-ratelimit-limit': String(rule.limit),
        'x-ratelimit-remaining': String(rule.limit - this.count),
        'x-ratelimit-reset': String(Math.ceil((this.start + rule.windowMs - now) / 1000)),
      },
    };
  }
}
