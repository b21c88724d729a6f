import type { StaffRole } from '../session';
import { one, run, type Db } from '../storage/sql';

export function upsertStaffPin(
  db: Db,
  staffId: string,
  role: StaffRole,
  hash: string,
  at: string,
): void {
  run(
    db,
    `INSERT INTO staff_pins (staff_id, role, scrypt_hash, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT(staff_id) DO UPDATE SET role = excluded.role, scrypt_hash = excluded.scrypt_hash, updated_at = excluded.updated_at`,
    [staffId, role, hash, at],
  );
}

export function findStaffPin(
  db: Db,
  staffId: string,
): { role: StaffRole; hash: string } | undefined {
  const row = one<{ role: StaffRole; scrypt_hash: string }>(
    db,
    'SELECT role, scrypt_hash FROM staff_pins WHERE staff_id = ?',
    [staffId],
  );
  return row ? { role: row.role, hash: row.scrypt_hash } : undefined;
}
