import { all, run, type Db } from '../storage/sql';

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
