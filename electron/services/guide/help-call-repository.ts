import { all, run, scalar, type Db } from '../storage/sql';

export interface HelpCall {
  id: string;
  at: string;
  screen: string;
  state: 'open' | 'answered';
  answeredAt: string | null;
  answeredBy: string | null;
}

interface Row {
  id: string;
  at: string;
  screen: string;
  state: 'open' | 'answered';
  answered_at: string | null;
  answered_by: string | null;
}

const toCall = (r: Row): HelpCall => ({
  id: r.id,
  at: r.at,
  screen: r.screen,
  state: r.state,
  answeredAt: r.answered_at,
  answeredBy: r.answered_by,
});

export function insertHelpCall(db: Db, call: { id: string; at: string; screen: string }): void {
  run(db, 'INSERT INTO help_calls (id, at, screen) VALUES (?, ?, ?)', [
    call.id,
    call.at,
    call.screen,
  ]);
}

export function openHelpCalls(db: Db): HelpCall[] {
  return all<Row>(db, "SELECT * FROM help_calls WHERE state = 'open' ORDER BY at").map(toCall);
}

export function answerHelpCall(db: Db, id: string, at: string, staffId: string): boolean {
  return (
    run(
      db,
      "UPDATE help_calls SET state = 'answered', answered_at = ?, answered_by = ? WHERE id = ? AND state = 'open'",
      [at, staffId, id],
    ) > 0
  );
}

/** Retention: help calls made before `beforeIso` are forgotten (answered or not). */
export function purgeHelpCalls(db: Db, beforeIso: string): number {
  return run(db, 'DELETE FROM help_calls WHERE at < ?', [beforeIso]);
}

export function hasHelpCallsBefore(db: Db, beforeIso: string): boolean {
  return scalar(db, 'SELECT 1 FROM help_calls WHERE at < ? LIMIT 1', [beforeIso]) !== undefined;
}
