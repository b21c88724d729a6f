// `back-office admin-token rotate`: run on the service's host, with the database's own access
// (the embedded database's directory, or PostgreSQL's URL), since the admin token it replaces is
// what the admin API would ask for. Prints the new token once and writes it where `serve` wrote
// the first one.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '../../../electron/services/logger';
import { describeLocation, openDatabase, type DatabaseLocation } from '../db/open';
import { DataDirLockedError } from '../db/pglite';
import { NoBackOfficeSchemaError, rotateAdminToken } from '../work/admin-token';
import { CommandError, defineCommand, opt } from './command';

export interface RotateResult {
  adminToken: string;
  revoked: number;
  database: string;
  /** Where the token was written (mode 0600), or null with PostgreSQL and no --data. */
  file: string | null;
}

function who(): string {
  try {
    return `host:${os.userInfo().username}`;
  } catch {
    // A user id without a passwd entry (some containers): still say it came from the host.
    return 'host';
  }
}

export const adminTokenRotate = defineCommand<RotateResult>({
  name: 'admin-token rotate',
  summary:
    'on the service host: issue a new admin token and revoke the old one (when it is lost or leaked)',
  usage: 'admin-token rotate [--data <dir> | --database <postgres://…>] [--json]',
  options: { data: { type: 'string' }, database: { type: 'string' } },
  positionals: 0,
  async run({ values }) {
    const url = opt(values, 'database') ?? (process.env.DATABASE_URL || undefined);
    if (url !== undefined && !/^postgres(ql)?:\/\//.test(url))
      throw new CommandError('--database: a postgres:// or postgresql:// URL', 2);
    const dataArg = opt(values, 'data');
    const dataDir = path.resolve(dataArg ?? (process.env.BACK_OFFICE_DATA_DIR || '.back-office'));
    const where: DatabaseLocation = url ? { url } : { dataDir };
    if (!url && !fs.existsSync(path.join(dataDir, 'pgdata')))
      throw new CommandError(
        `no back office database in ${dataDir}: name its data directory with --data, or PostgreSQL with --database`,
      );
    const log = createLogger({ dir: null, echo: false });
    let db;
    try {
      db = await openDatabase(where, log, { poolSize: 1 });
    } catch (e) {
      if (e instanceof DataDirLockedError)
        throw new CommandError(
          `${e.message} (the embedded database has one user at a time: stop the service, rotate, start it again)`,
        );
      throw new CommandError(
        `cannot open the database ${describeLocation(where)}: ${(e as Error).message}`,
      );
    }
    let rotated;
    try {
      rotated = await rotateAdminToken(db, { now: new Date().toISOString(), actor: who() });
    } catch (e) {
      if (e instanceof NoBackOfficeSchemaError) throw new CommandError(e.message);
      throw e;
    } finally {
      await db.close();
    }
    // The token's file lives in the data directory: written when there is one in play (the
    // embedded database's, or one named beside PostgreSQL).
    let file: string | null = null;
    if (!url || dataArg !== undefined) {
      file = path.join(dataDir, 'admin-token');
      fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
      fs.writeFileSync(file, rotated.token + '\n', { mode: 0o600 });
      // An existing file keeps its mode on write: tighten it as on first start.
      fs.chmodSync(file, 0o600);
    }
    return {
      adminToken: rotated.token,
      revoked: rotated.revoked,
      database: describeLocation(where),
      file,
    };
  },
  text: (r) =>
    [
      `ADMIN_TOKEN=${r.adminToken}`,
      `${r.revoked} earlier admin token${r.revoked === 1 ? '' : 's'} revoked on ${r.database}` +
        (r.file ? `; the new one is in ${r.file} (mode 0600)` : ''),
    ].join('\n'),
});

export const ADMIN_TOKEN_COMMANDS = [adminTokenRotate];
