// What the updater remembers across restarts, in <data>/updates/state.json: the cached
// installers (each verified), an install under way, a rollback under way, versions never to be
// installed again, and a short history. Written atomically; a damaged file starts afresh (the
// installers are verified again before use, so nothing unsafe follows from forgetting).
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { replaceFile } from '../file-lock';

const stamp = z.string();
const stateSchema = z.object({
  lastCheckAt: stamp.nullable().default(null),
  lastError: z.object({ at: stamp, message: z.string() }).nullable().default(null),
  latest: z
    .object({ version: z.string(), releaseDate: z.string().nullable(), keyId: z.string() })
    .nullable()
    .default(null),
  /** Version → the verified installer file (relative to the updates folder). */
  installers: z
    .record(
      z.string(),
      z.object({ file: z.string(), sha512: z.string(), size: z.number(), downloadedAt: stamp }),
    )
    .default({}),
  /** An install begun at a nightly restart that the new version has not confirmed yet. */
  pending: z
    .object({ version: z.string(), fromVersion: z.string(), at: stamp, starts: z.number() })
    .nullable()
    .default(null),
  /** A rollback begun: `from` failed to start, `to` is being reinstalled. */
  rollingBack: z
    .object({ from: z.string(), to: z.string(), at: stamp, reason: z.string() })
    .nullable()
    .default(null),
  /** The version that ran before the current one (its installer is kept for a rollback). */
  previousVersion: z.string().nullable().default(null),
  /** Versions never installed again (rolled back, or their installer never took), with why. */
  refused: z.record(z.string(), z.string()).default({}),
  failedInstalls: z.record(z.string(), z.number()).default({}),
  history: z
    .array(z.object({ at: stamp, event: z.string(), version: z.string(), detail: z.string() }))
    .default([]),
});
export type UpdateState = z.infer<typeof stateSchema>;

export const HISTORY_KEPT = 20;

export function updatesDir(dataRoot: string): string {
  return path.join(dataRoot, 'updates');
}

export function readUpdateState(dataRoot: string): UpdateState {
  try {
    const raw: unknown = JSON.parse(
      fs.readFileSync(path.join(updatesDir(dataRoot), 'state.json'), 'utf8'),
    );
    const parsed = stateSchema.safeParse(raw);
    if (parsed.success) return parsed.data;
  } catch {
    // Missing or damaged: start afresh.
  }
  return stateSchema.parse({});
}

export function writeUpdateState(dataRoot: string, state: UpdateState): void {
  const dir = updatesDir(dataRoot);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  state.history = state.history.slice(-HISTORY_KEPT);
  replaceFile(path.join(dir, 'state.json'), JSON.stringify(state, null, 2) + '\n');
}
