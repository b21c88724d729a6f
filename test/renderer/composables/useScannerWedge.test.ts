// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { attachScannerWedge } from '../../../renderer/src/composables/useScannerWedge';

const CODE = '91330521DQ0000018A';
let clock = 0;
let detach: (() => void) | null = null;

function press(target: EventTarget, key: string): KeyboardEvent {
  const e = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true });
  target.dispatchEvent(e);
  return e;
}

async function type(target: EventTarget, keys: string[], gap: number): Promise<void> {
  for (const k of keys) {
    press(target, k);
    clock += gap;
    await vi.advanceTimersByTimeAsync(gap);
  }
}

beforeEach(() => {
  vi.useFakeTimers();
  clock = 0;
  document.body.innerHTML = '<input id="field" type="text" /><div id="other"></div>';
});
afterEach(() => {
  detach?.();
  detach = null;
  vi.useRealTimers();
});

describe('scanner wedge on the page', () => {
  it('a burst into a focused input becomes a scan and never reaches the input', async () => {
    const scans: string[] = [];
    const seen: string[] = [];
    detach = attachScannerWedge(document, (t) => scans.push(t), { now: () => clock });
    const input = document.getElementById('field') as HTMLInputElement;
    input.addEventListener('keydown', (e) => seen.push(e.key));
    input.focus();
    await type(input, [...CODE, 'Enter'], 5);
    expect(scans).toEqual([CODE]);
    expect(input.value).toBe('');
    // Not one key of the burst was delivered to the input's own listeners.
    expect(seen).toEqual([]);
  });

  it('ordinary typing in an input arrives there, and is not a scan', async () => {
    const scans: string[] = [];
    detach = attachScannerWedge(document, (t) => scans.push(t), { now: () => clock });
    const input = document.getElementById('field') as HTMLInputElement;
    const inputs: string[] = [];
    input.addEventListener('input', () => inputs.push(input.value));
    input.focus();
    await type(input, [...CODE], 140);
    const enter = press(input, 'Enter');
    await vi.advanceTimersByTimeAsync(100);
    expect(scans).toEqual([]);
    expect(input.value).toBe(CODE);
    expect(inputs.at(-1)).toBe(CODE);
    expect(enter.defaultPrevented).toBe(false);
  });

  it('a burst with nothing focused is a scan too; keys are kept from the page', async () => {
    const scans: string[] = [];
    const bubbled: string[] = [];
    detach = attachScannerWedge(document, (t) => scans.push(t), { now: () => clock });
    document.addEventListener('keydown', (e) => bubbled.push(e.key));
    await type(document.getElementById('other') as HTMLElement, [...CODE, 'Tab'], 3);
    expect(scans).toEqual([CODE]);
    expect(bubbled).toEqual([]);
  });

  it('stops listening when detached', async () => {
    const scans: string[] = [];
    detach = attachScannerWedge(document, (t) => scans.push(t), { now: () => clock });
    detach();
    detach = null;
    await type(document.body, [...CODE, 'Enter'], 3);
    expect(scans).toEqual([]);
  });
});
