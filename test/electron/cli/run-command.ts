// Runs a kioskctl command in-process and captures what it prints.
import { vi } from 'vitest';
import type { CliCommand } from '../../../electron/cli/define';

export async function runCommand(
  command: CliCommand,
  argv: string[],
): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => {
    out += String(s);
    return true;
  });
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => {
    err += String(s);
    return true;
  });
  try {
    const code = await command.run(argv, []);
    return { code, out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}
