// Everything the kiosk writes lives under one data directory.
import fs from 'node:fs';
import path from 'node:path';

export interface DataDir {
  root: string;
  db: string;
  /** Closed requests moved out of the database (requests-<YYYY-MM>.<version>.db). */
  archive: string;
  logs: string;
  config: string;
  /** Holiday schedules that extend the built-in calendar (e.g. 2027.json). */
  calendar: string;
  /** The signed content bundle in force (bundle.json) and the last refusal (status.json). */
  content: string;
  /** Staff PIN hashes (scrypt), written by `kioskctl set-pin`. */
  staffPins: string;
}

export function dataDirLayout(root: string): DataDir {
  const abs = path.resolve(root);
  return {
    root: abs,
    db: path.join(abs, 'db'),
    archive: path.join(abs, 'archive'),
    logs: path.join(abs, 'logs'),
    config: path.join(abs, 'config.json'),
    calendar: path.join(abs, 'calendar'),
    content: path.join(abs, 'content'),
    staffPins: path.join(abs, 'staff-pins.json'),
  };
}

/** Creates the directory tree, readable by the kiosk's user only. */
export function ensureDataDir(root: string): DataDir {
  const d = dataDirLayout(root);
  for (const p of [d.root, d.db, d.logs]) fs.mkdirSync(p, { recursive: true, mode: 0o700 });
  return d;
}

/** Where a data directory is when none is named: $KIOSK_DATA_DIR, else ./.data. */
export function defaultDataRoot(env: NodeJS.ProcessEnv = process.env): string {
  return env.KIOSK_DATA_DIR ? path.resolve(env.KIOSK_DATA_DIR) : path.resolve('.data');
}
