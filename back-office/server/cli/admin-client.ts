// The command line's client of the admin API: one call, its JSON, and failures turned into one
// line the operator can act on (wrong token, service unreachable, refused with the reason).
import { ADMIN_API_BASE } from '../admin-api/schemas';
import { CommandError, opt, type Values } from './command';

export const CLIENT_OPTIONS = {
  url: { type: 'string' },
  token: { type: 'string' },
} as const;

export interface AdminClient {
  call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T>;
  /** A POST of bytes as they are (an import file), with a longer time limit. */
  upload<T>(path: string, bytes: Uint8Array<ArrayBuffer>, contentType: string): Promise<T>;
  url: string;
}

/** `--url` (else $BACK_OFFICE_URL) and `--token` (else $BACK_OFFICE_TOKEN). */
export function adminClient(values: Values): AdminClient {
  const url = opt(values, 'url') ?? process.env.BACK_OFFICE_URL;
  const token = opt(values, 'token') ?? process.env.BACK_OFFICE_TOKEN;
  if (!url)
    throw new CommandError('--url is required (the service, e.g. http://127.0.0.1:8480)', 2);
  if (!token) throw new CommandError('--token is required (the admin token)', 2);
  let base: URL;
  try {
    base = new URL(url);
  } catch {
    throw new CommandError(`--url is not a URL: ${url}`, 2);
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:')
    throw new CommandError('--url must be http(s)', 2);
  const root = base.href.replace(/\/$/, '');
  return {
    url: root,
    call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
      return send<T>(
        method,
        path,
        body === undefined ? undefined : JSON.stringify(body),
        body === undefined ? null : 'application/json',
        30_000,
      );
    },
    upload<T>(path: string, bytes: Uint8Array<ArrayBuffer>, contentType: string): Promise<T> {
      return send<T>('POST', path, bytes, contentType, 300_000);
    },
  };

  async function send<T>(
    method: 'GET' | 'POST',
    path: string,
    body: string | Uint8Array<ArrayBuffer> | undefined,
    contentType: string | null,
    timeoutMs: number,
  ): Promise<T> {
    {
      let res: Response;
      try {
        res = await fetch(`${root}${ADMIN_API_BASE}${path}`, {
          method,
          headers: {
            authorization: `Bearer ${token}`,
            accept: 'application/json',
            ...(contentType ? { 'content-type': contentType } : {}),
          },
          body: typeof body === 'string' || body === undefined ? body : new Blob([body]),
          redirect: 'error',
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (e) {
        const cause = (e as { cause?: { code?: string } }).cause?.code ?? (e as Error).name;
        throw new CommandError(`cannot reach the back office at ${root} (${cause})`);
      }
      const text = await res.text();
      let json: unknown = null;
      try {
        json = text ? JSON.parse(text) : null;
      } catch {
        json = null;
      }
      if (res.ok) return json as T;
      const err = (
        json as { error?: { code?: string; message?: string; allowed?: string[] } } | null
      )?.error;
      if (res.status === 401)
        throw new CommandError('the admin token was refused (wrong or revoked)');
      if (!err)
        throw new CommandError(`${root} answered HTTP ${res.status}; is --url the back office?`);
      const allowed = err.allowed ? ` (allowed now: ${err.allowed.join(', ') || 'none'})` : '';
      throw new CommandError(`${err.message ?? err.code}${allowed}`);
    }
  }
}
