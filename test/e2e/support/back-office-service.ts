// The real back office for e2e tests: `serve` from the built entry on an embedded database in a
// throwaway directory, and its command line.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';

export const BACK_OFFICE_ENTRY = 'dist/back-office/back-office.mjs';

export interface Service {
  process: ChildProcess;
  url: string;
  endpoint: string;
  adminToken: string | null;
  stderr(): string;
  stop(): Promise<number | null>;
}

export async function serveBackOffice(dataDir: string): Promise<Service> {
  const child = spawn(
    process.execPath,
    [BACK_OFFICE_ENTRY, 'serve', '--data', dataDir, '--port', '0'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, DATABASE_URL: undefined },
    },
  );
  let out = '';
  let err = '';
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the back office did not start in 90 s: ${err}`)),
      90_000,
    );
    child.stdout?.on('data', () => {
      if (/CONSOLE_URL=\S+\n/.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`the back office exited with ${code}: ${err}`)));
  });
  const value = (name: string) => new RegExp(`^${name}=(\\S+)$`, 'm').exec(out)?.[1] ?? null;
  return {
    process: child,
    url: value('BACK_OFFICE_URL') ?? '',
    endpoint: value('KIOSK_ENDPOINT') ?? '',
    adminToken: value('ADMIN_TOKEN'),
    stderr: () => err,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode);
        child.once('exit', (code) => resolve(code));
        child.kill('SIGTERM');
      }),
  };
}

export function backOfficeCli(
  args: string[],
  input?: string,
): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [BACK_OFFICE_ENTRY, ...args], {
    encoding: 'utf8',
    timeout: 60_000,
    input,
  });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

/** What `requests list --json` shows; none while the service cannot answer yet. */
export function listedRequests(auth: string[]): { ticket: string; [field: string]: unknown }[] {
  const listed = backOfficeCli(['requests', 'list', ...auth, '--json']);
  return listed.code === 0 ? (JSON.parse(listed.out) as { ticket: string }[]) : [];
}
