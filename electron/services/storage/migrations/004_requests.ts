// Requests (issue 5): one row per 一类事 request or policy consultation, and its timeline.
// Personal fields (contact_phone, contact_name) are set to NULL `retention.personalDataDays` after
// the request was closed (closed_at); the ticket, services and statuses stay for statistics.
// JSON columns: lead_departments (string[]), services ({name, kind, department, departmentFrom}[]),
// answers ({questionId: boolean}), routing ({board, boardName, module, leadDepartments, station}),
// promise ({workingDays, countsFrom, dueDate, reason, calendarCertain}).
export default `
CREATE TABLE requests (
  id TEXT PRIMARY KEY,
  ticket TEXT NOT NULL UNIQUE,
  ticket_date TEXT NOT NULL,
  ticket_seq INTEGER NOT NULL CHECK (ticket_seq >= 1),
  created_at TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('bundle', 'consultation')),
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
CREATE UNIQUE INDEX requests_ticket_day_seq ON requests(ticket_date, ticket_seq);
CREATE INDEX requests_created ON requests(created_at);
CREATE INDEX requests_uscc ON requests(uscc, created_at);
CREATE INDEX requests_closed ON requests(closed_at);

CREATE TABLE request_events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  request_id TEXT NOT NULL REFERENCES requests(id),
  at TEXT NOT NULL,
  status TEXT NOT NULL,
  note TEXT,
  verdict TEXT,
  source TEXT NOT NULL CHECK (source IN ('kiosk', 'back-office', 'guide')),
  staff_id TEXT,
  change_id TEXT UNIQUE
);
CREATE INDEX request_events_request ON request_events(request_id, seq);
`;
