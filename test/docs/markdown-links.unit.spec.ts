import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { brokenLink, markdownLinks } from '../support/markdown-links';

const REPO_ROOT = resolve(__dirname, '..', '..');

/** The Markdown files the repository holds (git's list: what a clone gets). */
function markdownFiles(): string[] {
  return execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '*.md'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  })
    .split('\n')
    .filter((path) => path !== '' && !path.startsWith('node_modules/'))
    .map((path) => join(REPO_ROOT, path));
}

describe('Markdown links', () => {
  it('should find the README and the docs', () => {
    const files = markdownFiles().map((file) => file.slice(REPO_ROOT.length + 1));
    expect(files).toEqual(expect.arrayContaining(['README.md', 'docs/operations.md']));
  });

  it('should lead only to files and headings inside the repository', () => {
    const broken = markdownFiles().flatMap((file) =>
      markdownLinks(file)
        // A changelog links its own format's definition, as Keep a Changelog asks.
        .filter((link) => !(file.endsWith('CHANGELOG.md') && link.startsWith('https://keepachangelog.com/')))
        .map((link) => brokenLink(link, file))
        .filter((problem): problem is string => problem !== null)
        .map((problem) => `${file.slice(REPO_ROOT.length + 1)}: ${problem}`),
    );

    expect(broken).toEqual([]);
  });

  it('should report a link out of the repository, to a missing file, or to a missing heading', () => {
    const readme = join(REPO_ROOT, 'README.md');

    expect(brokenLink('https://example.com/', readme)).toMatch(/leaves the repository/);
    expect(brokenLink('../outside.md', readme)).toMatch(/no such file/);
    expect(brokenLink('docs/nothing-here.md', readme)).toMatch(/no such file/);
    expect(brokenLink('#no-such-heading', readme)).toMatch(/no heading/);
    expect(brokenLink('#the-platform-quota', readme)).toBeNull();
  });
});
