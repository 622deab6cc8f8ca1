// Reading Infisical's answers: 422 issue arrays as one sentence, and short excerpts of bodies that
// are not Infisical's JSON (markup dropped, cut to a length).
import { describe, expect, test } from '@jest/globals';
import { excerpt, readAnswer, renderMessage } from '../../../src/infisical/answers.js';

describe('rendering', () => {
  test('422 issue arrays read as sentences', () => {
    expect(
      renderMessage([{ path: ['a', 0], message: 'bad' }, { message: 'worse' }, 'plain', 7]),
    ).toBe('a.0: bad; worse; plain; 7');
  });
  test('excerpts drop markup and are cut', () => {
    expect(excerpt('<html><style>x{}</style><b>Bad</b>\n\n Gateway</html>')).toBe('"Bad Gateway"');
    expect(excerpt('<p></p>')).toBe('(no text)');
    expect(excerpt('y'.repeat(500))).toHaveLength(203);
  });
});

describe('quoting a 200 the route does not accept', () => {
  const answer = (body: string) => ({ status: 200, headers: {}, body, truncated: false });
  test('quoteBodies: false shows JSON by its keys alone and quotes no other body (a BOM before JSON, a 502 page), but still reads an error body', () => {
    const options = { quoteBodies: false } as const;
    const json = readAnswer(answer('{"rows":{"prefix":"zq9X"}}'), () => false, 'a list', options);
    expect(json).toMatchObject({ kind: 'failed', status: 200 });
    expect(JSON.stringify(json)).not.toContain('zq9X');
    expect(json.kind === 'failed' && json.message).toContain('an object with keys rows');
    const bom = readAnswer(
      answer('\uFEFF{"rows":{"prefix":"zq9X"}}'),
      () => false,
      'a list',
      options,
    );
    expect(bom.kind === 'failed' && bom.message).toBe(
      'OK, but a body that is not JSON (not shown)',
    );
    const gateway = readAnswer(
      { status: 502, headers: {}, body: 'upstream {"prefix":"zq9X"}', truncated: false },
      () => false,
      'a list',
      options,
    );
    expect(JSON.stringify(gateway)).not.toContain('zq9X');
    const error = readAnswer(
      {
        status: 404,
        headers: {},
        body: JSON.stringify({
          reqId: 'req-1',
          statusCode: 404,
          message: 'Failed to find identity with ID x',
          error: 'NotFound',
        }),
        truncated: false,
      },
      () => false,
      'a list',
      options,
    );
    expect(error).toMatchObject({
      kind: 'error',
      error: { message: 'Failed to find identity with ID x' },
    });
  });
  test('by default JSON is quoted', () => {
    const json = readAnswer(answer('{"rows":"abc"}'), () => false, 'a list');
    expect(json.kind === 'failed' && json.message).toContain('abc');
  });
});
