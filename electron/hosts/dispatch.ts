// The one place a call is checked and run, whichever transport brought it: known name, argument
// schema, caller's rights, storage health, then the handler. Every failure becomes a typed outcome;
// nothing a caller sends can throw out of here.
import { contract, type CallContext, type CallName, type Handlers } from '../contract';
import type { Access, CallOutcome, CallSpec } from '../domain/call';
import { Refusal } from '../refusal';
import type { Logger } from '../services/logger';

export interface DispatchDeps {
  handlers: Handlers;
  log: Logger;
  /** The rights of whoever is at the screen now. */
  hasAccess: (needed: Access) => boolean;
  /** False while storage cannot persist; write calls are then refused. */
  canWrite: () => boolean;
  /** The calls to serve; the real contract unless a test passes its own. */
  calls?: Record<string, CallSpec>;
}

export type Dispatch = (
  name: string,
  rawArgs: unknown,
  ctx: CallContext,
) => Promise<CallOutcome<unknown>>;

export function isCallName(name: string): name is CallName {
  return Object.hasOwn(contract, name);
}

function fail(code: string, message: string, fields?: string[]): CallOutcome<unknown> {
  return { ok: false, error: fields ? { code, message, fields } : { code, message } };
}

export function createDispatch(deps: DispatchDeps): Dispatch {
  const { handlers, log } = deps;
  const calls: Record<string, CallSpec> = deps.calls ?? contract;
  return async (name, rawArgs, ctx) => {
    if (!Object.hasOwn(calls, name)) {
      log.warn('call.unknown', { name: name.slice(0, 80), transport: ctx.transport });
      return fail('UNKNOWN_CALL', `no call named ${JSON.stringify(name.slice(0, 80))}`);
    }
    const spec = calls[name] as CallSpec;
    const parsed = spec.args.safeParse(rawArgs === undefined ? {} : rawArgs);
    if (!parsed.success) {
      const fields = [...new Set(parsed.error.issues.map((i) => i.path.join('.') || '(root)'))];
      log.warn('call.bad_args', { name, fields, transport: ctx.transport });
      return fail('BAD_ARGS', `invalid arguments for ${name}`, fields);
    }
    if (!deps.hasAccess(spec.access)) {
      log.warn('call.forbidden', { name, needed: spec.access, transport: ctx.transport });
      return fail('FORBIDDEN', `${name} needs ${spec.access} rights`);
    }
    if (spec.writes && !deps.canWrite()) {
      return fail('OUT_OF_SERVICE', 'storage is not accepting writes');
    }
    try {
      const handler = (handlers as Record<string, (a: unknown, c: CallContext) => unknown>)[name];
      if (!handler) throw new Error(`no handler for ${name}`);
      const value = await handler(parsed.data, ctx);
      return { ok: true, value };
    } catch (e) {
      if (e instanceof Refusal) {
        const declared = (spec.errors as readonly string[]).includes(e.code);
        if (
          declared ||
          e.code === 'OUT_OF_SERVICE' ||
          e.code === 'FORBIDDEN' ||
          e.code === 'BAD_ARGS'
        ) {
          log.info('call.failed', { name, code: e.code, message: e.message });
          return fail(e.code, e.message, e.fields);
        }
        log.error('call.undeclared_error', { name, code: e.code, message: e.message });
        return fail('INTERNAL', 'internal error');
      }
      log.error('call.crashed', { name, error: errorText(e) });
      return fail('INTERNAL', 'internal error');
    }
  };
}

export function errorText(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}\n${e.stack ?? ''}`.slice(0, 4000);
  return String(e).slice(0, 4000);
}
