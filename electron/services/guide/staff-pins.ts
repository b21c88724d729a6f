// Staff PINs, as scrypt hashes only, in <data>/staff-pins.json (readable by the kiosk's user only).
// A file rather than the database: `kioskctl set-pin` writes it while the kiosk runs, and the
// kiosk reads it at every unlock, so a new PIN works at once.
import fs from 'node:fs';
import { z } from 'zod';
import { writeFileDurably } from '../durable-file';
import { withFileLock } from '../file-lock';
import type { StaffRole } from '../../domain/signed-token';

const StaffPinsSchema = z.record(
  z.string().regex(/^[A-Za-z0-9]{2,16}$/),
  z
    .object({
      role: z.enum(['guide', 'admin']),
      hash: z.string().startsWith('scrypt$'),
      updatedAt: z.string(),
    })
    .strict(),
);
export type StaffPins = z.infer<typeof StaffPinsSchema>;

export function readStaffPins(file: string): StaffPins {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return {};
  }
  const parsed = StaffPinsSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`${file} is not a valid staff PIN file`);
  return parsed.data;
}

export function findStaffPin(
  file: string,
  staffId: string,
): { role: StaffRole; hash: string } | undefined {
  const entry = readStaffPins(file)[staffId];
  return entry ? { role: entry.role, hash: entry.hash } : undefined;
}

export function writeStaffPin(
  file: string,
  staffId: string,
  role: StaffRole,
  hash: string,
  at: Date,
): void {
  // Two set-pin runs at once (or set-pin beside the kiosk) must not lose one of the PINs.
  withFileLock(file, () => {
    const pins = readStaffPins(file);
    pins[staffId] = { role, hash, updatedAt: at.toISOString() };
    writeFileDurably(file, JSON.stringify(pins, null, 2) + '\n');
  });
}
