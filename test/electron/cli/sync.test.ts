// `kioskctl sync status` / `sync retry` against a real data directory; the delivery of real
// requests runs against the reference receiver and the real back office.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { syncRetryCommand, syncStatusCommand } from '../../../electron/cli/commands/sync';
import { createKioskServices } from '../../../electron/compose';
import { run } from '../../../electron/services/storage/sql';
import type { ReceiptView } from '../../../electron/domain/request';
import {
  backOfficeTargets,
  warmUpTargets,
  type BackOfficeTarget,
} from '../../support/back-office-targets';
import { newKioskSecret } from '../../support/reference-receiver';
import { syntheticEnvelope, tempDir } from '../../support/sync-harness';
import { startupArgs } from '../../support/kiosk-harness';

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

let receiver: BackOfficeTarget | null = null;
// The real back office's embedded database takes seconds to start on a busy machine.
beforeAll(() => warmUpTargets(), 180_000);
afterEach(async () => {
  vi.restoreAllMocks();
  await receiver?.close();
  receiver = null;
});

async function until(what: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await what())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

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

for (const target of backOfficeTargets())
  describe.skipIf(target.skip !== null)(`kioskctl sync with a back office (${target.name})`, () => {
    it('works on real requests: a refused request shows with its ticket, and a ticket resends it', async () => {
      const dir = tempDir();
      const secret = newKioskSecret();
      const refuse = new Set<string>();
      const rcv = await target.start({
        kiosks: { DQ01: secret },
        // A batch carrying a refused request is refused whole (not as a batch the protocol
        // knows), so the kiosk sends its items one by one and the request meets its own refusal.
        fault: (a) =>
          (a.id && refuse.has(a.id)) || a.ids.some((id) => refuse.has(id))
            ? {
                type: 'refuse',
                status: 422,
                code: 'invalid-envelope',
                message: 'routing.board unknown',
              }
            : null,
      });
      receiver = rcv;
      fs.writeFileSync(
        path.join(dir, 'config.json'),
        JSON.stringify({ backOffice: { endpoint: rcv.url, kioskSecret: secret } }),
      );
      const ctx = { transport: 'http' as const };
      const s = await createKioskServices({ dataRoot: dir, shell: 'browser', appVersion: 't' });
      const submit = async (args: ReturnType<typeof startupArgs>) => {
        const out = await s.dispatch('requestSubmit', args, ctx);
        if (!out.ok) throw new Error(out.error.code);
        return out.value as ReceiptView;
      };
      const ok = await submit(startupArgs());
      const badArgs = startupArgs();
      refuse.add(badArgs.requestId);
      const bad = await submit(badArgs);
      await until(() => s.sync.status().deadLetterCount === 1 && s.sync.status().delivered === 1);
      await s.close();

      const status = await cli(syncStatusCommand, ['sync', 'status', '--json', '--data', dir]);
      expect(status.json).toMatchObject({
        mode: 'back-office',
        backlog: { pending: 0 },
        delivered: 1,
        deadLetterCount: 1,
        deadLetters: [
          {
            id: bad.id,
            kind: 'request',
            ticket: bad.ticket,
            reason: expect.stringContaining('422 invalid-envelope') as string,
          },
        ],
      });
      expect(JSON.stringify(status.json)).not.toContain(secret);

      const retry = (arg: string) =>
        cli(syncRetryCommand, ['sync', 'retry', arg, '--json', '--data', dir]);
      expect(await retry(ok.ticket)).toMatchObject({
        code: 1,
        json: { result: 'not-dead', state: 'delivered', id: ok.id, ticket: ok.ticket },
      });
      expect(await retry(ok.id)).toMatchObject({
        code: 1,
        json: { result: 'not-dead', id: ok.id },
      });
      expect(await retry('DQ01-20250611-9999')).toMatchObject({
        code: 1,
        json: { result: 'not-found', ticket: 'DQ01-20250611-9999' },
      });
      expect(await retry('DQ01-2025')).toMatchObject({ code: 1, json: { result: 'invalid-id' } });
      // Keyed as a person might: lower case.
      expect(await retry(bad.ticket.toLowerCase())).toMatchObject({
        code: 0,
        json: { result: 'requested', id: bad.id, ids: [bad.id], ticket: bad.ticket },
      });
      expect(
        (await cli(syncStatusCommand, ['sync', 'status', '--json', '--data', dir])).json,
      ).toMatchObject({ retriesRequested: [bad.id] });

      // The back office's problem is fixed; the kiosk starts, picks the retry up and delivers it.
      refuse.clear();
      const again = await createKioskServices({ dataRoot: dir, shell: 'browser', appVersion: 't' });
      await until(() => again.sync.status().delivered === 2);
      expect((await rcv.submission(bad.id))?.body).toMatchObject({ ticket: bad.ticket });
      await again.close();
      expect(
        (await cli(syncStatusCommand, ['sync', 'status', '--json', '--data', dir])).json,
      ).toMatchObject({ deadLetterCount: 0, delivered: 2, retriesRequested: [] });
    });
  });
