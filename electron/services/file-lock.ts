// A lock file for read-modify-write of the small files `kioskctl` shares with a running kiosk
// (staff-pins.json, config.json). The kiosk's database is never written by a second process
// (commands read a snapshot; `sync retry` drops a spool file), but these files are: two writers
// that both read, change and rename would lose one change. The lock is a file created with O_EXCL
// holding the owner's pid; one older than STALE_MS (a writer that died) is taken over.
import fs from 'node:fs';

const STALE_MS = 30_000;
const WAIT_MS = 5_000;
const pause = new Int32Array(new SharedArrayBuffer(4));

export class FileLockTimeout extends Error {
  constructor(readonly lock: string) {
    super(`${lock} is held by another kioskctl or the kiosk; try again in a moment`);
    this.name = 'FileLockTimeout';
  }
}

/** Runs `fn` holding `<file>.lock`. Synchronous: the writes it guards take milliseconds. */
export function withFileLock<T>(file: string, fn: () => T): T {
  const lock = `${file}.lock`;
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    try {
      const fd = fs.openSync(lock, 'wx', 0o600);
      fs.writeSync(fd, `${process.pid}\n`);
      fs.closeSync(fd);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      try {
        if (Date.now() - fs.statSync(lock).mtimeMs > STALE_MS) {
          fs.unlinkSync(lock);
          continue;
        }
      } catch {
        continue; // Released meanwhile.
      }
      if (Date.now() > deadline) throw new FileLockTimeout(lock);
      Atomics.wait(pause, 0, 0, 25);
    }
  }
  try {
    return fn();
  } finally {
    fs.rmSync(lock, { force: true });
  }
}

/** Writes `text` to `file` atomically (unique temp file, then rename), readable by its owner only. */
export function replaceFile(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text, { mode: 0o600 });
  fs.renameSync(tmp, file);
  fs.chmodSync(file, 0o600);
}
