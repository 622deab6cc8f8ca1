// Every request ends by its deadline, GitHub's ID-token request included: the built action, run
// as a runner runs it with `method: oidc`, against a GitHub ID-token service that accepts the
// request and never answers, or trickles a body for ever (a socket timeout that restarts on each
// byte never fires; @actions/core's getIDToken, which the action no longer uses, kept the process
// alive 180 s, or for ever). The process must exit within timeout-seconds × attempts plus the
// backoff, with its outputs and summary written and one error line naming the ID-token request;
// a cancel during the request must end it within the cancel's grace.
import { describe, expect, test } from '@jest/globals';
import type { FakeGitHubOidc, GitHubOidcMode } from '../testbed/fake-github-oidc.js';
import type { FakeInfisical } from '../testbed/fake-infisical.js';
import type { StepResult, StepRun } from '../testbed/runner.js';
import { commands, revokeStep, startFake, startGitHubOidc, unmasked } from './support/harness.js';

const OWNER = 'octo-org';

interface Setup {
  fake: FakeInfisical;
  github: FakeGitHubOidc;
  id: string;
  inputs: Record<string, string>;
}

async function setUp(mode: GitHubOidcMode): Promise<Setup> {
  const fake = await startFake();
  const identityId = fake.addIdentity({ name: 'revoker' });
  const github = await startGitHubOidc({ owner: OWNER, repo: 'octo-repo' });
  fake.configureOidc(identityId, {
    issuer: github.issuer,
    publicKeyPem: github.publicKeyPem,
    kid: github.kid,
    boundAudiences: `https://github.com/${OWNER}`,
    boundSubject: `repo:${OWNER}/octo-repo:ref:refs/heads/main`,
  });
  github.setMode(mode);
  const id = fake.addToken();
  return {
    fake,
    github,
    id,
    inputs: { 'access-token': '', method: 'oidc', 'identity-id': identityId, 'token-id': id },
  };
}

function step(
  setup: Setup,
  inputs: Record<string, string>,
  run: Omit<StepRun, 'inputs'> = {},
): Promise<StepResult> {
  return revokeStep(
    setup.fake,
    { ...setup.inputs, ...inputs },
    { env: setup.github.env(), ...run },
  );
}

/** Nothing reached Infisical, the named token is accounted for as not attempted, the summary written. */
function expectRecordWritten(setup: Setup, run: StepResult, error: string): void {
  expect(setup.fake.requests).toEqual([]);
  expect(setup.fake.isRevoked(setup.id)).toBe(false);
  expect(run.outputs).toMatchObject({
    'revoked-count': '0',
    'failed-count': '0',
    'not-attempted-count': '1',
    'not-attempted': JSON.stringify([setup.id]),
  });
  // The report's closing words follow the login's own line, in the output as in the annotation.
  expect(run.outputs.message).toBe(error);
  expect(error.split(/\r|\n/)).toHaveLength(1);
  expect(run.summary).not.toBe('');
  expect(run.summary).toContain(setup.id);
  // The runner's request token is masked before the request (only the start line comes before it),
  // and never shown.
  const lines = run.stdout.split('\n');
  const maskAt = lines.indexOf(`::add-mask::${setup.github.requestToken}`);
  expect(maskAt).toBeGreaterThanOrEqual(0);
  expect(lines.slice(0, maskAt).filter((line) => !/^(::add-mask::|Revoking )/.test(line))).toEqual(
    [],
  );
  expect(unmasked(run)).not.toContain(setup.github.requestToken);
}

describe('a GitHub ID-token service that never ends its answer (timeout-seconds: 2, retries: 1)', () => {
  test.each<[GitHubOidcMode, string]>([
    ['never-answer', 'accepts the request and never answers'],
    ['trickle', 'sends a 200 and trickles its body for ever'],
  ])(
    'a service that %s: both attempts end by their deadline, and the step exits well before 15 s with its record written',
    async (mode) => {
      const setup = await setUp(mode);
      const run = await step(setup, { 'timeout-seconds': '2', retries: '1' });

      expect(run.code).toBe(1);
      expect(run.signal).toBeNull();
      // Two attempts of 2 s each and one backoff of at most 0.5 s; the rest is node's start.
      expect(run.ms).toBeGreaterThan(4_000);
      expect(run.ms).toBeLessThan(9_000);
      expect(setup.github.requests).toHaveLength(2);
      const [first, second] = setup.github.requests;
      expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThan(2_000);
      expect(run.stdout).toMatch(
        /^Attempt 1 of 2 to get a GitHub ID token failed \(no complete answer within 2 s \(timed out\)\); retrying in 0\.\d s\.$/m,
      );
      const errors = commands(run, 'error');
      expect(errors).toHaveLength(1);
      const error = errors[0] as string;
      expect(error).toMatch(
        /^Could not get a GitHub ID token for the OIDC login: the ID-token request to http:\/\/127\.0\.0\.1:\d+ failed after 2 attempts: no complete answer within 2 s \(timed out\)\.( |$)/,
      );
      expectRecordWritten(setup, run, error);
    },
    20_000,
  );
});

describe('a GitHub ID-token service that answers with an error', () => {
  test('its words are one escaped line: no command starts a line, no piece of the request token shown', async () => {
    const setup = await setUp('answer');
    const token = setup.github.requestToken;
    setup.github.inject((req, res) => {
      res.writeHead(403, { 'content-type': 'text/plain' });
      // A page that echoes the request's header, cut through the token, and injects commands.
      res.end(
        `denied\n::stop-commands::pwned\n::error::fake\r\nyou sent ${req.headers.authorization}\nand ${token.slice(3, 19)}`,
      );
    });
    const run = await step(setup, { retries: '0' });

    expect(run.code).toBe(1);
    expect(setup.github.requests).toHaveLength(1);
    const lines = run.stdout.split('\n');
    expect(lines.filter((line) => line.startsWith('::stop-commands'))).toEqual([]);
    expect(commands(run, 'error')).toHaveLength(1);
    const error = commands(run, 'error')[0] as string;
    expect(error).toMatch(
      /^Could not get a GitHub ID token for the OIDC login: the ID-token request to http:\/\/127\.0\.0\.1:\d+ was answered 403 Forbidden: "denied ::stop-commands::pwned ::error::fake you sent Bearer \*\*\* and \*\*\*"\.( |$)/,
    );
    for (let i = 0; i + 8 <= token.length; i += 1) {
      expect(unmasked(run)).not.toContain(token.slice(i, i + 8));
    }
    expectRecordWritten(setup, run, error);
  });
});

describe('a cancel during the ID-token request', () => {
  test('SIGINT while the service hangs (timeout-seconds: 30): the request is cut off within the grace, the step exits by itself with its record', async () => {
    const setup = await setUp('never-answer');
    const run = await step(
      setup,
      { 'timeout-seconds': '30' },
      {
        // The runner's stdout says nothing while the request hangs: a signal node ignores
        // (SIGWINCH) marks the start line, and the runner's SIGINT follows 1 s later, mid-request.
        interrupt: {
          signal: 'SIGWINCH',
          when: (stdout) => /^Revoking /m.test(stdout),
          then: { signal: 'SIGINT', afterMs: 1_000 },
          killAfterMs: 1_000 + 10_000,
        },
      },
    );

    expect(run.sent?.map((s) => s.signal)).toEqual(['SIGWINCH', 'SIGINT']);
    expect(run.killed).toBe(false);
    expect(run.signal).toBeNull();
    expect(run.code).not.toBe(0);
    const sigint = run.sent?.[1]?.at as number;
    // The request was in flight when the cancel came.
    expect(setup.github.requests).toHaveLength(1);
    expect(setup.github.requests[0]?.at).toBeLessThan(sigint);
    // Ended by the cancel's 4 s grace, well before the runner's SIGTERM (7.5 s) or its 30 s deadline.
    const started = sigint - (run.sent?.[0]?.at ?? 0);
    expect(run.ms - started).toBeLessThan(1_000 + 7_500);
    expect(run.stdout).toContain('The run was cancelled (SIGINT)');
    expect(setup.fake.requests).toEqual([]);
    expect(run.outputs['not-attempted']).toBe(JSON.stringify([setup.id]));
    expect(run.summary).toMatch(/cancel/i);
  }, 20_000);
});
