// 一屏总览 (issue 9): the kiosk's health over time, one sample every few minutes (config
// `dashboard.healthSampleMinutes`), kept `dashboard.healthSampleDays`. The printer's state, whether
// the back office answered ('off' in single-site mode), and the backlog. Nothing personal.
// Also covering indexes for the dashboard's aggregates, so that they read narrow index entries
// instead of whole request rows (their JSON columns) — 100,000 requests in well under 300 ms:
// by creation time (hour, after-hours flag, bundle or kind, board); 企业开办 by bundle; promised
// dates of open requests and by date; ratings by time, week, level and bundle.
export default `
CREATE TABLE health_samples (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  printer TEXT NOT NULL CHECK (printer IN ('ok', 'fault', 'unknown')),
  back_office TEXT NOT NULL CHECK (back_office IN ('up', 'down', 'off')),
  backlog INTEGER NOT NULL CHECK (backlog >= 0),
  dead INTEGER NOT NULL CHECK (dead >= 0)
);
CREATE INDEX health_samples_at ON health_samples(at);

CREATE INDEX requests_dash_created ON requests(
  created_at, json_extract(promise, '$.reason'), bundle_id, kind, board);
CREATE INDEX requests_dash_bundle ON requests(bundle_id, created_at);
CREATE INDEX requests_dash_open ON requests(status, due_date, board);
CREATE INDEX requests_dash_due ON requests(due_date, status, board, closed_at);
CREATE INDEX ratings_dash ON ratings(rated_at, week, level, bundle_id, request_kind);
`;
