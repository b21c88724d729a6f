// The enterprise's voice. 诉求 themselves are requests of kind `appeal` (the request
// service submits, receipts, tracks and purges them); this service holds what is new around them:
// the categories a 诉求 can be raised in, 好差评 ratings (stored with the ticket and bundle only,
// sent to the back office once each through the outbox), the follow-up items a low rating opens,
// and guide mode's 回访 record (through the request service's applyStatus).
//
// Who may rate: the session that submitted a ticket, right after submitting (`submission`); and
// whoever holds a completed ticket (`completion`): the session that made it, whoever showed the
// receipt's tracking code, or its verified enterprise — not whoever knows its number. One rating
// per ticket per occasion, so a ticket is rated at most twice.
import crypto from 'node:crypto';
import type { RequestStatus, TrackView } from '../../domain/request';
import { parseTicket } from '../../domain/ticket';
import {
  appealCategories,
  isLowRating,
  RATING_REASONS,
  RATING_SCORE,
  weekOf,
  type AppealCategoryView,
  type FollowUpView,
  type RatingLevel,
  type RatingOccasion,
  type RatingOutcome,
  type RatingPrompt,
  type RatingSummary,
} from '../../domain/voice';
import { wallClock } from '../calendar/wall-clock';
import type { ParsedArgsOf } from '../../contract';
import { Refusal } from '../../refusal';
import type { CatalogService } from '../catalog/catalog-service';
import type { KioskConfig } from '../config';
import { appendAudit } from '../guide/audit-repository';
import type { Logger } from '../logger';
import {
  getRequestByTicket,
  latestEventSeq,
  type RequestRecord,
} from '../requests/request-repository';
import type { RequestService } from '../requests/request-service';
import type { SessionService } from '../session';
import type { KioskDatabase } from '../storage/database';
import type { SyncService } from '../sync/sync-service';
import {
  closeFollowUp,
  getFollowUp,
  insertFollowUp,
  listFollowUps,
  type FollowUpWithRequest,
} from './follow-up-repository';
import { insertRating, markRatingSent, ratingOf, type RatingRecord } from './rating-repository';
import { summarizeRatings } from './rating-summary';
import { followUpView } from './voice-views';

export type RateInput = ParsedArgsOf<'ratingSubmit'>;

export interface VoiceService {
  /** The categories a 诉求 can be raised in, with where each goes and its prepared descriptions. */
  categories(): AppealCategoryView[];
  /** Whether the screen should offer a rating of this ticket on this occasion now. */
  ratingPrompt(ticket: string, occasion: RatingOccasion): RatingPrompt;
  /** Stores a rating and its outbox envelope in one durable write; a low one opens a follow-up. */
  rate(input: RateInput): Promise<RatingOutcome>;
  /** Ratings summed by bundle, board and week (guide mode, kioskctl), the last `days` or all. */
  summary(opts: { days: number | null }): RatingSummary;
  /** Staff: follow-up items, open ones first. */
  followUps(state: 'open' | 'all'): FollowUpView[];
  /** Staff: the whole contact number of a follow-up's request, to call back (audited). */
  followUpContact(id: string): Promise<{ phone: string | null }>;
  /** Staff: close an open follow-up item with a note, and the 回访 verdict if they called back. */
  closeFollowUp(id: string, note: string, verdict: RatingLevel | null): Promise<FollowUpView>;
  /** Staff (single site): the center called back: a 回访 entry with the verdict on the ticket. */
  recordFollowUp(ticket: string, verdict: RatingLevel, note: string | null): Promise<TrackView>;
}

export interface VoiceServiceDeps {
  db: KioskDatabase;
  session: SessionService;
  catalog: CatalogService;
  requests: RequestService;
  sync: SyncService;
  config: KioskConfig;
  log: Logger;
  now: () => Date;
}

const TICKET_NORMALIZE = /[\s\u00a0]+/g;
/** Statuses after which a 回访 makes no sense at the kiosk. */
const NO_FOLLOW_UP: readonly RequestStatus[] = ['cancelled'];

/** The body of a `rating` submission (docs/voice.md). No personal data. */
export function ratingWireBody(r: RatingRecord, followUp: boolean): Record<string, unknown> {
  return {
    schema: 'deqing.rating/1',
    ratingId: r.id,
    requestId: r.requestId,
    ticket: r.ticket,
    requestKind: r.requestKind,
    bundleId: r.bundleId,
    board: r.board,
    occasion: r.occasion,
    level: r.level,
    score: r.score,
    reasons: r.reasons,
    ratedAt: r.ratedAt,
    followUp,
  };
}

export function createVoiceService(deps: VoiceServiceDeps): VoiceService {
  const { db, session, catalog, requests, sync, config, log, now } = deps;
  const tz = config.hours.timeZone;
  const staff = () => session.state().staff;

  function byTicket(ticket: string): RequestRecord {
    const parsed = parseTicket(ticket.replace(TICKET_NORMALIZE, '').toUpperCase());
    if (!parsed) throw new Refusal('NOT_FOUND', 'not a ticket number', ['ticket']);
    const r = db.read((d) => getRequestByTicket(d, parsed.ticket));
    if (!r) throw new Refusal('NOT_FOUND', 'no such ticket');
    return r;
  }

  /** Whether this session may rate `r` on `occasion` at all (before looking at past ratings). */
  function mayRate(
    r: RequestRecord,
    occasion: RatingOccasion,
  ): 'yes' | 'not-completed' | 'no-receipt' {
    // A completed ticket is rated by whoever holds it: the session that made it, whoever showed
    // its receipt's tracking code, or its verified enterprise. Knowing the (sequential) ticket
    // number is not enough: a stranger could otherwise use up the owner's one rating.
    if (occasion === 'completion') {
      if (!requests.holds(r)) return 'no-receipt';
      return r.status === 'completed' ? 'yes' : 'not-completed';
    }
    // Right after submitting: only the submitting session (or staff) holds the receipt.
    try {
      requests.receipt(r.ticket);
    } catch (e) {
      if (e instanceof Refusal) throw new Refusal('NOT_FOUND', 'not this session’s ticket');
      throw e;
    }
    return 'yes';
  }

  function requireStaff(): { id: string } {
    const who = staff();
    if (!who) throw new Refusal('NOT_FOUND', 'staff only');
    return who;
  }

  sync.addStatusSink({
    name: 'ratings',
    // The back office reports no statuses for ratings; changes for them are not ours to apply.
    apply: () => 'unknown',
    delivered(tx, info) {
      if (info.kind === 'rating') markRatingSent(tx, info.id, info.deliveredAt);
    },
  });

  return {
    categories: () => appealCategories(catalog.boards()),

    ratingPrompt(ticket, occasion) {
      const r = byTicket(ticket);
      const may = mayRate(r, occasion);
      if (may !== 'yes') return { ticket: r.ticket, occasion, open: false, reason: may };
      const rated = db.read((d) => ratingOf(d, r.id, occasion)) !== undefined;
      return { ticket: r.ticket, occasion, open: !rated, reason: rated ? 'rated' : 'open' };
    },

    async rate(input) {
      const r = byTicket(input.ticket);
      const may = mayRate(r, input.occasion);
      if (may === 'no-receipt')
        throw new Refusal('NOT_RATABLE', 'rating needs the receipt’s tracking code');
      if (may !== 'yes') throw new Refusal('NOT_RATABLE', 'the ticket is not completed');
      const low = isLowRating(input.level);
      const reasons = RATING_REASONS.filter((x) => input.reasons.includes(x));
      if (!low && reasons.length)
        throw new Refusal('INVALID_RATING', 'reasons go with a low rating only', ['reasons']);
      const at = now();
      const ratedDate = wallClock(at, tz).date;
      const record: RatingRecord = {
        id: crypto.randomUUID(),
        requestId: r.id,
        ticket: r.ticket,
        requestKind: r.kind,
        bundleId: r.bundleId,
        board: r.routing.board,
        occasion: input.occasion,
        level: input.level,
        score: RATING_SCORE[input.level],
        reasons,
        ratedAt: at.toISOString(),
        ratedDate,
        week: weekOf(ratedDate),
        sentAt: null,
      };
      await db.write((tx) => {
        // Checked inside the write: two quick taps cannot both be stored (the table refuses too).
        if (ratingOf(tx, r.id, input.occasion))
          throw new Refusal('ALREADY_RATED', 'already rated on this occasion');
        insertRating(tx, record);
        if (low)
          insertFollowUp(tx, {
            id: crypto.randomUUID(),
            ratingId: record.id,
            requestId: r.id,
            ticket: r.ticket,
            board: r.routing.board,
            occasion: record.occasion,
            level: record.level,
            reasons,
            openedAt: record.ratedAt,
          });
        sync.enqueue(tx, { id: record.id, kind: 'rating', body: ratingWireBody(record, low) });
      });
      log.info('voice.rated', {
        id: record.id,
        ticket: r.ticket,
        occasion: record.occasion,
        level: record.level,
        followUp: low,
      });
      return {
        id: record.id,
        ticket: r.ticket,
        occasion: record.occasion,
        level: record.level,
        followUp: low,
      };
    },

    summary({ days }) {
      const since =
        days === null ? null : new Date(now().getTime() - days * 86_400_000).toISOString();
      const boards = catalog.boards();
      return db.read((d) =>
        summarizeRatings(d, since, {
          bundle: (id) => catalog.bundle(id)?.name ?? null,
          board: (id) => boards.find((b) => b.id === id)?.fullName ?? id,
        }),
      );
    },

    followUps(state) {
      requireStaff();
      return db
        .read((d) => listFollowUps(d, state === 'open' ? { state: 'open' } : {}))
        .map(followUpView);
    },

    async followUpContact(id) {
      const who = requireStaff();
      const f = db.read((d) => getFollowUp(d, id));
      if (!f) throw new Refusal('NOT_FOUND', 'no such follow-up');
      await db.write((tx) =>
        appendAudit(tx, {
          at: now().toISOString(),
          staffId: who.id,
          action: 'view-follow-up-contact',
          requestId: f.requestId,
          detail: f.ticket,
        }),
      );
      return { phone: f.contactPhone };
    },

    async closeFollowUp(id, note, verdict) {
      const who = requireStaff();
      const f = db.read((d) => getFollowUp(d, id));
      if (!f) throw new Refusal('NOT_FOUND', 'no such follow-up');
      const at = now().toISOString();
      await db.write((tx) => {
        if (!closeFollowUp(tx, id, { at, staffId: who.id, note, verdict }))
          throw new Refusal('NOT_OPEN', 'the follow-up is closed already');
        // Staff called back and heard a verdict: the ticket's timeline shows the 回访 (the note
        // is staff's own words and stays in guide mode).
        if (verdict !== null)
          requests.applyStatus(tx, {
            requestId: f.requestId,
            status: 'follow-up',
            at,
            note: null,
            verdict,
            source: 'guide',
            staffId: who.id,
            changeId: null,
          });
        // The note is kept once, with the follow-up (purged with it); the audit refers to it.
        appendAudit(tx, {
          at,
          staffId: who.id,
          action: 'close-follow-up',
          requestId: f.requestId,
          detail: `${f.ticket}${verdict ? ` (回访 ${verdict})` : ''}`,
          noteRef: `follow-up:${id}`,
        });
      });
      log.info('voice.follow_up_closed', { id, ticket: f.ticket, staffId: who.id });
      return followUpView(db.read((d) => getFollowUp(d, id)) as FollowUpWithRequest);
    },

    async recordFollowUp(ticket, verdict, note) {
      const who = requireStaff();
      const r = byTicket(ticket);
      if (NO_FOLLOW_UP.includes(r.status))
        throw new Refusal('NOT_OPEN', `the request is ${r.status}`);
      const at = now().toISOString();
      await db.write((tx) => {
        requests.applyStatus(tx, {
          requestId: r.id,
          status: 'follow-up',
          at,
          note,
          verdict,
          source: 'guide',
          staffId: who.id,
          changeId: null,
        });
        appendAudit(tx, {
          at,
          staffId: who.id,
          action: 'record-follow-up',
          requestId: r.id,
          detail: `${r.ticket}: ${verdict}`,
          noteRef: note ? `event:${latestEventSeq(tx, r.id)}` : null,
        });
      });
      log.info('voice.follow_up_recorded', { ticket: r.ticket, verdict, staffId: who.id });
      return requests.track(r.ticket);
    },
  };
}
