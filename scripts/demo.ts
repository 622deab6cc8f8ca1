// `npm run demo`: the built action (dist/) run as a runner runs it, its own process, against the
// fake Infisical on loopback. The runs a newcomer should see: a batch with one failure, a dry-run
// selection from an identity's tokens then the real one, a revoke left to the job's end (the
// main step, then the post step with the state the main step saved), and a sweep of the whole
// organization (a dry run) beside old client secrets retired. For each: the exit code, the
// log as the runner receives it, the outputs and the job summary as text. No network but loopback.
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { startFakeInfisical, type FakeInfisical } from '../testbed/fake-infisical.js';
import { ENTRIES, runStep, type StepResult } from '../testbed/runner.js';

const missing = Object.values(ENTRIES).filter((entry) => !existsSync(entry));
if (missing.length > 0) {
  console.error(
    `The built action is missing (${missing.join(', ')}): run \`npm run bundle\` first.`,
  );
  process.exit(1);
}

const color = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code: string) => (text: string) => (color ? `\x1b[${code}m${text}\x1b[0m` : text);
const bold = paint('1');
const dim = paint('2');
const red = paint('31');
const yellow = paint('33');

const DAY = 86_400_000;
// What a runner sets; the summary names the run with them.
const RUNNER_ENV = {
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_REPOSITORY: 'octo-org/deploy',
  GITHUB_RUN_ID: '4242',
  GITHUB_WORKFLOW: 'rotate',
  GITHUB_JOB: 'rotate',
  GITHUB_ACTOR: 'octocat',
};

/** The step's stdout as the runner shows it: workflow commands become annotations or vanish. */
function logAsShown(stdout: string): string {
  return stdout
    .trimEnd()
    .split('\n')
    .map((line) => {
      const command = /^::(\w[\w-]*)(?: [^:]*)?::(.*)$/.exec(line);
      if (!command) return line;
      const [, kind, text] = command as unknown as [string, string, string];
      if (kind === 'add-mask') return dim('::add-mask::*** (the runner hides this line)');
      if (kind === 'error') return red(`Error: ${text}`);
      if (kind === 'warning') return yellow(`Warning: ${text}`);
      if (kind === 'debug') return dim(`(debug, shown only with step debug logging) ${text}`);
      return line;
    })
    .join('\n');
}

/** Markdown as plain text: HTML tags and entities out, links as "text (url)", no bold marks. */
function summaryAsText(markdown: string): string {
  return markdown
    .trimEnd()
    .replace(/<[^>]+>/g, '')
    .replace(/\[([^\]]+)\]\(([^)]+)\)/g, '$1 ($2)')
    .replace(/\*\*([^*]+)\*\*/g, (_, text: string) => bold(text))
    .replace(/^#{1,6} (.*)$/gm, (_, title: string) => bold(title))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

const indent = (text: string) => text.replace(/^/gm, '    ');

function show(title: string, run: StepResult): void {
  console.log(
    `${bold(`--- ${title}`)}: the step exits ${run.code === 0 ? '0' : red(String(run.code))}`,
  );
  console.log(dim('  log, as the runner receives it:'));
  console.log(indent(logAsShown(run.stdout)));
  const outputs = Object.entries(run.outputs).filter(([, v]) => !['', '[]', '0'].includes(v));
  const left = Object.keys(run.outputs).length - outputs.length;
  if (outputs.length === 0 && left === 0) console.log(dim('  outputs: (none)'));
  else console.log(dim(`  outputs (${left} empty ones, [] or 0, left out):`));
  for (const [name, value] of outputs) console.log(`    ${name} = ${value}`);
  if (run.summary.trim()) {
    console.log(dim('  job summary:'));
    console.log(indent(summaryAsText(run.summary)));
  } else console.log(dim('  job summary: (none)'));
  console.log('');
}

const step = (
  fake: FakeInfisical,
  accessToken: string,
  inputs: Record<string, string>,
  more: { entry?: 'main' | 'post'; state?: Record<string, string> } = {},
) =>
  runStep({
    ...more,
    inputs: { 'access-token': accessToken, 'server-url': fake.url, ...inputs },
    env: RUNNER_ENV,
  });

const fake = await startFakeInfisical();
const accessToken = fake.addAccessToken('demo-access-token-0123456789');
console.log(`Fake Infisical on ${fake.url}. Every step below is dist/ in its own node process.`);
console.log(
  dim(
    'The runner hides ::add-mask:: lines (they register a secret to mask); they are shown dimmed here.\n',
  ),
);

// 1. A batch of three, one of them a token of another organization: Infisical answers 404
//    "Failed to find identity", and that token is still live, so the step fails.
{
  console.log(bold('=== 1. A batch with one failure'));
  const ours = [fake.addToken(), fake.addToken()];
  const theirs = fake.addToken(randomUUID(), { orgId: randomUUID() });
  console.log(dim(`token-id: two tokens of this organization, and ${theirs} of another one.\n`));
  const run = await step(fake, accessToken, { 'token-id': [ours[0], theirs, ours[1]].join('\n') });
  show('revoke three tokens', run);
}

// 2. Rotation: an identity's tokens, chosen by age (createdAt, not the list's update order).
{
  console.log(bold("=== 2. Choose from an identity's tokens: a dry run, then the real one"));
  const identity = fake.addIdentity({ name: 'deploy-bot' });
  const add = (name: string, days: number) =>
    fake.addToken(randomUUID(), {
      identityId: identity,
      name,
      createdAt: new Date(Date.now() - days * DAY),
      ttl: 0,
    });
  const renamed = add('ci-2024', 60);
  add('ci-spring', 30);
  add('ci-summer', 10);
  add('ci-today', 0.1);
  fake.addToken(randomUUID(), { identityId: identity, name: 'ci-old', revoked: true });
  fake.renameToken(renamed, 'ci-2024-renamed'); // moves it to the top of Infisical's list
  console.log(
    dim(
      'tokens-of-identity: deploy-bot, older-than: 7d, keep-newest: 1 (4 live tokens of 60, 30, 10 and 0 days, one revoked row).\n',
    ),
  );
  const inputs = { 'tokens-of-identity': identity, 'older-than': '7d', 'keep-newest': '1' };
  show('dry-run: true', await step(fake, accessToken, { ...inputs, 'dry-run': 'true' }));
  show('the same without dry-run', await step(fake, accessToken, inputs));
}

// 3. revoke-at: job-end: the main step only records the revoke; the post step does it when the job ends.
{
  console.log(bold('=== 3. A revoke at job end: the main step, then the post step'));
  const tokenId = fake.addToken();
  const inputs = { 'token-id': tokenId, 'revoke-at': 'job-end' };
  const main = await step(fake, accessToken, inputs);
  show('main step (revoke-at: job-end)', main);
  console.log(
    dim(
      `  The token is ${fake.isRevoked(tokenId) ? 'revoked' : 'still live'}; the state passed to the post step: ${JSON.stringify(main.state)}\n`,
    ),
  );
  const post = await step(fake, accessToken, inputs, { entry: 'post', state: main.state });
  show('post step, when the job ends', post);
  console.log(dim(`  The token is ${fake.isRevoked(tokenId) ? 'revoked' : 'still live'}.\n`));
}

// 4. The whole organization in one sweep, and a Universal Auth identity's old client secrets.
{
  console.log(bold('=== 4. The whole organization (a dry run), then old client secrets retired'));
  const runner = fake.addIdentity({ name: 'ci-runner' });
  for (const days of [40, 20, 1]) {
    fake.addToken(randomUUID(), {
      identityId: runner,
      createdAt: new Date(Date.now() - days * DAY),
      ttl: 0,
    });
  }
  const deployer = fake.addIdentity({ name: 'ua-deployer', tokenAuth: false });
  for (const [description, days] of [
    ['ci 2026-09', 90],
    ['ci 2026-10', 60],
    ['ci 2026-11', 30],
  ] as const) {
    fake.addClientSecret(deployer, { description, createdAt: new Date(Date.now() - days * DAY) });
  }
  console.log(
    dim(
      'tokens-of-identity: all, older-than: 7d, dry-run: true; then client-secrets-of-identity: ua-deployer, keep-newest: 1.\n',
    ),
  );
  show(
    'tokens-of-identity: all (dry run)',
    await step(fake, accessToken, {
      'tokens-of-identity': 'all',
      'older-than': '7d',
      'dry-run': 'true',
    }),
  );
  show(
    'client-secrets-of-identity',
    await step(fake, accessToken, { 'client-secrets-of-identity': deployer, 'keep-newest': '1' }),
  );
}

await fake.close();
