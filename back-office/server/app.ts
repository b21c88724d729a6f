// One back-office instance: the kiosk API, the admin API and a health check on one HTTP port,
// and the job scheduler. Instances hold no state of their own: any number of them may serve the
// same PostgreSQL behind a reverse proxy.
import crypto from 'node:crypto';
import os from 'node:os';
import type { Logger } from '../../electron/services/logger';
import { createAdminApi } from './admin-api/admin-api';
import { createConsoleApi } from './console-api/console-api';
import { createConsoleStatic, defaultConsoleDir } from './console-api/console-static';
import { CONSOLE_API_BASE, CONSOLE_BASE } from './console-api/schemas';
import { ADMIN_API_BASE } from './admin-api/schemas';
import { isUnavailable, type Database } from './db/database';
import { listen, sendJson, sendPlain, type RunningServer } from './http/http';
import type { CenterRules } from './intake/center-rules';
import { JOBS } from './jobs/jobs';
import { createScheduler, type Scheduler } from './jobs/scheduler';
import { createKioskApi, KIOSK_API_BASE, RETRY_AFTER_SECONDS } from './kiosk-api/kiosk-api';
import { outboxGateway, type SmsGateway } from './notify/sms-gateway';

export interface BackOfficeOptions {
  db: Database;
  rules: CenterRules;
  log: Logger;
  port?: number;
  host?: string;
  /** Epoch ms; tests share a simulated clock with their kiosks. */
  now?: () => number;
  maxSkewSeconds?: number;
  /** Days heartbeats are kept. */
  heartbeatDays?: number;
  /** How often this instance looks for due jobs; false: never by itself (tests tick it). */
  jobTickMs?: number | false;
  /** This instance's name (jobs record who ran them). */
  instance?: string;
  /** Where applicants' messages go (default: kept in the outbox for the console). */
  gateway?: SmsGateway;
  /** The built console (default dist/console beside the bundle). */
  consoleDir?: string;
  /** Renders a report's page to PDF; null or absent: the console offers no PDF. */
  reportPdf?: ((html: string) => Promise<Buffer>) | null;
}

export interface RunningBackOffice {
  /** The service's base URL (http://host:port). */
  url: string;
  /** What a kiosk's `backOffice.endpoint` names: `<url>/kiosk-api`. */
  kioskEndpoint: string;
  instance: string;
  scheduler: Scheduler;
  inFlight(): number;
  /** Stops taking calls, finishes the ones in flight, stops the jobs (the database stays open). */
  close(): Promise<void>;
}

export async function startBackOffice(opts: BackOfficeOptions): Promise<RunningBackOffice> {
  const now = opts.now ?? (() => Date.now());
  const instance =
    opts.instance ?? `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString('hex')}`;
  const kioskApi = createKioskApi({
    db: opts.db,
    rules: opts.rules,
    log: opts.log,
    now,
    maxSkewSeconds: opts.maxSkewSeconds,
  });
  const adminApi = createAdminApi({ db: opts.db, log: opts.log, now, rules: opts.rules });
  const consoleApi = createConsoleApi({
    db: opts.db,
    rules: opts.rules,
    log: opts.log,
    now,
    reportPdf: opts.reportPdf ?? null,
  });
  const consoleStatic = createConsoleStatic(opts.consoleDir ?? defaultConsoleDir());
  const scheduler = createScheduler({
    db: opts.db,
    jobs: JOBS,
    log: opts.log,
    now: () => new Date(now()),
    context: {
      personalDataDays: opts.rules.personalDataDays,
      heartbeatDays: opts.heartbeatDays ?? 90,
      gateway: opts.gateway ?? outboxGateway(),
    },
    instance,
    tickMs: opts.jobTickMs === false ? undefined : opts.jobTickMs,
  });

  const server: RunningServer = await listen(
    async (req, res, url) => {
      if (url.pathname.startsWith(KIOSK_API_BASE)) return kioskApi(req, res, url);
      if (url.pathname.startsWith(ADMIN_API_BASE)) return adminApi(req, res, url);
      if (url.pathname.startsWith(CONSOLE_API_BASE)) return consoleApi(req, res, url);
      if (url.pathname.startsWith(CONSOLE_BASE)) return consoleStatic(req, res, url);
      if (url.pathname === '/console' || url.pathname === '/') {
        res.writeHead(302, { location: CONSOLE_BASE });
        res.end();
        return;
      }
      if (url.pathname === '/healthz' && (req.method === 'GET' || req.method === 'HEAD')) {
        try {
          await opts.db.query('SELECT 1');
          return sendJson(res, 200, { status: 'ok', database: opts.db.engine, instance });
        } catch (e) {
          if (!isUnavailable(e)) throw e;
          return sendJson(
            res,
            503,
            { status: 'database-unavailable', database: opts.db.engine },
            {
              'retry-after': String(RETRY_AFTER_SECONDS),
            },
          );
        }
      }
      sendPlain(res, 404, 'not found');
    },
    {
      port: opts.port ?? 0,
      host: opts.host ?? '127.0.0.1',
      onError: (e) => opts.log.error('http.unhandled', { message: (e as Error).message }),
    },
  );
  if (opts.jobTickMs !== false) scheduler.start();

  return {
    url: server.url,
    kioskEndpoint: `${server.url}${KIOSK_API_BASE.replace(/\/$/, '')}`,
    instance,
    scheduler,
    inFlight: server.inFlight,
    async close() {
      await server.close();
      await scheduler.stop();
    },
  };
}
