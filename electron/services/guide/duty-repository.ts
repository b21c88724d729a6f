// What the duty decision reads: the latest guide sign-in and the help calls answered lately.
import { all, type Db } from '../storage/sql';

/** When a guide last signed in to guide mode on this kiosk (ISO), or null. */
export function lastGuideSignIn(db: Db): string | null {
  return (
    all<{ at: string | null }>(db, "SELECT MAX(at) AS at FROM audit_log WHERE action = 'unlock'")[0]
      ?.at ?? null
  );
}

/** Help calls made since `since` (ISO) that a guide answered. */
export function answeredHelpCallsSince(
  db: Db,
  since: string,
): { at: string; answeredAt: string }[] {
  return all<{ at: string; answered_at: string }>(
    db,
    "SELECT at, answered_at FROM help_calls WHERE state = 'answered' AND at >= ? AND answered_at IS NOT NULL",
    [since],
  ).map((r) => ({ at: r.at, answeredAt: r.answered_at }));
}
