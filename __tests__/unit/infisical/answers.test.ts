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
  test('quoteJson: false shows JSON by its keys alone, and still quotes a body that is not JSON', () => {
    const json = readAnswer(answer('{"rows":{"prefix":"zq9X"}}'), () => false, 'a list', {
      quoteJson: false,
    });
    expect(json).toMatchObject({ kind: 'failed', status: 200 });
    expect(JSON.stringify(json)).not.toContain('zq9X');
    expect(json.kind === 'failed' && json.message).toContain('an object with keys rows');
    const text = readAnswer(answer('upstream says no'), () => false, 'a list', {
      quoteJson: false,
    });
    expect(text.kind === 'failed' && text.message).toContain('upstream says no');
  });
  test('by default JSON is quoted', () => {
    const json = readAnswer(answer('{"rows":"abc"}'), () => false, 'a list');
    expect(json.kind === 'failed' && json.message).toContain('abc');
  });
});
