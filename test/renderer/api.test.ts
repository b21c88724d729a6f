// @vitest-environment happy-dom
// A session's pending calls are abandoned when it ends: the caller gets ABANDONED at once and the
// request is aborted, so nothing of the visit stays referenced by a call still waiting for main.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { abandonCalls, api, ApiError } from '../../renderer/src/api';

afterEach(() => vi.unstubAllGlobals());

describe('abandoning calls at the end of a session', () => {
  it('a call waiting over HTTP is aborted and answers ABANDONED; later calls go through', async () => {
    const signals: AbortSignal[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn((url: string, init: RequestInit) => {
        if (url === './launch') return Promise.resolve(new Response('{}'));
        signals.push(init.signal as AbortSignal);
        if (url.endsWith('/requestPrint'))
          return new Promise<Response>((_resolve, reject) =>
            init.signal?.addEventListener('abort', () => reject(new Error('aborted'))),
          );
        return Promise.resolve(
          new Response(JSON.stringify({ ok: true, value: { inService: true } })),
        );
      }),
    );
    const pending = api.requestPrint({
      ticket: 'DQ01-20261203-0001',
      document: 'receipt',
      heightMm: null,
      reprint: false,
      locale: 'zh-CN',
    });
    await vi.waitFor(() => expect(signals).toHaveLength(1));
    abandonCalls();
    const err = await pending.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe('ABANDONED');
    expect(signals[0]?.aborted).toBe(true);
    await expect(api.appStatus()).resolves.toMatchObject({ inService: true });
  });

  it('a call through the Electron bridge answers ABANDONED without waiting for main', async () => {
    let answer: (v: unknown) => void = () => undefined;
    window.kiosk = {
      appStatus: () => new Promise((resolve) => (answer = resolve)),
    } as unknown as NonNullable<Window['kiosk']>;
    try {
      const pending = api.appStatus();
      abandonCalls();
      await expect(pending).rejects.toMatchObject({ code: 'ABANDONED' });
      answer({ ok: true, value: {} });
    } finally {
      delete window.kiosk;
    }
  });
});
