// Hands a rendered PDF to the operating system's spooler (CUPS `lp`), the pattern kiosks use for
// dependable silent printing: Electron renders (printToPDF, the receipt's own page size), lp prints
// to the named queue. `lp` exiting 0 means "spooled", like Electron's own print callback: an empty
// paper roll is seen only by the printer's own status.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export class SpoolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SpoolError';
  }
}

export async function spoolPdf(
  pdf: Uint8Array,
  printer: string | null,
  opts: { title: string; lp?: string; timeoutMs?: number },
): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-print-'));
  const file = path.join(dir, 'document.pdf');
  try {
    fs.writeFileSync(file, pdf, { mode: 0o600 });
    const args = [...(printer ? ['-d', printer] : []), '-t', opts.title, '--', file];
    await new Promise<void>((resolve, reject) =>
      execFile(
        opts.lp ?? 'lp',
        args,
        { timeout: opts.timeoutMs ?? 20_000, encoding: 'utf8' },
        (err, _stdout, stderr) => {
          if (!err) return resolve();
          const code = (err as NodeJS.ErrnoException).code;
          reject(
            new SpoolError(
              code === 'ENOENT'
                ? 'lp is not installed (CUPS)'
                : `lp failed: ${(stderr || err.message).trim().split('\n')[0]}`,
            ),
          );
        },
      ),
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
