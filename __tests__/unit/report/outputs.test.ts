// The step's outputs for a batch: the ids by outcome as JSON (already revoked apart from not
// found), their counts, and the message; beside them, the summary's table of the same batch.
import { describe, expect, test } from '@jest/globals';
import { judge, outputsOf, summaryMarkdown } from '../../../src/report/index.js';
import { settle } from '../../../src/revoke/settle.js';
import {
  notFoundOne as notFound,
  failedOne as failed,
  listedSecret,
  SECRET_IDENTITY,
  SECRET_PREFIX,
  secretDenied,
  secretId,
  secretRevoked,
  secretSelection,
} from '../../support/results.js';

const policy = { ignoreNotFound: false };
describe('the outputs of a batch', () => {
  test('outputs and summary for a batch (the message says what the three not done were: not "could not be revoked" of the one not found)', () => {
    const settled = [
      settle(
        { tokenId: 'a', self: false, outcome: 'revoked', status: 200, message: 'ok', attempts: 1 },
        policy,
      ),
      settle({ ...notFound, tokenId: 'b' }, policy),
      settle({ ...failed, tokenId: 'c' }, policy),
      settle(
        { tokenId: 'd', self: false, outcome: 'failed', message: 'no answer', attempts: 1 },
        policy,
      ),
    ];
    expect(outputsOf({ settled }, judge({ settled }))).toEqual({
      message:
        '3 of 4 tokens are not done: 2 could not be revoked, 1 was not found (see the errors above). 4 tokens: 1 revoked, 0 already revoked, 1 not found, 2 failed.',
      'request-id': '',
      revoked: '["a"]',
      'already-revoked': '[]',
      'not-found': '[{"id":"b","status":404,"reqId":"req-2"}]',
      failed:
        '[{"id":"c","status":503,"error":"X","reqId":"req-3"},{"id":"d","status":null,"error":null,"reqId":null}]',
      'not-attempted': '[]',
      selected: '[]',
      'revoked-count': '1',
      'already-revoked-count': '0',
      'not-found-count': '1',
      'failed-count': '2',
      'not-attempted-count': '0',
      'client-secrets': '[]',
      'revoked-client-secret-count': '0',
      'failed-client-secret-count': '0',
    });
    const summary = summaryMarkdown({ settled }, judge({ settled }), {
      infisical: 'https://h',
      phase: 'main',
      at: new Date(0),
    });
    expect(summary).toMatch(/^### ❌ Infisical token revocation failed: 1 of 4 done\n/);
    expect(summary.split('\n').filter((line) => line.startsWith('|'))).toEqual([
      '| Token | Result | Read back | HTTP status | reqId | Note |',
      '| --- | --- | --- | --- | --- | --- |',
      '| a | ✅ revoked | — | 200 | — |  |',
      '| b | ❌ not found (may be live) | — | 404 | req-2 | gone. |',
      '| c | ❌ failed | — | 503 | req-3 | X — down |',
      '| d | ❌ failed | — | — | — | no answer |',
    ]);
  });
  test('already revoked and expired go to already-revoked; not-found holds only what was not found', () => {
    const settled = [
      settle({ ...notFound, tokenId: 'a', outcome: 'already-revoked' }, policy),
      settle(
        { ...notFound, tokenId: 'b', outcome: 'expired', status: 403, reqId: 'req-b' },
        policy,
      ),
      settle({ ...notFound, tokenId: 'c', reqId: 'req-c' }, policy),
    ];
    expect(outputsOf({ settled }, judge({ settled }))).toMatchObject({
      'already-revoked':
        '[{"id":"a","status":404,"reqId":"req-2"},{"id":"b","status":403,"reqId":"req-b"}]',
      'already-revoked-count': '2',
      'not-found': '[{"id":"c","status":404,"reqId":"req-c"}]',
      'not-found-count': '1',
      'failed-count': '0',
    });
  });
  test('a revoke cut off by a cancel stays in failed (nobody takes it as done), marked outcomeUnknown', () => {
    const settled = [
      settle({ ...failed, tokenId: 'c' }, policy),
      settle(
        {
          tokenId: 'd',
          self: false,
          outcome: 'failed',
          message: 'the revoke was in flight when the run was cancelled, and was cut off',
          attempts: 1,
          outcomeUnknown: true,
        },
        policy,
      ),
    ];
    const outputs = outputsOf({ settled }, judge({ settled }));
    expect(outputs.failed).toBe(
      '[{"id":"c","status":503,"error":"X","reqId":"req-3"},{"id":"d","status":null,"error":null,"reqId":null,"outcomeUnknown":true}]',
    );
    expect(outputs['failed-count']).toBe('2');
    expect(outputs.message).toBe(
      '2 of 2 tokens are not done: 1 could not be revoked, 1 has its outcome unknown (see the errors above). 2 tokens: 0 revoked, 0 already revoked, 0 not found, 2 failed. Outcome unknown: 1 of the failed (it was cut off before an answer came, and may have been revoked).',
    );
  });
  test('a dry run lists the ids named in token-id in selected, with what the server showed, self too (as a6865b3 made it)', () => {
    const outputs = outputsOf(
      {
        settled: [],
        dryRun: [
          { tokenId: 'a', self: false, state: 'live' },
          { tokenId: 'b', self: false, state: 'already-revoked' },
          { tokenId: 'c', self: false, state: 'not-found' },
          { tokenId: 'd', self: false, state: 'unknown', why: 'no answer' },
          { tokenId: 'e', self: true, state: 'live' },
        ],
      },
      judge({ settled: [] }),
    );
    expect(outputs.selected).toBe(
      '[{"id":"a","state":"live"},{"id":"b","state":"already-revoked"},{"id":"c","state":"not-found"},{"id":"d","state":"unknown"},{"id":"e","self":true,"state":"live"}]',
    );
  });
});

describe('the client-secrets output', () => {
  const filters = {
    identityIds: [],
    allIdentities: false,
    clientSecrets: { identityIds: [SECRET_IDENTITY], all: false },
    olderThanMs: 0,
  };
  test('every client secret chosen with what became of it, apart from the token outputs; never a prefix', () => {
    const chosen = [listedSecret(1, 'ci | old'), listedSecret(2, null), listedSecret(3, 'x')];
    const settled = [
      settle(secretRevoked(1), policy),
      settle(secretDenied(2), policy),
      settle(
        { tokenId: 'a', self: false, outcome: 'revoked', status: 200, message: 'ok', attempts: 1 },
        policy,
      ),
    ];
    const run = { settled, filters, selection: secretSelection(chosen) };
    const outputs = outputsOf(run, judge(run));
    expect(JSON.parse(outputs['client-secrets'])).toEqual([
      {
        id: secretId(1),
        identityId: SECRET_IDENTITY,
        description: 'ci | old',
        createdAt: '2026-10-01T08:00:00.000Z',
        outcome: 'revoked',
        status: 200,
        reqId: null,
      },
      {
        id: secretId(2),
        identityId: SECRET_IDENTITY,
        description: null,
        createdAt: '2026-10-01T08:00:00.000Z',
        outcome: 'failed',
        status: 403,
        reqId: 'req-s2',
      },
      {
        id: secretId(3),
        identityId: SECRET_IDENTITY,
        description: 'x',
        createdAt: '2026-10-01T08:00:00.000Z',
        outcome: 'not-attempted',
        status: null,
        reqId: null,
      },
    ]);
    expect(outputs['revoked-client-secret-count']).toBe('1');
    expect(outputs['failed-client-secret-count']).toBe('1');
    // The token outputs hold the token alone.
    expect(outputs.revoked).toBe('["a"]');
    expect(outputs.failed).toBe('[]');
    expect(outputs['revoked-count']).toBe('1');
    for (const value of Object.values(outputs)) expect(value).not.toContain(SECRET_PREFIX);
  });
  test('a dry run: every chosen secret "selected", nothing in the token outputs', () => {
    const run = {
      settled: [],
      filters,
      dryRun: [],
      selection: secretSelection([listedSecret(1, 'old')]),
    };
    const outputs = outputsOf(run, judge(run));
    expect(JSON.parse(outputs['client-secrets'])).toMatchObject([
      { id: secretId(1), outcome: 'selected', status: null },
    ]);
    expect(outputs.selected).toBe('[]');
    expect(JSON.stringify(outputs)).not.toContain(SECRET_PREFIX);
  });
  test('a revoke cut off by a cancel: failed, outcomeUnknown', () => {
    const settled = [
      settle(
        secretRevoked(1, { outcome: 'failed', status: undefined, outcomeUnknown: true }),
        policy,
      ),
    ];
    const run = { settled, filters, selection: secretSelection([listedSecret(1, 'old')]) };
    expect(JSON.parse(outputsOf(run, judge(run))['client-secrets'])).toMatchObject([
      { outcome: 'failed', outcomeUnknown: true },
    ]);
  });
});
