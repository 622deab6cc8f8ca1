// The rule for `uses:` in this repository's workflows: an action from another repository runs the
// code of the commit it names, so it must name a full 40-hex commit SHA (a tag or branch can be
// moved under us), with the version it stands for in a comment (`@<sha> # v6.0.2`) so that
// reviewers and Dependabot can read it. Local actions (`./…`) are this repository's own code;
// a Docker image must be pinned by its digest.

const SHA = /^[0-9a-f]{40}$/;
const VERSION_COMMENT = /#\s*v?\d+(\.\d+)*\b/;

/** What is wrong with one `uses:` value, given the text of its line: undefined when nothing is. */
export function pinProblem(uses: string, line: string): string | undefined {
  if (uses.startsWith('./')) return undefined;
  if (uses.startsWith('docker://')) {
    return /@sha256:[0-9a-f]{64}$/.test(uses)
      ? undefined
      : `${uses} is not pinned by digest (docker://image@sha256:<64 hex>)`;
  }
  const at = uses.lastIndexOf('@');
  if (at <= 0) return `${uses} names no version: pin it by a full commit SHA (@<40 hex> # vX.Y.Z)`;
  const ref = uses.slice(at + 1);
  if (!SHA.test(ref)) {
    return `${uses} is pinned by "${ref}", which can move: pin it by a full commit SHA (@<40 hex> # vX.Y.Z)`;
  }
  const comment = line.slice(line.indexOf(ref) + ref.length);
  if (!VERSION_COMMENT.test(comment)) {
    return `${uses} has no version comment: write the release it stands for after it (# vX.Y.Z)`;
  }
  return undefined;
}
