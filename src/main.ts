// The step's edge: reads the runner's inputs, hands plain values to the logic, and writes what it
// returns back to the runner. Nothing else touches @actions/core.
import * as core from '@actions/core';
import { watchCancellation } from './stop/cancel.js';
import { InputError } from './inputs/error.js';
import {
  emptyTokenIdError,
  namesNoToken,
  parseInputs,
  secretsIn,
  type Inputs,
  type ReadInput,
} from './inputs/index.js';
import { capitalise } from './revoke/settle.js';
import { redactor, type Redactor } from './text/redact.js';
import { annotationsOf, outputsOf, summaryMarkdown, type Run, type RunContext } from './report/index.js';
import { describeTarget, UNNAMED_SELF } from './revoke/one.js';
import { revokeNamed } from './step.js';
import { LoginError } from './login/index.js';
import { describeServer } from './inputs/server-url.js';

/** The main step saves this when it leaves the revoke to the post step at job end. */
export const REVOKE_AT_JOB_END = 'revoke-at-job-end';

export type Phase = 'main' | 'post';

type Say = Redactor;

/**
 * Runs one phase of the action. Without a phase it is the main step, as `@github/local-action`
 * and similar tools call it: `revoke-at: job-end` then only records the revoke for the post step.
 */
export async function run(phase: Phase = 'main'): Promise<void> {
  const cancellation = watchCancellation();
  // Read raw: masking must cover the value exactly as given, white space included.
  const read: ReadInput = (name) => core.getInput(name, { trimWhitespace: false });
  const secrets = secretsIn(read);
  for (const secret of secrets) core.setSecret(secret);
  const say = redactor(secrets);
  try {
    if (phase === 'post' && core.getState(REVOKE_AT_JOB_END) !== 'true') {
      core.debug('Nothing to revoke at job end: revoke-at is now.');
      return;
    }
    const { inputs, warnings } = parseInputs(read, phase);
    for (const warning of warnings) core.warning(say(warning));
    if (phase === 'main' && inputs.revokeAt === 'job-end') {
      core.saveState(REVOKE_AT_JOB_END, 'true');
      core.info(say(jobEndNotice(inputs)));
      return;
    }
    if (namesNoToken(inputs)) {
      if (!inputs.ignoreNotFound) throw emptyTokenIdError();
      core.warning(
        'Nothing to revoke: token-id is empty. Counted as done because ignore-not-found is true.',
      );
      await publish({ settled: [] }, inputs, phase, say);
      return;
    }
    const verb = inputs.selection?.dryRun ? 'Dry run, nothing is revoked: looking for' : 'Revoking';
    core.info(say(`${verb} ${describeTokens(inputs)} at ${describeServer(inputs.server)}.`));
    const run = await revokeNamed(inputs, {
      log: (line) => core.info(say(line)),
      warn: (line) => core.warning(say(line)),
      mask: (secret) => {
        core.setSecret(secret);
        say.add(secret);
      },
      getIdToken,
      cancellation,
      // Each token's line goes to the log as it settles; failures become annotations once,
      // grouped, at the end (GitHub shows only 10 a step). A single token's failure is the
      // step's closing error: said once, there.
      settled: ({ line, done }, total) => {
        if (done || total > 1) core.info(say(line));
      },
    });
    await publish(run, inputs, phase, say);
  } catch (error) {
    if (error instanceof InputError) {
      core.setFailed(say(error.message));
      return;
    }
    const err = error instanceof Error ? error : new Error(String(error));
    // One line, as every line of the action: the stack trace goes to the debug log only.
    core.setFailed(
      say(`Unexpected error while revoking: ${err.message.replace(/\s+/g, ' ').trim()}`),
    );
    if (core.isDebug() && err.stack) core.debug(say(err.stack));
  } finally {
    cancellation.dispose();
  }
}

/** Outputs, the job summary, the error annotations, and the step's verdict. */
async function publish(run: Run, inputs: Inputs, phase: Phase, say: Say): Promise<void> {
  writeOutputs(run, say);
  await writeSummary(run, inputs, phase, say);
  if (run.logout?.done) core.info(say(run.logout.line));
  const { errors, failure } = annotationsOf(run);
  for (const line of errors) core.error(say(line));
  if (failure !== undefined) core.setFailed(say(failure));
}

// Failing to write the outputs must not hide that the revokes worked.
function writeOutputs(run: Run, say: Say): void {
  try {
    for (const [name, value] of Object.entries(outputsOf(run))) core.setOutput(name, say(value));
  } catch (error) {
    const revoked = run.settled.filter((s) => s.result.outcome === 'revoked').length;
    core.warning(
      say(
        `Could not write the step's outputs (${(error as Error).message}); the revokes still took effect: ${revoked} of ${run.settled.length} tokens revoked (see the log and the job summary).`,
      ),
    );
  }
}

/** The job summary is the audit record; failing to write it must not fail a revoke that worked. */
async function writeSummary(run: Run, inputs: Inputs, phase: Phase, say: Say): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return;
  const env = process.env;
  const context: RunContext = {
    serverUrl: env.GITHUB_SERVER_URL,
    repository: env.GITHUB_REPOSITORY,
    runId: env.GITHUB_RUN_ID,
    runAttempt: env.GITHUB_RUN_ATTEMPT,
    actor: env.GITHUB_ACTOR,
    workflow: env.GITHUB_WORKFLOW,
    job: env.GITHUB_JOB,
    infisical: describeServer(inputs.server),
    phase,
    at: new Date(),
  };
  try {
    await core.summary.addRaw(say(summaryMarkdown(run, context))).write();
  } catch (error) {
    core.warning(say(`Could not write the job summary: ${(error as Error).message}`));
  }
}

function describeTokens(inputs: Inputs): string {
  const identities = inputs.selection?.identityIds.length ?? 0;
  const chosen =
    identities > 0
      ? `the tokens of ${identities} ${identities === 1 ? 'identity' : 'identities'} that the filters choose`
      : '';
  const named = describeNamed(inputs);
  if (chosen && named) return `${named} and ${chosen}`;
  return chosen || named;
}

function describeNamed(inputs: Inputs): string {
  const count = inputs.tokenIds.length + (inputs.self ? 1 : 0);
  if (count === 0) return '';
  if (count > 1) return `${count} tokens`;
  const [id] = inputs.tokenIds;
  return id === undefined ? describeTarget({ tokenId: UNNAMED_SELF, self: true }) : `token ${id}`;
}

function jobEndNotice(inputs: Inputs): string {
  const empty = [...(namesNoToken(inputs) ? ['token-id'] : []), ...emptyCredentials(inputs)];
  if (empty.length > 0) {
    return `${empty.join(' and ')} ${empty.length > 1 ? 'are' : 'is'} empty now; the inputs are read again when the job ends (the runner evaluates with: again for the post step).`;
  }
  const what = capitalise(describeTokens(inputs));
  return inputs.selection?.dryRun
    ? `${what}: the dry run happens when the job ends (nothing is revoked).`
    : `${what} will be revoked when the job ends.`;
}

// The credential inputs left empty in a job-end main step, to be read again at job end.
function emptyCredentials({ credentials: c }: Inputs): string[] {
  if (c.method === 'access-token') return c.accessToken === '' ? ['access-token'] : [];
  if (c.method === 'oidc') return c.identityId === '' ? ['identity-id'] : [];
  return [
    ...(c.clientId === '' ? ['client-id'] : []),
    ...(c.clientSecret === '' ? ['client-secret'] : []),
  ];
}

// GitHub's ID token for an OIDC login. Without `permissions: id-token: write` the runner gives the
// job no way to ask for one: say so, instead of @actions/core's "Unable to get ... env variable".
async function getIdToken(audience: string | undefined): Promise<string> {
  if (!process.env.ACTIONS_ID_TOKEN_REQUEST_URL || !process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN) {
    throw new LoginError(
      'method: oidc needs a GitHub ID token, and this job cannot ask for one: give the job (or the workflow) permissions: id-token: write. Pull requests from forks never get one.',
    );
  }
  return core.getIDToken(audience);
}
