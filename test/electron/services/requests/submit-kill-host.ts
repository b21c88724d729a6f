// Child process for submit-kill.test.ts: the real kiosk services on a data dir. At start it
// reports what the database holds (after the previous run was killed), then submits requests
// through the dispatcher as fast as it can, several at once, printing `SHOWN <ticket> <id>` for
// each ticket the renderer would have shown. The parent SIGKILLs it at random moments.
import crypto from 'node:crypto';
import { createKioskServices } from '../../../../electron/compose';
import { createMemoryLogger } from '../../../../electron/services/logger';
import { all } from '../../../../electron/services/storage/sql';
import { startupSubmission } from './startup-submission';

const dataRoot = process.argv[2] as string;
const k = await createKioskServices({
  dataRoot,
  shell: 'browser',
  appVersion: 'kill-test',
  log: createMemoryLogger(),
});
const health = k.db.health();
const stored = k.db.read((d) => ({
  integrity: k.db.integrityCheck(),
  recoveredFrom: health.recoveredFrom,
  requests: all<{ ticket: string; id: string }>(d, 'SELECT ticket, id FROM requests'),
  outbox: all<{ id: string }>(d, "SELECT id FROM outbox WHERE kind = 'request'").map((r) => r.id),
}));
process.stdout.write(`STORED ${JSON.stringify(stored)}\n`);

const ctx = { transport: 'http' as const };
let n = 0;
const submit = async () => {
  const requestId = crypto.randomUUID();
  n++;
  const out = await k.dispatch('requestSubmit', startupSubmission(requestId, n), ctx);
  if (!out.ok) {
    process.stdout.write(`FAILED ${out.error.code} ${out.error.message}\n`);
    return;
  }
  const { ticket, id } = out.value as { ticket: string; id: string };
  process.stdout.write(`SHOWN ${ticket} ${id}\n`);
};
for (;;) await Promise.all([submit(), submit(), submit()]);
