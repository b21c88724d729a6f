// The content bundle in force lives in <data>/content/bundle.json: the signed file exactly as it
// was received, written whole (temp file, fsync, rename, fsync of the directory), so a crash
// leaves either the previous bundle or the new one, never a mix of catalog, calendar and config
// from two versions. It is verified again each time it is read (a key removed from
// content.publicKeys withdraws its bundles). <data>/content/status.json keeps what happened last
// (applied, refused) for guide mode, kioskctl and the heartbeat. kioskctl and the kiosk both
// write here, under the bundle file's lock.
import fs from 'node:fs';
import path from 'node:path';
import { writeFileDurably } from '../durable-file';
import type { ContentRefusalReason } from './content-check';

export interface ContentRefusalRecord {
  version: number | null;
  reason: ContentRefusalReason;
  message: string;
  at: string;
  /** Where it came from: `back-office`, `kioskctl`, or `stored` (the bundle in force, re-read). */
  source: string;
}

export interface ContentStatusFile {
  applied: { version: number; at: string; source: string } | null;
  lastRefusal: ContentRefusalRecord | null;
}

export const bundleFile = (dir: string) => path.join(dir, 'bundle.json');
const statusFile = (dir: string) => path.join(dir, 'status.json');

/** The stored bundle's text, or null when none has been applied. */
export function readStoredBundle(dir: string): string | null {
  try {
    return fs.readFileSync(bundleFile(dir), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

export function writeStoredBundle(dir: string, text: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileDurably(bundleFile(dir), text, 0o600);
}

export function readContentStatus(dir: string): ContentStatusFile {
  try {
    const raw = JSON.parse(fs.readFileSync(statusFile(dir), 'utf8')) as Partial<ContentStatusFile>;
    return { applied: raw.applied ?? null, lastRefusal: raw.lastRefusal ?? null };
  } catch {
    return { applied: null, lastRefusal: null };
  }
}

export function writeContentStatus(dir: string, status: ContentStatusFile): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileDurably(statusFile(dir), JSON.stringify(status, null, 2) + '\n', 0o600);
}
