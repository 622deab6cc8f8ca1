// The release tag (scripts/release/tag.ts): vX.Y.Z naming package.json's version, and its major.
import { describe, expect, test } from '@jest/globals';
import { majorTagOf, tagProblems } from '../../../../scripts/release/tag.js';

describe('the release tag', () => {
  test("v plus package.json's version is a release", () => {
    expect(tagProblems('v3.0.0', '3.0.0')).toEqual([]);
    expect(tagProblems('v10.20.30', '10.20.30')).toEqual([]);
  });

  test('another version is refused, naming both', () => {
    expect(tagProblems('v3.0.1', '3.0.0')).toEqual([
      `The tag "v3.0.1" does not match package.json's version 3.0.0: tag v3.0.0, or change the version first.`,
    ]);
  });

  test.each(['3.0.0', 'v3', 'v3.0', 'v3.0.0-rc.1', 'v03.0.0', 'v3.0.0 ', 'refs/tags/v3.0.0', ''])(
    '%j is not a release tag',
    (tag) => {
      expect(tagProblems(tag, '3.0.0')).toEqual([
        `The tag ${JSON.stringify(tag)} is not a release tag: expected vX.Y.Z, such as v3.0.0.`,
      ]);
    },
  );

  test('a long tag is quoted short', () => {
    const [problem] = tagProblems(`v${'9'.repeat(200)}`, '3.0.0');
    expect(problem?.length).toBeLessThan(200);
  });
});

describe('the major tag', () => {
  test.each([
    ['v3.0.0', 'v3'],
    ['v3.12.4', 'v3'],
    ['v10.0.1', 'v10'],
    ['v0.1.0', 'v0'],
  ])('%s moves %s', (tag, major) => {
    expect(majorTagOf(tag)).toBe(major);
  });

  test('only of a release tag', () => {
    expect(() => majorTagOf('v3')).toThrow('Not a release tag: "v3"');
  });
});
