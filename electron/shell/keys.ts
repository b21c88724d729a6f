// Which key presses the kiosk window swallows. Pure; wired to `before-input-event` in window.ts.
//   - zoom keys, always: the layout is designed for a fixed scale (elder mode has its own sizes);
//   - reload, devtools and fullscreen-toggle keys, in packaged builds (developers keep them).

/** The fields of Electron's `Input` this policy reads. */
export interface KeyInput {
  type: string;
  key: string;
  control: boolean;
  meta: boolean;
  shift: boolean;
  alt: boolean;
}

export type KeyVerdict = 'allow' | 'block';

const ZOOM_KEYS = new Set(['+', '-', '=', '_', '0']);
const DEVTOOLS_LETTERS = new Set(['i', 'j', 'c']);

export function keyVerdict(input: KeyInput, opts: { packaged: boolean }): KeyVerdict {
  const key = input.key.toLowerCase();
  const ctrl = input.control || input.meta;
  if (ctrl && ZOOM_KEYS.has(key)) return 'block';
  if (!opts.packaged) return 'allow';
  if (key === 'f5' || key === 'f11' || key === 'f12') return 'block';
  if (key === 'browserrefresh') return 'block';
  if (ctrl && key === 'r') return 'block';
  // Ctrl+Shift+I/J/C (Windows, Linux) and Cmd+Alt+I/J/C (macOS) open the devtools.
  if (ctrl && (input.shift || input.alt) && DEVTOOLS_LETTERS.has(key)) return 'block';
  return 'allow';
}
