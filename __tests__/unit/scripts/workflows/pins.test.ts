// The pinning rule for `uses:` in the workflows (scripts/workflows/pins.ts), which
// `npm run validate` applies to every workflow file.
import { describe, expect, test } from '@jest/globals';
import { pinProblem } from '../../../../scripts/workflows/pins.js';

const SHA = 'de0fac2e4500dabe0009e67214ff5f5447ce83dd';
const line = (uses: string, comment = '') => `      - uses: ${uses}${comment}`;

describe('a uses: of another repository', () => {
  test('by a full commit SHA with its version in a comment: pinned', () => {
    const uses = `actions/checkout@${SHA}`;
    expect(pinProblem(uses, line(uses, ' # v6.0.2'))).toBeUndefined();
    expect(pinProblem(uses, line(uses, '  #v6'))).toBeUndefined();
    const sub = `github/codeql-action/init@${SHA}`;
    expect(pinProblem(sub, line(sub, ' # v4.37.9'))).toBeUndefined();
  });

  test.each(['v6', 'v6.0.2', 'main', SHA.slice(0, 7), SHA.toUpperCase(), `${SHA}0`])(
    'by %j: refused, naming the ref',
    (ref) => {
      const uses = `actions/checkout@${ref}`;
      expect(pinProblem(uses, line(uses, ' # v6.0.2'))).toBe(
        `${uses} is pinned by "${ref}", which can move: pin it by a full commit SHA (@<40 hex> # vX.Y.Z)`,
      );
    },
  );

  test('with no @ at all: refused', () => {
    expect(pinProblem('actions/checkout', line('actions/checkout'))).toMatch(/names no version/);
  });

  test('a SHA without a version comment: refused', () => {
    const uses = `actions/checkout@${SHA}`;
    expect(pinProblem(uses, line(uses))).toMatch(/has no version comment/);
    expect(pinProblem(uses, line(uses, ' # pinned'))).toMatch(/has no version comment/);
  });

  test('a reusable workflow of another repository follows the same rule', () => {
    const uses = 'octo-org/workflows/.github/workflows/ci.yml@main';
    expect(pinProblem(uses, line(uses))).toMatch(/is pinned by "main", which can move/);
  });
});

describe('uses: that need no SHA', () => {
  test('this repository (./) is its own code', () => {
    expect(pinProblem('./', line('./'))).toBeUndefined();
    expect(pinProblem('./.github/workflows/ci.yml', '    uses: ./.github/workflows/ci.yml')).toBe(
      undefined,
    );
  });

  test('a Docker image pinned by digest; by tag it is refused', () => {
    const digest = `docker://alpine@sha256:${'a'.repeat(64)}`;
    expect(pinProblem(digest, line(digest))).toBeUndefined();
    expect(pinProblem('docker://alpine:3.20', line('docker://alpine:3.20'))).toMatch(
      /not pinned by digest/,
    );
  });
});
