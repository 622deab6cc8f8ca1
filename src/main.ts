// The step's edge: reads the runner's inputs, hands plain values to the logic, and writes what it
// returns back to the runner. Nothing else touches @actions/core.
import * as core from '@actions/core';
import { InputError } from './input-error.js';
import { parseInputs, secretsIn, type Inputs, type ReadInput } from './inputs.js';
import type { Settled } from './outcome.js';
import { redactor } from './redact.js';
import { outputsOf, summaryOf } from './report.js';
import { revokeAll } from './revoke-all.js';
import { describeServer } from './server-url.js';

/** The main step saves this when it leaves the revoke to the post step at job end. */
export const REVOKE_AT_JOB_END = 'revoke-at-job-end';

export type Phase = 'main' | 'post';

type Say = (text: string) => string;

export async function run(phase: Phase): Promise<void> {
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
    const { inputs, warnings } = parseInputs(read);
    for (const warning of warnings) core.warning(say(warning));
    if (phase === 'main' && inputs.revokeAt === 'job-end') {
      core.saveState(REVOKE_AT_JOB_END, 'true');
      core.info(`${capitalise(describeTokens(inputs))} will be revoked when the job ends.`);
      return;
    }
    core.info(`Revoking ${describeTokens(inputs)} at ${describeServer(inputs.server)}.`);
    const policy = {
      ignoreNotFound: inputs.ignoreNotFound,
      expiredIsDone: inputs.selfRevoke && phase === 'post',
    };
    const settled = await revokeAll(inputs, policy, {
      info: (line) => core.info(say(line)),
      settled: ({ done, line }) => {
        // A single failure is reported once, by setFailed in publish.
        if (done) core.info(say(line));
        else if (inputs.tokenIds.length > 1) core.error(say(line));
      },
    });
    await publish(settled, say);
  } catch (error) {
    if (error instanceof InputError) {
      core.setFailed(say(error.message));
      return;
    }
    const err = error instanceof Error ? error : new Error(String(error));
    core.setFailed(say(`Unexpected error while revoking: ${err.message}`));
    if (core.isDebug() && err.stack) core.debug(say(err.stack));
  }
}

/** Outputs, the job summary, and the step's verdict. */
async function publish(settled: readonly Settled[], say: Say): Promise<void> {
  for (const [name, value] of Object.entries(outputsOf(settled))) core.setOutput(name, say(value));
  await writeSummary(settled, say);
  const failed = settled.filter((s) => !s.done);
  if (failed.length === 0) return;
  core.setFailed(
    say(
      settled.length === 1
        ? (failed[0] as Settled).line
        : `${failed.length} of ${settled.length} tokens could not be revoked (see the errors above).`,
    ),
  );
}

/** The job summary is a courtesy: failing to write it must not fail a revoke that worked. */
async function writeSummary(settled: readonly Settled[], say: Say): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return;
  const { heading, rows } = summaryOf(settled);
  const [header = [], ...body] = rows;
  try {
    await core.summary
      .addHeading(say(heading), 3)
      .addTable([
        header.map((data) => ({ data, header: true })),
        ...body.map((row) => row.map((cell) => say(cell))),
      ])
      .write();
  } catch (error) {
    core.warning(say(`Could not write the job summary: ${(error as Error).message}`));
  }
}

function describeTokens(inputs: Inputs): string {
  if (inputs.selfRevoke) return `the access token's own token ${inputs.tokenIds[0]}`;
  return inputs.tokenIds.length === 1
    ? `token ${inputs.tokenIds[0]}`
    : `${inputs.tokenIds.length} tokens`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
