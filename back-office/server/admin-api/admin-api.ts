// The admin API under /admin/v1/: enrolling and disabling kiosks, their health, the request
// queues and status changes. Bearer tokens (stored hashed); every change is audited with the
// token's label. JSON in and out; errors are `{ error: { code, message } }`.
import type http from 'node:http';
import type { Logger } from '../../../electron/services/logger';
import type { Database } from '../db/database';
import { BodyTooLargeError, readBody, sendJson } from '../http/http';
import { answerFailure, jsonBody, parse, Refusal } from '../http/refusal';
import { adminTokenLabel } from '../repositories/admin-token-repository';
import { auditLog } from '../repositories/audit-repository';
import { recentHeartbeats } from '../repositories/heartbeat-repository';
import { listContent } from '../repositories/content-repository';
import { listJobs } from '../repositories/job-repository';
import { kioskView, listKiosks } from '../repositories/kiosk-repository';
import { listRequests } from '../repositories/request-repository';
import { enrolKiosk, setKioskEnabledAudited } from '../work/kiosks';
import { publishContent } from '../work/publish-content';
import { setStatus } from '../work/set-status';
import { MAX_BUNDLE_BYTES } from '../../../electron/protocol/content-bundle';
import type { CenterRules } from '../intake/center-rules';
import { importEnterprises } from '../profiles/import-enterprises';
import { countProfiles, profileFeedVersion } from '../repositories/profile-repository';
import { ADMIN_API_BASE, addKioskArgs, addUserArgs, requestQuery, setStatusArgs } from './schemas';
import { addStaffUser } from '../staff/sign-in';
import { listStaffUsers } from '../repositories/staff-repository';

export interface AdminApiDeps {
  db: Database;
  log: Logger;
  now: () => number;
  /** The center's catalog (what an import's received benefits may name) and config. */
  rules: CenterRules;
}

const MAX_ADMIN_BODY = 64 * 1024;
/** An enterprise import file, sent as it is (CSV or JSON Lines). */
export const MAX_IMPORT_BYTES = 64 * 1024 * 1024;

/** A content bundle's text (it carries a whole catalog: larger than other admin bodies). */
async function bundleBody(req: http.IncomingMessage): Promise<string> {
  try {
    return (await readBody(req, MAX_BUNDLE_BYTES + 4096)).toString('utf8');
  } catch (e) {
    if (e instanceof BodyTooLargeError)
      throw new Refusal(413, 'too-large', `a content bundle is at most ${MAX_BUNDLE_BYTES} bytes`);
    throw e;
  }
}

export function createAdminApi(deps: AdminApiDeps) {
  const { db } = deps;
  const nowIso = () => new Date(deps.now()).toISOString();

  async function actorOf(req: http.IncomingMessage): Promise<string> {
    const m = /^Bearer (\S{10,200})$/.exec(req.headers.authorization ?? '');
    const label = m?.[1] ? await adminTokenLabel(db, m[1]) : null;
    if (!label)
      throw new Refusal(401, 'unauthorized', 'the admin token is missing, wrong or revoked');
    return `admin:${label}`;
  }

  async function route(
    req: http.IncomingMessage,
    url: URL,
  ): Promise<{ status: number; json: unknown }> {
    const actor = await actorOf(req);
    const parts = url.pathname.slice(ADMIN_API_BASE.length).split('/').map(decodeURIComponent);
    const method = req.method ?? 'GET';
    const [collection, id, action] = parts;

    if (collection === 'kiosks' && id === undefined) {
      if (method === 'GET') return { status: 200, json: await listKiosks(db) };
      if (method === 'POST') {
        const args = parse(addKioskArgs, await jsonBody(req, MAX_ADMIN_BODY));
        const out = await enrolKiosk(db, { ...args, actor, now: nowIso() });
        if (!out.ok) throw new Refusal(409, 'exists', `kiosk ${args.kioskId} is already enrolled`);
        return { status: 201, json: { kioskId: out.kioskId, kioskSecret: out.kioskSecret } };
      }
    }
    if (collection === 'kiosks' && id !== undefined) {
      if (method === 'GET' && action === undefined) {
        const view = await kioskView(db, id);
        if (!view) throw new Refusal(404, 'not-found', `no kiosk ${id}`);
        const heartbeats = await recentHeartbeats(db, { kioskId: id, limit: 20 });
        return { status: 200, json: { ...view, heartbeats } };
      }
      if (method === 'POST' && (action === 'disable' || action === 'enable')) {
        const out = await setKioskEnabledAudited(db, {
          kioskId: id,
          enabled: action === 'enable',
          actor,
          now: nowIso(),
        });
        if (!out) throw new Refusal(404, 'not-found', `no kiosk ${id}`);
        return { status: 200, json: await kioskView(db, id) };
      }
    }
    if (collection === 'requests' && id === undefined && method === 'GET') {
      const q = parse(requestQuery, Object.fromEntries(url.searchParams));
      return { status: 200, json: await listRequests(db, q) };
    }
    if (collection === 'requests' && id !== undefined && action === 'status' && method === 'POST') {
      const args = parse(setStatusArgs, await jsonBody(req, MAX_ADMIN_BODY));
      const out = await setStatus(db, { target: { ticket: id }, ...args, actor, now: nowIso() });
      if (!out.ok) {
        const status = out.code === 'NOT_FOUND' ? 404 : out.code === 'INVALID' ? 400 : 409;
        const code = out.code.toLowerCase().replace('_', '-');
        throw new Refusal(status, code, out.message, {
          ...(out.current ? { current: out.current, allowed: out.allowed } : {}),
        });
      }
      return { status: 200, json: { change: out.change, request: out.request } };
    }
    if (collection === 'enterprises' && id === 'import' && method === 'POST') {
      let raw: Buffer;
      try {
        raw = await readBody(req, MAX_IMPORT_BYTES);
      } catch (e) {
        if (e instanceof BodyTooLargeError)
          throw new Refusal(413, 'too-large', 'import file over 64 MiB: split it');
        throw e;
      }
      const fileName = url.searchParams.get('name');
      const out = await importEnterprises(db, deps.rules, {
        text: raw.toString('utf8'),
        fileName: fileName ? fileName.slice(0, 200) : null,
        actor,
        now: nowIso(),
      });
      if (!out.ok) throw new Refusal(422, 'invalid-file', out.error);
      return { status: 200, json: out };
    }
    if (collection === 'enterprises' && id === undefined && method === 'GET')
      return {
        status: 200,
        json: { profiles: await countProfiles(db), version: await profileFeedVersion(db) },
      };
    if (collection === 'content' && id === undefined) {
      if (method === 'GET') return { status: 200, json: await listContent(db) };
      if (method === 'POST') {
        const out = await publishContent(db, {
          text: await bundleBody(req),
          actor,
          now: nowIso(),
        });
        if (out.ok) {
          deps.log.info('content.published', { version: out.content.version, actor });
          return { status: 201, json: out.content };
        }
        if (out.code === 'INVALID') throw new Refusal(400, 'invalid', out.message);
        throw new Refusal(409, 'not-newer', out.message, { latest: out.latest });
      }
    }
    if (collection === 'users' && id === undefined) {
      if (method === 'GET') return { status: 200, json: await listStaffUsers(db) };
      if (method === 'POST') {
        const args = parse(addUserArgs, await jsonBody(req, MAX_ADMIN_BODY));
        const out = await addStaffUser(db, { ...args, actor, now: nowIso() });
        if (!out.ok) throw new Refusal(out.code === 'exists' ? 409 : 400, out.code, out.message);
        return { status: 201, json: out.user };
      }
    }
    if (collection === 'jobs' && id === undefined && method === 'GET')
      return { status: 200, json: await listJobs(db) };
    if (collection === 'audit' && id === undefined && method === 'GET')
      return { status: 200, json: await auditLog(db) };
    throw new Refusal(404, 'not-found', 'no such admin call');
  }

  return async function handle(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    url: URL,
  ): Promise<void> {
    try {
      const out = await route(req, url);
      sendJson(res, out.status, out.json);
    } catch (e) {
      answerFailure(res, e, deps.log, 'admin_api.database_unavailable');
    }
  };
}
