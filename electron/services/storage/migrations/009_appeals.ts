// 诉求 (兜底办, issue 10): requests of a third kind, `appeal`, with their category, the prepared
// description chosen and the typed text. SQLite cannot change a CHECK constraint in place, so
// `requests` is rebuilt with 'appeal' allowed (the documented create-copy-drop-rename procedure);
// `request_events` is rebuilt beside it because its foreign key names `requests` and foreign keys
// stay on during migrations. Rows, sequence numbers and indexes are carried over unchanged.
// `SELECT *` copies every column by position: a migration that added columns to either table
// before this one makes the copy fail loudly rather than lose them.
// appeal_text is personal-ish (free text may name people or numbers): the retention purge sets it
// to NULL with the contact fields; appeal_category and appeal_topic stay for statistics.
export default `
CREATE TABLE requests_v9 (
  id TEXT PRIMARY KEY,
  ticket TEXT NOT NULL UNIQUE,
  ticket_date TEXT NOT NULL,
  ticket_seq INTEGER NOT NULL CHECK (ticket_seq >= 1),
  created_at TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('bundle', 'consultation', 'appeal')),
  bundle_id TEXT,
  measure_no INTEGER,
  title TEXT NOT NULL,
  board TEXT NOT NULL,
  routing TEXT NOT NULL,
  services TEXT NOT NULL,
  answers TEXT NOT NULL DEFAULT '{}',
  audience TEXT NOT NULL CHECK (audience IN ('anonymous', 'public', 'enterprise', 'staff')),
  verified INTEGER NOT NULL CHECK (verified IN (0, 1)),
  founder INTEGER NOT NULL DEFAULT 0 CHECK (founder IN (0, 1)),
  uscc TEXT,
  enterprise_name TEXT,
  contact_phone TEXT,
  contact_name TEXT,
  assisted_by TEXT,
  promise TEXT NOT NULL,
  due_date TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'submitted',
  status_at TEXT NOT NULL,
  closed_at TEXT,
  sent_at TEXT,
  personal_purged_at TEXT
);
INSERT INTO requests_v9 SELECT * FROM requests;

CREATE TABLE request_events_v9 (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  request_id TEXT NOT NULL REFERENCES requests_v9(id),
  at TEXT NOT NULL,
  status TEXT NOT NULL,
  note TEXT,
  verdict TEXT,
  source TEXT NOT NULL CHECK (source IN ('kiosk', 'back-office', 'guide')),
  staff_id TEXT,
  change_id TEXT UNIQUE
);
INSERT INTO request_events_v9 SELECT * FROM request_events;

DROP TABLE request_events;
DROP TABLE requests;
-- Renaming carries request_events_v9's foreign key over to the new name.
ALTER TABLE requests_v9 RENAME TO requests;
ALTER TABLE request_events_v9 RENAME TO request_events;

CREATE UNIQUE INDEX requests_ticket_day_seq ON requests(ticket_date, ticket_seq);
CREATE INDEX requests_created ON requests(created_at);
CREATE INDEX requests_uscc ON requests(uscc, created_at);
CREATE INDEX requests_closed ON requests(closed_at);
CREATE INDEX request_events_request ON request_events(request_id, seq);

ALTER TABLE requests ADD COLUMN appeal_category TEXT;
ALTER TABLE requests ADD COLUMN appeal_topic TEXT;
ALTER TABLE requests ADD COLUMN appeal_text TEXT;
CREATE INDEX requests_kind_created ON requests(kind, created_at);
`;
