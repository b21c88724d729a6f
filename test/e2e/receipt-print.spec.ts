// The printed documents through the real spooler: a request submitted in the browser host, the
// receipt (80 mm) and the checklist (A4) rendered by main (a headless Chromium of its own, never
// the visitor's page) and printed by CUPS into a CUPS-PDF queue. What CUPS-PDF wrote is read back:
// text with pdftotext, page size with pdfinfo, the QR decoded from the rasterised page.
import fs from 'node:fs';
import { expect, startKiosk, test } from './fixtures';
import { createPdfQueue, requireRealCups, waitForPrintedPdf } from './support/cups';
import { typeOnScreen } from './support/keyboard';
import { pdfPageMm, pdfQr, printedText } from './support/pdf';

const SEEDED = '91330521DQ0000018A';

test('receipt (80 mm) and checklist (A4) out of CUPS: text, page size, a QR that decodes to the ticket', async ({
  page,
}) => {
  test.setTimeout(120_000);
  requireRealCups();
  const queue = createPdfQueue();
  const kiosk = await startKiosk({
    config: { printer: { receiptPrinter: queue.name, checklistPrinter: queue.name } },
  });
  // The page never prints itself: a call to window.print() fails the test.
  await page.addInitScript(() => {
    window.print = () => {
      throw new Error('window.print() called');
    };
  });
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await kiosk.open(page);
  const main = page.getByRole('main');
  const since = Date.now();
  try {
    await page.getByRole('button', { name: '扫描企业码' }).click();
    await typeOnScreen(page, SEEDED);
    await page.getByRole('button', { name: '查询', exact: true }).click();
    await main.getByRole('button', { name: '办事（一类事一次办）' }).click();
    await main.getByRole('button', { name: /^企业开办/ }).click();
    const next = main.getByRole('button', { name: '下一步' });
    await next.click();
    await main
      .getByRole('group', { name: /食品销售/ })
      .getByRole('button', { name: '是' })
      .click();
    await main
      .getByRole('group', { name: /个体工商户转为企业/ })
      .getByRole('button', { name: '否' })
      .click();
    await main
      .getByRole('group', { name: /预约银行开户/ })
      .getByRole('button', { name: '是' })
      .click();
    for (let i = 0; i < 3; i++) await next.click();
    await typeOnScreen(page, '13812345678');
    await main.getByRole('button', { name: '确定号码' }).click();
    await main.getByRole('checkbox', { name: '我已阅读并同意上述告知' }).click();
    await next.click();
    await main.getByRole('button', { name: '确认提交' }).click();
    // "Printed" only once CUPS reports the job completed; "printing" until then.
    await expect(page.getByTestId('print-status')).toHaveText('回执已打印，请取走。', {
      timeout: 30_000,
    });
    const ticket = ((await page.getByTestId('ticket').textContent()) ?? '').trim();

    // Completed means CUPS-PDF has written it.
    const receiptPdf = await waitForPrintedPdf('receipt', ticket, since, 2_000);
    const size = pdfPageMm(receiptPdf);
    expect(Math.round(size.width)).toBe(80);
    expect(size.height).toBeGreaterThan(120);
    const text = printedText(receiptPdf);
    for (const expected of [
      '德清县企业综合服务中心',
      '县政务服务中心 7×24 小时自助区',
      '办事回执',
      ticket,
      '德清星图测绘地理信息有限公司',
      SEEDED,
      '企业开办',
      '公司设立登记',
      '食品经营许可',
      '银行预约开户',
      '个工作日内',
      '接下来会怎样',
      '138****5678',
    ])
      expect(text, expected).toContain(expected);
    expect(text).not.toContain('13812345678');
    const qr = pdfQr(receiptPdf);
    expect(qr?.text).toBe(`DQT1.${ticket}`);
    // Drawn at a fixed 30 mm (the code itself, without its quiet zone, is a little smaller).
    expect(qr?.sizeMm).toBeGreaterThan(22);
    expect(qr?.sizeMm).toBeLessThan(30);

    await main.getByRole('button', { name: '打印 A4 办理清单' }).click();
    await expect(main.getByText('A4 办理清单已打印，请取走。')).toBeVisible({ timeout: 30_000 });
    const checklistPdf = await waitForPrintedPdf('checklist', ticket, since, 2_000);
    const a4 = pdfPageMm(checklistPdf);
    expect([Math.round(a4.width), Math.round(a4.height)]).toEqual([210, 297]);
    const list = printedText(checklistPdf);
    expect(list).toContain('企业开办一类事 办理清单');
    expect(list).toContain('负责部门');
    expect(list).toMatch(/申领发票\s+基本服务\s+县税务局/);
    expect(list).toMatch(/公章刻制备案\s+基本服务\s+县公安局/);
    expect(list).toMatch(/公司设立登记\s+基本服务\s+县市场监管局/);
    expect(list).toMatch(/食品经营许可\s+基本服务\s+县市场监管局/);
    expect(list).toContain(ticket);
    expect(list).not.toContain('13812345678');
    expect(pdfQr(checklistPdf)?.text).toBe(`DQT1.${ticket}`);
    expect(pageErrors).toEqual([]);
    fs.rmSync(receiptPdf);
    fs.rmSync(checklistPdf);
  } finally {
    await kiosk.stop();
    queue.remove();
  }
});
