// The guided 一类事 request end to end, driven as a person would: identify, a recommended bundle,
// the six steps (back and forward keep every answer), submit, the receipt, tracking by a keyed
// ticket; the founder path; a printer fault; guide mode's reprint and cancel.
import type { Page } from '@playwright/test';
import { createFakeCups, type FakeCups } from '../support/fake-cups';
import { expect, startKiosk, test, type RunningKiosk } from './fixtures';
import { kioskctl } from './support/kioskctl';
import { typeOnScreen } from './support/keyboard';

const NOODLES = '92330521DQ0000181E'; // 德清县武康街道老张面馆, 个体工商户 (demo data)

let kiosk: RunningKiosk | null = null;
let cups: FakeCups;
test.afterEach(async () => {
  await kiosk?.stop();
  kiosk = null;
});

async function startWithPrinter(page: Page, config: object = {}): Promise<RunningKiosk> {
  cups = createFakeCups({ printers: ['Receipt80', 'OfficeA4'], defaultPrinter: 'Receipt80' });
  kiosk = await startKiosk({ config, env: { PATH: cups.path() } });
  await kiosk.open(page);
  return kiosk;
}

const main = (page: Page) => page.getByRole('main');
const next = (page: Page) => main(page).getByRole('button', { name: '下一步' });
const count = (page: Page) => page.getByTestId('wizard-count');

test('identify → recommended bundle → six steps with back and forward → receipt → tracking', async ({
  page,
}) => {
  const k = await startWithPrinter(page);
  await page.getByRole('button', { name: '扫描企业码' }).click();
  await typeOnScreen(page, NOODLES);
  await page.getByRole('button', { name: '查询', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: '德清县武康街道老张面馆' })).toBeVisible();
  await main(page).getByRole('button', { name: '办事（一类事一次办）' }).click();

  // Home: the recommendation and its reason come from the profile.
  await expect(page.getByRole('heading', { level: 1, name: '德清县武康街道老张面馆，您好' })).toBeVisible();
  const recommended = main(page).getByRole('region', { name: '为您推荐' });
  const startup = recommended.getByRole('button', { name: /企业开办/ });
  await expect(startup).toContainText('因为贵企业是个体工商户');
  await startup.click();

  // 1. What it covers (证照章金银税码).
  await expect(count(page)).toHaveText('第 1 步，共 6 步');
  await expect(main(page).getByText('证、照、章、金、银、税、码', { exact: false })).toBeVisible();
  await next(page).click();

  // 2. Questions: each must be answered.
  await expect(count(page)).toHaveText('第 2 步，共 6 步');
  await next(page).click();
  await expect(main(page).getByRole('alert')).toHaveText('请回答每一个问题（选择“是”或“否”）。');
  const question = (name: RegExp) => main(page).getByRole('group', { name });
  await question(/食品销售/).getByRole('button', { name: '是' }).click();
  await question(/个体工商户转为企业/).getByRole('button', { name: '是' }).click();
  await question(/预约银行开户/).getByRole('button', { name: '否' }).click();
  await next(page).click();

  // 3. Basic services, pre-selected from the answers.
  await expect(count(page)).toHaveText('第 3 步，共 6 步');
  const choice = (name: string) => main(page).getByRole('checkbox', { name: new RegExp(name) });
  await expect(choice('食品经营许可')).toHaveAttribute('aria-checked', 'true');
  await expect(choice('公司设立登记')).toHaveAttribute('aria-checked', 'true');
  await choice('医保登记及员工参保登记').click();
  await expect(choice('医保登记及员工参保登记')).toHaveAttribute('aria-checked', 'false');

  // Back and forward keep every answer.
  await main(page).getByRole('button', { name: '返回' }).click();
  await expect(count(page)).toHaveText('第 2 步，共 6 步');
  await expect(question(/食品销售/).getByRole('button', { name: '是' })).toHaveAttribute('aria-pressed', 'true');
  await expect(question(/预约银行开户/).getByRole('button', { name: '否' })).toHaveAttribute('aria-pressed', 'true');
  await next(page).click();
  await expect(choice('医保登记及员工参保登记')).toHaveAttribute('aria-checked', 'false');
  await next(page).click();

  // 4. Value-added: the answer "个体工商户转企业" is pre-selected, the bank appointment is not.
  await expect(count(page)).toHaveText('第 4 步，共 6 步');
  await expect(choice('个体工商户转企业')).toHaveAttribute('aria-checked', 'true');
  await expect(choice('银行预约开户')).toHaveAttribute('aria-checked', 'false');
  await next(page).click();

  // 5. Contact: phone required (a static code is not proof), privacy notice accepted.
  await expect(count(page)).toHaveText('第 5 步，共 6 步');
  await next(page).click();
  await expect(main(page).getByText('请输入手机号码，以便办理部门联系您。')).toBeVisible();
  await expect(main(page).getByText('请阅读并同意个人信息告知后再提交。')).toBeVisible();
  await typeOnScreen(page, '12812345678');
  await expect(main(page).getByText('手机号码应为 11 位数字，以 1 开头，第二位为 3 至 9。').first()).toBeVisible();
  await main(page).getByRole('button', { name: '清空' }).click();
  await typeOnScreen(page, '13812345678');
  await main(page).getByRole('button', { name: '确定号码' }).click();
  await expect(page.getByTestId('phone-field')).toContainText('138****5678');
  await expect(page.getByTestId('phone-field')).not.toContainText('13812345678');
  await main(page).getByRole('checkbox', { name: '我已阅读并同意上述告知' }).click();
  await next(page).click();

  // 6. Review: edit in place, then submit.
  await expect(count(page)).toHaveText('第 6 步，共 6 步');
  await expect(page.getByTestId('review-phone')).toHaveText('138****5678');
  await main(page).getByRole('button', { name: '修改基本服务' }).click();
  await choice('医保登记及员工参保登记').click();
  await main(page).getByRole('button', { name: '修改基本服务' }).click();
  const services = main(page).locator('[data-review="services"]');
  await expect(services).toContainText('医保登记及员工参保登记');
  await main(page).getByRole('button', { name: '确认提交' }).click();

  // The receipt: stored, printed, with the promised date.
  await expect(page.getByRole('heading', { level: 1, name: '已提交' })).toBeVisible();
  const ticket = (await page.getByTestId('ticket').textContent())?.trim() ?? '';
  expect(ticket).toMatch(/^DQ01-\d{8}-0001$/);
  await expect(page.getByTestId('print-status')).toHaveText('回执已打印，请取走。');
  await expect(page.getByTestId('promise')).toContainText('个工作日内');

  const shown = JSON.parse(kioskctl(k.dataDir, ['requests', 'show', ticket, '--json']).out) as {
    request: { services: { name: string; department: string }[]; applicant: object; phoneMasked: string };
  };
  expect(shown.request.applicant).toMatchObject({ audience: 'public', verified: false, uscc: NOODLES });
  expect(shown.request.phoneMasked).toBe('138****5678');
  expect(shown.request.services.map((s) => s.name)).toEqual([
    '公司设立登记',
    '公章刻制备案',
    '申领发票',
    '社保登记及员工参保登记',
    '医保登记及员工参保登记',
    '住房公积金登记及员工缴存登记',
    '食品经营许可',
    '个体工商户转企业“直接变更”登记服务',
  ]);

  // Finish; the next person tracks the ticket by keying it in: status, no personal data.
  await main(page).getByRole('button', { name: '完成' }).click();
  await page.getByRole('button', { name: /查询进度/ }).click();
  await typeOnScreen(page, ticket);
  await main(page).getByRole('button', { name: '查询', exact: true }).click();
  const result = page.getByTestId('track-result');
  await expect(page.getByTestId('track-status')).toHaveText('已提交');
  await expect(page.getByTestId('timeline')).toContainText('已提交');
  await expect(result).toContainText('共 8 项服务');
  await expect(result).not.toContainText('138');
  await expect(result).not.toContainText('老张面馆');
});
