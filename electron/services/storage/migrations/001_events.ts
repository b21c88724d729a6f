// Kiosk-level events over time (storage faults, printer faults, back-office outages, restarts):
// what guide mode and the dashboard show as the kiosk's health history. Never personal data.
export default `
CREATE TABLE events (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  kind TEXT NOT NULL,
  detail TEXT
);
CREATE INDEX events_at ON events(at);
CREATE INDEX events_kind_at ON events(kind, at);
`;
