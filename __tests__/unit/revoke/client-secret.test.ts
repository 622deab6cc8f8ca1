// What a client secret's revoke did (confirmSecret, through revokeToken), decided from the live
// list read back after it: Infisical's own success and the secret gone; still listed (twice, a
// second apart) → failed; unreadable → revoked, unverified, only after Infisical's own success;
// any other 200 counts only when the list shows it gone; the 404 that names the identity is not
// found unless the list still shows it; a lost answer is decided by the read-back alone.
import { describe, expect, test } from '@jest/globals';
import { NetworkError, type Request } from '../../../src/http/index.js';
import { HINTS, type Answer } from '../../../src/infisical/answers.js';
import { RateLimitPacer } from '../../../src/calls/pacer.js';
import { IN_FRONT_HINT, revokeToken, type RevokeContext } from '../../../src/revoke/one.js';
import { READ_AGAIN_MS } from '../../../src/revoke/read-back.js';
import { clientSecretTarget } from '../../../src/revoke/target.js';
import { at, infisical, JSON_TYPE } from '../../support/answers.js';

const IDENTITY = '0d9a6c1e-2b3f-4a5d-8e7f-102132435465';
const SECRET = '5e1d2c3b-4a59-4687-9abc-def012345678';
const OTHER = '5e1d2c3b-4a59-4687-9abc-def012345679';
const PREFIX = 'zq9X';
const row = (id: string, revoked = false) => ({
  id,
  createdAt: '2026-10-01T08:00:00.000Z',
  updatedAt: '2026-10-01T08:00:00.000Z',
  description: 'ci',
  clientSecretPrefix: PREFIX,
  clientSecretNumUses: 0,
  clientSecretNumUsesLimit: 0,
  clientSecretTTL: 0,
  identityUAId: 'ua',
  isClientSecretRevoked: revoked,
});
const REVOKED = at(200, { clientSecretData: row(SECRET, true) }, JSON_TYPE);
const HTML = at(200, '<!doctype html><html>app</html>', { 'content-type': 'text/html' });
const QUIRK = infisical(404, 'NotFound', `Failed to find identity with ID ${IDENTITY}`);
const listed = (...ids: string[]) =>
  at(200, { clientSecretData: ids.map((id) => row(id)) }, JSON_TYPE);
const GONE = listed(OTHER);
const LIVE = listed(OTHER, SECRET);
const NO_READ = infisical(403, 'PermissionDenied', 'You cannot read identities');
const lost = () => new NetworkError('socket hang up', true, 'ECONNRESET');
type Step = Answer | NetworkError;

function scripted(steps: Step[], { verify = true, retries = 0 } = {}) {
  const sent: Request[] = [];
  const slept: number[] = [];
  const base = {
    retries,
    send: async (request: Request) => {
      sent.push(request);
      const step = steps.shift();
      if (step === undefined) throw new Error('the test sent more requests than it scripted');
      if (step instanceof NetworkError) throw step;
      return step;
    },
    pacer: new RateLimitPacer({ now: () => 0, sleep: async () => undefined }),
    sleep: async (ms: number) => {
      slept.push(ms);
    },
    log: () => {},
    stop: new AbortController().signal,
    random: () => 0,
  };
  const ctx: RevokeContext = {
    ...base,
    server: { origin: 'https://h.example', prefix: '' },
    accessToken: 'at',
    ...(verify ? { reads: base } : {}),
  };
  return { ctx, sent, slept, left: () => steps.length };
}
const target = clientSecretTarget(SECRET, IDENTITY);
const revoke = async (steps: Step[], options?: { verify?: boolean; retries?: number }) => {
  const run = scripted(steps, options);
  const result = await revokeToken(target, run.ctx);
  expect(run.left()).toBe(0);
  // Nothing of a secret's row, its prefix included, is in what is reported.
  expect(JSON.stringify(result)).not.toContain(PREFIX);
  return { ...run, result };
};

describe("a client secret's revoke, read back from the live list", () => {
  test("Infisical's success and the list shows it gone: revoked, shown; the revoke then the list", async () => {
    const { result, sent } = await revoke([REVOKED, GONE]);
    expect(result).toMatchObject({
      tokenId: SECRET,
      clientSecretOf: IDENTITY,
      self: false,
      outcome: 'revoked',
      status: 200,
      readBack: { kind: 'shown' },
    });
    expect(sent.map((r) => `${r.method} ${new URL(r.url).pathname}`)).toEqual([
      `POST /api/v1/auth/universal-auth/identities/${IDENTITY}/client-secrets/${SECRET}/revoke`,
      `GET /api/v1/auth/universal-auth/identities/${IDENTITY}/client-secrets`,
    ]);
  });
  test('still listed, read again a second later and still listed: failed', async () => {
    const { result, slept } = await revoke([REVOKED, LIVE, LIVE]);
    expect(slept).toContain(READ_AGAIN_MS);
    expect(result).toMatchObject({ outcome: 'failed', readBack: { kind: 'shown' } });
    expect(result.message).toMatch(/yet the read-back lists it: the client secret is still live/);
    expect(result.hint).toBeUndefined();
  });
  test('listed, then gone on the second read (a replica behind): revoked', async () => {
    const { result } = await revoke([REVOKED, LIVE, GONE]);
    expect(result.outcome).toBe('revoked');
  });
  test("Infisical's success, the list unreadable: revoked, unverified, saying why", async () => {
    const { result } = await revoke([REVOKED, NO_READ]);
    expect(result).toMatchObject({ outcome: 'revoked', readBack: { kind: 'unverified' } });
    expect(result.readBack?.kind === 'unverified' && result.readBack.why).toMatch(
      /reading a client secret back needs Identity → Read/,
    );
  });
  test("Infisical's success with verify: false: revoked, not read back", async () => {
    const { result } = await revoke([REVOKED], { verify: false });
    expect(result).toMatchObject({ outcome: 'revoked', readBack: { kind: 'off' } });
  });
  test('a row not marked revoked, and the list shows it gone: revoked, with a note', async () => {
    const { result } = await revoke([at(200, { clientSecretData: row(SECRET) }, JSON_TYPE), GONE]);
    expect(result).toMatchObject({ outcome: 'revoked', readBack: { kind: 'shown' } });
    expect(result.note).toMatch(/not Infisical's success answer, but the read-back shows it gone/);
  });
  test('a 200 HTML page and the secret still listed: failed, with the hint for a page in front', async () => {
    const { result } = await revoke([HTML, LIVE, LIVE]);
    expect(result).toMatchObject({ outcome: 'failed', status: 200 });
    expect(result.hint).toBe(HINTS.serverUrl);
  });
  test('a row not marked revoked and the secret still listed: failed, something in front may have answered', async () => {
    const { result } = await revoke([
      at(200, { clientSecretData: row(SECRET) }, JSON_TYPE),
      LIVE,
      LIVE,
    ]);
    expect(result).toMatchObject({ outcome: 'failed', status: 200, hint: IN_FRONT_HINT });
  });
  test('a 200 HTML page and the list unreadable, or verify: false: failed, it may still work', async () => {
    for (const steps of [[HTML, NO_READ], [HTML]]) {
      const { result } = await revoke(steps, { verify: steps.length > 1 });
      expect(result).toMatchObject({ outcome: 'failed', status: 200 });
      expect(result.message).toMatch(/could not be shown revoked .*so it may still work/);
    }
  });
  test('the 404 that names the identity, and the list shows it gone: not found', async () => {
    const { result } = await revoke([QUIRK, GONE]);
    expect(result).toMatchObject({ outcome: 'not-found', status: 404, errorName: 'NotFound' });
  });
  test('the 404 that names the identity, but the list still shows it: failed', async () => {
    const { result } = await revoke([QUIRK, LIVE, LIVE]);
    expect(result).toMatchObject({ outcome: 'failed', status: 404 });
    expect(result.message).toMatch(/still live/);
  });
  test('403 PermissionDenied: failed at once, nothing read back', async () => {
    const { result, sent } = await revoke([infisical(403, 'PermissionDenied', 'No delete')]);
    expect(result).toMatchObject({ outcome: 'failed', status: 403 });
    expect(result.hint).toMatch(/Identity → Delete/);
    expect(sent).toHaveLength(1);
  });
});

describe('a lost answer, decided by the read-back alone', () => {
  test('gone from the list: revoked by the lost attempt, saying so', async () => {
    const { result } = await revoke([lost(), GONE]);
    expect(result).toMatchObject({ outcome: 'revoked', readBack: { kind: 'shown' } });
    expect(result.note).toMatch(/answer was lost; the read-back shows it gone/);
  });
  test('still listed: failed, and not unreachable (the server answered the read)', async () => {
    const { result } = await revoke([lost(), LIVE, LIVE]);
    expect(result).toMatchObject({ outcome: 'failed', unreachable: false });
    expect(result.outcomeUnknown).toBeUndefined();
  });
  test('the list unreadable: failed, outcome unknown', async () => {
    const { result } = await revoke([lost(), NO_READ]);
    expect(result).toMatchObject({ outcome: 'failed', outcomeUnknown: true });
  });
  test('verify: false: failed, outcome unknown', async () => {
    const { result } = await revoke([lost()], { verify: false });
    expect(result).toMatchObject({ outcome: 'failed', outcomeUnknown: true });
  });
  test('a lost attempt, then a 502: the read-back decides', async () => {
    const { result } = await revoke([lost(), at(502, 'Bad Gateway'), GONE], { retries: 1 });
    expect(result.outcome).toBe('revoked');
  });
});
