// `npm run release:check -- vX.Y.Z` (the release workflow's first step, and a preview before
// tagging): the tag must name package.json's version, and CHANGELOG.md must have that version's
// dated section and compare link. On success it prints the release notes; in a workflow it also
// writes the outputs `version`, `major` and `notes` to $GITHUB_OUTPUT. The dist/ check is
// `npm run check:dist` after `npm run bundle`, as in CI.
import { randomUUID } from 'node:crypto';
import { appendFileSync, readFileSync } from 'node:fs';
import { changelogProblems, releaseNotes } from './changelog.js';
import { majorTagOf, tagProblems } from './tag.js';

const tag = process.argv[2] ?? '';
const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
const changelog = readFileSync('CHANGELOG.md', 'utf8');

const problems = [...tagProblems(tag, version), ...changelogProblems(changelog, version)];
if (problems.length > 0) {
  const annotate = process.env.GITHUB_ACTIONS === 'true' ? '::error::' : '';
  for (const problem of problems) console.error(`${annotate}${problem}`);
  process.exit(1);
}

const notes = releaseNotes(changelog, version, process.env.GITHUB_REPOSITORY);
const major = majorTagOf(tag);
console.log(`Release ${tag} (moves ${major}). Notes:\n\n${notes}`);

const output = process.env.GITHUB_OUTPUT;
if (output) {
  // A delimiter the notes cannot contain, so that no line of the CHANGELOG can end the value early.
  const end = `EOF_${randomUUID()}`;
  appendFileSync(
    output,
    `version=${version}\nmajor=${major}\nnotes<<${end}\n${notes}\n${end}\n`,
    'utf8',
  );
}
