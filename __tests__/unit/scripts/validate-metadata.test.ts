// `npm run validate` (scripts/validate-metadata.ts) as its own process, in a folder holding the
// project's action.yml and the workflows of each case: it fails every workflow GitHub's parser
// refuses, or that uses an action by tag, or whose job has no permissions or timeout of its own.
import { afterEach, describe, expect, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = (path: string) => fileURLToPath(new URL(`../../../${path}`, import.meta.url));
const SCRIPT = root('scripts/validate-metadata.ts');
const TSX = root('node_modules/tsx/dist/cli.mjs');
const CHECKOUT = 'actions/checkout@de0fac2e4500dabe0009e67214ff5f5447ce83dd # v6.0.2';

const workflow = ({ uses = CHECKOUT, job = 'permissions:\n      contents: read' } = {}) => `on: push
permissions: {}
jobs:
  build:
    runs-on: ubuntu-latest
    timeout-minutes: 5
    ${job}
    steps:
      - uses: ${uses}
      - run: echo hi
`;

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function validate(workflows: Record<string, string>) {
  const cwd = mkdtempSync(join(tmpdir(), 'validate-'));
  folders.push(cwd);
  copyFileSync(root('action.yml'), join(cwd, 'action.yml'));
  mkdirSync(join(cwd, '.github/workflows'), { recursive: true });
  for (const [name, text] of Object.entries(workflows)) {
    writeFileSync(join(cwd, '.github/workflows', name), text);
  }
  return spawnSync(process.execPath, [TSX, SCRIPT], { cwd, encoding: 'utf8' });
}

describe('npm run validate', () => {
  test('passes pinned workflows, each named', () => {
    const run = validate({ 'a.yml': workflow(), 'b.yaml': workflow() });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('.github/workflows/a.yml: valid');
    expect(run.stdout).toContain('.github/workflows/b.yaml: valid');
  });

  test('fails an action used by tag, naming the file and line, even beside a valid workflow', () => {
    const run = validate({
      'a.yml': workflow(),
      'b.yml': workflow({ uses: 'actions/checkout@v6' }),
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      '.github/workflows/b.yml:10: actions/checkout@v6 is pinned by "v6", which can move',
    );
  });

  test('fails a workflow that GitHub would refuse', () => {
    const run = validate({ 'a.yml': workflow().replace('runs-on', 'runs-onn') });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^\.github\/workflows\/a\.yml: .*runs-onn/m);
  });

  test('fails a job without permissions of its own', () => {
    const run = validate({ 'a.yml': workflow({ job: '' }) });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('job build has no permissions: of its own');
  });

  test('fails when there is no workflow at all', () => {
    const run = validate({});
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('.github/workflows: no workflow found');
  });
});
