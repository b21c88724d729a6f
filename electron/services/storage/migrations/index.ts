// Numbered schema migrations, applied in order, each exactly once. A migration that has shipped is
// never edited (test/electron/services/storage/migrations.test.ts holds their checksums): change
// the schema by adding the next number.
import m001 from './001_events';
import m002 from './002_search_misses';
import m003 from './003_enterprise_profiles';
import m004 from './004_requests';
import m005 from './005_outbox';
import m006 from './006_guide';
import m009 from './009_appeals';
import m010 from './010_ratings';
import m011 from './011_health_samples';
import m012 from './012_dashboard_summaries';
import m013 from './013_privacy_hardening';
import m014 from './014_imported_profiles';
import m015 from './015_request_archive';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'events', sql: m001 },
  { version: 2, name: 'search_misses', sql: m002 },
  { version: 3, name: 'enterprise_profiles', sql: m003 },
  { version: 4, name: 'requests', sql: m004 },
  { version: 5, name: 'outbox', sql: m005 },
  { version: 6, name: 'guide', sql: m006 },
  { version: 9, name: 'appeals', sql: m009 },
  { version: 10, name: 'ratings', sql: m010 },
  { version: 11, name: 'health_samples', sql: m011 },
  { version: 12, name: 'dashboard_summaries', sql: m012 },
  { version: 13, name: 'privacy_hardening', sql: m013 },
  { version: 14, name: 'imported_profiles', sql: m014 },
  { version: 15, name: 'request_archive', sql: m015 },
];
