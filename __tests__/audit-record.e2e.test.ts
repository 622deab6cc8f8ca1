// The job summary and the closing line as an audit record, end to end (the built dist/ run as a
// runner runs it, against the fake Infisical): one sentence per outcome that never contradicts
// the counts, "stopped" only when something was left, a heading that says how the run went, who
// revoked and with which filters, the tokens kept and why, and each token in one table only.
import { describe, expect, test } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { DAY, HOUR, tokenOf, universalLogin } from './support/fixtures.js';
import { countsOf, tallyOf } from './support/outputs.js';
import { ACCESS_TOKEN, claimsOf, commands, revokeStep, startFake } from './support/harness.js';

const heading = (summary: string) => summary.split('\n')[0];
/** The rows of every table that start with this token id. */
const rowsOf = (summary: string, id: string) =>
  summary.split('\n').filter((line) => line.startsWith(`| ${id} |`));

describe('one sentence per outcome, never against the counts', () => {
  test('12 ids not found: the closing line says they were not found, not that they "could not be revoked"', async () => {
    const fake = await startFake();
    const ids = Array.from({ length: 12 }, () => randomUUID());
    const run = await revokeStep(fake, { 'token-id': ids.join('\n') });

    expect(run.code).toBe(1);
    const closing = commands(run, 'error').at(-1) ?? '';
    expect(closing).toBe(
      '12 of 12 tokens are not done: 12 were not found (see the errors above). 12 tokens: 0 revoked, 0 already revoked, 12 not found, 0 failed.',
    );
    expect(run.outputs.message).toBe(closing);
    expect(tallyOf(closing)).toEqual(countsOf(run));
    expect(heading(run.summary)).toBe('### ❌ Infisical token revocation failed: 0 of 12 done');
  });

  test('a refusal once every token was sent: no "stopped", no "0 of 3 not attempted"', async () => {
    // Every revoke in flight at once, each refused: nothing was left when the batch "stopped".
    const fake = await startFake({ latencyMs: 150 });
    const ids = [fake.addToken(), fake.addToken(), fake.addToken()];
    const run = await revokeStep(fake, {
      'token-id': ids.join('\n'),
      'access-token': 'not-a-token-this-server-knows',
      concurrency: '3',
    });

    expect(run.code).toBe(1);
    expect(fake.revokeRequests()).toHaveLength(3);
    expect(run.outputs['not-attempted-count']).toBe('0');
    // Every token had begun when the first refusal came: nothing was left to stop, so not even
    // the log says the batch stopped (three revokes, no fourth request).
    expect(run.stdout).not.toMatch(/so the batch stopped/);
    const closing = commands(run, 'error').at(-1) ?? '';
    expect(closing).toMatch(
      /^3 of 3 tokens could not be revoked \(see the errors above\)\. 3 tokens: 0 revoked, 0 already revoked, 0 not found, 3 failed\.$/,
    );
    for (const text of [run.outputs.message ?? '', run.summary]) {
      expect(text).not.toMatch(/0 of 3 tokens were not attempted|Stopped/);
    }
    expect(heading(run.summary)).toBe('### ❌ Infisical token revocation failed: 0 of 3 done');
  });
});

describe('the heading says at a glance how the run went', () => {
  test('succeeded, and a dry run', async () => {
    const fake = await startFake();
    const id = fake.addToken();
    const dry = await revokeStep(fake, { 'token-id': id, 'dry-run': 'true' });
    expect(dry.code).toBe(0);
    expect(heading(dry.summary)).toBe(
      '### 🔎 Infisical token revocation, dry run: nothing revoked',
    );
    expect(fake.isRevoked(id)).toBe(false);
    const real = await revokeStep(fake, { 'token-id': id });
    expect(real.code).toBe(0);
    expect(heading(real.summary)).toBe('### ✅ Infisical token revocation succeeded: 1 of 1 done');
  });
});

describe('who revoked', () => {
  test("the access token's identity, from its claims", async () => {
    const fake = await startFake();
    const run = await revokeStep(fake, { 'token-id': fake.addToken() });
    const identity = claimsOf(ACCESS_TOKEN).identityId as string;
    expect(run.summary).toContain(
      `Acting identity: identity ${identity} (from the access token's claims).`,
    );
  });
  test('an access token that is not a JWT: unknown, and nothing of it shown', async () => {
    const fake = await startFake();
    const opaque = `st.${'a1b2c3d4'.repeat(6)}`;
    fake.addAccessToken(opaque);
    const run = await revokeStep(fake, { 'token-id': fake.addToken(), 'access-token': opaque });
    expect(run.summary).toContain(
      'Acting identity: unknown (the access token is not a JWT that names its identity).',
    );
    expect(run.summary).not.toContain('a1b2c3d4');
  });
  test("a Universal Auth login: its identity from the login token's claims; refused, the client id that tried", async () => {
    const fake = await startFake();
    const login = universalLogin(fake);
    const run = await revokeStep(fake, { ...login.inputs, 'token-id': fake.addToken() });
    expect(run.code).toBe(0);
    expect(run.summary).toContain(
      `Acting identity: identity ${login.identityId} (from the access token's claims).`,
    );
    const refused = await revokeStep(fake, {
      ...login.inputs,
      'client-secret': 'a-secret-that-is-not-the-one',
      'token-id': fake.addToken(),
    });
    expect(refused.code).toBe(1);
    expect(refused.summary).toContain(
      `Acting identity: the identity of Universal Auth client id ${login.clientId} (the login's client-id).`,
    );
    expect(heading(refused.summary)).toBe('### ❌ Infisical token revocation failed: 0 of 1 done');
  });
});

describe('which filters, what was kept and why, one table per identity', () => {
  test('a rotation with a token named in token-id too: every token in one row of one table, kept ones with why', async () => {
    const fake = await startFake();
    const me = fake.identityId;
    const old = tokenOf(fake, me, 30 * DAY, { name: 'ci-a' });
    const older = tokenOf(fake, me, 40 * DAY, { name: 'ci-b' });
    const newestOld = tokenOf(fake, me, 12 * DAY, { name: 'ci-c' });
    const young = tokenOf(fake, me, HOUR, { name: 'ci-d' });
    const otherName = tokenOf(fake, me, 50 * DAY, { name: 'deploy' });
    // Named in token-id: one of this identity, that the filters keep; one of another identity.
    const named = tokenOf(fake, me, HOUR, { name: 'ci-e' });
    const elsewhere = fake.addToken(randomUUID(), {
      identityId: fake.addIdentity({ name: 'other' }),
    });
    const run = await revokeStep(fake, {
      'tokens-of-identity': me,
      'older-than': '10d',
      'token-name': 'ci-*',
      'keep-newest': '1',
      'token-id': `${named} ${elsewhere}`,
    });

    expect(run.code).toBe(0);
    expect([old, older, named, elsewhere].every((id) => fake.isRevoked(id))).toBe(true);
    expect([newestOld, young, otherName].some((id) => fake.isRevoked(id))).toBe(false);
    const { summary } = run;
    expect(summary).toContain(
      'Chose from the tokens of 1 identity (tokens-of-identity) with older-than: 10d, token-name: "ci-*", keep-newest: 1.',
    );
    expect(summary).toContain(
      'Listed 6 tokens (6 not revoked); chose 2. Kept 4: name does not match "ci-*" (1), the newest (1), created less than 10d ago (2).',
    );
    // Each token in one row of one table: the chosen in the identity's, with what became of it.
    for (const id of [old, older, newestOld, young, otherName, named, elsewhere]) {
      expect(rowsOf(summary, id)).toHaveLength(1);
    }
    expect(rowsOf(summary, old)[0]).toMatch(
      /^\| \S+ \| ci-a \| [0-9T:.Z-]+ \| 30 d \| ✅ revoked \| shown by the server \| 200 \| — \| {2}\|$/,
    );
    expect(rowsOf(summary, newestOld)[0]).toMatch(
      /\| ⏸️ kept \| — \| — \| — \| kept: the newest \|$/,
    );
    expect(rowsOf(summary, young)[0]).toMatch(/\| kept: created less than 10d ago \|$/);
    // Kept by the filters, revoked because token-id names it: in the identity's table, once.
    expect(rowsOf(summary, named)[0]).toMatch(
      /\| ci-e \| [0-9T:.Z-]+ \| 1 h \| ✅ revoked \| shown by the server \| 200 \| — \| named in token-id; the filters kept it: created less than 10d ago \|$/,
    );
    expect(rowsOf(summary, otherName)[0]).toMatch(/\| kept: name does not match "ci-\*" \|$/);
    const lines = summary.split('\n');
    const namedAt = lines.indexOf('#### Named in token-id');
    expect(namedAt).toBeGreaterThan(lines.indexOf(`#### Identity ${me}`));
    expect(lines.slice(namedAt).filter((line) => /^\| [0-9a-f-]{36} \|/.test(line))).toEqual([
      expect.stringMatching(new RegExp(`^\\| ${elsewhere} \\| ✅ revoked \\|`)),
    ]);
  });
});
