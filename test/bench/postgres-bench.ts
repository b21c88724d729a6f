// What the back office's benchmarks share: a database of their own on a PostgreSQL server (made
// for the run, dropped after it), and the CPU a process has used, to split a run's cost between
// the service and PostgreSQL's backends.
import crypto from 'node:crypto';
import fs from 'node:fs';
import pg from 'pg';

export interface BenchDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A new, empty database on the server at `serverUrl`, named `bo_<purpose>_<random>`. */
export async function freshDatabase(serverUrl: string, purpose: string): Promise<BenchDatabase> {
  const name = `bo_${purpose}_${crypto.randomBytes(5).toString('hex')}`;
  const admin = async (sql: string) => {
    const c = new pg.Client({ connectionString: serverUrl });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return { url: u.href, drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/** CPU seconds a process has used (Linux /proc), or NaN where it cannot be read. */
export function cpuSeconds(pid: number | undefined): number {
  try {
    const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return NaN;
  }
}
