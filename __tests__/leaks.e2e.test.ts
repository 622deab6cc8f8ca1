// No piece of a secret from what a server says, and no workflow command either: the built dist/
// run as a runner runs it, against a fake Infisical with something in front of it that echoes the
// request (a WAF's block page, a redirect, a login answer of another shape) or writes command
// lines into its error fields. The runner masks a secret only when it appears whole, so the check
// is stricter than `expectNoLeak`: no 8 characters in a row of a secret, in any form it can come
// back in (as sent, URL-encoded, JSON-escaped), anywhere the step wrote but its add-mask lines.
import { describe, expect, test } from '@jest/globals';
import { offContract, echoRequestBody, echoRequestHeaders, redirectTo } from '../testbed/faults.js';
import type { FakeInfisical } from '../testbed/fake-infisical.js';
import type { StepResult } from '../testbed/runner.js';
import { loginTokens } from './support/fixtures.js';
import {
  ACCESS_TOKEN,
  commands,
  revokeStep,
  startFake,
  TOKEN_ID,
  unmasked,
} from './support/harness.js';

/**
 * A Cloudflare Access secret of 44 characters with characters that URL-encoding changes (+ / =),
 * so that its raw and URL-encoded forms differ.
 */
const CF_SECRET = 'cf7Q+2/x9Zr=Lm4Tn8vB1Yp0aK3sD6fG5hJ7kL9zX2cV';
const CF_HEADERS = `CF-Access-Client-Secret: ${CF_SECRET}\nCF-Access-Client-Id: 0a1b2c3d.access`;

/** A client secret with characters that JSON-escaping and URL-encoding change. */
const CLIENT_SECRET = 'u2K"9z/+Wq=r%T&5mLx\\8Nb0cVe7Hs3dF6gJ1kP4';

/** A token a login answer carries under a name of its own: the action never learns it is one. */
const NEW_TOKEN = [
  { alg: 'HS256', typ: 'JWT', kid: 'login' },
  { sub: 'login-f0e1d2c3-b4a5-4697', n: 7 },
]
  .map((part) => Buffer.from(JSON.stringify(part)).toString('base64url'))
  .concat(Buffer.from('mint-7f3a9c1e5b2d8046').toString('base64url'))
  .join('.');

const PIECE = 8;

/** Every PIECE characters in a row of every form a secret can take in text. */
function piecesOf(secret: string): Set<string> {
  const all = new Set<string>();
  for (const form of [secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)]) {
    for (let i = 0; i + PIECE <= form.length; i += 1) all.add(form.slice(i, i + PIECE));
  }
  return all;
}

/** The pieces of `secret` that `text` shows, each with the line it is in. */
function shownPieces(text: string, secret: string): string[] {
  const pieces = piecesOf(secret);
  const found: string[] = [];
  for (const line of text.split('\n')) {
    for (let i = 0; i + PIECE <= line.length; i += 1) {
      const piece = line.slice(i, i + PIECE);
      if (pieces.has(piece)) found.push(`${piece} in: ${line}`);
    }
  }
  return found;
}

/** No piece of any of `secrets` anywhere the step wrote, but inside its add-mask lines. */
function expectNoPiece(result: StepResult, ...secrets: string[]): void {
  for (const secret of secrets) expect(shownPieces(unmasked(result), secret)).toEqual([]);
}

/** Every line of stdout that starts with `::` is one of the action's own commands. */
const OWN_COMMAND = /^::(add-mask|error|warning|notice|debug|group|endgroup)( [^:]*)?::/;
function foreignCommands(result: StepResult): string[] {
  return result.stdout.split('\n').filter((l) => l.startsWith('::') && !OWN_COMMAND.test(l));
}

function revoke(fake: FakeInfisical, inputs: Record<string, string> = {}): Promise<StepResult> {
  return revokeStep(fake, { 'token-id': TOKEN_ID, retries: '0', ...inputs });
}

describe('the leak check itself', () => {
  // Without these, a check that never finds anything would pass every test below.
  test('finds 8 characters of a secret in a line, in each form, and not 7', () => {
    expect(shownPieces(`x ${CF_SECRET.slice(13, 21)} y`, CF_SECRET)).toHaveLength(1);
    expect(shownPieces(encodeURIComponent(CF_SECRET).slice(0, 9), CF_SECRET)).not.toEqual([]);
    expect(shownPieces(JSON.stringify(CLIENT_SECRET).slice(1, 10), CLIENT_SECRET)).not.toEqual([]);
    expect(shownPieces(`x ${CF_SECRET.slice(13, 20)} y`, CF_SECRET)).toEqual([]);
  });
  test('finds a forged command line', () => {
    const result = { stdout: '::add-mask::a\n::stop-commands::x\n::error::ok' } as StepResult;
    expect(foreignCommands(result)).toEqual(['::stop-commands::x']);
  });
});

describe('a WAF page in front of Infisical that echoes the request headers', () => {
  // The page's text, markup stripped: "Request blocked <pad x> cf-access-client-secret: <secret>
  // accept: … authorization: Bearer <token> …". The secret header is the first the step sends, so
  // with `pad` x's it starts at 16 + pad + 1 + 25 = 42 + pad: pads 115-157 put the 200-character
  // cut at each stretch of it (raw), 156-158 cut through its `***` once redacted, and the larger
  // ones at the access token and past it.
  const SECRET_AT = 42;
  const CUT = 200;
  const intoSecret = [1, 7, 8, 9, 20, 24, 36, 43];
  const pads = [
    0,
    100,
    ...intoSecret.map((c) => CUT - SECRET_AT - c),
    156,
    157,
    158,
    175,
    200,
    260,
  ];

  test.each(pads.flatMap((pad) => (['raw', 'url'] as const).map((encode) => ({ pad, encode }))))(
    'padded by $pad characters, values $encode: no 8 characters of the secret or the access token',
    async ({ pad, encode }) => {
      const fake = await startFake();
      fake.inject(echoRequestHeaders(pad, 403, encode));
      const result = await revoke(fake, { 'extra-headers': CF_HEADERS });

      // The page did echo both secrets, where the test means them to be.
      const sent = fake.revokeRequests()[0]?.headers;
      expect(sent?.['cf-access-client-secret']).toBe(CF_SECRET);
      expect(sent?.authorization).toBe(`Bearer ${ACCESS_TOKEN}`);
      expect(Object.keys(sent ?? {})[0]).toBe('cf-access-client-secret');
      expect(result.code).toBe(1);
      const [error] = commands(result, 'error');
      expect(error).toContain(`403 Forbidden (not Infisical's JSON): "Request blocked`);
      // Long enough to be cut: the window's end is what these paddings move through the secret.
      if (pad >= 100) expect(error).toMatch(/…"\.?$/);

      expectNoPiece(result, CF_SECRET, ACCESS_TOKEN);
    },
  );

  test('the same page as a 503 that is retried, then given up on: no piece either', async () => {
    const fake = await startFake();
    fake.inject(
      echoRequestHeaders(CUT - SECRET_AT - 20, 503, 'url'),
      echoRequestHeaders(CUT - SECRET_AT - 9, 503, 'raw'),
    );
    const result = await revoke(fake, { 'extra-headers': CF_HEADERS, retries: '1' });
    expect(fake.revokeRequests()).toHaveLength(2);
    expect(result.code).toBe(1);
    expectNoPiece(result, CF_SECRET, ACCESS_TOKEN);
  });
});

describe('a redirect whose Location carries the access token', () => {
  const encoded = encodeURIComponent(ACCESS_TOKEN);
  test.each([
    ['in its path and query', `https://elsewhere.example/a/${ACCESS_TOKEN}/b?t=${ACCESS_TOKEN}`],
    ['URL-encoded, in its query', `https://elsewhere.example/login?next=%2F&token=${encoded}`],
    // LOCATION_CHARS (100) falls inside the token's place, before and after its redaction.
    ['after a long path', `https://elsewhere.example/${'p'.repeat(60)}/${ACCESS_TOKEN}/x`],
    ['right at the cut', `https://elsewhere.example/${'p'.repeat(71)}/${ACCESS_TOKEN}`],
    ['relative, in its path and query', `/sso/${ACCESS_TOKEN}?token=${ACCESS_TOKEN}`],
  ])('%s: not shown, the redirect still said', async (_, location) => {
    const fake = await startFake();
    fake.inject(redirectTo(location, 302));
    const result = await revoke(fake);
    expect(result.code).toBe(1);
    expect(commands(result, 'error').join('\n')).toContain('302 Found: redirected to ');
    expectNoPiece(result, ACCESS_TOKEN);
  });
});

describe('a Universal Auth login answered in another shape', () => {
  async function universal(): Promise<{ fake: FakeInfisical; inputs: Record<string, string> }> {
    const fake = await startFake();
    const identityId = fake.addIdentity({ name: 'revoker' });
    const { clientId } = fake.configureUniversalAuth(identityId, { clientSecret: CLIENT_SECRET });
    const inputs = {
      'access-token': '',
      method: 'universal',
      'client-id': clientId,
      'client-secret': CLIENT_SECRET,
    };
    return { fake, inputs };
  }

  test('{"access_token": <a new token>}: the login fails, and no piece of the token is shown', async () => {
    const { fake, inputs } = await universal();
    fake.injectOn(
      'universal-auth-login',
      offContract(200, { access_token: NEW_TOKEN, token_type: 'Bearer', expires_in: 7200 }),
    );
    const result = await revoke(fake, inputs);
    expect(fake.requestsTo('universal-auth-login')).toHaveLength(1);
    expect(fake.revokeRequests()).toHaveLength(0);
    expect(result.code).toBe(1);
    // What it was is said by its shape: keys, never a value.
    expect(commands(result, 'error').join('\n')).toContain('access_token');
    expectNoPiece(result, NEW_TOKEN, CLIENT_SECRET);
  });

  test.each([200, 400, 401, 500])(
    'a %i that echoes the request body (the client secret, JSON-escaped): no piece of it',
    async (status) => {
      const { fake, inputs } = await universal();
      fake.injectOn('universal-auth-login', echoRequestBody(status, 'received'));
      const result = await revoke(fake, inputs);
      // The echo held the secret, in the JSON-escaped form its body sent.
      expect(fake.requestsTo('universal-auth-login')[0]?.body).toContain(
        JSON.stringify(CLIENT_SECRET).slice(1, -1),
      );
      expect(result.code).toBe(1);
      expectNoPiece(result, CLIENT_SECRET);
    },
  );

  test("Infisical's own error shape, its message echoing the client secret: no piece of it", async () => {
    const { fake, inputs } = await universal();
    fake.injectOn(
      'universal-auth-login',
      offContract(401, {
        reqId: 'req-echo',
        statusCode: 401,
        error: 'UnauthorizedError',
        message: `Invalid client secret ${CLIENT_SECRET} for ${inputs['client-id']}`,
      }),
    );
    const result = await revoke(fake, inputs);
    expect(result.code).toBe(1);
    expect(commands(result, 'error').join('\n')).toContain('401 UnauthorizedError');
    expectNoPiece(result, CLIENT_SECRET);
  });
});

describe('server text holding workflow command lines', () => {
  const FORGED = [
    '\n::stop-commands::x\n',
    '\r\n::stop-commands::x\r\n',
    '\u2028::stop-commands::x',
    'Unavailable\n::stop-commands::x\nagain',
  ];

  test.each(FORGED.map((forged) => [JSON.stringify(forged), forged]))(
    'an error field %s on a retried 503 of the login: no line starts with it; the login token is masked',
    async (_, forged) => {
      const fake = await startFake();
      const identityId = fake.addIdentity({ name: 'revoker' });
      const { clientId, clientSecret } = fake.configureUniversalAuth(identityId);
      fake.injectOn(
        'universal-auth-login',
        offContract(503, {
          reqId: `req-${forged}`,
          statusCode: 503,
          error: forged,
          message: `Service unavailable${forged}`,
        }),
      );
      const result = await revoke(fake, {
        'access-token': '',
        method: 'universal',
        'client-id': clientId,
        'client-secret': clientSecret,
        retries: '1',
      });

      // The 503 was retried and the login then went through.
      expect(fake.requestsTo('universal-auth-login')).toHaveLength(2);
      const [token] = loginTokens(fake);
      expect(token).toBeDefined();
      const login = token as string;
      // The retry line says what came, as data inside it (line breaks at its ends trimmed, any
      // other escaped).
      const retry = result.stdout.split('\n').find((l) => l.includes('::stop-commands::x'));
      expect(retry).toMatch(
        /^Attempt 1 of 2 to log in .*\(503 (Unavailable\\n)?::stop-commands::x/,
      );

      expect(result.stdout.split('\n').filter((l) => l.startsWith('::stop-commands'))).toEqual([]);
      expect(foreignCommands(result)).toEqual([]);
      // The login token's add-mask line is a command of its own, after the forged text, and the
      // token appears nowhere else.
      const lines = result.stdout.split('\n');
      const maskAt = lines.indexOf(`::add-mask::${login}`);
      expect(maskAt).toBeGreaterThan(lines.indexOf(retry as string));
      expect(unmasked(result)).not.toContain(login);
      expectNoPiece(result, login, clientSecret);
    },
  );

  test('the same fields in the answer given up on: the error line holds them as data', async () => {
    const fake = await startFake();
    const forged = '\n::stop-commands::x\n';
    const body = { reqId: `r${forged}`, statusCode: 503, error: forged, message: `m${forged}` };
    fake.inject(offContract(503, body), offContract(503, body));
    const result = await revoke(fake, { retries: '1' });
    expect(fake.revokeRequests()).toHaveLength(2);
    expect(result.code).toBe(1);
    expect(foreignCommands(result)).toEqual([]);
    expect(result.stdout).toContain('::stop-commands::x');
    for (const stream of [result.stdout, result.stderr, result.summary]) {
      expect(stream.split('\n').filter((l) => l.startsWith('::stop-commands'))).toEqual([]);
    }
  });
});
