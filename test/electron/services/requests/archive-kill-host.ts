// Child process for archive-kill.test.ts: the hot database and the archive of a data dir. At start
// it reports what is on disk (after the previous run was killed): the requests in the hot
// database, the stand-ins of archived ones, and for every archive file the hot database names
// whether its length and crc32 match and which requests it holds. Then it adds a batch of closed,
// purged requests spread over two years (printing `ADDED` with their ids once durable) and runs the
// archive (`ARCHIVING`, then `DONE`). The parent SIGKILLs it at random moments.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { createMemoryLogger } from '../../../../electron/services/logger';
import { archiveFiles } from '../../../../electron/services/requests/archive-repository';
import { archiveRequests } from '../../../../electron/services/requests/request-archive';
import { openDatabase } from '../../../../electron/services/storage/database';
import { MIGRATIONS } from '../../../../electron/services/storage/migrations/index';
import { all, run } from '../../../../electron/services/storage/sql';
import { loadSqlJs } from '../../../../electron/services/storage/sqljs';

const dataRoot = process.argv[2] as string;
const batch = Number(process.argv[3] ?? 300);
const NOW = new Date('2026-01-15T02:00:00Z');
const archiveDir = path.join(dataRoot, 'archive');
const log = createMemoryLogger();
const db = await openDatabase({
  dir: path.join(dataRoot, 'db'),
  migrations: MIGRATIONS,
  log,
  now: () => NOW,
});

const SQL = await loadSqlJs();
const files = db.read((d) => archiveFiles(d));
const named = files.map((f) => {
  let bytes: Uint8Array | null = null;
  try {
    bytes = fs.readFileSync(path.join(archiveDir, f.file));
  } catch {
    // Reported as missing below.
  }
  const whole = bytes !== null && bytes.byteLength === f.bytes && crc32(bytes) === f.crc;
  let ids: string[] = [];
  if (bytes && whole) {
    const a = new SQL.Database(bytes);
    ids = all<{ id: string }>(a, 'SELECT id FROM requests').map((r) => r.id);
    a.close();
  }
  return { month: f.month, file: f.file, exists: bytes !== null, whole, ids };
});
const stored = db.read((d) => ({
  hot: all<{ id: string }>(d, 'SELECT id FROM requests').map((r) => r.id),
  standIns: all<{ id: string; month: string }>(d, 'SELECT id, month FROM archived_requests'),
  events: all<{ request_id: string }>(d, 'SELECT request_id FROM request_events').map(
    (r) => r.request_id,
  ),
  named,
  onDisk: fs.existsSync(archiveDir) ? fs.readdirSync(archiveDir) : [],
}));
process.stdout.write(`STORED ${JSON.stringify(stored)}\n`);

// A batch of requests closed (and purged) on random days of the two years before NOW.
const added: { id: string; closedAt: string }[] = [];
await db.write((tx) => {
  for (let i = 0; i < batch; i++) {
    const id = crypto.randomUUID();
    const closed = new Date(NOW.getTime() - (40 + Math.floor(Math.random() * 690)) * 86_400_000);
    const created = new Date(closed.getTime() - 3 * 86_400_000).toISOString();
    const day = created.slice(0, 10);
    const closedAt = closed.toISOString();
    run(
      tx,
      `INSERT INTO requests (id, ticket, ticket_date, ticket_seq, created_at, kind, bundle_id, title,
         board, routing, services, answers, audience, verified, promise, due_date, status,
         status_at, closed_at, personal_purged_at)
       VALUES (?, ?, ?, ?, ?, 'bundle', 'business-startup', '企业开办', 'market', '{}',
         '[{"name":"设立登记"}]', '{}', 'public', 0, ?, ?, 'completed', ?, ?, ?)`,
      [
        id,
        `K-${id}`,
        day,
        1 + (crypto.randomInt(1e9) % 1e9),
        created,
        JSON.stringify({ dueDate: day, reason: 'in-hours' }),
        day,
        closedAt,
        closedAt,
        closedAt,
      ],
    );
    run(
      tx,
      `INSERT INTO request_events (request_id, at, status, source) VALUES (?, ?, 'submitted', 'kiosk'),
         (?, ?, 'completed', 'back-office')`,
      [id, created, id, closedAt],
    );
    added.push({ id, closedAt });
  }
});
process.stdout.write(`ADDED ${JSON.stringify(added)}\n`);
process.stdout.write('ARCHIVING\n');
const out = await archiveRequests({
  db,
  dir: archiveDir,
  migrations: MIGRATIONS,
  log,
  now: () => NOW,
  afterDays: 30,
  keepDays: 540,
});
process.stdout.write(`DONE ${JSON.stringify(out)}\n`);
// Waits to be killed (the parent counts on it).
setInterval(() => undefined, 1000);
