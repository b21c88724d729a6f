// Searches that found nothing, for the dashboard's "what people look for and we lack" list. Only
// the query text (at most 40 characters) and the time: nothing that identifies anyone.
export default `
CREATE TABLE search_misses (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  query TEXT NOT NULL CHECK (length(query) BETWEEN 1 AND 40)
);
CREATE INDEX search_misses_at ON search_misses(at);
`;
