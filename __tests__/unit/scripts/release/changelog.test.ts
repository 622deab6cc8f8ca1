// Reading CHANGELOG.md for a release (scripts/release/changelog.ts), and the project's own
// CHANGELOG.md read the same way: every version dated and linked.
import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import {
  changelogProblems,
  linksOf,
  releaseNotes,
  sectionsOf,
} from '../../../../scripts/release/changelog.js';

const OWNER_URL = 'https://github.com/OWNER/infisical-revoke-token-action';

const SAMPLE = `# Changelog

Intro text.

## [2.1.0] - 2026-12-24

**New**

- Something new.

### A sub-heading stays in the section

- More.

## [2.0.0] - 2026-11-26

- Second.

## [1.0.0] - 2026-11-24

First release.

[2.1.0]: ${OWNER_URL}/compare/v2.0.0...v2.1.0
[2.0.0]: ${OWNER_URL}/compare/v1.0.0...v2.0.0
[1.0.0]: ${OWNER_URL}/releases/tag/v1.0.0
`;

describe('sections', () => {
  test('one per version heading, with its date, its text and its line', () => {
    const sections = sectionsOf(SAMPLE);
    expect(sections.map((s) => [s.version, s.date, s.line])).toEqual([
      ['2.1.0', '2026-12-24', 5],
      ['2.0.0', '2026-11-26', 15],
      ['1.0.0', '2026-11-24', 19],
    ]);
    expect(sections[0]?.body).toBe(
      '**New**\n\n- Something new.\n\n### A sub-heading stays in the section\n\n- More.',
    );
  });

  test('the last section does not take the link definitions below it', () => {
    expect(sectionsOf(SAMPLE).at(-1)?.body).toBe('First release.');
  });

  test('CRLF line endings read the same', () => {
    expect(sectionsOf(SAMPLE.replaceAll('\n', '\r\n'))).toEqual(sectionsOf(SAMPLE));
  });

  test('a heading that is not a version ends the section before it', () => {
    const text = `## [1.0.0] - 2026-11-24\n\nFirst.\n\n## Unreleased\n\n- Not yet.\n`;
    expect(sectionsOf(text)).toEqual([
      { version: '1.0.0', date: '2026-11-24', body: 'First.', line: 1 },
    ]);
  });

  test('links are read by version', () => {
    expect(linksOf(SAMPLE).get('2.0.0')).toBe(`${OWNER_URL}/compare/v1.0.0...v2.0.0`);
    expect([...linksOf(SAMPLE).keys()]).toEqual(['2.1.0', '2.0.0', '1.0.0']);
  });
});

describe('what a release needs of the CHANGELOG', () => {
  test('nothing is missing for a dated, linked, non-empty section', () => {
    expect(changelogProblems(SAMPLE, '2.0.0')).toEqual([]);
  });

  test('a version with no section', () => {
    expect(changelogProblems(SAMPLE, '2.2.0')).toEqual([
      'CHANGELOG.md has no section "## [2.2.0] - YYYY-MM-DD".',
    ]);
  });

  test.each([
    ['no date', '## [2.1.0]'],
    ['a word for a date', '## [2.1.0] - Unreleased'],
    ['an impossible date', '## [2.1.0] - 2026-13-45'],
  ])('a heading with %s', (_, heading) => {
    const text = SAMPLE.replace('## [2.1.0] - 2026-12-24', heading);
    expect(changelogProblems(text, '2.1.0')).toEqual([
      'CHANGELOG.md line 5: the heading of 2.1.0 needs its release date, "## [2.1.0] - YYYY-MM-DD".',
    ]);
  });

  test('an empty section, and one without its compare link', () => {
    const text = `## [3.0.0] - 2026-12-01\n\n## [2.0.0] - 2026-11-26\n\n- Second.\n`;
    expect(changelogProblems(text, '3.0.0')).toEqual([
      'CHANGELOG.md line 1: 3.0.0 is empty.',
      'CHANGELOG.md has no compare link "[3.0.0]: https://github.com/…/compare/…v3.0.0".',
    ]);
  });
});

describe('release notes', () => {
  test("the version's section, then its compare link", () => {
    expect(releaseNotes(SAMPLE, '2.0.0')).toBe(
      `- Second.\n\n**Full changes**: ${OWNER_URL}/compare/v1.0.0...v2.0.0\n`,
    );
  });

  test('links to OWNER point at the repository that releases', () => {
    const notes = releaseNotes(SAMPLE, '2.0.0', 'octo-org/infisical-revoke-token-action');
    expect(notes).toContain(
      'https://github.com/octo-org/infisical-revoke-token-action/compare/v1.0.0...v2.0.0',
    );
    expect(notes).not.toContain('OWNER');
  });

  test('a version the CHANGELOG cannot vouch for throws the problems', () => {
    expect(() => releaseNotes(SAMPLE, '9.9.9')).toThrow('has no section "## [9.9.9]');
  });
});

describe("the project's CHANGELOG.md", () => {
  const changelog = readFileSync(new URL('../../../../CHANGELOG.md', import.meta.url), 'utf8');
  const pkg = JSON.parse(
    readFileSync(new URL('../../../../package.json', import.meta.url), 'utf8'),
  ) as { version: string };
  const versions = sectionsOf(changelog).map((s) => s.version);

  test("has package.json's version, newest first", () => {
    expect(versions[0]).toBe(pkg.version);
  });

  test.each(versions)('%s is dated, not empty, and has its compare link', (version) => {
    expect(changelogProblems(changelog, version)).toEqual([]);
  });

  test('each compare link goes from the version before it', () => {
    versions.forEach((version, i) => {
      const before = versions[i + 1];
      const link = linksOf(changelog).get(version);
      expect(link).toBe(
        before
          ? `${OWNER_URL}/compare/v${before}...v${version}`
          : `${OWNER_URL}/releases/tag/v${version}`,
      );
    });
  });

  test('dates never go forward as the file goes back in time', () => {
    const dates = sectionsOf(changelog).map((s) => s.date ?? '');
    expect([...dates].sort().reverse()).toEqual(dates);
  });
});
