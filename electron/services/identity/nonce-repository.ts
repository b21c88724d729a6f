// The nonces of signed tokens already accepted: a token is used once. Rows are kept until the
// token could no longer be accepted anyway (expiry + clock skew), then pruned.
import type { TokenKind } from '../../domain/signed-token';
import { one, run, type Db } from '../storage/sql';

export interface NonceUse {
  nonce: string;
  kind: TokenKind;
  kid: string;
  /** Seconds since 1970 after which the row may be pruned. */
  expiresAt: number;
  usedAt: string;
}

/** True if the nonce was recorded before (a replay). Call inside a write transaction. */
export function isNonceUsed(db: Db, nonce: string): boolean {
  return one(db, 'SELECT 1 AS x FROM used_token_nonces WHERE nonce = ?', [nonce]) !== undefined;
}

/** Records a nonce as used; false if it already was (nothing changed then). */
export function recordNonce(db: Db, use: NonceUse): boolean {
  const changed = run(
    db,
    'INSERT OR IGNORE INTO used_token_nonces (nonce, kind, kid, expires_at, used_at) VALUES (?, ?, ?, ?, ?)',
    [use.nonce, use.kind, use.kid, use.expiresAt, use.usedAt],
  );
  return changed === 1;
}

/** Deletes rows of tokens that can no longer be accepted; returns how many. */
export function pruneNonces(db: Db, beforeSeconds: number): number {
  return run(db, 'DELETE FROM used_token_nonces WHERE expires_at < ?', [beforeSeconds]);
}

export function countNonces(db: Db): number {
  return (one<{ n: number }>(db, 'SELECT COUNT(*) AS n FROM used_token_nonces')?.n ?? 0) as number;
}
