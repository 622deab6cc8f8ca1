// token-name globs: an exact name, * and ?, regex specials as themselves, and a token without a
// name never matched.
import { describe, expect, test } from '@jest/globals';
import { isGlob, nameMatcher } from '../../../src/select/glob.js';

describe('token-name globs', () => {
  test('an exact name: the whole name, case-sensitive', () => {
    const is = nameMatcher('ci-deploy');
    expect(is('ci-deploy')).toBe(true);
    expect(is('CI-deploy')).toBe(false);
    expect(is('ci-deploy-2')).toBe(false);
    expect(is('my-ci-deploy')).toBe(false);
    expect(isGlob('ci-deploy')).toBe(false);
  });
  test('* is any run, the empty one included, across / too', () => {
    const is = nameMatcher('ci-*');
    expect(is('ci-')).toBe(true);
    expect(is('ci-deploy/prod')).toBe(true);
    expect(is('ci')).toBe(false);
    expect(nameMatcher('*')('')).toBe(true);
    expect(nameMatcher('a*b*c')('abc')).toBe(true);
    expect(nameMatcher('a*b*c')('a-b-c-d')).toBe(false);
    expect(isGlob('ci-*')).toBe(true);
  });
  test('? is exactly one character', () => {
    const is = nameMatcher('run-?');
    expect(is('run-1')).toBe(true);
    expect(is('run-')).toBe(false);
    expect(is('run-12')).toBe(false);
    expect(is('run-🚀')).toBe(true);
    expect(isGlob('run-?')).toBe(true);
  });
  test('regex specials match themselves', () => {
    const name = 'a.b+c(d)[e]{f}^$|\\/-';
    expect(nameMatcher(name)(name)).toBe(true);
    expect(nameMatcher('a.b')('axb')).toBe(false);
    expect(nameMatcher('[ab]')('a')).toBe(false);
    expect(nameMatcher('x{2}')('xx')).toBe(false);
    expect(nameMatcher('deploy (prod)*')('deploy (prod) 2026')).toBe(true);
  });
  test('a token without a name never matches, not even *', () => {
    expect(nameMatcher('*')(null)).toBe(false);
    expect(nameMatcher('')(null)).toBe(false);
  });
});
