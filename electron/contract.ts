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
import type { SyncStatus } from './domain/sync';

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
