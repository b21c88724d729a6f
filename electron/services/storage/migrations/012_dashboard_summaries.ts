// 一屏总览 (issue 9): summary tables for the dashboard's figures, kept up to date by triggers on
// `requests` and `ratings`, so that every write path (now and later) keeps them right in the same
// transaction, and the figures read a few hundred small rows instead of scanning every request of
// the period. Counts only: no ticket, enterprise, contact or staff id.
// - dash_zone: the UTC offset the local dates and hours below are taken in (the center's zone;
//   Asia/Shanghai, +480, until the dashboard service stores the configured one and rebuilds).
// - dash_request_hours: requests per local hour, and of them those counted after hours.
// - dash_request_days: requests per local day, bundle (or kind, when none) and board.
// - dash_part_rules: which services (a `"name":"…"` member of `services`) or answers (a JSON path
//   into `answers`, true) make a bundle's package part (企业开办's 证照章金银税码) requested. Written
//   by the dashboard service from the catalog; empty here. dash_part_days: requests per local day,
//   bundle and part letter that included the part.
// - dash_promises: per promised date and board, requests open now, answered (completed/returned)
//   by the end of the promised local day, and not cancelled (a cancelled request adds nothing).
// - dash_rating_days: 好差评 per local day, week, bundle (or kind) and level.
// A trigger subtracts a row's old contribution and adds its new one; rows that fall to zero are
// deleted. Requests are never deleted today (the retention purge only clears personal fields, which
// fire no trigger), but a DELETE trigger keeps the summaries equal to the rows if one ever is.
// The backfill below computes the same sums from the rows present. NOTE: a later migration that
// rebuilds `requests` or `ratings` (create-copy-drop-rename) drops these triggers with the old
// table and must create them again.
export default `
CREATE TABLE dash_zone (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  offset_minutes INTEGER NOT NULL,
  modifier TEXT NOT NULL
);
INSERT INTO dash_zone (id, offset_minutes, modifier) VALUES (1, 480, '+480 minutes');

CREATE TABLE dash_request_hours (
  local_hour TEXT PRIMARY KEY,
  n INTEGER NOT NULL,
  after_hours INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE dash_request_days (
  local_date TEXT NOT NULL,
  bundle TEXT NOT NULL,
  board TEXT NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (local_date, bundle, board)
) WITHOUT ROWID;

CREATE TABLE dash_part_rules (
  bundle_id TEXT NOT NULL,
  letter TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('service', 'answer')),
  needle TEXT NOT NULL,
  PRIMARY KEY (bundle_id, letter, kind, needle)
) WITHOUT ROWID;

CREATE TABLE dash_part_days (
  local_date TEXT NOT NULL,
  bundle_id TEXT NOT NULL,
  letter TEXT NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (local_date, bundle_id, letter)
) WITHOUT ROWID;

CREATE TABLE dash_promises (
  due_date TEXT NOT NULL,
  board TEXT NOT NULL,
  open_n INTEGER NOT NULL,
  on_time INTEGER NOT NULL,
  not_cancelled INTEGER NOT NULL,
  PRIMARY KEY (due_date, board)
) WITHOUT ROWID;

CREATE TABLE dash_rating_days (
  local_date TEXT NOT NULL,
  week TEXT NOT NULL,
  bundle TEXT NOT NULL,
  level TEXT NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (local_date, week, bundle, level)
) WITHOUT ROWID;

-- Backfill from the rows present.
INSERT INTO dash_request_hours (local_hour, n, after_hours)
SELECT strftime('%Y-%m-%d %H', created_at, '+480 minutes'), COUNT(*),
  SUM(IFNULL(json_extract(promise, '$.reason') <> 'in-hours', 0))
FROM requests GROUP BY 1;

INSERT INTO dash_request_days (local_date, bundle, board, n)
SELECT date(created_at, '+480 minutes'), COALESCE(bundle_id, kind), board, COUNT(*)
FROM requests GROUP BY 1, 2, 3;

INSERT INTO dash_promises (due_date, board, open_n, on_time, not_cancelled)
SELECT due_date, board,
  SUM(status IN ('submitted', 'received', 'accepted', 'in-progress')),
  SUM(IFNULL(status IN ('completed', 'returned') AND closed_at IS NOT NULL
    AND date(closed_at, '+480 minutes') <= due_date, 0)),
  SUM(status <> 'cancelled')
FROM requests WHERE status <> 'cancelled' GROUP BY 1, 2;

INSERT INTO dash_rating_days (local_date, week, bundle, level, n)
SELECT date(rated_at, '+480 minutes'), week, COALESCE(bundle_id, request_kind), level, COUNT(*)
FROM ratings GROUP BY 1, 2, 3, 4;

-- Requests: when they were made, what and where (hours, days, parts).
CREATE TRIGGER dash_requests_made_insert AFTER INSERT ON requests BEGIN
  INSERT INTO dash_request_hours (local_hour, n, after_hours)
  VALUES (strftime('%Y-%m-%d %H', NEW.created_at,
      COALESCE((SELECT modifier FROM dash_zone), '+480 minutes')), 1,
    IFNULL(json_extract(NEW.promise, '$.reason') <> 'in-hours', 0))
  ON CONFLICT (local_hour) DO UPDATE
    SET n = n + excluded.n, after_hours = after_hours + excluded.after_hours;
  INSERT INTO dash_request_days (local_date, bundle, board, n)
  VALUES (date(NEW.created_at, COALESCE((SELECT modifier FROM dash_zone), '+480 minutes')),
    COALESCE(NEW.bundle_id, NEW.kind), NEW.board, 1)
  ON CONFLICT (local_date, bundle, board) DO UPDATE SET n = n + excluded.n;
  INSERT INTO dash_part_days (local_date, bundle_id, letter, n)
  SELECT date(NEW.created_at, COALESCE((SELECT modifier FROM dash_zone), '+480 minutes')),
    NEW.bundle_id, r.letter, 1
  FROM dash_part_rules r WHERE r.bundle_id = NEW.bundle_id GROUP BY r.letter
  HAVING MAX(CASE r.kind WHEN 'service' THEN instr(NEW.services, r.needle) > 0
    ELSE json_extract(NEW.answers, r.needle) = 1 END)
  ON CONFLICT (local_date, bundle_id, letter) DO UPDATE SET n = n + excluded.n;
END;

CREATE TRIGGER dash_requests_made_delete AFTER DELETE ON requests BEGIN
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

CREATE TRIGGER dash_requests_made_update
AFTER UPDATE OF created_at, kind, bundle_id, board, services, answers, promise ON requests BEGIN
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
  INSERT INTO dash_request_hours (local_hour, n, after_hours)
  VALUES (strftime('%Y-%m-%d %H', NEW.created_at,
      COALESCE((SELECT modifier FROM dash_zone), '+480 minutes')), 1,
    IFNULL(json_extract(NEW.promise, '$.reason') <> 'in-hours', 0))
  ON CONFLICT (local_hour) DO UPDATE
    SET n = n + excluded.n, after_hours = after_hours + excluded.after_hours;
  INSERT INTO dash_request_days (local_date, bundle, board, n)
  VALUES (date(NEW.created_at, COALESCE((SELECT modifier FROM dash_zone), '+480 minutes')),
    COALESCE(NEW.bundle_id, NEW.kind), NEW.board, 1)
  ON CONFLICT (local_date, bundle, board) DO UPDATE SET n = n + excluded.n;
  INSERT INTO dash_part_days (local_date, bundle_id, letter, n)
  SELECT date(NEW.created_at, COALESCE((SELECT modifier FROM dash_zone), '+480 minutes')),
    NEW.bundle_id, r.letter, 1
  FROM dash_part_rules r WHERE r.bundle_id = NEW.bundle_id GROUP BY r.letter
  HAVING MAX(CASE r.kind WHEN 'service' THEN instr(NEW.services, r.needle) > 0
    ELSE json_extract(NEW.answers, r.needle) = 1 END)
  ON CONFLICT (local_date, bundle_id, letter) DO UPDATE SET n = n + excluded.n;
END;

-- Requests: their promised dates (status changes, cancellations, answers).
CREATE TRIGGER dash_requests_promise_insert AFTER INSERT ON requests BEGIN
  INSERT INTO dash_promises (due_date, board, open_n, on_time, not_cancelled)
  SELECT NEW.due_date, NEW.board,
    NEW.status IN ('submitted', 'received', 'accepted', 'in-progress'),
    IFNULL(NEW.status IN ('completed', 'returned') AND NEW.closed_at IS NOT NULL
      AND date(NEW.closed_at, COALESCE((SELECT modifier FROM dash_zone), '+480 minutes'))
        <= NEW.due_date, 0),
    NEW.status <> 'cancelled'
  WHERE NEW.status <> 'cancelled'
  ON CONFLICT (due_date, board) DO UPDATE SET open_n = open_n + excluded.open_n,
    on_time = on_time + excluded.on_time, not_cancelled = not_cancelled + excluded.not_cancelled;
END;

CREATE TRIGGER dash_requests_promise_delete AFTER DELETE ON requests BEGIN
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

CREATE TRIGGER dash_requests_promise_update
AFTER UPDATE OF due_date, board, status, closed_at ON requests BEGIN
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
  INSERT INTO dash_promises (due_date, board, open_n, on_time, not_cancelled)
  SELECT NEW.due_date, NEW.board,
    NEW.status IN ('submitted', 'received', 'accepted', 'in-progress'),
    IFNULL(NEW.status IN ('completed', 'returned') AND NEW.closed_at IS NOT NULL
      AND date(NEW.closed_at, COALESCE((SELECT modifier FROM dash_zone), '+480 minutes'))
        <= NEW.due_date, 0),
    NEW.status <> 'cancelled'
  WHERE NEW.status <> 'cancelled'
  ON CONFLICT (due_date, board) DO UPDATE SET open_n = open_n + excluded.open_n,
    on_time = on_time + excluded.on_time, not_cancelled = not_cancelled + excluded.not_cancelled;
END;

-- 好差评.
CREATE TRIGGER dash_ratings_insert AFTER INSERT ON ratings BEGIN
  INSERT INTO dash_rating_days (local_date, week, bundle, level, n)
  VALUES (date(NEW.rated_at, COALESCE((SELECT modifier FROM dash_zone), '+480 minutes')),
    NEW.week, COALESCE(NEW.bundle_id, NEW.request_kind), NEW.level, 1)
  ON CONFLICT (local_date, week, bundle, level) DO UPDATE SET n = n + excluded.n;
END;

CREATE TRIGGER dash_ratings_delete AFTER DELETE ON ratings BEGIN
  INSERT INTO dash_rating_days (local_date, week, bundle, level, n)
  VALUES (date(OLD.rated_at, COALESCE((SELECT modifier FROM dash_zone), '+480 minutes')),
    OLD.week, COALESCE(OLD.bundle_id, OLD.request_kind), OLD.level, -1)
  ON CONFLICT (local_date, week, bundle, level) DO UPDATE SET n = n + excluded.n;
  DELETE FROM dash_rating_days WHERE n = 0
    AND local_date = date(OLD.rated_at, COALESCE((SELECT modifier FROM dash_zone), '+480 minutes'))
    AND week = OLD.week AND bundle = COALESCE(OLD.bundle_id, OLD.request_kind)
    AND level = OLD.level;
END;

CREATE TRIGGER dash_ratings_update
AFTER UPDATE OF rated_at, week, bundle_id, request_kind, level ON ratings BEGIN
  INSERT INTO dash_rating_days (local_date, week, bundle, level, n)
  VALUES (date(OLD.rated_at, COALESCE((SELECT modifier FROM dash_zone), '+480 minutes')),
    OLD.week, COALESCE(OLD.bundle_id, OLD.request_kind), OLD.level, -1)
  ON CONFLICT (local_date, week, bundle, level) DO UPDATE SET n = n + excluded.n;
  DELETE FROM dash_rating_days WHERE n = 0
    AND local_date = date(OLD.rated_at, COALESCE((SELECT modifier FROM dash_zone), '+480 minutes'))
    AND week = OLD.week AND bundle = COALESCE(OLD.bundle_id, OLD.request_kind)
    AND level = OLD.level;
  INSERT INTO dash_rating_days (local_date, week, bundle, level, n)
  VALUES (date(NEW.rated_at, COALESCE((SELECT modifier FROM dash_zone), '+480 minutes')),
    NEW.week, COALESCE(NEW.bundle_id, NEW.request_kind), NEW.level, 1)
  ON CONFLICT (local_date, week, bundle, level) DO UPDATE SET n = n + excluded.n;
END;
`;
