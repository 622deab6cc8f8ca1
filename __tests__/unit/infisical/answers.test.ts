// Reading Infisical's answers: 422 issue arrays as one sentence, and short excerpts of bodies that
// are not Infisical's JSON (markup dropped, cut to a length).
import { describe, expect, test } from '@jest/globals';
import { excerpt, renderMessage } from '../../../src/infisical/answers.js';

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
