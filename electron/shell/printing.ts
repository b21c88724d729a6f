// The Electron shell's printing parts. The renderer: the page has put the document to print in
// place (print media shows only it); main renders it with printToPDF at the document's own page
// size. The PDF then goes the same way as the browser host's: CUPS on Linux (the print service's
// default), and on Windows, where there is no CUPS, SumatraPDF through pdf-to-printer to a printer
// Electron lists.
import type { BrowserWindow } from 'electron';
import { createRequire } from 'node:module';
import path from 'node:path';
import { electronPrinterSource } from '../services/printers';
import type { PdfRenderer, PrintParts } from '../services/printing/print-service';
import { createWindowsSpooler, type PdfToPrinter } from '../services/printing/spooler';

const MM_PER_INCH = 25.4;
/** The SumatraPDF that pdf-to-printer (pinned) ships. */
export const SUMATRA_EXE = 'SumatraPDF-3.4.6-32.exe';

export function createElectronPdfRenderer(win: BrowserWindow): PdfRenderer {
  return async (job) => {
    if (win.isDestroyed()) throw new Error('no window');
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
    return { pdf, pageSize: job.pageSize };
  };
}

interface PdfToPrinterModule {
  print: PdfToPrinter;
  getDefaultPrinter(): Promise<{ name: string } | null>;
}

/** Windows: printers from Electron, PDFs to SumatraPDF (unpacked from the asar to be run). */
function windowsParts(win: BrowserWindow): Partial<PrintParts> {
  const require = createRequire(__filename);
  const lib = require('pdf-to-printer') as PdfToPrinterModule;
  const libDir = path.dirname(require.resolve('pdf-to-printer'));
  const sumatraPdfPath = path
    .join(libDir, SUMATRA_EXE)
    .replace(`app.asar${path.sep}`, `app.asar.unpacked${path.sep}`);
  return {
    printers: electronPrinterSource({
      getPrinters: () => win.webContents.getPrintersAsync(),
      getDefault: async () => (await lib.getDefaultPrinter())?.name ?? null,
    }),
    spooler: createWindowsSpooler({ print: lib.print, sumatraPdfPath }),
  };
}

export function electronPrintParts(win: BrowserWindow): Partial<PrintParts> {
  return {
    renderer: createElectronPdfRenderer(win),
    ...(process.platform === 'win32' ? windowsParts(win) : {}),
  };
}
