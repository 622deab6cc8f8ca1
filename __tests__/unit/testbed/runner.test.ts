// The runner emulation reads the file commands (GITHUB_OUTPUT, GITHUB_STATE) as the runner does:
// `name<<DELIMITER` blocks whose lines end with \n or, as @actions/core writes them on Windows
// (os.EOL), \r\n.
import { describe, expect, test } from '@jest/globals';
import { EOL } from 'node:os';
import { parseFileCommands } from '../../../testbed/runner.js';

const block = (name: string, value: string, eol: string, delimiter = 'ghadelimiter_1') =>
  `${name}<<${delimiter}${eol}${value.split('\n').join(eol)}${eol}${delimiter}${eol}`;

describe('parseFileCommands', () => {
  test.each([
    ['\\n', '\n'],
    ['\\r\\n', '\r\n'],
  ])('lines ending with %s: every value, one line or several, without a stray \\r', (_, eol) => {
    const text =
      block('message', 'Successfully revoked', eol) + block('revoked', '["a",\n"b"]', eol);
    expect(parseFileCommands(text)).toEqual({
      message: 'Successfully revoked',
      revoked: '["a",\n"b"]',
    });
  });

  test('a file written with CRLF, as on Windows, reads like one written with LF', () => {
    const lf = block('a', 'x', '\n') + block('b', 'y\nz', '\n', 'other');
    const crlf = block('a', 'x', '\r\n') + block('b', 'y\nz', '\r\n', 'other');
    expect(parseFileCommands(crlf)).toEqual(parseFileCommands(lf));
    expect(parseFileCommands(block('c', 'w', EOL))).toEqual({ c: 'w' });
  });

  test('an empty value, and no file commands at all', () => {
    expect(parseFileCommands(`empty<<d\r\nd\r\n`)).toEqual({ empty: '' });
    expect(parseFileCommands('')).toEqual({});
  });

  test('a block without its closing delimiter is an error, as on the runner', () => {
    expect(() => parseFileCommands('a<<d\r\nvalue\r\n')).toThrow(
      "Matching delimiter not found 'd'",
    );
  });
});
