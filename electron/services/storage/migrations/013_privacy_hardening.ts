// Security and privacy hardening:
// - pin_attempts: wrong staff PINs and lockouts per typed staff id, so that a restart does not
//   reset them and lockouts grow (locked_until is epoch milliseconds).
// - requests.submit_hash: the fingerprint of what was submitted under a request id, so that the
//   same submission after a crash gets its ticket back and a different one under the id is refused.
// - requests.track_code: the receipt's per-ticket tracking code (printed, and in the receipt QR):
//   without it, tracking shows status and dates only and the ticket cannot be rated.
// - audit_log.note_ref: the audit log refers to a note (`event:<request_events.seq>` or
//   `follow-up:<follow_ups.id>`) instead of copying staff's free text, so the retention purge of
//   the note removes it everywhere. Rows written before are rewritten once to that form (the
//   append-only trigger is lifted for this statement only and put back as it was).
// - Requests purged under the earlier, narrower rule are marked due again, so the next purge also
//   clears their notes.
export default `
PRAGMA secure_delete = ON;

CREATE TABLE pin_attempts (
  staff_id TEXT PRIMARY KEY,
  failures INTEGER NOT NULL DEFAULT 0 CHECK (failures >= 0),
  lockouts INTEGER NOT NULL DEFAULT 0 CHECK (lockouts >= 0),
  locked_until INTEGER NOT NULL DEFAULT 0,
  updated_at TEXT NOT NULL
);
CREATE INDEX pin_attempts_updated ON pin_attempts(updated_at);

ALTER TABLE requests ADD COLUMN submit_hash TEXT;
ALTER TABLE requests ADD COLUMN track_code TEXT;

ALTER TABLE audit_log ADD COLUMN note_ref TEXT;

DROP TRIGGER audit_log_no_update;

UPDATE audit_log SET
  note_ref = (SELECT 'event:' || MAX(e.seq) FROM request_events e
    WHERE e.request_id = audit_log.request_id AND e.status = 'cancelled'
      AND instr(audit_log.detail, ': ' || e.note) > 0),
  detail = substr(detail, 1, instr(detail, ': ') - 1)
WHERE action = 'cancel-request' AND instr(detail, ': ') > 0;

UPDATE audit_log SET
  note_ref = (SELECT 'event:' || MAX(e.seq) FROM request_events e
    WHERE e.request_id = audit_log.request_id AND e.at = audit_log.at
      AND instr(audit_log.detail, ': ' || e.note) > 0),
  detail = substr(detail, 1,
    instr(detail, ': ') + instr(substr(detail, instr(detail, ': ') + 2), ': '))
WHERE action = 'set-request-status'
  AND instr(substr(detail, instr(detail, ': ') + 2), ': ') > 0;

UPDATE audit_log SET
  note_ref = (SELECT 'follow-up:' || f.id FROM follow_ups f
    WHERE f.request_id = audit_log.request_id AND f.closed_at = audit_log.at),
  detail = substr(detail, 1, instr(detail, ': ') - 1) || COALESCE(' (回访 ' ||
    (SELECT f.verdict FROM follow_ups f
      WHERE f.request_id = audit_log.request_id AND f.closed_at = audit_log.at) || ')', '')
WHERE action = 'close-follow-up' AND instr(detail, ': ') > 0;

UPDATE audit_log SET
  note_ref = (SELECT 'event:' || MAX(e.seq) FROM request_events e
    WHERE e.request_id = audit_log.request_id AND e.at = audit_log.at AND e.status = 'follow-up'
      AND instr(audit_log.detail, ' — ' || e.note) > 0),
  detail = substr(detail, 1, instr(detail, ' — ') - 1)
WHERE action = 'record-follow-up' AND instr(detail, ' — ') > 0;

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;

UPDATE requests SET personal_purged_at = NULL WHERE personal_purged_at IS NOT NULL;
`;
