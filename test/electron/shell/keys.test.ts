import { describe, expect, it } from 'vitest';
import { keyVerdict, type KeyInput } from '../../../electron/shell/keys';

function press(key: string, mods: Partial<KeyInput> = {}): KeyInput {
  return { type: 'keyDown', key, control: false, meta: false, shift: false, alt: false, ...mods };
}

const packaged = { packaged: true };
const dev = { packaged: false };

describe('keyVerdict', () => {
  it('blocks reload, devtools and fullscreen keys in a packaged build', () => {
    const blocked = [
      press('F5'),
      press('F11'),
      press('F12'),
      press('BrowserRefresh'),
      press('r', { control: true }),
      press('R', { control: true, shift: true }),
      press('r', { meta: true }),
      press('I', { control: true, shift: true }),
      press('J', { control: true, shift: true }),
      press('C', { control: true, shift: true }),
      press('i', { meta: true, alt: true }),
    ];
    for (const input of blocked) {
      expect(keyVerdict(input, packaged), JSON.stringify(input)).toBe('block');
      expect(keyVerdict({ ...input, type: 'keyUp' }, packaged)).toBe('block');
    }
  });

  it('leaves those keys to developers in an unpackaged run', () => {
    for (const input of [
      press('F5'),
      press('F12'),
      press('r', { control: true }),
      press('I', { control: true, shift: true }),
    ]) {
      expect(keyVerdict(input, dev), JSON.stringify(input)).toBe('allow');
    }
  });

  it('blocks zoom keys always', () => {
    for (const key of ['+', '-', '=', '_', '0']) {
      expect(keyVerdict(press(key, { control: true }), dev), key).toBe('block');
      expect(keyVerdict(press(key, { meta: true }), packaged), key).toBe('block');
    }
  });

  it('lets ordinary typing through, including letters and digits on the on-screen keyboard', () => {
    for (const input of [
      press('a'),
      press('R'),
      press('r', { shift: true }),
      press('i', { shift: true }),
      press('0'),
      press('9'),
      press('-'),
      press('Enter'),
      press('Backspace'),
      press('c', { control: true }),
      press('v', { control: true }),
      press('a', { control: true }),
      press('F1'),
    ]) {
      expect(keyVerdict(input, packaged), JSON.stringify(input)).toBe('allow');
    }
  });
});
