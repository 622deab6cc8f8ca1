// The step's edge: reads the runner's inputs, hands plain values to the logic, and writes what it
// returns back to the runner. Nothing else touches @actions/core.
import * as core from '@actions/core';
import { mapWithConcurrency } from './batch.js';
import { describeServer } from './server-url.js';
import { createHttp } from './http.js';
import { InputError } from './input-error.js';
import { parseInputs, secretsIn, type Inputs, type ReadInput } from './inputs.js';
import { settle, type Settled } from './outcome.js';
import { RateLimitPacer } from './rate-limit.js';
import { outputsOf, summaryOf } from './report.js';
import { sleep } from './retry.js';
import { redactor } from './redact.js';
import { revokeToken } from './revoke.js';

/** The main step saves this when it leaves the revoke to the post step at job end. */
export const REVOKE_AT_JOB_END = 'revoke-at-job-end';

export type Phase = 'main' | 'post';

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
      core.info(`${describeTokens(inputs)} will be revoked when the job ends.`);
      return;
    }
    await revokeAll(inputs, phase, say);
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

async function revokeAll(
  inputs: Inputs,
  phase: Phase,
  say: (text: string) => string,
): Promise<void> {
  core.info(`Revoking ${describeTokens(inputs)} at ${describeServer(inputs.server)}.`);
  const pacer = new RateLimitPacer({ now: Date.now, sleep });
  const policy = {
    ignoreNotFound: inputs.ignoreNotFound,
    expiredIsDone: inputs.selfRevoke && phase === 'post',
  };
  const http = createHttp();
  const settled: Settled[] = await mapWithConcurrency(
    inputs.tokenIds,
    inputs.concurrency,
    async (id) => {
      const result = await revokeToken(id, {
        server: inputs.server,
        accessToken: inputs.accessToken,
        retries: inputs.retries,
        timeoutMs: inputs.timeoutSeconds * 1000,
        post: http.post,
        pacer,
        sleep,
        log: (line) => core.info(say(line)),
      });
      const outcome = settle(result, policy);
      // Lines are printed as tokens finish, so a long batch shows progress.
      // A single failure is reported once, by setFailed below.
      if (outcome.done) core.info(say(outcome.line));
      else if (inputs.tokenIds.length > 1) core.error(say(outcome.line));
      return outcome;
    },
  ).finally(http.close);

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

async function writeSummary(
  settled: readonly Settled[],
  say: (text: string) => string,
): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return;
  const { heading, rows } = summaryOf(settled);
  const [header = [], ...body] = rows;
  await core.summary
    .addHeading(say(heading), 3)
    .addTable([
      header.map((data) => ({ data, header: true })),
      ...body.map((row) => row.map((cell) => say(cell))),
    ])
    .write();
}

function describeTokens(inputs: Inputs): string {
  if (inputs.selfRevoke) return `the access token's own token ${inputs.tokenIds[0]}`;
  return inputs.tokenIds.length === 1
    ? `token ${inputs.tokenIds[0]}`
    : `${inputs.tokenIds.length} tokens`;
}
