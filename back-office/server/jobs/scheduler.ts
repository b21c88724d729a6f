// Runs the due jobs of JOBS from every instance: each tick claims one due job at a time with
// FOR UPDATE SKIP LOCKED, so a job runs once per period whatever the number of instances, and an
// instance that dies mid-job releases it (its transaction rolls back) for the next one.
import type { Logger } from '../../../electron/services/logger';
import { isUnavailable, type Database } from '../db/database';
import { claimDueJob, ensureJobs, finishJob } from '../repositories/job-repository';
import type { Job, JobContext } from './jobs';

export interface SchedulerOptions {
  db: Database;
  jobs: readonly Job[];
  log: Logger;
  now: () => Date;
  context: Omit<JobContext, 'now'>;
  /** This instance's name in `jobs.last_instance`. */
  instance: string;
  tickMs?: number;
}

export interface Scheduler {
  /** Runs every job that is due now, one claim at a time; returns the names run here. */
  tick(): Promise<string[]>;
  start(): void;
  stop(): Promise<void>;
}

export function createScheduler(opts: SchedulerOptions): Scheduler {
  const byName = new Map(opts.jobs.map((j) => [j.name, j]));
  const names = [...byName.keys()];
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  let ensured = false;

  async function runOne(): Promise<string | null> {
    const now = opts.now();
    const at = now.toISOString();
    let failed: { name: string; everySeconds: number; message: string } | null = null;
    const ran = await opts.db.transaction(async (tx) => {
      const due = await claimDueJob(tx, at, names);
      if (!due) return null;
      const job = byName.get(due.name) as Job;
      const next = new Date(now.getTime() + due.everySeconds * 1000).toISOString();
      try {
        // A savepoint, so a failing job still lets this transaction record the failure.
        await tx.exec('SAVEPOINT job');
        const count = await job.run(tx, { ...opts.context, now });
        await tx.exec('RELEASE SAVEPOINT job');
        await finishJob(tx, due.name, at, next, opts.instance, null);
        if (count > 0) opts.log.info('job.ran', { job: due.name, count });
      } catch (e) {
        if (isUnavailable(e)) throw e;
        await tx.exec('ROLLBACK TO SAVEPOINT job');
        failed = { ...due, message: (e as Error).message.slice(0, 300) };
        await finishJob(tx, due.name, at, next, opts.instance, failed.message);
      }
      return due.name;
    });
    if (failed) opts.log.error('job.failed', failed);
    return ran;
  }

  async function tick(): Promise<string[]> {
    if (!ensured) {
      await ensureJobs(
        opts.db,
        opts.jobs.map((j) => ({ name: j.name, everySeconds: j.everySeconds })),
        opts.now().toISOString(),
      );
      ensured = true;
    }
    const ran: string[] = [];
    for (let i = 0; i < names.length && !stopped; i++) {
      const name = await runOne();
      if (!name) break;
      ran.push(name);
    }
    return ran;
  }

  const schedule = () => {
    if (stopped) return;
    // Jitter, so instances started together do not tick in step.
    const ms = (opts.tickMs ?? 15_000) * (0.75 + Math.random() * 0.5);
    timer = setTimeout(() => {
      running = tick()
        .catch((e: unknown) =>
          opts.log.warn(isUnavailable(e) ? 'job.database_unavailable' : 'job.tick_failed', {
            message: (e as Error).message,
          }),
        )
        .finally(schedule);
    }, ms);
    timer.unref();
  };

  return {
    tick,
    start: schedule,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
