// Requests: submit (stored durably, with its outbox envelope, before the ticket is shown), the
// receipt, tracking, an enterprise's list, guide mode's day list and cancel, statuses from the
// back office (a status sink) or the guide console, and the retention purge of personal data.
//
// Who may see what is decided here, from the session in main:
//   - the receipt: the session that submitted the request, or staff;
//   - tracking: anyone with the ticket sees its status without personal data or enterprise; the
//     verified enterprise that made it, the submitting session and staff see the full view;
//   - an enterprise's list: a verified enterprise (or staff serving one).
import crypto from 'node:crypto';
import type { StatusChange } from '../../domain/sync';
import {
  CLOSED_STATUSES,
  type ReceiptView,
  type RequestListItem,
  type RequestStatus,
  type TimelineStatus,
  type TrackView,
} from '../../domain/request';
import { formatTicket, parseTicket } from '../../domain/ticket';
import { appendAudit } from '../guide/audit-repository';
import type { CatalogService } from '../catalog/catalog-service';
import type { CenterHours } from '../calendar/center-hours';
import { instantOf, wallClock } from '../calendar/wall-clock';
import type { KioskConfig } from '../config';
import type { EnterpriseService } from '../enterprises/enterprise-service';
import type { Logger } from '../logger';
import type { SessionService } from '../session';
import type { KioskDatabase } from '../storage/database';
import type { Db } from '../storage/sql';
import type { SyncService } from '../sync/sync-service';
import { draftRequest, type SubmitInput } from './request-builder';
import { RequestError } from './request-errors';
import {
  appendEvent,
  getRequest,
  getRequestByTicket,
  insertRequest,
  listRequests,
  markSent,
  nextTicketSeq,
  setStatus,
  timelineOf,
  type RequestRecord,
} from './request-repository';
import { listItem, receiptView, trackView, type KioskPlace } from './request-views';
import { cancelWireBody, requestWireBody } from './request-wire';
import { purgeDuePersonalData } from './retention';

export interface StatusInput {
  requestId: string;
  status: TimelineStatus;
  at: string;
  note: string | null;
  verdict: string | null;
  source: 'back-office' | 'guide';
  staffId: string | null;
  changeId: string | null;
}

export interface RequestService {
  /** Stores the request and its outbox envelope in one durable write; then the receipt. */
  submit(input: SubmitInput): Promise<ReceiptView>;
  /** The receipt/checklist data: the submitting session or staff only. */
  receipt(ticket: string): ReceiptView;
  track(ticket: string): TrackView;
  /** The verified enterprise's own requests, newest first. */
  mine(): RequestListItem[];
  /** Requests made at this kiosk today (the center's local day), newest first. */
  today(): RequestListItem[];
  /** A guide cancels an open request with a reason: timeline, audit and a notice to the back office. */
  cancel(ticket: string, reason: string): Promise<RequestListItem>;
  /** A guide starts a bundle for a walk-in: the session's request records who assisted. */
  startAssist(): void;
  /**
   * Records a status in a request's timeline (inside the caller's transaction): the back-office
   * sink, and the single-site console (issue 7). 'unknown' when no such request.
   */
  applyStatus(tx: Db, input: StatusInput): 'applied' | 'duplicate' | 'unknown';
  /** Purges personal fields of requests closed more than `retention.personalDataDays` ago. */
  purgePersonalData(): Promise<number>;
  close(): void;
}

export interface RequestServiceDeps {
  db: KioskDatabase;
  session: SessionService;
  catalog: CatalogService;
  hours: CenterHours;
  enterprises: EnterpriseService;
  sync: SyncService;
  config: KioskConfig;
  log: Logger;
  now: () => Date;
  /** How often the retention purge runs (default 6 hours); 0 = never by itself. */
  purgeEveryMs?: number;
}

const TICKET_NORMALIZE = /[\s\u00a0]+/g;

export function createRequestService(deps: RequestServiceDeps): RequestService {
  const { db, session, catalog, hours, enterprises, sync, config, log, now } = deps;
  const tz = config.hours.timeZone;
  /** Requests submitted in the current visitor session (receipt and full tracking). */
  const owned = new Set<string>();
  let assist: { staffId: string } | null = null;
  session.onReset(() => {
    owned.clear();
    assist = null;
  });

  const place = (): KioskPlace => ({
    kioskId: config.kioskId,
    centerName: config.centerName,
    locationName: config.locationName,
  });
  const staff = () => session.state().staff;

  function byTicket(ticket: string): RequestRecord {
    const clean = ticket.replace(TICKET_NORMALIZE, '').toUpperCase();
    const parsed = parseTicket(clean);
    if (!parsed) throw new RequestError('NOT_FOUND', 'not a ticket number', ['ticket']);
    const r = db.read((d) => getRequestByTicket(d, parsed.ticket));
    if (!r) throw new RequestError('NOT_FOUND', 'no such ticket');
    return r;
  }

  function mayReadFull(r: RequestRecord): boolean {
    if (owned.has(r.id) || staff()) return true;
    const e = session.state().enterprise;
    return e !== null && e.verified && r.uscc === e.uscc;
  }

  function applyStatus(tx: Db, input: StatusInput): 'applied' | 'duplicate' | 'unknown' {
    const r = getRequest(tx, input.requestId);
    if (!r) return 'unknown';
    const added = appendEvent(tx, {
      requestId: r.id,
      at: input.at,
      status: input.status,
      note: input.note,
      verdict: input.verdict,
      source: input.source,
      staffId: input.staffId,
      changeId: input.changeId,
    });
    if (!added) return 'duplicate';
    // A follow-up (回访) is recorded but does not change the status; a cancelled request stays
    // cancelled at the kiosk whatever arrives after it.
    if (input.status !== 'follow-up' && r.status !== 'cancelled') {
      const status = input.status as RequestStatus;
      setStatus(tx, r.id, {
        status,
        at: input.at,
        closedAt: CLOSED_STATUSES.includes(status) ? input.at : null,
      });
    }
    return 'applied';
  }

  sync.addStatusSink({
    name: 'requests',
    apply(tx, change: StatusChange) {
      if (change.kind !== null && change.kind !== 'request') return 'unknown';
      const out = applyStatus(tx, {
        requestId: change.submissionId,
        status: change.status,
        at: change.at,
        note: change.note,
        verdict: change.verdict,
        source: 'back-office',
        staffId: null,
        changeId: change.changeId,
      });
      return out === 'unknown' ? 'unknown' : 'applied';
    },
    delivered(tx, info) {
      if (info.kind === 'request') markSent(tx, info.id, info.deliveredAt);
    },
  });

  const service: RequestService = {
    async submit(input) {
      const existing = db.read((d) => getRequest(d, input.requestId));
      if (existing) {
        // The same submit again (a retry after a lost answer): the same ticket, never a second one.
        if (owned.has(existing.id)) return receiptView(existing, place());
        throw new RequestError('DUPLICATE', 'this request id is taken', ['requestId']);
      }
      const at = now();
      const draft = draftRequest(input, {
        catalog,
        session: session.state(),
        enterpriseName: (uscc) => enterprises.find(uscc)?.name ?? null,
        assistedBy: staff()?.id ?? assist?.staffId ?? null,
        defaultFeedbackDays: config.catalog.feedbackDays,
        appealResponseDays: config.voice.responseDays,
        promise: (when, days) => hours.promise(when, days),
        now: at,
      });
      const ticketDate = wallClock(at, tz).date;
      const catalogVersion = `${catalog.loaded.version} ${catalog.loaded.hash.slice(0, 12)}`;
      const record = await db.write((tx) => {
        const seq = nextTicketSeq(tx, ticketDate);
        const r: RequestRecord = {
          ...draft,
          ticket: formatTicket(config.kioskId, ticketDate, seq),
          ticketDate,
          ticketSeq: seq,
        };
        insertRequest(tx, r);
        appendEvent(tx, {
          requestId: r.id,
          at: r.createdAt,
          status: 'submitted',
          note: null,
          verdict: null,
          source: 'kiosk',
          staffId: r.assistedBy,
          changeId: null,
        });
        sync.enqueue(tx, { id: r.id, kind: 'request', body: requestWireBody(r, catalogVersion) });
        return r;
      });
      owned.add(record.id);
      log.info('request.submitted', {
        id: record.id,
        ticket: record.ticket,
        kind: record.kind,
        bundle: record.bundleId,
        measure: record.measureNo,
        audience: record.audience,
        verified: record.verified,
        assisted: record.assistedBy !== null,
      });
      return receiptView(record, place());
    },

    receipt(ticket) {
      const r = byTicket(ticket);
      if (!owned.has(r.id) && !staff()) throw new RequestError('NOT_FOUND', 'no such ticket here');
      return receiptView(r, place());
    },

    track(ticket) {
      const r = byTicket(ticket);
      const timeline = db.read((d) => timelineOf(d, r.id));
      return trackView(r, timeline, mayReadFull(r) ? 'full' : 'status');
    },

    mine() {
      const s = session.state();
      const e = s.enterprise;
      if (!e || !(e.verified || s.audience === 'staff'))
        throw new RequestError('NOT_VERIFIED', 'only a verified enterprise sees its requests');
      return db.read((d) => listRequests(d, { uscc: e.uscc, limit: 200 })).map(listItem);
    },

    today() {
      const day = wallClock(now(), tz).date;
      const since = instantOf(day, 0, tz).toISOString();
      return db.read((d) => listRequests(d, { since, limit: 500 })).map(listItem);
    },

    async cancel(ticket, reason) {
      const who = staff();
      if (!who) throw new RequestError('NOT_FOUND', 'staff only');
      const r = byTicket(ticket);
      if (CLOSED_STATUSES.includes(r.status))
        throw new RequestError('NOT_OPEN', `the request is ${r.status}`);
      const at = now().toISOString();
      const updated = await db.write((tx) => {
        applyStatus(tx, {
          requestId: r.id,
          status: 'cancelled',
          at,
          note: reason,
          verdict: null,
          source: 'guide',
          staffId: who.id,
          changeId: null,
        });
        appendAudit(tx, {
          at,
          staffId: who.id,
          action: 'cancel-request',
          requestId: r.id,
          detail: `${r.ticket}: ${reason}`,
        });
        sync.enqueue(tx, {
          id: crypto.randomUUID(),
          kind: 'request-cancel',
          body: cancelWireBody(r, { at, staffId: who.id, reason }),
        });
        return getRequest(tx, r.id) as RequestRecord;
      });
      log.info('request.cancelled', { id: r.id, ticket: r.ticket, staffId: who.id });
      return listItem(updated);
    },

    startAssist() {
      const who = staff();
      if (who) assist = { staffId: who.id };
    },

    applyStatus,

    purgePersonalData: () =>
      purgeDuePersonalData({
        db,
        sync,
        log,
        now,
        days: config.retention.personalDataDays,
      }),

    close() {
      if (timer) clearInterval(timer);
    },
  };

  const every = deps.purgeEveryMs ?? 6 * 3_600_000;
  const runPurge = () =>
    void service
      .purgePersonalData()
      .catch((e: unknown) => log.warn('request.purge_failed', { error: (e as Error).message }));
  const timer = every > 0 ? setInterval(runPurge, every) : null;
  timer?.unref();
  return service;
}
