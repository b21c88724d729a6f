// Enrolling kiosks and switching them off and on, each audited.
import crypto from 'node:crypto';
import type { Database } from '../db/database';
import { audit } from '../repositories/audit-repository';
import { insertKiosk, setKioskEnabled } from '../repositories/kiosk-repository';

export const KIOSK_ID_RE = /^[A-Z0-9]{2,12}$/;

/** A kiosk's own secret: 32 random bytes, base64url (43 characters; the kiosk needs ≥ 32). */
export const newKioskSecret = (): string => crypto.randomBytes(32).toString('base64url');

export type EnrolOutcome =
  { ok: true; kioskId: string; kioskSecret: string } | { ok: false; code: 'EXISTS' };

export function enrolKiosk(
  db: Database,
  k: {
    kioskId: string;
    name?: string | null;
    town?: string | null;
    secret?: string;
    actor: string;
    now: string;
  },
): Promise<EnrolOutcome> {
  const secret = k.secret ?? newKioskSecret();
  return db.transaction(async (tx): Promise<EnrolOutcome> => {
    const added = await insertKiosk(tx, {
      kioskId: k.kioskId,
      secret,
      name: k.name ?? null,
      town: k.town ?? null,
      at: k.now,
    });
    if (!added) return { ok: false, code: 'EXISTS' };
    await audit(tx, {
      at: k.now,
      actor: k.actor,
      action: 'kiosk-add',
      subject: k.kioskId,
      detail: k.name ?? null,
    });
    return { ok: true, kioskId: k.kioskId, kioskSecret: secret };
  });
}

/** Null when there is no such kiosk. */
export function setKioskEnabledAudited(
  db: Database,
  k: { kioskId: string; enabled: boolean; actor: string; now: string },
): Promise<{ changed: boolean } | null> {
  return db.transaction(async (tx) => {
    const was = await setKioskEnabled(tx, k.kioskId, k.enabled, k.now);
    if (was === null) return null;
    if (was !== k.enabled)
      await audit(tx, {
        at: k.now,
        actor: k.actor,
        action: k.enabled ? 'kiosk-enable' : 'kiosk-disable',
        subject: k.kioskId,
        detail: null,
      });
    return { changed: was !== k.enabled };
  });
}
