// Enterprise profiles (一企一档 as far as this kiosk knows it) and the nonces of signed tokens
// already accepted (a dynamic 企业码 or staff badge works once; rows are pruned after expiry).
export default `
CREATE TABLE enterprise_profiles (
  uscc TEXT PRIMARY KEY CHECK (length(uscc) = 18),
  name TEXT NOT NULL,
  entity_type TEXT NOT NULL,
  entity_kind TEXT NOT NULL CHECK (entity_kind IN ('company', 'individual', 'cooperative', 'branch')),
  foreign_invested INTEGER NOT NULL DEFAULT 0 CHECK (foreign_invested IN (0, 1)),
  status TEXT NOT NULL CHECK (status IN ('operating', 'deregistering', 'deregistered')),
  registered_on TEXT NOT NULL,
  address TEXT NOT NULL,
  business_scope TEXT NOT NULL,
  industry TEXT NOT NULL,
  size TEXT NOT NULL CHECK (size IN ('micro', 'small', 'medium', 'large')),
  registered_capital_wan REAL,
  tags TEXT NOT NULL DEFAULT '[]',
  legal_representative TEXT NOT NULL,
  benefits_received TEXT NOT NULL DEFAULT '[]',
  demo INTEGER NOT NULL DEFAULT 0 CHECK (demo IN (0, 1)),
  updated_at TEXT NOT NULL
);
CREATE INDEX enterprise_profiles_demo ON enterprise_profiles(demo);

CREATE TABLE used_token_nonces (
  nonce TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('enterprise', 'staff')),
  kid TEXT NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at TEXT NOT NULL
);
CREATE INDEX used_token_nonces_expires ON used_token_nonces(expires_at);
`;
