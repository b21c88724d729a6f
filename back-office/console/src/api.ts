// The one module that talks to the console API: JSON over fetch with the session cookie (sent by
// the browser, HttpOnly) and the session's CSRF token in a header on every change.
import type {
  Action,
  Fleet,
  FollowUp,
  Notification,
  PhoneReveal,
  QueuePage,
  Report,
  RequestDetail,
  SessionInfo,
  StaffUser,
  Supervision,
} from './api-types';

const BASE = '/console-api/';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

let csrf = '';

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(BASE + path, {
      method,
      credentials: 'same-origin',
      headers: {
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(method === 'GET' ? {} : { 'x-csrf-token': csrf }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'unreachable', 'the back office cannot be reached');
  }
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (res.ok) return json as T;
  const err = (json as { error?: { code?: string; message?: string } } | null)?.error;
  throw new ApiError(
    res.status,
    err?.code ?? 'http',
    err?.message ?? `HTTP ${res.status}`,
    (err ?? {}) as Record<string, unknown>,
  );
}

const qs = (q: Record<string, string | undefined>) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v) p.set(k, v);
  const s = p.toString();
  return s ? `?${s}` : '';
};

export const api = {
  async signIn(username: string, password: string): Promise<SessionInfo> {
    const s = await call<SessionInfo>('POST', 'session', { username, password });
    csrf = s.csrf;
    return s;
  },
  async session(): Promise<SessionInfo> {
    const s = await call<SessionInfo>('GET', 'session');
    csrf = s.csrf;
    return s;
  },
  async signOut(): Promise<void> {
    await call('DELETE', 'session');
    csrf = '';
  },
  queue: (q: Record<string, string | undefined>) => call<QueuePage>('GET', `queue${qs(q)}`),
  request: (id: string) => call<RequestDetail>('GET', `requests/${encodeURIComponent(id)}`),
  revealPhone: (id: string) =>
    call<{ phone: string; at: string }>('POST', `requests/${encodeURIComponent(id)}/phone`),
  act: (
    id: string,
    a: { action: Action; note: string | null; department: string | null; version: number },
  ) => call<RequestDetail>('POST', `requests/${encodeURIComponent(id)}/actions`, a),
  phoneReveals: () => call<PhoneReveal[]>('GET', 'phone-reveals'),
  supervision: () => call<Supervision>('GET', 'supervision'),
  closeFollowUp: (ratingId: string, outcome: string) =>
    call<FollowUp>('POST', `follow-ups/${encodeURIComponent(ratingId)}/close`, { outcome }),
  notifications: () => call<Notification[]>('GET', 'notifications'),
  retryNotification: (id: number) => call('POST', `notifications/${id}/retry`),
  fleet: () => call<Fleet>('GET', 'fleet'),
  departments: () => call<string[]>('GET', 'departments'),
  users: () => call<StaffUser[]>('GET', 'users'),
  report: (period: string, date: string) => call<Report>('GET', `reports${qs({ period, date })}`),
  reportUrl: (period: string, date: string, format: 'csv' | 'pdf') =>
    `${BASE}reports${qs({ period, date, format })}`,
};
