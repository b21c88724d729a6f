// 好差评 (issue 10): one row per rating — the ticket, its kind, bundle and board, the occasion
// (after the submission, or when tracking shows it completed), the level and the reasons ticked.
// No personal data: nothing of the applicant or the contact. One rating per ticket per occasion.
// `week` is the Monday of the center's local date, so that weekly sums are one GROUP BY.
// A low rating (不满意, 非常不满意) opens a follow-up item for the center (回访待办), closed by staff
// with a note (audited). No foreign keys to `requests`: requests are never deleted, and a later
// rebuild of `requests` need not rebuild these tables too.
export default `
CREATE TABLE ratings (
  id TEXT PRIMARY KEY,
  request_id TEXT NOT NULL,
  ticket TEXT NOT NULL,
  request_kind TEXT NOT NULL CHECK (request_kind IN ('bundle', 'consultation', 'appeal')),
  bundle_id TEXT,
  board TEXT NOT NULL,
  occasion TEXT NOT NULL CHECK (occasion IN ('submission', 'completion')),
  level TEXT NOT NULL CHECK (level IN ('very-satisfied', 'satisfied', 'basically-satisfied', 'unsatisfied', 'very-unsatisfied')),
  score INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
  reasons TEXT NOT NULL DEFAULT '[]',
  rated_at TEXT NOT NULL,
  rated_date TEXT NOT NULL,
  week TEXT NOT NULL,
  sent_at TEXT,
  UNIQUE (request_id, occasion)
);
CREATE INDEX ratings_rated_at ON ratings(rated_at);
CREATE INDEX ratings_week ON ratings(week);

CREATE TABLE follow_ups (
  id TEXT PRIMARY KEY,
  rating_id TEXT NOT NULL UNIQUE,
  request_id TEXT NOT NULL,
  ticket TEXT NOT NULL,
  board TEXT NOT NULL,
  occasion TEXT NOT NULL,
  level TEXT NOT NULL,
  reasons TEXT NOT NULL DEFAULT '[]',
  opened_at TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'closed')),
  closed_at TEXT,
  closed_by TEXT,
  note TEXT,
  verdict TEXT
);
CREATE INDEX follow_ups_state_opened ON follow_ups(state, opened_at);
`;
