// What guide mode and `kioskctl sync status` show, built from the database (and, in the running
// kiosk, from what the sync service knows that is newer than its last write).
import type { SyncStatus } from '../../domain/sync';
import type { KioskConfig } from '../config';
import type { Db } from '../storage/sql';
import { assertEndpointAllowed } from './client';
import { loadExtraCas } from './tls-trust';
import { allSyncState, hasOutbox, listDeadLetters, outboxStats } from './outbox-repository';

export const DEAD_LETTERS_SHOWN = 50;

export interface LiveSyncFacts {
  mode: SyncStatus['mode'];
  endpoint: string | null;
  problem: string | null;
  /** Newer than the database when the kiosk is running; null from the CLI. */
  lastContactAt?: number | null;
  lastError?: { at: number; message: string } | null;
}

const iso = (ms: number) => new Date(ms).toISOString();
const newer = (a: string | null, b: number | null | undefined): string | null => {
  if (b === null || b === undefined) return a;
  const bi = iso(b);
  return a === null || bi > a ? bi : a;
};

/** `db` null: no database yet (the CLI on a fresh data directory). */
export function buildSyncStatus(db: Db | null, live: LiveSyncFacts): SyncStatus {
  const empty: SyncStatus = {
    mode: live.mode,
    endpoint: live.endpoint,
    problem: live.problem,
    backlog: { pending: 0, oldestPendingAt: null, byKind: {} },
    delivered: 0,
    deadLetterCount: 0,
    deadLetters: [],
    lastContactAt: null,
    lastError: null,
    lastPullAt: null,
    lastHeartbeatAt: null,
  };
  if (!db || !hasOutbox(db)) return empty;
  const stats = outboxStats(db);
  const state = allSyncState(db);
  let lastError: SyncStatus['lastError'] =
    state.last_error && state.last_error_at
      ? { at: state.last_error_at, message: state.last_error }
      : null;
  if (live.lastError && (!lastError || iso(live.lastError.at) > lastError.at))
    lastError = { at: iso(live.lastError.at), message: live.lastError.message };
  return {
    ...empty,
    backlog: {
      pending: stats.pending,
      oldestPendingAt: stats.oldestPendingAt,
      byKind: stats.pendingByKind,
    },
    delivered: stats.delivered,
    deadLetterCount: stats.dead,
    deadLetters: listDeadLetters(db, DEAD_LETTERS_SHOWN),
    lastContactAt: newer(state.last_contact_at ?? null, live.lastContactAt),
    lastError,
    lastPullAt: state.last_pull_at ?? null,
    lastHeartbeatAt: state.last_heartbeat_at ?? null,
  };
}

/** The back office's origin only: never a path that might carry a token, never credentials. */
export function endpointOrigin(endpoint: string | null): string | null {
  if (!endpoint) return null;
  try {
    return new URL(endpoint).origin;
  } catch {
    return null;
  }
}

/** Why a configured back office cannot be used, or null. */
export function backOfficeProblem(config: KioskConfig): string | null {
  const bo = config.backOffice;
  if (!bo.endpoint) return null;
  if (!bo.kioskSecret)
    return 'backOffice.kioskSecret is not set: nothing can be sent to the back office';
  try {
    assertEndpointAllowed(bo.endpoint);
  } catch (e) {
    return `backOffice.endpoint cannot be used: ${(e as Error).message}`;
  }
  return loadExtraCas(bo.caCertificate).problem;
}
