// A real full disk: the data directory on a small tmpfs that the test fills up.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inspectDatabase } from '../../electron/services/storage/database';
import { expect, startKiosk, test } from './fixtures';

function mountSmallDisk(): { dir: string; unmount(): void } | { reason: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-tmpfs-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=24m', 'tmpfs', dir], { stdio: 'pipe' });
  } catch (e) {
    fs.rmSync(dir, { recursive: true, force: true });
    return {
      reason: `cannot mount a tmpfs here (${(e as Error).message.split('\n')[0]}); the full-disk path is still covered by test/electron/services/storage/database.test.ts`,
    };
  }
  return {
    dir,
    unmount: () => {
      execFileSync('umount', ['-l', dir]);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

test('a full disk takes the kiosk out of service, loses nothing, and it comes back', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const disk = mountSmallDisk();
  if ('reason' in disk) {
    console.log(`SKIPPED full-disk e2e: ${disk.reason}`);
    test.skip(true, disk.reason);
    return;
  }
  const kiosk = await startKiosk({ dataDir: disk.dir });
  try {
    await kiosk.open(page);
    await expect(
      page.getByRole('heading', { level: 1, name: '企业办事 7×24 小时自助服务' }),
    ).toBeVisible();
    const filler = path.join(disk.dir, 'filler.bin');
    const st = fs.statfsSync(disk.dir);
    fs.writeFileSync(filler, Buffer.alloc(st.bavail * st.bsize - 512 * 1024));

    await expect(page.getByRole('heading', { level: 1, name: '本机暂停服务' })).toBeVisible({
      timeout: 40_000,
    });
    await expect(page.getByText('存储空间已满')).toBeVisible();
    await expect(page.getByText('已经提交的事项都已保存，不会丢失')).toBeVisible();

    fs.unlinkSync(filler);
    await expect(
      page.getByRole('heading', { level: 1, name: '企业办事 7×24 小时自助服务' }),
    ).toBeVisible({ timeout: 40_000 });
    // Stopped cleanly, the database is whole.
    await kiosk.stop();
    const db = await inspectDatabase(path.join(disk.dir, 'db'));
    expect(db.integrity).toBe('ok');
    expect(db.damaged).toEqual([]);
  } finally {
    await kiosk.stop();
    disk.unmount();
  }
});
