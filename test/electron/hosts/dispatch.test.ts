import { describe, expect, it } from 'vitest';
import type { Handlers, RefusalCode } from '../../../electron/contract';
import { z } from 'zod';
import { call, returns } from '../../../electron/domain/call';
import { Refusal } from '../../../electron/refusal';
import { createDispatch } from '../../../electron/hosts/dispatch';
import { createMemoryLogger } from '../../../electron/services/logger';

function handlers(overrides: Partial<Handlers> = {}): Handlers {
  return {
    appInfo: () => {
      throw new Error('boom');
    },
    appStatus: () => ({ inService: true, reason: null }),
    logClientError: () => ({ logged: true }),
    ...overrides,
  } as Handlers;
}

describe('dispatch', () => {
  const ctx = { transport: 'http' as const };

  it('runs a valid call', async () => {
    const log = createMemoryLogger();
    const d = createDispatch({
      handlers: handlers(),
      log,
      hasAccess: () => true,
      canWrite: () => true,
    });
    expect(await d('appStatus', {}, ctx)).toEqual({
      ok: true,
      value: { inService: true, reason: null },
    });
  });

  it('refuses an unknown call, and names inherited from Object', async () => {
    const log = createMemoryLogger();
    const d = createDispatch({
      handlers: handlers(),
      log,
      hasAccess: () => true,
      canWrite: () => true,
    });
    for (const name of ['nope', 'constructor', '__proto__', 'toString']) {
      const out = await d(name, {}, ctx);
      expect(out.ok).toBe(false);
      if (!out.ok) expect(out.error.code).toBe('UNKNOWN_CALL');
    }
    expect(log.lines.filter((l) => l.event === 'call.unknown')).toHaveLength(4);
  });

  it('refuses wrong argument types with the field paths, not their values', async () => {
    const log = createMemoryLogger();
    const d = createDispatch({
      handlers: handlers(),
      log,
      hasAccess: () => true,
      canWrite: () => true,
    });
    const out = await d('logClientError', { where: 42, message: 'x'.repeat(3000), extra: 1 }, ctx);
    expect(out).toMatchObject({ ok: false, error: { code: 'BAD_ARGS' } });
    if (!out.ok) expect(out.error.fields?.sort()).toEqual(['(root)', 'message', 'where']);
    expect(JSON.stringify(log.lines)).not.toContain('xxxx');
    for (const bad of [null, 'text', 7, [], { where: '' }]) {
      const o = await d('logClientError', bad, ctx);
      expect(o.ok).toBe(false);
    }
  });

  it('turns a crashing handler into INTERNAL and logs it', async () => {
    const log = createMemoryLogger();
    const d = createDispatch({
      handlers: handlers(),
      log,
      hasAccess: () => true,
      canWrite: () => true,
    });
    expect(await d('appInfo', {}, ctx)).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(log.lines.some((l) => l.event === 'call.crashed')).toBe(true);
  });

  it('passes declared error codes through and hides undeclared ones', async () => {
    const log = createMemoryLogger();
    const d = createDispatch({
      handlers: handlers({
        appStatus: () => {
          throw new Refusal('NOT_A_DECLARED_CODE' as RefusalCode, 'x');
        },
        logClientError: () => {
          throw new Refusal('OUT_OF_SERVICE', 'disk full');
        },
      }),
      log,
      hasAccess: () => true,
      canWrite: () => true,
    });
    expect(await d('appStatus', {}, ctx)).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(await d('logClientError', { where: 'w', message: 'm' }, ctx)).toMatchObject({
      ok: false,
      error: { code: 'OUT_OF_SERVICE' },
    });
  });
});

describe('dispatch rights and storage', () => {
  const ctx = { transport: 'ipc' as const };
  const calls = {
    guideOnly: call({ args: z.object({}).strict(), result: returns<string>(), access: 'staff' }),
    adminOnly: call({ args: z.object({}).strict(), result: returns<string>(), access: 'admin' }),
    store: call({
      args: z.object({ n: z.number() }).strict(),
      result: returns<number>(),
      writes: true,
    }),
  };
  const fake = {
    guideOnly: () => 'guide',
    adminOnly: () => 'admin',
    store: ({ n }: { n: number }) => n,
  } as unknown as Handlers;

  it('refuses staff and admin calls to the public, and admin calls to a guide', async () => {
    const log = createMemoryLogger();
    let role: 'none' | 'guide' | 'admin' = 'none';
    const hasAccess = (needed: string) =>
      needed === 'kiosk' || (role !== 'none' && (needed === 'staff' || role === 'admin'));
    const d = createDispatch({ handlers: fake, log, hasAccess, canWrite: () => true, calls });
    expect(await d('guideOnly', {}, ctx)).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    role = 'guide';
    expect(await d('guideOnly', {}, ctx)).toEqual({ ok: true, value: 'guide' });
    expect(await d('adminOnly', {}, ctx)).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    role = 'admin';
    expect(await d('adminOnly', {}, ctx)).toEqual({ ok: true, value: 'admin' });
  });

  it('refuses write calls while storage is out of service, and reads still work', async () => {
    const log = createMemoryLogger();
    let writable = false;
    const d = createDispatch({
      handlers: fake,
      log,
      hasAccess: () => true,
      canWrite: () => writable,
      calls,
    });
    expect(await d('store', { n: 1 }, ctx)).toMatchObject({
      ok: false,
      error: { code: 'OUT_OF_SERVICE' },
    });
    writable = true;
    expect(await d('store', { n: 2 }, ctx)).toEqual({ ok: true, value: 2 });
  });
});
