// The release check as the workflow runs it (`npm run release:check -- <tag>`, scripts/release/
// check.ts): run as its own process in a folder holding a package.json and a CHANGELOG.md, with
// the runner's GITHUB_OUTPUT file.
import { afterEach, describe, expect, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('../../../../scripts/release/check.ts', import.meta.url));
const TSX = fileURLToPath(new URL('../../../../node_modules/tsx/dist/cli.mjs', import.meta.url));
const URL_BASE = 'https://github.com/OWNER/infisical-revoke-token-action';

const CHANGELOG = `# Changelog

## [2.0.0] - 2026-11-26

- A line.
EOF_not_the_delimiter

[2.0.0]: ${URL_BASE}/compare/v1.0.0...v2.0.0
`;

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function check(tag: string, { version = '2.0.0', changelog = CHANGELOG } = {}) {
  const cwd = mkdtempSync(join(tmpdir(), 'release-check-'));
  folders.push(cwd);
  writeFileSync(join(cwd, 'package.json'), JSON.stringify({ version }));
  writeFileSync(join(cwd, 'CHANGELOG.md'), changelog);
  const output = join(cwd, 'github-output');
  writeFileSync(output, '');
  const run = spawnSync(process.execPath, [TSX, SCRIPT, tag], {
    cwd,
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH,
      GITHUB_ACTIONS: 'true',
      GITHUB_OUTPUT: output,
      GITHUB_REPOSITORY: 'octo-org/infisical-revoke-token-action',
    },
  });
  return { ...run, output: readFileSync(output, 'utf8') };
}

/** GITHUB_OUTPUT read the way the runner reads it: name=value, or name<<DELIMITER … DELIMITER. */
function outputsOf(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const heredoc = /^([\w-]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2] as string, i + 1);
      outputs[heredoc[1] as string] = lines.slice(i + 1, end).join('\n');
      i = end;
    } else if (line.includes('=')) {
      outputs[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    }
  }
  return outputs;
}

describe('the release check', () => {
  test('a matching tag: the version, the major tag and the notes as outputs', () => {
    const run = check('v2.0.0');
    expect(run.status).toBe(0);
    expect(outputsOf(run.output)).toEqual({
      version: '2.0.0',
      major: 'v2',
      notes: `- A line.\nEOF_not_the_delimiter\n\n**Full changes**: https://github.com/octo-org/infisical-revoke-token-action/compare/v1.0.0...v2.0.0\n`,
    });
  });

  test('a tag of another version fails with an error annotation and writes no output', () => {
    const run = check('v2.0.1');
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      `::error::The tag "v2.0.1" does not match package.json's version 2.0.0`,
    );
    expect(run.output).toBe('');
  });

  test('an undated CHANGELOG section fails too, every problem named', () => {
    const run = check('v2.0.0', { changelog: CHANGELOG.replace(' - 2026-11-26', '') });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('::error::CHANGELOG.md line 3: the heading of 2.0.0 needs');
    expect(run.output).toBe('');
  });

  test('no tag at all', () => {
    const run = check('');
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('::error::The tag "" is not a release tag');
  });
});
