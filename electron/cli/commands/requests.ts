// `kioskctl requests list [--since <date>]` and `kioskctl requests show <ticket>`: requests from
// the newest durable generation of the database (read-only; the running kiosk owns it). Contact
// data is shown masked, as on the receipt.
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
import { listItem, receiptView } from '../../services/requests/request-views';
import { readSnapshot } from '../../services/storage/read-snapshot';
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

interface ListReport {
  dataDir: string;
  since: string | null;
  count: number;
  requests: RequestListItem[];
  error: string | null;
}

export const requestsListCommand = defineCommand<ListReport>({
  name: 'requests list',
  summary: 'requests stored at this kiosk, newest first: requests list [--since <date>]',
  usage:
    'Usage: kioskctl requests list [--since <YYYY-MM-DD | ISO time>] [--limit <n>] [--json] [--data <dir>]',
  options: { since: { type: 'string' }, limit: { type: 'string' } },
  async run({ dataRoot, values }) {
    const dirs = dataDirLayout(dataRoot);
    const { config } = loadConfigFile(dirs.config);
    const fail = (error: string) => ({
      data: { dataDir: dirs.root, since: null, count: 0, requests: [], error },
      ok: false,
    });
    const sinceArg = typeof values.since === 'string' ? values.since : null;
    const since = sinceArg === null ? null : sinceInstant(sinceArg, config.hours.timeZone);
    if (sinceArg !== null && since === null) return fail(`--since: not a date: ${sinceArg}`);
    const limit = typeof values.limit === 'string' ? Number(values.limit) : 1000;
    if (!Number.isInteger(limit) || limit < 1 || limit > 100_000)
      return fail('--limit: a whole number from 1 to 100000');
    const requests = await readSnapshot(dirs.db, (d) =>
      hasRequests(d) ? listRequests(d, { ...(since ? { since } : {}), limit }).map(listItem) : [],
    );
    const report: ListReport = {
      dataDir: dirs.root,
      since,
      count: requests?.length ?? 0,
      requests: requests ?? [],
      error: requests === null ? 'no database yet' : null,
    };
    return { data: report, ok: true };
  },
  text(r) {
    if (r.error && r.count === 0) return r.error;
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
      error: null,
    };
    if (args.length !== 1 || !parseTicket(ticket))
      return {
        data: { ...empty, error: 'give one ticket number, e.g. DQ01-20250611-0001' },
        ok: false,
      };
    const found = await readSnapshot(dirs.db, (d) => {
      if (!hasRequests(d)) return null;
      const r = getRequestByTicket(d, ticket);
      if (!r) return null;
      return {
        ...empty,
        found: true,
        request: receiptView(r, {
          kioskId: config.kioskId,
          centerName: config.centerName,
          locationName: config.locationName,
        }),
        timeline: timelineOf(d, r.id),
        sentToBackOfficeAt: r.sentAt,
        closedAt: r.closedAt,
        personalDataPurgedAt: r.personalPurgedAt,
      };
    });
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
    ].join('\n');
  },
});
