// The rules for jobs and workflow defaults (scripts/workflows/jobs.ts).
import { describe, expect, test } from '@jest/globals';
import { jobProblems, workflowProblems } from '../../../../scripts/workflows/jobs.js';

const job = (...keys: string[]) => ({ id: 'build', keys: new Set(keys) });

describe('a job', () => {
  test('with its own permissions and a timeout: fine', () => {
    expect(jobProblems(job('runs-on', 'permissions', 'timeout-minutes', 'steps'))).toEqual([]);
  });

  test('without permissions of its own', () => {
    expect(jobProblems(job('runs-on', 'timeout-minutes'))).toEqual([
      'job build has no permissions: of its own (give it only what it needs)',
    ]);
  });

  test('without a timeout', () => {
    expect(jobProblems(job('runs-on', 'permissions'))).toEqual([
      'job build has no timeout-minutes',
    ]);
  });

  test('calling a reusable workflow needs permissions, and cannot take a timeout', () => {
    expect(jobProblems(job('uses', 'permissions'))).toEqual([]);
    expect(jobProblems(job('uses'))).toHaveLength(1);
  });
});

describe("a workflow's default permissions", () => {
  test('none ({}) is the rule', () => {
    expect(workflowProblems('{}')).toEqual([]);
  });

  test.each([[undefined], ['read-all'], ['a mapping']])('%s is refused', (permissions) => {
    expect(workflowProblems(permissions)).toEqual([
      'the workflow must set permissions: {} (each job asks for its own)',
    ]);
  });
});
