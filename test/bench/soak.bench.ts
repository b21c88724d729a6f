// `npm run bench -- soak [--sessions N]`: N scripted sessions (default 1,000) in one page without a
// reload — the camera reads a licence QR, a bundle, the wizard, submit, finish — printing the JS
// heap and DOM node counts at the start, every 100 sessions and at the end, and their growth after
// the first 100 sessions; and checking after every reset that no camera track is still live.
import type { CDPSession, Page } from '@playwright/test';
import { parseArgs } from 'node:util';
import { startKiosk } from '../e2e/fixtures';
import { launchWithFakeCamera } from '../e2e/support/fake-camera';
import { printSummary, round } from './lib';

const USCC = '92330521DQ0000181E'; // 德清县武康街道老张面馆, a demo individual business
const NAME = '德清县武康街道老张面馆';
const PHONE = '13912345678';

interface Sample {
  session: number;
  heapBytes: number;
  domNodes: number;
}

async function sample(cdp: CDPSession, session: number): Promise<Sample> {
  // The nodes of the screen just left are collected only after the task that detached them ends:
  // sampled at once, a count sometimes still holds them (seen: 385, then 218 a second later).
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
  const dom = (await cdp.send('Memory.getDOMCounters')) as { nodes: number };
  return { session, heapBytes: heap.usedSize, domNodes: dom.nodes };
}

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
          `session ${String(i).padStart(5)}  heap ${(s.heapBytes / 1024 / 1024).toFixed(2)} MB  DOM nodes ${s.domNodes}  (${perSession.toFixed(0)} ms/session)`,
        );
      }
    }
    const base = samples.find((s) => s.session === Math.min(100, sessions)) ?? samples[0]!;
    const last = samples.at(-1)!;
    const heapGrowth = (last.heapBytes - base.heapBytes) / base.heapBytes;
    const domGrowth = (last.domNodes - base.domNodes) / base.domNodes;
    console.log(
      `start: heap ${(samples[0]!.heapBytes / 1024 / 1024).toFixed(2)} MB, DOM nodes ${samples[0]!.domNodes}`,
    );
    console.log(
      `growth after the first ${base.session} sessions: heap ${(heapGrowth * 100).toFixed(2)}%, DOM ${(domGrowth * 100).toFixed(2)}% (aim: under 5%)`,
    );
    console.log(
      `camera tracks opened ${await cam.openedTracks()}, live after any reset: ${liveAfterReset}`,
    );
    printSummary({
      sessions,
      heap_growth: round(heapGrowth, 4),
      dom_growth: round(domGrowth, 4),
      live_tracks: liveAfterReset,
    });
  } finally {
    await cam.close();
    await kiosk.stop();
  }
}

await main();
