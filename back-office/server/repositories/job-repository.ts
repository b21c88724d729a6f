// Periodic jobs shared by every instance, claimed with row locks.
import { iso, isoOrNull, type Sql } from '../db/database';

/** Makes sure each job has its row, with the period this version of the code runs it at. */
export async function ensureJobs(
  sql: Sql,
  jobs: readonly { name: string; everySeconds: number }[],
  now: string,
): Promise<void> {
  for (const j of jobs)
    await sql.query(
      `INSERT INTO jobs (name, every_seconds, next_run_at) VALUES ($1, $2, $3)
       ON CONFLICT (name) DO UPDATE SET every_seconds = EXCLUDED.every_seconds`,
      [j.name, j.everySeconds, now],
    );
}

/**
 * Claims one due job: its row stays locked until the transaction ends, and other instances skip
 * it (SKIP LOCKED) instead of waiting, then find it no longer due.
 */
export async function claimDueJob(
  sql: Sql,
  now: string,
  names: readonly string[],
): Promise<{ name: string; everySeconds: number } | null> {
  const r = await sql.query<{ name: string; every_seconds: number }>(
    `SELECT name, every_seconds FROM jobs WHERE next_run_at <= $1 AND name = ANY ($2::text[])
     ORDER BY next_run_at LIMIT 1 FOR UPDATE SKIP LOCKED`,
    [now, names],
  );
  const row = r.rows[0];
  return row ? { name: row.name, everySeconds: row.every_seconds } : null;
}

export async function finishJob(
  sql: Sql,
  name: string,
  now: string,
  nextRunAt: string,
  instance: string,
  error: string | null,
): Promise<void> {
  await sql.query(
    `UPDATE jobs SET next_run_at = $3, last_run_at = $2, last_instance = $4, last_error = $5,
       runs = runs + CASE WHEN $5::text IS NULL THEN 1 ELSE 0 END
     WHERE name = $1`,
    [name, now, nextRunAt, instance, error],
  );
}

export interface JobView {
  name: string;
  everySeconds: number;
  nextRunAt: string;
  lastRunAt: string | null;
  lastInstance: string | null;
  lastError: string | null;
  runs: number;
}

export async function listJobs(sql: Sql): Promise<JobView[]> {
  const r = await sql.query<{
    name: string;
    every_seconds: number;
    next_run_at: Date;
    last_run_at: Date | null;
    last_instance: string | null;
    last_error: string | null;
    runs: number;
  }>('SELECT * FROM jobs ORDER BY name');
  return r.rows.map((x) => ({
    name: x.name,
    everySeconds: x.every_seconds,
    nextRunAt: iso(x.next_run_at),
    lastRunAt: isoOrNull(x.last_run_at),
    lastInstance: x.last_instance,
    lastError: x.last_error,
    runs: x.runs,
  }));
}
