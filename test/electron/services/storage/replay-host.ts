// Child process for kill.test.ts: opens a database whose journal is long (replaying it takes a
// while), printing `START` before and `OPENED` after. The parent SIGKILLs it at random moments
// of the open. With `snapshot` as second argument the open also writes a snapshot (as after the
// nightly restart) and prints `SNAPSHOT` once it is durable.
import { createLogger } from '../../../../electron/services/logger';
import { openDatabase } from '../../../../electron/services/storage/database';
import { ROWS } from './kill-schema';

const dir = process.argv[2] as string;
const snapshot = process.argv[3] === 'snapshot';
process.stdout.write('START\n');
const db = await openDatabase({
  dir,
  migrations: ROWS,
  log: createLogger({ dir: null }),
  snapshotAtOpenBytes: snapshot ? 0 : Infinity,
});
process.stdout.write('OPENED\n');
if (snapshot) {
  await db.snapshot();
  process.stdout.write('SNAPSHOT\n');
}
setInterval(() => undefined, 1000);
