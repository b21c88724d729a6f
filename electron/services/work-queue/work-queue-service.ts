// The single-site console: guide mode doubles as the back office when no back-office
// endpoint is configured. Staff list the requests waiting in the kiosk's queue by board, lead
// department and due date, and set their status. Every change goes through the request service's
// `applyStatus` (source 'guide') with an audit-log entry, in the same durable write; tracking shows
// it to the enterprise at once. With an endpoint configured the console is read-only: the back
// office works the requests and its statuses come back through the status puller.
import type { ParsedArgsOf } from '../../contract';
import { Refusal } from '../../refusal';
import { maskPhone } from '../../domain/request';
import {
  dueBucket,
  nextStatuses,
  NOTE_MIN,
  type DueBucket,
  type FacetCount,
  type WorkItem,
  type WorkQueueView,
} from '../../domain/work-queue';
import { wallClock } from '../calendar/wall-clock';
import type { KioskConfig } from '../config';
import { appendAudit } from '../guide/audit-repository';
import type { Logger } from '../logger';
import { latestEventSeq } from '../requests/request-repository';
import type { RequestService } from '../requests/request-service';
import type { SessionService } from '../session';
import type { KioskDatabase } from '../storage/database';
import { endpointOrigin } from '../sync/sync-status';
import { countWork, getWork, listWork, type WorkRow } from './work-queue-repository';

/** Requests read per scope at most (a kiosk's open queue is far smaller). */
export const WORK_LIST_LIMIT = 500;

export type WorkFilter = ParsedArgsOf<'guideWorkQueue'>;
export type StatusInput = ParsedArgsOf<'guideWorkStatus'>;

export interface WorkQueue {
  /** True when a back office is configured: it works the requests, the console only shows them. */
  readOnly(): boolean;
  list(filter: WorkFilter): WorkQueueView;
  /** Sets a request's status as the signed-in guide (audited, durable before it resolves). */
  setStatus(input: StatusInput): Promise<WorkItem>;
}

export interface WorkQueueDeps {
  db: KioskDatabase;
  requests: Pick<RequestService, 'applyStatus'>;
  session: SessionService;
  config: KioskConfig;
  log: Logger;
  now: () => Date;
}

function countBy<T extends string>(
  rows: readonly WorkRow[],
  keys: (r: WorkRow) => { value: T; label: string }[],
): FacetCount<T>[] {
  const counts = new Map<T, FacetCount<T>>();
  for (const r of rows)
    for (const k of keys(r)) {
      const c = counts.get(k.value) ?? { ...k, count: 0 };
      c.count++;
      counts.set(k.value, c);
    }
  return [...counts.values()].sort(
    (a, b) => b.count - a.count || a.label.localeCompare(b.label, 'zh-CN'),
  );
}

export function createWorkQueue(deps: WorkQueueDeps): WorkQueue {
  const { db, requests, session, config, log, now } = deps;
  const readOnly = () => config.backOffice.endpoint !== null;
  const today = () => wallClock(now(), config.hours.timeZone).date;

  function item(r: WorkRow, day: string): WorkItem {
    return {
      id: r.id,
      ticket: r.ticket,
      title: r.title,
      kind: r.kind,
      createdAt: r.createdAt,
      status: r.status,
      statusAt: r.statusAt,
      dueDate: r.promise.dueDate,
      due: dueBucket(r.promise.dueDate, day),
      board: r.routing.board,
      boardName: r.routing.boardName,
      leadDepartments: r.routing.leadDepartments,
      services: r.services.map(({ name, kind, department }) => ({ name, kind, department })),
      enterpriseName: r.enterpriseName,
      uscc: r.uscc,
      verified: r.verified,
      founder: r.founder,
      phoneMasked: r.contactPhone ? maskPhone(r.contactPhone) : null,
      assistedBy: r.assistedBy,
      lastNote: r.lastNote,
      sentAt: r.sentAt,
      next: readOnly() ? [] : nextStatuses(r.status),
    };
  }

  return {
    readOnly,

    list(filter) {
      const day = today();
      const { rows, total } = db.read((d) => ({
        rows: listWork(d, filter.scope, WORK_LIST_LIMIT),
        total: countWork(d, filter.scope),
      }));
      const due: Record<DueBucket, number> = { overdue: 0, today: 0, later: 0 };
      for (const r of rows) due[dueBucket(r.promise.dueDate, day)]++;
      const shown = rows.filter(
        (r) =>
          (filter.board === undefined || r.routing.board === filter.board) &&
          (filter.department === undefined ||
            r.routing.leadDepartments.includes(filter.department)) &&
          (filter.due === undefined || dueBucket(r.promise.dueDate, day) === filter.due),
      );
      return {
        mode: config.backOffice.endpoint ? 'back-office' : 'single-site',
        readOnly: readOnly(),
        endpoint: endpointOrigin(config.backOffice.endpoint),
        today: day,
        scope: filter.scope,
        total,
        truncated: total > rows.length,
        items: shown.map((r) => item(r, day)),
        facets: {
          boards: countBy(rows, (r) => [{ value: r.routing.board, label: r.routing.boardName }]),
          departments: countBy(rows, (r) =>
            r.routing.leadDepartments.map((name) => ({ value: name, label: name })),
          ),
          due,
        },
      };
    },

    async setStatus({ requestId, status, note }) {
      if (readOnly())
        throw new Refusal(
          'READ_ONLY',
          'a back office is configured: statuses are set there and pulled by the kiosk',
        );
      const staff = session.state().staff;
      if (!staff) throw new Refusal('FORBIDDEN', 'staff only');
      const at = now().toISOString();
      const clean = note?.trim() ? note.trim() : null;
      if (status === 'returned' && (clean === null || clean.length < NOTE_MIN))
        throw new Refusal('BAD_ARGS', 'a returned request needs a note', ['note']);
      const updated = await db.write((tx) => {
        const r = getWork(tx, requestId);
        if (!r) throw new Refusal('NOT_FOUND', 'no such request');
        const allowed = nextStatuses(r.status);
        if (allowed.length === 0) throw new Refusal('NOT_OPEN', `the request is ${r.status}`);
        if (!allowed.includes(status))
          throw new Refusal('NOT_NEXT', `${r.status} → ${status} is not offered`);
        requests.applyStatus(tx, {
          requestId: r.id,
          status,
          at,
          note: clean,
          verdict: null,
          source: 'guide',
          staffId: staff.id,
          changeId: null,
        });
        // The note is kept once, in the timeline (purged with it); the audit refers to it.
        appendAudit(tx, {
          at,
          staffId: staff.id,
          action: 'set-request-status',
          requestId: r.id,
          detail: `${r.ticket}: ${r.status} → ${status}`,
          noteRef: clean ? `event:${latestEventSeq(tx, r.id)}` : null,
        });
        return getWork(tx, r.id) as WorkRow;
      });
      // The note is staff's words about an enterprise's case: it stays out of the log.
      log.info('request.status_set', {
        id: updated.id,
        ticket: updated.ticket,
        status,
        staffId: staff.id,
        withNote: clean !== null,
      });
      return item(updated, today());
    },
  };
}
