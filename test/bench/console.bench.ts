// `npm run bench -- console [--database postgres://…] [--requests N]`: the department console on a
// full database. Generates N requests (1,000,000 on PostgreSQL — given by --database or
// BACK_OFFICE_TEST_DATABASE_URL, in a fresh database made for the run — else 100,000 on PGlite)
// with generate_series: a year of arrivals over 20 kiosks in 13 towns and 10 departments, the last
// three weeks still open, and a rating for one request in twenty. Then, through the console API
// over HTTP as the browser calls it: opening a page of the queue (a handler's own queue, everyone's,
// overdue, due today, by board, by town, and the next page) and building the daily, weekly and
// monthly reports; p95 of each. Aim: queue p95 under 200 ms at 1,000,000 requests.
import { parseArgs } from 'node:util';
import { startBackOffice } from '../../back-office/server/app';
import type { Database } from '../../back-office/server/db/database';
import { prepareDatabase } from '../../back-office/server/db/open';
import { openPglite } from '../../back-office/server/db/pglite';
import { openPostgres } from '../../back-office/server/db/postgres';
import { loadCenterRules } from '../../back-office/server/intake/center-rules';
import { addStaffUser } from '../../back-office/server/staff/sign-in';
import { BOARD_IDS } from '../../electron/domain/boards';
import { wallClock } from '../../electron/services/calendar/wall-clock';
import { createMemoryLogger } from '../../electron/services/logger';
import { percentile, printSummary, round } from './lib';
import { freshDatabase } from './postgres-bench';

const { values } = parseArgs({
  options: { database: { type: 'string' }, requests: { type: 'string' } },
});
const SERVER_URL = values.database ?? process.env.BACK_OFFICE_TEST_DATABASE_URL ?? null;
const N = Number(values.requests ?? (SERVER_URL ? 1_000_000 : 100_000));
const BATCH = 100_000;
const say = (s: string) => process.stdout.write(s + '\n');

const TOWNS = [
  '武康街道',
  '舞阳街道',
  '阜溪街道',
  '下渚湖街道',
  '乾元镇',
  '新市镇',
  '洛舍镇',
  '钟管镇',
  '禹越镇',
  '新安镇',
  '雷甸镇',
  '莫干山镇',
  '康乾街道',
];
const DEPARTMENTS = [
  '县市场监管局',
  '县税务局',
  '县人力社保局',
  '县公安局',
  '县自然资源和规划局',
  '县建设局',
  '县发改局',
  '县金融办',
  '县医保局',
  '县企业综合服务中心',
];
const KIOSKS = 20;

const log = createMemoryLogger();
const fresh = SERVER_URL ? await freshDatabase(SERVER_URL, 'console') : null;
const db: Database = fresh
  ? await openPostgres({ url: fresh.url, log, poolSize: 10 })
  : await openPglite(null);
await prepareDatabase(db, new Date().toISOString());
const engine = fresh ? 'postgresql' : 'pglite';
say(`console bench on ${engine}: generating ${N.toLocaleString('en')} requests…`);

const now = Date.now();
const genStarted = Date.now();
for (let k = 0; k < KIOSKS; k++)
  await db.query(
    `INSERT INTO kiosks (kiosk_id, secret, name, town, created_at, last_seen_at) VALUES ($1, $2, $3, $4, $5, $5)`,
    [
      `DQ${String(k + 1).padStart(2, '0')}`,
      'x'.repeat(40),
      `终端 ${k + 1}`,
      TOWNS[k % TOWNS.length],
      new Date(now).toISOString(),
    ],
  );
// A year of arrivals, newest first: request g arrived g × (a year / N) before now.
const spacingSeconds = Math.max(1, Math.floor((365 * 86400) / N));
const OPEN_DAYS = 21;
for (let from = 1; from <= N; from += BATCH) {
  const to = Math.min(N, from + BATCH - 1);
  await db.transaction(async (tx) => {
    // A bulk load: the service's per-statement limit is for calls, not for this.
    if (engine === 'postgresql') await tx.query('SET LOCAL statement_timeout = 0');
    const params = [from, to, new Date(now).toISOString(), spacingSeconds, KIOSKS];
    await tx.query(
      `INSERT INTO submissions (id, kiosk_id, kind, created_at, received_at, body_sha256, body)
       SELECT md5('r' || g)::uuid, 'DQ' || lpad((1 + g % $5)::text, 2, '0'), 'request', t, t, md5(g::text), '{}'::jsonb
       FROM generate_series($1::int, $2::int) g,
            LATERAL (SELECT $3::timestamptz - g * make_interval(secs => $4)) x(t)`,
      params,
    );
    await tx.query(
      `INSERT INTO requests (id, kiosk_id, ticket, kind, title, bundle_id, board, board_name,
         lead_departments, department, routed_by, working_days, counts_from, due_date,
         calendar_certain, status, status_at, closed_at, created_at, received_at, verified,
         contact_phone)
       SELECT md5('r' || g)::uuid, 'DQ' || lpad((1 + g % $5)::text, 2, '0'),
         'DQ' || lpad((1 + g % $5)::text, 2, '0') || '-' || to_char(t AT TIME ZONE 'Asia/Shanghai', 'YYYYMMDD') || '-' || lpad((1 + (g / $5) % 9999)::text, 4, '0'),
         'bundle', '企业开办', 'business-startup', ($6::text[])[1 + g % 9], '项目服务板块',
         ARRAY[($7::text[])[1 + g % 10]], ($7::text[])[1 + g % 10], 'catalog', 5,
         (t AT TIME ZONE 'Asia/Shanghai')::date, (t AT TIME ZONE 'Asia/Shanghai')::date + 7, true,
         CASE WHEN open THEN (ARRAY['received', 'accepted', 'in-progress'])[1 + g % 3] ELSE 'completed' END,
         t, CASE WHEN open THEN NULL ELSE t + make_interval(days => g % 10) END, t, t, false,
         '138' || lpad((g % 100000000)::text, 8, '0')
       FROM generate_series($1::int, $2::int) g,
            LATERAL (SELECT $3::timestamptz - g * make_interval(secs => $4)) x(t),
            LATERAL (SELECT t > $3::timestamptz - interval '${OPEN_DAYS} days') o(open)`,
      [...params, [...BOARD_IDS], DEPARTMENTS],
    );
    // One request in twenty rated (a tenth of those poorly).
    await tx.query(
      `INSERT INTO submissions (id, kiosk_id, kind, created_at, received_at, body_sha256, body)
       SELECT md5('v' || g)::uuid, 'DQ' || lpad((1 + g % $5)::text, 2, '0'), 'rating', t, t, md5('v' || g),
         jsonb_build_object('requestId', md5('r' || g)::uuid, 'level',
           CASE WHEN g % 200 = 0 THEN 'unsatisfied' ELSE 'satisfied' END)
       FROM generate_series($1::int, $2::int) g,
            LATERAL (SELECT $3::timestamptz - g * make_interval(secs => $4) + interval '1 day') x(t)
       WHERE g % 20 = 0`,
      params,
    );
  });
  say(`  ${to.toLocaleString('en')} requests`);
}
await db.exec('ANALYZE');
const genSeconds = (Date.now() - genStarted) / 1000;
const counts = (
  await db.query<{ n: number; open: number }>(
    'SELECT count(*)::int AS n, count(*) FILTER (WHERE closed_at IS NULL)::int AS open FROM requests',
  )
).rows[0];
say(`generated in ${genSeconds.toFixed(1)} s: ${counts?.n} requests, ${counts?.open} open`);

// ---- the console, over HTTP ------------------------------------------------------------------
const rules = loadCenterRules(null, log);
const service = await startBackOffice({ db, rules, log, jobTickMs: false });
const PASSWORD = 'bench-password-123';
for (const [username, role, department] of [
  ['handler', 'handler', DEPARTMENTS[0]],
  ['dispatcher', 'dispatcher', null],
] as const)
  await addStaffUser(db, {
    username,
    role,
    department: department ?? null,
    password: PASSWORD,
    actor: 'bench',
    now: new Date().toISOString(),
  });

async function signIn(username: string): Promise<string> {
  const res = await fetch(`${service.url}/console-api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  if (!res.ok) throw new Error(`sign-in failed: ${res.status}`);
  return (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}
const cookies = { handler: await signIn('handler'), dispatcher: await signIn('dispatcher') };

async function timed(
  who: keyof typeof cookies,
  path: string,
): Promise<{ ms: number; json: unknown }> {
  const t0 = performance.now();
  const res = await fetch(`${service.url}/console-api/${path}`, {
    headers: { cookie: cookies[who] },
  });
  const json: unknown = await res.json();
  const ms = performance.now() - t0;
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status} ${JSON.stringify(json)}`);
  return { ms, json };
}

const nextCursor = ((await timed('dispatcher', 'queue?limit=50')).json as { next: string | null })
  .next;
const QUEUE_CALLS: [keyof typeof cookies, string][] = [
  ['handler', 'queue?limit=50'],
  ['dispatcher', 'queue?limit=50'],
  ['dispatcher', 'queue?limit=50&due=overdue'],
  ['dispatcher', 'queue?limit=50&due=today'],
  ['dispatcher', 'queue?limit=50&board=policy'],
  ['dispatcher', `queue?limit=50&town=${encodeURIComponent(TOWNS[3] as string)}`],
  [
    'dispatcher',
    `queue?limit=50&department=${encodeURIComponent(DEPARTMENTS[4] as string)}&status=all`,
  ],
  ['handler', `queue?limit=50&status=completed`],
  ['dispatcher', `queue?limit=50&after=${nextCursor ?? ''}`],
];
// Warm-up, then measured rounds.
for (const [who, p] of QUEUE_CALLS) await timed(who, p);
const queueMs: number[] = [];
const ROUNDS = 30;
for (let i = 0; i < ROUNDS; i++)
  for (const [who, p] of QUEUE_CALLS) queueMs.push((await timed(who, p)).ms);
const perCall = QUEUE_CALLS.map(([who, p], i) => ({
  call: `${who} ${p.replace(/after=[^&]+/, 'after=…')}`,
  p95: round(
    percentile(
      queueMs.filter((_, j) => j % QUEUE_CALLS.length === i),
      95,
    ),
    1,
  ),
}));
for (const c of perCall) say(`  queue ${c.call}: p95 ${c.p95} ms`);

const today = wallClock(new Date(), rules.timeZone).date;
const lastMonth = new Date(Date.now() - 40 * 86400_000).toISOString().slice(0, 10);
const REPORTS = [
  `reports?period=day&date=${today}`,
  `reports?period=week&date=${today}`,
  `reports?period=month&date=${today}`,
  `reports?period=month&date=${lastMonth}`,
];
for (const p of REPORTS) await timed('dispatcher', p);
const reportMs: number[] = [];
for (let i = 0; i < 8; i++)
  for (const p of REPORTS) reportMs.push((await timed('dispatcher', p)).ms);
REPORTS.forEach((p, i) =>
  say(
    `  ${p}: p95 ${round(
      percentile(
        reportMs.filter((_, j) => j % REPORTS.length === i),
        95,
      ),
      1,
    )} ms`,
  ),
);

const queueP95 = round(percentile(queueMs, 95), 1);
const reportP95 = round(percentile(reportMs, 95), 1);
say(
  `queue page p95 ${queueP95} ms over ${queueMs.length} calls (aim: under 200 ms); report p95 ${reportP95} ms over ${reportMs.length}`,
);
await service.close();
await db.close();
await fresh?.drop();
printSummary({
  requests: counts?.n ?? 0,
  open: counts?.open ?? 0,
  queue_p95_ms: queueP95,
  report_p95_ms: reportP95,
  generate_s: round(genSeconds, 1),
  database: engine,
});
