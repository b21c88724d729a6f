// @vitest-environment happy-dom
// The request being put together: answers select and unselect what they add (other choices
// stay), each step's checks, what is sent on submit, and the wipe at the end of the session.
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { BundleDetail } from '../../../electron/domain/catalog';
import { loadCatalog } from '../../../electron/services/catalog/load';

const calls: { name: string; args: unknown }[] = [];
vi.mock('../../../renderer/src/api', () => ({
  ApiError: class extends Error {},
  // Ending a session abandons the calls still waiting; these tests have none.
  abandonCalls: () => undefined,
  api: new Proxy(
    {},
    {
      get: (_t, name: string) => async (args: unknown) => {
        calls.push({ name, args });
        if (name === 'requestSubmit') return { ticket: 'DQ01-20250611-0001' };
        throw new Error(`unexpected ${name}`);
      },
    },
  ),
}));

const { useRequestStore } = await import('../../../renderer/src/stores/request');
const { runSessionReset } = await import('../../../renderer/src/session/reset');

const raw = loadCatalog().catalog.bundles.find((b) => b.id === 'business-startup');
if (!raw) throw new Error('no 企业开办');
const startup = raw as unknown as BundleDetail;

beforeEach(() => {
  setActivePinia(createPinia());
  calls.length = 0;
});

describe('request store', () => {
  it('answers add and remove what they bring; a choice the visitor made stays', () => {
    const r = useRequestStore();
    r.startBundle(startup);
    expect(r.steps).toEqual(['covers', 'questions', 'services', 'valueAdded', 'contact', 'review']);
    expect(r.selected).toEqual(['b0', 'b1', 'b2', 'b3', 'b4', 'b5']);
    r.answer('food', true);
    r.answer('bank-appointment', true);
    r.toggle('b4'); // the visitor drops 医保
    expect(r.selected).toEqual(['b0', 'b1', 'b2', 'b3', 'b5', 'q-food-0', 'v3']);
    r.answer('food', false);
    expect(r.selected).toEqual(['b0', 'b1', 'b2', 'b3', 'b5', 'v3']);
    // Starting the same bundle again (back to the wizard) keeps everything.
    r.startBundle(startup);
    expect(r.answers).toEqual({ food: false, 'bank-appointment': true });
  });

  it('checks each step: answers, a basic service, phone and privacy', () => {
    const r = useRequestStore();
    r.startBundle(startup);
    expect(r.problemsOf('questions', false)).toEqual(['answerAll']);
    for (const q of ['food', 'sole-proprietor', 'bank-appointment']) r.answer(q, false);
    expect(r.problemsOf('questions', false)).toEqual([]);
    for (const id of ['b0', 'b1', 'b2', 'b3', 'b4', 'b5']) r.toggle(id);
    expect(r.problemsOf('services', false)).toEqual(['chooseService']);
    expect(r.problemsOf('contact', false)).toEqual(['phoneRequired', 'privacy']);
    expect(r.problemsOf('contact', true)).toEqual(['privacy']);
    r.setPhone('1281234567');
    r.setPhone('12812345678');
    expect(r.confirmPhone()).toBe(false);
    expect(r.problemsOf('contact', true)).toEqual(['phoneInvalid', 'privacy']);
    r.setPhone('138-1234-5678');
    expect(r.phone).toBe('13812345678');
    expect(r.problemsOf('contact', false)).toEqual(['phoneNotConfirmed', 'privacy']);
    expect(r.confirmPhone()).toBe(true);
    r.setPrivacy(true);
    expect(r.problemsOf('contact', false)).toEqual([]);
  });

  it('submits the bundle with its answers and items, and the consultation by measure or board', async () => {
    const r = useRequestStore();
    r.startBundle(startup, { founder: true });
    r.answer('food', true);
    r.setPhone('13812345678');
    r.confirmPhone();
    r.setContactName('王小明');
    await r.submit();
    expect(calls.at(-1)).toMatchObject({
      name: 'requestSubmit',
      args: {
        subject: {
          kind: 'bundle',
          bundleId: 'business-startup',
          answers: { food: true },
          items: ['b0', 'b1', 'b2', 'b3', 'b4', 'b5', 'q-food-0'],
        },
        founder: true,
        contact: { phone: '13812345678', name: '王小明' },
        privacyAccepted: true,
      },
    });
    const firstId = (calls.at(-1)?.args as { requestId: string }).requestId;
    expect(firstId).toMatch(/^[0-9a-f-]{36}$/);

    // Nothing typed is asked twice: the phone stays for the next request of the same visit.
    r.startConsultation({ measureNo: 12, board: null, subject: 's', title: 't' });
    expect(r.steps).toEqual(['contact', 'review']);
    expect(r.phone).toBe('13812345678');
    await r.submit();
    const args = calls.at(-1)?.args as { requestId: string; subject: object };
    expect(args.subject).toEqual({ kind: 'consultation', measureNo: 12, board: null });
    expect(args.requestId).not.toBe(firstId);
  });

  it('forgets everything when the session ends', async () => {
    const r = useRequestStore();
    r.startBundle(startup);
    r.setPhone('13812345678');
    r.setContactName('王小明');
    await runSessionReset();
    expect([r.bundle, r.phone, r.contactName, r.selected.length, r.receipt]).toEqual([
      null,
      '',
      '',
      0,
      null,
    ]);
  });
});
