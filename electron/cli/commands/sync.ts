// `kioskctl sync status` and `kioskctl sync retry <id>`: the back-office queue from the command
// line. Both only read the database (its newest durable generation): the running kiosk owns it.
// A retry is handed to the kiosk through its retry spool (see services/sync/retry-spool.ts).
import type { SyncStatus } from '../../domain/sync';
import { loadConfigFile } from '../../services/config';
import { dataDirLayout } from '../../services/data-dir';
import { readSnapshot } from '../../services/storage/read-snapshot';
import { getItem, hasOutbox } from '../../services/sync/outbox-repository';
import { pendingRetries, requestRetry } from '../../services/sync/retry-spool';
import {
  backOfficeProblem,
  buildSyncStatus,
  endpointOrigin,
} from '../../services/sync/sync-status';
import { defineCommand } from '../define';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface SyncStatusReport extends SyncStatus {
  dataDir: string;
  /** Dead letters staff asked to resend that the kiosk has not picked up yet. */
  retriesRequested: string[];
  note: string | null;
}

export const syncStatusCommand = defineCommand({
  name: 'sync status',
  summary: 'back-office queue: backlog, dead letters with reasons, last contact',
  usage: 'Usage: kioskctl sync status [--json] [--data <dir>]',
  async run({ dataRoot }) {
    const dirs = dataDirLayout(dataRoot);
    const { config } = loadConfigFile(dirs.config);
    const problem = backOfficeProblem(config);
    const live = {
      mode: config.backOffice.endpoint ? ('back-office' as const) : ('single-site' as const),
      endpoint: endpointOrigin(config.backOffice.endpoint),
      problem,
    };
    const status = await readSnapshot(dirs.db, (d) => buildSyncStatus(d, live));
    const report: SyncStatusReport = {
      ...(status ?? buildSyncStatus(null, live)),
      dataDir: dirs.root,
      retriesRequested: pendingRetries(dirs.root),
      note: status ? null : 'no database yet',
    };
    return { data: report, ok: problem === null };
  },
  text(r) {
    const lines = [
      r.mode === 'single-site'
        ? 'mode         single site (no back office; guide mode is the console)'
        : `mode         back office ${r.endpoint ?? '?'}`,
    ];
    if (r.problem) lines.push(`PROBLEM      ${r.problem}`);
    if (r.note) lines.push(`note         ${r.note}`);
    const kinds = Object.entries(r.backlog.byKind)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ');
    lines.push(
      `backlog      ${r.backlog.pending} pending` +
        (r.backlog.oldestPendingAt ? ` (oldest ${r.backlog.oldestPendingAt}; ${kinds})` : ''),
      `delivered    ${r.delivered}`,
      `dead letters ${r.deadLetterCount}`,
      ...r.deadLetters.map(
        (d) => `  ${d.id}  ${d.kind}  ${d.attempts} attempt(s)  ${d.deadAt}\n    ${d.reason}`,
      ),
      `last contact ${r.lastContactAt ?? 'never'}`,
      `last error   ${r.lastError ? `${r.lastError.at} ${r.lastError.message}` : '-'}`,
      `last pull    ${r.lastPullAt ?? 'never'}; last heartbeat ${r.lastHeartbeatAt ?? 'never'}`,
    );
    if (r.retriesRequested.length)
      lines.push(`retries waiting for the kiosk: ${r.retriesRequested.join(', ')}`);
    return lines.join('\n');
  },
});

interface RetryReport {
  id: string;
  result: 'requested' | 'not-found' | 'not-dead' | 'invalid-id';
  state: string | null;
  message: string;
}

export const syncRetryCommand = defineCommand({
  name: 'sync retry',
  summary: 'resend a dead letter once its cause is fixed: sync retry <id>',
  usage: 'Usage: kioskctl sync retry <submission id> [--json] [--data <dir>]',
  async run({ dataRoot, args }) {
    const id = (args[0] ?? '').toLowerCase();
    const fail = (result: RetryReport['result'], state: string | null, message: string) => ({
      data: { id, result, state, message },
      ok: false,
    });
    if (!UUID.test(id) || args.length !== 1)
      return fail('invalid-id', null, 'give exactly one submission id (a UUID)');
    const dirs = dataDirLayout(dataRoot);
    const item = await readSnapshot(dirs.db, (d) =>
      hasOutbox(d) ? (getItem(d, id) ?? null) : null,
    );
    if (!item) return fail('not-found', null, 'no such item in the outbox');
    if (item.state !== 'dead')
      return fail('not-dead', item.state, `the item is ${item.state}, not a dead letter`);
    requestRetry(dirs.root, id);
    return {
      data: {
        id,
        result: 'requested' as const,
        state: item.state,
        message:
          'handed to the kiosk: it resends the item at its next delivery round (within 30 s while running) or at its next start',
      },
      ok: true,
    };
  },
  text: (r) => `${r.id}: ${r.result} — ${r.message}`,
});
