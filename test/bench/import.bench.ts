// `npm run bench -- import`: 10,000 enterprise profiles in one CSV file (every optional column
// filled, two licences and a received benefit each, 1% bad rows), imported as a single-site kiosk
// does it: read and validate the file, then store every profile in one transaction into a real
// kiosk database (a durable generation written), then the same file again (idempotent: nothing
// stored). The goal is under 5 s for the first import. Last line: {"rows", "ms", ...}.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { completeUscc } from '../../electron/domain/credit-code';
import { loadCatalog } from '../../electron/services/catalog/load';
import { applyProfiles } from '../../electron/services/enterprises/enterprise-service';
import { importContextOf } from '../../electron/services/enterprises/import-context';
import { parseImportFile } from '../../electron/services/enterprises/import-file';
import { createMemoryLogger } from '../../electron/services/logger';
import { openDatabase } from '../../electron/services/storage/database';
import { MIGRATIONS } from '../../electron/services/storage/migrations/index';
import { printSummary, round } from './lib';

const ROWS = 10_000;
const TAGS = ['地理信息', '高新技术企业', '小微企业', '外贸', '专精特新', '车联网'];

function csv(): string {
  const lines = [
    '统一社会信用代码,企业名称,主体类型,登记状态,住所,法定代表人,行业,标签,成立日期,企业规模,注册资本（万元）,经营范围,所属镇街,证照,已享政策',
  ];
  for (let i = 0; i < ROWS; i++) {
    // Fictional: organization codes starting DQ are not issued.
    let code = completeUscc(`91330521DQ${String(i).padStart(6, '0')}`) as string;
    if (i % 100 === 99) code = code.slice(0, 17) + (code.endsWith('0') ? '1' : '0');
    lines.push(
      [
        code,
        `德清测试企业${i}有限公司`,
        '有限责任公司（自然人投资或控股）',
        '存续',
        `浙江省湖州市德清县武康街道测试路 ${i} 号`,
        '张三',
        '软件和信息技术服务业',
        `${TAGS[i % TAGS.length]}、${TAGS[(i + 1) % TAGS.length]}`,
        `20${String(10 + (i % 15))}-0${1 + (i % 9)}-1${i % 10}`,
        ['micro', 'small', 'medium', 'large'][i % 4],
        String(100 + i),
        '"一般项目：软件开发；信息技术咨询服务；地理信息加工处理"',
        ['阜溪街道', '新市镇', '武康街道'][i % 3],
        `食品经营许可证|JY${i}|2027-0${1 + (i % 9)}-15;排污许可证|PW${i}|长期`,
        `2|2025-03-${String(1 + (i % 28)).padStart(2, '0')}`,
      ].join(','),
    );
  }
  return lines.join('\n');
}

const text = csv();
const ctx = importContextOf(loadCatalog().catalog);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-import-'));
const db = await openDatabase({ dir, migrations: MIGRATIONS, log: createMemoryLogger() });
try {
  const run = async () => {
    const t0 = performance.now();
    const parsed = parseImportFile(text, ctx, { fileName: 'bench.csv' });
    const t1 = performance.now();
    const at = new Date().toISOString();
    const counts = await db.write((tx) =>
      applyProfiles(
        tx,
        parsed.profiles.map(({ profile }) => ({ profile, updatedAt: at })),
        'import',
      ),
    );
    const t2 = performance.now();
    return { parsed, counts, parseMs: t1 - t0, storeMs: t2 - t1, ms: t2 - t0 };
  };
  const first = await run();
  const second = await run();
  console.log(
    `first import: ${first.counts.imported} imported, ${first.parsed.rejected.length} rejected, ` +
      `${round(first.ms)} ms (read and validate ${round(first.parseMs)} ms, store ${round(first.storeMs)} ms)`,
  );
  console.log(
    `same file again: ${second.counts.unchanged} unchanged, ${second.counts.imported + second.counts.updated} changed, ${round(second.ms)} ms`,
  );
  printSummary({
    rows: ROWS,
    ms: round(first.ms),
    parse_ms: round(first.parseMs),
    store_ms: round(first.storeMs),
    imported: first.counts.imported,
    rejected: first.parsed.rejected.length,
    again_ms: round(second.ms),
    again_changed: second.counts.imported + second.counts.updated,
    bytes: Buffer.byteLength(text),
  });
} finally {
  await db.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
