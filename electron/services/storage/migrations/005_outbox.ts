// The back-office queue (issue 7): the outbox every submission goes through, the status changes
// pulled from the back office, and the sync bookkeeping (status cursor, last contact).
// Times in `*_at` TEXT columns are ISO 8601; `next_attempt_at` is epoch milliseconds so that
// "what is due" is one indexed comparison.
export default `
CREATE TABLE outbox (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  body TEXT,
  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'dead')),
  created_at TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_attempt_at TEXT,
  last_error TEXT,
  delivered_at TEXT,
  dead_at TEXT
);
CREATE INDEX outbox_state_due ON outbox(state, next_attempt_at);

CREATE TABLE sync_status_changes (
  change_id TEXT PRIMARY KEY,
  submission_id TEXT NOT NULL,
  kind TEXT,
  status TEXT NOT NULL,
  note TEXT,
  verdict TEXT,
  changed_at TEXT NOT NULL,
  pulled_at TEXT NOT NULL,
  outcome TEXT NOT NULL
);
CREATE INDEX sync_status_changes_submission ON sync_status_changes(submission_id, changed_at);

CREATE TABLE sync_state (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
`;
