// The redactor: every secret replaced, longest first; values shorter than MIN_REDACTED_LENGTH left
// alone (the runner still masks them), so ids, counts and sentences stay whole; secrets learned
// while running replaced from then on. Each secret also in every form a server can echo it in
// (URL-encoded, JSON-escaped, HTML-escaped), in JSON strings as parsed, in headers, and at the
// end of an answer we cut off, where only its start is left.
import { describe, expect, test } from '@jest/globals';
import {
  encodedForms,
  MIN_REDACTED_LENGTH,
  redactAnswer,
  redactor,
} from '../../../src/text/redact.js';

describe('redaction', () => {
  test('replaces every secret, longest first', () => {
    const say = redactor(['abcdef', 'abcdefghij', '']);
    expect(say('x abcdefghij y abcdef z')).toBe('x *** y *** z');
  });
  test('leaves values too short to be credentials alone (the runner still masks them)', () => {
    const say = redactor(['1', 'prod', 'abcdef']);
    expect(say('3 revoked in prod, abcdef')).toBe('3 revoked in prod, ***');
  });
  test('a secret learned while running is replaced from then on', () => {
    const say = redactor([]);
    expect(say('token eyJhbGciOi')).toBe('token eyJhbGciOi');
    say.add('eyJhbGciOi');
    expect(say('token eyJhbGciOi')).toBe('token ***');
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

/** Characters that URL-encoding, JSON-escaping and HTML-escaping change. */
const SECRET = 'u2K"9z/+Wq=r%T&5m<x>\\8N\'b0cV';

describe('encodedForms', () => {
  test('the secret as sent, URL-encoded, JSON-escaped (with and without \\/) and HTML-escaped', () => {
    expect(encodedForms(SECRET)).toEqual(
      expect.arrayContaining([
        SECRET,
        encodeURIComponent(SECRET),
        JSON.stringify(SECRET).slice(1, -1),
        JSON.stringify(SECRET).slice(1, -1).replace(/\//g, '\\/'),
        'u2K&quot;9z/+Wq=r%T&amp;5m&lt;x&gt;\\8N&#39;b0cV',
      ]),
    );
  });

  test('a lone surrogate, which cannot be URL-encoded, still gives its other forms', () => {
    const forms = encodedForms('abc\ud800defg');
    expect(forms).toContain('abc\ud800defg');
    expect(forms).toContain('abc\\ud800defg');
  });
});

describe('a secret in the forms a server echoes it in', () => {
  const say = redactor([SECRET]);
  test.each([
    ['as sent', SECRET],
    ['URL-encoded', encodeURIComponent(SECRET)],
    ['JSON-escaped', JSON.stringify(SECRET).slice(1, -1)],
    ['JSON-escaped with \\/', JSON.stringify(SECRET).slice(1, -1).replace(/\//g, '\\/')],
    ['HTML-escaped', 'u2K&quot;9z/+Wq=r%T&amp;5m&lt;x&gt;\\8N&#39;b0cV'],
  ])('%s: replaced whole', (_, form) => {
    expect(say(`before ${form} after`)).toBe('before *** after');
  });

  test('a secret learned while running is replaced in its encoded forms too', () => {
    const late = redactor([]);
    late.add('new/token+value=1');
    expect(late(`next=${encodeURIComponent('new/token+value=1')}`)).toBe('next=***');
  });

  test('a longer secret that holds a shorter one is replaced whole, in each form', () => {
    const both = redactor(['abc/defgh', 'xx abc/defgh yy']);
    expect(both(encodeURIComponent('xx abc/defgh yy'))).toBe('***');
  });
});

describe('cutEnd: text we cut off at its end', () => {
  const say = redactor([SECRET, 'eyJhbGciOi.payload.signature']);

  test.each([1, 2, 5, 12, SECRET.length - 1])(
    'the first %i characters of a secret at the end are dropped',
    (n) => {
      expect(say.cutEnd(`page text ${SECRET.slice(0, n)}`)).toBe('page text ');
    },
  );

  test('the start of an encoded form at the end is dropped too', () => {
    const url = encodeURIComponent(SECRET);
    expect(say.cutEnd(`a=${url.slice(0, 14)}`)).toBe('a=');
    const json = JSON.stringify(SECRET).slice(1, -1);
    expect(say.cutEnd(`{"x":"${json.slice(0, 9)}`)).toBe('{"x":"');
  });

  test('whole secrets are replaced, and an end that starts none is kept', () => {
    expect(say.cutEnd(`${SECRET} and eyJhbGciOi.payload.signature done.`)).toBe(
      '*** and *** done.',
    );
    expect(say.cutEnd('nothing secret here!')).toBe('nothing secret here!');
  });

  test('even one character that starts a secret is dropped: the cut could be inside it', () => {
    expect(say.cutEnd('a value u')).toBe('a value ');
  });
});

describe('redactAnswer', () => {
  const say = redactor([SECRET]);
  const answer = (body: string, headers = {}, truncated = false) => ({
    status: 403,
    body,
    headers,
    truncated,
  });

  test('body and every header value, lists of values included', () => {
    const out = redactAnswer(
      answer(`<pre>${SECRET}</pre>`, {
        location: `https://x.example/${encodeURIComponent(SECRET)}`,
        'set-cookie': [`a=${SECRET}`, 'b=1'],
        'x-none': undefined,
      }),
      say,
    );
    expect(out.body).toBe('<pre>***</pre>');
    expect(out.headers).toEqual({
      location: 'https://x.example/***',
      'set-cookie': ['a=***', 'b=1'],
      'x-none': undefined,
    });
  });

  test('a JSON string that spells the secret with \\u escapes is redacted as parsed', () => {
    const spelled = [...SECRET].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    const body = `{"echo":"${spelled.join('')}","n":1}`;
    const out = redactAnswer(answer(body), say);
    expect(JSON.parse(out.body)).toEqual({ echo: '***', n: 1 });
  });

  test('a JSON key that is the secret is redacted too', () => {
    const out = redactAnswer(answer(JSON.stringify({ [SECRET]: 'v' })), say);
    expect(JSON.parse(out.body)).toEqual({ '***': 'v' });
  });

  test('an answer without a secret stays byte for byte what the server sent', () => {
    const body = '{ "message" : "Token not found",\n "reqId": "r-1" }';
    expect(redactAnswer(answer(body), say).body).toBe(body);
  });

  test('a body we cut off loses the start of a secret at its end', () => {
    const out = redactAnswer(answer(`<p>${'x'.repeat(20)}${SECRET.slice(0, 10)}`, {}, true), say);
    expect(out.body).toBe(`<p>${'x'.repeat(20)}`);
    expect(out.truncated).toBe(true);
  });
});
