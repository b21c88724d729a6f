// `kioskctl sync status` / `sync retry` against a real data directory.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { syncRetryCommand, syncStatusCommand } from '../../../electron/cli/commands/sync';
import { createKioskServices } from '../../../electron/services/kiosk-services';
import { run } from '../../../electron/services/storage/sql';
import { syntheticEnvelope, tempDir } from '../../support/sync-harness';

async function cli(
  cmd: typeof syncStatusCommand,
  argv: string[],
): Promise<{ code: number; json: Record<string, unknown> }> {
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out += String(chunk);
    return true;
  });
  try {
    const code = await cmd.run(argv, []);
    return { code, json: JSON.parse(out) as Record<string, unknown> };
  } finally {
    spy.mockRestore();
  }
}

afterEach(() => vi.restoreAllMocks());

describe('kioskctl sync', () => {
  it('shows the backlog and dead letters, and hands a retry to the kiosk', async () => {
    const dir = tempDir();
    const secret = 'z'.repeat(40);
    fs.writeFileSync(
      path.join(dir, 'config.json'),
      JSON.stringify({
        backOffice: { endpoint: 'https://bo.example.cn/api/', kioskSecret: secret },
      }),
    );
    // The kiosk ran once: two requests queued, one refused for good.
    const s = await createKioskServices({
      dataRoot: dir,
      shell: 'browser',
      appVersion: 't',
      // Unreachable on purpose: nothing must leave this test.
      sync: { transport: () => Promise.reject(new Error('offline')) },
    });
    const [a, b] = [syntheticEnvelope(0), syntheticEnvelope(1)];
    await s.db.write((tx) => {
      s.sync.enqueue(tx, a);
      s.sync.enqueue(tx, b);
    });
    await s.db.write((tx) =>
      run(
        tx,
        "UPDATE outbox SET state = 'dead', dead_at = '2026-03-02T02:00:00.000Z', attempts = 1, last_error = '422 invalid-envelope: missing ticket' WHERE id = ?",
        [b.id],
      ),
    );
    await s.close();

    const status = await cli(syncStatusCommand, ['sync', 'status', '--json', '--data', dir]);
    expect(status.code).toBe(0);
    expect(status.json).toMatchObject({
      mode: 'back-office',
      endpoint: 'https://bo.example.cn',
      problem: null,
      backlog: { pending: 1 },
      deadLetterCount: 1,
      deadLetters: [{ id: b.id, reason: '422 invalid-envelope: missing ticket', attempts: 1 }],
      retriesRequested: [],
    });
    expect(JSON.stringify(status.json)).not.toContain(secret);

    expect(
      await cli(syncRetryCommand, ['sync', 'retry', a.id, '--json', '--data', dir]),
    ).toMatchObject({
      code: 1,
      json: { result: 'not-dead', state: 'pending' },
    });
    expect(
      await cli(syncRetryCommand, [
        'sync',
        'retry',
        'a1b2c3d4-0000-4000-8000-000000000000',
        '--json',
        '--data',
        dir,
      ]),
    ).toMatchObject({ code: 1, json: { result: 'not-found' } });
    expect(
      await cli(syncRetryCommand, ['sync', 'retry', b.id, '--json', '--data', dir]),
    ).toMatchObject({
      code: 0,
      json: { result: 'requested' },
    });
    expect(
      (await cli(syncStatusCommand, ['sync', 'status', '--json', '--data', dir])).json,
    ).toMatchObject({
      retriesRequested: [b.id],
    });

    // The kiosk starts again and picks the retry up.
    const again = await createKioskServices({
      dataRoot: dir,
      shell: 'browser',
      appVersion: 't',
      sync: { transport: () => Promise.reject(new Error('offline')) },
    });
    const deadline = Date.now() + 5_000;
    while (again.sync.status().deadLetterCount > 0 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    expect(again.sync.status()).toMatchObject({ deadLetterCount: 0 });
    await again.close();
    const after = await cli(syncStatusCommand, ['sync', 'status', '--json', '--data', dir]);
    expect(after.json).toMatchObject({ deadLetterCount: 0, retriesRequested: [] });
  });
});
