// The profile feed (GET /kiosk-api/v1/profiles?since=<version>): what the back office hands a
// kiosk, inside a signed feed envelope (feed-signing.ts, feed name `profiles`). Versions are the
// back office's: every stored change to a profile takes the next number, so "since" a version
// is exactly the changes a kiosk has not applied. A kiosk applies one page in one transaction
// together with `toVersion`, and reports the version it holds in its heartbeat
// (`profilesVersion`). Docs: docs/back-office-api.yaml, `ProfileDelta`.
import { z } from 'zod';
import { PROFILE_TAGS } from '../domain/enterprise-import';

export const PROFILES_FEED = 'profiles';
export const PROFILE_DELTA_SCHEMA = 'deqing.profile-delta/1';
/** Profiles a page carries at most. */
export const MAX_PROFILES_PER_PAGE = 2000;

const day = z.iso.date();
const TAGS = new Set<string>(PROFILE_TAGS);
const text = (max: number) => z.string().max(max);

export const wireProfileSchema = z.strictObject({
  uscc: z.string().regex(/^[0-9A-HJ-NP-RTUWXY]{18}$/),
  name: text(200).min(1),
  entityType: text(100),
  entityKind: z.enum(['company', 'individual', 'cooperative', 'branch']),
  foreignInvested: z.boolean(),
  status: z.enum(['operating', 'deregistering', 'deregistered']),
  registeredOn: day.nullable(),
  address: text(300),
  businessScope: text(4000),
  industry: text(100),
  size: z.enum(['micro', 'small', 'medium', 'large']).nullable(),
  registeredCapitalWan: z.number().min(0).nullable(),
  tags: z.array(z.string().refine((t) => TAGS.has(t), 'not a known tag')).max(40),
  /** Already masked (张*): the back office never sends a person's full name. */
  legalRepresentative: text(60),
  benefitsReceived: z
    .array(
      z.strictObject({
        measureNo: z.number().int().min(1).max(9999).nullable(),
        title: text(500),
        receivedOn: day,
      }),
    )
    .max(200),
  licences: z
    .array(z.strictObject({ name: text(100).min(1), number: text(60), validUntil: day.nullable() }))
    .max(100),
  town: text(40).nullable(),
  /** When the back office last changed it (ISO 8601). */
  updatedAt: z.iso.datetime({ offset: true }),
});
export type WireProfile = z.infer<typeof wireProfileSchema>;

export const profileDeltaSchema = z.strictObject({
  schema: z.literal(PROFILE_DELTA_SCHEMA),
  kioskId: z.string().max(12),
  fromVersion: z.number().int().min(0),
  toVersion: z.number().int().min(0),
  /** Profiles to store (new or changed). */
  profiles: z.array(wireProfileSchema).max(MAX_PROFILES_PER_PAGE),
  /** Codes to delete: withdrawn, or no longer in this kiosk's town. */
  removed: z.array(z.string().regex(/^[0-9A-HJ-NP-RTUWXY]{18}$/)).max(MAX_PROFILES_PER_PAGE),
  hasMore: z.boolean(),
});
export type ProfileDelta = z.infer<typeof profileDeltaSchema>;
