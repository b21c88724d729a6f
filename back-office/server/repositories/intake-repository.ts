// A new submission stored, filed and announced in its kiosk's status feed by ONE statement: the
// kiosk's nonce, the submission, its request (or 回访 task) and its `received` change commit
// together exactly as in a transaction, but in one round trip to the database instead of nine.
// Under load a round trip costs milliseconds of scheduling on each side, and the intake's
// throughput was the round trips, not the work.
//
// The statement also checks that the kiosk is still enabled with the secret the call was verified
// against, so the caller may verify signatures against a kiosk it looked up earlier: a kiosk
// disabled since then stores nothing here (`stale`) and the caller looks it up again.
import { iso, type Sql } from '../db/database';
import { REQUEST_COLUMNS, requestValues, type NewRequest } from './request-repository';
import type { NewSubmission } from './submission-repository';

/** What a new submission files besides itself. */
export type Filing =
  | { type: 'request'; request: NewRequest }
  | {
      type: 'follow-up';
      /** The rated request's id: linked only if this back office holds that request. */
      requestId: string | null;
      ticket: string;
      level: string;
      reasons: string[];
      dueDate: string;
    }
  | null;

export type StoreOutcome =
  /** The kiosk is unknown, disabled, or no longer has that secret: nothing was stored. */
  | { type: 'stale' }
  /** The nonce was used before: nothing was stored. */
  | { type: 'replayed' }
  /** The id is already stored (the nonce is remembered, nothing else changed). */
  | { type: 'exists' }
  | { type: 'stored'; receivedAt: string };

export interface NewIntake {
  secret: string;
  nonce: string;
  /** The change id of the `received` status change. */
  changeId: string;
  submission: NewSubmission;
  filing: Filing;
}

const BASE_PARAMS = 10;

// The kiosk still enabled with the secret the call was verified against, and the call's nonce
// taken: $1 kiosk, $2 secret, $3 nonce, $4 received at (alone or a batch).
const AUTH_AND_NONCE = `
WITH auth AS (
  SELECT kiosk_id FROM kiosks WHERE kiosk_id = $1::text AND enabled AND secret = $2::text
), nonce AS (
  INSERT INTO kiosk_nonces (kiosk_id, nonce, seen_at)
  SELECT kiosk_id, $3::text, $4::timestamptz FROM auth
  ON CONFLICT DO NOTHING RETURNING kiosk_id
)`;

// Parameters: $1 kiosk, $2 secret, $3 nonce, $4 received at, $5 id, $6 kind, $7 created at,
// $8 body SHA-256, $9 body, $10 change id; a filing's own from $11.
const HEAD = `${AUTH_AND_NONCE}, sub AS (
  INSERT INTO submissions (id, kiosk_id, kind, created_at, received_at, body_sha256, body)
  SELECT $5::uuid, kiosk_id, $6::text, $7::timestamptz, $4::timestamptz, $8::text, $9::jsonb
  FROM nonce
  ON CONFLICT (id) DO NOTHING RETURNING received_at
), seq AS (
  -- Taking the kiosk's next feed number locks its row until the commit (see nextChangeSeq).
  UPDATE kiosks SET change_seq = change_seq + 1,
    last_seen_at = greatest(last_seen_at, $4::timestamptz)
  WHERE kiosk_id = $1::text AND EXISTS (SELECT 1 FROM sub) RETURNING change_seq
), change AS (
  INSERT INTO status_changes
    (kiosk_id, seq, change_id, submission_id, kind, status, note, verdict, at, actor)
  SELECT $1::text, change_seq, $10::text, $5::uuid, $6::text, 'received', NULL, NULL,
    $4::timestamptz, 'intake'
  FROM seq RETURNING seq
)`;

const TAIL = `
SELECT EXISTS (SELECT 1 FROM auth) AS known, EXISTS (SELECT 1 FROM nonce) AS fresh,
  (SELECT received_at FROM sub) AS received_at`;

// A cancel notice that came first closes the request as it is filed (as fileRequest does).
const CANCEL_AWARE: Record<string, (p: string) => string> = {
  status: (p) => `CASE WHEN c.request_id IS NULL THEN ${p}::text ELSE 'cancelled' END`,
  status_at: (p) => `coalesce(c.cancelled_at, ${p}::timestamptz)`,
  closed_at: (p) => `coalesce(c.cancelled_at, ${p}::timestamptz)`,
};

const REQUEST_FILING = `, filed AS (
  INSERT INTO requests (${REQUEST_COLUMNS.map(([c]) => c).join(', ')})
  SELECT ${REQUEST_COLUMNS.map(([c, type], i) => {
    const p = `$${BASE_PARAMS + i + 1}`;
    return CANCEL_AWARE[c]?.(p) ?? `${p}::${type}`;
  }).join(', ')}
  FROM sub LEFT JOIN request_cancels c ON c.request_id = $5::uuid
  RETURNING 1
)`;

const FOLLOW_UP_FILING = `, filed AS (
  INSERT INTO follow_ups (rating_id, request_id, ticket, kiosk_id, level, reasons, opened_at, due_date)
  SELECT $5::uuid, (SELECT r.id FROM requests r WHERE r.id = $11::uuid), $12::text, $1::text,
    $13::text, $14::text[], $4::timestamptz, $15::date
  FROM sub
  ON CONFLICT (rating_id) DO NOTHING RETURNING 1
)`;

const STATEMENTS = {
  none: HEAD + TAIL,
  request: HEAD + REQUEST_FILING + TAIL,
  'follow-up': HEAD + FOLLOW_UP_FILING + TAIL,
};

/** Stores a submission not seen before with everything it files, in one statement. */
export async function storeNewSubmission(sql: Sql, n: NewIntake): Promise<StoreOutcome> {
  const s = n.submission;
  const base: unknown[] = [
    s.kioskId,
    n.secret,
    n.nonce,
    s.receivedAt,
    s.id,
    s.kind,
    s.createdAt,
    s.bodySha256,
    s.bodyJson ?? JSON.stringify(s.body),
    n.changeId,
  ];
  const f = n.filing;
  const [which, params]: [keyof typeof STATEMENTS, unknown[]] =
    f === null
      ? ['none', base]
      : f.type === 'request'
        ? ['request', [...base, ...requestValues(f.request)]]
        : ['follow-up', [...base, f.requestId, f.ticket, f.level, f.reasons, f.dueDate]];
  // Named, so each connection parses and plans it once: doing so at every call was about a fifth
  // of the server's CPU per submission.
  const r = await sql.query<{ known: boolean; fresh: boolean; received_at: Date | null }>(
    STATEMENTS[which],
    params,
    { name: `intake-${which}` },
  );
  const row = r.rows[0];
  if (!row?.known) return { type: 'stale' };
  if (!row.fresh) return { type: 'replayed' };
  if (row.received_at === null) return { type: 'exists' };
  return { type: 'stored', receivedAt: iso(row.received_at) };
}

/** True when the kiosk is enabled and has this secret (checked in the caller's transaction). */
export async function kioskStillValid(sql: Sql, kioskId: string, secret: string): Promise<boolean> {
  const r = await sql.query(
    'SELECT 1 FROM kiosks WHERE kiosk_id = $1 AND enabled AND secret = $2',
    [kioskId, secret],
  );
  return r.rows.length > 0;
}

// ---- several submissions in one statement ------------------------------------------------------
//
// A kiosk's batch: the nonce once, every new item, its filing and its `received` change, in ONE
// statement whatever the number of items. The items travel as JSON documents read by
// json(b)_to_recordset, so the statement is the same text for any batch (named: planned once per
// connection) and costs one round trip. What a batch must guarantee, item by item, is what
// storeNewSubmission guarantees: the kiosk checked, the nonce once, each id stored once (an id
// already stored is skipped, and the caller counts it as a resend), its filing, and one feed number
// per stored item, numbered in the order sent without gaps (one UPDATE of the kiosk's row takes
// as many numbers as there are new items, and locks the row until the commit, as nextChangeSeq).

/** One item of a batch, new or not: `n` is its place in the batch. */
export interface NewBatchItem {
  n: number;
  changeId: string;
  submission: Omit<NewSubmission, 'kioskId' | 'receivedAt'>;
  filing: Filing;
}

export interface NewBatch {
  kioskId: string;
  secret: string;
  nonce: string;
  receivedAt: string;
  items: NewBatchItem[];
}

export type BatchStoreOutcome =
  | { type: 'stale' }
  | { type: 'replayed' }
  /** The ids stored by this statement; the others were already stored. */
  | { type: 'stored'; stored: Set<string> };

// Parameters: $1 kiosk, $2 secret, $3 nonce, $4 received at, then three JSON arrays: $5 the items,
// $6 their requests (REQUEST_COLUMNS by name), $7 their 回访 tasks. The items are read as jsonb,
// whose bodies are stored as they are parsed; the others, only read into columns, as json, which
// the database does not build into a document (sorting each request's 32 keys) first.
const BATCH = `${AUTH_AND_NONCE}, item AS (
  SELECT * FROM jsonb_to_recordset($5::jsonb) AS x(n integer, id uuid, kind text,
    created_at timestamptz, body_sha256 text, body jsonb, change_id text)
), sub AS (
  -- In id order: two batches that share ids wait for each other in one order, never in a cycle.
  INSERT INTO submissions (id, kiosk_id, kind, created_at, received_at, body_sha256, body)
  SELECT i.id, nonce.kiosk_id, i.kind, i.created_at, $4::timestamptz, i.body_sha256, i.body
  FROM item i CROSS JOIN nonce ORDER BY i.id
  ON CONFLICT (id) DO NOTHING RETURNING id
), stored AS (
  SELECT i.n, i.id, i.kind, i.change_id, row_number() OVER (ORDER BY i.n) AS k
  FROM item i JOIN sub USING (id)
), seq AS (
  UPDATE kiosks SET change_seq = change_seq + (SELECT count(*) FROM stored),
    last_seen_at = greatest(last_seen_at, $4::timestamptz)
  WHERE kiosk_id = $1::text AND EXISTS (SELECT 1 FROM stored) RETURNING change_seq
), change AS (
  INSERT INTO status_changes
    (kiosk_id, seq, change_id, submission_id, kind, status, note, verdict, at, actor)
  SELECT $1::text, seq.change_seq - (SELECT count(*) FROM stored) + s.k, s.change_id, s.id,
    s.kind, 'received', NULL, NULL, $4::timestamptz, 'intake'
  FROM stored s CROSS JOIN seq
), filed AS (
  INSERT INTO requests (${REQUEST_COLUMNS.map(([c]) => c).join(', ')})
  SELECT ${REQUEST_COLUMNS.map(([c]) => CANCEL_AWARE[c]?.(`r.${c}`) ?? `r.${c}`).join(', ')}
  FROM json_to_recordset($6::json)
    AS r(${REQUEST_COLUMNS.map(([c, type]) => `${c} ${type}`).join(', ')})
  JOIN sub ON sub.id = r.id
  LEFT JOIN request_cancels c ON c.request_id = r.id
  RETURNING id
), followed AS (
  -- The rated request is linked if it was stored before, or earlier in this batch (as when the
  -- items come one by one).
  INSERT INTO follow_ups (rating_id, request_id, ticket, kiosk_id, level, reasons, opened_at, due_date)
  SELECT f.rating_id,
    coalesce((SELECT q.id FROM requests q WHERE q.id = f.request_id),
      (SELECT fr.id FROM filed fr JOIN item ri ON ri.id = fr.id
       WHERE fr.id = f.request_id AND ri.n < f.n)),
    f.ticket, $1::text, f.level, f.reasons, $4::timestamptz, f.due_date
  FROM json_to_recordset($7::json) AS f(n integer, rating_id uuid, request_id uuid, ticket text,
    level text, reasons text[], due_date date)
  JOIN sub ON sub.id = f.rating_id
  ON CONFLICT (rating_id) DO NOTHING RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM auth) AS known, EXISTS (SELECT 1 FROM nonce) AS fresh,
  (SELECT coalesce(array_agg(id::text), '{}') FROM sub) AS stored`;

/**
 * A request as json_to_recordset reads it: its columns by name, those that are null left out (read
 * as null all the same): less JSON to write and for the database to read.
 */
function requestRecord(r: NewRequest): Record<string, unknown> {
  const values = requestValues(r);
  const out: Record<string, unknown> = {};
  for (const [i, [column]] of REQUEST_COLUMNS.entries()) {
    const v = values[i];
    if (v !== null && v !== undefined) out[column] = v;
  }
  return out;
}

/**
 * Stores the new items of a batch (none may be a cancel notice) with everything they file, in one
 * statement. Items of kinds that file nothing carry `filing: null`.
 */
export async function storeNewBatch(sql: Sql, b: NewBatch): Promise<BatchStoreOutcome> {
  // The bodies, the bulk of the items, are spliced in as serialized already (when they are).
  const items = `[${b.items
    .map((x) => {
      const head = JSON.stringify({
        n: x.n,
        id: x.submission.id,
        kind: x.submission.kind,
        created_at: x.submission.createdAt,
        body_sha256: x.submission.bodySha256,
        change_id: x.changeId,
      });
      const body = x.submission.bodyJson ?? JSON.stringify(x.submission.body);
      return `${head.slice(0, -1)},"body":${body}}`;
    })
    .join(',')}]`;
  const requests: Record<string, unknown>[] = [];
  const followUps: Record<string, unknown>[] = [];
  for (const x of b.items) {
    const f = x.filing;
    if (f?.type === 'request') {
      requests.push(requestRecord(f.request));
    } else if (f?.type === 'follow-up')
      followUps.push({
        n: x.n,
        rating_id: x.submission.id,
        request_id: f.requestId,
        ticket: f.ticket,
        level: f.level,
        reasons: f.reasons,
        due_date: f.dueDate,
      });
  }
  const r = await sql.query<{ known: boolean; fresh: boolean; stored: string[] }>(
    BATCH,
    [
      b.kioskId,
      b.secret,
      b.nonce,
      b.receivedAt,
      items,
      JSON.stringify(requests),
      JSON.stringify(followUps),
    ],
    { name: 'intake-batch' },
  );
  const row = r.rows[0];
  if (!row?.known) return { type: 'stale' };
  if (!row.fresh) return { type: 'replayed' };
  return { type: 'stored', stored: new Set(row.stored) };
}
