// CUPS, asked over IPP with `ipptool` (CUPS's own IPP client): a printer's state, reasons and
// whether it accepts jobs; a job's state. `lpstat` alone cannot tell a completed job from an
// aborted one (both are listed as "completed" with the same alerts), IPP's job-state can.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PrintFault } from '../../domain/printing';
import type { PrinterCondition, PrinterSource } from '../printers';
import { listCupsPrinters } from '../printers';

const PRINTER_TEST = `{
  OPERATION Get-Printer-Attributes
  GROUP operation-attributes-tag
  ATTR charset attributes-charset utf-8
  ATTR naturalLanguage attributes-natural-language en
  ATTR uri printer-uri $uri
  ATTR keyword requested-attributes printer-state,printer-state-reasons,printer-is-accepting-jobs,printer-state-message
  STATUS successful-ok
  DISPLAY printer-state
  DISPLAY printer-state-reasons
  DISPLAY printer-is-accepting-jobs
  DISPLAY printer-state-message
}
`;

const JOB_TEST = `{
  OPERATION Get-Job-Attributes
  GROUP operation-attributes-tag
  ATTR charset attributes-charset utf-8
  ATTR naturalLanguage attributes-natural-language en
  ATTR uri printer-uri $uri
  ATTR integer job-id $job_id
  ATTR keyword requested-attributes job-state,job-state-reasons
  STATUS successful-ok
  DISPLAY job-state
  DISPLAY job-state-reasons
}
`;

/** IPP job-state keywords (RFC 8011 §5.3.7). */
export type JobState =
  | 'pending'
  | 'pending-held'
  | 'processing'
  | 'processing-stopped'
  | 'canceled'
  | 'aborted'
  | 'completed';

export interface JobStatus {
  state: JobState | 'unknown';
  reasons: string[];
}

/** Parses ipptool's `-c` output: a header line, then one line per response (RFC 4180 quoting). */
export function parseIpptoolCsv(out: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < out.length; i++) {
    const c = out[i] as string;
    if (quoted) {
      if (c === '"' && out[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && out[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  const [header, ...body] = rows.filter((r) => r.length > 1 || r[0] !== '');
  if (!header) return [];
  return body.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}

const reasonList = (s: string | undefined): string[] =>
  (s ?? '')
    .split(',')
    .map((r) => r.trim())
    .filter((r) => r !== '' && r !== 'none');

export function parsePrinterCondition(out: string): PrinterCondition | null {
  const row = parseIpptoolCsv(out)[0];
  if (!row || !('printer-state' in row)) return null;
  const state = row['printer-state'];
  return {
    state: state === 'idle' || state === 'processing' || state === 'stopped' ? state : 'unknown',
    reasons: reasonList(row['printer-state-reasons']),
    accepting: row['printer-is-accepting-jobs'] !== 'false',
    message: row['printer-state-message'] ?? '',
  };
}

const JOB_STATES: readonly string[] = [
  'pending',
  'pending-held',
  'processing',
  'processing-stopped',
  'canceled',
  'aborted',
  'completed',
];

export function parseJobStatus(out: string): JobStatus | null {
  const row = parseIpptoolCsv(out)[0];
  if (!row || !('job-state' in row)) return null;
  const state = row['job-state'] ?? '';
  return {
    state: JOB_STATES.includes(state) ? (state as JobState) : 'unknown',
    reasons: reasonList(row['job-state-reasons']),
  };
}

/** A reason's keyword without its severity suffix, and the severity (none = error, RFC 8011). */
function severityOf(reason: string): { keyword: string; severity: 'error' | 'warning' | 'report' } {
  const m = /^(.*)-(error|warning|report)$/.exec(reason);
  return m
    ? { keyword: m[1] as string, severity: m[2] as 'error' | 'warning' | 'report' }
    : { keyword: reason, severity: 'error' };
}

/**
 * Whether a printer in this condition cannot print now, and why. Paused or stopped, refusing
 * jobs, out of paper, jammed, or any other reason of error severity.
 */
export function conditionFault(c: PrinterCondition): PrintFault | null {
  const errors = c.reasons.map(severityOf).filter((r) => r.severity === 'error');
  if (errors.some((r) => r.keyword === 'media-empty' || r.keyword === 'media-needed'))
    return 'media-empty';
  if (errors.some((r) => r.keyword === 'media-jam')) return 'media-jam';
  if (c.state === 'stopped' || c.reasons.includes('paused')) return 'printer-stopped';
  if (!c.accepting) return 'not-accepting';
  // Other reasons only when marked as errors: CUPS also sets unsuffixed informational ones
  // (cups-waiting-for-job-completed, connecting-to-device).
  if (c.reasons.some((r) => r.endsWith('-error'))) return 'printer-error';
  return null;
}

/** ipptool reads its test from a file (not from a pipe): written once, private, removed at exit. */
let testDir: string | null = null;
function testFile(name: string, text: string): string {
  if (!testDir) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-ipp-'));
    process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
    testDir = dir;
  }
  const file = path.join(testDir, name);
  if (!fs.existsSync(file)) fs.writeFileSync(file, text, { mode: 0o600 });
  return file;
}

function ipptool(
  uri: string,
  test: { name: string; text: string },
  vars: Record<string, string>,
  bin: string,
): Promise<string> {
  const args = ['-c', '-T', '5'];
  for (const [k, v] of Object.entries(vars)) args.push('-d', `${k}=${v}`);
  args.push(uri, testFile(test.name, test.text));
  return new Promise((resolve, reject) =>
    execFile(
      bin,
      args,
      { timeout: 10_000, encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } },
      (err, stdout, stderr) => {
        // A failed test still prints what it received; an error without output is a failure.
        if (err && !stdout.trim())
          return reject(
            new Error(
              (err as NodeJS.ErrnoException).code === 'ENOENT'
                ? 'ipptool is not installed (cups-ipp-utils)'
                : `ipptool: ${(stderr || err.message).trim().split('\n')[0]}`,
            ),
          );
        resolve(stdout);
      },
    ),
  );
}

export interface CupsIpp {
  condition(printer: string): Promise<PrinterCondition | null>;
  job(printer: string, jobId: number): Promise<JobStatus | null>;
}

export function createCupsIpp(opts: { ipptool?: string; server?: string } = {}): CupsIpp {
  const bin = opts.ipptool ?? 'ipptool';
  const server = opts.server ?? 'ipp://localhost';
  const uri = (printer: string) => `${server}/printers/${encodeURIComponent(printer)}`;
  return {
    async condition(printer) {
      return parsePrinterCondition(
        await ipptool(uri(printer), { name: 'printer.test', text: PRINTER_TEST }, {}, bin),
      );
    },
    async job(printer, jobId) {
      return parseJobStatus(
        await ipptool(
          uri(printer),
          { name: 'job.test', text: JOB_TEST },
          { job_id: String(jobId) },
          bin,
        ),
      );
    },
  };
}

/** CUPS as the print service sees printers: names by lpstat, conditions over IPP. */
export function cupsPrinterSource(ipp: CupsIpp = createCupsIpp()): PrinterSource {
  return {
    list: listCupsPrinters,
    condition: (printer) => ipp.condition(printer).catch(() => null),
  };
}
