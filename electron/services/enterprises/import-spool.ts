// `kioskctl enterprises import` runs in its own process while the kiosk may be running on the
// same data directory, and the kiosk owns its database (it keeps it in memory and writes whole
// generations: a second writer would be silently overwritten). So the CLI validates the file and
// leaves the valid profiles here; the kiosk applies each file in one transaction (at start and
// every 30 s) and deletes it. Written atomically: the kiosk never sees half a file.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { ImportedProfile } from '../../domain/enterprise-import';
import { wireProfileSchema } from '../../protocol/profiles-wire';

const ID = /^[0-9]{13}-[0-9a-f]{8}\.json$/;
export const IMPORT_SPOOL_SCHEMA = 'deqing.enterprise-import/1';

const spoolFileSchema = z.strictObject({
  schema: z.literal(IMPORT_SPOOL_SCHEMA),
  createdAt: z.string(),
  source: z.string().max(500),
  profiles: z.array(wireProfileSchema.omit({ updatedAt: true })),
});

export function importSpoolDir(dataRoot: string): string {
  return path.join(dataRoot, 'enterprises', 'imports');
}

/** Leaves validated profiles for the kiosk; returns the file written. */
export function spoolImport(
  dataRoot: string,
  source: string,
  profiles: readonly ImportedProfile[],
  now = new Date(),
): string {
  const dir = importSpoolDir(dataRoot);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  // Named by time first: the kiosk applies files in the order they were made.
  const name = `${String(now.getTime()).padStart(13, '0')}-${crypto.randomBytes(4).toString('hex')}.json`;
  const tmp = path.join(dir, `.${name}.${process.pid}.tmp`);
  const body = { schema: IMPORT_SPOOL_SCHEMA, createdAt: now.toISOString(), source, profiles };
  const fd = fs.openSync(tmp, 'w', 0o600);
  try {
    fs.writeFileSync(fd, JSON.stringify(body));
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, path.join(dir, name));
  return path.join(dir, name);
}

/** Files waiting, oldest first. */
export function pendingImports(dataRoot: string): string[] {
  try {
    return fs
      .readdirSync(importSpoolDir(dataRoot))
      .filter((n) => ID.test(n))
      .sort();
  } catch {
    return [];
  }
}

/** A spooled import, checked again (the directory is the kiosk user's, but a file may be damaged). */
export function readImport(
  dataRoot: string,
  id: string,
): { profiles: ImportedProfile[]; source: string } | null {
  try {
    const doc: unknown = JSON.parse(
      fs.readFileSync(path.join(importSpoolDir(dataRoot), id), 'utf8'),
    );
    const parsed = spoolFileSchema.safeParse(doc);
    return parsed.success
      ? { profiles: parsed.data.profiles as ImportedProfile[], source: parsed.data.source }
      : null;
  } catch {
    return null;
  }
}

export function clearImport(dataRoot: string, id: string): void {
  try {
    fs.unlinkSync(path.join(importSpoolDir(dataRoot), id));
  } catch {
    // Already gone.
  }
}
