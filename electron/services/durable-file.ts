// Writing a small file so that a crash or power loss leaves either the old file or the new one,
// whole: a temp file beside it (its own name, so two writers never share one), fsync, rename over
// the file, fsync of the directory (the rename itself must reach the disk).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export function writeFileDurably(file: string, data: string | Uint8Array, mode = 0o600): void {
  const dir = path.dirname(file);
  const tmp = path.join(
    dir,
    `.${path.basename(file)}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`,
  );
  const fd = fs.openSync(tmp, 'wx', mode);
  try {
    fs.writeFileSync(fd, data);
    fs.fsyncSync(fd);
  } catch (e) {
    fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    throw e;
  }
  fs.closeSync(fd);
  try {
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
  // The mode of an existing file is not changed by rename over it; a new file gets `mode`.
  fs.chmodSync(file, mode);
  syncDir(dir);
}

function syncDir(dir: string): void {
  // Directories cannot be opened for fsync on Windows; there the rename is as durable as it gets.
  if (process.platform === 'win32') return;
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
