// The one table the SIGKILL tests write.
import type { Migration } from '../../../../electron/services/storage/migrations/index';

export const ROWS: Migration[] = [
  {
    version: 1,
    name: 'rows',
    sql: 'CREATE TABLE rows (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)',
  },
];
