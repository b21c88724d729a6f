// `npm run bench -- soak [--sessions N]`: N scripted sessions (default 1,000) in one page without a
// reload — the camera reads a licence QR, a bundle, the wizard, submit, finish — printing the JS
// heap and DOM node counts at the start, every 100 sessions and at the end, and their growth after
// the first 100 sessions; and checking after every reset that no camera track is still live.
// The JS heap is read from a heap snapshot after a full collection and split as DevTools does
// (test/support/heap-statistics.ts): `heap_growth` is the page's JavaScript objects; V8's compiled
// code, which grows while functions tier up, is printed beside it, as is V8's whole used size.
import type { CDPSession, Page } from '@playwright/test';
import { parseArgs } from 'node:util';
import { startKiosk } from '../e2e/fixtures';
import { launchWithFakeCamera } from '../e2e/support/fake-camera';
import { heapStatistics } from '../support/heap-statistics';
import { printSummary, round } from './lib';

const USCC = '92330521DQ0000181E'; // 德清县武康街道老张面馆, a demo individual business
const NAME = '德清县武康街道老张面馆';
const PHONE = '13912345678';

interface Sample {
  session: number;
  /** The page's JavaScript objects (no compiled code, no Blink objects). */
  heapBytes: number;
  codeBytes: number;
  /** V8's used heap size as Runtime.getHeapUsage reports it: objects and compiled code. */
  usedBytes: number;
  domNodes: number;
}

async function sample(cdp: CDPSession, session: number): Promise<Sample> {
  // The nodes of the screen just left are collected only after the task that detached them ends:
  // sampled at once, a count sometimes still holds them (seen: 385, then 218 a second later).
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const used = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
  const dom = (await cdp.send('Memory.getDOMCounters')) as { nodes: number };
  const chunks: string[] = [];
  const onChunk = (e: { chunk: string }) => chunks.push(e.chunk);
  cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
  const stats = heapStatistics(chunks.join(''));
  return {
    session,
    heapBytes: stats.objectsBytes,
    codeBytes: stats.codeBytes,
    usedBytes: used.usedSize,
    domNodes: dom.nodes,
  };
}

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(2);
const growth = (from: number, to: number) => (to - from) / from;

async function oneSession(page: Page): Promise<void> {
  const main = page.getByRole('main');
  await page.getByRole('button', { name: '扫描企业码' }).click();
  // The camera reads the licence QR: the public profile.
  await page.getByRole('heading', { level: 1, name: NAME }).waitFor();
  await main.getByRole('button', { name: '办事（一类事一次办）' }).click();
  await main
    .getByRole('button', { name: /企业注销/ })
    .first()
    .click();
  const next = main.getByRole('button', { name: '下一步' });
  for (let step = 1; step <= 4; step++) await next.click();
  const keypad = page.locator('.osk');
  for (const d of PHONE) await keypad.getByRole('button', { name: d, exact: true }).click();
  await main.getByRole('button', { name: '确定号码' }).click();
  await main.getByRole('checkbox', { name: '我已阅读并同意上述告知' }).click();
  await next.click();
  await main.getByRole('button', { name: '确认提交' }).click();
  await page.getByRole('heading', { level: 1, name: '已提交' }).waitFor();
  await page.getByRole('button', { name: '结束服务' }).click();
  await page.getByRole('heading', { level: 1, name: '企业办事 7×24 小时自助服务' }).waitFor();
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { sessions: { type: 'string', default: '1000' } } });
  const sessions = Math.max(1, Number(values.sessions));
  const kiosk = await startKiosk();
  const cam = await launchWithFakeCamera(`http://www.gsxt.gov.cn/index.html?uniscid=${USCC}`);
  const started = performance.now();
  try {
    const page = cam.page;
    page.setDefaultTimeout(30_000);
    await kiosk.open(page);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('HeapProfiler.enable');
    const samples: Sample[] = [await sample(cdp, 0)];
    let liveAfterReset = 0;
    for (let i = 1; i <= sessions; i++) {
      await oneSession(page);
      liveAfterReset = Math.max(liveAfterReset, await cam.liveTracks());
      if (i % 100 === 0 || i === sessions) {
        const s = await sample(cdp, i);
        samples.push(s);
        const perSession = (performance.now() - started) / i;
        console.log(
          `session ${String(i).padStart(5)}  JS objects ${mb(s.heapBytes)} MB  compiled code ${mb(s.codeBytes)} MB  V8 used ${mb(s.usedBytes)} MB  DOM nodes ${s.domNodes}  (${perSession.toFixed(0)} ms/session)`,
        );
      }
    }
    const base = samples.find((s) => s.session === Math.min(100, sessions)) ?? samples[0]!;
    const last = samples.at(-1)!;
    const heapGrowth = growth(base.heapBytes, last.heapBytes);
    const domGrowth = growth(base.domNodes, last.domNodes);
    const codeGrowth = growth(base.codeBytes, last.codeBytes);
    const usedGrowth = growth(base.usedBytes, last.usedBytes);
    const first = samples[0]!;
    console.log(
      `start: JS objects ${mb(first.heapBytes)} MB, compiled code ${mb(first.codeBytes)} MB, V8 used ${mb(first.usedBytes)} MB, DOM nodes ${first.domNodes}`,
    );
    console.log(
      `growth after the first ${base.session} sessions: JS objects ${(heapGrowth * 100).toFixed(2)}%, DOM ${(domGrowth * 100).toFixed(2)}% (aim: under 5%); ` +
        `compiled code ${(codeGrowth * 100).toFixed(2)}%, V8 used size ${(usedGrowth * 100).toFixed(2)}%`,
    );
    console.log(
      `camera tracks opened ${await cam.openedTracks()}, live after any reset: ${liveAfterReset}`,
    );
    printSummary({
      sessions,
      heap_growth: round(heapGrowth, 4),
      dom_growth: round(domGrowth, 4),
      code_growth: round(codeGrowth, 4),
      heap_used_growth: round(usedGrowth, 4),
      live_tracks: liveAfterReset,
    });
  } finally {
    await cam.close();
    await kiosk.stop();
  }
}

await main();
