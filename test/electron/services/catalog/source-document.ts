// The source document, for tests that check the seeds word for word against it. It lives beside
// the repository (../shared/seeds/… from the repo root, present in CI); from a git worktree it is
// found by walking up the parent directories.
import fs from 'node:fs';
import path from 'node:path';

const REL = path.join('shared', 'seeds', '000_b9ea00aea3859656.txt');

export function sourceDocumentPath(): string {
  const root = path.resolve(__dirname, '../../../..');
  let dir = path.dirname(root);
  for (let i = 0; i < 4; i++) {
    const candidate = path.join(dir, REL);
    if (fs.existsSync(candidate)) return candidate;
    dir = path.dirname(dir);
  }
  throw new Error(`source document not found: looked for ../${REL} above ${root}`);
}

export function readSourceDocument(): string {
  return fs.readFileSync(sourceDocumentPath(), 'utf8');
}

/** Whitespace and the dump's markdown/HTML formatting removed: for matching text across lines. */
export function flatten(s: string): string {
  return s
    .replace(/<[^>]+>/g, '')
    .replace(/\*\*/g, '')
    .replace(/\s+/g, '');
}
