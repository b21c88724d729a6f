// The file operations the database needs, behind an interface so tests can make the disk fail
// (full, read-only) at an exact step.
import fs from 'node:fs/promises';
import path from 'node:path';

export interface StorageFs {
  mkdir(dir: string): Promise<void>;
  readdir(dir: string): Promise<string[]>;
  readFile(file: string): Promise<Uint8Array>;
  /** Writes the whole file and fsyncs it before resolving. */
  writeFileSynced(file: string, bytes: Uint8Array): Promise<void>;
  /** Appends to the end of the file and fsyncs its data before resolving. */
  appendSynced(file: string, bytes: Uint8Array): Promise<void>;
  /** Cuts the file to `size` bytes and fsyncs it. */
  truncateSynced(file: string, size: number): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  /** Makes a rename in `dir` durable. */
  fsyncDir(dir: string): Promise<void>;
  unlink(file: string): Promise<void>;
  /** Bytes available to the kiosk's user on the file system holding `dir`. */
  freeBytes(dir: string): Promise<number>;
}

export const nodeStorageFs: StorageFs = {
  mkdir: async (dir) => {
    await fs.mkdir(dir, { recursive: true });
  },
  readdir: (dir) => fs.readdir(dir),
  readFile: (file) => fs.readFile(file),
  async writeFileSynced(file, bytes) {
    const fh = await fs.open(file, 'w', 0o600);
    try {
      await fh.writeFile(bytes);
      await fh.sync();
    } finally {
      await fh.close();
    }
  },
  async appendSynced(file, bytes) {
    const fh = await fs.open(file, 'a', 0o600);
    try {
      await fh.writeFile(bytes);
      await fh.datasync();
    } finally {
      await fh.close();
    }
  },
  async truncateSynced(file, size) {
    const fh = await fs.open(file, 'r+');
    try {
      await fh.truncate(size);
      await fh.sync();
    } finally {
      await fh.close();
    }
  },
  rename: (from, to) => fs.rename(from, to),
  async fsyncDir(dir) {
    const fh = await fs.open(dir, 'r');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  },
  unlink: (file) => fs.unlink(file),
  async freeBytes(dir) {
    const st = await fs.statfs(dir);
    return st.bavail * st.bsize;
  },
};

/**
 * Writes `bytes` as `name` in `dir` whole or not at all: a temp file, fsync, rename over the name,
 * fsync of the directory (the rename must reach the disk too). A failed write leaves no temp file.
 */
export async function replaceFileWhole(
  fsx: StorageFs,
  dir: string,
  name: string,
  bytes: Uint8Array,
): Promise<void> {
  const final = path.join(dir, name);
  const tmp = `${final}.tmp`;
  try {
    await fsx.writeFileSynced(tmp, bytes);
    await fsx.rename(tmp, final);
    await fsx.fsyncDir(dir);
  } catch (e) {
    await fsx.unlink(tmp).catch(() => undefined);
    throw e;
  }
}
