// The center's hours on screen: a banner outside staffed hours with the next opening time.
import { expect, startKiosk, test } from './fixtures';

test('outside staffed hours a banner says requests are still taken and when staff are back', async ({
  page,
}) => {
  // A week without staffed hours: closed whenever this runs, with no opening to name.
  const kiosk = await startKiosk({
    config: {
      hours: { weekly: { '1': [], '2': [], '3': [], '4': [], '5': [], '6': [], '7': [] } },
    },
  });
  try {
    await kiosk.open(page);
    await expect(page.getByRole('note').filter({ hasText: '现在是非工作时间' })).toHaveText(
      '现在是非工作时间：自助服务照常受理，工作人员将在下一个工作日办理。',
    );
  } finally {
    await kiosk.stop();
  }
});

test('the banner names the next opening in the center time zone', async ({ page }) => {
  // Open only 00:00-00:01 every day: closed but for one minute a day (a run in that minute would
  // see no banner), and the next opening is always at 00:00.
  const minute = ['00:00-00:01'];
  const kiosk = await startKiosk({
    config: {
      hours: {
        weekly: {
          '1': minute,
          '2': minute,
          '3': minute,
          '4': minute,
          '5': minute,
          '6': minute,
          '7': minute,
        },
      },
    },
  });
  try {
    await kiosk.open(page);
    const banner = page.getByRole('note').filter({ hasText: '现在是非工作时间' });
    await expect(banner).toContainText('工作人员将于');
    await expect(banner).toContainText('00:00');
    await page.getByRole('banner').getByRole('button', { name: 'English' }).click();
    await expect(page.getByRole('note').filter({ hasText: 'Outside staffed hours' })).toContainText(
      '00:00',
    );
  } finally {
    await kiosk.stop();
  }
});
