// Identification: a scanned or keyed text → who is at the screen, and how far to trust it.
//
//   static code (bare, licence URL, badge serial)  → public: a lookup key, never proof
//   signed dynamic 企业码, verified, first use       → enterprise (verified)
//   signed staff badge, verified, first use          → staff
//   receipt ticket                                   → handed back for tracking
//   anything else                                    → refused with a reason; nothing happens
// A staff member who is signed in stays staff while looking enterprises up for a walk-in.
// The session (electron/services/session.ts) is what every call's rights are checked against;
// the profile view for the session's audience is computed here, never in the renderer.
import type {
  EnterpriseView,
  IdentifyResult,
  IdentifyVia,
  RefusalReason,
  SessionView,
} from '../../domain/enterprise';
import { viewFor } from '../../domain/enterprise';
import { parseScanText, scanTextOf, type ScanParse } from '../../domain/scan-text';
import type { StaffRole, TokenClaims, TokenKind } from '../../domain/signed-token';
import type { KioskConfig } from '../config';
import type { EnterpriseService } from '../enterprises/enterprise-service';
import type { Logger } from '../logger';
import { dayIn } from '../../domain/enterprise-traits';
import type { SessionService } from '../session';
import type { KioskDatabase } from '../storage/database';
import { pruneNonces, recordNonce } from './nonce-repository';
import { verifyToken, type TrustedKeys } from './tokens';

export interface IdentityService {
  /** A text from the camera or a USB scanner. */
  identifyScan(text: string, via: IdentifyVia): Promise<IdentifyResult>;
  /** A code keyed in on the on-screen keypad: credit codes only. */
  identifyKeyed(code: string): Promise<IdentifyResult>;
  /** The session as the renderer may see it (profile per audience). */
  view(): SessionView;
  /** Ends the identification: back to nobody. */
  reset(): void;
}

export interface IdentityDeps {
  db: KioskDatabase;
  session: SessionService;
  enterprises: EnterpriseService;
  config: KioskConfig;
  log: Logger;
  now: () => Date;
  /**
   * Opens guide mode for a verified badge (audited); without it the session is only marked staff.
   */
  unlockStaff?: (staffId: string, role: StaffRole) => Promise<unknown>;
}

export function trustedKeysOf(config: KioskConfig): TrustedKeys {
  return { enterprise: config.identity.enterpriseKeys, staff: config.identity.staffKeys };
}

const CODE_KINDS = new Set(['bare-code', 'licence-url', 'url-code', 'badge-serial']);

export function createIdentityService(deps: IdentityDeps): IdentityService {
  const { db, session, enterprises, config, log, now } = deps;
  const keys = trustedKeysOf(config);

  function refuse(p: Pick<ScanParse, 'kind' | 'uscc'>, reason: RefusalReason): IdentifyResult {
    return { outcome: 'refused', reason, uscc: p.uscc, kind: p.kind };
  }

  function profileFor(uscc: string): EnterpriseView | null {
    const record = enterprises.find(uscc);
    if (!record) return null;
    const s = session.state();
    return viewFor(s.audience, record, s.enterprise?.verified ?? false, {
      today: dayIn(now(), config.hours.timeZone),
      staleAfterDays: config.enterprises.staleAfterDays,
    });
  }

  function identifyEnterprise(uscc: string, verified: boolean): IdentifyResult {
    const current = session.state();
    if (current.staff) {
      session.set({ ...current, audience: 'staff', enterprise: { uscc, verified } });
    } else {
      session.set({
        audience: verified ? 'enterprise' : 'public',
        staff: null,
        enterprise: { uscc, verified },
      });
    }
    const s = session.state();
    return {
      outcome: 'enterprise',
      audience: s.audience,
      uscc,
      verified: s.enterprise?.verified ?? false,
      profile: profileFor(uscc),
    };
  }

  /** Records the token's nonce durably; false if it was used before. */
  async function useOnce(kind: TokenKind, claims: TokenClaims): Promise<boolean | 'unavailable'> {
    const nowSeconds = Math.floor(now().getTime() / 1000);
    try {
      return await db.write((d) => {
        // expires_at already includes the skew: past it, the verifier refuses the token anyway.
        pruneNonces(d, nowSeconds);
        return recordNonce(d, {
          nonce: claims.nonce,
          kind,
          kid: claims.kid,
          expiresAt: claims.exp + config.identity.clockSkewSeconds,
          usedAt: now().toISOString(),
        });
      });
    } catch (e) {
      log.error('identity.nonce_store_failed', { error: (e as Error).message });
      return 'unavailable';
    }
  }

  async function fromParse(p: ScanParse, text: string, via: IdentifyVia): Promise<IdentifyResult> {
    if (CODE_KINDS.has(p.kind)) {
      if (!p.valid || p.uscc === null) return refuse(p, p.reason as RefusalReason);
      return identifyEnterprise(p.uscc, false);
    }
    if (p.kind === 'enterprise-token' || p.kind === 'staff-badge') {
      if (!p.valid) return refuse(p, 'malformed-token');
      const verdict = verifyToken(text, keys, {
        nowSeconds: Math.floor(now().getTime() / 1000),
        skewSeconds: config.identity.clockSkewSeconds,
        maxLifetimeSeconds: config.identity.maxTokenLifetimeSeconds,
      });
      if (!verdict.ok) {
        log.warn('identity.token_refused', {
          via,
          kind: verdict.kind,
          kid: verdict.claims?.kid ?? null,
          reason: verdict.reason,
        });
        return refuse(p, verdict.reason);
      }
      const once = await useOnce(verdict.kind, verdict.claims);
      if (once !== true) {
        const reason = once === 'unavailable' ? 'verification-unavailable' : 'replayed';
        log.warn('identity.token_refused', {
          via,
          kind: verdict.kind,
          kid: verdict.claims.kid,
          reason,
        });
        return refuse(p, reason);
      }
      const subject = verdict.claims.subject;
      if (subject.kind === 'enterprise') {
        log.info('identity.verified', { via, kind: 'enterprise', kid: verdict.claims.kid });
        return identifyEnterprise(subject.uscc, true);
      }
      const current = session.state();
      const staff = { id: subject.staffId, role: subject.role };
      if (deps.unlockStaff) await deps.unlockStaff(staff.id, staff.role);
      else session.set({ audience: 'staff', staff, enterprise: current.enterprise });
      log.info('identity.verified', {
        via,
        kind: 'staff',
        kid: verdict.claims.kid,
        staffId: staff.id,
        role: staff.role,
      });
      return { outcome: 'staff', audience: 'staff', staff };
    }
    if (p.kind === 'ticket') {
      return p.valid && p.ticket
        ? { outcome: 'ticket', ticket: p.ticket.ticket, code: p.trackCode ?? null }
        : refuse(p, 'bad-ticket');
    }
    return refuse(p, p.reason as RefusalReason);
  }

  return {
    async identifyScan(raw, via) {
      // Trimmed once: the parser and the verifier judge the same text.
      const text = scanTextOf(raw);
      const p = parseScanText(text);
      const result = await fromParse(p, text, via);
      log.info('identity.scan', {
        via,
        kind: p.kind,
        outcome: result.outcome,
        reason: result.outcome === 'refused' ? result.reason : null,
      });
      return result;
    },
    async identifyKeyed(raw) {
      const code = scanTextOf(raw);
      const p = parseScanText(code);
      // The keypad types credit codes only; anything else is not a code.
      const result =
        p.kind === 'bare-code'
          ? await fromParse(p, code, 'keypad')
          : refuse({ kind: p.kind, uscc: null }, 'not-understood');
      log.info('identity.scan', {
        via: 'keypad',
        kind: p.kind,
        outcome: result.outcome,
        reason: result.outcome === 'refused' ? result.reason : null,
      });
      return result;
    },
    view() {
      const s = session.state();
      return {
        audience: s.audience,
        uscc: s.enterprise?.uscc ?? null,
        verified: s.enterprise?.verified ?? false,
        staff: s.staff ? { ...s.staff } : null,
        profile: s.enterprise ? profileFor(s.enterprise.uscc) : null,
      };
    },
    reset() {
      session.reset();
    },
  };
}
