// Retention: a closed request's phone and name are purged `retention.personalDataDays` after the
// back office closed it — from the table, the outbox copy and every file on disk — while the
// ticket, services and statuses stay.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import crypto from 'node:crypto';
import type { ConsoleStatus } from '../../../../electron/domain/work-queue';
import { listAudit } from '../../../../electron/services/guide/audit-repository';
import { all, scalar } from '../../../../electron/services/storage/sql';
import { recordStatusChange } from '../../../../electron/services/sync/outbox-repository';
import { startHarness, startupArgs, type Harness } from '../../../support/kiosk-harness';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const PHONE = '13812345678';
const NAME = '王小明';

/** Every file under the data dir that holds `text` (UTF-8), by relative path. */
function filesHolding(dir: string, text: string): string[] {
  const needle = Buffer.from(text, 'utf8');
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (fs.readFileSync(p).includes(needle)) out.push(path.relative(dir, p));
    }
  };
  walk(dir);
  return out;
}

describe('retention of personal data', () => {
  it('purges phone and name N days after closing, everywhere, and keeps the rest', async () => {
    h = await startHarness({ config: { retention: { personalDataDays: 30 } } });
    const k = h.k;
    const closedOne = await h.call('requestSubmit', startupArgs());
    const openOne = await h.call(
      'requestSubmit',
      startupArgs({ contact: { phone: '13900001111', name: null } }),
    );
    // The back office completes the first request a day later.
    h.clock.advanceDays(1);
    const closedAt = h.clock.now.toISOString();
    await k.db.write((tx) =>
      k.requests.applyStatus(tx, {
        requestId: closedOne.id,
        status: 'completed',
        at: closedAt,
        note: null,
        verdict: null,
        source: 'back-office',
        staffId: null,
        changeId: 'done-1',
      }),
    );
    expect(filesHolding(path.join(h.dir, 'db'), PHONE).length).toBeGreaterThan(0);

    const contacts = () =>
      k.db.read((d) =>
        all<{ ticket: string; contact_phone: string | null; contact_name: string | null }>(
          d,
          'SELECT ticket, contact_phone, contact_name FROM requests ORDER BY ticket',
        ),
      );
    h.clock.advanceDays(29);
    expect(await k.requests.purgePersonalData()).toBe(0);
    expect(contacts()[0]).toMatchObject({ contact_phone: PHONE, contact_name: NAME });

    h.clock.advanceDays(2); // 31 days after closing
    expect(await k.requests.purgePersonalData()).toBe(1);
    expect(contacts()).toEqual([
      { ticket: closedOne.ticket, contact_phone: null, contact_name: null },
      // Still open (however old): kept, the back office may still need to call.
      { ticket: openOne.ticket, contact_phone: '13900001111', contact_name: null },
    ]);
    // The outbox copy (single site: never delivered) is redacted too.
    const outboxBody = k.db.read((d) =>
      all<{ body: string }>(d, 'SELECT body FROM outbox WHERE id = ?', [closedOne.id]),
    );
    expect(JSON.parse(outboxBody[0]?.body ?? '{}')).toMatchObject({
      ticket: closedOne.ticket,
      contact: { phone: null, name: null },
    });
    // Not in any file of the data directory (database generations, logs), not even freed pages.
    expect(filesHolding(h.dir, PHONE)).toEqual([]);
    expect(filesHolding(h.dir, NAME)).toEqual([]);
    expect(filesHolding(path.join(h.dir, 'db'), '13900001111').length).toBeGreaterThan(0);

    // What stays: ticket, services, status, timeline (for statistics).
    k.session.set({ audience: 'staff', staff: { id: 'G1', role: 'guide' }, enterprise: null });
    const receipt = await h.call('requestReceipt', { ticket: closedOne.ticket });
    expect(receipt).toMatchObject({
      phoneMasked: null,
      contactNameMasked: null,
      status: 'completed',
    });
    expect(receipt.services).toHaveLength(8);
    const t = await h.call('requestTrack', { ticket: closedOne.ticket });
    expect(t.timeline.map((e) => e.status)).toEqual(['submitted', 'completed']);
    // Purging again finds nothing more.
    expect(await k.requests.purgePersonalData()).toBe(0);
  });

  it('runs at start: a kiosk that was off for weeks purges when it comes back', async () => {
    h = await startHarness();
    const r = await h.call('requestSubmit', startupArgs());
    await h.k.db.write((tx) =>
      h?.k.requests.applyStatus(tx, {
        requestId: r.id,
        status: 'returned',
        at: h.clock.now.toISOString(),
        note: '材料不全',
        verdict: null,
        source: 'back-office',
        staffId: null,
        changeId: 'ret-1',
      }),
    );
    const dir = h.dir;
    await h.close();
    h = await startHarness({
      dir,
      at: new Date(Date.parse('2025-06-11T02:00:00Z') + 31 * 86_400_000),
    });
    expect(filesHolding(dir, PHONE)).toEqual([]);
  });

  it('purges every note and free text: no text column of any table holds them after', async () => {
    h = await startHarness({ config: { retention: { personalDataDays: 30 } } });
    const k = h.k;
    const PLANTED = {
      returned: '退回说明请联系张建国13911112222',
      cancel: '撤回原因李四来电',
      appeal: '王五公司拖欠货款三十八万',
      followUp: '回访备注赵六已致歉',
      visit: '回访记录钱七很满意',
      backOffice: '后台办结说明孙八已领证',
    };
    const r1 = await h.call('requestSubmit', startupArgs());
    const r2 = await h.call('requestSubmit', startupArgs());
    const r3 = await h.call('requestSubmit', {
      requestId: crypto.randomUUID(),
      subject: { kind: 'appeal', category: 'arrears', topic: null, text: PLANTED.appeal },
      founder: false,
      contact: { phone: '13812345678', name: null },
      privacyAccepted: true,
    });
    await h.call('ratingSubmit', {
      ticket: r3.ticket,
      occasion: 'submission',
      level: 'very-unsatisfied',
      reasons: ['efficiency'],
    });
    await h.call('callGuide', { screen: 'attract' });

    // A guide works the requests in single-site mode.
    h.as({ audience: 'staff', staff: { id: 'G007', role: 'guide' } });
    const work = (requestId: string, status: ConsoleStatus, note: string | null = null) =>
      h?.call('guideWorkStatus', { requestId, status, note });
    await work(r1.id, 'received');
    await work(r1.id, 'returned', PLANTED.returned);
    await h.call('guideRequestCancel', { ticket: r2.ticket, reason: PLANTED.cancel });
    const [item] = await h.call('guideFollowUps', {});
    await h.call('guideFollowUpClose', {
      id: item!.id,
      note: PLANTED.followUp,
      verdict: 'basically-satisfied',
    });
    await h.call('guideRecordFollowUp', {
      ticket: r3.ticket,
      verdict: 'satisfied',
      note: PLANTED.visit,
    });
    // The back office completes the 诉求 with a note (as the status puller records and applies it).
    const at = h.clock.now.toISOString();
    const change = {
      changeId: 'bo-1',
      submissionId: r3.id,
      kind: 'request' as const,
      status: 'completed' as const,
      note: PLANTED.backOffice,
      verdict: null,
      at,
    };
    await k.db.write((tx) => {
      recordStatusChange(tx, change, at);
      k.requests.applyStatus(tx, {
        requestId: r3.id,
        status: 'completed',
        at,
        note: PLANTED.backOffice,
        verdict: null,
        source: 'back-office',
        staffId: null,
        changeId: 'bo-1',
      });
    });
    k.session.reset();

    /** Every table, every column, as text: where a planted string is found. */
    const holding = (text: string): string[] =>
      k.db.read((d) => {
        const found: string[] = [];
        const tables = all<{ name: string }>(
          d,
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
        );
        for (const { name } of tables)
          for (const col of all<{ name: string }>(d, `PRAGMA table_info("${name}")`))
            if (
              (scalar<number>(
                d,
                `SELECT COUNT(*) FROM "${name}" WHERE instr(CAST("${col.name}" AS TEXT), ?) > 0`,
                [text],
              ) ?? 0) > 0
            )
              found.push(`${name}.${col.name}`);
        return found;
      });
    // Planted where the kiosk keeps them while the requests are worked.
    for (const text of Object.values(PLANTED)) expect(holding(text), text).not.toEqual([]);
    expect(holding(PLANTED.backOffice)).toEqual(
      expect.arrayContaining(['request_events.note', 'sync_status_changes.note']),
    );
    expect(holding(PLANTED.cancel)).toEqual(
      expect.arrayContaining(['request_events.note', 'outbox.body']),
    );
    // The audit log refers to notes; it never copies them.
    for (const text of Object.values(PLANTED))
      expect(
        holding(text).filter((c) => c.startsWith('audit_log.')),
        text,
      ).toEqual([]);

    h.clock.advanceDays(31);
    expect(await k.requests.purgePersonalData()).toBe(3);
    for (const text of Object.values(PLANTED)) {
      expect(holding(text), text).toEqual([]);
      // Nor in any file of the data directory (database generations, freed pages, logs).
      expect(filesHolding(h.dir, text), text).toEqual([]);
    }
    expect(k.db.read((d) => all(d, 'SELECT id FROM help_calls'))).toEqual([]);
    // What stays: statuses for statistics, and the audit log's entries (their notes gone).
    h.as({ audience: 'staff', staff: { id: 'G007', role: 'guide' } });
    const t = await h.call('requestTrack', { ticket: r1.ticket });
    expect(t.timeline.map((e) => [e.status, e.note])).toEqual([
      ['submitted', null],
      ['received', null],
      ['returned', null],
    ]);
    const cancel = k.db
      .read((d) => listAudit(d, { limit: 50 }))
      .find((e) => e.action === 'cancel-request');
    expect(cancel?.detail).toBe(r2.ticket);
  });
});
