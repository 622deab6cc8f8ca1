// Property tests (fast-check) of what no server answer may do, whatever its status, headers and
// body, at any length, with the run's secrets put at every offset of it as sent, URL-encoded or
// JSON-escaped: make a line of the log start with `::` other than the action's own commands, or
// show 8 characters in a row of any secret anywhere but the whole value's own add-mask line.
// The step's own `run()` in-process, against the fake Infisical (the same code as dist/).
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { FakeInfisical } from '../testbed/fake-infisical.js';
import { answer } from '../testbed/faults.js';
import { ACCESS_TOKEN } from './support/harness.js';
import { runInProcess } from './support/in-process.js';
import { withDefaults } from './support/inputs.js';

const RUNS = 300;
const TOKEN_ID = '6f1c2a0e-8b7d-4c2e-9f55-0a1b2c3d4e5f';
/** Characters that URL-encoding and JSON-escaping both change, so each form differs. */
const CF_SECRET = 'Q7f"k+2/x9Zr=Lm%w4Tn&8vB\\c1Yp';
const CLIENT_SECRET = 'u2K"9z/+Wq=r%T&5mLx\\8Nb0cVe7Hs';
/**
 * A token a login answer carries (under its own name, or access_token): never seen in clear. A
 * header and signature of its own, so that no piece of it is a piece of ACCESS_TOKEN as well.
 */
const NEW_TOKEN = [
  { alg: 'HS256', typ: 'JWT', kid: 'login' },
  { sub: 'login-f0e1d2c3-b4a5-4697', n: 7 },
]
  .map((part) => Buffer.from(JSON.stringify(part)).toString('base64url'))
  .concat(Buffer.from('mint-7f3a9c1e5b2d8046').toString('base64url'))
  .join('.');

const OWN_COMMAND = /^::(add-mask|error|warning|notice|debug|group|endgroup)( [^:]*)?::/;

/** Every 8 characters in a row of every form a secret can take in text. */
function pieces(secrets: string[]): Set<string> {
  const all = new Set<string>();
  for (const secret of secrets) {
    // A JWT's header is the same in every token (and no secret): its payload and signature are.
    const own = /^eyJ[\w-]+\.[\w-]+\.[\w-]+$/.test(secret)
      ? secret.replace(/^[^.]+\./, '')
      : secret;
    for (const form of [own, encodeURIComponent(own), JSON.stringify(own).slice(1, -1)]) {
      for (let i = 0; i + 8 <= form.length; i += 1) all.add(form.slice(i, i + 8));
    }
  }
  return all;
}

/** What a run printed breaks neither rule: returns the offending line, or undefined. */
function offence(everything: string, stdout: string, secrets: string[]): string | undefined {
  const command = stdout.split('\n').find((l) => l.startsWith('::') && !OWN_COMMAND.test(l));
  if (command !== undefined) return `a line that is no command of ours: ${command}`;
  const shown = pieces(secrets);
  for (const line of everything.split('\n')) {
    if (line.startsWith('::add-mask::')) continue;
    for (let i = 0; i + 8 <= line.length; i += 1) {
      if (shown.has(line.slice(i, i + 8))) return `a piece of a secret: ${line}`;
    }
  }
  return undefined;
}

type Form = 'raw' | 'url' | 'json';
const encode = (secret: string, form: Form): string =>
  form === 'url'
    ? encodeURIComponent(secret)
    : form === 'json'
      ? JSON.stringify(secret).slice(1, -1)
      : secret;

const statusArb = fc.constantFrom(200, 301, 302, 307, 400, 401, 403, 404, 409, 422, 429, 500, 502);
const commandArb = fc.constantFrom(
  '',
  '\n::stop-commands::x\n',
  '\r\n::add-mask::x\r\n',
  '\n::error::forged\n',
  '\u2028::warning::x',
  '\u0000\u001b[31m',
);
/** Printable text of any length around the secret, so it falls at every offset of an excerpt. */
const padArb = fc.oneof(
  fc.stringMatching(/^[\x20-\x7e]{0,260}$/),
  fc.nat(260).map((n) => 'a'.repeat(n)),
  fc.nat(260).map((n) => `${' '.repeat(n % 7)}${'<b>x</b>'.repeat(n % 40)}`),
);

function answerArb(secrets: string[]) {
  return fc
    .record({
      status: statusArb,
      secret: fc.constantFrom(...secrets, NEW_TOKEN),
      form: fc.constantFrom<Form>('raw', 'url', 'json'),
      pad: padArb,
      tail: fc.string({ maxLength: 40 }),
      command: commandArb,
      shape: fc.constantFrom('text', 'html', 'error', 'other', 'login', 'huge'),
      where: fc.constantFrom('body', 'location', 'header', 'both'),
      json: fc.boolean(),
    })
    .map((a) => {
      const s = encode(a.secret, a.form);
      const bodies: Record<string, string> = {
        text: `${a.pad}${a.command}${s}${a.tail}`,
        html: `<html><body><p>${a.pad}</p>${a.command}<pre>${s}</pre>${a.tail}</body></html>`,
        error: JSON.stringify({
          reqId: `req-${a.command}`,
          statusCode: a.status,
          message: `${a.pad}${a.command}${s}${a.tail}`,
          error: `${a.command}Error${a.pad.length % 2 ? s : ''}`,
        }),
        other: JSON.stringify({ access_token: NEW_TOKEN, echo: `${a.pad}${s}`, n: a.command }),
        login: JSON.stringify({ accessToken: NEW_TOKEN, expiresIn: 60, note: `${a.pad}${s}` }),
        // Past what the action keeps (64 KiB): the secret across the cut.
        huge: `${'<i>'.repeat(Math.floor((65536 - (a.pad.length % 40)) / 3))}${s}${s}`,
      };
      const inBody = a.where !== 'location' && a.where !== 'header';
      const body = inBody ? (bodies[a.shape] as string) : `${a.pad}`;
      const headers: Record<string, string> = {};
      if (a.json) headers['content-type'] = 'application/json';
      if (a.where === 'location' || a.where === 'both') {
        headers.location =
          a.pad.length % 2 ? `https://elsewhere.example/${a.pad}${s}` : `/${s}?t=${s}`;
      }
      if (a.where === 'header') headers['x-echo'] = `${a.pad}${s}`;
      return { status: a.status, body, headers };
    });
}

describe('no server answer leaks a secret or writes a workflow command', () => {
  let fake: FakeInfisical;
  let clientId: string;
  beforeAll(async () => {
    fake = await new FakeInfisical().start();
    fake.addAccessToken(ACCESS_TOKEN);
    const identityId = fake.addIdentity({ name: 'revoker' });
    ({ clientId } = fake.configureUniversalAuth(identityId, { clientSecret: CLIENT_SECRET }));
  });
  afterAll(() => fake.close());

  test('an answer to a revoke, behind a proxy that knows the access token and a Cloudflare secret', async () => {
    // The token in a login-shaped answer is the server's, not one the run knows: not a secret here.
    const secrets = [ACCESS_TOKEN, CF_SECRET];
    await fc.assert(
      fc.asyncProperty(answerArb(secrets), async ({ status, body, headers }) => {
        const before = fake.requests.length;
        fake.inject(answer(status, body, headers));
        const result = await runInProcess(
          withDefaults({
            'token-id': TOKEN_ID,
            'access-token': ACCESS_TOKEN,
            'server-url': fake.url,
            'extra-headers': `CF-Access-Client-Id: 0a1b2c3d.access\nCF-Access-Client-Secret: ${CF_SECRET}`,
            retries: '0',
          }),
        );
        // The answer was asked for: the property says something of what came of it.
        expect(fake.requests.length).toBeGreaterThan(before);
        expect(offence(result.everything, result.stdout, secrets)).toBeUndefined();
      }),
      { numRuns: RUNS },
    );
  });

  test('an answer to a Universal Auth login, which may carry a new token under any name', async () => {
    const secrets = [CLIENT_SECRET, NEW_TOKEN];
    await fc.assert(
      fc.asyncProperty(answerArb(secrets), async ({ status, body, headers }) => {
        const before = fake.requests.length;
        fake.injectOn('universal-auth-login', answer(status, body, headers));
        const result = await runInProcess(
          withDefaults({
            'token-id': TOKEN_ID,
            'access-token': '',
            method: 'universal',
            'client-id': clientId,
            'client-secret': CLIENT_SECRET,
            'server-url': fake.url,
            retries: '0',
          }),
        );
        // The answer was asked for: the property says something of what came of it.
        expect(fake.requests.length).toBeGreaterThan(before);
        expect(offence(result.everything, result.stdout, secrets)).toBeUndefined();
      }),
      { numRuns: RUNS },
    );
  });
});
