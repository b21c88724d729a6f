// The Electron transport: setupIpc registered on a fake ipcMain, driven as a renderer would.
import { describe, expect, it, vi } from 'vitest';
import { CALL_NAMES, type Handlers } from '../../electron/contract';
import type { CallOutcome } from '../../electron/domain/call';
import { createDispatch } from '../../electron/hosts/dispatch';
import { MAX_BODY_BYTES } from '../../electron/hosts/http-host';
import {
  plainDataSize,
  setupIpc,
  type InvokeEvent,
  type IpcMainLike,
  type SenderFrame,
} from '../../electron/ipc';
import { ipcChannel } from '../../electron/ipc-channel';
import { createMemoryLogger } from '../../electron/services/logger';
import { APP_ORIGIN } from '../../electron/shell/origin';

type Listener = (event: InvokeEvent, args: unknown) => Promise<CallOutcome<unknown>>;

function setup() {
  const listeners = new Map<string, Listener>();
  const ipcMain: IpcMainLike = {
    handle(channel, listener) {
      if (listeners.has(channel)) throw new Error(`second handler for ${channel}`);
      listeners.set(channel, listener);
    },
  };
  // Every handler is a spy that answers { ran: <name> }: "nothing runs" means no spy was called.
  const spies = Object.fromEntries(
    CALL_NAMES.map((name) => [name, vi.fn(() => ({ ran: name }))]),
  ) as Record<string, ReturnType<typeof vi.fn>>;
  const log = createMemoryLogger();
  const dispatch = createDispatch({
    handlers: spies as unknown as Handlers,
    log,
    hasAccess: () => true,
    canWrite: () => true,
  });
  setupIpc(ipcMain, dispatch, log, APP_ORIGIN);
  const ranAny = () => Object.values(spies).some((s) => s.mock.calls.length > 0);
  const invoke = (name: string, args: unknown, frame: SenderFrame | null = appFrame()) => {
    const listener = listeners.get(ipcChannel(name));
    if (!listener) throw new Error(`no handler for ${name}`);
    return listener({ senderFrame: frame }, args);
  };
  return { listeners, spies, log, ranAny, invoke };
}

function appFrame(overrides: Partial<SenderFrame> = {}): SenderFrame {
  return { url: 'app://kiosk/index.html', origin: 'app://kiosk', parent: null, ...overrides };
}

const code = (out: CallOutcome<unknown>) => (out.ok ? 'OK' : out.error.code);

describe('setupIpc', () => {
  it('registers exactly one handler per contract call and nothing else', () => {
    const { listeners } = setup();
    expect([...listeners.keys()].sort()).toEqual(CALL_NAMES.map((n) => ipcChannel(n)).sort());
  });

  it('runs a valid call from the app’s own top-level frame', async () => {
    const { invoke, spies } = setup();
    expect(await invoke('appStatus', {})).toEqual({ ok: true, value: { ran: 'appStatus' } });
    expect(await invoke('appInfo', undefined)).toEqual({ ok: true, value: { ran: 'appInfo' } });
    const args = { where: 'vue:render', message: 'TypeError: x is undefined' };
    expect(await invoke('logClientError', args)).toMatchObject({ ok: true });
    expect(spies.logClientError).toHaveBeenCalledWith(args, { transport: 'ipc' });
  });

  it('refuses untrusted senders on every call, runs nothing and logs it', async () => {
    const { invoke, ranAny, log } = setup();
    const untrusted: [string, SenderFrame | null][] = [
      ['no frame (navigated away or destroyed)', null],
      [
        'another origin',
        appFrame({ url: 'https://evil.example/', origin: 'https://evil.example' }),
      ],
      ['another app host', appFrame({ url: 'app://evil/index.html', origin: 'app://evil' })],
      ['a file page', appFrame({ url: 'file:///tmp/x.html', origin: 'null' })],
      ['about:blank', appFrame({ url: 'about:blank', origin: 'null' })],
      ['a subframe of the app', appFrame({ parent: appFrame() })],
      ['a URL and origin that disagree', appFrame({ origin: 'https://evil.example' })],
    ];
    for (const name of CALL_NAMES) {
      for (const [why, frame] of untrusted) {
        const out = await invoke(name, {}, frame);
        expect(code(out), `${name}: ${why}`).toBe('FORBIDDEN');
      }
    }
    expect(ranAny()).toBe(false);
    expect(log.lines.filter((l) => l.event === 'ipc.untrusted_sender')).toHaveLength(
      CALL_NAMES.length * untrusted.length,
    );
  });

  it('refuses arguments over 1 MiB with TOO_LARGE, and measures them as JSON bytes', async () => {
    const { invoke, ranAny, log } = setup();
    // {"where":"w","message":"…"} with the message sized to land exactly on the limit.
    const overhead = JSON.stringify({ where: 'w', message: '' }).length;
    const atLimit = { where: 'w', message: 'x'.repeat(MAX_BODY_BYTES - overhead) };
    const overLimit = { where: 'w', message: 'x'.repeat(MAX_BODY_BYTES - overhead + 1) };
    expect(plainDataSize(atLimit)).toBe(MAX_BODY_BYTES);
    // At the limit the size check passes and the contract refuses the long message instead.
    expect(code(await invoke('logClientError', atLimit))).toBe('BAD_ARGS');
    expect(code(await invoke('logClientError', overLimit))).toBe('TOO_LARGE');
    // Multi-byte text counts in bytes, not characters: 400 Ki of 3-byte characters is over.
    expect(code(await invoke('logClientError', { where: '德'.repeat(400 * 1024) }))).toBe(
      'TOO_LARGE',
    );
    expect(ranAny()).toBe(false);
    expect(log.lines.filter((l) => l.event === 'ipc.too_large')).toHaveLength(2);
  });

  it('refuses data that is not plain (cycles, Maps, Dates, class instances…) with BAD_ARGS', async () => {
    const { invoke, ranAny, log } = setup();
    const cyclic: Record<string, unknown> = { where: 'w', message: 'm' };
    cyclic.self = cyclic;
    const deep: Record<string, unknown> = {};
    let cursor = deep;
    for (let i = 0; i < 40; i++) cursor = (cursor.next = {}) as Record<string, unknown>;
    class Args {
      where = 'w';
      message = 'm';
    }
    const notPlain: [string, unknown][] = [
      ['a cycle', cyclic],
      [
        'a cycle through an array',
        (() => {
          const a: unknown[] = [];
          a.push({ a });
          return { where: 'w', message: 'm', a };
        })(),
      ],
      ['a Map', new Map([['where', 'w']])],
      ['a Date', { where: 'w', message: new Date(0) }],
      ['a typed array', { where: 'w', message: new Uint8Array(4) }],
      ['a class instance', new Args()],
      ['a function', { where: 'w', message: () => 1 }],
      ['NaN', { where: 'w', message: NaN }],
      ['Infinity', { where: 'w', message: Infinity }],
      ['a BigInt', { where: 'w', message: 1n }],
      ['nesting over 32 levels', deep],
      [
        'a throwing getter',
        Object.defineProperty({}, 'where', {
          enumerable: true,
          get() {
            throw new Error('boom');
          },
        }),
      ],
    ];
    for (const [why, args] of notPlain) {
      const out = await invoke('logClientError', args);
      expect(code(out), why).toBe('BAD_ARGS');
    }
    expect(ranAny()).toBe(false);
    expect(log.lines.filter((l) => l.event === 'ipc.bad_args')).toHaveLength(notPlain.length);
  });

  it('refuses wrong types with BAD_ARGS naming the fields, not their values', async () => {
    const { invoke, ranAny, log } = setup();
    const wrong: unknown[] = [
      { where: 42, message: 'm' },
      { where: 'w', message: ['m'] },
      { where: '', message: 'm' },
      { where: 'w', message: 'm', extra: true },
      { where: 'w' },
      null,
      'text',
      7,
      [],
    ];
    for (const args of wrong) {
      expect(code(await invoke('logClientError', args)), JSON.stringify(args)).toBe('BAD_ARGS');
    }
    const out = await invoke('logClientError', { where: 'w', message: 12345, secretive: 'xyz' });
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.error.fields?.sort()).toEqual(['(root)', 'message']);
    expect(JSON.stringify(log.lines)).not.toContain('xyz');
    expect(ranAny()).toBe(false);
  });

  it('never throws out of a handler, even when the dispatcher does', async () => {
    const listeners = new Map<string, Listener>();
    const log = createMemoryLogger();
    setupIpc(
      { handle: (c, l) => listeners.set(c, l) },
      () => Promise.reject(new Error('dispatcher bug')),
      log,
      APP_ORIGIN,
    );
    const out = await listeners.get(ipcChannel('appStatus'))!({ senderFrame: appFrame() }, {});
    expect(code(out)).toBe('INTERNAL');
    expect(log.lines.some((l) => l.event === 'ipc.dispatch_crashed')).toBe(true);
  });
});
