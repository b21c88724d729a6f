// Hands a rendered PDF to the operating system's spooler and, where the spooler can tell, follows
// the job until it is done. CUPS (Linux, either shell): `lp` to the named queue, then the job's
// IPP state until `completed` — only that counts as printed; a printer that stops, runs out of
// paper or jams, a job that is aborted, or one that does not finish in time is a fault, and the
// job is cancelled so the receipt cannot come out later, in front of somebody else.
// Windows: pdf-to-printer (SumatraPDF, silent) to the named printer; the Windows spooler is not
// followed here, so such a print is reported as sent, never as printed.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PrintFault } from '../../domain/printing';
import { conditionFault, createCupsIpp, type CupsIpp } from './cups';

export class SpoolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SpoolError';
  }
}

/** How a followed job ended. */
export type JobEnd =
  | { ended: 'completed' }
  | { ended: 'fault'; fault: PrintFault; detail: string }
  /** The spooler could not be asked (no ipptool): the job was handed over, no more is known. */
  | { ended: 'unknown'; detail: string };

/** 80 mm × the receipt's length, or A4. */
export type PageSize = { widthMm: number; heightMm: number } | 'A4';

/** The IPP media name for a page size (`Custom.80x171mm`, `A4`). */
export function mediaOf(size: PageSize): string {
  return size === 'A4' ? 'A4' : `Custom.${size.widthMm}x${Math.ceil(size.heightMm)}mm`;
}

export interface Spooler {
  /** Hands the PDF to `printer` (null: the system default); resolves with the job id, if any. */
  submit(
    pdf: Uint8Array,
    printer: string | null,
    job: { title: string; pageSize: PageSize },
  ): Promise<string | null>;
  /** Follows a job to its end. Absent: this spooler cannot tell (the print is only "sent"). */
  follow?(job: string, printer: string, timeoutMs: number): Promise<JobEnd>;
}

function withTempPdf<T>(pdf: Uint8Array, fn: (file: string) => Promise<T>): Promise<T> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-print-'));
  const file = path.join(dir, 'document.pdf');
  fs.writeFileSync(file, pdf, { mode: 0o600 });
  return fn(file).finally(() => fs.rmSync(dir, { recursive: true, force: true }));
}

/** `lp` prints "request id is PDF-12 (1 file(s))". */
export function parseLpJobId(stdout: string): string | null {
  return /request id is (\S+)/.exec(stdout)?.[1] ?? null;
}

function exec(cmd: string, args: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(
      cmd,
      args,
      { timeout: timeoutMs, encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } },
      (err, stdout, stderr) => {
        if (!err) return resolve(stdout);
        const code = (err as NodeJS.ErrnoException).code;
        reject(
          new SpoolError(
            code === 'ENOENT'
              ? `${cmd} is not installed (CUPS)`
              : `${path.basename(cmd)} failed: ${(stderr || err.message).trim().split('\n')[0]}`,
          ),
        );
      },
    ),
  );
}

/**
 * `lp` to the queue, on paper of the document's own size (without `media`, CUPS fits the page to
 * the queue's default paper, A4 or Letter): resolves with CUPS's job id (`PDF-12`).
 */
export function spoolPdf(
  pdf: Uint8Array,
  printer: string | null,
  opts: { title: string; pageSize?: PageSize; lp?: string; timeoutMs?: number },
): Promise<string | null> {
  return withTempPdf(pdf, async (file) => {
    const args = [
      ...(printer ? ['-d', printer] : []),
      '-t',
      opts.title,
      ...(opts.pageSize ? ['-o', `media=${mediaOf(opts.pageSize)}`] : []),
      '--',
      file,
    ];
    return parseLpJobId(await exec(opts.lp ?? 'lp', args, opts.timeoutMs ?? 20_000));
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function createCupsSpooler(
  opts: { lp?: string; cancel?: string; ipp?: CupsIpp; pollMs?: number } = {},
): Spooler {
  const ipp = opts.ipp ?? createCupsIpp();
  const pollMs = opts.pollMs ?? 200;
  const cancel = (job: string) =>
    exec(opts.cancel ?? 'cancel', [job], 10_000).then(
      () => undefined,
      () => undefined,
    );
  return {
    submit: (pdf, printer, job) =>
      spoolPdf(pdf, printer, { ...job, ...(opts.lp ? { lp: opts.lp } : {}) }),
    async follow(job, printer, timeoutMs) {
      const id = Number(/-(\d+)$/.exec(job)?.[1]);
      if (!Number.isInteger(id))
        return { ended: 'unknown', detail: `job id ${job} not understood` };
      const deadline = Date.now() + timeoutMs;
      const fault = async (f: PrintFault, detail: string): Promise<JobEnd> => {
        await cancel(job);
        return { ended: 'fault', fault: f, detail };
      };
      for (;;) {
        let status;
        try {
          status = await ipp.job(printer, id);
        } catch (e) {
          return { ended: 'unknown', detail: (e as Error).message };
        }
        if (status?.state === 'completed') return { ended: 'completed' };
        if (status?.state === 'aborted' || status?.state === 'canceled')
          return { ended: 'fault', fault: 'job-failed', detail: `${job} ${status.state}` };
        const condition = await ipp.condition(printer).catch(() => null);
        const cf = condition ? conditionFault(condition) : null;
        if (cf)
          return fault(
            cf,
            `${job}: ${[...(condition?.reasons ?? []), condition?.message ?? ''].join(' ').trim()}`,
          );
        // Held (e.g. for a retry after the printer failed) or stopped: it would print later.
        if (status?.state === 'pending-held' || status?.state === 'processing-stopped')
          return fault('job-failed', `${job} ${status.state} ${status.reasons.join(',')}`);
        if (Date.now() >= deadline)
          return fault('job-timeout', `${job} still ${status?.state ?? 'unknown'}`);
        await sleep(pollMs);
      }
    },
  };
}

/** The part of pdf-to-printer used here (loaded only on Windows). */
export type PdfToPrinter = (
  file: string,
  options: { printer?: string; silent?: boolean; scale?: 'noscale'; sumatraPdfPath?: string },
) => Promise<void>;

/** Windows: SumatraPDF through pdf-to-printer, silent, at the document's own size. */
export function createWindowsSpooler(deps: {
  print: PdfToPrinter;
  sumatraPdfPath?: string;
}): Spooler {
  return {
    submit: (pdf, printer) =>
      withTempPdf(pdf, async (file) => {
        try {
          await deps.print(file, {
            ...(printer ? { printer } : {}),
            silent: true,
            scale: 'noscale',
            ...(deps.sumatraPdfPath ? { sumatraPdfPath: deps.sumatraPdfPath } : {}),
          });
        } catch (e) {
          throw new SpoolError(`SumatraPDF failed: ${(e as Error).message.split('\n')[0]}`);
        }
        return null;
      }),
  };
}
