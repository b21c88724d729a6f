// @vitest-environment happy-dom
// The screen follows main's session: a session id that changed without the screen ending the
// session means main ended it (a guide's rights lapsed, guide mode was locked).
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';

let session = 's1';
let answer: (() => void) | null = null;
let hold = false;
vi.mock('../../../renderer/src/api', () => ({
  ApiError: class extends Error {},
  api: new Proxy(
    {},
    {
      get: (_t, name: string) => async () => {
        if (name !== 'appStatus') throw new Error(`unexpected ${name}`);
        const now = session;
        if (hold) await new Promise<void>((resolve) => (answer = resolve));
        return {
          inService: true,
          reason: null,
          staffed: { open: true, nextOpening: null },
          session: now,
        };
      },
    },
  ),
}));

const { useKioskStore } = await import('../../../renderer/src/stores/kiosk');

beforeEach(() => {
  setActivePinia(createPinia());
  session = 's1';
  hold = false;
});

describe('the kiosk store', () => {
  it('counts a session main ended by itself', async () => {
    const kiosk = useKioskStore();
    await kiosk.refreshStatus();
    await kiosk.refreshStatus();
    expect(kiosk.sessionsEndedByMain).toBe(0);
    session = 's2';
    await kiosk.refreshStatus();
    expect(kiosk.sessionsEndedByMain).toBe(1);
    await kiosk.refreshStatus();
    expect(kiosk.sessionsEndedByMain).toBe(1);
  });

  it('does not count the session the screen ended itself, nor a status asked for before', async () => {
    const kiosk = useKioskStore();
    await kiosk.refreshStatus();
    // A poll is on its way when the screen ends the session...
    hold = true;
    const poll = kiosk.refreshStatus();
    await Promise.resolve();
    kiosk.endingSession();
    session = 's2';
    kiosk.adoptSession('s2');
    // ...and its answer, about the old session, arrives after.
    hold = false;
    answer?.();
    await poll;
    await kiosk.refreshStatus();
    expect(kiosk.sessionsEndedByMain).toBe(0);
  });
});
