// The source document, for tests that check the seeds word for word against it. A copy lives in
// test/fixtures so the tests never depend on what sits beside the repository; where the shared
// original is present (../shared/seeds/… from the repository root), a test checks the copy is
// still identical to it.
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../../..');
export const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'source-document.txt');
export const SHARED_ORIGINAL = path.join(ROOT, '..', 'shared', 'seeds', '000_b9ea00aea3859656.txt');

export function sourceDocumentPath(): string {
  return FIXTURE;
}

export function readSourceDocument(): string {
  return fs.readFileSync(FIXTURE, 'utf8');
}

/** Whitespace and the dump's markdown/HTML formatting removed: for matching text across lines. */
export function flatten(s: string): string {
  return s
    .replace(/<[^>]+>/g, '')
    .replace(/\*\*/g, '')
    .replace(/\s+/g, '');
}
