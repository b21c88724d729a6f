// A kiosk's disk, in memory: the database's real journal and snapshot code runs, and its bytes
// land here instead of in files. For benchmarks that run many kiosks (or many writes) on this one
// machine, where opening, appending and closing real files would measure the host's file system
// rather than the kiosk's own CPU.
import path from 'node:path';
import type { StorageFs } from '../../electron/services/storage/storage-fs';

export function memoryFs(): StorageFs {
  const files = new Map<string, Uint8Array[]>();
  const missing = (file: string) =>
    Object.assign(new Error(`ENOENT: ${file}`), { code: 'ENOENT' }) as NodeJS.ErrnoException;
  const whole = (chunks: Uint8Array[]) => Buffer.concat(chunks);
  return {
    async mkdir() {},
    async readdir(dir) {
      const prefix = dir.endsWith(path.sep) ? dir : dir + path.sep;
      return [...files.keys()]
        .filter((f) => f.startsWith(prefix) && !f.slice(prefix.length).includes(path.sep))
        .map((f) => f.slice(prefix.length));
    },
    async readFile(file) {
      const c = files.get(file);
      if (!c) throw missing(file);
      return whole(c);
    },
    async writeFileSynced(file, bytes) {
      files.set(file, [Uint8Array.from(bytes)]);
    },
    async appendSynced(file, bytes) {
      const c = files.get(file) ?? [];
      c.push(Uint8Array.from(bytes));
      files.set(file, c);
    },
    async truncateSynced(file, size) {
      const c = files.get(file);
      if (!c) throw missing(file);
      files.set(file, [whole(c).subarray(0, size)]);
    },
    async rename(from, to) {
      const c = files.get(from);
      if (!c) throw missing(from);
      files.delete(from);
      files.set(to, c);
    },
    async fsyncDir() {},
    async unlink(file) {
      if (!files.delete(file)) throw missing(file);
    },
    async freeBytes() {
      return 64 * 1024 ** 3;
    },
  };
}
