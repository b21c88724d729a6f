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
import type { IdentifyResult, SessionView } from './domain/enterprise';
import type { ScanSettings } from './domain/scan-settings';

const none = z.object({}).strict();

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

  /** Ends the identification (back to nobody at the screen). */
  sessionReset: call({ args: none, result: returns<{ reset: true }>() }),

  /** Camera settings for the scan screen (device id, decoding engine). */
  scanSettings: call({ args: none, result: returns<ScanSettings>() }),
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
