// The Electron print driver: the page has put the document to print in place (print media shows
// only it); main renders it at the document's own page size and hands it to the spooler.
// Linux/macOS: printToPDF + lp (services/printing/spooler.ts) — dependable silent printing with an
// exact page size. Windows has no lp: webContents.print, silent, to the named printer.
import type { BrowserWindow } from 'electron';
import type { PrintDriver, PrintJob } from '../services/printing/print-service';
import { spoolPdf } from '../services/printing/spooler';

const MM_PER_INCH = 25.4;

function printDirect(win: BrowserWindow, job: PrintJob): Promise<void> {
  return new Promise((resolve, reject) =>
    win.webContents.print(
      {
        silent: true,
        printBackground: true,
        ...(job.printer ? { deviceName: job.printer } : {}),
        margins: { marginType: 'none' },
        pageSize:
          job.pageSize === 'A4'
            ? 'A4'
            : { width: job.pageSize.widthMm * 1000, height: job.pageSize.heightMm * 1000 },
      },
      (ok, reason) => (ok ? resolve() : reject(new Error(reason || 'print failed'))),
    ),
  );
}

export function createElectronPrintDriver(win: BrowserWindow): PrintDriver {
  return {
    mode: 'main',
    async print(job) {
      if (win.isDestroyed()) throw new Error('no window');
      if (process.platform === 'win32') return printDirect(win, job);
      const pdf = await win.webContents.printToPDF({
        printBackground: true,
        margins: { top: 0, bottom: 0, left: 0, right: 0 },
        pageSize:
          job.pageSize === 'A4'
            ? 'A4'
            : {
                width: job.pageSize.widthMm / MM_PER_INCH,
                height: job.pageSize.heightMm / MM_PER_INCH,
              },
      });
      await spoolPdf(pdf, job.printer, { title: `${job.document} ${job.ticket}` });
    },
  };
}
