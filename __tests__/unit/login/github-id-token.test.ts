// GitHub's ID-token request, as the action makes it itself: the request (URL with the audience,
// the request token as bearer), the judge of its answers (a 200 is never quoted; an error answer
// is one escaped line without any piece of a token), and the fetch (retries, masking, the error
// without the runner's variables, a stop).
import { describe, expect, jest, test } from '@jest/globals';
import type { AttemptContext } from '../../../src/calls/attempt.js';
import { RateLimitPacer } from '../../../src/calls/pacer.js';
import { NetworkError, type Answer, type Send } from '../../../src/http/index.js';
import {
  githubIdToken,
  ID_TOKEN_EXCERPT_CHARS,
  idTokenRequest,
  judgeIdToken,
  NO_ID_TOKEN_SOURCE,
  withoutSecrets,
  type IdTokenSource,
} from '../../../src/login/github-id-token.js';
import { LoginError } from '../../../src/login/session.js';
import { makeJwt } from '../../support/harness.js';

const REQUEST_TOKEN = 'rT0k.en+/with=odd&chars"and\\quotes-0123456789abcdef';
const SOURCE: IdTokenSource = {
  url: 'https://pipelines.example/abc/_apis/distributedtask/idtoken?api-version=2.0',
  token: REQUEST_TOKEN,
};
const ID_TOKEN = makeJwt({ sub: 'repo:octo-org/octo-repo:ref:refs/heads/main', aud: 'x' });

const answer = (status: number, body: string, truncated = false): Answer => ({
  status,
  headers: {},
  body,
  truncated,
});

describe('idTokenRequest (the request, as OidcClient sends it)', () => {
  test('GET with &audience= appended to a URL with a query, the request token as bearer', () => {
    const request = idTokenRequest(SOURCE, 'https://infisical.example/a b?&=');
    expect(request).toMatchObject({
      method: 'GET',
      url: `${SOURCE.url}&audience=${encodeURIComponent('https://infisical.example/a b?&=')}`,
      bearerToken: REQUEST_TOKEN,
    });
    expect(request.url).toContain('&audience=https%3A%2F%2Finfisical.example%2Fa%20b%3F%26%3D');
    expect(request.json).toBeUndefined();
  });

  test('?audience= when the URL has no query', () => {
    const url = 'https://pipelines.example/idtoken';
    expect(idTokenRequest({ url, token: 't' }, 'aud').url).toBe(`${url}?audience=aud`);
  });

  test('no audience parameter when none is asked for (GitHub chooses its default)', () => {
    expect(idTokenRequest(SOURCE, undefined).url).toBe(SOURCE.url);
    expect(idTokenRequest(SOURCE, '').url).toBe(SOURCE.url);
  });

  test('keeps only a small answer: an ID token is 1–2 KB', () => {
    expect(idTokenRequest(SOURCE).maxBytes).toBeLessThanOrEqual(64 * 1024);
  });
});

describe('judgeIdToken', () => {
  test('a 200 {"value": <jwt>} is the ID token', () => {
    expect(
      judgeIdToken(answer(200, JSON.stringify({ count: 9, value: ID_TOKEN })), SOURCE),
    ).toEqual({ kind: 'ok', idToken: ID_TOKEN });
  });

  test.each([
    [
      'a value that is not a JWT',
      JSON.stringify({ value: 'secret-looking-value-123456' }),
      /"value" that is not a JWT/,
    ],
    ['the token under another name', JSON.stringify({ token: ID_TOKEN }), /no ID token in it/],
    ['not JSON', `token=${ID_TOKEN}`, /no ID token in it/],
    ['an array', JSON.stringify([ID_TOKEN]), /no ID token in it/],
  ])('a 200 with %s fails without quoting a byte of it', (_, body, reason) => {
    const verdict = judgeIdToken(answer(200, body), SOURCE);
    expect(verdict.kind).toBe('failed');
    const line = (verdict as { reason: string }).reason;
    expect(line).toMatch(/^was answered 200 OK, but with /);
    expect(line).toMatch(reason);
    expect(line).not.toContain('secret-looking');
    expect(line).not.toContain('eyJ');
    expect(line).not.toContain('token=');
  });

  test('a 200 cut off at the cap is not read, even if its start is a good answer', () => {
    const verdict = judgeIdToken(answer(200, JSON.stringify({ value: ID_TOKEN }), true), SOURCE);
    expect(verdict).toEqual({
      kind: 'failed',
      reason: 'was answered 200 OK, but with an answer larger than an ID token can be (cut off)',
    });
  });

  test('an error answer: status, reason phrase and a short quote of its body', () => {
    const verdict = judgeIdToken(answer(401, '{"message":"Unauthorized"}'), SOURCE);
    expect(verdict).toEqual({
      kind: 'failed',
      reason: 'was answered 401 Unauthorized: "{\\"message\\":\\"Unauthorized\\"}"',
    });
  });

  test('an empty error answer says so', () => {
    expect(judgeIdToken(answer(503, '  \n'), SOURCE)).toEqual({
      kind: 'failed',
      reason: 'was answered 503 Service Unavailable (empty answer)',
    });
  });

  test('a redirect is named, its Location never shown', () => {
    const verdict = judgeIdToken(
      {
        status: 302,
        headers: { location: `https://evil.example/?t=${REQUEST_TOKEN}` },
        body: '',
        truncated: false,
      },
      SOURCE,
    );
    expect(verdict).toEqual({
      kind: 'failed',
      reason: 'was answered 302 Found: a redirect, which is not followed',
    });
  });

  test('an error answer is one line: line breaks folded, control characters escaped, never starting a command', () => {
    const body = 'oops\r\n::stop-commands::x\n\u001b[31mred\u0000';
    const verdict = judgeIdToken(answer(500, body), SOURCE);
    const line = (verdict as { reason: string }).reason;
    // eslint-disable-next-line no-control-regex -- the line must hold no control character
    expect(line).not.toMatch(/[\r\n\u0000-\u001f]/);
    expect(line).toBe(
      'was answered 500 Internal Server Error: "oops ::stop-commands::x \\u001b[31mred\\u0000"',
    );
  });

  test('a long error answer is cut to the excerpt, with its length', () => {
    const verdict = judgeIdToken(answer(500, 'x'.repeat(5_000)), SOURCE);
    const line = (verdict as { reason: string }).reason;
    expect(line).toBe(
      `was answered 500 Internal Server Error: "${'x'.repeat(ID_TOKEN_EXCERPT_CHARS)}…" (5000 characters)`,
    );
  });

  test.each([
    ['as sent', REQUEST_TOKEN],
    ['URL-encoded', encodeURIComponent(REQUEST_TOKEN)],
    ['JSON-escaped', JSON.stringify(REQUEST_TOKEN).slice(1, -1)],
    ['cut by the server (a piece from its middle)', REQUEST_TOKEN.slice(5, 20)],
  ])('the request token echoed %s is not in the line, in any piece of 8', (_, echoed) => {
    // At every offset around the excerpt's cut: the token goes before the cut, never a piece of it.
    for (let offset = 0; offset <= ID_TOKEN_EXCERPT_CHARS + 5; offset += 1) {
      const body = `${'a'.repeat(offset)}Authorization: ${echoed} tail`;
      const line = (judgeIdToken(answer(403, body), SOURCE) as { reason: string }).reason;
      for (const form of [REQUEST_TOKEN, echoed]) {
        for (let i = 0; i + 8 <= form.length; i += 1) {
          expect(line).not.toContain(form.slice(i, i + 8));
        }
      }
    }
  });

  test('anything shaped like a JWT (the ID token, or its start) and any bearer credential is taken out', () => {
    const body = `echo: ${ID_TOKEN} and ${ID_TOKEN.slice(0, 30)} and authorization: Bearer s3cr3t-unknown-credential`;
    const text = withoutSecrets(body, REQUEST_TOKEN);
    expect(text).toBe('echo: *** and *** and authorization: Bearer ***');
  });

  test('text that holds no secret is kept as it is', () => {
    expect(withoutSecrets('Service Unavailable: try again later', REQUEST_TOKEN)).toBe(
      'Service Unavailable: try again later',
    );
  });
});

describe('githubIdToken (the fetch)', () => {
  function context(send: Send, retries = 3, stop = new AbortController().signal) {
    const logged: string[] = [];
    const masked: string[] = [];
    const attempts: AttemptContext = {
      retries,
      send,
      pacer: new RateLimitPacer({ now: () => Date.now(), sleep: () => Promise.resolve() }),
      sleep: () => Promise.resolve(),
      log: (line) => logged.push(line),
      stop,
      random: () => 0,
    };
    return { attempts, logged, masked, mask: (secret: string) => masked.push(secret) };
  }

  async function rejection(work: Promise<unknown>): Promise<LoginError> {
    try {
      await work;
    } catch (error) {
      expect(error).toBeInstanceOf(LoginError);
      return error as LoginError;
    }
    throw new Error('expected the fetch to fail, and it succeeded');
  }

  test('sends the request, masks the request token before it and the ID token at once', async () => {
    const order: string[] = [];
    const send = jest.fn<Send>(async () => {
      order.push('send');
      return answer(200, JSON.stringify({ value: ID_TOKEN }));
    });
    const { attempts, mask } = context(send);
    const idToken = await githubIdToken(SOURCE, attempts, (secret) => {
      order.push(
        secret === REQUEST_TOKEN
          ? 'mask request token'
          : secret === ID_TOKEN
            ? 'mask ID token'
            : secret,
      );
      mask(secret);
    })('aud');

    expect(idToken).toBe(ID_TOKEN);
    expect(order).toEqual(['mask request token', 'send', 'mask ID token']);
    expect(send.mock.calls.map(([request]) => request)).toEqual([
      expect.objectContaining({
        method: 'GET',
        url: `${SOURCE.url}&audience=aud`,
        bearerToken: REQUEST_TOKEN,
      }),
    ]);
  });

  test('without the runner variables: the permissions line, and nothing sent', async () => {
    const send = jest.fn<Send>();
    const { attempts, mask, masked } = context(send);
    const error = await rejection(githubIdToken(undefined, attempts, mask)(undefined));
    expect(error.message).toBe(NO_ID_TOKEN_SOURCE);
    expect(error.message).toMatch(
      /method: oidc needs a GitHub ID token.*permissions: id-token: write/,
    );
    expect(send).not.toHaveBeenCalled();
    expect(masked).toEqual([]);
  });

  test('a URL that is not http(s) fails before any request, without echoing it', async () => {
    const send = jest.fn<Send>();
    const { attempts, mask } = context(send);
    for (const url of ['not a url', 'file:///etc/passwd']) {
      const error = await rejection(
        githubIdToken({ url, token: REQUEST_TOKEN }, attempts, mask)(undefined),
      );
      expect(error.message).toMatch(/ACTIONS_ID_TOKEN_REQUEST_URL is not (a|an http\(s\)) URL\.$/);
      expect(error.message).not.toContain(url);
    }
    expect(send).not.toHaveBeenCalled();
  });

  test('a 500, then the token: retried, with one retry line', async () => {
    const send = jest
      .fn<Send>()
      .mockResolvedValueOnce(answer(500, '{"message":"boom"}'))
      .mockResolvedValueOnce(answer(200, JSON.stringify({ value: ID_TOKEN })));
    const { attempts, mask, logged } = context(send);
    expect(await githubIdToken(SOURCE, attempts, mask)(undefined)).toBe(ID_TOKEN);
    expect(send).toHaveBeenCalledTimes(2);
    expect(logged).toEqual([
      'Attempt 1 of 4 to get a GitHub ID token failed (500 Internal Server Error); retrying in 0.3 s.',
    ]);
  });

  test('a network error on every attempt: one line naming the ID-token request, its host and the attempts', async () => {
    const send = jest.fn<Send>(() =>
      Promise.reject(
        new NetworkError('no complete answer within 2 s (timed out)', true, 'ETIMEDOUT'),
      ),
    );
    const { attempts, mask } = context(send, 1);
    const error = await rejection(githubIdToken(SOURCE, attempts, mask)(undefined));
    expect(error.message).toBe(
      'Could not get a GitHub ID token for the OIDC login: the ID-token request to https://pipelines.example failed after 2 attempts: no complete answer within 2 s (timed out).',
    );
    expect(error.stopped).toBe(false);
    expect(send).toHaveBeenCalledTimes(2);
  });

  test('a refusal is not retried, and its line never holds the request token', async () => {
    const send = jest.fn<Send>(async () => answer(401, `bad token ${REQUEST_TOKEN}`));
    const { attempts, mask } = context(send);
    const error = await rejection(githubIdToken(SOURCE, attempts, mask)(undefined));
    expect(send).toHaveBeenCalledTimes(1);
    expect(error.message).toBe(
      'Could not get a GitHub ID token for the OIDC login: the ID-token request to https://pipelines.example was answered 401 Unauthorized: "bad token ***".',
    );
  });

  test('a 200 without a JWT fails, not retried, and the ID token is never masked', async () => {
    const send = jest.fn<Send>(async () => answer(200, '{"value":"nope"}'));
    const { attempts, mask, masked } = context(send);
    const error = await rejection(githubIdToken(SOURCE, attempts, mask)(undefined));
    expect(error.message).toMatch(/was answered 200 OK, but with a "value" that is not a JWT\.$/);
    expect(send).toHaveBeenCalledTimes(1);
    expect(masked).toEqual([REQUEST_TOKEN]);
  });

  test('stopped before the first attempt: stopped, nothing sent', async () => {
    const controller = new AbortController();
    controller.abort();
    const send = jest.fn<Send>();
    const { attempts, mask } = context(send, 3, controller.signal);
    const error = await rejection(githubIdToken(SOURCE, attempts, mask)(undefined));
    expect(error).toMatchObject({
      message: 'Could not get a GitHub ID token: the run was stopped first.',
      stopped: true,
    });
    expect(send).not.toHaveBeenCalled();
  });

  test('a request cut off by the cancel is the stop, not the service failing', async () => {
    const controller = new AbortController();
    const send = jest.fn<Send>(async () => {
      controller.abort();
      throw new NetworkError('the request was cancelled (ECANCELED)', true, 'ECANCELED', false);
    });
    const { attempts, mask } = context(send, 3, controller.signal);
    const error = await rejection(githubIdToken(SOURCE, attempts, mask)(undefined));
    expect(error).toMatchObject({
      message: 'Could not get a GitHub ID token: the run was stopped first.',
      stopped: true,
    });
    expect(send).toHaveBeenCalledTimes(1);
  });
});
