// Signed content bundles the back office hands to its kiosks (catalog, holiday calendars,
// whitelisted settings). The bundle is stored exactly as it was signed; the back office never
// holds the signing key. Versions only rise: a kiosk asks for anything newer than the version it
// holds.
export default `
CREATE TABLE content_bundles (
  version integer PRIMARY KEY CHECK (version >= 1),
  key_id text NOT NULL,
  -- The signed file's text (its envelope: format, key id, signature, payload).
  bundle text NOT NULL,
  sha256 text NOT NULL,
  note text,
  created_at timestamptz NOT NULL,
  published_at timestamptz NOT NULL,
  published_by text NOT NULL,
  -- What it carries, for listings: seed file names, calendar years, setting keys.
  parts jsonb NOT NULL
);
`;
