import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

const REPO_ROOT = resolve(__dirname, '..', '..');

/** GitHub's anchor of each heading of a Markdown file. */
export function headingSlugs(markdownPath: string): Set<string> {
  const text = readFileSync(markdownPath, 'utf8').replace(/^```[\s\S]*?^```/gm, '');
  const headings = text.match(/^#{1,6} .+$/gm) ?? [];
  return new Set(
    headings.map((heading) =>
      heading
        .replace(/^#+ /, '')
        .trim()
        .toLowerCase()
        .replace(/[^\p{L}\p{N} _-]/gu, '')
        .replace(/ /g, '-'),
    ),
  );
}

/** The targets of a Markdown file's inline links, code blocks and spans left out. */
export function markdownLinks(markdownPath: string): string[] {
  const text = readFileSync(markdownPath, 'utf8')
    .replace(/^```[\s\S]*?^```/gm, '')
    .replace(/`[^`\n]*`/g, '');
  return [...text.matchAll(/\]\(([^)\s]+)(?: "[^"]*")?\)/g)].map((match) => match[1]);
}

/** Why a link of the Markdown file `fromFile` leads nowhere in the repository, or null when it resolves. */
export function brokenLink(link: string, fromFile: string): string | null {
  if (/^[a-z]+:/i.test(link)) {
    return `${link} leaves the repository`;
  }
  const [path, anchor] = link.split('#');
  const file = path === '' ? fromFile : resolve(dirname(fromFile), path);
  if (!file.startsWith(REPO_ROOT) || !existsSync(file)) {
    return `${link}: no such file in the repository`;
  }
  if (anchor !== undefined && anchor !== '' && statSync(file).isFile() && file.endsWith('.md')) {
    if (!headingSlugs(file).has(anchor)) {
      return `${link}: no heading #${anchor}`;
    }
  }
  return null;
}
