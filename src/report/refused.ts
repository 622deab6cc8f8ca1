// The record of a run that never started (its inputs were refused) or whose login was refused:
// the outputs and a job summary that say plainly that nothing was revoked, and why. In the post
// step that means the tokens it was there to revoke are still live, which the summary says first.
import type { Outputs } from '../names.js';
import { notAttempted } from '../revoke/all.js';
import { describeTarget, planOf, type NamedTokens } from '../revoke/target.js';
import { plural } from '../text/words.js';
import { outputsOf } from './outputs.js';
import type { Run, RunContext } from './run.js';
import { judge } from './verdict.js';

/** Where the refused run is: the runner's GITHUB_* variables (missing ones are left out). */
/** Where the run is: a refused run has no server to name yet. */
export type RefusedContext = Omit<RunContext, 'infisical'>;

/**
 * The run of refused inputs: every token the inputs name (when token-id could be read) not
 * attempted. `ownTokenId` names the access token's own token, for `self`.
 */
export function refusedRun(named: NamedTokens | undefined, ownTokenId?: string): Run {
  if (!named) return { settled: [] };
  return { settled: notAttempted(planOf(named, ownTokenId), { ignoreNotFound: false }) };
}

/** Every output, as for any run: counts of zero but the not attempted, `message` the error line. */
export function refusedOutputs(run: Run, error: string): Outputs {
  return outputsOf(run, { ...judge(run), message: error });
}

/** The job summary of a run whose inputs were refused before any request. */
export function refusedMarkdown(run: Run, error: string, context: RefusedContext): string {
  const heading =
    context.phase === 'post'
      ? 'Infisical token revocation at job end failed: nothing revoked, the tokens are still live'
      : 'Infisical token revocation failed: nothing revoked';
  const lines = [
    `### ${heading}`,
    '',
    contextLine(context),
    '',
    `**Nothing was revoked:** the inputs were refused before any request. ${escape(error)}`,
    '',
    ...stillLive(run, context.phase),
  ];
  return `${lines.join('\n')}\n`;
}

/**
 * What a run stopped by a refused login adds to its summary: that nothing was revoked, and, at
 * job end, that the tokens are still live.
 */
export function loginRefusedMarkdown(run: Run, phase: 'main' | 'post'): string {
  const lines = [
    '**Nothing was revoked:** the action could not log in to Infisical, so it tried no token.',
    '',
    ...stillLive(run, phase),
  ];
  return `${lines.join('\n')}\n`;
}

// The tokens the run named, which nothing revoked: in the post step they stay live after the job.
function stillLive(run: Run, phase: 'main' | 'post'): string[] {
  const targets = run.settled.map((s) => describeTarget(s.result));
  const named =
    targets.length === 0
      ? ''
      : ` ${plural(targets.length, 'token')} named, not attempted: ${targets.map(escape).join(', ')}.`;
  if (phase === 'post') {
    return [
      `> **Still live:** this was the revoke at job end, and no step runs after it: the tokens it was to revoke keep working until they expire or are revoked another way.${named}`,
      '',
    ];
  }
  return named ? [named.trim(), ''] : [];
}

function contextLine(c: RefusedContext): string {
  const parts: string[] = [];
  if (c.repository && c.runId) {
    const attempt = c.runAttempt && c.runAttempt !== '1' ? ` (attempt ${c.runAttempt})` : '';
    const name = `${escape(c.repository)} run ${escape(c.runId)}${attempt}`;
    parts.push(
      c.serverUrl
        ? `Run [${name}](${c.serverUrl}/${c.repository}/actions/runs/${c.runId}${c.runAttempt ? `/attempts/${c.runAttempt}` : ''})`
        : `Run ${name}`,
    );
  }
  if (c.workflow)
    parts.push(`workflow ${escape(c.workflow)}${c.job ? `, job ${escape(c.job)}` : ''}`);
  parts.push(c.phase === 'post' ? 'at job end (post step)' : 'in the step');
  parts.push(c.at.toISOString());
  return parts.join(' · ');
}

// One line of Markdown text: no table breaks, no HTML.
function escape(text: string): string {
  return text
    .replace(/\|/g, '\\|')
    .replace(/[\r\n]+/g, ' ')
    .replace(/</g, '&lt;');
}
