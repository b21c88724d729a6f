// The status feed: every change of a submission's status, numbered within its kiosk, which the
// kiosk pulls by cursor; also each submission's timeline.
import crypto from 'node:crypto';
import type {
  StatusChange,
  SubmissionKind,
  SubmissionStatus,
  Verdict,
} from '../../../electron/domain/sync';
import { iso, type Sql } from '../db/database';
import { nextChangeSeq } from './kiosk-repository';

export interface NewChange {
  kioskId: string;
  submissionId: string;
  kind: SubmissionKind;
  status: SubmissionStatus;
  note: string | null;
  verdict: Verdict | null;
  at: string;
  actor: string;
  /** Also the kiosk's last contact (an accepted submission), else null. */
  seenAt?: string | null;
}

export interface StoredChange extends StatusChange {
  seq: number;
  actor: string;
}

/** Appends one change to the kiosk's feed (locks the kiosk's row until the transaction ends). */
export async function appendChange(sql: Sql, c: NewChange): Promise<StoredChange> {
  const seq = await nextChangeSeq(sql, c.kioskId, c.seenAt ?? null);
  const changeId = crypto.randomUUID();
  await sql.query(
    `INSERT INTO status_changes
       (kiosk_id, seq, change_id, submission_id, kind, status, note, verdict, at, actor)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [c.kioskId, seq, changeId, c.submissionId, c.kind, c.status, c.note, c.verdict, c.at, c.actor],
  );
  return {
    seq,
    changeId,
    submissionId: c.submissionId,
    kind: c.kind,
    status: c.status,
    note: c.note,
    verdict: c.verdict,
    at: c.at,
    actor: c.actor,
  };
}

interface Row {
  seq: number;
  change_id: string;
  submission_id: string;
  kind: SubmissionKind;
  status: SubmissionStatus;
  note: string | null;
  verdict: Verdict | null;
  at: Date;
  actor: string;
}

const fromRow = (r: Row): StoredChange => ({
  seq: r.seq,
  changeId: r.change_id,
  submissionId: r.submission_id,
  kind: r.kind,
  status: r.status,
  note: r.note,
  verdict: r.verdict,
  at: iso(r.at),
  actor: r.actor,
});

const COLUMNS = 'seq, change_id, submission_id, kind, status, note, verdict, at, actor';

/** The kiosk's changes after `afterSeq`, in order; one more than `limit` tells there are more. */
export async function changesAfter(
  sql: Sql,
  kioskId: string,
  afterSeq: number,
  limit: number,
): Promise<{ changes: StoredChange[]; hasMore: boolean }> {
  const r = await sql.query<Row>(
    `SELECT ${COLUMNS} FROM status_changes WHERE kiosk_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
    [kioskId, afterSeq, limit + 1],
  );
  return { changes: r.rows.slice(0, limit).map(fromRow), hasMore: r.rows.length > limit };
}

export async function timelineOf(sql: Sql, submissionId: string): Promise<StoredChange[]> {
  const r = await sql.query<Row>(
    `SELECT ${COLUMNS} FROM status_changes WHERE submission_id = $1 ORDER BY seq`,
    [submissionId],
  );
  return r.rows.map(fromRow);
}

/** Every change, oldest first (tests and exports). */
export async function allChanges(sql: Sql): Promise<(StoredChange & { kioskId: string })[]> {
  const r = await sql.query<Row & { kiosk_id: string }>(
    `SELECT kiosk_id, ${COLUMNS} FROM status_changes ORDER BY kiosk_id, seq`,
  );
  return r.rows.map((row) => ({ ...fromRow(row), kioskId: row.kiosk_id }));
}
