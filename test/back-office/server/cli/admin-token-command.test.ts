// `admin-token rotate` on the service's host: a new token works at once, the old one is refused,
// on the embedded database (its directory, the service stopped) and on PostgreSQL (the service
// running). The token's file is rewritten readable by its owner only.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startBackOffice, type RunningBackOffice } from '../../../../back-office/server/app';
import type { Database } from '../../../../back-office/server/db/database';
import { openDatabase, prepareDatabase } from '../../../../back-office/server/db/open';
import { loadCenterRules } from '../../../../back-office/server/intake/center-rules';
import { main } from '../../../../back-office/server/main';
import { auditLog } from '../../../../back-office/server/repositories/audit-repository';
import { createMemoryLogger } from '../../../../electron/services/logger';
import { freshPostgresDatabase, testEngines } from '../../../support/back-office-db';

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => {
    out += String(s);
    return true;
  });
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => {
    err += String(s);
    return true;
  });
  try {
    return { code: await main(argv), out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

const tokenOf = (out: string): string => {
  const m = /^ADMIN_TOKEN=(bo_\S+)$/m.exec(out);
  if (!m?.[1]) throw new Error(`no ADMIN_TOKEN line in: ${out}`);
  return m[1];
};

/** The admin API's answer to a token: 200 for a valid one, 401 else. */
async function statusWith(service: RunningBackOffice, token: string): Promise<number> {
  const res = await fetch(`${service.url}/admin/v1/kiosks`, {
    headers: { authorization: `Bearer ${token}` },
  });
  await res.arrayBuffer();
  return res.status;
}

const open: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of open.splice(0).reverse()) await close();
});

async function serve(db: Database): Promise<RunningBackOffice> {
  const log = createMemoryLogger();
  const service = await startBackOffice({
    db,
    rules: loadCenterRules(null, log),
    log,
    jobTickMs: false,
  });
  open.push(() => service.close());
  return service;
}

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'bo-token-'));

for (const { engine, skip } of testEngines())
  describe.skipIf(skip !== null)(`admin-token rotate (${engine})`, () => {
    it('issues a token that works, revokes the old one, and says so in the audit log', async () => {
      const dir = tempDir();
      let where: { dataDir: string } | { url: string } = { dataDir: dir };
      let location: string[] = ['--data', dir];
      if (engine === 'postgresql') {
        const fresh = await freshPostgresDatabase(process.env.BACK_OFFICE_TEST_DATABASE_URL ?? '');
        open.push(() => fresh.drop());
        where = { url: fresh.url };
        location = ['--database', fresh.url];
      }
      // First start: the token `serve` prints once.
      let db = await openDatabase(where, createMemoryLogger());
      const first = (await prepareDatabase(db, new Date().toISOString())).adminToken;
      if (!first) throw new Error('no first token');
      if (engine === 'pglite') {
        await db.close();
        // The embedded database has one user at a time: a service running in another process
        // (its pid in the lock file) keeps the command out.
        const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], {
          stdio: 'ignore',
        });
        open.push(async () => {
          other.kill();
        });
        const lockFile = `${path.join(dir, 'pgdata')}.lock`;
        fs.writeFileSync(lockFile, String(other.pid));
        const refused = await run(['admin-token', 'rotate', ...location]);
        expect(refused.code).toBe(1);
        expect(refused.out).toBe('');
        expect(refused.err).toBe(
          `back-office admin-token rotate: another back office (pid ${other.pid}) is using ${path.join(dir, 'pgdata')}; stop it first, or use PostgreSQL for several instances (the embedded database has one user at a time: stop the service, rotate, start it again)\n`,
        );
        other.kill();
        fs.rmSync(lockFile);
      } else {
        const closing = db;
        open.push(() => closing.close());
      }

      const rotated = await run(['admin-token', 'rotate', ...location]);
      expect(rotated.err).toBe('');
      expect(rotated.code).toBe(0);
      const token = tokenOf(rotated.out);
      expect(token).not.toBe(first);
      expect(rotated.out).toContain('1 earlier admin token revoked');

      const file = path.join(dir, 'admin-token');
      if (engine === 'pglite') {
        expect(fs.readFileSync(file, 'utf8')).toBe(`${token}\n`);
        if (process.platform !== 'win32') expect(fs.statSync(file).mode & 0o777).toBe(0o600);
        db = await openDatabase(where, createMemoryLogger());
        const closing = db;
        open.push(() => closing.close());
      } else {
        // PostgreSQL without --data: nothing is written anywhere.
        expect(fs.existsSync(file)).toBe(false);
      }

      // The service (on PostgreSQL it ran all along) takes the new token and refuses the old.
      const service = await serve(db);
      expect(await statusWith(service, first)).toBe(401);
      expect(await statusWith(service, token)).toBe(200);
      expect((await auditLog(db, 10)).find((e) => e.action === 'admin-token-rotate')).toMatchObject(
        { subject: 'admin-token', detail: '1 earlier token revoked' },
      );

      if (engine === 'postgresql') {
        // Beside PostgreSQL, a named data directory gets the file (an earlier, looser one is
        // tightened); the running service switches at once.
        fs.writeFileSync(file, 'old\n', { mode: 0o644 });
        const again = await run(['admin-token', 'rotate', ...location, '--data', dir, '--json']);
        expect(again.code).toBe(0);
        const json = JSON.parse(again.out) as { adminToken: string; revoked: number; file: string };
        expect(json).toMatchObject({ revoked: 1, file });
        expect(fs.readFileSync(file, 'utf8')).toBe(`${json.adminToken}\n`);
        if (process.platform !== 'win32') expect(fs.statSync(file).mode & 0o777).toBe(0o600);
        expect(await statusWith(service, token)).toBe(401);
        expect(await statusWith(service, json.adminToken)).toBe(200);
      }
    }, 120_000);

    it('refuses a database that holds no back office, and bad arguments', async () => {
      if (engine === 'pglite') {
        const dir = tempDir();
        const none = await run(['admin-token', 'rotate', '--data', dir]);
        expect(none.code).toBe(1);
        expect(none.err).toContain(`no back office database in ${dir}`);
        expect(fs.existsSync(path.join(dir, 'admin-token'))).toBe(false);
      } else {
        const fresh = await freshPostgresDatabase(process.env.BACK_OFFICE_TEST_DATABASE_URL ?? '');
        open.push(() => fresh.drop());
        const none = await run(['admin-token', 'rotate', '--database', fresh.url]);
        expect(none.code).toBe(1);
        expect(none.err).toContain('this database holds no back office yet');
      }
      expect((await run(['admin-token', 'rotate', '--database', 'mysql://x'])).code).toBe(2);
      expect((await run(['admin-token', 'rotate', 'extra'])).code).toBe(2);
    });
  });
