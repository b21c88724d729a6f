// Finds the programs the kiosk can run in: Electron's binary (from the electron package) and the
// system's Chromium.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export interface RuntimeProbe {
  available: boolean;
  path: string | null;
  version: string | null;
  note: string;
}

export function findElectron(env: NodeJS.ProcessEnv = process.env): RuntimeProbe {
  // Mirrors the electron package's own lookup (path.txt, dist/, ELECTRON_OVERRIDE_DIST_PATH)
  // without requiring it: requiring it tries to download the binary, which fails offline.
  let pkgDir: string;
  try {
    pkgDir = path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return {
      available: false,
      path: null,
      version: null,
      note: 'the electron package is not installed',
    };
  }
  const pathFile = path.join(pkgDir, 'path.txt');
  const relative = fs.existsSync(pathFile) ? fs.readFileSync(pathFile, 'utf8').trim() : null;
  const binary = env.ELECTRON_OVERRIDE_DIST_PATH
    ? path.join(env.ELECTRON_OVERRIDE_DIST_PATH, relative ?? 'electron')
    : relative
      ? path.join(pkgDir, 'dist', relative)
      : null;
  if (!binary || !fs.existsSync(binary)) {
    return {
      available: false,
      path: binary,
      version: null,
      note: "Electron's binary is not installed (it cannot be downloaded on this machine)",
    };
  }
  const versionFile = path.join(path.dirname(binary), 'version');
  const version = fs.existsSync(versionFile) ? fs.readFileSync(versionFile, 'utf8').trim() : null;
  return { available: true, path: binary, version, note: 'ok' };
}

export function findChromium(env: NodeJS.ProcessEnv = process.env): RuntimeProbe {
  const candidates = env.CHROMIUM_PATH
    ? [env.CHROMIUM_PATH]
    : ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
  const found = candidates.find((p) => fs.existsSync(p));
  if (!found) {
    const where = env.CHROMIUM_PATH
      ? `CHROMIUM_PATH=${env.CHROMIUM_PATH} does not exist`
      : `none of ${candidates.join(', ')}`;
    return {
      available: false,
      path: null,
      version: null,
      note: `Chromium not found (${where}); install Debian's chromium or set CHROMIUM_PATH`,
    };
  }
  let version: string | null = null;
  try {
    version = execFileSync(found, ['--version'], { timeout: 15_000, encoding: 'utf8' }).trim();
  } catch {
    version = null;
  }
  return { available: true, path: found, version, note: 'ok' };
}
