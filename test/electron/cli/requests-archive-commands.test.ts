// kioskctl and the request archive: `requests show` finds an archived request in its month's file
// by itself (and says it is archived), `requests list --archive` lists the archived ones, and a
// damaged archive file is reported (by `requests show` and by doctor's check), not shown as missing.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { requestsListCommand, requestsShowCommand } from '../../../electron/cli/commands/requests';
import { archiveFiles } from '../../../electron/services/requests/archive-repository';
import { inspectArchive } from '../../../electron/services/requests/request-archive';
import { startHarness, startupArgs, type Harness } from '../../support/kiosk-harness';
import { runCommand } from './run-command';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

describe('kioskctl requests and the archive', () => {
  it('shows an archived request from its file and lists the archived ones', async () => {
    h = await startHarness({
      config: { retention: { personalDataDays: 30, archiveAfterDays: 60 } },
    });
    const a = await h.call('requestSubmit', startupArgs());
    const open = await h.call('requestSubmit', startupArgs());
    h.clock.advanceDays(1);
    await h.k.db.write((tx) =>
      h?.k.requests.applyStatus(tx, {
        requestId: a.id,
        status: 'completed',
        at: h.clock.now.toISOString(),
        note: null,
        verdict: null,
        source: 'back-office',
        staffId: null,
        changeId: 'c1',
      }),
    );
    h.clock.advanceDays(61);
    await h.k.requests.purgePersonalData();
    expect(await h.k.requests.archive()).toMatchObject({ archived: 1 });

    const show = await runCommand(requestsShowCommand, [
      'requests',
      'show',
      a.ticket,
      '--data',
      h.dir,
      '--json',
    ]);
    expect(show.code).toBe(0);
    const shown = JSON.parse(show.out) as {
      request: { ticket: string; status: string; services: unknown[] };
      timeline: { status: string }[];
      archivedAt: string | null;
      archiveFile: string | null;
    };
    expect(shown.request).toMatchObject({ ticket: a.ticket, status: 'completed' });
    expect(shown.request.services.length).toBeGreaterThan(0);
    expect(shown.timeline.map((e) => e.status)).toEqual(['submitted', 'completed']);
    expect(shown.archivedAt).not.toBeNull();
    expect(shown.archiveFile).toBe(h.k.db.read((d) => archiveFiles(d))[0]?.file);
    const text = await runCommand(requestsShowCommand, [
      'requests',
      'show',
      a.ticket,
      '--data',
      h.dir,
    ]);
    expect(text.out).toMatch(/archived {5}\S+ \(requests-2025-06\.\d{6}\.db\)/);

    // Still hot: shown as before, not archived.
    const hot = await runCommand(requestsShowCommand, [
      'requests',
      'show',
      open.ticket,
      '--data',
      h.dir,
      '--json',
    ]);
    expect(JSON.parse(hot.out)).toMatchObject({ archivedAt: null, archiveFile: null });

    const list = await runCommand(requestsListCommand, [
      'requests',
      'list',
      '--archive',
      '--data',
      h.dir,
      '--json',
    ]);
    expect(JSON.parse(list.out)).toMatchObject({
      count: 1,
      archived: [{ ticket: a.ticket, status: 'completed', month: '2025-06' }],
    });
    const hotList = await runCommand(requestsListCommand, [
      'requests',
      'list',
      '--data',
      h.dir,
      '--json',
    ]);
    expect((JSON.parse(hotList.out) as { requests: { ticket: string }[] }).requests).toEqual([
      expect.objectContaining({ ticket: open.ticket }),
    ]);

    // What kioskctl doctor reports of the archive.
    const inspect = () =>
      inspectArchive(path.join(h?.dir ?? '', 'db'), path.join(h?.dir ?? '', 'archive'));
    expect(await inspect()).toMatchObject({ files: 1, requests: 1, damaged: [], leftovers: [] });

    // A damaged file: reported as such.
    const file = path.join(h.dir, 'archive', h.k.db.read((d) => archiveFiles(d))[0]?.file ?? '');
    const bytes = fs.readFileSync(file);
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 100) ^ 0xff, bytes.length - 100);
    fs.writeFileSync(file, bytes);
    const damaged = await runCommand(requestsShowCommand, [
      'requests',
      'show',
      a.ticket,
      '--data',
      h.dir,
      '--json',
    ]);
    expect(damaged.code).not.toBe(0);
    expect(JSON.parse(damaged.out)).toMatchObject({ found: false });
    expect((JSON.parse(damaged.out) as { error: string }).error).toMatch(
      /archived \(2025-06\).*crc32/,
    );
    expect((await inspect()).damaged).toEqual([
      expect.stringMatching(/^requests-2025-06\.\d{6}\.db: does not match/),
    ]);
  });
});
