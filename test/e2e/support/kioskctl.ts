// Runs the built kioskctl against a test's data directory.
import { spawnSync } from 'node:child_process';

export function kioskctl(
  dataDir: string,
  args: string[],
  input?: string,
): { code: number; out: string; err: string } {
  const r = spawnSync(
    process.execPath,
    ['dist/electron/kioskctl.mjs', ...args, '--data', dataDir],
    {
      input: input ?? '',
      encoding: 'utf8',
      timeout: 60_000,
    },
  );
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}
