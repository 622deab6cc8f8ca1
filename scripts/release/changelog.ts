// Reading CHANGELOG.md for a release: one section per version, headed `## [X.Y.Z] - YYYY-MM-DD`,
// and one compare link per version at the bottom (`[X.Y.Z]: https://…/compare/vA...vX.Y.Z`). The
// release workflow turns a version's section into the GitHub release's notes, so a section that
// is missing, undated or linkless stops the release instead of publishing empty notes.

export interface Section {
  version: string;
  /** `YYYY-MM-DD`, or undefined when the heading has no date. */
  date: string | undefined;
  /** The section's text between its heading and the next one, trimmed. */
  body: string;
  /** The 1-based line of the heading, for messages. */
  line: number;
}

const HEADING = /^## \[?v?(\d+\.\d+\.\d+)\]?(?:\s+-\s+(\S+))?\s*$/;
const LINK = /^\[v?(\d+\.\d+\.\d+)\]:\s*(\S+)\s*$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Every version section, in the order of the file. */
export function sectionsOf(changelog: string): Section[] {
  const lines = changelog.split(/\r?\n/);
  const sections: Section[] = [];
  let open: { version: string; date: string | undefined; line: number; from: number } | undefined;
  const close = (to: number) => {
    if (!open) return;
    const body = lines
      .slice(open.from, to)
      .filter((l) => !LINK.test(l))
      .join('\n')
      .trim();
    sections.push({ version: open.version, date: open.date, body, line: open.line });
  };
  lines.forEach((text, i) => {
    if (!/^#{1,2} /.test(text)) return;
    close(i);
    const heading = HEADING.exec(text);
    open = heading
      ? { version: heading[1] as string, date: heading[2], line: i + 1, from: i + 1 }
      : undefined;
  });
  close(lines.length);
  return sections;
}

/** The link definitions at the bottom: version → URL. */
export function linksOf(changelog: string): Map<string, string> {
  const links = new Map<string, string>();
  for (const text of changelog.split(/\r?\n/)) {
    const link = LINK.exec(text);
    if (link) links.set(link[1] as string, link[2] as string);
  }
  return links;
}

/** What is wrong with the CHANGELOG's record of `version`: empty when nothing is. */
export function changelogProblems(changelog: string, version: string): string[] {
  const section = sectionsOf(changelog).find((s) => s.version === version);
  if (!section) {
    return [`CHANGELOG.md has no section "## [${version}] - YYYY-MM-DD".`];
  }
  const problems: string[] = [];
  if (!section.date || !DATE.test(section.date) || Number.isNaN(Date.parse(section.date))) {
    problems.push(
      `CHANGELOG.md line ${section.line}: the heading of ${version} needs its release date, "## [${version}] - YYYY-MM-DD".`,
    );
  }
  if (section.body === '') problems.push(`CHANGELOG.md line ${section.line}: ${version} is empty.`);
  if (!linksOf(changelog).has(version)) {
    problems.push(
      `CHANGELOG.md has no compare link "[${version}]: https://github.com/…/compare/…v${version}".`,
    );
  }
  return problems;
}

/**
 * The release notes of `version`: its section, and its compare link as the last line. Links to
 * `github.com/OWNER/…` (the CHANGELOG names no owner, like the README) point at `repository`
 * (`owner/name`, the workflow's GITHUB_REPOSITORY) when it is given.
 */
export function releaseNotes(changelog: string, version: string, repository?: string): string {
  const problems = changelogProblems(changelog, version);
  if (problems.length > 0) throw new Error(problems.join('\n'));
  const section = sectionsOf(changelog).find((s) => s.version === version) as Section;
  const link = linksOf(changelog).get(version) as string;
  const notes = `${section.body}\n\n**Full changes**: ${link}\n`;
  return repository
    ? notes.replaceAll(
        /https:\/\/github\.com\/OWNER\/infisical-revoke-token-action\b/g,
        `https://github.com/${repository}`,
      )
    : notes;
}
