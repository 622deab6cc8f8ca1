// The README's usage examples, run as a workflow would run them: every step of a ```yaml block of
// README.md that `uses: OWNER/infisical-revoke-token-action@…` becomes a test, with its `with:`
// filled the way the runner fills it (each `${{ … }}` replaced by a value chosen here), against the
// fake Infisical. Read from README.md as it is when the suite runs, so the tests follow the text.
//
// Three runs per example:
// - every expression empty (a job whose upstream jobs all failed, a typo in an expression): no
//   request reaches a revoke route and no token is revoked, the access token's own included;
// - upstream outputs empty but secrets, variables and env set: nothing is revoked that the `with:`
//   does not name (`self` names the access token itself);
// - real values: the example does what its text says (the tokens it names revoked, every other
//   token live, its login revoked, its headers sent, dry-run revoking nothing).
// `server-url` always points at the fake (the examples name Infisical Cloud or example.com).
import { describe, expect, test } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FakeGitHubOidc } from '../testbed/fake-github-oidc.js';
import type { FakeInfisical } from '../testbed/fake-infisical.js';
import type { StepResult } from '../testbed/runner.js';
import {
  ACCESS_TOKEN,
  SELF_TOKEN_ID,
  commands,
  revokeStep,
  startFake,
  startGitHubOidc,
} from './support/harness.js';

type Parse = (text: string) => unknown;

// The `yaml` package when node_modules has it (a dependency of @actions/workflow-parser); else the
// small line parser below, which reads just what a step needs.
let parseYaml: Parse | undefined;
try {
  parseYaml = ((await import('yaml')) as { parse: Parse }).parse;
} catch {
  parseYaml = undefined;
}

// $README_UNDER_TEST reads another copy (an older or a draft README) instead of README.md.
const README = readFileSync(
  process.env.README_UNDER_TEST ?? new URL('../README.md', import.meta.url),
  'utf8',
);
const ACTION_YML = readFileSync(new URL('../action.yml', import.meta.url), 'utf8');
const ACTION = /^([^/\s]+)\/infisical-revoke-token-action@\S+$/;

// ---- Reading the examples

interface Step {
  with: Record<string, string>;
  if?: string;
}

interface Example {
  /** "3. A cleanup job (README line 118)". */
  name: string;
  step: Step;
}

/** The ```yaml blocks of a Markdown text, each with the heading above it and its line. */
export function yamlBlocks(
  markdown: string,
): Array<{ heading: string; line: number; code: string }> {
  const blocks: Array<{ heading: string; line: number; code: string }> = [];
  const lines = markdown.split('\n');
  let heading = '(top)';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const h = /^#{1,6}\s+(.*)$/.exec(line);
    if (h) heading = (h[1] as string).trim();
    const fence = /^(\s*)(```+|~~~+)\s*ya?ml\b/i.exec(line);
    if (!fence) continue;
    const close = fence[2] as string;
    const body: string[] = [];
    let j = i + 1;
    while (j < lines.length && !(lines[j] as string).trim().startsWith(close)) {
      body.push(lines[j] as string);
      j++;
    }
    blocks.push({ heading, line: i + 1, code: body.join('\n') });
    i = j;
  }
  return blocks;
}

/** Every step (anywhere in a parsed document) that uses this action. */
function stepsIn(doc: unknown): Step[] {
  const found: Step[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (typeof node !== 'object' || node === null) return;
    const record = node as Record<string, unknown>;
    if (typeof record.uses === 'string' && ACTION.test(record.uses.trim())) {
      const withs = (record.with ?? {}) as Record<string, unknown>;
      found.push({
        with: Object.fromEntries(Object.entries(withs).map(([k, v]) => [k, scalar(v)])),
        ...(record.if === undefined ? {} : { if: scalar(record.if) }),
      });
      return;
    }
    Object.values(record).forEach(walk);
  };
  walk(doc);
  return found;
}

// What the runner hands the action for a YAML value: a string ('true' for true, '2' for 2).
const scalar = (value: unknown): string => (value === null ? '' : String(value));

/**
 * The fallback: steps found by their lines. A `uses:` of this action, the keys beside it (its
 * `if:`), and its `with:` map of plain values and `|` block scalars, as the README writes them.
 */
export function stepsByLines(code: string): Step[] {
  const lines = code.split('\n');
  const indentOf = (line: string) => line.length - line.trimStart().length;
  const blank = (line: string) => line.trim() === '' || /^\s*#/.test(line);
  const plain = (value: string) => {
    const text = value.replace(/\s+#.*$/, '').trim();
    const quoted = /^(['"])(.*)\1$/.exec(text);
    return quoted ? (quoted[2] as string) : text;
  };
  const steps: Step[] = [];
  lines.forEach((line, at) => {
    const uses = /^(\s*)(-\s+)?uses:\s*(\S+)/.exec(line);
    if (!uses || !ACTION.test(uses[3] as string)) return;
    // The step's keys sit at `column`; its list item's "- " two columns left of it.
    const column = (uses[1] as string).length + (uses[2]?.length ?? 0);
    let start = at;
    while (!uses[2] && start > 0 && !/^\s*-\s/.test(lines[start] as string)) start--;
    let end = at;
    while (end + 1 < lines.length) {
      const next = lines[end + 1] as string;
      if (!blank(next) && indentOf(next) < column) break;
      end++;
    }
    const body = lines
      .slice(start, end + 1)
      .map((l, i) => (i === 0 ? l.replace(/^(\s*)-(\s+)/, '$1 $2') : l));
    const step: Step = { with: {} };
    for (let i = 0; i < body.length; i++) {
      const key = /^\s*([\w-]+):\s*(.*)$/.exec(body[i] as string);
      if (!key || indentOf(body[i] as string) !== column) continue;
      if (key[1] === 'if') step.if = plain(key[2] as string);
      if (key[1] !== 'with') continue;
      let depth: number | undefined;
      for (let k = i + 1; k < body.length; k++) {
        const entry = body[k] as string;
        if (blank(entry)) continue;
        if (indentOf(entry) <= column) break;
        depth ??= indentOf(entry);
        const pair = /^\s*([\w-]+):\s*(.*)$/.exec(entry);
        if (!pair || indentOf(entry) !== depth) continue;
        const value = plain(pair[2] as string);
        if (value !== '|') {
          step.with[pair[1] as string] = value;
          continue;
        }
        const block: string[] = [];
        while (k + 1 < body.length) {
          const more = body[k + 1] as string;
          if (more.trim() !== '' && indentOf(more) <= depth) break;
          block.push(more);
          k++;
        }
        while (block.length > 0 && (block.at(-1) as string).trim() === '') block.pop();
        const inner = Math.min(...block.filter((l) => l.trim() !== '').map(indentOf));
        step.with[pair[1] as string] = `${block.map((l) => l.slice(inner)).join('\n')}\n`;
      }
    }
    steps.push(step);
  });
  return steps;
}

function examplesOf(markdown: string): Example[] {
  const examples: Example[] = [];
  for (const block of yamlBlocks(markdown)) {
    const steps = parseYaml ? stepsIn(parseYaml(block.code)) : stepsByLines(block.code);
    steps.forEach((step, n) => {
      const which = steps.length > 1 ? `, step ${n + 1}` : '';
      examples.push({ name: `${block.heading} (README line ${block.line}${which})`, step });
    });
  }
  return examples;
}

/** The action's inputs, from action.yml. */
function actionInputs(): Set<string> {
  if (parseYaml) {
    const doc = parseYaml(ACTION_YML) as { inputs?: Record<string, unknown> };
    return new Set(Object.keys(doc.inputs ?? {}));
  }
  const section = /^inputs:\n([\s\S]*?)^\S/m.exec(ACTION_YML)?.[1] ?? '';
  return new Set([...section.matchAll(/^ {2}([\w-]+):/gm)].map((m) => m[1] as string));
}

const EXAMPLES = examplesOf(README);
const INPUTS = actionInputs();

// ---- Filling `with:` as the runner would

const EXPRESSION = /\$\{\{\s*([\s\S]*?)\s*\}\}/g;
const OWNER = 'octo-org';
const SUBJECT = `repo:${OWNER}/octo-repo:ref:refs/heads/main`;

type Scenario = 'empty' | 'upstream-empty' | 'real' | 'dry-run';

/** A secret, a variable, the job's env or the github context: set even when upstream jobs failed. */
const isConfiguration = (expr: string) => /^(secrets|vars|env|github)\./.test(expr.trim());

/** One fake Infisical, and what each expression of an example stands for in it. */
class World {
  /** Every token row made here, with whether the example names it (may revoke it). */
  readonly rows = new Map<string, { why: string }>();
  /** Rows the example names in this scenario: ids given, the access token with self, selections. */
  readonly named = new Set<string>();
  /** Rows chosen by tokens-of-identity and its filters. */
  readonly selected = new Set<string>();
  /** The access token each expression stood for, and its row. */
  readonly accessTokens = new Map<string, string>();
  readonly headers: Record<string, string> = {};
  github?: FakeGitHubOidc;
  private readonly values = new Map<string, string>();
  private ua?: { clientId: string; clientSecret: string };
  private oidcIdentity?: string;

  constructor(
    readonly fake: FakeInfisical,
    readonly scenario: Scenario,
  ) {
    fake.addToken(SELF_TOKEN_ID);
    this.rows.set(SELF_TOKEN_ID, { why: 'the admin access token (secrets.INFISICAL_ADMIN_TOKEN)' });
    this.accessTokens.set(ACCESS_TOKEN, SELF_TOKEN_ID);
    for (let i = 0; i < 3; i++) this.rows.set(fake.addToken(), { why: 'a token nobody named' });
  }

  /** A `with:` value with its expressions replaced; the same expression gives the same value. */
  async fill(key: string, value: string): Promise<string> {
    let out = '';
    let last = 0;
    for (const m of value.matchAll(EXPRESSION)) {
      out += value.slice(last, m.index) + (await this.evaluate(key, (m[1] as string).trim()));
      last = (m.index as number) + m[0].length;
    }
    return out + value.slice(last);
  }

  async evaluate(key: string, expr: string): Promise<string> {
    if (this.scenario === 'empty') return '';
    if (this.scenario === 'upstream-empty' && !isConfiguration(expr)) return '';
    // One expression, one value, wherever it stands (in `if:` and in `with:`, in main and post).
    const known = this.values.get(expr);
    if (known !== undefined) return known;
    const value = await this.make(key, expr);
    this.values.set(expr, value);
    return value;
  }

  private async make(key: string, expr: string): Promise<string> {
    const fake = this.fake;
    if (/^github\.event_name\s*==\s*'workflow_dispatch'$/.test(expr)) {
      return this.scenario === 'dry-run' ? 'true' : 'false';
    }
    if (/^secrets\.INFISICAL_ADMIN_TOKEN$/.test(expr)) return ACCESS_TOKEN;
    if (/^env\.INFISICAL_TOKEN$/.test(expr)) {
      // What Infisical/auth-action exports: the access token of an OIDC login.
      const { token, id } = fake.issueAccessToken({ authMethod: 'OIDC_AUTH' });
      this.rows.set(id, { why: 'the login token of Infisical/auth-action' });
      this.accessTokens.set(token, id);
      return token;
    }
    if (/\.outputs\.access-token$/.test(expr)) {
      const { token, id } = fake.issueAccessToken();
      this.rows.set(id, { why: `the access token of ${expr}` });
      this.accessTokens.set(token, id);
      return token;
    }
    if (/\.outputs\.token-id$/.test(expr)) {
      const id = fake.addToken();
      this.rows.set(id, { why: `the token of ${expr}` });
      return id;
    }
    if (/\.outputs\.ids$/.test(expr)) {
      const ids = [fake.addToken(), fake.addToken(), fake.addToken()];
      for (const id of ids) this.rows.set(id, { why: `a token of ${expr}` });
      return ids.join('\n');
    }
    if (key === 'identity-id') return this.oidc();
    if (key === 'client-id' || key === 'client-secret') {
      this.ua ??= fake.configureUniversalAuth(fake.addIdentity({ name: 'revoker' }));
      return key === 'client-id' ? this.ua.clientId : this.ua.clientSecret;
    }
    if (key === 'tokens-of-identity') return this.identityWithTokens();
    if (key === 'extra-headers') return `${expr.replace(/\W+/g, '-')}-${randomUUID()}`;
    throw new Error(
      `The README uses \${{ ${expr} }} in ${key}: teach readme.e2e.test.ts what a workflow puts there.`,
    );
  }

  private async oidc(): Promise<string> {
    if (this.oidcIdentity) return this.oidcIdentity;
    this.github = await startGitHubOidc({ owner: OWNER, repo: 'octo-repo' });
    const identity = this.fake.addIdentity({ name: 'rotator' });
    this.fake.configureOidc(identity, {
      issuer: this.github.issuer,
      publicKeyPem: this.github.publicKeyPem,
      kid: this.github.kid,
      boundAudiences: `https://github.com/${OWNER}`,
      boundSubject: SUBJECT,
    });
    this.oidcIdentity = identity;
    return identity;
  }

  /** An identity with Token Auth tokens of several ages, names and states. */
  private identityWithTokens(): string {
    const identityId = this.fake.addIdentity({ name: 'app' });
    const day = 86_400_000;
    const now = Date.now();
    const add = (ageMs: number, name: string, extra: { revoked?: boolean } = {}) => {
      const id = this.fake.addToken(undefined, {
        identityId,
        name,
        createdAt: new Date(now - ageMs),
        ttl: 0,
        ...extra,
      });
      this.rows.set(id, { why: `a token of identity ${identityId} (${name})` });
      return id;
    };
    this.candidates = [
      ...[40, 30, 20, 10, 8].map((days, i) => ({
        id: add(days * day, `ci-run-${i}`),
        createdAt: now - days * day,
        name: `ci-run-${i}`,
      })),
      ...[2, 1].map((days, i) => ({
        id: add(days * day, `deploy-${i}`),
        createdAt: now - days * day,
        name: `deploy-${i}`,
      })),
    ];
    // Revoked before the run: not a row the run could revoke, so not tracked.
    this.fake.addToken(undefined, {
      identityId,
      name: 'already-revoked',
      createdAt: new Date(now - 50 * day),
      ttl: 0,
      revoked: true,
    });
    return identityId;
  }

  candidates: Array<{ id: string; createdAt: number; name: string }> = [];

  /** What tokens-of-identity and its filters choose, per the README's rules. */
  choose(withs: Record<string, string>): string[] {
    const olderThan = /^(\d+)([smhdw])$/.exec(withs['older-than']?.trim() ?? '');
    const unit = { s: 1e3, m: 6e4, h: 36e5, d: 864e5, w: 6048e5 } as const;
    const cutoff = olderThan
      ? Date.now() - Number(olderThan[1]) * unit[olderThan[2] as keyof typeof unit]
      : Infinity;
    const name = withs['token-name']?.trim();
    const glob = name
      ? new RegExp(
          `^${name
            .replace(/[.+^${}()|[\]\\]/g, '\\$&')
            .replace(/\*/g, '.*')
            .replace(/\?/g, '.')}$`,
        )
      : undefined;
    const passing = this.candidates
      .filter((t) => t.createdAt <= cutoff && (!glob || glob.test(t.name)))
      .sort((a, b) => b.createdAt - a.createdAt);
    const keep = Number(withs['keep-newest']?.trim() || 0);
    return passing.slice(keep).map((t) => t.id);
  }
}

/** The `if:` of a step, for the forms the README uses: always(), and `x != ''`. */
async function runsIf(condition: string | undefined, world: World): Promise<boolean> {
  if (condition === undefined) return true;
  const expr = condition.replace(/^\$\{\{\s*|\s*\}\}$/g, '').trim();
  if (/^always\(\)$/.test(expr)) return true;
  const notEmpty = /^(.+?)\s*!=\s*''$/.exec(expr);
  if (notEmpty) return (await world.evaluate('if', (notEmpty[1] as string).trim())) !== '';
  return true;
}

interface Ran {
  world: World;
  withs: Record<string, string>;
  skipped: boolean;
  /** The step that did the work (the post step with revoke-at: job-end). */
  run?: StepResult;
  main?: StepResult;
}

/**
 * Runs an example in a scenario. `givenEmpty` names inputs whose expression came out empty (a
 * variable not defined, a typo): the runner passes '' for them, not their default.
 */
async function runExample(
  example: Example,
  scenario: Scenario,
  givenEmpty: readonly string[] = [],
): Promise<Ran> {
  const fake = await startFake();
  const world = new World(fake, scenario);
  if (!(await runsIf(example.step.if, world))) return { world, withs: {}, skipped: true };
  const withs: Record<string, string> = {};
  for (const [key, value] of Object.entries(example.step.with)) {
    withs[key] = await world.fill(key, value);
  }
  const inputs = {
    'access-token': '',
    ...withs,
    'server-url': fake.url,
    ...Object.fromEntries(givenEmpty.map((name) => [name, ''])),
  };
  const env = world.github ? world.github.env() : {};
  for (const line of (withs['extra-headers'] ?? '').split('\n')) {
    const m = /^\s*([^:\s]+)\s*:\s*(.*?)\s*$/.exec(line);
    if (m) world.headers[(m[1] as string).toLowerCase()] = m[2] as string;
  }
  const self = /(^|[\s,["])self($|[\s,\]"])/i.test(withs['token-id'] ?? '');
  if (self) {
    const row = world.accessTokens.get((withs['access-token'] ?? '').trim());
    if (row) world.named.add(row);
  }
  for (const id of (withs['token-id'] ?? '').match(/[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}/gi) ??
    []) {
    world.named.add(id.toLowerCase());
  }
  if ((withs['tokens-of-identity'] ?? '').trim() !== '' && scenario !== 'empty') {
    for (const id of world.choose(withs)) world.selected.add(id);
  }

  const main = await revokeStep(fake, inputs, { env });
  if (withs['revoke-at']?.trim() !== 'job-end')
    return { world, withs, skipped: false, run: main, main };
  const post = await revokeStep(fake, inputs, { entry: 'post', state: main.state, env });
  return { world, withs, skipped: false, run: post, main };
}

/** The login rows the step made (and must have revoked), from the fake's answers. */
function loginRows(fake: FakeInfisical): string[] {
  return fake.answers
    .filter(
      (a) => (a.route === 'oidc-login' || a.route === 'universal-auth-login') && a.status === 200,
    )
    .map((a) => {
      const token = (a.body as { accessToken: string }).accessToken;
      const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString());
      return String(claims.identityAccessTokenId).toLowerCase();
    });
}

const revokeRoutes = (fake: FakeInfisical) => [
  ...fake.requestsTo('revoke'),
  ...fake.requestsTo('token-revoke'),
];

/** Every row the example does not name is live; says which one was not. */
function expectOnlyRevoked(world: World, allowed: ReadonlySet<string>): void {
  const wrongly = [...world.rows.entries()]
    .filter(([id]) => !allowed.has(id) && world.fake.isRevoked(id))
    .map(([id, { why }]) => `${id} (${why})`);
  expect(wrongly).toEqual([]);
}

// ---- The tests

test('the README has usage examples of the action, the cleanup job among them', () => {
  expect(EXAMPLES.length).toBeGreaterThanOrEqual(3);
  const cleanup = EXAMPLES.filter(
    (e) => (e.step.with['token-id']?.match(EXPRESSION) ?? []).length >= 2,
  );
  expect(cleanup.length).toBeGreaterThanOrEqual(1);
});

test('the line parser reads the same steps as the yaml package', () => {
  if (!parseYaml) return; // nothing to compare with: the line parser is the one in use
  for (const block of yamlBlocks(README)) {
    expect(stepsByLines(block.code)).toEqual(stepsIn(parseYaml(block.code)));
  }
});

describe.each(EXAMPLES.map((e) => [e.name, e] as const))('README example %s', (_, example) => {
  const missing = Object.keys(example.step.with).filter((key) => !INPUTS.has(key));

  test('with every expression empty: no request reaches a revoke route, no token is revoked', async () => {
    const { world, run, skipped } = await runExample(example, 'empty');
    expect(revokeRoutes(world.fake)).toEqual([]);
    expectOnlyRevoked(world, new Set());
    expect(world.fake.isRevoked(SELF_TOKEN_ID)).toBe(false);
    if (!skipped && run?.code === 0) expect(run.outputs['revoked-count'] ?? '0').toBe('0');
  });

  test('with upstream outputs empty (secrets, variables and env set): nothing revoked that it does not name', async () => {
    const { world, run, main, skipped } = await runExample(example, 'upstream-empty');
    const allowed = new Set([...world.named, ...world.selected, ...loginRows(world.fake)]);
    expectOnlyRevoked(world, allowed);
    if (world.named.size === 0 && world.selected.size === 0) {
      // Nothing named: not even a request to revoke (a login of its own may be revoked).
      const logins = new Set(loginRows(world.fake));
      expect(revokesBesides(world.fake, logins)).toEqual([]);
    }
    // Green (main and post) with nothing named: only with the "nothing to revoke" warning.
    const green = !skipped && run?.code === 0 && (main ?? run).code === 0;
    if (green && allowed.size === 0) {
      expect(commands(run, 'warning').join('\n')).toMatch(/Nothing to revoke/);
    }
  });

  // The AWS and Kubernetes logins need the runner's AWS credentials or a pod's service account
  // token, which a README recipe does not name: login-aws-k8s.e2e.test.ts runs them end to end.
  const method = (example.step.with.method ?? '').trim();
  const runnerLogin = method === 'aws-iam' || method === 'kubernetes';
  const real = missing.length === 0 && !runnerLogin ? test : test.skip;
  const skipNote = missing.length
    ? ` (skipped: action.yml has no input ${missing.join(', ')} yet)`
    : runnerLogin
      ? ` (skipped: method ${method} needs the runner's own credentials; login-aws-k8s.e2e.test.ts runs it)`
      : '';

  real(`with real values: it does what its text says${skipNote}`, async () => {
    const ran = await runExample(example, 'real');
    const { world, run, withs } = ran;
    expect(ran.skipped).toBe(false);
    const result = run as StepResult;
    expect({ code: result.code, errors: commands(result, 'error') }).toEqual({
      code: 0,
      errors: [],
    });
    if (withs['revoke-at']?.trim() === 'job-end') {
      // The main step only checks: the post step revokes.
      expect(ran.main?.code).toBe(0);
      expect(ran.main?.state).toEqual({ 'revoke-at-job-end': 'true' });
    }
    const logins = loginRows(world.fake);
    if ((withs.method ?? '').trim() !== '') expect(logins).toHaveLength(1);
    const expected = new Set([...world.named, ...world.selected, ...logins]);
    expect(expected.size).toBeGreaterThan(0);
    for (const id of expected)
      expect({ id, revoked: world.fake.isRevoked(id) }).toEqual({ id, revoked: true });
    expectOnlyRevoked(world, expected);
    const revoked = JSON.parse(result.outputs.revoked ?? '[]') as string[];
    expect(new Set(revoked)).toEqual(new Set([...world.named, ...world.selected]));
    // self goes through POST /api/v1/auth/token/revoke with the access token in the body.
    if (/\bself\b/i.test(withs['token-id'] ?? '')) {
      const bodies = world.fake.requestsTo('token-revoke').map((r) => JSON.parse(r.body ?? '{}'));
      expect(bodies).toContainEqual({ accessToken: (withs['access-token'] ?? '').trim() });
    }
    // Extra headers go with every call.
    for (const [name, value] of Object.entries(world.headers)) {
      for (const request of world.fake.requests) expect(request.headers[name]).toBe(value);
    }
  });

  if ('dry-run' in example.step.with) {
    real(
      `with dry-run true (workflow_dispatch): lists what it would revoke and revokes none of it${skipNote}`,
      async () => {
        const { world, run } = await runExample(example, 'dry-run');
        const result = run as StepResult;
        expect(result.code).toBe(0);
        expect(world.fake.requestsTo('revoke')).toEqual([]);
        expectOnlyRevoked(world, new Set(loginRows(world.fake)));
        const selected = (JSON.parse(result.outputs.selected ?? '[]') as Array<{ id: string }>).map(
          (s) => s.id,
        );
        expect(new Set(selected)).toEqual(world.selected);
        expect(world.selected.size).toBeGreaterThan(0);
      },
    );
  }
});

// Issue 14: an input with a default that an expression fills empty (`server-url: ${{
// vars.INFISICAL_URL }}` with the variable undefined; `dry-run: ${{ inputs.dryrun }}` with a typo)
// fails the step before any request, instead of sending the token to Infisical Cloud or revoking
// for real.
describe.each(EXAMPLES.map((e) => [e.name, e] as const))(
  'README example %s, with an expression that came out empty',
  (_, example) => {
    const named = ['server-url', 'dry-run'].filter(
      (name) => name === 'server-url' || (example.step.with[name] ?? '').match(EXPRESSION) !== null,
    );
    test.each(named)(
      '%s given empty, every other value real: fails naming it, sends nothing, revokes nothing',
      async (name) => {
        const ran = await runExample(example, 'real', [name]);
        const main = ran.main as StepResult;
        expect(ran.skipped).toBe(false);
        expect(main.code).toBe(1);
        expect(commands(main, 'error')).toEqual([
          expect.stringMatching(new RegExp(`^Input ${name} was given empty`)),
        ]);
        // The main step saved nothing for job end: its post step does nothing either.
        expect(main.state).toEqual({});
        expect(ran.world.fake.requests).toEqual([]);
        expect(ran.world.github?.requests ?? []).toEqual([]);
        expectOnlyRevoked(ran.world, new Set());
        expect(main.outputs['revoked-count']).toBe('0');
      },
    );
  },
);

/** Requests to a revoke route for anything but the step's own login. */
function revokesBesides(fake: FakeInfisical, logins: ReadonlySet<string>): string[] {
  return revokeRoutes(fake)
    .filter((r) => {
      if (r.route === 'revoke') return true;
      const token = (JSON.parse(r.body ?? '{}') as { accessToken?: string }).accessToken ?? '';
      try {
        const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString());
        return !logins.has(String(claims.identityAccessTokenId).toLowerCase());
      } catch {
        return true;
      }
    })
    .map((r) => `${r.method} ${r.path}`);
}
