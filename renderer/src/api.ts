// The only code in the renderer that talks to the services. Inside Electron it uses the preload's
// `window.kiosk`; in a plain browser it posts to the loopback host with the launch secret that
// came in the URL fragment. Callers get typed results or an ApiError with a typed code.
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

/** Renderer-side failure: the services could not be reached at all. */
export type TransportError = 'UNAVAILABLE';

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

function launchSecret(): string {
  return new URLSearchParams(window.location.hash.slice(1)).get('k') ?? '';
}

async function overHttp(name: string, args: unknown): Promise<CallOutcome<unknown>> {
  let res: Response;
  try {
    res = await fetch(`./api/${encodeURIComponent(name)}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Kiosk-Key': launchSecret() },
      body: JSON.stringify(args ?? {}),
      cache: 'no-store',
      credentials: 'omit',
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

async function invoke<N extends CallName>(
  name: N,
  args: ArgsOf<N> | undefined,
): Promise<ResultOf<N>> {
  const bridge = window.kiosk;
  let outcome: CallOutcome<unknown>;
  if (bridge) {
    try {
      outcome = await (bridge[name] as (a: unknown) => Promise<CallOutcome<unknown>>)(args ?? {});
    } catch {
      outcome = {
        ok: false,
        error: { code: 'UNAVAILABLE', message: 'kiosk services unreachable' },
      };
    }
  } else {
    outcome = await overHttp(name, args);
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
