// Registers one ipcMain handler per contract call. Each checks that the message comes from the
// app's own top-level frame, bounds its size, and hands it to the shared dispatcher.
import { CALL_NAMES } from './contract';
import type { CallOutcome } from './domain/call';
import type { Dispatch } from './hosts/dispatch';
import { MAX_BODY_BYTES } from './hosts/http-host';
import { ipcChannel } from './ipc-channel';
import type { Logger } from './services/logger';

/** The parts of Electron's IpcMainInvokeEvent this module reads. */
export interface InvokeEvent {
  senderFrame: { url: string; parent: unknown } | null;
}

/** The part of Electron's ipcMain this module uses (a fake in tests). */
export interface IpcMainLike {
  handle(
    channel: string,
    listener: (event: InvokeEvent, args: unknown) => Promise<CallOutcome<unknown>>,
  ): void;
}

export function isTrustedFrame(frame: InvokeEvent['senderFrame'], appOrigin: string): boolean {
  if (!frame || frame.parent) return false;
  try {
    return new URL(frame.url).origin === appOrigin;
  } catch {
    return false;
  }
}

function sizeOf(args: unknown): number | null {
  try {
    return Buffer.byteLength(JSON.stringify(args) ?? '');
  } catch {
    return null;
  }
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
        });
        return { ok: false, error: { code: 'FORBIDDEN', message: 'untrusted sender' } };
      }
      const size = sizeOf(args);
      if (size === null)
        return { ok: false, error: { code: 'BAD_ARGS', message: 'arguments are not plain data' } };
      if (size > MAX_BODY_BYTES) {
        log.warn('ipc.too_large', { call: name, bytes: size });
        return {
          ok: false,
          error: { code: 'TOO_LARGE', message: `arguments over ${MAX_BODY_BYTES} bytes` },
        };
      }
      return dispatch(name, args, { transport: 'ipc' });
    });
  }
}
