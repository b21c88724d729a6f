// Requests: submit (stored durably, with its outbox envelope, before the ticket is shown), the
// receipt, tracking, an enterprise's list, guide mode's day list and cancel, statuses from the
// back office (a status sink) or the guide console, and the retention purge of personal data.
//
// Who may see what is decided here, from the session in main:
//   - the receipt: the session that submitted the request, or staff;
//   - tracking: anyone with the ticket number sees its status and dates (rate-limited); whoever
//     keys or scans the receipt's tracking code, the session that submitted it, the verified
//     enterprise that made it and staff see the full view (notes included);
//   - an enterprise's list: a verified enterprise (or staff serving one).
// What a session may see is keyed to the session's id: when the session ends (any way it ends)
// the id rotates and nothing of it is honoured any more.
//
// Submitting is idempotent across crashes: the fingerprint of what was submitted is stored with
// the request, so the same request id with the same content gets its ticket back (the answer may
// have been lost when the kiosk died), and a different content under that id is refused.
import crypto from 'node:crypto';
import type { StatusChange } from '../../domain/sync';
import {
  CLOSED_STATUSES,
  type ReceiptView,
  type RequestListItem,
  type RequestStatus,
  type ServiceGuideLine,
  type TimelineStatus,
  type TrackView,
} from '../../domain/request';
import type { ServiceGuide } from '../../domain/catalog';
import { Refusal } from '../../refusal';
import { formatTicket, normalizeTrackCode, parseTicket } from '../../domain/ticket';
import type { ParsedArgsOf } from '../../contract';
import { printableOf, type PrintOutcome } from '../../domain/printing';
import { appendAudit } from '../guide/audit-repository';
import type { PrintService } from '../printing/print-service';
import type { CatalogService } from '../catalog/catalog-service';
import type { CenterHours } from '../calendar/center-hours';
import { instantOf, wallClock } from '../calendar/wall-clock';
import type { KioskConfig } from '../config';
import type { EnterpriseService } from '../enterprises/enterprise-service';
import { licenceViews } from '../../domain/enterprise';
import { dayIn } from '../../domain/enterprise-traits';
import type { Logger } from '../logger';
import type { SessionService } from '../session';
import type { KioskDatabase } from '../storage/database';
import type { Db } from '../storage/sql';
import type { Migration } from '../storage/migrations/index';
import type { SyncService } from '../sync/sync-service';
import { draftRequest, submissionHash, type SubmitInput } from './request-builder';
import {
  appendEvent,
  getRequest,
  getRequestByTicket,
  insertRequest,
  latestEventSeq,
  listRequests,
  markSent,
  nextTicketSeq,
  setStatus,
  timelineOf,
  type RequestRecord,
} from './request-repository';
import { hasArchiveTables, archivedByTicket } from './archive-repository';
import { archiveRequests, type ArchiveRun } from './request-archive';
import {
  archivedTrackView,
  listItem,
  receiptView,
  trackView,
  type KioskPlace,
} from './request-views';
import { cancelWireBody, requestWireBody } from './request-wire';
import { purgeDuePersonalData } from './retention';
import { createTrackLimits } from './track-limits';

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
  /**
   * Tracking by ticket number; with the receipt's tracking code (`code`), the full view, and the
   * session holds the ticket from then on (it may rate it).
   */
  track(ticket: string, code?: string | null): TrackView;
  /** Whether this session holds `r`: it submitted it, showed its code, or is its verified enterprise. */
  holds(r: RequestRecord): boolean;
  /** The verified enterprise's own requests, newest first. */
  mine(): RequestListItem[];
  /** Requests made at this kiosk today (the center's local day), newest first. */
  today(): RequestListItem[];
  /** A guide cancels an open request with a reason: timeline, audit and a notice to the back office. */
  cancel(ticket: string, reason: string): Promise<RequestListItem>;
  /** A guide starts a bundle for a walk-in: the session's request records who assisted (audited). */
  startAssist(): Promise<void>;
  /**
   * Prints a request's receipt or checklist: the receipt's own rule says who may (the submitting
   * session or staff); a reprint is for guides and audited.
   */
  print(input: PrintInput): Promise<PrintOutcome>;
  /**
   * Records a status in a request's timeline (inside the caller's transaction): the back-office
   * sink, and the single-site console. 'unknown' when no such request.
   */
  applyStatus(tx: Db, input: StatusInput): 'applied' | 'duplicate' | 'unknown';
  /** Purges personal fields of requests closed more than `retention.personalDataDays` ago. */
  purgePersonalData(): Promise<number>;
  /**
   * Moves requests closed more than `retention.archiveAfterDays` ago (already purged) to the
   * archive files and deletes archived ones past `retention.archiveKeepDays`; null when no
   * archive directory was given.
   */
  archive(): Promise<ArchiveRun | null>;
  /**
   * The retention purge, then the archive: what the maintenance timer runs (at start, where the
   * purge has just run, the archive alone, in the background).
   */
  maintain(opts?: { purge?: boolean }): Promise<void>;
  /** Resolves once a maintenance run under way has ended (before the database closes). */
  close(): Promise<void>;
}

export type PrintInput = ParsedArgsOf<'requestPrint'>;

export interface RequestServiceDeps {
  db: KioskDatabase;
  printing: PrintService;
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
  /** <data>/archive, and the schema its files are kept in; without them nothing is archived. */
  archive?: { dir: string; migrations: readonly Migration[] };
}

const TICKET_NORMALIZE = /[\s\u00a0]+/g;

/** Six random digits: the receipt's proof that it is in hand. */
function newTrackCode(): string {
  return String(crypto.randomInt(0, 1_000_000)).padStart(6, '0');
}

export function createRequestService(deps: RequestServiceDeps): RequestService {
  const { db, session, catalog, hours, enterprises, sync, config, log, now, printing } = deps;

  /** The receipt, with 证照到期提醒 when the enterprise was verified or served by staff. */
  function receiptOf(r: RequestRecord): ReceiptView {
    const view = receiptView(r, place(), guidesOf(r));
    const a = view.applicant;
    if (!a.uscc || !(a.verified || a.audience === 'staff')) return view;
    const record = enterprises.find(a.uscc);
    if (!record) return view;
    const reminders = licenceViews(record.licences, dayIn(now(), config.hours.timeZone)).filter(
      (l) => l.state === 'expiring' || l.state === 'expired',
    );
    return { ...view, licenceReminders: reminders };
  }
  const tz = config.hours.timeZone;
  /**
   * Requests a session holds, by request id → the session's id: it submitted them (receipt, full
   * tracking, rating) or showed their tracking code (full tracking, rating).
   */
  const held = new Map<string, { session: string; submitted: boolean }>();
  /** A guide started this session for a walk-in: its requests record who assisted. */
  let assist: { staffId: string; session: string } | null = null;
  const limits = createTrackLimits();
  session.onReset(() => {
    held.clear();
    assist = null;
  });
  const holding = (id: string) => {
    const h = held.get(id);
    return h !== undefined && h.session === session.id() ? h : null;
  };
  const assistedBy = () => (assist && assist.session === session.id() ? assist.staffId : null);

  const place = (): KioskPlace => ({
    kioskId: config.kioskId,
    centerName: config.centerName,
    locationName: config.locationName,
  });
  const staff = () => session.state().staff;

  function ticketOf(ticket: string): string {
    const parsed = parseTicket(ticket.replace(TICKET_NORMALIZE, '').toUpperCase());
    if (!parsed) throw new Refusal('NOT_FOUND', 'not a ticket number', ['ticket']);
    return parsed.ticket;
  }

  function byTicket(ticket: string): RequestRecord {
    const r = db.read((d) => getRequestByTicket(d, ticketOf(ticket)));
    if (!r) throw new Refusal('NOT_FOUND', 'no such ticket');
    return r;
  }

  function holds(r: RequestRecord): boolean {
    if (holding(r.id)) return true;
    const e = session.state().enterprise;
    return e !== null && e.verified && r.uscc === e.uscc;
  }

  const limited = (until: number) =>
    new Refusal(
      'RATE_LIMITED',
      `too many look-ups; try again after ${new Date(until).toISOString()}`,
    );

  /** An archived request's status, or null when the ticket is not archived either. */
  const archivedTrack = (number: string): TrackView | null => {
    const a = db.read((d) => (hasArchiveTables(d) ? archivedByTicket(d, number) : undefined));
    return a ? archivedTrackView(a) : null;
  };

  function track(ticket: string, code?: string | null): TrackView {
    const number = ticketOf(ticket);
    const t = now().getTime();
    if (staff() && !db.read((d) => getRequestByTicket(d, number))) {
      const archived = archivedTrack(number);
      if (archived) return archived;
    }
    const full = (r: RequestRecord) =>
      trackView(
        r,
        db.read((d) => timelineOf(d, r.id)),
        'full',
      );
    if (staff()) return full(byTicket(number));
    if (code !== undefined && code !== null && code.trim() !== '') {
      const blocked = limits.codeBlockedUntil(number, t);
      if (blocked !== null) throw limited(blocked);
      const r = db.read((d) => getRequestByTicket(d, number));
      const given = normalizeTrackCode(code);
      if (r && r.trackCode !== null && given !== null && given === r.trackCode) {
        if (!holding(r.id)) held.set(r.id, { session: session.id(), submitted: false });
        return full(r);
      }
      // An archived request shows its status to everyone alike, so a code is not checked
      // against it; the look-up still counts.
      const archived = r ? null : archivedTrack(number);
      if (!archived) limits.wrongCode(number, t);
      const until = limits.lookUp(number, t);
      if (until !== null) throw limited(until);
      if (archived) return archived;
      if (!r) throw new Refusal('NOT_FOUND', 'no such ticket');
      throw new Refusal('BAD_CODE', 'the tracking code is not this ticket’s', ['code']);
    }
    const r = db.read((d) => getRequestByTicket(d, number));
    if (r && holds(r)) return full(r);
    // Without the receipt: counted, whether or not the ticket exists (existence is what a walk
    // through ticket numbers would learn).
    const until = limits.lookUp(number, t);
    if (until !== null) throw limited(until);
    if (!r) {
      const archived = archivedTrack(number);
      if (archived) return archived;
      throw new Refusal('NOT_FOUND', 'no such ticket');
    }
    return trackView(
      r,
      db.read((d) => timelineOf(d, r.id)),
      'status',
    );
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
    if (added === null) return 'duplicate';
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

  /** The guides the catalog in force holds for the request's basic services (a newer bundle's). */
  const guidesOf = (r: RequestRecord): ServiceGuideLine[] => {
    const guides = r.bundleId ? catalog.bundle(r.bundleId)?.guides : undefined;
    if (!guides) return [];
    return r.services
      .filter((s) => s.kind === 'basic' && Object.hasOwn(guides, s.name))
      .map((s) => ({ service: s.name, guide: guides[s.name] as ServiceGuide }));
  };

  let maintaining: Promise<void> | null = null;
  let archiving: Promise<ArchiveRun> | null = null;
  let stopping = false;
  const service: RequestService = {
    async submit(input) {
      const hash = submissionHash(input);
      // The same submission again (a retry after a lost answer, also across a crash of the
      // kiosk): the same ticket, never a second one; another content under a taken id: refused.
      const again = (existing: RequestRecord): ReceiptView => {
        if (existing.submitHash === null || existing.submitHash !== hash)
          throw new Refusal('DUPLICATE', 'this request id is taken', ['requestId']);
        held.set(existing.id, { session: session.id(), submitted: true });
        log.info('request.resubmitted', { id: existing.id, ticket: existing.ticket });
        return receiptOf(existing);
      };
      const existing = db.read((d) => getRequest(d, input.requestId));
      if (existing) return again(existing);
      const at = now();
      const draft = draftRequest(input, {
        catalog,
        session: session.state(),
        enterpriseName: (uscc) => enterprises.find(uscc)?.name ?? null,
        assistedBy: staff()?.id ?? assistedBy(),
        defaultFeedbackDays: config.catalog.feedbackDays,
        appealResponseDays: config.voice.responseDays,
        promise: (when, days) => hours.promise(when, days),
        now: at,
      });
      const ticketDate = wallClock(at, tz).date;
      const catalogVersion = `${catalog.loaded.version} ${catalog.loaded.hash.slice(0, 12)}`;
      const stored = await db.write((tx) => {
        // Two submits of one id at once: the second finds the first here.
        const first = getRequest(tx, draft.id);
        if (first) return { record: first, fresh: false };
        const seq = nextTicketSeq(tx, ticketDate);
        const r: RequestRecord = {
          ...draft,
          ticket: formatTicket(config.kioskId, ticketDate, seq),
          ticketDate,
          ticketSeq: seq,
          submitHash: hash,
          trackCode: newTrackCode(),
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
        return { record: r, fresh: true };
      });
      if (!stored.fresh) return again(stored.record);
      const record = stored.record;
      held.set(record.id, { session: session.id(), submitted: true });
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
      return receiptOf(record);
    },

    receipt(ticket) {
      const r = byTicket(ticket);
      if (!holding(r.id)?.submitted && !staff())
        throw new Refusal('NOT_FOUND', 'no such ticket here');
      return receiptOf(r);
    },

    track,
    holds,

    mine() {
      const s = session.state();
      const e = s.enterprise;
      if (!e || !(e.verified || s.audience === 'staff'))
        throw new Refusal('NOT_VERIFIED', 'only a verified enterprise sees its requests');
      return db.read((d) => listRequests(d, { uscc: e.uscc, limit: 200 })).map(listItem);
    },

    today() {
      const day = wallClock(now(), tz).date;
      const since = instantOf(day, 0, tz).toISOString();
      return db.read((d) => listRequests(d, { since, limit: 500 })).map(listItem);
    },

    async cancel(ticket, reason) {
      const who = staff();
      if (!who) throw new Refusal('NOT_FOUND', 'staff only');
      const r = byTicket(ticket);
      if (CLOSED_STATUSES.includes(r.status))
        throw new Refusal('NOT_OPEN', `the request is ${r.status}`);
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
        // The reason is kept once, in the timeline (purged with it); the audit refers to it.
        appendAudit(tx, {
          at,
          staffId: who.id,
          action: 'cancel-request',
          requestId: r.id,
          detail: r.ticket,
          noteRef: `event:${latestEventSeq(tx, r.id)}`,
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

    async startAssist() {
      const who = staff();
      if (!who) return;
      assist = { staffId: who.id, session: session.id() };
      await db.write((d) =>
        appendAudit(d, {
          at: now().toISOString(),
          staffId: who.id,
          action: 'assist-walk-in',
          requestId: null,
          detail: null,
        }),
      );
    },

    async print({ ticket, document, heightMm, reprint, locale }) {
      const receipt = service.receipt(ticket);
      const by = staff()?.id ?? null;
      if (reprint && !by) throw new Refusal('FORBIDDEN', 'reprinting is for guides');
      const out = await printing.print({
        document,
        receipt: printableOf(receipt),
        locale,
        heightMm,
      });
      if (reprint && by)
        await db.write((d) =>
          appendAudit(d, {
            at: now().toISOString(),
            staffId: by,
            action: document === 'receipt' ? 'reprint-receipt' : 'reprint-checklist',
            requestId: receipt.id,
            detail: `${receipt.ticket}: ${out.outcome === 'fault' ? `fault ${out.fault}` : out.outcome}`,
          }),
        );
      return out;
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

    archive() {
      const where = deps.archive;
      if (!where) return Promise.resolve(null);
      // One run at a time, whoever asks: two would write the same month's files.
      archiving ??= archiveRequests({
        db,
        dir: where.dir,
        migrations: where.migrations,
        log,
        now,
        afterDays: config.retention.archiveAfterDays,
        keepDays: config.retention.archiveKeepDays,
        stop: () => stopping,
      }).finally(() => {
        archiving = null;
      });
      return archiving;
    },

    maintain(opts = {}) {
      // One run at a time: a slow archive run is not started twice by the timer.
      maintaining ??= (async () => {
        try {
          if (opts.purge ?? true)
            await service
              .purgePersonalData()
              .catch((e: unknown) =>
                log.warn('request.purge_failed', { error: (e as Error).message }),
              );
          if (stopping) return;
          await service
            .archive()
            .catch((e: unknown) =>
              log.warn('request.archive_failed', { error: (e as Error).message }),
            );
        } finally {
          maintaining = null;
        }
      })();
      return maintaining;
    },

    async close() {
      stopping = true;
      if (timer) clearInterval(timer);
      await maintaining;
      await archiving?.catch(() => undefined);
    },
  };

  const every = deps.purgeEveryMs ?? 6 * 3_600_000;
  const timer = every > 0 ? setInterval(() => void service.maintain(), every) : null;
  timer?.unref();
  return service;
}
