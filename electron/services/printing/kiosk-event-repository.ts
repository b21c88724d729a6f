// Kiosk-level events (migration 001): printer faults here. Never personal data.
import { run, type Db } from '../storage/sql';

export function insertKioskEvent(
  tx: Db,
  e: { at: string; kind: string; detail: string | null },
): void {
  run(tx, 'INSERT INTO events (at, kind, detail) VALUES (?, ?, ?)', [e.at, e.kind, e.detail]);
}
