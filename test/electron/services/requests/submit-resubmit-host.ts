// Child process for submit-resubmit.test.ts: the real kiosk services on a data dir.
//   submit <id>    submits one request under <id> and prints `ANSWERED <ticket>` once the answer
//                  is there — the parent kills it with SIGKILL at some moment, so that the screen
//                  never sees the answer (or the request was not even stored yet);
//   resubmit <id>  what the page does when the kiosk is back: the same submission again. Prints
//                  the rows stored under <id> before (`BEFORE`) and after (`AFTER`), and the
//                  outcome (`OUTCOME`).
import { createKioskServices } from '../../../../electron/compose';
import { createMemoryLogger } from '../../../../electron/services/logger';
import { all } from '../../../../electron/services/storage/sql';
import { startupSubmission } from './startup-submission';

const [dataRoot, mode, requestId] = process.argv.slice(2) as [string, string, string];
const k = await createKioskServices({
  dataRoot,
  shell: 'browser',
  appVersion: 'kill-test',
  log: createMemoryLogger(),
});
const rows = () =>
  k.db.read((d) =>
    all<{ ticket: string }>(d, 'SELECT ticket FROM requests WHERE id = ?', [requestId]),
  );
// An even n: the same submission, checklist and phone every time the page resends it.
const args = startupSubmission(requestId, 0);
const ctx = { transport: 'http' as const };
if (mode === 'submit') {
  process.stdout.write('SUBMITTING\n');
  const out = await k.dispatch('requestSubmit', args, ctx);
  process.stdout.write(
    out.ok
      ? `ANSWERED ${(out.value as { ticket: string }).ticket}\n`
      : `FAILED ${out.error.code}\n`,
  );
  // Stays up until killed, as the kiosk would.
  setInterval(() => undefined, 1000);
} else {
  process.stdout.write(`BEFORE ${JSON.stringify(rows())}\n`);
  const out = await k.dispatch('requestSubmit', args, ctx);
  process.stdout.write(`OUTCOME ${JSON.stringify(out)}\n`);
  process.stdout.write(`AFTER ${JSON.stringify(rows())}\n`);
  await k.close();
  process.exit(0);
}
