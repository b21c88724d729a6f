// 一屏总览 (issue 9): the kiosk's health over time, one sample every few minutes (config
// `dashboard.healthSampleMinutes`), kept `dashboard.healthSampleDays`. The printer's state, whether
// the back office answered ('off' in single-site mode), and the backlog. Nothing personal.
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
`;
