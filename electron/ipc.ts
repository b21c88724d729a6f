// Registers one ipcMain handler per contract call. Each checks that the message comes from the
// app's own top-level frame, that its arguments are plain data within the size bound, and hands
// it to the shared dispatcher (which validates against the contract). Every refusal is a typed
// outcome and is logged; nothing a renderer sends can throw out of a handler.
import { CALL_NAMES } from './contract';
import type { CallOutcome } from './domain/call';
import { errorText, type Dispatch } from './hosts/dispatch';
import { MAX_BODY_BYTES } from './hosts/http-host';
import { ipcChannel } from './ipc-channel';
import type { Logger } from './services/logger';
import { originOf } from './shell/origin';

/** The parts of Electron's WebFrameMain this module reads. */
export interface SenderFrame {
  url: string;
  /** Chromium's own serialization of the frame's origin (Electron ≥ 20). */
  origin?: string;
  parent: unknown;
}

/** The parts of Electron's IpcMainInvokeEvent this module reads. */
export interface InvokeEvent {
  senderFrame: SenderFrame | null;
}

/** The part of Electron's ipcMain this module uses (a fake in tests). */
export interface IpcMainLike {
  handle(
    channel: string,
    listener: (event: InvokeEvent, args: unknown) => Promise<CallOutcome<unknown>>,
  ): void;
}

/** Only the app's own top-level frame may call: not a subframe, not another origin. */
export function isTrustedFrame(frame: SenderFrame | null, appOrigin: string): boolean {
  if (!frame || frame.parent) return false;
  if (originOf(frame.url) !== appOrigin) return false;
  return frame.origin === undefined || frame.origin === appOrigin;
}

const MAX_DEPTH = 32;

/**
 * The JSON size in bytes of `value` when it is plain data (null, booleans, finite numbers,
 * strings, arrays and plain objects, no cycles, at most MAX_DEPTH deep), otherwise null.
 * Electron's structured clone can deliver Maps, Dates, typed arrays and cyclic graphs; the HTTP
 * host can only deliver JSON, so both transports accept the same arguments.
 */
export function plainDataSize(value: unknown): number | null {
  const ancestors = new Set<object>();
  const plain = (v: unknown, depth: number): boolean => {
    if (v === null || typeof v === 'string' || typeof v === 'boolean') return true;
    if (typeof v === 'number') return Number.isFinite(v);
    if (typeof v !== 'object' || depth > MAX_DEPTH || ancestors.has(v)) return false;
    const proto = Object.getPrototypeOf(v) as unknown;
    const isArray = Array.isArray(v);
    if (!isArray && proto !== Object.prototype && proto !== null) return false;
    ancestors.add(v);
    const items = isArray ? v : Object.values(v);
    const ok = items.every((item) => plain(item, depth + 1));
    ancestors.delete(v);
    return ok;
  };
  if (value === undefined) return 0;
  try {
    if (!plain(value, 0)) return null;
    return Buffer.byteLength(JSON.stringify(value));
  } catch {
    // A throwing getter or toJSON: not plain data either.
    return null;
  }
}

function refuse(code: string, message: string): CallOutcome<unknown> {
  return { ok: false, error: { code, message } };
}

export function setupIpc(
  ipcMain: IpcMainLike,
  dispatch: Dispatch,
  log: Logger,
  appOrigin: string,
): void {
  for (const name of CALL_NAMES) {
    ipcMain.handle(ipcChannel(name), async (event, args) => {
      if (!isTrustedFrame(event.senderFrame, appOrigin)) {
        log.warn('ipc.untrusted_sender', {
          call: name,
          url: event.senderFrame?.url?.slice(0, 100) ?? null,
          subframe: Boolean(event.senderFrame?.parent),
        });
        return refuse('FORBIDDEN', 'untrusted sender');
      }
      const size = plainDataSize(args);
      if (size === null) {
        log.warn('ipc.bad_args', { call: name, problem: 'not plain data' });
        return refuse('BAD_ARGS', 'arguments are not plain data');
      }
      if (size > MAX_BODY_BYTES) {
        log.warn('ipc.too_large', { call: name, bytes: size });
        return refuse('TOO_LARGE', `arguments over ${MAX_BODY_BYTES} bytes`);
      }
      try {
        return await dispatch(name, args, { transport: 'ipc' });
      } catch (e) {
        log.error('ipc.dispatch_crashed', { call: name, error: errorText(e) });
        return refuse('INTERNAL', 'internal error');
      }
    });
  }
}
