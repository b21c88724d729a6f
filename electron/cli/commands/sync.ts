// `kioskctl sync status` and `kioskctl sync retry <id>`: the back-office queue from the command
// line. Both only read the database (its newest durable generation): the running kiosk owns it.
// A retry is handed to the kiosk through its retry spool (see services/sync/retry-spool.ts).
import type { SyncStatus } from '../../domain/sync';
import { parseTicket } from '../../domain/ticket';
import { loadConfigFile } from '../../services/config';
import { dataDirLayout } from '../../services/data-dir';
import { readSnapshot } from '../../services/storage/read-snapshot';
import { getRequestByTicket, hasRequests } from '../../services/requests/request-repository';
import { getItem, hasOutbox, itemsOfTicket } from '../../services/sync/outbox-repository';
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
        (d) =>
          `  ${d.id}  ${d.kind}${d.ticket ? ` ${d.ticket}` : ''}  ${d.attempts} attempt(s)  ${d.deadAt}\n    ${d.reason}`,
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
  /** The (first) outbox item the retry was asked for, or what was given when none matched. */
  id: string;
  /** Every item handed to the kiosk (a ticket may carry a request and its cancel notice). */
  ids: string[];
  ticket: string | null;
  result: 'requested' | 'not-found' | 'not-dead' | 'invalid-id';
  state: string | null;
  message: string;
}

type Found = { id: string; kind: string; state: string };

export const syncRetryCommand = defineCommand({
  name: 'sync retry',
  summary: 'resend a dead letter once its cause is fixed: sync retry <id | ticket>',
  usage: 'Usage: kioskctl sync retry <submission id | ticket number> [--json] [--data <dir>]',
  async run({ dataRoot, args }) {
    const given = (args[0] ?? '').trim();
    const id = given.toLowerCase();
    const ticket = UUID.test(id) ? null : parseTicket(given.replace(/\s+/g, '').toUpperCase());
    const fail = (
      result: RetryReport['result'],
      state: string | null,
      message: string,
      itemId = UUID.test(id) ? id : given,
    ): { data: RetryReport; ok: boolean } => ({
      data: { id: itemId, ids: [], ticket: ticket?.ticket ?? null, result, state, message },
      ok: false,
    });
    if (args.length !== 1 || (!UUID.test(id) && !ticket))
      return fail('invalid-id', null, 'give exactly one submission id (a UUID) or ticket number');
    const dirs = dataDirLayout(dataRoot);
    const found: Found[] =
      (await readSnapshot(dirs.db, (d): Found[] => {
        if (!hasOutbox(d)) return [];
        if (!ticket) {
          const item = getItem(d, id);
          return item ? [item] : [];
        }
        // A ticket: the items whose body carries it (bodies are kept until delivery), else the
        // request's own item (delivered: its body is gone).
        const carrying = itemsOfTicket(d, ticket.ticket);
        if (carrying.length) return carrying;
        const request = hasRequests(d) ? getRequestByTicket(d, ticket.ticket) : undefined;
        const item = request ? getItem(d, request.id) : undefined;
        return item ? [item] : [];
      })) ?? [];
    if (!found.length) return fail('not-found', null, 'no such item in the outbox');
    const dead = found.filter((i) => i.state === 'dead');
    const first = found[0] as Found;
    if (!dead.length)
      return fail(
        'not-dead',
        first.state,
        `the item is ${first.state}, not a dead letter`,
        first.id,
      );
    for (const item of dead) requestRetry(dirs.root, item.id);
    const report: RetryReport = {
      id: (dead[0] as Found).id,
      ids: dead.map((i) => i.id),
      ticket: ticket?.ticket ?? null,
      result: 'requested' as const,
      state: 'dead',
      message:
        'handed to the kiosk: it resends the item at its next delivery round (within 30 s while running) or at its next start',
    };
    return { data: report, ok: true };
  },
  text: (r) =>
    `${r.ticket ? `${r.ticket} ` : ''}${r.ids.length > 1 ? r.ids.join(', ') : r.id}: ${r.result} — ${r.message}`,
});
