// The sentences about the run as a whole: the dry run's line (client secrets only when asked for)
// and the first line, which names what the run reaches (tokens named, the identities' tokens, the
// organization's with `all`, the client secrets) and says so of a dry run.
import { describe, expect, test } from '@jest/globals';
import { dryRunLine, jobEndNotice, startLine, type RunScope } from '../../../src/report/wording.js';

const TOKEN = '6f1c2a0e-8b7d-4c2e-9f55-0a1b2c3d4e5f';
const scope = (overrides: Partial<RunScope> = {}): RunScope => ({
  named: { tokenIds: [], self: false },
  identities: 0,
  dryRun: false,
  ...overrides,
});

describe('the dry run line', () => {
  test('tokens alone, or tokens and client secrets when client secrets were asked for (no "0 tokens" beside them)', () => {
    expect(dryRunLine(1)).toBe('Dry run: 1 token would be revoked; nothing was revoked.');
    expect(dryRunLine(0)).toBe('Dry run: 0 tokens would be revoked; nothing was revoked.');
    expect(dryRunLine(0, 0)).toBe(
      'Dry run: 0 client secrets would be revoked; nothing was revoked.',
    );
    expect(dryRunLine(0, 2)).toBe(
      'Dry run: 2 client secrets would be revoked; nothing was revoked.',
    );
    expect(dryRunLine(3, 1)).toBe(
      'Dry run: 3 tokens and 1 client secret would be revoked; nothing was revoked.',
    );
  });
});

describe('the first line', () => {
  test('the organization with all, beside identities named by id', () => {
    expect(startLine(scope({ allIdentities: true }), 'https://h')).toBe(
      'Revoking the tokens of every identity of the organization that the filters choose at https://h.',
    );
    expect(startLine(scope({ allIdentities: true, identities: 2 }), 'https://h')).toBe(
      'Revoking the tokens of every identity of the organization and 2 identities named by id that the filters choose at https://h.',
    );
  });
  test('client secrets, alone or after the tokens', () => {
    expect(startLine(scope({ clientSecrets: { identities: 1, all: false } }), 'https://h')).toBe(
      'Revoking the client secrets of 1 identity that the filters choose at https://h.',
    );
    expect(
      startLine(
        scope({
          named: { tokenIds: [TOKEN], self: false },
          identities: 3,
          clientSecrets: { identities: 0, all: true },
        }),
        'https://h',
      ),
    ).toBe(
      `Revoking token ${TOKEN}, the tokens of 3 identities that the filters choose and the client secrets of every identity of the organization that the filters choose at https://h.`,
    );
  });
  test('a dry run says nothing is revoked', () => {
    expect(
      startLine(scope({ dryRun: true, clientSecrets: { identities: 2, all: false } }), 'https://h'),
    ).toBe(
      'Dry run, nothing is revoked: looking for the client secrets of 2 identities that the filters choose at https://h.',
    );
  });
  test('a job-end main step names the client secrets it leaves for later', () => {
    expect(jobEndNotice(scope({ clientSecrets: { identities: 0, all: true } }), [])).toBe(
      'The client secrets of every identity of the organization that the filters choose will be revoked when the job ends.',
    );
  });
});
