// The printers the operating system offers, asked of whatever the kiosk runs on: CUPS (`lpstat`)
// on Linux, in either shell, and for the operator's CLI; Electron's own list on Windows, where
// there is no CUPS (the Electron shell passes that source to the print service).
import { execFile } from 'node:child_process';

export interface PrinterList {
  available: boolean;
  printers: string[];
  defaultPrinter: string | null;
  note: string;
}

/** One printer's condition as its spooler reports it (CUPS: IPP printer attributes). */
export interface PrinterCondition {
  state: 'idle' | 'processing' | 'stopped' | 'unknown';
  /** IPP printer-state-reasons, e.g. `media-empty-error`, `paused`; `none` dropped. */
  reasons: string[];
  accepting: boolean;
  /** The spooler's message about it (printer-state-message), possibly empty. */
  message: string;
}

export interface PrinterSource {
  list(): Promise<PrinterList>;
  /** The printer's condition, where the system can tell (CUPS can, Windows here cannot). */
  condition?(printer: string): Promise<PrinterCondition | null>;
}

function run(cmd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(
      cmd,
      args,
      { timeout: 10_000, encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } },
      (err, stdout) => (err ? reject(err) : resolve(stdout)),
    ),
  );
}

/** `lpstat -d`: "system default destination: PDF" or "no system default destination". */
export function parseDefaultDestination(out: string): string | null {
  return /default destination:\s*(\S+)\s*$/.exec(out.trim())?.[1] ?? null;
}

/** CUPS, through `lpstat -e` (queue names) and `lpstat -d` (the default). */
export async function listCupsPrinters(): Promise<PrinterList> {
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
    defaultPrinter = parseDefaultDestination(await run('lpstat', ['-d']));
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

/** What the operator's CLI reports: CUPS, except on Windows where only the kiosk's shell knows. */
export async function listPrinters(): Promise<PrinterList> {
  if (process.platform === 'win32')
    return {
      available: false,
      printers: [],
      defaultPrinter: null,
      note: 'on Windows the kiosk lists printers through Electron (guide mode shows them)',
    };
  return listCupsPrinters();
}

/** The part of Electron's PrinterInfo that is read here. */
export interface ElectronPrinterInfo {
  name: string;
  displayName?: string;
}

/**
 * Windows: the printers Electron lists (`webContents.getPrintersAsync()`), and the system default
 * as the print library reports it (Electron no longer says which printer is the default).
 */
export function electronPrinterSource(deps: {
  getPrinters: () => Promise<ElectronPrinterInfo[]>;
  getDefault: () => Promise<string | null>;
}): PrinterSource {
  return {
    async list() {
      let infos: ElectronPrinterInfo[];
      try {
        infos = await deps.getPrinters();
      } catch (e) {
        return {
          available: false,
          printers: [],
          defaultPrinter: null,
          note: `the printer list failed: ${(e as Error).message.split('\n')[0]}`,
        };
      }
      const printers = [...new Set(infos.map((p) => p.name).filter((n) => n.length > 0))];
      const reported = await deps.getDefault().catch(() => null);
      const defaultPrinter = reported !== null && printers.includes(reported) ? reported : null;
      return {
        available: true,
        printers,
        defaultPrinter,
        note: printers.length ? 'ok' : 'no printers installed',
      };
    },
  };
}
