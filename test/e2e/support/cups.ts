// The machine's real CUPS with CUPS-PDF, for printing tests: a queue of the test's own (so a test
// that stops its queue cannot disturb one printing in parallel), and the PDFs it writes.
// In CI (.ci/run sets CI and starts cupsd) a missing CUPS fails the test; elsewhere the test is
// skipped with the reason printed.
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from '@playwright/test';

const PPD = 'lsb/usr/cups-pdf/CUPS-PDF_opt.ppd';

const run = (cmd: string, args: string[]) =>
  execFileSync(cmd, args, { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });

/** Where CUPS-PDF writes: KIOSK_TEST_CUPS_PDF_DIR (set by .ci/run), else cups-pdf.conf's `Out`. */
export function cupsPdfDir(): string {
  if (process.env.KIOSK_TEST_CUPS_PDF_DIR) return process.env.KIOSK_TEST_CUPS_PDF_DIR;
  let out = '${HOME}/PDF';
  try {
    const conf = fs.readFileSync('/etc/cups/cups-pdf.conf', 'utf8');
    out = /^Out\s+(.+)$/m.exec(conf)?.[1]?.trim() ?? out;
  } catch {
    // the default below
  }
  return out.replace('${HOME}', os.homedir());
}

/** Why real CUPS cannot be used here, or null when it can. */
export function cupsMissing(): string | null {
  try {
    if (!/scheduler is running/.test(run('lpstat', ['-r'])))
      return 'cupsd is not running (.ci/run starts it)';
  } catch {
    return 'CUPS is not installed (lpstat missing; .ci/run installs cups, cups-bsd, printer-driver-cups-pdf)';
  }
  try {
    run('ipptool', ['--version']);
  } catch {
    return 'ipptool is missing (cups-ipp-utils)';
  }
  if (!fs.existsSync('/usr/lib/cups/backend/cups-pdf')) return 'CUPS-PDF is not installed';
  return null;
}

/** Skips (printing why) outside CI, fails in CI, when there is no real CUPS to print through. */
export function requireRealCups(): void {
  const missing = cupsMissing();
  if (!missing) return;
  if (process.env.CI) throw new Error(`real CUPS needed in CI: ${missing}`);
  process.stdout.write(`skipped: ${missing}\n`);
  test.skip(true, missing);
}

export interface CupsQueue {
  name: string;
  disable(): void;
  enable(): void;
  remove(): void;
}

/** A CUPS-PDF queue of the test's own; text kept searchable (pdftocairo renders for CUPS-PDF). */
export function createPdfQueue(prefix = 'KioskTest'): CupsQueue {
  const name = `${prefix}_${crypto.randomBytes(4).toString('hex')}`;
  run('lpadmin', [
    '-p',
    name,
    '-v',
    'cups-pdf:/',
    '-E',
    '-m',
    PPD,
    '-o',
    'pdftops-renderer-default=pdftocairo',
  ]);
  return {
    name,
    disable: () => void run('cupsdisable', [name]),
    enable: () => void run('cupsenable', [name]),
    remove: () => {
      try {
        run('cancel', ['-a', name]);
      } catch {
        // no jobs
      }
      run('lpadmin', ['-x', name]);
    },
  };
}

/**
 * The PDF CUPS-PDF wrote for `<kind> <ticket>` (named after the job's title; a policy sheet's is
 * its date) after `since` (ms; ticket numbers repeat across tests' data directories), once it is
 * there.
 */
export async function waitForPrintedPdf(
  kind: 'receipt' | 'checklist' | 'policy-sheet',
  ticket: string,
  since: number,
  timeoutMs = 15_000,
): Promise<string> {
  const dir = cupsPdfDir();
  const prefix = `${kind}_${ticket}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = (fs.existsSync(dir) ? fs.readdirSync(dir) : [])
      .filter((f) => f.startsWith(prefix) && f.endsWith('.pdf'))
      .map((f) => ({ file: path.join(dir, f), st: fs.statSync(path.join(dir, f)) }))
      .filter((f) => f.st.mtimeMs >= since - 1000 && f.st.size > 0)
      .sort((a, b) => b.st.mtimeMs - a.st.mtimeMs);
    if (found[0]) return found[0].file;
    if (Date.now() > deadline) throw new Error(`no new ${prefix}*.pdf in ${dir}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
