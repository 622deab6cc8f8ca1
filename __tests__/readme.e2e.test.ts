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
// `tokens-of-identity: all` meets an organization of several identities (with Token Auth and
// without) and another organization's tokens; `client-secrets-of-identity` an identity whose
// client secrets the filters split, and another identity's. Each client secret the step does not
// choose must stay live, and the `client-secrets` output list exactly the chosen ones.
// `server-url` always points at the fake (the examples name Infisical Cloud or example.com).
import { describe, expect, test } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FakeGitHubOidc } from '../testbed/fake-github-oidc.js';
import type { FakeInfisical } from '../testbed/fake-infisical.js';
import type { StepResult } from '../testbed/runner.js';
import { DAY, tokenOf } from './support/fixtures.js';
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

/** A token or a client secret the filters may choose: `name` is a secret's description. */
interface Candidate {
  id: string;
  identityId: string;
  name: string | null;
  createdAt: number;
}

/** `token-name` and `identity-name`: `*` any run of characters, `?` one, the rest literal. */
const globOf = (pattern: string): RegExp =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );

const UUID = /[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}/gi;
const idsIn = (value: string | undefined): string[] =>
  (value?.match(UUID) ?? []).map((id) => id.toLowerCase());
/** `all` on a line of its own (or beside ids, comma-separated), any case. */
const namesAll = (value: string | undefined): boolean => /(^|[\s,])all($|[\s,])/i.test(value ?? '');

/**
 * What the filters choose of some candidates, per the README's rules: `older-than` and `token-name`
 * first, then `keep-newest` keeps the newest of each identity among those.
 */
function filtered(candidates: readonly Candidate[], withs: Record<string, string>): string[] {
  const olderThan = /^(\d+)([smhdw])$/.exec(withs['older-than']?.trim() ?? '');
  const unit = { s: 1e3, m: 6e4, h: 36e5, d: 864e5, w: 6048e5 } as const;
  const cutoff = olderThan
    ? Date.now() - Number(olderThan[1]) * unit[olderThan[2] as keyof typeof unit]
    : Infinity;
  const name = withs['token-name']?.trim();
  const glob = name ? globOf(name) : undefined;
  const keep = Number(withs['keep-newest']?.trim() || 0);
  const byIdentity = new Map<string, Candidate[]>();
  for (const c of candidates) {
    if (c.createdAt > cutoff || (glob && !glob.test(c.name ?? ''))) continue;
    byIdentity.set(c.identityId, [...(byIdentity.get(c.identityId) ?? []), c]);
  }
  return [...byIdentity.values()].flatMap((passing) =>
    passing
      .sort((a, b) => b.createdAt - a.createdAt)
      .slice(keep)
      .map((c) => c.id),
  );
}

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
  /** Every live client secret made here, and why it is there. */
  readonly secrets = new Map<string, Candidate & { why: string }>();
  /** Client secrets chosen by client-secrets-of-identity and its filters. */
  readonly secretsChosen = new Set<string>();
  /** The identities made here: the organization a sweep reaches, and what `identity-name` reads. */
  readonly identities = new Map<string, { name: string; orgId: string; tokenAuth: boolean }>();
  /** The access token each expression stood for, and its row. */
  readonly accessTokens = new Map<string, string>();
  readonly headers: Record<string, string> = {};
  github?: FakeGitHubOidc;
  private readonly values = new Map<string, string>();
  private ua?: { clientId: string; clientSecret: string; clientSecretId: string };
  private oidcIdentity?: string;
  private deployer?: string;
  private swept = false;

  constructor(
    readonly fake: FakeInfisical,
    readonly scenario: Scenario,
  ) {
    this.identities.set(fake.identityId, { name: 'default', orgId: fake.orgId, tokenAuth: true });
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
      if (!this.ua) {
        const identityId = this.identity({ name: 'revoker' });
        this.ua = fake.configureUniversalAuth(identityId);
        // The secret the step logs in with: never one it may revoke.
        this.secrets.set(this.ua.clientSecretId, {
          id: this.ua.clientSecretId,
          identityId,
          name: '',
          createdAt: Date.now(),
          why: 'the client secret of the Universal Auth login',
        });
      }
      return key === 'client-id' ? this.ua.clientId : this.ua.clientSecret;
    }
    if (key === 'tokens-of-identity') return this.identityWithTokens();
    if (key === 'client-secrets-of-identity') return this.identityWithClientSecrets();
    if (key === 'extra-headers') return `${expr.replace(/\W+/g, '-')}-${randomUUID()}`;
    throw new Error(
      `The README uses \${{ ${expr} }} in ${key}: teach readme.e2e.test.ts what a workflow puts there.`,
    );
  }

  private async oidc(): Promise<string> {
    if (this.oidcIdentity) return this.oidcIdentity;
    this.github = await startGitHubOidc({ owner: OWNER, repo: 'octo-repo' });
    const identity = this.identity({ name: 'rotator' });
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
    const identityId = this.identity({ name: 'app' });
    for (const [i, days] of [40, 30, 20, 10, 8].entries()) {
      this.token(identityId, days * DAY, `ci-run-${i}`);
    }
    for (const [i, days] of [2, 1].entries()) this.token(identityId, days * DAY, `deploy-${i}`);
    this.revokedToken(identityId, 50 * DAY);
    return identityId;
  }

  /**
   * `tokens-of-identity: all`: the organization of the fake's default identity, made to be swept.
   * Token Auth identities with tokens old and new; identities without Token Auth whose rows (left
   * from before Token Auth was removed) are old; another organization's identity with old tokens.
   */
  sweepOrganization(): void {
    if (this.swept) return;
    this.swept = true;
    const ci = this.identity({ name: 'ci-runners' });
    for (const [i, days] of [90, 45, 31, 29, 5].entries()) {
      this.token(ci, days * DAY, `ci-${i}`);
    }
    this.revokedToken(ci, 60 * DAY);
    const both = this.identity({ name: 'deploy-bot', authMethods: ['universal-auth'] });
    this.token(both, 120 * DAY, 'deploy-old');
    this.token(both, 2 * DAY, 'deploy-new');
    this.token(both, 40 * DAY, null);
    const noTokenAuth = this.identity({
      name: 'ua-only',
      tokenAuth: false,
      authMethods: ['universal-auth'],
    });
    this.token(noTokenAuth, 100 * DAY, 'left-over');
    this.token(noTokenAuth, 50 * DAY, 'left-over-2');
    this.identity({ name: 'oidc-only', tokenAuth: false, authMethods: ['oidc-auth'] });
    const elsewhere = randomUUID();
    for (const days of [200, 90]) {
      const id = this.fake.addToken(randomUUID(), {
        orgId: elsewhere,
        name: `elsewhere-${days}d`,
        createdAt: new Date(Date.now() - days * DAY),
        ttl: 0,
      });
      this.rows.set(id, { why: `a token of another organization (${days} days old)` });
    }
  }

  /**
   * `client-secrets-of-identity`: a deployer identity with Universal Auth client secrets, as the
   * recipe's run: step leaves it (the new `ci <today>` one just made, older `ci …` ones, one made
   * by hand), and another identity's old `ci …` secrets, which no id of the step names.
   */
  identityWithClientSecrets(): string {
    if (this.deployer) return this.deployer;
    const identityId = this.identity({ name: 'deployer', tokenAuth: false });
    const ciOf = (days: number) =>
      `ci ${new Date(Date.now() - days * DAY).toISOString().slice(0, 10)}`;
    this.secret(identityId, 0, ciOf(0), 'the new secret the run: step made');
    this.secret(identityId, 31, ciOf(31), 'last month');
    this.secret(identityId, 62, ciOf(62), 'the month before');
    this.secret(identityId, 90, 'laptop, made by hand', 'another description');
    // Revoked before the run: not in the live list, so not one the run could choose.
    this.fake.addClientSecret(identityId, {
      description: ciOf(120),
      createdAt: new Date(Date.now() - 120 * DAY),
      revoked: true,
    });
    const other = this.identity({ name: 'other-deployer', tokenAuth: false });
    // Two, so that keep-newest alone would not keep them both.
    this.secret(other, 31, ciOf(31), 'a secret of another identity');
    this.secret(other, 62, ciOf(62), 'a secret of another identity');
    this.deployer = identityId;
    return identityId;
  }

  /** What tokens-of-identity and its filters choose, per the README's rules. */
  choose(withs: Record<string, string>): string[] {
    const value = withs['tokens-of-identity'];
    const swept = new Set(idsIn(value));
    if (namesAll(value)) {
      const name = withs['identity-name']?.trim();
      for (const [id, identity] of this.identities) {
        if (identity.orgId !== this.fake.orgId || !identity.tokenAuth) continue;
        if (name && !globOf(name).test(identity.name)) continue;
        swept.add(id);
      }
    }
    // The step's own access token is never chosen, whatever its age.
    const own = this.accessTokens.get((withs['access-token'] ?? '').trim());
    const candidates: Candidate[] = [];
    for (const id of this.rows.keys()) {
      const row = this.fake.token(id);
      if (!row || row.authMethod !== 'TOKEN_AUTH' || row.isAccessTokenRevoked) continue;
      if (!swept.has(row.identityId) || row.id === own) continue;
      candidates.push({
        id,
        identityId: row.identityId,
        name: row.name,
        createdAt: row.createdAt.getTime(),
      });
    }
    return filtered(candidates, withs);
  }

  /** What client-secrets-of-identity and its filters choose: the live secrets of its identities. */
  chooseSecrets(withs: Record<string, string>): string[] {
    const value = withs['client-secrets-of-identity'];
    const ids = new Set(idsIn(value));
    const inUse = this.ua?.clientSecretId;
    const candidates = [...this.secrets.values()].filter(
      (s) =>
        s.id !== inUse &&
        (ids.has(s.identityId) ||
          (namesAll(value) && this.identities.get(s.identityId)?.orgId === this.fake.orgId)),
    );
    return filtered(candidates, withs);
  }

  /** A new identity in the default organization, known to the sweep. */
  private identity(options: { name: string; tokenAuth?: boolean; authMethods?: string[] }): string {
    const id = this.fake.addIdentity(options);
    this.identities.set(id, {
      name: options.name,
      orgId: this.fake.orgId,
      tokenAuth: options.tokenAuth ?? true,
    });
    return id;
  }

  /** A live Token Auth token of an identity, `ago` ms old, that never expires. */
  private token(identityId: string, ago: number, name: string | null): string {
    const id = tokenOf(this.fake, identityId, ago, { name });
    const identity = this.identities.get(identityId)?.name ?? identityId;
    this.rows.set(id, { why: `a token of identity ${identity} (${name ?? 'no name'})` });
    return id;
  }

  /** Revoked before the run: not a row the run could revoke, so not tracked. */
  private revokedToken(identityId: string, ago: number): void {
    tokenOf(this.fake, identityId, ago, { name: 'already-revoked', revoked: true });
  }

  private secret(identityId: string, days: number, description: string, why: string): void {
    const createdAt = new Date(Date.now() - days * DAY);
    const { id } = this.fake.addClientSecret(identityId, { description, createdAt });
    this.secrets.set(id, {
      id,
      identityId,
      name: description,
      createdAt: createdAt.getTime(),
      why: `${why} (${description})`,
    });
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
  // What the step could reach is there in every scenario, so that "nothing revoked" means something.
  if (namesAll(example.step.with['tokens-of-identity'])) world.sweepOrganization();
  if ('client-secrets-of-identity' in example.step.with) {
    world.identityWithClientSecrets();
  }
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
  // Secrets are chosen only by a step that can log in: with neither an access token nor a login
  // method (upstream outputs empty), it revokes none.
  const credentials = (withs['access-token'] ?? '').trim() + (withs.method ?? '').trim();
  if ((withs['client-secrets-of-identity'] ?? '').trim() !== '' && credentials !== '') {
    for (const id of world.chooseSecrets(withs)) world.secretsChosen.add(id);
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
  ...fake.requestsTo('revoke-client-secret'),
];

/** Every client secret the example does not choose is live; says which one was not. */
function expectOnlySecretsRevoked(world: World, allowed: ReadonlySet<string>): void {
  const wrongly = [...world.secrets.values()]
    .filter((s) => !allowed.has(s.id) && world.fake.clientSecret(s.id)?.isClientSecretRevoked)
    .map((s) => `${s.id} (${s.why})`);
  expect(wrongly).toEqual([]);
}

interface ClientSecretEntry {
  id: string;
  identityId: string;
  description: string;
  createdAt: string;
  outcome: string;
}

/** The `client-secrets` output, by id, with what the World made each from. */
function clientSecretsListed(result: StepResult): ClientSecretEntry[] {
  const listed = JSON.parse(result.outputs['client-secrets'] || '[]') as ClientSecretEntry[];
  return listed
    .map(({ id, identityId, description, createdAt, outcome }) => ({
      id,
      identityId,
      description,
      createdAt: new Date(createdAt).toISOString(),
      outcome,
    }))
    .sort((a, b) => a.id.localeCompare(b.id));
}

/** The entries the `client-secrets` output must hold: the chosen secrets, with this outcome. */
function secretsExpected(world: World, outcome: string): ClientSecretEntry[] {
  return [...world.secretsChosen]
    .map((id) => world.secrets.get(id) as Candidate)
    .map((s) => ({
      id: s.id,
      identityId: s.identityId,
      description: s.name ?? '',
      createdAt: new Date(s.createdAt).toISOString(),
      outcome,
    }))
    .sort((a, b) => a.id.localeCompare(b.id));
}

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
    expectOnlySecretsRevoked(world, new Set());
    expect(world.fake.isRevoked(SELF_TOKEN_ID)).toBe(false);
    if (!skipped && run?.code === 0) expect(run.outputs['revoked-count'] ?? '0').toBe('0');
  });

  test('with upstream outputs empty (secrets, variables and env set): nothing revoked that it does not name', async () => {
    const { world, run, main, skipped } = await runExample(example, 'upstream-empty');
    const allowed = new Set([...world.named, ...world.selected, ...loginRows(world.fake)]);
    expectOnlyRevoked(world, allowed);
    expectOnlySecretsRevoked(world, world.secretsChosen);
    if (world.named.size === 0 && world.selected.size === 0 && world.secretsChosen.size === 0) {
      // Nothing named: not even a request to revoke (a login of its own may be revoked).
      const logins = new Set(loginRows(world.fake));
      expect(revokesBesides(world.fake, logins)).toEqual([]);
    }
    // Green (main and post) with nothing named: only with the "nothing to revoke" warning.
    const green = !skipped && run?.code === 0 && (main ?? run).code === 0;
    if (green && allowed.size === 0 && world.secretsChosen.size === 0) {
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
    // A step that only retires client secrets names no token: it is checked on its secrets.
    const secrets = (withs['client-secrets-of-identity'] ?? '').trim() !== '';
    const tokens = ['token-id', 'tokens-of-identity'].some((k) => (withs[k] ?? '').trim() !== '');
    if (tokens || !secrets) expect(expected.size).toBeGreaterThan(0);
    if (secrets) expect(world.secretsChosen.size).toBeGreaterThan(0);
    for (const id of expected)
      expect({ id, revoked: world.fake.isRevoked(id) }).toEqual({ id, revoked: true });
    expectOnlyRevoked(world, expected);
    const revoked = JSON.parse(result.outputs.revoked ?? '[]') as string[];
    expect(new Set(revoked)).toEqual(new Set([...world.named, ...world.selected]));
    for (const id of world.secretsChosen) {
      const revokedNow = world.fake.clientSecret(id)?.isClientSecretRevoked;
      expect({ id, revoked: revokedNow }).toEqual({ id, revoked: true });
    }
    expectOnlySecretsRevoked(world, world.secretsChosen);
    // Exactly the chosen secrets, each revoked; an example without secrets lists none.
    expect(clientSecretsListed(result)).toEqual(secretsExpected(world, 'revoked'));
    if (secrets) {
      expect(result.outputs['revoked-client-secret-count']).toBe(String(world.secretsChosen.size));
    }
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
        expect(world.fake.requestsTo('revoke-client-secret')).toEqual([]);
        expectOnlyRevoked(world, new Set(loginRows(world.fake)));
        expectOnlySecretsRevoked(world, new Set());
        const selected = (JSON.parse(result.outputs.selected ?? '[]') as Array<{ id: string }>).map(
          (s) => s.id,
        );
        expect(new Set(selected)).toEqual(world.selected);
        // A step that only retires client secrets lists them, not tokens.
        const { with: withs } = example.step;
        const secrets = 'client-secrets-of-identity' in withs;
        if (!secrets || 'token-id' in withs || 'tokens-of-identity' in withs) {
          expect(world.selected.size).toBeGreaterThan(0);
        }
        if (secrets) expect(world.secretsChosen.size).toBeGreaterThan(0);
        expect(clientSecretsListed(result)).toEqual(secretsExpected(world, 'selected'));
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
        expectOnlySecretsRevoked(ran.world, new Set());
        expect(main.outputs['revoked-count']).toBe('0');
      },
    );
  },
);

/** Requests to a revoke route for anything but the step's own login. */
function revokesBesides(fake: FakeInfisical, logins: ReadonlySet<string>): string[] {
  return revokeRoutes(fake)
    .filter((r) => {
      if (r.route !== 'token-revoke') return true;
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
