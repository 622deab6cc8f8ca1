// The pure parts of the reviewer's findings fixed in 26e1abb: the name an access token without an
// id of its own gets in the outputs (never `self` when fed back), toJSON() of an output in
// token-id, header values a request can carry, short secrets left in the text, one-line server
// messages, and the OIDC login's ID-token request that has a deadline and stops on cancel.
import { describe, expect, jest, test } from '@jest/globals';
import { parseExtraHeaders } from '../../src/inputs/extra-headers.js';
import type { Send } from '../../src/http/index.js';
import { judgeRevoke } from '../../src/infisical/token-auth.js';
import { InputError } from '../../src/inputs/error.js';
import { oidcAuth } from '../../src/login/oidc.js';
import { LoginError, type LoginContext } from '../../src/login/session.js';
import { settle } from '../../src/revoke/settle.js';
import { RateLimitPacer } from '../../src/calls/pacer.js';
import { MIN_REDACTED_LENGTH, redactor } from '../../src/text/redact.js';
import { judge, outputsOf, type Run } from '../../src/report/index.js';
import { planOf } from '../../src/revoke/target.js';
import { tokenIdOfAccessToken } from '../../src/jwt.js';
import { parseTokenIds } from '../../src/inputs/token-ids.js';
import { makeJwt } from '../support/harness.js';

const ID = '6f1c2a0e-8b7d-4c2e-9f55-0a1b2c3d4e5f';
const IDENTITY = '1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b';

/** The InputError `fn` throws; fails the test when it throws nothing or something else. */
function inputError(fn: () => unknown): InputError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error('expected an InputError, and nothing was thrown');
}

describe('an access token without an id of its own, named in the outputs', () => {
  // An access token whose JWT names no token id (no identityAccessTokenId, no jti).
  const withoutId = makeJwt({
    identityId: IDENTITY,
    authTokenType: 'identityAccessToken',
    iat: 1_790_000_000,
  });

  test('is "(the access token)" in the outputs, and fed back into token-id (plain or in a JSON array) it is refused, never read as self', () => {
    const { batch, last } = planOf({ tokenIds: [], self: true }, tokenIdOfAccessToken(withoutId));
    expect(batch).toEqual([]);
    expect(last).toEqual({ tokenId: '(the access token)', self: true });
    const target = last as { tokenId: string; self: boolean };

    const outputsOfRun = (run: Run) => outputsOf(run, judge(run));
    const outputs = outputsOfRun({
      settled: [
        settle(
          { ...target, outcome: 'revoked', status: 200, message: 'Revoked', attempts: 1 },
          { ignoreNotFound: false },
        ),
      ],
    });
    expect(outputs.revoked).toBe('["(the access token)"]');
    const failed = outputsOfRun({
      settled: [
        settle(
          {
            ...target,
            outcome: 'failed',
            status: 500,
            errorName: 'E',
            message: 'Broke',
            attempts: 1,
          },
          { ignoreNotFound: false },
        ),
      ],
    }).failed;
    expect(JSON.parse(failed ?? '')).toEqual([
      { id: '(the access token)', status: 500, error: 'E', reqId: null },
    ]);

    for (const value of [
      '(the access token)',
      outputs.revoked as string,
      failed as string,
      JSON.stringify([ID, '(the access token)']),
      `${ID}\n(the access token)`,
    ]) {
      const error = inputError(() => parseTokenIds(value));
      expect(error.message).toMatch(
        /^Input token-id: "[^"]*" (\(\d+ characters\) )?is not a token id\./,
      );
    }
  });
});

describe('token-id given toJSON() of an output', () => {
  test.each([
    ['""', []],
    ['null', []],
    ['  null \n', []],
    [`"${ID}"`, [ID]],
    [`"${ID.toUpperCase()}"`, [ID]],
  ])('%j names %j', (raw, ids) => {
    expect(parseTokenIds(raw)).toEqual({ tokenIds: ids, self: false });
  });

  test('"self" in quotes is still self', () => {
    expect(parseTokenIds('"self"')).toEqual({ tokenIds: [], self: true });
  });
});

describe('extra-headers values a request can carry', () => {
  test('a value with a character outside Latin-1 is an input error that does not echo the value', () => {
    const error = inputError(() => parseExtraHeaders('X-Team: Zürich→ops'));
    expect(error.message).toBe(
      'Input extra-headers, line 1: the value of header X-Team has a character a header cannot carry (only Latin-1 text, no control characters). The value is masked and not shown.',
    );
    for (const part of ['Zürich', '→', 'ops']) expect(error.message).not.toContain(part);
  });

  test('a control character is refused too, on the line it is on', () => {
    const error = inputError(() => parseExtraHeaders('X-A: fine\nX-B: be\u0007ll'));
    expect(error.message).toMatch(/^Input extra-headers, line 2: the value of header X-B has/);
    expect(error.message).not.toContain('be\u0007ll');
  });

  test('Latin-1 text passes as given (café, a tab inside)', () => {
    expect(parseExtraHeaders('X-Team: café\nX-Note: a\tb')).toEqual({
      'x-team': 'café',
      'x-note': 'a\tb',
    });
  });
});

describe('redactor', () => {
  test(`leaves values shorter than MIN_REDACTED_LENGTH (${MIN_REDACTED_LENGTH}) alone, replaces the others`, () => {
    const short = 'k'.repeat(MIN_REDACTED_LENGTH - 1);
    const long = 's'.repeat(MIN_REDACTED_LENGTH);
    const say = redactor(['1', short, long, 'a-long-client-secret']);
    expect(say(`revoked-count 1; ${short} ${long} a-long-client-secret.`)).toBe(
      `revoked-count 1; ${short} *** ***.`,
    );
    say.add('2');
    say.add('learned-login-token');
    expect(say('2 tokens; learned-login-token')).toBe('2 tokens; ***');
  });

  test('a one-character header value such as "1" leaves ids, counts and sentences whole', () => {
    const say = redactor(['1']);
    const line = `11 tokens: 11 revoked (token 11110000-1111-4111-8111-111111111111).`;
    expect(say(line)).toBe(line);
  });
});

describe('a server message with line breaks', () => {
  test('judgeRevoke of a 500 gives a one-line detail', () => {
    const verdict = judgeRevoke({
      status: 500,
      headers: {},
      truncated: false,
      body: JSON.stringify({
        reqId: 'req-Broken00000001',
        statusCode: 500,
        message: 'Something went wrong\n::error::not a command\r\n   at the database\n',
        error: 'InternalServerError',
      }),
    });
    expect(verdict).toMatchObject({
      kind: 'failed',
      status: 500,
      errorName: 'InternalServerError',
      reqId: 'req-Broken00000001',
      message: 'InternalServerError — Something went wrong ::error::not a command at the database',
    });
    expect((verdict as { message: string }).message).not.toMatch(/[\r\n]/);
  });
});

describe("the OIDC login's ID-token request", () => {
  /** A context whose getIdToken never answers; `send` must never be called (no login is sent). */
  function context(stop: AbortSignal, timeoutMs: number) {
    const send = jest.fn<Send>(() => Promise.reject(new Error('no request may be sent')));
    const getIdToken = jest.fn<LoginContext['getIdToken']>(
      () => new Promise<string>(() => undefined),
    );
    const logged: string[] = [];
    const ctx: LoginContext = {
      server: { origin: 'http://127.0.0.1:9', prefix: '' },
      attempts: {
        retries: 0,
        send,
        pacer: new RateLimitPacer({ now: () => Date.now(), sleep: () => Promise.resolve() }),
        sleep: () => Promise.resolve(),
        log: (line) => logged.push(line),
        stop,
      },
      getIdToken,
      mask: () => undefined,
      warn: (line) => logged.push(`warning: ${line}`),
      timeoutMs,
    };
    return { ctx, send, getIdToken, logged };
  }

  /** What `work` rejects with; fails the test when it resolves. */
  async function rejection(work: Promise<unknown>): Promise<LoginError> {
    try {
      await work;
    } catch (error) {
      expect(error).toBeInstanceOf(LoginError);
      return error as LoginError;
    }
    throw new Error('expected the login to fail, and it succeeded');
  }

  test('times out after timeoutMs when getIdToken never resolves', async () => {
    const { ctx, send, getIdToken, logged } = context(new AbortController().signal, 200);
    const error = await rejection(oidcAuth(IDENTITY, undefined)(ctx));

    expect(error.message).toBe(
      'Could not get a GitHub ID token for the OIDC login after 1 attempts: no answer within 0.2 s (timed out).',
    );
    expect(error.stopped).toBe(false);
    expect(getIdToken).toHaveBeenCalledTimes(1);
    expect(getIdToken).toHaveBeenCalledWith(undefined);
    expect(send).not.toHaveBeenCalled();
    expect(logged).toEqual([]);
  }, 5_000);

  test('ends at once with a stopped LoginError when the stop signal aborts', async () => {
    const controller = new AbortController();
    // A deadline far past the test's own timeout: only the stop can end the wait in time.
    const { ctx, send, getIdToken } = context(controller.signal, 600_000);
    const login = oidcAuth(IDENTITY, undefined)(ctx);
    await new Promise((resolve) => setImmediate(resolve));
    expect(getIdToken).toHaveBeenCalledTimes(1);
    controller.abort();
    const error = await rejection(login);

    expect(error.message).toBe('Could not get a GitHub ID token: the run was stopped first.');
    expect(error.stopped).toBe(true);
    expect(send).not.toHaveBeenCalled();
  }, 5_000);
});
