// The step's outputs for a batch: the ids by outcome as JSON, their counts, and the message; beside
// them, the summary's table of the same batch.
import { describe, expect, test } from '@jest/globals';
import { judge, outputsOf, summaryMarkdown } from '../../../src/report/index.js';
import type { Result } from '../../../src/revoke/result.js';
import { settle } from '../../../src/revoke/settle.js';

const ID = '6f1c2a0e-8b7d-4c2e-9f55-0a1b2c3d4e5f';
const policy = { ignoreNotFound: false };
describe('the outputs of a batch', () => {
  const notFound: Result = {
    tokenId: ID,
    self: false,
    outcome: 'not-found',
    status: 404,
    errorName: 'NotFound',
    message: 'gone.',
    reqId: 'req-2',
    attempts: 1,
  };
  const failed: Result = {
    tokenId: ID,
    self: false,
    outcome: 'failed',
    status: 503,
    errorName: 'X',
    message: 'X — down',
    reqId: 'req-3',
    attempts: 4,
  };
  test('outputs and summary for a batch', () => {
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
        '3 of 4 tokens could not be revoked (see the errors above). 4 tokens: 1 revoked, 1 not found or already gone, 2 failed.',
      'request-id': '',
      revoked: '["a"]',
      'not-found': '[{"id":"b","status":404,"reqId":"req-2"}]',
      failed:
        '[{"id":"c","status":503,"error":"X","reqId":"req-3"},{"id":"d","status":null,"error":null,"reqId":null}]',
      'not-attempted': '[]',
      selected: '[]',
      'revoked-count': '1',
      'not-found-count': '1',
      'failed-count': '2',
      'not-attempted-count': '0',
    });
    const summary = summaryMarkdown({ settled }, judge({ settled }), {
      infisical: 'https://h',
      phase: 'main',
      at: new Date(0),
    });
    expect(summary).toMatch(/^### Infisical token revocation: 1 of 4 done\n/);
    expect(summary.split('\n').filter((line) => line.startsWith('|'))).toEqual([
      '| Token | Result | HTTP status | reqId | Note |',
      '| --- | --- | --- | --- | --- |',
      '| a | ✅ revoked | 200 | — |  |',
      '| b | ❌ not found | 404 | req-2 | gone. |',
      '| c | ❌ failed | 503 | req-3 | X — down |',
      '| d | ❌ failed | — | — | no answer |',
    ]);
  });
});
