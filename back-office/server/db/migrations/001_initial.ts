// The back office's first schema. Times are timestamptz, dates (promised days, in the center's
// time zone) are date. Personal data (contact phone and name, a 诉求's typed text) lives in
// `requests` and in the body kept in `submissions`, and is cleared by the retention job.
export default `
-- Kiosks enrolled with the back office: each signs its calls with its own secret (HMAC needs the
-- secret itself, so this table is as sensitive as a password file: protect the database and its
-- backups). change_seq numbers the kiosk's status feed; taking the next number locks the row,
-- so the feed is committed in cursor order even when several instances write it.
CREATE TABLE kiosks (
  kiosk_id text PRIMARY KEY CHECK (kiosk_id ~ '^[A-Z0-9]{2,12}$'),
  secret text NOT NULL CHECK (length(secret) >= 32),
  name text,
  town text,
  enabled boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL,
  disabled_at timestamptz,
  change_seq integer NOT NULL DEFAULT 0,
  last_seen_at timestamptz,
  last_refused_at timestamptz,
  last_refused_reason text
);

-- Nonces seen from each kiosk (replay protection), kept past the signing window, then purged.
CREATE TABLE kiosk_nonces (
  kiosk_id text NOT NULL,
  nonce text NOT NULL,
  seen_at timestamptz NOT NULL,
  PRIMARY KEY (kiosk_id, nonce)
);
CREATE INDEX kiosk_nonces_seen ON kiosk_nonces (seen_at);

-- Every submission stored exactly once by its id (the kiosk's Idempotency-Key), as received.
CREATE TABLE submissions (
  id uuid PRIMARY KEY,
  kiosk_id text NOT NULL REFERENCES kiosks (kiosk_id),
  kind text NOT NULL CHECK (kind IN ('request', 'help-call', 'rating', 'request-cancel')),
  created_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL,
  body_sha256 text NOT NULL,
  body jsonb NOT NULL,
  deliveries integer NOT NULL DEFAULT 1
);
CREATE INDEX submissions_kiosk_kind ON submissions (kiosk_id, kind, received_at);

-- Requests and 诉求 in the queue of their board and lead department, with the promised date
-- recomputed here. routed_by: 'catalog' (this back office's catalog) or 'kiosk' (the bundle or
-- category is not in it, so the kiosk's own routing is used).
CREATE TABLE requests (
  id uuid PRIMARY KEY REFERENCES submissions (id),
  kiosk_id text NOT NULL REFERENCES kiosks (kiosk_id),
  ticket text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('bundle', 'consultation', 'appeal')),
  title text NOT NULL,
  bundle_id text,
  measure_no integer,
  appeal_category text,
  board text NOT NULL,
  board_name text NOT NULL,
  module text,
  station text,
  lead_departments text[] NOT NULL,
  department text NOT NULL,
  routed_by text NOT NULL CHECK (routed_by IN ('catalog', 'kiosk')),
  catalog_version text,
  working_days integer NOT NULL,
  counts_from date NOT NULL,
  due_date date NOT NULL,
  calendar_certain boolean NOT NULL,
  kiosk_due_date date,
  status text NOT NULL CHECK (status IN ('received', 'accepted', 'in-progress', 'completed', 'returned', 'cancelled')),
  status_at timestamptz NOT NULL,
  closed_at timestamptz,
  created_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL,
  uscc text,
  enterprise_name text,
  verified boolean NOT NULL,
  contact_phone text,
  contact_name text,
  appeal_text text,
  personal_purged_at timestamptz
);
CREATE INDEX requests_ticket ON requests (ticket);
CREATE INDEX requests_queue ON requests (board, department, due_date);
CREATE INDEX requests_departments ON requests USING gin (lead_departments);
CREATE INDEX requests_open_due ON requests (due_date) WHERE closed_at IS NULL;
CREATE INDEX requests_kiosk ON requests (kiosk_id, received_at);
CREATE INDEX requests_closed ON requests (closed_at) WHERE personal_purged_at IS NULL;

-- A kiosk cancelled a request (a guide, with a reason). Kept apart so that a cancel arriving
-- before its request still applies when the request comes.
CREATE TABLE request_cancels (
  request_id uuid PRIMARY KEY,
  submission_id uuid NOT NULL REFERENCES submissions (id),
  ticket text NOT NULL,
  cancelled_at timestamptz NOT NULL,
  cancelled_by text NOT NULL,
  reason text NOT NULL
);

-- The status feed each kiosk pulls by cursor (seq within the kiosk), and each submission's
-- timeline. actor: who made the change ('intake' for received, else the admin or staff).
CREATE TABLE status_changes (
  kiosk_id text NOT NULL REFERENCES kiosks (kiosk_id),
  seq integer NOT NULL,
  change_id text NOT NULL UNIQUE,
  submission_id uuid NOT NULL REFERENCES submissions (id),
  kind text NOT NULL,
  status text NOT NULL CHECK (status IN ('received', 'accepted', 'in-progress', 'completed', 'returned', 'follow-up')),
  note text CHECK (note IS NULL OR length(note) <= 500),
  verdict text CHECK (verdict IS NULL OR verdict IN ('very-satisfied', 'satisfied', 'basically-satisfied', 'unsatisfied', 'very-unsatisfied')),
  at timestamptz NOT NULL,
  actor text NOT NULL,
  PRIMARY KEY (kiosk_id, seq),
  CHECK (status <> 'returned' OR note IS NOT NULL),
  CHECK (status <> 'follow-up' OR verdict IS NOT NULL)
);
CREATE INDEX status_changes_submission ON status_changes (submission_id, seq);

-- Heartbeats: each kiosk's health as a time series.
CREATE TABLE heartbeats (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kiosk_id text NOT NULL REFERENCES kiosks (kiosk_id),
  received_at timestamptz NOT NULL,
  kiosk_at timestamptz,
  body jsonb NOT NULL
);
CREATE INDEX heartbeats_kiosk ON heartbeats (kiosk_id, received_at DESC);
CREATE INDEX heartbeats_received ON heartbeats (received_at);

-- Bearer tokens of the admin API, stored as SHA-256 (a token is shown once, when made).
CREATE TABLE admin_tokens (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  token_sha256 text NOT NULL UNIQUE,
  label text NOT NULL,
  created_at timestamptz NOT NULL,
  revoked_at timestamptz
);

-- What administrators did (enrolment, disabling, status changes), append-only.
CREATE TABLE audit_log (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at timestamptz NOT NULL,
  actor text NOT NULL,
  action text NOT NULL,
  subject text NOT NULL,
  detail text
);
CREATE INDEX audit_log_at ON audit_log (at);

-- Periodic work shared by every instance: an instance claims a due job with
-- FOR UPDATE SKIP LOCKED, runs it in that transaction and moves next_run_at on, so each job runs
-- once per period however many instances there are.
CREATE TABLE jobs (
  name text PRIMARY KEY,
  every_seconds integer NOT NULL CHECK (every_seconds > 0),
  next_run_at timestamptz NOT NULL,
  last_run_at timestamptz,
  last_instance text,
  last_error text,
  runs integer NOT NULL DEFAULT 0
);
`;
