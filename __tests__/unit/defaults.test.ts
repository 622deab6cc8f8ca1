// The defaults in action.yml are the ones the code falls back to (src/defaults.ts).
import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import * as defaults from '../../src/defaults.js';

describe('action.yml defaults are src/defaults.ts', () => {
  const actionYml = readFileSync(new URL('../../action.yml', import.meta.url), 'utf8');
  test.each([
    ['server-url', defaults.DEFAULT_SERVER_URL],
    ['retries', `'${defaults.DEFAULT_RETRIES}'`],
    ['timeout-seconds', `'${defaults.DEFAULT_TIMEOUT_SECONDS}'`],
    ['concurrency', `'${defaults.DEFAULT_CONCURRENCY}'`],
  ])('action.yml default of %s', (name, value) => {
    expect(actionYml).toMatch(new RegExp(`\\n  ${name}:\\n(    .*\\n)*?    default: ${value}\\n`));
  });
});
