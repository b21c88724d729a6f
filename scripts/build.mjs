// Builds the renderer and the back office's department console (Vite), and the Node/Electron
// entries and the back office (esbuild) into dist/.
//   --if-stale  skip when nothing under electron/, renderer/, seeds/ changed since the last build
//   --quiet     print nothing on success
import { build as esbuild } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
const quiet = args.has('--quiet');
const stamp = path.join(root, 'dist', '.build-stamp');
const say = (s) => quiet || process.stderr.write(s + '\n');

function newestMtime(p) {
  let st;
  try {
    st = fs.statSync(p);
  } catch {
    return 0;
  }
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const name of fs.readdirSync(p)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(path.join(p, name)));
  }
  return newest;
}

const inputs = [
  'electron',
  'back-office',
  'renderer',
  'seeds',
  'package.json',
  'package-lock.json',
  'vite.config.ts',
  'scripts/build.mjs',
  'scripts/pinyin-dict.mjs',
  'scripts/vite-pinyin-dict.mjs',
];
if (args.has('--if-stale') && fs.existsSync(stamp)) {
  const built = fs.statSync(stamp).mtimeMs;
  if (inputs.every((p) => newestMtime(path.join(root, p)) <= built)) process.exit(0);
}

const started = Date.now();
const { build: viteBuild } = await import('vite');
await viteBuild({
  configFile: path.join(root, 'vite.config.ts'),
  logLevel: quiet ? 'error' : 'warn',
});
// The department console (served by the back office under /console/ from dist/console).
await viteBuild({
  configFile: path.join(root, 'back-office/console/vite.config.ts'),
  logLevel: quiet ? 'error' : 'warn',
});

// sql.js stays external: it loads its .wasm from its own package folder; pdf-to-printer runs the
// SumatraPDF.exe it ships next to itself (Windows); playwright-core (the browser host's print
// renderer) loads its own parts at run time. `electron` is provided by the runtime. Everything
// else is bundled, so a packaged app does not depend on ESM/CJS interop.
const external = ['electron', 'sql.js', 'playwright-core', 'pdf-to-printer'];
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: 'error',
  external,
  absWorkingDir: root,
};
// CommonJS output has no import.meta; give modules that need their own URL a real one.
const cjsImportMeta = {
  define: { 'import.meta.url': '__importMetaUrl' },
  banner: { js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
};
await Promise.all([
  esbuild({
    ...common,
    ...cjsImportMeta,
    entryPoints: ['electron/main.ts'],
    outfile: 'dist/electron/main.cjs',
    format: 'cjs',
  }),
  // The preload runs sandboxed: only `electron` may be required there, so it is fully bundled.
  esbuild({
    ...common,
    entryPoints: ['electron/preload.ts'],
    outfile: 'dist/electron/preload.cjs',
    format: 'cjs',
    external: ['electron'],
  }),
  esbuild({
    ...common,
    entryPoints: {
      'web-host': 'electron/web-host.ts',
      kioskctl: 'electron/cli/kioskctl.ts',
      launcher: 'electron/launcher.ts',
    },
    outdir: 'dist/electron',
    outExtension: { '.js': '.mjs' },
    format: 'esm',
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
    },
  }),
  // The back office: PGlite loads its WebAssembly and data files from its own package folder, and
  // pg may look for the optional native binding; both stay external (installed by npm ci).
  esbuild({
    ...common,
    external: [...external, '@electric-sql/pglite', 'pg', 'pg-native'],
    entryPoints: { 'back-office': 'back-office/server/bin.ts' },
    outdir: 'dist/back-office',
    outExtension: { '.js': '.mjs' },
    format: 'esm',
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
    },
  }),
]);
fs.mkdirSync(path.dirname(stamp), { recursive: true });
fs.writeFileSync(stamp, new Date().toISOString());
say(`built in ${Date.now() - started} ms`);
