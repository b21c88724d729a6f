// `npm run bench -- print`: a receipt printed end to end in the browser host, from the
// requestPrint call (as the renderer makes it) to CUPS reporting the job completed: the print
// view rendered by main's headless Chromium (the first print starts it: "cold"; then "warm"),
// `lp` to a CUPS-PDF queue, the job followed to `completed`. Side by side in the same run,
// alternating with each warm print: the spooler alone (`lp` of an already rendered receipt PDF,
// followed to completed), so the ratio says what rendering adds. Also the headless Chromium's
// resident memory while it runs and after its idle close. Needs CUPS with CUPS-PDF, Chromium and
// the built renderer. The last line is JSON.
import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ReceiptView } from '../../electron/domain/request';
import { startBrowserHost } from '../../electron/browser-host';
import { createCupsSpooler } from '../../electron/services/printing/spooler';
import { median, percentile, printSummary, round } from './lib';

const SAMPLES = Number(process.env.PRINT_SAMPLES ?? 10);
const ctx = { transport: 'http' as const };

function submitArgs() {
  return {
    requestId: crypto.randomUUID(),
    subject: {
      kind: 'bundle',
      bundleId: 'business-startup',
      answers: { food: true, 'sole-proprietor': false, 'bank-appointment': true },
      items: ['b0', 'b1', 'b2', 'b3', 'b4', 'b5', 'q-food-0', 'v3', 'v6'],
    },
    founder: true,
    contact: { phone: '13812345678', name: '张先生' },
    privacyAccepted: true,
  };
}

/** Proportional resident memory (PSS, MB) of this process's descendants (the headless Chromium). */
function descendantsRssMb(): number {
  const parent = new Map<number, number>();
  const rss = new Map<number, number>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parent.set(Number(entry), Number(fields[1]));
      // PSS: shared pages counted once across Chromium's processes, not once per process.
      const rollup = fs.readFileSync(`/proc/${entry}/smaps_rollup`, 'utf8');
      rss.set(Number(entry), Number(/^Pss:\s+(\d+)/m.exec(rollup)?.[1] ?? 0));
    } catch {
      // gone meanwhile
    }
  }
  const isDescendant = (pid: number): boolean => {
    for (let p = parent.get(pid); p !== undefined && p > 1; p = parent.get(p))
      if (p === process.pid) return true;
    return false;
  };
  let kb = 0;
  for (const [pid, r] of rss) if (isDescendant(pid)) kb += r;
  return kb / 1024;
}

const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;

async function main(): Promise<void> {
  const staticDir = path.resolve('dist/renderer');
  if (!fs.existsSync(path.join(staticDir, 'print.html')))
    throw new Error('build the renderer first (node scripts/build.mjs)');
  const queue = `KioskBench_${crypto.randomBytes(4).toString('hex')}`;
  execFileSync('lpadmin', [
    '-p',
    queue,
    '-v',
    'cups-pdf:/',
    '-E',
    '-m',
    'lsb/usr/cups-pdf/CUPS-PDF_opt.ppd',
  ]);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-bench-print-'));
  fs.writeFileSync(
    path.join(dir, 'config.json'),
    JSON.stringify({ printer: { receiptPrinter: queue, checklistPrinter: queue } }),
  );
  const host = await startBrowserHost({ dataRoot: dir, staticDir, onExitRequested: () => {} });
  const call = async (name: string, args: unknown) => {
    const out = await host.services.dispatch(name, args, ctx);
    if (!out.ok) throw new Error(`${name}: ${out.error.message}`);
    return out.value;
  };
  try {
    const receipt = (await call('requestSubmit', submitArgs())) as ReceiptView;
    const printArgs = { ticket: receipt.ticket, document: 'receipt', heightMm: 180 };

    const memBefore = descendantsRssMb();
    let t0 = process.hrtime.bigint();
    const first = await call('requestPrint', printArgs);
    const cold = ms(t0);
    if ((first as { outcome: string }).outcome !== 'printed')
      throw new Error(`not printed: ${JSON.stringify(host.services.printing.fault())}`);

    // A receipt PDF as the print view renders it, for the spooler-alone runs.
    const rendered = await host.printRenderer.render({
      document: 'receipt',
      receipt,
      locale: 'zh-CN',
      pageSize: { widthMm: 80, heightMm: 180 },
    });
    const spooler = createCupsSpooler();
    const warm: number[] = [];
    const spoolOnly: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      t0 = process.hrtime.bigint();
      const out = (await call('requestPrint', printArgs)) as { outcome: string };
      warm.push(ms(t0));
      if (out.outcome !== 'printed') throw new Error(`not printed: ${JSON.stringify(out)}`);
      t0 = process.hrtime.bigint();
      const job = await spooler.submit(rendered.pdf, queue, {
        title: `bench ${i}`,
        pageSize: rendered.pageSize,
      });
      const end = await spooler.follow?.(job as string, queue, 60_000);
      spoolOnly.push(ms(t0));
      if (end?.ended !== 'completed') throw new Error(`spool: ${JSON.stringify(end)}`);
    }
    const memRunning = descendantsRssMb();
    // Where a warm render's time goes (the renderer logs each render's phases).
    const phases = ['startMs', 'layoutMs', 'pdfMs'] as const;
    const renders = fs
      .readdirSync(path.join(dir, 'logs'))
      .flatMap((f) => fs.readFileSync(path.join(dir, 'logs', f), 'utf8').split('\n'))
      .filter((l) => l.includes('"print.rendered"'))
      .map((l) => JSON.parse(l) as Record<(typeof phases)[number], number>)
      .slice(2);
    const phaseMedians = Object.fromEntries(
      phases.map((k) => [k, median(renders.map((r) => r[k]))]),
    );
    await host.printRenderer.close();
    const memAfter = descendantsRssMb();

    const w50 = median(warm);
    const w95 = percentile(warm, 95);
    const s50 = median(spoolOnly);
    process.stdout.write(
      [
        `receipt print, requestPrint → CUPS job completed (${SAMPLES} warm samples, CUPS-PDF queue)`,
        `  cold (headless Chromium started by this print): ${cold.toFixed(0)} ms`,
        `  warm: median ${w50.toFixed(0)} ms, p95 ${w95.toFixed(0)} ms`,
        `  spooler alone (lp + follow of the rendered PDF): median ${s50.toFixed(0)} ms`,
        `  warm / spooler alone: ${(w50 / s50).toFixed(2)}×`,
        `  warm render phases (median ms): ${JSON.stringify(phaseMedians)}`,
        `  headless Chromium memory (PSS): ${memRunning.toFixed(0)} MB while running ` +
          `(${memBefore.toFixed(0)} MB before the first print, ${memAfter.toFixed(0)} MB after it closed)`,
        '',
      ].join('\n'),
    );
    printSummary({
      bench: 'print',
      samples: SAMPLES,
      cold_ms: round(cold, 0),
      warm_p50_ms: round(w50, 0),
      warm_p95_ms: round(w95, 0),
      spool_only_p50_ms: round(s50, 0),
      ratio_warm_to_spool: round(w50 / s50, 2),
      renderer_pss_mb: round(memRunning, 0),
      pss_after_close_mb: round(memAfter, 0),
    });
  } finally {
    await host.stop();
    try {
      execFileSync('cancel', ['-a', queue]);
    } catch {
      // no jobs left
    }
    execFileSync('lpadmin', ['-x', queue]);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`print bench failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
