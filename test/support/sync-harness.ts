// Shared set-up for the sync tests and benchmark: a real database in a temp dir, a config
// pointing at a reference receiver, and synthetic envelopes.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Envelope, SubmissionKind } from '../../electron/domain/sync';
import { defaultConfig, type KioskConfig } from '../../electron/services/config';
import { createMemoryLogger } from '../../electron/services/logger';
import { openDatabase, type KioskDatabase } from '../../electron/services/storage/database';
import { MIGRATIONS } from '../../electron/services/storage/migrations/index';

export function tempDir(prefix = 'kiosk-sync-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export async function openTestDb(dir: string, log = createMemoryLogger()): Promise<KioskDatabase> {
  return openDatabase({ dir: path.join(dir, 'db'), migrations: MIGRATIONS, log });
}

export function syncConfig(endpoint: string | null, secret: string | null, kioskId = 'DQ01') {
  const c: KioskConfig = defaultConfig();
  c.kioskId = kioskId;
  c.backOffice.endpoint = endpoint;
  c.backOffice.kioskSecret = secret;
  return c;
}

const KINDS: SubmissionKind[] = ['request', 'request', 'request', 'help-call', 'rating'];

/**
 * A synthetic submission of a realistic size (about 1 KB of JSON), with a body of its kind as the
 * protocol defines it (electron/protocol/wire.ts), so the real back office accepts it too.
 */
export function syntheticEnvelope(n: number, kioskId = 'DQ01'): Envelope {
  const id = crypto.randomUUID();
  const kind = KINDS[n % KINDS.length] as SubmissionKind;
  const at = new Date().toISOString();
  const ticket = `${kioskId}-20260302-${String((n % 999_999) + 1).padStart(4, '0')}`;
  if (kind === 'help-call')
    return {
      id,
      kind,
      body: {
        schema: 'deqing.help-call/1',
        helpCallId: id,
        kioskId,
        at,
        screen: 'request-new',
        centerName: '德清县企业综合服务中心',
        locationName: '县政务服务中心 7×24 小时自助区',
      },
    };
  if (kind === 'rating')
    return {
      id,
      kind,
      body: {
        schema: 'deqing.rating/1',
        ratingId: id,
        requestId: crypto.randomUUID(),
        ticket,
        requestKind: 'bundle',
        bundleId: 'business-startup',
        board: 'project',
        occasion: 'submission',
        level: 'satisfied',
        score: 4,
        reasons: [],
        ratedAt: at,
        followUp: false,
      },
    };
  return {
    id,
    kind,
    body: {
      schema: 'deqing.request/1',
      requestId: id,
      ticket,
      createdAt: at,
      kind: 'bundle',
      title: '企业开办',
      bundleId: 'business-startup',
      measureNo: null,
      catalogVersion: '1.1.0 000000000000',
      services: ['设立登记', '公章刻制', '银行开户', '税务登记', '社保登记'].map((name) => ({
        name,
        kind: 'basic',
        department: '县市场监管局',
      })),
      answers: { food: false, 'sole-proprietor': false, 'bank-appointment': n % 2 === 0 },
      applicant: {
        audience: 'public',
        verified: false,
        founder: false,
        uscc: '91330521MA2B3C4D5E',
        enterpriseName: `德清测试企业${n}有限公司`,
      },
      contact: { phone: '13800005678', name: '张先生' },
      routing: {
        board: 'project',
        boardName: '项目服务板块',
        module: '商事经营服务模块',
        leadDepartments: ['县市场监管局'],
        station: null,
      },
      assistedBy: null,
      promise: {
        workingDays: 3,
        countsFrom: '2026-03-02',
        dueDate: '2026-03-05',
        reason: 'in-hours',
        calendarCertain: true,
      },
    },
  };
}
