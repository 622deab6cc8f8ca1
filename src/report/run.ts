// What one phase did, as the report reads it: every token settled, why the run stopped early,
// the action's own login, and what the selection listed and chose. Plain data, built by step.ts.
import type { Settled } from '../revoke/settle.js';
import type { Looked } from '../revoke/dry-run.js';
import type { ListedSecret } from '../infisical/client-secrets.js';
import type { Chosen, Listed, ListedSecrets, Sweep } from '../select/index.js';
import type { StopReason } from '../stop/stopping.js';
import type { Selection } from '../inputs/selection.js';
import type { Acting } from './acting.js';

export interface Run {
  settled: readonly Settled[];
  /** Why the run ended before every token was tried. */
  stopped?: StopReason;
  /** The action's own login, revoked at the end (or not: then `done` is false). */
  logout?: { done: boolean; line: string };
  /**
   * What tokens-of-identity listed and chose; which identities the selection reached (and, for
   * `all`, what it made of every identity of the organization); what client-secrets-of-identity
   * listed and chose.
   */
  selection?: {
    listed: readonly Listed[];
    chosen: Chosen;
    sweep?: Sweep;
    secrets?: { listed: readonly ListedSecrets[]; chosen: Chosen<ListedSecret> };
  };
  /** A dry run: what each token was found to be, in the order a real run takes (nothing was revoked). */
  dryRun?: readonly Looked[];
  /** Who revoked: the identity the access token acts as, as far as the step can tell. */
  acting?: Acting;
  /** The filters tokens-of-identity chose with, as the inputs gave them. */
  filters?: Selection;
}

/** Where the run is, from the runner's GITHUB_* variables; missing ones are left out. */
export interface RunContext {
  serverUrl?: string;
  repository?: string;
  runId?: string;
  runAttempt?: string;
  actor?: string;
  workflow?: string;
  job?: string;
  /** The Infisical server revoked at. */
  infisical: string;
  phase: 'main' | 'post';
  at: Date;
}
