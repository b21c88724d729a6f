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

/** A synthetic submission of a realistic size (~600 bytes of JSON). */
export function syntheticEnvelope(n: number): Envelope {
  return {
    id: crypto.randomUUID(),
    kind: KINDS[n % KINDS.length] as SubmissionKind,
    body: {
      ticket: `DQ01-20260302-${String(n).padStart(4, '0')}`,
      bundle: '企业开办一类事',
      services: ['设立登记', '公章刻制', '银行开户', '税务登记', '社保登记'],
      answers: { hasPremises: true, employees: n % 50, foreignInvestment: false },
      enterprise: { name: `德清测试企业${n}有限公司`, creditCode: '91330521MA2B3C4D5E' },
      contact: { phone: '13800005678', name: '张先生' },
      routing: { board: '企业开办', leadDepartments: ['市场监管局'] },
      promisedBy: '2026-03-06',
    },
  };
}
