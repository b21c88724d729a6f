// `kioskctl requests list [--since <date>] [--archive]` and `kioskctl requests show <ticket>`:
// requests from the newest durable generation of the database (read-only; the running kiosk owns
// it), and from the archive files for requests moved there (`show` looks there by itself when the
// ticket is archived). Contact data is shown masked, as on the receipt.
import { instantOf } from '../../services/calendar/wall-clock';
import { loadConfigFile } from '../../services/config';
import { dataDirLayout } from '../../services/data-dir';
import type { ReceiptView, RequestListItem, TimelineEntry } from '../../domain/request';
import { parseTicket } from '../../domain/ticket';
import {
  getRequestByTicket,
  hasRequests,
  listRequests,
  timelineOf,
} from '../../services/requests/request-repository';
import {
  archivedByTicket,
  archiveFileOf,
  hasArchiveTables,
  listArchived,
} from '../../services/requests/archive-repository';
import { readArchiveMonth } from '../../services/requests/request-archive';
import type { RequestRecord } from '../../services/requests/request-repository';
import { listItem, receiptView } from '../../services/requests/request-views';
import { MIGRATIONS } from '../../services/storage/migrations/index';
import { readSnapshot } from '../../services/storage/read-snapshot';
import type { Db } from '../../services/storage/sql';
import { defineCommand } from '../define';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** `--since`: a day (the center's local midnight) or an ISO 8601 instant. */
export function sinceInstant(value: string, timeZone: string): string | null {
  if (DATE.test(value)) {
    const t = instantOf(value, 0, timeZone);
    return Number.isNaN(t.getTime()) ? null : t.toISOString();
  }
  const t = Date.parse(value);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

/** An archived request as the hot database remembers it (the rest is in its archive file). */
interface ArchivedListItem {
  ticket: string;
  title: string;
  kind: string;
  createdAt: string;
  status: string;
  closedAt: string;
  archivedAt: string;
  month: string;
}

interface ListReport {
  dataDir: string;
  since: string | null;
  count: number;
  requests: RequestListItem[];
  /** With --archive: the archived requests instead. */
  archived: ArchivedListItem[] | null;
  error: string | null;
}

export const requestsListCommand = defineCommand<ListReport>({
  name: 'requests list',
  summary:
    'requests stored at this kiosk, newest first: requests list [--since <date>] [--archive]',
  usage:
    'Usage: kioskctl requests list [--since <YYYY-MM-DD | ISO time>] [--limit <n>] [--archive] [--json] [--data <dir>]\n' +
    '  --archive  the requests moved to the archive (closed past retention.archiveAfterDays)',
  options: {
    since: { type: 'string' },
    limit: { type: 'string' },
    archive: { type: 'boolean' },
  },
  async run({ dataRoot, values }) {
    const dirs = dataDirLayout(dataRoot);
    const { config } = loadConfigFile(dirs.config);
    const fail = (error: string) => ({
      data: { dataDir: dirs.root, since: null, count: 0, requests: [], archived: null, error },
      ok: false,
    });
    const sinceArg = typeof values.since === 'string' ? values.since : null;
    const since = sinceArg === null ? null : sinceInstant(sinceArg, config.hours.timeZone);
    if (sinceArg !== null && since === null) return fail(`--since: not a date: ${sinceArg}`);
    const limit = typeof values.limit === 'string' ? Number(values.limit) : 1000;
    if (!Number.isInteger(limit) || limit < 1 || limit > 100_000)
      return fail('--limit: a whole number from 1 to 100000');
    if (values.archive === true) {
      const archived = await readSnapshot(dirs.db, (d) =>
        hasArchiveTables(d)
          ? listArchived(d, { ...(since ? { since } : {}), limit }).map((a) => ({
              ticket: a.ticket,
              title: a.title,
              kind: a.kind,
              createdAt: a.createdAt,
              status: a.status,
              closedAt: a.closedAt,
              archivedAt: a.archivedAt,
              month: a.month,
            }))
          : [],
      );
      const report: ListReport = {
        dataDir: dirs.root,
        since,
        count: archived?.length ?? 0,
        requests: [],
        archived: archived ?? [],
        error: archived === null ? 'no database yet' : null,
      };
      return { data: report, ok: true };
    }
    const requests = await readSnapshot(dirs.db, (d) =>
      hasRequests(d) ? listRequests(d, { ...(since ? { since } : {}), limit }).map(listItem) : [],
    );
    const report: ListReport = {
      dataDir: dirs.root,
      since,
      count: requests?.length ?? 0,
      requests: requests ?? [],
      archived: null,
      error: requests === null ? 'no database yet' : null,
    };
    return { data: report, ok: true };
  },
  text(r) {
    if (r.error && r.count === 0) return r.error;
    if (r.archived) {
      const lines = r.archived.map(
        (q) =>
          `${q.ticket}  ${q.createdAt}  ${q.status.padEnd(11)}  closed ${q.closedAt}  ${q.title}  (archived ${q.month})`,
      );
      return [...lines, `${r.count} archived request(s)${r.since ? ` since ${r.since}` : ''}`].join(
        '\n',
      );
    }
    const lines = r.requests.map(
      (q) =>
        `${q.ticket}  ${q.createdAt}  ${q.status.padEnd(11)}  due ${q.dueDate}  ${q.title}` +
        (q.enterpriseName ? `  ${q.enterpriseName}` : '') +
        (q.assistedBy ? `  (assisted by ${q.assistedBy})` : ''),
    );
    return [...lines, `${r.count} request(s)${r.since ? ` since ${r.since}` : ''}`].join('\n');
  },
});

interface ShowReport {
  ticket: string;
  found: boolean;
  request: ReceiptView | null;
  timeline: TimelineEntry[];
  sentToBackOfficeAt: string | null;
  closedAt: string | null;
  personalDataPurgedAt: string | null;
  /** Set when the request was found in the archive: when it moved there, and the file. */
  archivedAt: string | null;
  archiveFile: string | null;
  error: string | null;
}

export const requestsShowCommand = defineCommand<ShowReport>({
  name: 'requests show',
  summary: 'one request with its timeline: requests show <ticket>',
  usage: 'Usage: kioskctl requests show <ticket> [--json] [--data <dir>]',
  async run({ dataRoot, args }) {
    const dirs = dataDirLayout(dataRoot);
    const { config } = loadConfigFile(dirs.config);
    const ticket = (args[0] ?? '').trim().toUpperCase();
    const empty: ShowReport = {
      ticket,
      found: false,
      request: null,
      timeline: [],
      sentToBackOfficeAt: null,
      closedAt: null,
      personalDataPurgedAt: null,
      archivedAt: null,
      archiveFile: null,
      error: null,
    };
    if (args.length !== 1 || !parseTicket(ticket))
      return {
        data: { ...empty, error: 'give one ticket number, e.g. DQ01-20250611-0001' },
        ok: false,
      };
    const place = {
      kioskId: config.kioskId,
      centerName: config.centerName,
      locationName: config.locationName,
    };
    const reportOf = (d: Db, r: RequestRecord): ShowReport => ({
      ...empty,
      found: true,
      request: receiptView(r, place),
      timeline: timelineOf(d, r.id),
      sentToBackOfficeAt: r.sentAt,
      closedAt: r.closedAt,
      personalDataPurgedAt: r.personalPurgedAt,
    });
    const found = await readSnapshot(
      dirs.db,
      (d) => {
        if (!hasRequests(d)) return null;
        const r = getRequestByTicket(d, ticket);
        if (r) return reportOf(d, r);
        // Not in the working database: an archived request is read from its month's file.
        const a = hasArchiveTables(d) ? archivedByTicket(d, ticket) : undefined;
        return a ? { archived: a } : null;
      },
      { migrations: MIGRATIONS },
    );
    if (found && 'archived' in found) {
      const { month, archivedAt } = found.archived;
      try {
        const got = await readArchiveMonth(
          dirs.archive,
          MIGRATIONS,
          async () =>
            (await readSnapshot(dirs.db, (d) => archiveFileOf(d, month), {
              migrations: MIGRATIONS,
            })) ?? undefined,
          (d) => {
            const r = getRequestByTicket(d, ticket);
            return r ? reportOf(d, r) : null;
          },
        );
        if (got?.value)
          return { data: { ...got.value, archivedAt, archiveFile: got.file }, ok: true };
        return {
          data: { ...empty, archivedAt, error: `archived (${month}), but not in its file` },
          ok: false,
        };
      } catch (e) {
        return {
          data: { ...empty, archivedAt, error: `archived (${month}): ${(e as Error).message}` },
          ok: false,
        };
      }
    }
    if (!found) return { data: { ...empty, error: 'no such ticket' }, ok: false };
    return { data: found, ok: true };
  },
  text(r) {
    if (!r.request) return `${r.ticket}: ${r.error ?? 'not found'}`;
    const q = r.request;
    return [
      `${q.ticket}  ${q.title}  (${q.kind})  ${q.status}`,
      `request id   ${q.id}`,
      `created      ${q.createdAt}`,
      `applicant    ${q.applicant.audience}${q.applicant.verified ? ' (verified)' : ' (unverified)'}` +
        (q.applicant.enterpriseName
          ? `  ${q.applicant.enterpriseName} ${q.applicant.uscc ?? ''}`
          : '') +
        (q.applicant.founder ? '  founder' : ''),
      `contact      ${q.phoneMasked ?? '-'} ${q.contactNameMasked ?? ''}`.trimEnd(),
      `routing      ${q.routing.boardName} · ${q.routing.leadDepartments.join('、') || '-'}`,
      `promised     ${q.promise.dueDate} (${q.promise.workingDays} working days from ${q.promise.countsFrom}, ${q.promise.reason}${q.promise.calendarCertain ? '' : ', calendar not certain'})`,
      'services',
      ...q.services.map((s) => `  - ${s.name}  [${s.department}]`),
      'timeline',
      ...r.timeline.map((e) => `  ${e.at}  ${e.status}${e.note ? `  ${e.note}` : ''}`),
      `sent         ${r.sentToBackOfficeAt ?? 'not yet'}`,
      `closed       ${r.closedAt ?? 'open'}${r.personalDataPurgedAt ? `; personal data purged ${r.personalDataPurgedAt}` : ''}`,
      ...(r.archivedAt ? [`archived     ${r.archivedAt} (${r.archiveFile ?? '-'})`] : []),
    ].join('\n');
  },
});
