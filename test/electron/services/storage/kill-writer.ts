// Child process for kill.test.ts: writes rows as fast as it can and prints `ACK <id>` after each
// write is acknowledged (durable). The parent SIGKILLs it at random moments. With a second
// argument, a snapshot is written whenever the journal passes that many bytes (so kills land
// while one is being written).
import { createLogger } from '../../../../electron/services/logger';
import { openDatabase } from '../../../../electron/services/storage/database';
import { run, scalar } from '../../../../electron/services/storage/sql';

const dir = process.argv[2] as string;
const snapshotAfterBytes = process.argv[3] ? Number(process.argv[3]) : undefined;
const db = await openDatabase({
  snapshotAfterBytes,
  dir,
  migrations: [
    {
      version: 1,
      name: 'rows',
      sql: 'CREATE TABLE rows (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)',
    },
  ],
  log: createLogger({ dir: null }),
});
let next = (db.read((d) => scalar<number>(d, 'SELECT MAX(id) FROM rows')) ?? 0) + 1;
const payload = '德清'.repeat(400);
process.stdout.write('READY\n');
for (;;) {
  // Several writers at once, as a burst of submissions would be.
  const ids = [next, next + 1, next + 2];
  next += 3;
  await Promise.all(
    ids.map((id) =>
      db
        .write((d) => run(d, 'INSERT INTO rows (id, payload) VALUES (?, ?)', [id, payload]))
        .then(() => process.stdout.write(`ACK ${id}\n`)),
    ),
  );
}
