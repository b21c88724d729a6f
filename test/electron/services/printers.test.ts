// Windows: the printers come from Electron (webContents.getPrintersAsync()), the default from the
// print library, never from lpstat; PDFs go to SumatraPDF through pdf-to-printer, silent, at the
// document's own size, and such a print is only "sent" (the Windows spooler is not followed).
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  electronPrinterSource,
  listPrinters,
  type ElectronPrinterInfo,
} from '../../../electron/services/printers';
import type { KioskConfig } from '../../../electron/services/config';
import { createMemoryLogger } from '../../../electron/services/logger';
import { createPrintService } from '../../../electron/services/printing/print-service';
import { createWindowsSpooler, SpoolError } from '../../../electron/services/printing/spooler';
import type { KioskDatabase } from '../../../electron/services/storage/database';
import { createFakeCups } from '../../support/fake-cups';

/** What Electron 45's getPrintersAsync() gives on Windows (name, displayName, description, options). */
const WINDOWS_PRINTERS = [
  {
    name: 'EPSON TM-T82III Receipt',
    displayName: 'EPSON TM-T82III Receipt',
    description: 'EPSON TM-T82III Receipt',
    options: { system_driverinfo: 'EPSON TM-T82III Receipt;3.0.0.0;' },
  },
  {
    name: 'HP LaserJet M404',
    displayName: 'HP LaserJet M404',
    description: 'HP LaserJet M404 PCL-6',
    options: {},
  },
  {
    name: 'Microsoft Print to PDF',
    displayName: 'Microsoft Print to PDF',
    description: '',
    options: {},
  },
  { name: '', displayName: '', description: '', options: {} },
  {
    name: 'HP LaserJet M404',
    displayName: 'HP LaserJet M404 (copy 1)',
    description: '',
    options: {},
  },
];

describe('Windows printers through Electron', () => {
  it('lists Electron’s printers, once each, with the system default', async () => {
    let asked = 0;
    const source = electronPrinterSource({
      getPrinters: () => {
        asked += 1;
        return Promise.resolve(WINDOWS_PRINTERS as ElectronPrinterInfo[]);
      },
      getDefault: () => Promise.resolve('EPSON TM-T82III Receipt'),
    });
    expect(await source.list()).toEqual({
      available: true,
      printers: ['EPSON TM-T82III Receipt', 'HP LaserJet M404', 'Microsoft Print to PDF'],
      defaultPrinter: 'EPSON TM-T82III Receipt',
      note: 'ok',
    });
    expect(asked).toBe(1);
    // It cannot tell a printer's condition: only the print's own result counts there.
    expect(source.condition).toBeUndefined();
  });

  it('a default that is not listed, or unknown, is none; no printers is said; a failing list is no print system', async () => {
    const list = (printers: ElectronPrinterInfo[], dflt: () => Promise<string | null>) =>
      electronPrinterSource({
        getPrinters: () => Promise.resolve(printers),
        getDefault: dflt,
      }).list();
    expect((await list(WINDOWS_PRINTERS, () => Promise.resolve('Gone'))).defaultPrinter).toBeNull();
    expect(
      (await list(WINDOWS_PRINTERS, () => Promise.reject(new Error('powershell missing'))))
        .defaultPrinter,
    ).toBeNull();
    expect(await list([], () => Promise.resolve(null))).toEqual({
      available: true,
      printers: [],
      defaultPrinter: null,
      note: 'no printers installed',
    });
    const failing = electronPrinterSource({
      getPrinters: () => Promise.reject(new Error('window gone\nstack')),
      getDefault: () => Promise.resolve(null),
    });
    expect(await failing.list()).toEqual({
      available: false,
      printers: [],
      defaultPrinter: null,
      note: 'the printer list failed: window gone',
    });
  });

  it('neither the operator CLI nor the print service (before the shell plugs in Electron’s list) calls lpstat on Windows', async () => {
    const platform = Object.getOwnPropertyDescriptor(process, 'platform');
    Object.defineProperty(process, 'platform', { value: 'win32' });
    const savedPath = process.env.PATH;
    // An lpstat that would list a printer, first on PATH: it must not be asked.
    const cups = createFakeCups({ printers: ['FromLpstat'], defaultPrinter: 'FromLpstat' });
    process.env.PATH = cups.path();
    try {
      expect(await listPrinters()).toMatchObject({ available: false, printers: [] });
      const printing = createPrintService({
        config: {} as KioskConfig,
        db: {} as KioskDatabase,
        log: createMemoryLogger(),
        now: () => new Date(),
      });
      expect(await printing.listPrinters()).toEqual({
        available: false,
        printers: [],
        defaultPrinter: null,
        note: 'the Electron shell lists the printers on Windows',
      });
      printing.use({
        printers: electronPrinterSource({
          getPrinters: () => Promise.resolve(WINDOWS_PRINTERS as ElectronPrinterInfo[]),
          getDefault: () => Promise.resolve(null),
        }),
      });
      expect((await printing.listPrinters()).printers).toContain('HP LaserJet M404');
    } finally {
      process.env.PATH = savedPath;
      if (platform) Object.defineProperty(process, 'platform', platform);
    }
  });
});

describe('Windows printing through pdf-to-printer', () => {
  it('hands SumatraPDF the PDF for the named printer, silent, unscaled; removes the file after', async () => {
    const calls: { file: string; bytes: string; options: unknown }[] = [];
    const spooler = createWindowsSpooler({
      print: (file, options) => {
        calls.push({ file, bytes: fs.readFileSync(file, 'utf8'), options });
        return Promise.resolve();
      },
      sumatraPdfPath: 'C:\\kiosk\\resources\\app.asar.unpacked\\SumatraPDF.exe',
    });
    expect(
      await spooler.submit(Buffer.from('%PDF-1.4 receipt'), 'EPSON TM-T82III Receipt', {
        title: 'receipt T1',
        pageSize: { widthMm: 80, heightMm: 160 },
      }),
    ).toBeNull();
    expect(calls).toEqual([
      {
        file: expect.stringMatching(/document\.pdf$/) as string,
        bytes: '%PDF-1.4 receipt',
        options: {
          printer: 'EPSON TM-T82III Receipt',
          silent: true,
          scale: 'noscale',
          sumatraPdfPath: 'C:\\kiosk\\resources\\app.asar.unpacked\\SumatraPDF.exe',
        },
      },
    ]);
    expect(fs.existsSync(calls[0]?.file ?? '')).toBe(false);
    // No follow: a Windows print is "sent", never "printed".
    expect(spooler.follow).toBeUndefined();
    // The system default when no printer is named.
    await spooler.submit(Buffer.from('%PDF'), null, { title: 't', pageSize: 'A4' });
    expect(calls[1]?.options).not.toHaveProperty('printer');
  });

  it('SumatraPDF failing is a spool error', async () => {
    const spooler = createWindowsSpooler({
      print: () => Promise.reject(new Error('Command failed: SumatraPDF.exe -print-to "X"\n...')),
    });
    const refused = spooler.submit(Buffer.from('%PDF'), 'X', { title: 't', pageSize: 'A4' });
    await expect(refused).rejects.toBeInstanceOf(SpoolError);
    await expect(refused).rejects.toThrow('SumatraPDF failed: Command failed');
  });
});
