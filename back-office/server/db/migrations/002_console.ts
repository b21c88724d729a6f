// The department console: staff accounts and their sessions, the audit of phone numbers shown in
// full, 督办 marks, 回访 tasks, the notification outbox, a row version on requests (two people
// acting on one request: one wins, the other is told), and the indexes the console's queue and
// reports need on a table of millions of requests.
export default `
-- Staff of the departments and the center. Passwords as scrypt strings (scrypt$N$r$p$salt$key).
-- failed_count and locked_until are updated in single statements, so concurrent wrong passwords
-- are all counted: the fifth locks the account for 15 minutes.
CREATE TABLE staff_users (
  username text PRIMARY KEY CHECK (username ~ '^[a-z0-9][a-z0-9._-]{1,31}$'),
  role text NOT NULL CHECK (role IN ('dispatcher', 'handler', 'supervisor', 'admin')),
  department text CHECK (department IS NULL OR length(department) BETWEEN 1 AND 80),
  password_hash text NOT NULL,
  failed_count integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  created_at timestamptz NOT NULL,
  disabled_at timestamptz,
  CHECK (role <> 'handler' OR department IS NOT NULL)
);

-- Console sessions: the cookie carries a random token, stored here as SHA-256; csrf is the
-- token the console sends back in a header with every change.
CREATE TABLE staff_sessions (
  token_sha256 text PRIMARY KEY,
  username text NOT NULL REFERENCES staff_users (username) ON DELETE CASCADE,
  csrf text NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX staff_sessions_expires ON staff_sessions (expires_at);

-- Every time an applicant's full phone number was shown: who, when, which request.
CREATE TABLE phone_reveals (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at timestamptz NOT NULL,
  username text NOT NULL,
  request_id uuid NOT NULL REFERENCES requests (id),
  ticket text NOT NULL
);
CREATE INDEX phone_reveals_request ON phone_reveals (request_id, at);
CREATE INDEX phone_reveals_at ON phone_reveals (at);

-- 督办: a supervisor presses a department on a request.
CREATE TABLE supervisions (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  request_id uuid NOT NULL REFERENCES requests (id),
  at timestamptz NOT NULL,
  username text NOT NULL,
  note text NOT NULL CHECK (length(note) BETWEEN 1 AND 500)
);
CREATE INDEX supervisions_request ON supervisions (request_id, at);
CREATE INDEX supervisions_at ON supervisions (at);

-- 回访: opened by a rating of unsatisfied or very unsatisfied, due in working days, closed with
-- the visit's outcome.
CREATE TABLE follow_ups (
  rating_id uuid PRIMARY KEY REFERENCES submissions (id),
  request_id uuid,
  ticket text NOT NULL,
  kiosk_id text NOT NULL,
  level text NOT NULL,
  reasons text[] NOT NULL DEFAULT '{}',
  opened_at timestamptz NOT NULL,
  due_date date NOT NULL,
  closed_at timestamptz,
  closed_by text,
  outcome text CHECK (outcome IS NULL OR length(outcome) <= 500)
);
CREATE INDEX follow_ups_open ON follow_ups (due_date) WHERE closed_at IS NULL;

-- What the applicant is told (受理, 补正, 办结, 退回): the ticket and the status only; the
-- recipient is read from the request when the message is sent, so retention purges it. Every
-- message stays here: sent, waiting for its next try, or failed (visible, retried by hand).
CREATE TABLE notifications (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  request_id uuid NOT NULL REFERENCES requests (id),
  ticket text NOT NULL,
  action text NOT NULL,
  text text NOT NULL,
  created_at timestamptz NOT NULL,
  state text NOT NULL CHECK (state IN ('pending', 'held', 'sent', 'failed', 'no-recipient')),
  channel text,
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz,
  last_error text,
  sent_at timestamptz
);
CREATE INDEX notifications_due ON notifications (next_attempt_at) WHERE state = 'pending';
CREATE INDEX notifications_created ON notifications (created_at);

-- The row version: every update of a request moves it on, whoever makes it (console, admin API,
-- intake, jobs); the console sends the version it showed and is told when it is stale.
ALTER TABLE requests ADD COLUMN version integer NOT NULL DEFAULT 0;
CREATE FUNCTION requests_next_version() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  NEW.version := OLD.version + 1;
  RETURN NEW;
END
$fn$;
CREATE TRIGGER requests_version BEFORE UPDATE ON requests
  FOR EACH ROW EXECUTE FUNCTION requests_next_version();

-- The console's queue: open requests by promised date, for everyone or one department; then
-- every request (closed ones too) the same way; and the reports by arrival.
CREATE INDEX requests_console_open ON requests (due_date, received_at, id) WHERE closed_at IS NULL;
CREATE INDEX requests_console_open_dept ON requests (department, due_date, received_at, id)
  WHERE closed_at IS NULL;
CREATE INDEX requests_console_dept ON requests (department, due_date, received_at, id);
CREATE INDEX requests_console_all ON requests (due_date, received_at, id);
CREATE INDEX requests_received ON requests (received_at);
CREATE INDEX requests_completed_at ON requests (closed_at) WHERE status = 'completed';
CREATE INDEX submissions_kind_received ON submissions (kind, received_at);
`;
