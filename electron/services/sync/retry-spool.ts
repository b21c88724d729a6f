// `kioskctl sync retry <id>` runs in its own process while the kiosk may be running on the same
// data directory. The kiosk keeps its database in memory and writes whole generations, so a
// second writer would be silently overwritten. The CLI therefore never writes the database: it
// drops a marker file here, and the kiosk's sync service applies it (at start, and before every
// delivery round). The file name is the id; nothing else is in it.
import fs from 'node:fs';
import path from 'node:path';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function retrySpoolDir(dataRoot: string): string {
  return path.join(dataRoot, 'sync', 'retry');
}

/** Leaves a retry request for the kiosk. Atomic: the kiosk never sees a half-written file. */
export function requestRetry(dataRoot: string, id: string): string {
  if (!UUID.test(id)) throw new Error('not a submission id');
  const dir = retrySpoolDir(dataRoot);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, id);
  const tmp = path.join(dir, `.${id}.${process.pid}.tmp`);
  fs.writeFileSync(tmp, '', { mode: 0o600 });
  fs.renameSync(tmp, file);
  return file;
}

/** Ids waiting to be retried. */
export function pendingRetries(dataRoot: string): string[] {
  try {
    return fs.readdirSync(retrySpoolDir(dataRoot)).filter((n) => UUID.test(n));
  } catch {
    return [];
  }
}

export function clearRetry(dataRoot: string, id: string): void {
  try {
    fs.unlinkSync(path.join(retrySpoolDir(dataRoot), id));
  } catch {
    // Already gone.
  }
}
