// The request archive: closed requests past `retention.archiveAfterDays` leave the hot database for
// monthly archive files beside it (<data>/archive, see electron/services/requests/request-archive.ts
// and docs/storage-journal.md). What the hot database keeps of them:
// - archive_files: per month of closing, the file that holds that month's archived requests now,
//   with its length and crc32. The file is switched in the same transaction that records the
//   requests it received, so the hot database always names a file holding exactly its archived
//   requests; a file it does not name is left over from an interrupted run and deleted.
// - archived_requests: one small row per archived request (ticket, kind, title, status, dates,
//   promise, how many services, its month), so that tracking at the kiosk still answers with the
//   status without loading an archive file, and so that a request is either in `requests` or here,
//   never both.
// - The dashboard's summaries keep counting archived requests: the DELETE triggers on requests
//   (migration 012) are made again to leave the sums alone for a row whose archived_requests row
//   was written first, in the same transaction. The sums are counts only, nothing personal.
export default `
CREATE TABLE archive_files (
  month TEXT PRIMARY KEY CHECK (length(month) = 7),
  file TEXT NOT NULL UNIQUE,
  bytes INTEGER NOT NULL CHECK (bytes > 0),
  crc INTEGER NOT NULL,
  requests INTEGER NOT NULL CHECK (requests >= 0),
  written_at TEXT NOT NULL
);

CREATE TABLE archived_requests (
  id TEXT PRIMARY KEY,
  ticket TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  title TEXT NOT NULL,
  created_at TEXT NOT NULL,
  status TEXT NOT NULL,
  status_at TEXT NOT NULL,
  closed_at TEXT NOT NULL,
  promise TEXT NOT NULL,
  service_count INTEGER NOT NULL,
  month TEXT NOT NULL,
  archived_at TEXT NOT NULL
);
CREATE INDEX archived_requests_month ON archived_requests(month);
CREATE INDEX archived_requests_closed ON archived_requests(closed_at);

DROP TRIGGER dash_requests_made_delete;
DROP TRIGGER dash_requests_promise_delete;

CREATE TRIGGER dash_requests_made_delete AFTER DELETE ON requests
WHEN NOT EXISTS (SELECT 1 FROM archived_requests WHERE id = OLD.id) BEGIN
  INSERT INTO dash_request_hours (local_hour, n, after_hours)
  VALUES (strftime('%Y-%m-%d %H', OLD.created_at,
      COALESCE((SELECT modifier FROM dash_zone), '+480 minutes')), -1,
    -IFNULL(json_extract(OLD.promise, '$.reason') <> 'in-hours', 0))
  ON CONFLICT (local_hour) DO UPDATE
    SET n = n + excluded.n, after_hours = after_hours + excluded.after_hours;
  DELETE FROM dash_request_hours WHERE n = 0 AND local_hour = strftime('%Y-%m-%d %H',
    OLD.created_at, COALESCE((SELECT modifier FROM dash_zone), '+480 minutes'));
  INSERT INTO dash_request_days (local_date, bundle, board, n)
  VALUES (date(OLD.created_at, COALESCE((SELECT modifier FROM dash_zone), '+480 minutes')),
    COALESCE(OLD.bundle_id, OLD.kind), OLD.board, -1)
  ON CONFLICT (local_date, bundle, board) DO UPDATE SET n = n + excluded.n;
  DELETE FROM dash_request_days WHERE n = 0
    AND local_date = date(OLD.created_at, COALESCE((SELECT modifier FROM dash_zone), '+480 minutes'))
    AND bundle = COALESCE(OLD.bundle_id, OLD.kind) AND board = OLD.board;
  INSERT INTO dash_part_days (local_date, bundle_id, letter, n)
  SELECT date(OLD.created_at, COALESCE((SELECT modifier FROM dash_zone), '+480 minutes')),
    OLD.bundle_id, r.letter, -1
  FROM dash_part_rules r WHERE r.bundle_id = OLD.bundle_id GROUP BY r.letter
  HAVING MAX(CASE r.kind WHEN 'service' THEN instr(OLD.services, r.needle) > 0
    ELSE json_extract(OLD.answers, r.needle) = 1 END)
  ON CONFLICT (local_date, bundle_id, letter) DO UPDATE SET n = n + excluded.n;
  DELETE FROM dash_part_days WHERE n = 0
    AND local_date = date(OLD.created_at, COALESCE((SELECT modifier FROM dash_zone), '+480 minutes'))
    AND bundle_id = OLD.bundle_id;
END;

CREATE TRIGGER dash_requests_promise_delete AFTER DELETE ON requests
WHEN NOT EXISTS (SELECT 1 FROM archived_requests WHERE id = OLD.id) BEGIN
  INSERT INTO dash_promises (due_date, board, open_n, on_time, not_cancelled)
  SELECT OLD.due_date, OLD.board,
    -(OLD.status IN ('submitted', 'received', 'accepted', 'in-progress')),
    -IFNULL(OLD.status IN ('completed', 'returned') AND OLD.closed_at IS NOT NULL
      AND date(OLD.closed_at, COALESCE((SELECT modifier FROM dash_zone), '+480 minutes'))
        <= OLD.due_date, 0),
    -(OLD.status <> 'cancelled')
  WHERE OLD.status <> 'cancelled'
  ON CONFLICT (due_date, board) DO UPDATE SET open_n = open_n + excluded.open_n,
    on_time = on_time + excluded.on_time, not_cancelled = not_cancelled + excluded.not_cancelled;
  DELETE FROM dash_promises WHERE due_date = OLD.due_date AND board = OLD.board
    AND open_n = 0 AND on_time = 0 AND not_cancelled = 0;
END;
`;
