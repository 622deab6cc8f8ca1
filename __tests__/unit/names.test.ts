// The names the code knows the action's inputs and outputs by (src/names.ts) are those of
// action.yml: the same set, none missing, none extra.
import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { INPUT_NAMES, OUTPUT_NAMES } from '../../src/names.js';

interface ActionYml {
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
}

const actionYml = parse(
  readFileSync(new URL('../../action.yml', import.meta.url), 'utf8'),
) as ActionYml;
const sorted = (names: Iterable<string>) => [...names].sort();

describe('src/names.ts is action.yml', () => {
  test('INPUT_NAMES are the inputs of action.yml, each once', () => {
    expect(new Set(INPUT_NAMES).size).toBe(INPUT_NAMES.length);
    expect(sorted(INPUT_NAMES)).toEqual(sorted(Object.keys(actionYml.inputs)));
  });

  test('OUTPUT_NAMES are the outputs of action.yml, each once', () => {
    expect(new Set(OUTPUT_NAMES).size).toBe(OUTPUT_NAMES.length);
    expect(sorted(OUTPUT_NAMES)).toEqual(sorted(Object.keys(actionYml.outputs)));
  });
});
