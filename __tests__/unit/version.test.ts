// The version the User-Agent names is package.json's.
import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { ACTION_VERSION } from '../../src/version.js';

describe('the version', () => {
  test('the User-Agent version is package.json version', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    expect(ACTION_VERSION).toBe(pkg.version);
  });
});
