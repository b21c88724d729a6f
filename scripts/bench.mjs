// `npm run bench -- <name>`: runs test/bench/<name>.bench.ts (bundled with esbuild, run in Node).
// Each benchmark measures side by side in one run, prints its figures and ratios, and prints as
// its last line one JSON object with them.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const benchDir = path.join(root, 'test', 'bench');
const available = fs
  .readdirSync(benchDir)
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.replace(/\.bench\.ts$/, ''));
const [name, ...rest] = process.argv.slice(2);
if (!name || !available.includes(name)) {
  process.stderr.write(`usage: npm run bench -- <name>\navailable: ${available.join(', ')}\n`);
  process.exit(name ? 2 : 0);
}
const outfile = path.join(root, 'dist', 'bench', `${name}.mjs`);
await build({
  entryPoints: [path.join(benchDir, `${name}.bench.ts`)],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  outfile,
  logLevel: 'error',
  absWorkingDir: root,
});
const run = spawnSync(process.execPath, ['--expose-gc', outfile, ...rest], {
  stdio: 'inherit',
  cwd: root,
});
process.exit(run.status ?? 1);
