// THE contract: every call the renderer can make to the services, declared once.
// The IPC handlers (electron/ipc.ts), the preload bridge (electron/preload.ts), the HTTP host
// (electron/hosts/http-host.ts) and the renderer's api module are all generated from this object;
// the services must implement `Handlers` below, so a call without a handler fails the type check.
//
// To add a call: add an entry here, then implement it in electron/handlers/. Nothing else.
// This file must stay free of Node imports: the renderer type-checks against it.
import { z } from 'zod';
import {
  call,
  returns,
  type CallOutcome,
  type CallSpec,
  type CommonError,
  type ResultType,
} from './domain/call';
import type { AppInfo, AppStatus } from './domain/app';
import type { GuideDuty } from './domain/help';
import type {
  AuditEntryView,
  GuideSettings,
  HelpCallView,
  KioskHealth,
  UnlockOutcome,
} from './domain/guide';
import {
  BOARD_IDS,
  type BoardDetail,
  type BundleDetail,
  type BundleGroup,
  type CatalogInfo,
  type MeasureView,
  type SearchResult,
  type StationSummary,
  type StationView,
  type TaskOverview,
} from './domain/catalog';
import type { MeasureDetail, PolicyMatchResult } from './domain/policy-match';
import type { SyncStatus } from './domain/sync';
import type { IdentifyResult, SessionView } from './domain/enterprise';
import type { ScanSettings } from './domain/scan-settings';
import type { ReceiptView, RequestListItem, SubmittedRequest, TrackView } from './domain/request';
import type { PrintOutcome } from './domain/printing';
import { VERDICTS } from './domain/sync';
import {
  RATING_OCCASIONS,
  RATING_REASONS,
  SPECIAL_APPEAL_CATEGORIES,
  type AppealCategoryView,
  type FollowUpView,
  type RatingOutcome,
  type RatingPrompt,
  type RatingSummary,
} from './domain/voice';
import {
  CONSOLE_STATUSES,
  DUE_BUCKETS,
  NOTE_MAX,
  NOTE_MIN,
  WORK_SCOPES,
  type WorkItem,
  type WorkQueueView,
} from './domain/work-queue';
import { DASHBOARD_PERIODS, type DashboardFigures } from './domain/dashboard';

const none = z.object({}).strict();
const slugArg = z
  .string()
  .max(60)
  .regex(/^[a-z0-9-]+$/);
/** A ticket as printed or keyed (`DQ01-20250612-0042`); checked by the services. */
const ticketArg = z.string().min(1).max(40);

export const contract = {
  /** Who and where this kiosk is; read once at start. */
  appInfo: call({ args: none, result: returns<AppInfo>() }),

  /** Whether the kiosk can take requests now (storage healthy). Polled by the renderer. */
  appStatus: call({ args: none, result: returns<AppStatus>() }),

  /** An error the renderer caught, for the operator's log. Never contains user input. */
  logClientError: call({
    args: z
      .object({
        where: z.string().min(1).max(200),
        message: z.string().max(2000),
      })
      .strict(),
    result: returns<{ logged: true }>(),
  }),
  /**
   * The visitor is done (finish, timeout, receipt) or the screen was reloaded: main forgets who was
   * at the screen, and a guide who was signed in is locked out (audited).
   */
  sessionEnd: call({
    args: z
      .object({ reason: z.enum(['timeout', 'finish', 'receipt', 'guide', 'reload']) })
      .strict(),
    /** `session`: the id of the session that starts now. */
    result: returns<{ ended: true; session: string }>(),
  }),

  /**
   * "呼叫帮办": a visitor asks for a guide; shown in guide mode (and sent to the back office), also
   * when nobody is on duty (`duty` says so, for the next guide to see).
   */
  callGuide: call({
    args: z
      .object({
        screen: z
          .string()
          .min(1)
          .max(60)
          .regex(/^[a-z0-9-]+$/),
      })
      .strict(),
    result: returns<{ id: string; duty: GuideDuty }>(),
    writes: true,
  }),
  /**
   * The renderer is alive (every 15 s); a silent renderer is reloaded by its shell. `active`:
   * someone touched the screen since the last beat (a signed-in guide's idle time starts again).
   */
  rendererHeartbeat: call({
    args: z.object({ active: z.boolean().default(false) }).strict(),
    result: returns<{ restartRequested: boolean }>(),
  }),

  /** What the renderer knows of its devices (the camera), for guide mode's health view. */
  reportDevices: call({
    args: z
      .object({ camera: z.enum(['ok', 'unavailable', 'denied', 'fault', 'unknown']) })
      .strict(),
    result: returns<{ recorded: true }>(),
  }),

  /** Unlock guide mode with a staff id and PIN (5 wrong tries lock PIN entry for 5 minutes). */
  guideUnlockPin: call({
    args: z
      .object({
        staffId: z.string().regex(/^[A-Za-z0-9]{2,16}$/),
        pin: z.string().regex(/^\d{6,8}$/),
      })
      .strict(),
    result: returns<UnlockOutcome>(),
    writes: true,
  }),

  guideLock: call({
    args: none,
    result: returns<{ locked: true }>(),
    access: 'staff',
    writes: true,
  }),

  guideHealth: call({ args: none, result: returns<KioskHealth>(), access: 'staff' }),

  guideHelpCalls: call({ args: none, result: returns<HelpCallView[]>(), access: 'staff' }),

  guideAnswerHelpCall: call({
    args: z.object({ id: z.uuid() }).strict(),
    result: returns<{ answered: boolean }>(),
    access: 'staff',
    writes: true,
  }),

  guideAudit: call({
    args: z.object({ limit: z.number().int().min(1).max(500).default(100) }).strict(),
    result: returns<AuditEntryView[]>(),
    access: 'staff',
  }),

  guideSettings: call({ args: none, result: returns<GuideSettings>(), access: 'staff' }),

  guideUpdateSettings: call({
    args: z
      .object({
        receiptPrinter: z.string().min(1).max(200).nullable().optional(),
        checklistPrinter: z.string().min(1).max(200).nullable().optional(),
        idleSeconds: z.number().int().min(30).max(900).optional(),
        receiptIdleSeconds: z.number().int().min(15).max(300).optional(),
        language: z.enum(['zh-CN', 'en']).optional(),
      })
      .strict(),
    result: returns<GuideSettings>(),
    access: 'staff',
    writes: true,
  }),

  /** Close the kiosk application (admins only). */
  guideExit: call({
    args: none,
    result: returns<{ exiting: true }>(),
    access: 'admin',
    writes: true,
  }),

  // ---- Service catalog (seeds/, or an override in <data>/catalog) ----

  /** Catalog version (human + content hash), source, and counts: for guide mode and footers. */
  catalogInfo: call({ args: none, result: returns<CatalogInfo>() }),

  /** Every 一类事, grouped by B-READY topic (featured ones last) or by board. */
  catalogBundles: call({
    args: z.object({ groupBy: z.enum(['topic', 'board']) }).strict(),
    result: returns<BundleGroup[]>(),
  }),

  /** One 一类事: its basic and value-added services, and the center's guidance for it. */
  catalogBundle: call({
    args: z
      .object({
        id: z
          .string()
          .max(60)
          .regex(/^[a-z0-9-]+$/),
      })
      .strict(),
    result: returns<BundleDetail>(),
    errors: ['NOT_FOUND'],
  }),

  /** The nine boards with lead departments, modules and the key works they carry. */
  catalogBoards: call({ args: none, result: returns<BoardDetail[]>() }),

  /** The five 总体任务 with their 重点工作 and measure counts. */
  catalogTasks: call({ args: none, result: returns<TaskOverview[]>() }),

  /** Measures filtered by board ('none' = the document's "/"), task number and/or key work. */
  catalogMeasures: call({
    args: z
      .object({
        board: z.enum([...BOARD_IDS, 'none']).optional(),
        task: z.number().int().min(1).max(20).optional(),
        keyWork: z.number().int().min(1).max(99).optional(),
      })
      .strict(),
    result: returns<MeasureView[]>(),
  }),

  /** The service stations (特色服务驿站) there are. */
  catalogStations: call({ args: none, result: returns<StationSummary[]>() }),

  /** One station's services, by type and category. */
  catalogStation: call({
    args: z
      .object({
        id: z
          .string()
          .max(60)
          .regex(/^[a-z0-9-]+$/),
      })
      .strict(),
    result: returns<StationView>(),
    errors: ['NOT_FOUND'],
  }),

  /**
   * Ranked search over bundles, services, boards, measures and station services (characters,
   * pinyin, initials). `recordMiss`: the person pressed Search, so a query that finds nothing is
   * kept (text ≤ 40 characters and the time, nothing else) for the dashboard.
   */
  catalogSearch: call({
    args: z
      .object({
        query: z.string().max(100),
        limit: z.number().int().min(1).max(100).default(30),
        recordMiss: z.boolean().default(false),
      })
      .strict(),
    result: returns<SearchResult>(),
  }),

  /** Guide mode: the back-office queue (backlog, dead letters with reasons, last contact). */
  syncStatus: call({ args: none, result: returns<SyncStatus>(), access: 'staff' }),

  /** Guide mode: send a dead letter again (after its cause was fixed). */
  syncRetry: call({
    args: z.object({ id: z.uuid() }).strict(),
    result: returns<{ id: string; state: 'pending' }>(),
    errors: ['NOT_FOUND', 'NOT_DEAD'],
    access: 'staff',
    writes: true,
  }),

  // --- Identification (issue 4): who is at the screen, and how far to trust it. ---------------

  /**
   * A text read by the camera or a USB scanner: classified, verified if signed, and the session
   * set from it. Refusals (not a code, failed check, expired/tampered/replayed token) are
   * results, not errors. The text may be long or hostile: it is only ever parsed.
   */
  identifyScan: call({
    args: z
      .object({
        text: z.string().max(8192),
        via: z.enum(['camera', 'usb-scanner']),
      })
      .strict(),
    result: returns<IdentifyResult>(),
  }),

  /** A credit code keyed in on the on-screen keypad. */
  identifyKeyed: call({
    args: z.object({ code: z.string().max(40) }).strict(),
    result: returns<IdentifyResult>(),
  }),

  /** The session's audience and the identified enterprise's profile, as this audience may see it. */
  enterpriseProfile: call({ args: none, result: returns<SessionView>() }),

  /** Camera settings for the scan screen (device id, decoding engine). */
  scanSettings: call({ args: none, result: returns<ScanSettings>() }),

  // --- 政策找企业 (issue 8): matched policies with reasons, 免申即享, 应享未享. ---------------------

  /**
   * The measures, bundles and station services that fit the identified enterprise, ranked, each
   * with its reasons in both languages; 应享未享 listed. Only for a verified enterprise or staff
   * assisting one — never for the public audience (NOT_VERIFIED); NO_PROFILE: no file here.
   */
  policyMatches: call({
    args: none,
    result: returns<PolicyMatchResult>(),
    errors: ['NOT_VERIFIED', 'NO_PROFILE'],
  }),

  /**
   * Prints the same enterprise's policy sheet (A4, one page) in `locale`, the same way as a
   * receipt: main renders it to PDF and spools it (the page never prints itself).
   */
  policySheetPrint: call({
    args: z.object({ locale: z.enum(['zh-CN', 'en']).default('zh-CN') }).strict(),
    result: returns<PrintOutcome>(),
    errors: ['NOT_VERIFIED', 'NO_PROFILE'],
    writes: true,
  }),

  /** One measure of 附件3 with its facets, online and offline channels and board: for everyone. */
  catalogMeasure: call({
    args: z.object({ no: z.number().int().min(1).max(999) }).strict(),
    result: returns<MeasureDetail>(),
    errors: ['NOT_FOUND'],
  }),

  // --- Requests (issue 5): the guided 一类事 request, receipt, tracking. ----------------------

  /**
   * Submits a bundle request or a one-step policy consultation. Resolves once the request and its
   * outbox envelope are durably stored, with the receipt (ticket, promised date). The applicant
   * (enterprise, verified or not, staff assistance) comes from the session, never from the args.
   * `requestId` is made by the page: the same id submitted again returns the same ticket.
   */
  requestSubmit: call({
    args: z
      .object({
        requestId: z.uuid(),
        subject: z.discriminatedUnion('kind', [
          z
            .object({
              kind: z.literal('bundle'),
              bundleId: slugArg,
              answers: z
                .record(slugArg, z.boolean())
                .refine((a) => Object.keys(a).length <= 20, 'at most 20 answers'),
              items: z
                .array(
                  z
                    .string()
                    .max(80)
                    .regex(/^[a-z0-9-]+$/),
                )
                .max(150),
            })
            .strict(),
          z
            .object({
              kind: z.literal('consultation'),
              measureNo: z.number().int().min(1).max(999).nullable(),
              board: z.enum(BOARD_IDS).nullable(),
            })
            .strict(),
          // 诉求 (兜底办, issue 10): a category, a prepared description and/or a short typed text
          // (the services allow 200 characters; this bound is only the transport's).
          z
            .object({
              kind: z.literal('appeal'),
              category: z.enum([...BOARD_IDS, ...SPECIAL_APPEAL_CATEGORIES]),
              topic: slugArg.nullable(),
              text: z.string().max(1000).nullable(),
            })
            .strict(),
        ]),
        founder: z.boolean().default(false),
        contact: z
          .object({ phone: z.string().max(20).nullable(), name: z.string().max(40).nullable() })
          .strict(),
        privacyAccepted: z.literal(true),
      })
      .strict(),
    result: returns<SubmittedRequest>(),
    errors: ['NOT_FOUND', 'INVALID_REQUEST', 'DUPLICATE'],
    writes: true,
  }),

  /** The receipt/checklist data of a request: the session that submitted it, or staff. */
  requestReceipt: call({
    args: z.object({ ticket: ticketArg }).strict(),
    result: returns<ReceiptView>(),
    errors: ['NOT_FOUND'],
  }),

  /**
   * Tracking by ticket: timeline and promised date. By the ticket number alone, status and dates
   * only (look-ups limited: RATE_LIMITED); with the receipt's tracking code (`code`, 6 digits) the
   * notes too, and the ticket may be rated — as for the session that made it and its verified
   * enterprise. BAD_CODE: the code is not the ticket's.
   */
  requestTrack: call({
    args: z
      .object({ ticket: ticketArg, code: z.string().max(20).nullable().default(null) })
      .strict(),
    result: returns<TrackView>(),
    errors: ['NOT_FOUND', 'BAD_CODE', 'RATE_LIMITED'],
  }),

  /** A verified enterprise's own requests, newest first. */
  requestsMine: call({
    args: none,
    result: returns<RequestListItem[]>(),
    errors: ['NOT_VERIFIED'],
  }),

  /**
   * Prints a request's receipt (80 mm; `heightMm` as laid out) or checklist (A4) in `locale`: main
   * renders it to PDF and spools it, and answers once the job is done. `printed`: the spooler
   * reports it completed; `sent`: handed to a spooler that cannot tell (Windows); `fault`: nothing
   * came out — the receipt stays on screen. `reprint` (staff): audited.
   */
  requestPrint: call({
    args: z
      .object({
        ticket: ticketArg,
        document: z.enum(['receipt', 'checklist']),
        heightMm: z.number().min(20).max(3000).nullable().default(null),
        reprint: z.boolean().default(false),
        locale: z.enum(['zh-CN', 'en']).default('zh-CN'),
      })
      .strict(),
    result: returns<PrintOutcome>(),
    errors: ['NOT_FOUND'],
    writes: true,
  }),

  /** Guide mode: today's requests at this kiosk. */
  guideRequestsToday: call({
    args: none,
    result: returns<RequestListItem[]>(),
    access: 'staff',
  }),

  /** Guide mode: cancel an open request with a reason (audited; the back office is told). */
  guideRequestCancel: call({
    args: z.object({ ticket: ticketArg, reason: z.string().trim().min(2).max(200) }).strict(),
    result: returns<RequestListItem>(),
    errors: ['NOT_FOUND', 'NOT_OPEN'],
    access: 'staff',
    writes: true,
  }),

  /** Guide mode: start a bundle on behalf of a walk-in; the request records who assisted. */
  guideAssistStart: call({
    args: none,
    result: returns<{ assisting: true }>(),
    access: 'staff',
    writes: true,
  }),

  // --- The enterprise's voice (issue 10): 诉求 categories, 好差评, follow-ups (回访). ------------

  /** The categories a 诉求 can be raised in (the catalog's boards, then 拖欠账款, 政策兑现, 审批卡点,
   * 其他), each with where it goes and its prepared descriptions. Submitted with requestSubmit. */
  voiceCategories: call({ args: none, result: returns<AppealCategoryView[]>() }),

  /**
   * Whether to offer a 好差评 rating of a ticket now: `submission` (the receipt screen: the
   * submitting session only) or `completion` (tracking a completed ticket: whoever showed its
   * receipt's tracking code, the session that made it, or its verified enterprise).
   */
  ratingPrompt: call({
    args: z.object({ ticket: ticketArg, occasion: z.enum(RATING_OCCASIONS) }).strict(),
    result: returns<RatingPrompt>(),
    errors: ['NOT_FOUND'],
  }),

  /**
   * A 好差评 rating: stored with the ticket and bundle (no personal data) and sent to the back
   * office once; one per ticket per occasion. Reasons go with the bottom two levels only, which
   * also open a follow-up item for the center.
   */
  ratingSubmit: call({
    args: z
      .object({
        ticket: ticketArg,
        occasion: z.enum(RATING_OCCASIONS),
        level: z.enum(VERDICTS),
        reasons: z.array(z.enum(RATING_REASONS)).max(RATING_REASONS.length).default([]),
      })
      .strict(),
    result: returns<RatingOutcome>(),
    errors: ['NOT_FOUND', 'ALREADY_RATED', 'NOT_RATABLE', 'INVALID_RATING'],
    writes: true,
  }),

  /** Guide mode: ratings summed by bundle, board and week, over the last `days` (null: all). */
  guideRatingsSummary: call({
    args: z.object({ days: z.number().int().min(1).max(3660).nullable().default(null) }).strict(),
    result: returns<RatingSummary>(),
    access: 'staff',
  }),

  /** Guide mode: follow-up items opened by low ratings (open ones, or all). */
  guideFollowUps: call({
    args: z.object({ state: z.enum(['open', 'all']).default('open') }).strict(),
    result: returns<FollowUpView[]>(),
    access: 'staff',
  }),

  /** Guide mode: a follow-up's whole contact number, to call back (audited). */
  guideFollowUpContact: call({
    args: z.object({ id: z.uuid() }).strict(),
    result: returns<{ phone: string | null }>(),
    errors: ['NOT_FOUND'],
    access: 'staff',
    writes: true,
  }),

  /** Guide mode: close a follow-up item with a note, and the enterprise's verdict if called back. */
  guideFollowUpClose: call({
    args: z
      .object({
        id: z.uuid(),
        note: z.string().trim().min(2).max(200),
        verdict: z.enum(VERDICTS).nullable().default(null),
      })
      .strict(),
    result: returns<FollowUpView>(),
    errors: ['NOT_FOUND', 'NOT_OPEN'],
    access: 'staff',
    writes: true,
  }),

  /** Guide mode (single site): the center called the enterprise back — 回访 with its verdict. */
  guideRecordFollowUp: call({
    args: z
      .object({
        ticket: ticketArg,
        verdict: z.enum(VERDICTS),
        note: z.string().trim().max(200).nullable().default(null),
      })
      .strict(),
    result: returns<TrackView>(),
    errors: ['NOT_FOUND', 'NOT_OPEN'],
    access: 'staff',
    writes: true,
  }),

  // --- The single-site console (issue 7): guide mode works the kiosk's queue. ----------------

  /**
   * Guide mode: the requests waiting in the kiosk's queue (or the closed ones), with counts per
   * board, lead department and due date, filtered by any of them. Read-only (`readOnly`, no
   * `next` statuses) when a back office is configured: it works the requests there.
   */
  guideWorkQueue: call({
    args: z
      .object({
        scope: z.enum(WORK_SCOPES).default('open'),
        board: z.enum(BOARD_IDS).optional(),
        department: z.string().min(1).max(60).optional(),
        due: z.enum(DUE_BUCKETS).optional(),
      })
      .strict(),
    result: returns<WorkQueueView>(),
    access: 'staff',
  }),

  /**
   * Guide mode, single site: mark a request received, accepted, in progress, completed, or
   * returned (a note is required: what the enterprise must fix or bring). Recorded in the
   * request's timeline (tracking shows it) and the audit log in one durable write.
   * READ_ONLY: a back office is configured. NOT_OPEN: completed or cancelled. NOT_NEXT: not a
   * step forward from the current status.
   */
  guideWorkStatus: call({
    args: z
      .object({
        requestId: z.uuid(),
        status: z.enum(CONSOLE_STATUSES),
        note: z.string().trim().max(NOTE_MAX).nullable().default(null),
      })
      .strict()
      .refine((a) => a.status !== 'returned' || (a.note ?? '').length >= NOTE_MIN, {
        message: 'a returned request needs a note',
        path: ['note'],
      }),
    result: returns<WorkItem>(),
    errors: ['NOT_FOUND', 'NOT_OPEN', 'NOT_NEXT', 'READ_ONLY'],
    access: 'staff',
    writes: true,
  }),

  // --- 一屏总览 (issue 9) -----------------------------------------------------------------------

  /**
   * Guide mode's dashboard: requests, promised dates, 好差评, searches that found nothing and the
   * kiosk's health over today, the last 7 or the last 30 days. Counts only: nothing personal.
   */
  guideDashboard: call({
    args: z.object({ period: z.enum(DASHBOARD_PERIODS) }).strict(),
    result: returns<DashboardFigures>(),
    access: 'staff',
  }),
} as const satisfies Record<string, CallSpec>;

export type Contract = typeof contract;
export type CallName = keyof Contract;
export const CALL_NAMES = Object.keys(contract) as CallName[];

/** What the renderer passes (before defaults are applied). */
export type ArgsOf<N extends CallName> = z.input<Contract[N]['args']>;
/** What a handler receives (validated, defaults applied). */
export type ParsedArgsOf<N extends CallName> = z.output<Contract[N]['args']>;
export type ResultOf<N extends CallName> =
  Contract[N]['result'] extends ResultType<infer R> ? R : never;
export type ErrorCodeOf<N extends CallName> = Contract[N]['errors'][number] | CommonError;

/** What main knows about the caller of one call. */
export interface CallContext {
  transport: 'ipc' | 'http';
}

/** One handler per call; the services build this object, and the type check holds them to it. */
export type Handlers = {
  [N in CallName]: (args: ParsedArgsOf<N>, ctx: CallContext) => Promise<ResultOf<N>> | ResultOf<N>;
};

/** The shape of `window.kiosk` as the preload exposes it. */
export type KioskBridge = {
  [N in CallName]: (args: ArgsOf<N>) => Promise<CallOutcome<ResultOf<N>, ErrorCodeOf<N>>>;
};
