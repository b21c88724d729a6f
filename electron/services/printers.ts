// The printers the operating system offers (CUPS on Linux). Electron lists them too, but the
// operator's CLI runs without Electron.
import { execFile } from 'node:child_process';

export interface PrinterList {
  available: boolean;
  printers: string[];
  defaultPrinter: string | null;
  note: string;
}

function run(cmd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(cmd, args, { timeout: 10_000, encoding: 'utf8' }, (err, stdout) =>
      err ? reject(err) : resolve(stdout),
    ),
  );
}

export async function listPrinters(): Promise<PrinterList> {
  if (process.platform === 'win32') {
    return {
      available: false,
      printers: [],
      defaultPrinter: null,
      note: 'use the Electron shell to list printers on Windows',
    };
  }
  let names: string;
  try {
    names = await run('lpstat', ['-e']);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const note =
      code === 'ENOENT'
        ? 'CUPS is not installed (no lpstat)'
        : `lpstat failed: ${(e as Error).message.split('\n')[0]}`;
    return { available: false, printers: [], defaultPrinter: null, note };
  }
  let defaultPrinter: string | null = null;
  try {
    defaultPrinter = /:\s*(\S+)\s*$/.exec((await run('lpstat', ['-d'])).trim())?.[1] ?? null;
  } catch {
    defaultPrinter = null;
  }
  const printers = names
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean);
  return {
    available: true,
    printers,
    defaultPrinter,
    note: printers.length ? 'ok' : 'no printers configured',
  };
}
