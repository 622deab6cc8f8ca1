// The tag a release is pushed as: `vX.Y.Z`, naming exactly package.json's version (the version the
// action's User-Agent reports), and the major tag `vX` that the release moves.

const RELEASE_TAG = /^v(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;

/** What is wrong with releasing `tag` from a package.json at `version`: empty when nothing is. */
export function tagProblems(tag: string, version: string): string[] {
  const shown = JSON.stringify(tag.slice(0, 40));
  if (!RELEASE_TAG.test(tag)) {
    return [`The tag ${shown} is not a release tag: expected vX.Y.Z, such as v${version}.`];
  }
  if (tag !== `v${version}`) {
    return [
      `The tag ${shown} does not match package.json's version ${version}: tag v${version}, or change the version first.`,
    ];
  }
  return [];
}

/** `v3` for `v3.1.4`: the tag that users of the major version follow. */
export function majorTagOf(tag: string): string {
  const match = RELEASE_TAG.exec(tag);
  if (!match) throw new Error(`Not a release tag: ${JSON.stringify(tag.slice(0, 40))}`);
  return `v${match[1]}`;
}
