// The machinery behind the contract: how a call is declared and what its outcome looks like.
// Kept apart from contract.ts so that file reads as the list of calls and nothing else.
// Node-free: the renderer type-checks against this file.
import type { z } from 'zod';

/** Codes any call can fail with, whatever it declares. */
export const COMMON_ERRORS = [
  'BAD_ARGS',
  'UNKNOWN_CALL',
  'TOO_LARGE',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'OUT_OF_SERVICE',
  'INTERNAL',
] as const;
export type CommonError = (typeof COMMON_ERRORS)[number];

/**
 * Who may make a call. `kiosk`: anyone at the screen. `staff`: a guide who unlocked guide mode.
 * `admin`: a guide whose role is admin.
 */
export type Access = 'kiosk' | 'staff' | 'admin';

declare const resultMarker: unique symbol;
/** A result type carried at the type level only; main is trusted to produce it. */
export interface ResultType<T> {
  readonly [resultMarker]?: T;
}
export const returns = <T>(): ResultType<T> => ({}) as ResultType<T>;

export interface CallSpec<A extends z.ZodType = z.ZodType, R = unknown, E extends string = string> {
  readonly args: A;
  readonly result: ResultType<R>;
  readonly errors: readonly E[];
  readonly access: Access;
  /** Calls that change stored data; refused with OUT_OF_SERVICE while storage is failing. */
  readonly writes: boolean;
}

export function call<A extends z.ZodType, R, const E extends string = never>(spec: {
  args: A;
  result: ResultType<R>;
  errors?: readonly E[];
  access?: Access;
  writes?: boolean;
}): CallSpec<A, R, E> {
  return {
    args: spec.args,
    result: spec.result,
    errors: spec.errors ?? [],
    access: spec.access ?? 'kiosk',
    writes: spec.writes ?? false,
  };
}

export interface CallFailure<E extends string = string> {
  code: E | CommonError;
  /** For logs and developers, in English; the renderer shows its own words for the code. */
  message: string;
  /** Field paths of invalid arguments (never their values). */
  fields?: string[];
}

export type CallOutcome<R, E extends string = string> =
  { ok: true; value: R } | { ok: false; error: CallFailure<E> };
