// Real kiosk services in a temp data dir with a clock the test moves, and calls through the
// dispatcher as the renderer makes them, typed from the contract: `call('name', args)` checks the
// arguments and gives the result type the contract declares.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createKioskServices, type KioskServices } from '../../electron/compose';
import type { ArgsOf, CallName, ErrorCodeOf, ResultOf } from '../../electron/contract';
import type { CallOutcome } from '../../electron/domain/call';
import { createMemoryLogger } from '../../electron/services/logger';
import type { SessionState } from '../../electron/services/session';

export const ctx = { transport: 'http' as const };

/** Wednesday 2025-06-11 10:00 in Deqing (a working day, in hours). */
export const WEDNESDAY_10AM = new Date('2025-06-11T02:00:00Z');

export type Outcome<N extends CallName> = CallOutcome<ResultOf<N>, ErrorCodeOf<N>>;

export interface Harness {
  k: KioskServices;
  dir: string;
  clock: { now: Date; advanceDays(n: number): void };
  /** The call's result; a failed outcome throws (with its code and message). */
  call<N extends CallName>(name: N, args: ArgsOf<N>): Promise<ResultOf<N>>;
  /** The call's outcome, success or failure. */
  outcome<N extends CallName>(name: N, args: ArgsOf<N>): Promise<Outcome<N>>;
  /** What a hostile or broken caller sends: any name, any arguments, unchecked by the compiler. */
  send(name: string, args: unknown): Promise<CallOutcome<unknown>>;
  as(state: Partial<SessionState>): void;
  close(): Promise<void>;
}

export async function startHarness(
  opts: { config?: object; at?: Date; dir?: string; realClock?: boolean } = {},
): Promise<Harness> {
  const dir = opts.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-requests-'));
  if (opts.config) fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify(opts.config));
  const clock = {
    now: opts.at ?? WEDNESDAY_10AM,
    advanceDays(n: number) {
      clock.now = new Date(clock.now.getTime() + n * 86_400_000);
    },
  };
  const k = await createKioskServices({
    dataRoot: dir,
    shell: 'browser',
    appVersion: 'test',
    log: createMemoryLogger(),
    now: opts.realClock ? () => new Date() : () => clock.now,
  });
  const send = (name: string, args: unknown) => k.dispatch(name, args, ctx);
  const outcome = <N extends CallName>(name: N, args: ArgsOf<N>) =>
    send(name, args) as Promise<Outcome<N>>;
  return {
    k,
    dir,
    clock,
    outcome,
    send,
    async call(name, args) {
      const out = await outcome(name, args);
      if (!out.ok) throw new Error(`${name}: ${out.error.code} ${out.error.message}`);
      return out.value;
    },
    as(state) {
      k.session.set({ audience: 'anonymous', staff: null, enterprise: null, ...state });
    },
    close: () => k.close(),
  };
}

/** A 企业开办 request as the wizard sends it: every basic service, food "yes". */
export function startupArgs(over: Partial<ArgsOf<'requestSubmit'>> = {}): ArgsOf<'requestSubmit'> {
  return {
    requestId: crypto.randomUUID(),
    subject: {
      kind: 'bundle',
      bundleId: 'business-startup',
      answers: { food: true, 'sole-proprietor': false, 'bank-appointment': true },
      items: ['b0', 'b1', 'b2', 'b3', 'b4', 'b5', 'q-food-0', 'v3'],
    },
    founder: true,
    contact: { phone: '13812345678', name: '王小明' },
    privacyAccepted: true,
    ...over,
  };
}
