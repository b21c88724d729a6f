// Guide mode: help calls from the screen, and the append-only audit log of guide actions.
// (Staff PIN hashes live in <data>/staff-pins.json, written by `kioskctl set-pin`.)
export default `
CREATE TABLE help_calls (
  id TEXT PRIMARY KEY,
  at TEXT NOT NULL,
  screen TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'answered')),
  answered_at TEXT,
  answered_by TEXT
);
CREATE INDEX help_calls_state_at ON help_calls(state, at);

CREATE TABLE audit_log (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  staff_id TEXT NOT NULL,
  action TEXT NOT NULL,
  request_id TEXT,
  detail TEXT
);
CREATE INDEX audit_log_at ON audit_log(at);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
`;
