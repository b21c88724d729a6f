// Enterprise profiles and what each audience may see of them. Node-free.
//
// Three audiences share one kiosk (source document: "企业扫码即可进入…办事流程、社会公众扫码可获取
// 企业公开信息、部门扫码可进入…服务和监管"):
//   public      a static code was scanned: it is only a lookup key, never proof of identity —
//               public registration facts only;
//   enterprise  a signed dynamic 企业码 was verified: the full profile;
//   staff       a signed staff badge (or the guide PIN): the full profile of the enterprise served.
// The legal representative is stored but only ever leaves the services masked (张*), and only to
// the verified audiences. The services decide what is sent; the renderer shows what it gets.
import type { StaffRole } from './signed-token';

export type Audience = 'anonymous' | 'public' | 'enterprise' | 'staff';

export type EntityKind = 'company' | 'individual' | 'cooperative' | 'branch';
export type EnterpriseStatus = 'operating' | 'deregistering' | 'deregistered';
export type EnterpriseSize = 'micro' | 'small' | 'medium' | 'large';

/** A 免申即享 measure the enterprise has already received (the policy issue reads this). */
export interface BenefitReceived {
  /** Measure number (序号) in 附件3 of the source document, when the benefit is one of them. */
  measureNo: number | null;
  title: string;
  /** YYYY-MM-DD */
  receivedOn: string;
}

/** A licence or permit (证照) the enterprise holds, with its expiry. */
export interface Licence {
  /** 名称, e.g. 食品经营许可证. */
  name: string;
  /** 编号; may be empty when the source gives none. */
  number: string;
  /** 有效期至, YYYY-MM-DD; null for a licence without an end date (长期). */
  validUntil: string | null;
}

/** Where a stored profile came from. */
export type ProfileSource = 'demo' | 'import' | 'back-office';

/** A stored profile, as the repository holds it. Never sent to the renderer as is. */
export interface EnterpriseRecord {
  uscc: string;
  name: string;
  /** Entity type as registered, e.g. 有限责任公司（自然人投资或控股）. */
  entityType: string;
  entityKind: EntityKind;
  foreignInvested: boolean;
  status: EnterpriseStatus;
  /** YYYY-MM-DD; null when the source does not give it. */
  registeredOn: string | null;
  address: string;
  businessScope: string;
  industry: string;
  /** null when the source does not give it (never guessed). */
  size: EnterpriseSize | null;
  /** 注册资本, 万元; null when not applicable (individual business). */
  registeredCapitalWan: number | null;
  tags: string[];
  legalRepresentative: string;
  benefitsReceived: BenefitReceived[];
  licences: Licence[];
  /** The town (镇/街道) the enterprise belongs to, when known: the back office may send a kiosk only its town's. */
  town: string | null;
  source: ProfileSource;
  /** Fictional demonstration data (config `demoData`). */
  demo: boolean;
  /** When the profile's content last changed (ISO 8601). */
  updatedAt: string;
}

/** Public registration facts: what anyone who scans a static code may see. */
export interface PublicFacts {
  uscc: string;
  name: string;
  entityType: string;
  status: EnterpriseStatus;
  registeredOn: string | null;
  address: string;
  /** Business scope, summarized (first sentence, at most 80 characters). */
  businessScopeSummary: string;
  demo: boolean;
}

/** What the verified audiences (enterprise, staff) see besides the public facts. */
export interface ProfileDetail {
  entityKind: EntityKind;
  foreignInvested: boolean;
  industry: string;
  size: EnterpriseSize | null;
  registeredCapitalWan: number | null;
  tags: string[];
  /** Masked: 张*, 欧阳**. */
  legalRepresentativeMasked: string;
  benefitsReceived: BenefitReceived[];
  /** Every licence, soonest expiry first, each with its reminder state for today. */
  licences: LicenceView[];
  /** When the profile's content last changed (ISO 8601). */
  updatedAt: string;
  /** Set when the profile is older than the kiosk's configured age: say when it was updated. */
  stale: boolean;
}

/** Licences expiring within this many days are flagged (证照到期提醒). */
export const LICENCE_REMINDER_DAYS = 60;

export interface LicenceView extends Licence {
  /** Days from today to the expiry (negative: expired); null without an end date. */
  daysLeft: number | null;
  state: 'valid' | 'expiring' | 'expired' | 'no-end-date';
}

/** Whole days from `from` to `to` (both YYYY-MM-DD). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Each licence's reminder state on `today` (YYYY-MM-DD), soonest expiry first. */
export function licenceViews(licences: readonly Licence[], today: string): LicenceView[] {
  return licences
    .map((l): LicenceView => {
      if (l.validUntil === null) return { ...l, daysLeft: null, state: 'no-end-date' };
      const daysLeft = daysBetween(today, l.validUntil);
      const state =
        daysLeft < 0 ? 'expired' : daysLeft <= LICENCE_REMINDER_DAYS ? 'expiring' : 'valid';
      return { ...l, daysLeft, state };
    })
    .sort((a, b) => (a.daysLeft ?? Infinity) - (b.daysLeft ?? Infinity));
}

/** What the profile view needs besides the record: the day, and how old a profile may get. */
export interface ViewContext {
  /** YYYY-MM-DD in the center's time zone. */
  today: string;
  /** A profile whose content is older than this many days says when it was last updated. */
  staleAfterDays: number;
}

export type EnterpriseView =
  | { level: 'public'; facts: PublicFacts }
  | { level: 'full'; facts: PublicFacts; detail: ProfileDetail };

/** Masks a person's name for screens and paper: the first character, then one * per character. */
export function maskPersonName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length === 0) return '';
  // Latin names ("John Smith"): keep the first letter only.
  return chars[0] + '*'.repeat(Math.max(1, Math.min(chars.length - 1, 3)));
}

/**
 * A business scope as a short line: without the standard legal trailer (除依法须经批准的项目外…),
 * whole items (separated by ；) up to `max` characters, then 等.
 */
export function summarizeScope(scope: string, max = 80): string {
  const text = scope.replace(/[（(]除依法须经批准的项目外[^）)]*[）)]/g, '').trim();
  const items = text
    .split(/[；;]/)
    .map((s) => s.trim())
    .filter(Boolean);
  let out = '';
  for (const item of items) {
    const next = out ? `${out}；${item}` : item;
    if ([...next].length > max)
      return out ? `${out}等` : [...item].slice(0, max - 1).join('') + '…';
    out = next;
  }
  return out;
}

export function publicFacts(r: EnterpriseRecord): PublicFacts {
  return {
    uscc: r.uscc,
    name: r.name,
    entityType: r.entityType,
    status: r.status,
    registeredOn: r.registeredOn,
    address: r.address,
    businessScopeSummary: summarizeScope(r.businessScope),
    demo: r.demo,
  };
}

/** The view of a record for an audience; the only way a profile leaves the services. */
export function viewFor(
  audience: Audience,
  r: EnterpriseRecord,
  verified: boolean,
  ctx: ViewContext,
): EnterpriseView {
  const facts = publicFacts(r);
  const full = audience === 'staff' || (audience === 'enterprise' && verified);
  if (!full) return { level: 'public', facts };
  return {
    level: 'full',
    facts,
    detail: {
      entityKind: r.entityKind,
      foreignInvested: r.foreignInvested,
      industry: r.industry,
      size: r.size,
      registeredCapitalWan: r.registeredCapitalWan,
      tags: [...r.tags],
      legalRepresentativeMasked: maskPersonName(r.legalRepresentative),
      benefitsReceived: r.benefitsReceived.map((b) => ({ ...b })),
      licences: licenceViews(r.licences, ctx.today),
      updatedAt: r.updatedAt,
      // The demo set's date is a version stamp, not the age of real data.
      stale: !r.demo && daysBetween(r.updatedAt.slice(0, 10), ctx.today) > ctx.staleAfterDays,
    },
  };
}

/** A short listing line (CLI, guide mode). */
export interface EnterpriseListItem {
  uscc: string;
  name: string;
  entityType: string;
  status: EnterpriseStatus;
  tags: string[];
  demo: boolean;
}

// --- identification ----------------------------------------------------------------------------

export type IdentifyVia = 'camera' | 'usb-scanner' | 'keypad';

/** Why a scanned text or token was not accepted. */
export type RefusalReason =
  // the text itself
  | 'not-understood'
  | 'unsupported-url'
  | 'too-long'
  | 'control-chars'
  | 'empty'
  // a credit code that fails its checks (ask to verify, offer keyed entry)
  | 'bad-char'
  | 'bad-length'
  | 'old-registration-number'
  | 'org-check-failed'
  | 'check-char-failed'
  | 'opaque-licence-url'
  | 'no-code-in-url'
  // a signed token
  | 'malformed-token'
  | 'unknown-key'
  | 'bad-signature'
  | 'expired'
  | 'not-yet-valid'
  | 'bad-lifetime'
  | 'replayed'
  | 'verification-unavailable'
  // a ticket
  | 'bad-ticket';

export interface StaffIdentity {
  id: string;
  role: StaffRole;
}

/** The outcome of one identification attempt, as the renderer receives it. */
export type IdentifyResult =
  | {
      outcome: 'enterprise';
      audience: Audience;
      uscc: string;
      /** True when a signed code proved the identity (or staff looked it up). */
      verified: boolean;
      /** null: a valid code, but this kiosk has no file for the enterprise. */
      profile: EnterpriseView | null;
    }
  | { outcome: 'staff'; audience: 'staff'; staff: StaffIdentity }
  /** A receipt: its ticket, and its tracking code when the receipt QR carried one. */
  | { outcome: 'ticket'; ticket: string; code: string | null }
  | {
      outcome: 'refused';
      reason: RefusalReason;
      /** The code read, when there was one (shown so the user can compare it with the paper). */
      uscc: string | null;
      /** What the text was taken for. */
      kind: string;
    };

export interface SessionView {
  audience: Audience;
  uscc: string | null;
  verified: boolean;
  staff: StaffIdentity | null;
  profile: EnterpriseView | null;
}
