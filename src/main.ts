// The step's edge: reads the runner's inputs, hands plain values to the logic, and writes what it
// returns back to the runner. Nothing else touches @actions/core or process.env.
import * as core from '@actions/core';
import { readFile } from 'node:fs/promises';
import {
  emptyCredentials,
  emptyTokenIdError,
  InputError,
  namesNoToken,
  parseInputs,
  parseTokenIds,
  secretsIn,
  type Inputs,
  type ReadInput,
} from './inputs/index.js';
import { secretsInProxyEnv } from './http/index.js';
import { describeServer } from './infisical/server.js';
import type { AwsEnvironment, IdTokenSource } from './login/index.js';
import { REVOKE_AT_JOB_END, type OutputName } from './names.js';
import { tokenIdOfAccessToken } from './jwt.js';
import {
  jobEndNotice,
  judge,
  loginRefusedMarkdown,
  refusedMarkdown,
  refusedOutputs,
  refusedRun,
  type RefusedContext,
  outputsOf,
  startLine,
  summaryMarkdown,
  type Run,
  type RunScope,
} from './report/index.js';
import { runPhase } from './step.js';
import { watchCancellation } from './stop/cancel.js';
import { oneLine } from './text/words.js';
import { redactor, type Redactor } from './text/redact.js';

export { REVOKE_AT_JOB_END } from './names.js';

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
  // The proxy's password sits in the environment (https_proxy and the like), not in an input.
  const secrets = [...new Set([...secretsIn(read), ...secretsInProxyEnv(process.env)])];
  for (const secret of secrets) core.setSecret(secret);
  const say = redactor(secrets);
  try {
    if (phase === 'post' && core.getState(REVOKE_AT_JOB_END) !== 'true') {
      core.debug('Nothing to revoke at job end: revoke-at is now.');
      return;
    }
    const { inputs, warnings } = parseInputs(read, phase, {
      // Whether the job may ask for a GitHub ID token: the runner sets both with id-token: write.
      canRequestIdToken: Boolean(
        process.env.ACTIONS_ID_TOKEN_REQUEST_URL && process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN,
      ),
    });
    for (const warning of warnings) core.warning(say(warning));
    const scope = scopeOf(inputs);
    if (phase === 'main' && inputs.revokeAt === 'job-end') {
      core.saveState(REVOKE_AT_JOB_END, 'true');
      const emptyNow = [
        ...(namesNoToken(inputs) ? ['token-id'] : []),
        ...emptyCredentials(inputs.credentials),
      ];
      core.info(say(jobEndNotice(scope, emptyNow)));
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
    core.info(say(startLine(scope, describeServer(inputs.server))));
    const run = await runPhase(inputs, {
      log: (line) => core.info(say(line)),
      warn: (line) => core.warning(say(line)),
      mask: (secret) => {
        core.setSecret(secret);
        say.add(secret);
      },
      redact: say,
      idTokenRequest: idTokenRequest(),
      aws: awsEnvironment(),
      readTextFile: (path) => readFile(path, 'utf8'),
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
      await publishRefused(error.message, read, phase, say);
      return;
    }
    const err = error instanceof Error ? error : new Error(String(error));
    // One line, as every line of the action: the stack trace goes to the debug log only.
    core.setFailed(say(`Unexpected error while revoking: ${oneLine(err.message)}`));
    if (core.isDebug() && err.stack) core.debug(say(err.stack));
  } finally {
    cancellation.dispose();
  }
}

function scopeOf(inputs: Inputs): RunScope {
  return {
    named: inputs.named,
    identities: inputs.selection?.identityIds.length ?? 0,
    allIdentities: inputs.selection?.allIdentities,
    clientSecrets: inputs.selection?.clientSecrets && {
      identities: inputs.selection.clientSecrets.identityIds.length,
      all: inputs.selection.clientSecrets.all,
    },
    dryRun: inputs.dryRun,
  };
}

/** Outputs, the job summary, the error annotations, and the step's verdict. */
async function publish(run: Run, inputs: Inputs, phase: Phase, say: Say): Promise<void> {
  const verdict = judge(run);
  writeOutputs(run, outputsOf(run, verdict), say);
  // A refused login revoked nothing: the summary says so plainly (and, at job end, what is live).
  const refused = run.stopped?.kind === 'login' ? `\n${loginRefusedMarkdown(run, phase)}` : '';
  await writeSummary(
    summaryMarkdown(run, verdict, {
      ...contextOf(phase),
      infisical: describeServer(inputs.server),
    }) + refused,
    say,
  );
  if (run.logout?.done) core.info(say(run.logout.line));
  for (const line of verdict.warnings) core.warning(say(line));
  for (const line of verdict.errors) core.error(say(line));
  if (verdict.failure !== undefined) core.setFailed(say(verdict.failure));
}

/**
 * The record of refused inputs, as of any run: every output (the tokens token-id names as not
 * attempted, when it can be read) and a job summary saying nothing was revoked, then the failure.
 */
async function publishRefused(error: string, read: ReadInput, phase: Phase, say: Say) {
  let named;
  try {
    named = parseTokenIds(read('token-id'));
  } catch {
    named = undefined; // token-id itself was refused: no ids to name.
  }
  const run = refusedRun(named, tokenIdOfAccessToken(read('access-token').trim()));
  writeOutputs(run, refusedOutputs(run, error), say);
  await writeSummary(refusedMarkdown(run, error, contextOf(phase)), say);
  core.setFailed(say(error));
}

// Failing to write the outputs must not hide that the revokes worked.
function writeOutputs(run: Run, outputs: Record<OutputName, string>, say: Say): void {
  try {
    for (const [name, value] of Object.entries(outputs)) core.setOutput(name, say(value));
  } catch (error) {
    const revoked = run.settled.filter((s) => s.result.outcome === 'revoked').length;
    core.warning(
      say(
        `Could not write the step's outputs (${(error as Error).message}); the revokes still took effect: ${revoked} of ${run.settled.length} tokens revoked (see the log and the job summary).`,
      ),
    );
  }
}

/** Where the run is, from the runner's GITHUB_* variables (missing ones are left out). */
function contextOf(phase: Phase): RefusedContext {
  const env = process.env;
  return {
    serverUrl: env.GITHUB_SERVER_URL,
    repository: env.GITHUB_REPOSITORY,
    runId: env.GITHUB_RUN_ID,
    runAttempt: env.GITHUB_RUN_ATTEMPT,
    actor: env.GITHUB_ACTOR,
    workflow: env.GITHUB_WORKFLOW,
    job: env.GITHUB_JOB,
    phase,
    at: new Date(),
  };
}

/** The job summary is the audit record; failing to write it must not fail a revoke that worked. */
async function writeSummary(markdown: string, say: Say): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return;
  try {
    await core.summary.addRaw(say(markdown)).write();
  } catch (error) {
    core.warning(say(`Could not write the job summary: ${(error as Error).message}`));
  }
}

// Where this job may ask GitHub for an ID token. The runner sets both only with
// `permissions: id-token: write`; without them the OIDC login says what to give the job. The
// request itself is the action's own (login/github-id-token.ts): core.getIDToken cannot be aborted.
function idTokenRequest(): IdTokenSource | undefined {
  const url = process.env.ACTIONS_ID_TOKEN_REQUEST_URL;
  const token = process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
  return url && token ? { url, token } : undefined;
}

// The runner's AWS identity for method: aws-iam, as aws-actions/configure-aws-credentials exports
// it (or nothing: the instance role, through IMDS). Masked by the login before it is used.
function awsEnvironment(): AwsEnvironment {
  const env = process.env;
  return {
    accessKeyId: env.AWS_ACCESS_KEY_ID || undefined,
    secretAccessKey: env.AWS_SECRET_ACCESS_KEY || undefined,
    sessionToken: env.AWS_SESSION_TOKEN || undefined,
    region: env.AWS_REGION || undefined,
    defaultRegion: env.AWS_DEFAULT_REGION || undefined,
    imdsEndpoint: env.AWS_EC2_METADATA_SERVICE_ENDPOINT || undefined,
    imdsDisabled: env.AWS_EC2_METADATA_DISABLED?.trim().toLowerCase() === 'true',
  };
}
