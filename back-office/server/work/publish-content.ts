// Publishing a signed content bundle: its envelope and payload are checked (the same schema the
// kiosks check; the signature itself is the kiosks' to verify against the keys they trust — the
// back office never holds the signing key), its version must be above every one published, and
// the publication is audited.
import crypto from 'node:crypto';
import {
  ContentBundleError,
  payloadOf,
  readContentEnvelope,
} from '../../../electron/protocol/content-bundle';
import type { Database } from '../db/database';
import { audit } from '../repositories/audit-repository';
import {
  insertContent,
  latestContentVersion,
  type StoredContent,
} from '../repositories/content-repository';

export type PublishOutcome =
  | { ok: true; content: StoredContent }
  | { ok: false; code: 'INVALID'; message: string }
  | { ok: false; code: 'NOT_NEWER'; message: string; latest: number | null };

export async function publishContent(
  db: Database,
  p: { text: string; actor: string; now: string },
): Promise<PublishOutcome> {
  let envelope;
  let payload;
  try {
    envelope = readContentEnvelope(p.text);
    payload = payloadOf(envelope);
  } catch (e) {
    if (e instanceof ContentBundleError)
      return { ok: false, code: 'INVALID', message: `${e.reason}: ${e.message}` };
    throw e;
  }
  // Stored in the canonical layout the kiosk feed sends; the signature covers the payload only.
  const bundle = JSON.stringify(envelope, null, 2) + '\n';
  const content: StoredContent = {
    version: payload.version,
    keyId: envelope.keyId,
    sha256: crypto.createHash('sha256').update(bundle).digest('hex'),
    note: payload.note ?? null,
    createdAt: payload.createdAt,
    publishedAt: p.now,
    publishedBy: p.actor,
    parts: {
      catalog: Object.keys(payload.catalog ?? {}),
      calendars: Object.keys(payload.calendars ?? {}),
      config: Object.keys(payload.config ?? {}),
    },
  };
  return db.transaction(async (tx): Promise<PublishOutcome> => {
    // One publication at a time: the version check and the insert see the same table.
    await tx.query('LOCK TABLE content_bundles IN SHARE ROW EXCLUSIVE MODE');
    if (!(await insertContent(tx, { ...content, bundle }))) {
      const latest = await latestContentVersion(tx);
      return {
        ok: false,
        code: 'NOT_NEWER',
        message: `version ${content.version} is not above the latest published (${latest ?? 'none'})`,
        latest,
      };
    }
    await audit(tx, {
      at: p.now,
      actor: p.actor,
      action: 'content-publish',
      subject: `v${content.version}`,
      detail: content.note,
    });
    return { ok: true, content };
  });
}
