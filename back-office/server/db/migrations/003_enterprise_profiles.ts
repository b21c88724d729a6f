// Enterprise profiles (一企一档) imported at the back office and handed to the kiosks as versioned
// deltas. Every stored change takes the next number of the one feed counter (its row is locked
// by the importing transaction, so versions commit in order and a kiosk reading "after N" never
// passes one a slower transaction has yet to commit). `content_sha256` is the profile's canonical
// text's hash: an import of the same content changes nothing (idempotent). `town` lets a kiosk
// enrolled with a town receive only its town's profiles when the center's config says so.
export default `
CREATE TABLE profile_feed (
  id integer PRIMARY KEY CHECK (id = 1),
  version bigint NOT NULL CHECK (version >= 0)
);
INSERT INTO profile_feed (id, version) VALUES (1, 0);

CREATE TABLE enterprise_profiles (
  uscc text PRIMARY KEY CHECK (uscc ~ '^[0-9A-HJ-NP-RTUWXY]{18}$'),
  name text NOT NULL,
  town text,
  profile jsonb NOT NULL,
  content_sha256 text NOT NULL,
  version bigint NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX enterprise_profiles_version ON enterprise_profiles (version);

-- A profile's earlier town: a kiosk of that town must be told to drop it.
CREATE TABLE enterprise_profile_moves (
  uscc text NOT NULL,
  from_town text,
  version bigint NOT NULL,
  PRIMARY KEY (uscc, version)
);
CREATE INDEX enterprise_profile_moves_version ON enterprise_profile_moves (version);
`;
