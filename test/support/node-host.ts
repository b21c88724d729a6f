// Tests that kill a process at random moments need that process to be a plain Node script: the
// TypeScript under test is bundled once with esbuild (dependencies stay external, so the script
// loads the same node_modules), then run and SIGKILLed while its output is read.
import { build } from 'esbuild';
import { spawn } from 'node:child_process';
import path from 'node:path';

export const repoRoot = path.resolve(__dirname, '../..');

/** Bundles `entry` (a path) to dist/test-build/<name>.mjs and returns the script's path. */
export async function bundleNodeScript(entry: string, name: string): Promise<string> {
  const outfile = path.join(repoRoot, 'dist/test-build', `${name}.mjs`);
  await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outfile,
    logLevel: 'error',
    absWorkingDir: repoRoot,
  });
  return outfile;
}

export interface HostRun {
  /** Standard output up to the end, whole lines only when killed (a line cut by the kill is not said). */
  out: string;
  killed: boolean;
}

/**
 * Runs `script` with `args`. After each piece of output, `killAfter(out)` may return a delay in
 * ms: the process is SIGKILLed that long after the first such answer. Rejects when the process
 * ends on its own with a non-zero code, or when `mustBeKilled` and it ends on its own at all.
 */
export function runKillable(
  script: string,
  args: string[],
  killAfter: ((out: string) => number | null) | null,
  opts: { mustBeKilled?: boolean } = {},
): Promise<HostRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      cwd: repoRoot,
    });
    let out = '';
    let err = '';
    let armed = false;
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const after = armed ? null : (killAfter?.(out) ?? null);
      if (after !== null) {
        armed = true;
        setTimeout(() => child.kill('SIGKILL'), after);
      }
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL')
        return resolve({ out: out.slice(0, out.lastIndexOf('\n') + 1), killed: true });
      if (opts.mustBeKilled) return reject(new Error(`host ended without being killed: ${err}`));
      if (code !== 0) return reject(new Error(`host exited with ${code}: ${err}`));
      resolve({ out, killed: false });
    });
  });
}
