// A new admin token for an operator who lost theirs. It is made on the service's host with
// access to the database, never through the admin API (the lost token is what that API asks
// for): every token still valid is revoked in the same transaction, so a token that leaked with
// a lost laptop stops working the moment the new one exists.
import type { Database } from '../db/database';
import { audit } from '../repositories/audit-repository';
import {
  hasAdminTokenTable,
  insertAdminToken,
  newAdminToken,
  revokeAdminTokens,
} from '../repositories/admin-token-repository';

export class NoBackOfficeSchemaError extends Error {
  constructor() {
    super(
      'this database holds no back office yet: start `serve` on it once, which prints the first admin token',
    );
    this.name = 'NoBackOfficeSchemaError';
  }
}

export interface RotatedToken {
  /** Shown once: only its SHA-256 is kept. */
  token: string;
  /** Tokens that were valid and no longer are. */
  revoked: number;
}

export function rotateAdminToken(
  db: Database,
  input: { now: string; actor: string },
): Promise<RotatedToken> {
  return db.transaction(async (tx) => {
    // A command that recovers access changes nothing else: it does not migrate the schema.
    if (!(await hasAdminTokenTable(tx))) throw new NoBackOfficeSchemaError();
    const revoked = await revokeAdminTokens(tx, input.now);
    const token = newAdminToken();
    await insertAdminToken(tx, token, 'rotated', input.now);
    await audit(tx, {
      at: input.now,
      actor: input.actor,
      action: 'admin-token-rotate',
      subject: 'admin-token',
      detail: `${revoked} earlier token${revoked === 1 ? '' : 's'} revoked`,
    });
    return { token, revoked };
  });
}
