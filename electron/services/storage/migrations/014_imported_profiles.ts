// Real enterprise profiles, imported (kioskctl) or received from the back office:
// - licences (证照, with their expiry: 证照到期提醒), the town (镇/街道) and where the profile came
//   from (`source`: demo, import, back-office);
// - size and registration date may be unknown for an imported profile (never guessed), so their
//   NOT NULL constraints go: SQLite cannot drop a constraint, so the table is rebuilt and its rows
//   copied (demo rows keep source 'demo', any other row counts as imported).
// The version of the back office's profile feed this kiosk holds is kept in sync_state
// (`profiles_version`), written in the transaction that applies a delta.
export default `
CREATE TABLE enterprise_profiles_v14 (
  uscc TEXT PRIMARY KEY CHECK (length(uscc) = 18),
  name TEXT NOT NULL,
  entity_type TEXT NOT NULL,
  entity_kind TEXT NOT NULL CHECK (entity_kind IN ('company', 'individual', 'cooperative', 'branch')),
  foreign_invested INTEGER NOT NULL DEFAULT 0 CHECK (foreign_invested IN (0, 1)),
  status TEXT NOT NULL CHECK (status IN ('operating', 'deregistering', 'deregistered')),
  registered_on TEXT,
  address TEXT NOT NULL,
  business_scope TEXT NOT NULL,
  industry TEXT NOT NULL,
  size TEXT CHECK (size IS NULL OR size IN ('micro', 'small', 'medium', 'large')),
  registered_capital_wan REAL,
  tags TEXT NOT NULL DEFAULT '[]',
  legal_representative TEXT NOT NULL,
  benefits_received TEXT NOT NULL DEFAULT '[]',
  licences TEXT NOT NULL DEFAULT '[]',
  town TEXT,
  source TEXT NOT NULL CHECK (source IN ('demo', 'import', 'back-office')),
  demo INTEGER NOT NULL DEFAULT 0 CHECK (demo IN (0, 1)),
  updated_at TEXT NOT NULL,
  CHECK ((source = 'demo') = (demo = 1))
);
INSERT INTO enterprise_profiles_v14 (uscc, name, entity_type, entity_kind, foreign_invested,
  status, registered_on, address, business_scope, industry, size, registered_capital_wan, tags,
  legal_representative, benefits_received, licences, town, source, demo, updated_at)
SELECT uscc, name, entity_type, entity_kind, foreign_invested, status, registered_on, address,
  business_scope, industry, size, registered_capital_wan, tags, legal_representative,
  benefits_received, '[]', NULL, CASE WHEN demo = 1 THEN 'demo' ELSE 'import' END, demo, updated_at
FROM enterprise_profiles;
DROP TABLE enterprise_profiles;
ALTER TABLE enterprise_profiles_v14 RENAME TO enterprise_profiles;
CREATE INDEX enterprise_profiles_demo ON enterprise_profiles(demo);
`;
