// Numbered schema migrations of the back office, applied in order, each exactly once, on PGlite
// and PostgreSQL alike. A migration that has shipped is never edited
// (test/back-office/server/db/migrations.sums.json holds their checksums): add the next number.
import m001 from './001_initial';
import m002 from './002_console';
import m003 from './003_enterprise_profiles';
import m004 from './004_content_bundles';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'initial', sql: m001 },
  { version: 2, name: 'console', sql: m002 },
  { version: 3, name: 'enterprise_profiles', sql: m003 },
  { version: 4, name: 'content_bundles', sql: m004 },
];
