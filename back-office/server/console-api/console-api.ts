// The console API under /console-api/: what the department console (served under /console/)
// calls. Staff sign in with a password and get a session cookie (HttpOnly, SameSite=Strict, Path
// limited to this API, Secure behind TLS); every call that changes something must also carry the
// session's CSRF token in a header and come from this origin. JSON in and out; errors are
// `{ error: { code, message } }`.
import type http from 'node:http';
import { CENTER_DEPARTMENT, DEPARTMENT_RULES } from '../../../electron/domain/departments';
import { maskPhone } from '../../../electron/domain/request';
import { wallClock } from '../../../electron/services/calendar/wall-clock';
import type { Logger } from '../../../electron/services/logger';
import { isUnavailable, type Database } from '../db/database';
import { sendError, sendJson } from '../http/http';
import { jsonBody, parse, Refusal } from '../http/refusal';
import type { CenterRules } from '../intake/center-rules';
import { RETRY_AFTER_SECONDS } from '../kiosk-api/kiosk-api';
import { audit } from '../repositories/audit-repository';
import {
  closeFollowUp,
  dueCounts,
  listFollowUps,
  phoneReveals,
  queuePage,
  recordPhoneReveal,
  requestDetail,
  supervisedOpen,
  supervisionsOf,
  type RequestDetailRow,
} from '../repositories/console-repository';
import { listKiosks } from '../repositories/kiosk-repository';
import { listNotifications, retryNotification } from '../repositories/notification-repository';
import { listStaffUsers, type SessionUser } from '../repositories/staff-repository';
import { timelineOf } from '../repositories/status-change-repository';
import { sessionOf, signIn, signOut } from '../staff/sign-in';
import { act, actionsFor, maySee, type Actor } from '../work/console-actions';
import { fleetView } from '../work/fleet';
import { buildReport, reportCsv } from '../work/reports';
import {
  actionArgs,
  closeFollowUpArgs,
  CONSOLE_API_BASE,
  CSRF_HEADER,
  notificationQuery,
  queueQuery,
  reportQuery,
  SESSION_COOKIE,
  signInArgs,
} from './schemas';
import type {
  ConsoleUser,
  FollowUp,
  PhoneReveal,
  QueuePage,
  RequestDetail,
  SessionInfo,
  StoredNotification,
  SupervisionOverview,
} from './types';

export interface ConsoleApiDeps {
  db: Database;
  rules: CenterRules;
  log: Logger;
  now: () => number;
  /** Renders a report as PDF (headless Chromium); null: PDF is not offered. */
  reportPdf?: ((html: string) => Promise<Buffer>) | null;
}

const MAX_BODY = 16 * 1024;

type Reply =
  | { status: number; json: unknown; headers?: Record<string, string> }
  | { status: number; body: Buffer | string; type: string; headers?: Record<string, string> };

export function cookieValue(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return part.slice(i + 1).trim() || null;
  }
  return null;
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function encodeCursor(i: { dueDate: string; receivedAt: string; id: string }): string {
  return Buffer.from(JSON.stringify([i.dueDate, i.receivedAt, i.id])).toString('base64url');
}

function decodeCursor(s: string): { dueDate: string; receivedAt: string; id: string } {
  try {
    const [dueDate, receivedAt, id] = JSON.parse(
      Buffer.from(s, 'base64url').toString('utf8'),
    ) as string[];
    if (
      typeof dueDate === 'string' &&
      /^\d{4}-\d{2}-\d{2}$/.test(dueDate) &&
      typeof receivedAt === 'string' &&
      !Number.isNaN(Date.parse(receivedAt)) &&
      typeof id === 'string' &&
      UUID_RE.test(id)
    )
      return { dueDate, receivedAt, id };
  } catch {
    // fall through
  }
  throw new Refusal(400, 'invalid', 'after: not a cursor of this queue');
}

/** The departments a request may be re-routed to: the center's rules and the staff's. */
async function departments(db: Database): Promise<string[]> {
  const known = new Set<string>([CENTER_DEPARTMENT, ...DEPARTMENT_RULES.map((r) => r.department)]);
  for (const u of await listStaffUsers(db)) if (u.department) known.add(u.department);
  return [...known].sort((a, b) => a.localeCompare(b, 'zh-CN'));
}

const textOf = (v: unknown): string | null => (typeof v === 'string' ? v : null);

const publicUser = (u: SessionUser): ConsoleUser => ({
  username: u.username,
  role: u.role,
  department: u.department,
});

export function createConsoleApi(deps: ConsoleApiDeps) {
  const { db, rules } = deps;
  const nowIso = () => new Date(deps.now()).toISOString();
  const today = () => wallClock(new Date(deps.now()), rules.timeZone).date;

  async function sessionFrom(
    req: http.IncomingMessage,
  ): Promise<{ user: SessionUser; token: string } | null> {
    const token = cookieValue(req.headers.cookie, SESSION_COOKIE);
    if (!token || token.length > 100) return null;
    const user = await sessionOf(db, token, deps.now());
    return user ? { user, token } : null;
  }

  /** A change: the session's CSRF token in its header, and (when the browser says) this origin. */
  function checkChange(req: http.IncomingMessage, user: SessionUser): void {
    const origin = req.headers.origin;
    if (origin && origin !== 'null') {
      const host = req.headers['x-forwarded-host'] ?? req.headers.host;
      let same = false;
      try {
        same = new URL(origin).host === host;
      } catch {
        same = false;
      }
      if (!same) throw new Refusal(403, 'csrf', 'cross-origin call refused');
    }
    if (req.headers[CSRF_HEADER] !== user.csrf)
      throw new Refusal(403, 'csrf', 'the CSRF token is missing or wrong: reload the console');
  }

  function cookie(req: http.IncomingMessage, value: string, maxAgeSeconds: number): string {
    const secure =
      (req.socket as { encrypted?: boolean }).encrypted === true ||
      req.headers['x-forwarded-proto'] === 'https';
    return [
      `${SESSION_COOKIE}=${value}`,
      'HttpOnly',
      'SameSite=Strict',
      `Path=${CONSOLE_API_BASE.replace(/\/$/, '')}`,
      `Max-Age=${maxAgeSeconds}`,
      ...(secure ? ['Secure'] : []),
    ].join('; ');
  }

  async function detail(r: RequestDetailRow, actor: Actor): Promise<RequestDetail> {
    const body = r.body;
    const bundle = r.bundleId ? rules.catalog.bundle(r.bundleId) : null;
    const questions = bundle?.guidance.questions ?? [];
    const answers = Object.entries((body.answers as Record<string, boolean> | undefined) ?? {}).map(
      ([id, yes]) => ({ id, yes, text: questions.find((q) => q.id === id)?.text ?? null }),
    );
    const appeal = (body.appeal as Record<string, unknown> | undefined) ?? null;
    const applicant = (body.applicant as Record<string, unknown> | undefined) ?? {};
    const seesAudit = actor.role !== 'handler';
    return {
      request: {
        id: r.id,
        ticket: r.ticket,
        kind: r.kind,
        title: r.title,
        bundleId: r.bundleId,
        appealCategory: r.appealCategory,
        kioskId: r.kioskId,
        kioskName: r.kioskName,
        town: r.town,
        board: r.board,
        boardName: r.boardName,
        module: r.module,
        station: r.station,
        leadDepartments: r.leadDepartments,
        department: r.department,
        status: r.status,
        statusAt: r.statusAt,
        createdAt: r.createdAt,
        receivedAt: r.receivedAt,
        countsFrom: r.countsFrom,
        workingDays: r.workingDays,
        dueDate: r.dueDate,
        closedAt: r.closedAt,
        version: r.version,
      },
      enterprise: {
        name: r.enterpriseName,
        uscc: r.uscc,
        verified: r.verified,
        audience: typeof applicant.audience === 'string' ? applicant.audience : null,
        founder: applicant.founder === true,
      },
      contact: {
        name: r.contactName,
        phoneMasked: r.contactPhone ? maskPhone(r.contactPhone) : null,
        purged: r.personalPurgedAt !== null,
      },
      services: (
        (body.services as { name: string; kind: string; department: string }[] | undefined) ?? []
      ).map((s) => ({ name: s.name, kind: s.kind, department: s.department })),
      answers,
      appeal: appeal
        ? {
            category: textOf(appeal.categoryName) ?? textOf(appeal.category),
            topic: textOf(appeal.topicText) ?? textOf(appeal.topic),
            text: r.appealText,
          }
        : null,
      assistedBy: typeof body.assistedBy === 'string' ? body.assistedBy : null,
      timeline: (await timelineOf(db, r.id)).map((c) => ({
        status: c.status,
        note: c.note,
        at: c.at,
        actor: c.actor,
      })),
      supervisions: await supervisionsOf(db, r.id),
      followUps: await listFollowUps(db, { open: false, requestId: r.id, limit: 20 }),
      notifications: await listNotifications(db, { requestId: r.id, limit: 20 }),
      phoneReveals: seesAudit ? await phoneReveals(db, { requestId: r.id, limit: 50 }) : null,
      actions: actionsFor(actor, r),
    };
  }

  async function seeRequest(id: string | undefined, actor: Actor): Promise<RequestDetailRow> {
    if (!id || !UUID_RE.test(id)) throw new Refusal(404, 'not-found', 'no such request');
    const r = await requestDetail(db, id);
    // A request of another department is not there at all for a handler.
    if (!r || !maySee(actor, r))
      throw new Refusal(404, 'not-found', 'no such request in your queue');
    return r;
  }

  const need = (user: SessionUser, ...roles: SessionUser['role'][]) => {
    if (!roles.includes(user.role)) throw new Refusal(403, 'forbidden', `not for a ${user.role}`);
  };

  async function route(req: http.IncomingMessage, url: URL): Promise<Reply> {
    const parts = url.pathname.slice(CONSOLE_API_BASE.length).split('/').map(decodeURIComponent);
    const method = req.method ?? 'GET';
    const [collection, id, sub] = parts;

    if (collection === 'session' && method === 'POST') {
      const args = parse(signInArgs, await jsonBody(req, MAX_BODY));
      const out = await signIn(db, { ...args, nowMs: deps.now() });
      if (!out.ok) {
        if (out.reason === 'locked')
          throw new Refusal(423, 'locked', 'too many wrong passwords: the account is locked', {
            lockedUntil: out.lockedUntil,
          });
        throw new Refusal(401, 'wrong-password', 'wrong username or password');
      }
      return {
        status: 200,
        json: {
          user: publicUser(out.user),
          csrf: out.user.csrf,
          today: today(),
        } satisfies SessionInfo,
        headers: {
          'set-cookie': cookie(
            req,
            out.token,
            Math.floor((Date.parse(out.user.expiresAt) - deps.now()) / 1000),
          ),
        },
      };
    }

    const session = await sessionFrom(req);
    if (!session) throw new Refusal(401, 'signed-out', 'sign in first');
    const user = session.user;
    const actor: Actor = user;
    if (method !== 'GET' && method !== 'HEAD') checkChange(req, user);

    if (collection === 'session' && id === undefined) {
      if (method === 'GET')
        return {
          status: 200,
          json: { user: publicUser(user), csrf: user.csrf, today: today() } satisfies SessionInfo,
        };
      if (method === 'DELETE') {
        await signOut(db, session.token);
        return {
          status: 200,
          json: { signedOut: true },
          headers: { 'set-cookie': cookie(req, '', 0) },
        };
      }
    }

    if (collection === 'queue' && method === 'GET') {
      need(user, 'handler', 'dispatcher', 'supervisor');
      const q = parse(queueQuery, Object.fromEntries(url.searchParams));
      // A handler's queue is their own department's, whatever the filter says.
      const department = user.role === 'handler' ? (user.department ?? '') : q.department;
      const limit = q.limit ?? 50;
      const t = today();
      const page = await queuePage(db, {
        department,
        board: q.board,
        status: q.status,
        kioskId: q.kioskId,
        town: q.town,
        due: q.due,
        today: t,
        after: q.after ? decodeCursor(q.after) : undefined,
        limit,
      });
      const last = page.items[page.items.length - 1];
      return {
        status: 200,
        json: {
          today: t,
          items: page.items,
          next: page.more && last ? encodeCursor(last) : null,
          counts: await dueCounts(db, t, department),
        } satisfies QueuePage,
      };
    }

    if (collection === 'requests' && method === 'GET' && sub === undefined) {
      need(user, 'handler', 'dispatcher', 'supervisor');
      return { status: 200, json: await detail(await seeRequest(id, actor), actor) };
    }

    if (collection === 'requests' && sub === 'phone' && method === 'POST') {
      need(user, 'handler', 'dispatcher', 'supervisor');
      const r = await seeRequest(id, actor);
      if (!r.contactPhone)
        throw new Refusal(404, 'no-phone', 'the applicant left no phone number, or it was purged');
      const at = nowIso();
      await db.transaction(async (tx) => {
        await recordPhoneReveal(tx, {
          at,
          username: user.username,
          requestId: r.id,
          ticket: r.ticket,
        });
        await audit(tx, {
          at,
          actor: `staff:${user.username}`,
          action: 'phone-reveal',
          subject: r.ticket,
          detail: null,
        });
      });
      return { status: 200, json: { phone: r.contactPhone, at } };
    }

    if (collection === 'requests' && sub === 'actions' && method === 'POST') {
      const args = parse(actionArgs, await jsonBody(req, MAX_BODY));
      if (!id || !UUID_RE.test(id)) throw new Refusal(404, 'not-found', 'no such request');
      const out = await act(db, { requestId: id, ...args, actor, now: nowIso() });
      if (!out.ok) {
        const status = {
          NOT_FOUND: 404,
          FORBIDDEN: 403,
          CONFLICT: 409,
          NOT_ALLOWED: 409,
          INVALID: 400,
        }[out.code];
        throw new Refusal(status, out.code.toLowerCase().replace('_', '-'), out.message, {
          ...(out.request
            ? {
                current: {
                  status: out.request.status,
                  version: out.request.version,
                  department: out.request.department,
                },
              }
            : {}),
        });
      }
      return { status: 200, json: await detail(out.request, actor) };
    }

    if (collection === 'phone-reveals' && method === 'GET') {
      need(user, 'dispatcher', 'supervisor', 'admin');
      const requestId = url.searchParams.get('requestId') ?? undefined;
      if (requestId !== undefined && !UUID_RE.test(requestId))
        throw new Refusal(400, 'invalid', 'requestId');
      const reveals: PhoneReveal[] = await phoneReveals(db, { requestId, limit: 200 });
      return { status: 200, json: reveals };
    }

    if (collection === 'supervision' && method === 'GET') {
      need(user, 'dispatcher', 'supervisor', 'handler');
      const t = today();
      const department = user.role === 'handler' ? (user.department ?? '') : undefined;
      const [counts, overdue, dueToday, supervised, followUps] = await Promise.all([
        dueCounts(db, t, department),
        queuePage(db, { department, due: 'overdue', today: t, limit: 50 }),
        queuePage(db, { department, due: 'today', today: t, limit: 50 }),
        supervisedOpen(db, 100),
        listFollowUps(db, { open: true, limit: 100 }),
      ]);
      const mine = (d: string | null) => department === undefined || d === department;
      return {
        status: 200,
        json: {
          today: t,
          counts,
          overdue: overdue.items,
          dueToday: dueToday.items,
          supervised: supervised.filter((s) => mine(s.department)),
          followUps: followUps.filter((f) => mine(f.department)),
        } satisfies SupervisionOverview,
      };
    }

    if (collection === 'follow-ups' && sub === 'close' && method === 'POST') {
      need(user, 'dispatcher', 'supervisor');
      const args = parse(closeFollowUpArgs, await jsonBody(req, MAX_BODY));
      if (!id || !UUID_RE.test(id)) throw new Refusal(404, 'not-found', 'no such follow-up');
      const at = nowIso();
      const out = await db.transaction(async (tx) => {
        const f = await closeFollowUp(tx, id, user.username, args.outcome, at);
        if (f)
          await audit(tx, {
            at,
            actor: `staff:${user.username}`,
            action: 'follow-up-close',
            subject: f.ticket,
            detail: args.outcome,
          });
        return f;
      });
      if (!out)
        throw new Refusal(409, 'not-open', 'this 回访 is closed already, or does not exist');
      return { status: 200, json: out satisfies FollowUp };
    }

    if (collection === 'notifications' && id === undefined && method === 'GET') {
      need(user, 'dispatcher', 'supervisor', 'admin');
      const q = parse(notificationQuery, Object.fromEntries(url.searchParams));
      const list: StoredNotification[] = await listNotifications(db, {
        state: q.state,
        limit: 200,
      });
      return { status: 200, json: list };
    }
    if (collection === 'notifications' && sub === 'retry' && method === 'POST') {
      need(user, 'dispatcher', 'admin');
      const n = Number(id);
      if (!Number.isSafeInteger(n)) throw new Refusal(404, 'not-found', 'no such message');
      if (!(await retryNotification(db, n, nowIso())))
        throw new Refusal(409, 'not-failed', 'only a failed message is tried again');
      return { status: 200, json: { retrying: n } };
    }

    if (collection === 'fleet' && method === 'GET') {
      need(user, 'dispatcher', 'supervisor', 'admin');
      return { status: 200, json: fleetView(await listKiosks(db), deps.now()) };
    }

    if (collection === 'departments' && method === 'GET')
      return { status: 200, json: await departments(db) };

    if (collection === 'users' && method === 'GET') {
      need(user, 'admin');
      return { status: 200, json: await listStaffUsers(db) };
    }

    if (collection === 'reports' && method === 'GET') {
      need(user, 'dispatcher', 'supervisor', 'admin');
      const q = parse(reportQuery, Object.fromEntries(url.searchParams));
      const report = await buildReport(db, rules, q.period, q.date);
      const name = `report-${q.period}-${q.date}`;
      if (q.format === 'csv')
        return {
          status: 200,
          body: '\uFEFF' + reportCsv(report),
          type: 'text/csv; charset=utf-8',
          headers: { 'content-disposition': `attachment; filename="${name}.csv"` },
        };
      if (q.format === 'pdf') {
        if (!deps.reportPdf) throw new Refusal(501, 'no-pdf', 'PDF needs Chromium (CHROMIUM_PATH)');
        const { reportHtml } = await import('../work/report-html');
        return {
          status: 200,
          body: await deps.reportPdf(reportHtml(report)),
          type: 'application/pdf',
          headers: { 'content-disposition': `attachment; filename="${name}.pdf"` },
        };
      }
      return { status: 200, json: report };
    }

    throw new Refusal(404, 'not-found', 'no such console call');
  }

  return async function handle(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    url: URL,
  ): Promise<void> {
    try {
      const out = await route(req, url);
      if ('json' in out) return sendJson(res, out.status, out.json, out.headers);
      const body = typeof out.body === 'string' ? Buffer.from(out.body, 'utf8') : out.body;
      res.writeHead(out.status, {
        'content-type': out.type,
        'content-length': body.length,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        ...out.headers,
      });
      res.end(body);
    } catch (e) {
      if (e instanceof Refusal)
        return sendJson(res, e.status, { error: { code: e.code, message: e.message, ...e.extra } });
      if (!isUnavailable(e)) throw e;
      deps.log.warn('console_api.database_unavailable', {
        message: (e as Error).message.slice(0, 200),
      });
      sendError(res, 503, 'unavailable', 'the back office cannot reach its database; try again', {
        'retry-after': String(RETRY_AFTER_SECONDS),
      });
    }
  };
}
