// The preload as Electron runs it: bundled the way scripts/build.mjs bundles it, then evaluated
// in a bare context whose `require` knows only a fake `electron` (a sandboxed preload gets no
// Node modules), and checked for what it puts on `window`.
import { build } from 'esbuild';
import path from 'node:path';
import vm from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import { CALL_NAMES } from '../../electron/contract';
import { ipcChannel } from '../../electron/ipc-channel';

const root = path.resolve(import.meta.dirname, '..', '..');

interface Loaded {
  exposed: Map<string, unknown>;
  invoked: { channel: string; args: unknown[] }[];
  required: string[];
}

let bundle = '';

beforeAll(async () => {
  const out = await build({
    entryPoints: [path.join(root, 'electron/preload.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['electron'],
    write: false,
    logLevel: 'silent',
    absWorkingDir: root,
  });
  bundle = out.outputFiles[0]!.text;
});

function loadPreload(): Loaded {
  const loaded: Loaded = { exposed: new Map(), invoked: [], required: [] };
  const electron = {
    contextBridge: {
      exposeInMainWorld(key: string, api: unknown) {
        if (loaded.exposed.has(key)) throw new Error(`exposed twice: ${key}`);
        loaded.exposed.set(key, api);
      },
    },
    ipcRenderer: {
      invoke(channel: string, ...args: unknown[]) {
        loaded.invoked.push({ channel, args });
        return Promise.resolve({ ok: true, value: channel });
      },
      // Present so a preload that exposed or used them would be caught below.
      send() {
        throw new Error('preload must not use ipcRenderer.send');
      },
      on() {
        throw new Error('preload must not listen on ipcRenderer');
      },
    },
  };
  const module = { exports: {} };
  const context = vm.createContext({
    module,
    exports: module.exports,
    require(name: string) {
      loaded.required.push(name);
      if (name === 'electron') return electron;
      throw new Error(`a sandboxed preload cannot require ${name}`);
    },
  });
  vm.runInContext(bundle, context, { filename: 'preload.cjs' });
  return loaded;
}

describe('preload', () => {
  it('requires nothing but electron (it runs sandboxed)', () => {
    expect(loadPreload().required).toEqual(['electron']);
  });

  it('exposes one object, window.kiosk, with exactly the contract’s calls as functions', () => {
    const { exposed } = loadPreload();
    expect([...exposed.keys()]).toEqual(['kiosk']);
    const kiosk = exposed.get('kiosk') as Record<string, unknown>;
    expect(Object.keys(kiosk).sort()).toEqual([...CALL_NAMES].sort());
    for (const name of CALL_NAMES) expect(typeof kiosk[name], name).toBe('function');
    expect(Object.isFrozen(kiosk)).toBe(true);
    // Nothing that would hand the page Electron itself.
    for (const leak of ['ipcRenderer', 'invoke', 'send', 'on', 'electron', 'require']) {
      expect(Object.hasOwn(kiosk, leak), leak).toBe(false);
    }
  });

  it('each function invokes its own channel with exactly the arguments given', async () => {
    const { exposed, invoked } = loadPreload();
    const kiosk = exposed.get('kiosk') as Record<string, (args: unknown) => Promise<unknown>>;
    for (const name of CALL_NAMES) {
      const args = { probe: name };
      await expect(kiosk[name]!(args)).resolves.toEqual({ ok: true, value: ipcChannel(name) });
    }
    expect(invoked).toEqual(
      CALL_NAMES.map((name) => ({ channel: ipcChannel(name), args: [{ probe: name }] })),
    );
  });
});
