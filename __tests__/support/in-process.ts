// Runs the step's own entry (src/main.ts `run`) inside the test process, as the bundle would, with
// the runner's variables and files. For property tests, which need thousands of runs: the same
// code as dist/, without a process start per run.
import { jest } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run, type Phase } from '../../src/main.js';

export interface InProcessResult {
  code: number;
  stdout: string;
  everything: string;
}

// One set of files for every run: @actions/core's summary remembers the path it first opened.
const dir = mkdtempSync(join(tmpdir(), 'inproc-'));
const files = {
  GITHUB_OUTPUT: join(dir, 'o'),
  GITHUB_STATE: join(dir, 's'),
  GITHUB_STEP_SUMMARY: join(dir, 'm'),
};
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

export async function runInProcess(
  inputs: Record<string, string>,
  phase: Phase = 'main',
): Promise<InProcessResult> {
  for (const file of Object.values(files)) writeFileSync(file, '');
  const env = {
    ...files,
    ...Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v])),
  };
  const saved = { ...process.env };
  Object.assign(process.env, env);
  let stdout = '';
  const spy = jest
    .spyOn(process.stdout, 'write')
    .mockImplementation((chunk: string | Uint8Array) => {
      stdout += String(chunk);
      return true;
    });
  process.exitCode = 0;
  try {
    await run(phase);
  } finally {
    spy.mockRestore();
    for (const key of Object.keys(env)) delete process.env[key];
    Object.assign(process.env, saved);
  }
  const code = Number(process.exitCode ?? 0);
  process.exitCode = 0;
  const everything = [stdout, ...Object.values(files).map((f) => readFileSync(f, 'utf8'))].join(
    '\n',
  );
  return { code, stdout, everything };
}
