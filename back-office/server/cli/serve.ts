// `back-office serve`: one instance of the service in the foreground. Prints BACK_OFFICE_URL
// when it takes calls (and ADMIN_TOKEN before it, on the first start of an empty database);
// Ctrl-C or SIGTERM finish the calls in flight, close the database and exit.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createLogger } from '../../../electron/services/logger';
import { startBackOffice } from '../app';
import { describeLocation, openDatabase, prepareDatabase, type DatabaseLocation } from '../db/open';
import { DataDirLockedError } from '../db/pglite';
import { SchemaMismatchError } from '../db/migrate';
import { loadCenterRules } from '../intake/center-rules';
import { PROGRAM, type CliCommand } from './command';
import { outboxGateway, webhookGateway } from '../notify/sms-gateway';
import { createReportPdf, reportChromiumPath } from '../work/report-pdf';

export const DEFAULT_PORT = 8480;
const USAGE = `Usage: npm run ${PROGRAM} -- serve [--port <p>] [--host <address>] [--data <dir>] [--database <postgres://…>] [--pool <n>] [--sms-webhook <url>]`;

const HELP = `${PROGRAM} serve — run the back office in the foreground
${USAGE}

  --port      the HTTP port (default ${DEFAULT_PORT}; 0: any free port)
  --host      the address to listen on (default 127.0.0.1; put a TLS reverse proxy in front)
  --data      the data directory (default $BACK_OFFICE_DATA_DIR, else ./.back-office): the embedded
              database (pgdata/), admin-token, and the center's config.json, catalog/, calendar/
  --database  a PostgreSQL server instead of the embedded database (default $DATABASE_URL)
  --pool      connections this instance keeps to PostgreSQL (default 10)
  --sms-webhook  send the applicants' messages to this SMS gateway (signed with
              $BACK_OFFICE_SMS_WEBHOOK_SECRET); without it they stay in the console's outbox

The department console is served under <url>/console/ (accounts: users add).`;

function fail(message: string, code = 1): number {
  process.stderr.write(`${PROGRAM} serve: ${message}\n`);
  return code;
}

export const serveCommand: CliCommand = {
  name: 'serve',
  summary: 'run the service: prints BACK_OFFICE_URL (and ADMIN_TOKEN on a new database)',
  async run(argv) {
    let values: Record<string, string | boolean | undefined>;
    let positionals: string[];
    try {
      ({ values, positionals } = parseArgs({
        args: argv,
        allowPositionals: true,
        strict: true,
        options: {
          port: { type: 'string' },
          host: { type: 'string' },
          data: { type: 'string' },
          database: { type: 'string' },
          pool: { type: 'string' },
          'sms-webhook': { type: 'string' },
          help: { type: 'boolean' },
        },
      }));
    } catch (e) {
      return fail(`${(e as Error).message}\n${USAGE}`, 2);
    }
    if (values.help) {
      process.stdout.write(HELP + '\n');
      return 0;
    }
    if (positionals.length > 1) return fail(`unexpected argument: ${positionals[1]}\n${USAGE}`, 2);
    const port = Number(values.port ?? DEFAULT_PORT);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      return fail(`--port: not a port: ${values.port}`, 2);
    const pool = Number(values.pool ?? 10);
    if (!Number.isInteger(pool) || pool < 1 || pool > 200)
      return fail('--pool: a number from 1 to 200', 2);
    const url = (values.database as string | undefined) ?? (process.env.DATABASE_URL || undefined);
    if (url !== undefined && !/^postgres(ql)?:\/\//.test(url))
      return fail('--database: a postgres:// or postgresql:// URL', 2);
    const dataDir = path.resolve(
      (values.data as string | undefined) ?? (process.env.BACK_OFFICE_DATA_DIR || '.back-office'),
    );
    const host = (values.host as string | undefined) ?? '127.0.0.1';

    const webhook = (values['sms-webhook'] as string | undefined) ?? undefined;
    const webhookSecret = process.env.BACK_OFFICE_SMS_WEBHOOK_SECRET ?? '';
    if (webhook !== undefined) {
      if (!/^https?:\/\//.test(webhook)) return fail('--sms-webhook: an http(s) URL', 2);
      if (webhookSecret.length < 32)
        return fail(
          '--sms-webhook needs BACK_OFFICE_SMS_WEBHOOK_SECRET (at least 32 characters)',
          2,
        );
    }
    const log = createLogger({ dir: null, echo: true });
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const where: DatabaseLocation = url ? { url } : { dataDir };
    let db;
    try {
      db = await openDatabase(where, log, { poolSize: pool });
    } catch (e) {
      if (e instanceof DataDirLockedError) return fail(e.message);
      return fail(`cannot open the database ${describeLocation(where)}: ${(e as Error).message}`);
    }
    let prepared;
    try {
      prepared = await prepareDatabase(db, new Date().toISOString());
    } catch (e) {
      await db.close();
      if (e instanceof SchemaMismatchError) return fail(e.message);
      throw e;
    }
    const rules = loadCenterRules(dataDir, log);
    log.info('back_office.database', {
      database: describeLocation(where),
      schemaVersion: prepared.schemaVersion,
      applied: prepared.applied,
      catalog: rules.catalogVersion,
      holidaysThrough: rules.lastCalendarYear,
    });
    if (prepared.adminToken) {
      const file = path.join(dataDir, 'admin-token');
      fs.writeFileSync(file, prepared.adminToken + '\n', { mode: 0o600 });
      fs.chmodSync(file, 0o600);
      process.stdout.write(`ADMIN_TOKEN=${prepared.adminToken}\n`);
      log.info('back_office.admin_token_created', { file });
    }
    let running;
    try {
      const chromiumPath = reportChromiumPath();
      running = await startBackOffice({
        db,
        rules,
        log,
        port,
        host,
        gateway: webhook
          ? webhookGateway({ url: webhook, secret: webhookSecret })
          : outboxGateway(),
        reportPdf: chromiumPath ? createReportPdf(chromiumPath) : null,
      });
    } catch (e) {
      await db.close();
      return fail(`cannot listen on ${host}:${port}: ${(e as Error).message}`);
    }
    process.stdout.write(
      `BACK_OFFICE_URL=${running.url}\nKIOSK_ENDPOINT=${running.kioskEndpoint}\nCONSOLE_URL=${running.url}/console/\n`,
    );
    log.info('back_office.ready', { url: running.url, instance: running.instance });

    const r = running;
    const d = db;
    return new Promise<number>((resolve) => {
      let stopping = false;
      const stop = (signal: string) => {
        if (stopping) {
          log.warn('back_office.forced_exit', { signal });
          process.exit(1);
        }
        stopping = true;
        log.info('back_office.stopping', { signal, inFlight: r.inFlight() });
        void r
          .close()
          .then(() => d.close())
          .then(
            () => {
              log.info('back_office.stopped', {});
              resolve(0);
            },
            (e: unknown) => {
              log.error('back_office.stop_failed', { message: (e as Error).message });
              resolve(1);
            },
          );
      };
      process.on('SIGINT', () => stop('SIGINT'));
      process.on('SIGTERM', () => stop('SIGTERM'));
    });
  },
};
