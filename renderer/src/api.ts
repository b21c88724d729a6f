// The only code in the renderer that talks to the services. Inside Electron it uses the preload's
// `window.kiosk`; in a plain browser it posts to the loopback host with the launch key. The page
// is started with a one-time launch code in its URL fragment (the key itself is never on a
// command line), exchanges it for the key once, and keeps the key in memory; a reload hands it to
// the next page through sessionStorage for that moment only. Callers get typed results or an
// ApiError with a typed code.
import type { ArgsOf, CallName, ErrorCodeOf, KioskBridge, ResultOf } from '../../electron/contract';
import type { CallOutcome } from '../../electron/domain/call';
import {
  PRINT_DATA_PATH,
  PRINT_TOKEN_HEADER,
  type PrintViewData,
} from '../../electron/domain/printing';

declare global {
  interface Window {
    kiosk?: KioskBridge;
  }
}

/**
 * Renderer-side failures: the services could not be reached at all, or the session ended while
 * the call waited (its answer no longer belongs to anyone at the screen).
 */
export type TransportError = 'UNAVAILABLE' | 'ABANDONED';

export class ApiError<N extends CallName = CallName> extends Error {
  constructor(
    readonly call: N,
    readonly code: ErrorCodeOf<N> | TransportError,
    message: string,
    readonly fields: string[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Where a reloading page leaves the key for the page that follows (and nowhere else). */
const KEY_HANDOFF = 'kiosk.launch-key';
let launchKey: Promise<string> | null = null;

function handedKey(): string | null {
  try {
    const key = window.sessionStorage.getItem(KEY_HANDOFF);
    window.sessionStorage.removeItem(KEY_HANDOFF);
    return key;
  } catch {
    return null;
  }
}

async function exchangeLaunchCode(): Promise<string> {
  const code = new URLSearchParams(window.location.hash.slice(1)).get('c');
  // A code works once: it leaves the address, so that a reload does not present it again.
  if (window.location.hash) window.history.replaceState(null, '', window.location.pathname);
  if (!code) return '';
  try {
    const res = await fetch('./launch', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ code }),
      cache: 'no-store',
      credentials: 'omit',
    });
    if (!res.ok) return '';
    const body = (await res.json()) as { key?: unknown };
    return typeof body.key === 'string' ? body.key : '';
  } catch {
    return '';
  }
}

/** The key for calls: handed over by the page before a reload, or got for the launch code. */
function key(): Promise<string> {
  launchKey ??= (async () => {
    const key = handedKey() ?? (await exchangeLaunchCode());
    if (key)
      window.addEventListener('pagehide', () => {
        try {
          window.sessionStorage.setItem(KEY_HANDOFF, key);
        } catch {
          // Without storage a reload starts without the key; the shell then restarts the browser.
        }
      });
    return key;
  })();
  return launchKey;
}

async function overHttp(
  name: string,
  args: unknown,
  signal: AbortSignal,
): Promise<CallOutcome<unknown>> {
  let res: Response;
  try {
    res = await fetch(`./api/${encodeURIComponent(name)}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Kiosk-Key': await key() },
      body: JSON.stringify(args ?? {}),
      cache: 'no-store',
      credentials: 'omit',
      signal,
    });
  } catch {
    return { ok: false, error: { code: 'UNAVAILABLE', message: 'kiosk services unreachable' } };
  }
  try {
    return (await res.json()) as CallOutcome<unknown>;
  } catch {
    return {
      ok: false,
      error: { code: 'UNAVAILABLE', message: `unreadable reply (${res.status})` },
    };
  }
}

/**
 * Calls still waiting for an answer. When a session ends they are abandoned: their callers get
 * ABANDONED at once, so that nothing of the visit (a receipt being printed, say) stays referenced
 * by a pending call into the next visitor's session. Main still finishes what it was doing.
 */
const inFlight = new Set<AbortController>();

export function abandonCalls(): void {
  for (const c of inFlight) c.abort();
  inFlight.clear();
}

const abandoned = (signal: AbortSignal) =>
  new Promise<CallOutcome<unknown>>((resolve) =>
    signal.addEventListener('abort', () =>
      resolve({
        ok: false,
        error: { code: 'ABANDONED', message: 'the session ended before the answer' },
      }),
    ),
  );

async function invoke<N extends CallName>(
  name: N,
  args: ArgsOf<N> | undefined,
): Promise<ResultOf<N>> {
  const bridge = window.kiosk;
  const call = new AbortController();
  inFlight.add(call);
  let outcome: CallOutcome<unknown>;
  try {
    const answer = bridge
      ? (bridge[name] as (a: unknown) => Promise<CallOutcome<unknown>>)(args ?? {}).catch(
          (): CallOutcome<unknown> => ({
            ok: false,
            error: { code: 'UNAVAILABLE', message: 'kiosk services unreachable' },
          }),
        )
      : overHttp(name, args, call.signal);
    outcome = await Promise.race([answer, abandoned(call.signal)]);
  } finally {
    inFlight.delete(call);
  }
  if (outcome.ok) return outcome.value as ResultOf<N>;
  const { code, message, fields } = outcome.error;
  throw new ApiError(name, code as ErrorCodeOf<N>, message, fields ?? []);
}

type ApiFn<N extends CallName> =
  {} extends ArgsOf<N>
    ? (args?: ArgsOf<N>) => Promise<ResultOf<N>>
    : (args: ArgsOf<N>) => Promise<ResultOf<N>>;

export type Api = { [N in CallName]: ApiFn<N> };

export const api = new Proxy({} as Api, {
  get: (_target, name) => (args?: unknown) => invoke(name as CallName, args as never),
});

/**
 * The print view's one document, for the one-time token main put in its URL (browser host only:
 * the headless print page has neither the bridge nor the launch secret).
 */
export async function fetchPrintView(token: string): Promise<PrintViewData> {
  const res = await fetch(`.${PRINT_DATA_PATH}`, {
    method: 'POST',
    headers: { [PRINT_TOKEN_HEADER]: token },
    cache: 'no-store',
    credentials: 'omit',
  });
  const outcome = (await res.json()) as CallOutcome<PrintViewData>;
  if (!outcome.ok) throw new Error(`print view refused: ${outcome.error.code}`);
  return outcome.value;
}
