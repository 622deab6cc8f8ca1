// The sentences the step says about the run as a whole (what it is about to do, what a job-end
// main step leaves for later), from plain values, so that unit tests
// reach every branch without a runner.
import type { NamedTokens } from '../revoke/target.js';
import { describeTarget, UNNAMED_SELF } from '../revoke/target.js';
import { capitalise, plural } from '../text/words.js';
import type { Run } from './run.js';

/** What a run is about: the tokens named, and how many identities the filters choose from. */
export interface RunScope {
  named: NamedTokens;
  /** How many identities tokens-of-identity names by id (0 when none). */
  identities: number;
  /** tokens-of-identity holds `all`. */
  allIdentities?: boolean;
  /** client-secrets-of-identity: how many identities by id, and whether `all`. */
  clientSecrets?: { identities: number; all: boolean };
  dryRun: boolean;
}

/** A dry run's line; `secrets` only when client-secrets-of-identity was given. */
export function dryRunLine(count: number, secrets?: number): string {
  // A run that asked only for client secrets (none named, none chosen) speaks of them alone.
  const parts = [
    ...(secrets === undefined || count > 0 ? [plural(count, 'token')] : []),
    ...(secrets === undefined ? [] : [plural(secrets, 'client secret')]),
  ];
  return `Dry run: ${parts.join(' and ')} would be revoked; nothing was revoked.`;
}

/** How many client secrets a run chose, when client-secrets-of-identity was given. */
export function secretsChosen(run: Pick<Run, 'selection'>): number | undefined {
  return run.selection?.secrets?.chosen.chosen.length;
}

/** The first line of a run: "Revoking 3 tokens at https://…", or a dry run's. */
export function startLine(scope: RunScope, server: string): string {
  const verb = scope.dryRun ? 'Dry run, nothing is revoked: looking for' : 'Revoking';
  return `${verb} ${describeTokens(scope)} at ${server}.`;
}

/**
 * What a main step with revoke-at: job-end says: what the post step will do, or which inputs are
 * empty now and read again at job end.
 */
export function jobEndNotice(scope: RunScope, emptyNow: readonly string[]): string {
  if (emptyNow.length > 0) {
    return `${emptyNow.join(' and ')} ${emptyNow.length > 1 ? 'are' : 'is'} empty now; the inputs are read again when the job ends (the runner evaluates with: again for the post step).`;
  }
  const what = capitalise(describeTokens(scope));
  return scope.dryRun
    ? `${what}: the dry run happens when the job ends (nothing is revoked).`
    : `${what} will be revoked when the job ends.`;
}

function describeTokens({ named, identities, allIdentities, clientSecrets }: RunScope): string {
  const chosen =
    identities > 0 || allIdentities
      ? `the tokens of ${whose(identities, allIdentities ?? false)} that the filters choose`
      : '';
  const secrets = clientSecrets
    ? `the client secrets of ${whose(clientSecrets.identities, clientSecrets.all)} that the filters choose`
    : '';
  const parts = [describeNamed(named), chosen, secrets].filter((part) => part !== '');
  return parts.length > 1
    ? `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`
    : (parts[0] ?? '');
}

/** "3 identities", "every identity of the organization", or both. */
function whose(identities: number, all: boolean): string {
  const named = plural(identities, 'identity', 'identities');
  if (!all) return named;
  return identities > 0
    ? `every identity of the organization and ${named} named by id`
    : 'every identity of the organization';
}

function describeNamed(named: NamedTokens): string {
  const count = named.tokenIds.length + (named.self ? 1 : 0);
  if (count === 0) return '';
  if (count > 1) return `${count} tokens`;
  const [id] = named.tokenIds;
  return id === undefined ? describeTarget({ tokenId: UNNAMED_SELF, self: true }) : `token ${id}`;
}
